"""The review TUI as a whole (tui/app.py): tabs, review keys, search, help, palette, sizes,
the pipeline worker, and `attrib tui` itself. Driven with Textual's Pilot."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, Input, OptionList, Select, Static, TabbedContent

from attrib.records.review import ReviewStore, VERDICT_SYMBOL
from attrib.store.store import Store
from conftest import SEED
from tuikit import running, screen_text, settle
from tui.app import AttribApp
from tui.articles_view import ArticleText
from tui.claim_panel import ChainTree
from tui.correct_screen import CorrectScreen
from tui.export_screen import ExportScreen
from tui.help_screen import HelpScreen
from tui.messages import OpenClaim
from tui.progress_panel import PipelineProgress
from tui.search_screen import SearchScreen

KATZ = "ANI reported, citing Al Jazeera, that Katz said"



@pytest.fixture
def db(seed_db_copy: Path) -> Path:
    """A copy of the seed database this test may write verdicts to."""
    return seed_db_copy


def claim_id(db: Path, prefix: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT claim_id FROM claims WHERE text LIKE ?", [prefix + "%"]).fetchone()[0]
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def latest(db: Path, cid: str) -> dict | None:
    store = Store(db)
    try:
        return ReviewStore(store).latest(cid)
    finally:
        store.close()




def make_app(db: Path, **kw) -> AttribApp:
    return AttribApp(db, refresh_seconds=None, **kw)


async def open_katz(pilot, db: Path) -> str:
    cid = claim_id(db, KATZ)
    pilot.app.post_message(OpenClaim(cid))
    await settle(pilot)
    return cid


# -- starting, views -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_starts_on_articles_focused_with_a_claim_selected(db):
    app = make_app(db)
    async with running(app):
        assert app.query_one(TabbedContent).active == "articles"
        text = app.query_one(ArticleText)
        assert app.focused is text
        assert text.highlighted is not None
        assert app.current_claim_id() == text.get_option_at_index(text.highlighted).id
        assert f"4 articles · {count(db, 'claims')} claims · 0 reviewed" in app.sub_title


@pytest.mark.anyio
async def test_keys_1_to_4_switch_views_and_focus_their_list(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        for key, view_id in [("2", "queue"), ("3", "compare"), ("4", "outlets"), ("1", "articles")]:
            await pilot.press(key)
            await settle(pilot)
            assert app.query_one(TabbedContent).active == view_id
            view = app.views[view_id]
            assert app.focused is not None and view in app.focused.ancestors_with_self, (view_id, app.focused)
        await pilot.press("2")
        await settle(pilot)
        assert app.current_claim_id() is not None  # the queue's first row, ready for y/n/e/x/u


# -- review keys --------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("key,verdict", [("y", "confirmed"), ("n", "rejected"), ("x", "not_a_claim")])
async def test_review_keys_record_the_verdict_and_show_it(db, key, verdict):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        cid = await open_katz(pilot, db)
        assert app.current_claim_id() == cid
        await pilot.press(key)
        await settle(pilot)
        assert latest(db, cid)["verdict"] == verdict
        assert VERDICT_SYMBOL[verdict] in screen_text(app)
        claim = next(c for c in app.views["articles"].claims if c["claim_id"] == cid)
        assert claim["review"]["verdict"] == verdict
        assert "1 reviewed" in app.sub_title


@pytest.mark.anyio
async def test_correct_form_stores_source_name_and_type(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        cid = await open_katz(pilot, db)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CorrectScreen)
        name = screen.query_one("#correct-name", Input)
        assert name.value == "Israel Katz"  # prefilled from the chain
        name.value = "Al Jazeera"
        screen.query_one("#correct-type", Select).value = "media"
        screen.query_one("#correct-note", Input).value = "Katz spoke to Channel 13"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = latest(db, cid)
        assert (row["verdict"], row["source_name"], row["source_type"], row["note"]) == \
            ("corrected", "Al Jazeera", "media", "Katz spoke to Channel 13")
        assert VERDICT_SYMBOL["corrected"] in screen_text(app)


@pytest.mark.anyio
async def test_correct_needs_a_name_and_escape_cancels(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        cid = await open_katz(pilot, db)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#correct-name", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CorrectScreen)  # still open, says a name is needed
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CorrectScreen)
        assert latest(db, cid) is None


@pytest.mark.anyio
async def test_undo_withdraws_the_latest_verdict(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        cid = await open_katz(pilot, db)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert latest(db, cid)["verdict"] == "rejected"
        await pilot.press("u")
        await settle(pilot)
        assert latest(db, cid)["verdict"] == "confirmed"
        await pilot.press("u")
        await settle(pilot)
        assert latest(db, cid) is None
        await pilot.press("u")  # nothing left: no row is written
        await settle(pilot)
    conn = sqlite3.connect(db)
    verdicts = [r[0] for r in conn.execute("SELECT verdict FROM reviews WHERE claim_id = ? ORDER BY review_id", [cid])]
    conn.close()
    assert verdicts == ["confirmed", "rejected", "undo", "undo"]


@pytest.mark.anyio
async def test_verdicts_survive_a_restart(db):
    cid = claim_id(db, KATZ)
    async with running(make_app(db), size=(120, 40)) as pilot:
        await open_katz(pilot, db)
        await pilot.press("y")
        await settle(pilot)
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await open_katz(pilot, db)
        assert "✔ confirmed" in screen_text(app)
        assert app.views["articles"].claims and latest(db, cid)["verdict"] == "confirmed"


@pytest.mark.anyio
async def test_review_keys_act_on_the_queue_row_too(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        cid = app.current_claim_id()
        await pilot.press("y")
        await settle(pilot)
        assert latest(db, cid)["verdict"] == "confirmed"


@pytest.mark.anyio
async def test_changes_from_another_process_show_on_the_periodic_check(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        cid = await open_katz(pilot, db)

        async def recorded_elsewhere(verdict: str) -> str:
            other = ReviewStore(Store(db))  # as if `attrib` in another process wrote
            other.record(cid, verdict)
            other.store.close()
            app.check_for_changes()
            await settle(pilot)
            claim = next(c for c in app.views["articles"].claims if c["claim_id"] == cid)
            return claim["review"]["verdict"]

        assert await recorded_elsewhere("rejected") == "rejected"
        # A changed verdict leaves every count as it was; it must show all the same.
        assert await recorded_elsewhere("confirmed") == "confirmed"


# -- search, OpenClaim -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_search_finds_declined_and_opens_it(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"declined")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count == 1
        await pilot.press("enter")  # to the results
        await pilot.press("enter")  # open the first
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        cid = claim_id(db, "India declined to sign the joint declaration")
        assert app.query_one(TabbedContent).active == "articles"
        assert app.current_claim_id() == cid
        assert app.views["articles"].article["outlet"] == "ANI"
        assert isinstance(app.focused, ArticleText)


@pytest.mark.anyio
async def test_open_claim_from_another_view_switches_to_articles(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        cid = app.current_claim_id()
        await pilot.press("enter")  # the queue posts OpenClaim
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "articles"
        assert app.current_claim_id() == cid


# -- help, palette -----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_help_lists_every_binding(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        described = {r[2] for r in rows}
        ids = {r[3] for r in rows}
        assert {"confirm", "reject", "correct", "not a claim", "undo", "search"} <= described
        assert {"review.confirm", "view.articles", "articles.next_claim", "app.quit"} <= ids
        assert app.screen.query_one(DataTable).row_count == len(rows)
        assert "confirm" in screen_text(app)
        await pilot.press("y")  # review keys do nothing behind a modal screen
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert latest(db, app.current_claim_id()) is None


@pytest.mark.anyio
async def test_help_follows_a_remapped_key(db, monkeypatch):
    monkeypatch.setenv("ATTRIB_KEYMAP", "review.confirm=c")
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        row = next(r for r in app.screen.rows if r[3] == "review.confirm")
        assert row[1] == "c"
        await pilot.press("escape")
        cid = app.current_claim_id()
        await pilot.press("c")
        await settle(pilot)
        assert latest(db, cid)["verdict"] == "confirmed"


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    """The user's downloads and data directories (platformdirs), and a working directory
    elsewhere that an export must not write to."""
    import platformdirs

    dirs = {"downloads": tmp_path / "Downloads", "data": tmp_path / "data" / "attrib", "cwd": tmp_path / "cwd"}
    dirs["downloads"].mkdir()
    dirs["cwd"].mkdir()
    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(dirs["downloads"]))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(dirs["data"]))
    monkeypatch.chdir(dirs["cwd"])
    return dirs


async def palette_export(pilot) -> ExportScreen:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"export current")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


@pytest.mark.anyio
async def test_palette_export_asks_where_offering_the_downloads_folder(db, user_dirs):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        screen = await palette_export(pilot)
        offered = Path(screen.query_one("#export-path", Input).value)
        assert offered.parent == user_dirs["downloads"] and offered.name.startswith("attrib-articles-")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert any(str(offered) in str(n.message) for n in app._notifications)
    assert list(user_dirs["cwd"].iterdir()) == []
    rows = list(csv.DictReader(offered.open(encoding="utf-8")))
    assert len(rows) == len(app.views["articles"].claims) > 0
    assert {"claim_id", "status", "claim", "verdict"} <= set(rows[0])


@pytest.mark.anyio
async def test_palette_export_without_downloads_offers_the_data_dir_and_takes_a_name(db, user_dirs):
    user_dirs["downloads"].rmdir()
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = await palette_export(pilot)
        path = screen.query_one("#export-path", Input)
        assert Path(path.value).parent == user_dirs["data"] and "attrib-queue-" in path.value
        path.value = "mine.csv"  # a bare name goes beside the offered file, not in the cwd
        await pilot.press("enter")
        await settle(pilot)
        written = user_dirs["data"] / "mine.csv"
        assert written.is_file() and len(list(csv.DictReader(written.open(encoding="utf-8")))) == len(
            app.views["queue"].rows)
        written.write_text("keep me", encoding="utf-8")
        screen = await palette_export(pilot)
        screen.query_one("#export-path", Input).value = str(written)
        await pilot.press("enter")  # the file exists: asked once more before it is replaced
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and written.read_text(encoding="utf-8") == "keep me"
        assert "exists" in str(app.screen.query_one("#export-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen) and written.read_text(encoding="utf-8") == "keep me"
    assert list(user_dirs["cwd"].iterdir()) == []


# -- sizes, snapshot --------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_every_view_renders_small_and_large(db, size):
    app = make_app(db)
    async with running(app, size=size) as pilot:
        await open_katz(pilot, db)
        text = screen_text(app)
        assert "Israel Katz" in text and "Al Jazeera" in text and "India.com" in text
        for key in "2341":
            await pilot.press(key)
            await settle(pilot)
            assert screen_text(app).strip()
        narrow = size[0] < 110
        assert ("Time of India" in screen_text(app)) is not narrow  # the outlets list: hidden when narrow
        await pilot.press("t")  # ... and `t` toggles it
        await settle(pilot)
        assert ("Time of India" in screen_text(app)) is narrow
        chain = app.query_one(ChainTree)
        names = []
        node = chain.root
        while node is not None:
            names.append(node.data.name)
            node = node.children[0] if node.children else None
        assert names == ["Israel Katz", "Al Jazeera", "ANI", "India.com"]


def test_articles_view_snapshot_with_the_katz_chain(snap_compare, seed_db):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await open_katz(pilot, seed_db)

    assert snap_compare(make_app(seed_db), terminal_size=(120, 40), run_before=run_before)


# -- the pipeline worker, the CLI -----------------------------------------------------------------


@pytest.mark.anyio
async def test_paths_are_analyzed_in_a_worker_with_progress_shown(tmp_path, nlp):
    app = make_app(tmp_path / "new.db", paths=[str(SEED)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one(PipelineProgress).display  # visible while it runs
        await pilot.press("2")  # the UI answers meanwhile
        assert app.query_one(TabbedContent).active == "queue"
        await settle(pilot)
        assert not app.query_one(PipelineProgress).display
        assert app.review.counts()["articles"] == 4
        await pilot.press("1")
        await settle(pilot)
        assert app.views["articles"].claims


def test_empty_database_without_paths_analyzes_the_corpus_dir(tmp_path):
    app = make_app(tmp_path / "new.db", corpus=SEED.parent)
    assert app.paths == [str(SEED.parent)]
    assert make_app(tmp_path / "new2.db", corpus=tmp_path / "missing").paths == []


def test_attrib_tui_without_a_terminal_says_so(tmp_path):
    from attrib.cli.main import cli

    res = CliRunner().invoke(cli, ["tui", "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1 and res.stdout == ""
    assert "needs a terminal" in res.stderr and len(res.stderr.strip().splitlines()) == 1


@pytest.mark.anyio
async def test_a_view_whose_read_fails_says_so_and_the_app_keeps_running(db, monkeypatch):
    """A read that fails in a worker (another process holding the database, a file gone)
    is a notification, in every view, not the end of the session."""
    def locked(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ReviewStore, "outlet_profiles", locked)
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert app.is_running
        assert any("database is locked" in str(n.message) for n in app._notifications)
        await pilot.press("1")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "articles"


# -- issue 15: keys that move, focus that comes back, help, footer, keymap, titles ----------


@pytest.mark.anyio
async def test_j_and_k_move_the_cursor_in_needs_a_source(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        view = app.views["queue"]
        table = view.main_table()
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert table.cursor_row == 2 and app.current_claim_id() == view.rows[2]["claim_id"]
        await pilot.press("k")
        await pilot.pause()
        assert table.cursor_row == 1 and app.current_claim_id() == view.rows[1]["claim_id"]


@pytest.mark.anyio
async def test_the_list_has_the_focus_again_after_a_filter_dropdown(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        view = app.views["queue"]
        table = view.main_table()
        outlet = view.query_one("#queue-outlet", Select)
        await pilot.press("o")
        await pilot.pause()
        assert outlet.expanded
        await pilot.press("escape")  # closes the dropdown, and the list is focused again
        await settle(pilot)
        assert not outlet.expanded and app.focused is table
        await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 1

        status = view.query_one("#queue-status", Select)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "enter")  # a choice made: filtered, and back on the list
        await settle(pilot)
        assert status.value == "unsourced" and {r["status"] for r in view.rows} == {"unsourced"}
        assert app.focused is table

        view.query_one("#queue-flag", Select).focus()  # reached with Tab, dropdown closed
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is table


@pytest.mark.anyio
async def test_help_lists_no_binding_twice(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("3")  # the compare view with a cluster's panels mounted
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        rows = app.screen.rows
        sections = {r[0] for r in rows}
        assert {"everywhere", "Articles", "Needs a source", "Compare"} <= sections
        for section in sections:
            mine = [r for r in rows if r[0] == section]
            keys = [k for r in mine for k in r[1].split()]
            described = [r[2] for r in mine]
            assert len(keys) == len(set(keys)), (section, keys)
            assert len(described) == len(set(described)), (section, described)
        compare = [r[1:3] for r in rows if r[0] == "Compare"]
        assert compare.count(("←", "Previous outlet")) == 1 and compare.count(("→", "Next outlet")) == 1
        text = screen_text(app)
        assert text.count("Previous outlet") == 1 and text.count("Next claim") == 1


@pytest.mark.anyio
async def test_footer_at_80x24_shows_whole_keys_beside_the_palette_key(db):
    app = make_app(db)
    async with running(app, size=(80, 24)) as pilot:
        footer = screen_text(app).splitlines()[-1]
        assert "palettep" not in footer and footer.rstrip().endswith("^p palette"), footer
        for key in ("y confirm", "n reject", "e correct", "x not a claim", "u undo", "? help"):
            assert key in footer, footer
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        wide = screen_text(app).splitlines()[-1]
        assert "q quit" in wide and "t Outlets list" in wide and wide.rstrip().endswith("^p palette"), wide


@pytest.mark.anyio
async def test_tab_into_the_claim_panel_and_j_k_still_move_from_claim_to_claim(db):
    from tui.claim_panel import ClaimPanel

    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        await open_katz(pilot, db)
        view = app.views["articles"]
        ids = [c["claim_id"] for c in view.claims]
        start = ids.index(app.current_claim_id())
        assert 0 < start < len(ids) - 1
        await pilot.press("tab")
        await pilot.pause()
        panel = app.query_one(ClaimPanel)
        assert app.focused is panel
        await pilot.press("j")
        await settle(pilot)
        assert app.focused is panel and app.current_claim_id() == ids[start + 1]
        assert "Claim" in (panel.border_title or "") and view.claim_id == ids[start + 1]
        await pilot.press("k", "k")
        await settle(pilot)
        assert app.current_claim_id() == ids[start - 1]
        await pilot.press("y")  # review keys act on it from the panel too
        await settle(pilot)
        assert latest(db, ids[start - 1])["verdict"] == "confirmed"
        await pilot.press("tab")  # Tab goes on: the panel does not trap the focus
        await pilot.pause()
        assert app.focused is not panel and not isinstance(app.focused, ChainTree)


@pytest.mark.anyio
async def test_unknown_keymap_ids_are_named_in_a_notification(db, monkeypatch):
    monkeypatch.setenv("ATTRIB_KEYMAP", "review.confrim=c; app.search=ctrl+f; nonsense")
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        messages = [str(n.message) for n in app._notifications]
        assert any("'review.confrim'" in m and "'review.confirm'" in m for m in messages), messages
        assert any("'nonsense'" in m for m in messages), messages
        assert not any("app.search" in m for m in messages)  # a known id is applied, not named
        await pilot.press("question_mark")
        await settle(pilot)
        assert next(r for r in app.screen.rows if r[3] == "app.search")[1] == "^f"
        assert next(r for r in app.screen.rows if r[3] == "review.confirm")[1] == "y"  # left as it was


LONG_TITLE = ("Harbour board delays its vote on the new ferry terminal after residents of the eastern "
              "quay ask for a second survey of the tidal flats and the old sea wall")


@pytest.mark.anyio
async def test_long_titles_show_whole_beside_the_article_tree_and_in_its_tooltip(db):
    from tui.outlet_tree import OutletTree

    conn = sqlite3.connect(db)
    with conn:
        article_id = conn.execute("SELECT article_id FROM articles WHERE outlet = 'India.com'").fetchone()[0]
        conn.execute("UPDATE articles SET title = ? WHERE article_id = ?", [LONG_TITLE, article_id])
    conn.close()
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        tree = app.query_one(OutletTree)
        leaf = next(n for o in tree.root.children for n in o.children if n.data == article_id)
        label = leaf.label.plain
        assert label.split()[0].isdigit() and label.endswith("…")  # its counts first, the title cut to fit
        assert leaf.label.cell_len <= tree.scrollable_content_region.width
        await pilot.hover(OutletTree, offset=(6, 1 + leaf.line))  # 1: the tree's border
        await pilot.pause()
        assert tree.tooltip == LONG_TITLE

        tree.focus()
        tree.move_cursor(leaf)  # highlighting an article opens it: the header shows its title whole
        await settle(pilot)
        assert app.views["articles"].article_id == article_id
        header = app.query_one("#article-header")
        region = header.region
        lines = screen_text(app).splitlines()[region.y:region.y + region.height]
        shown = " ".join(" ".join(line[region.x:region.right].split()) for line in lines)
        assert LONG_TITLE in shown, shown


@pytest.mark.anyio
async def test_view_keys_switch_views_wherever_the_focus_is(db):
    """A focused widget that a switch hides hands the focus to a sibling in its own tab
    (the claim panel to the outlets tree, one compare panel to the next, a filter to the
    next filter): the tab must not switch back to it."""
    from tui.claim_panel import ClaimPanel
    from tui.compare_view import CoveragePanel
    from tui.outlet_tree import OutletTree

    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        tabs = app.query_one(TabbedContent)
        for view_id, focus, key, target in [
            ("articles", lambda: app.query_one(ClaimPanel), "2", "queue"),
            ("articles", lambda: app.query_one(OutletTree), "3", "compare"),
            ("queue", lambda: app.query_one("#queue-status", Select), "4", "outlets"),
            ("compare", lambda: app.query(CoveragePanel).first(), "1", "articles"),
        ]:
            await pilot.press(str(list(app.VIEW_TITLES).index(view_id) + 1))
            await settle(pilot)
            focus().focus()
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert tabs.active == target, (view_id, key)
            assert app.focused is not None and app.views[target] in app.focused.ancestors_with_self


@pytest.mark.anyio
async def test_the_article_header_counts_claims_as_reviewed(db):
    app = make_app(db)
    async with running(app, size=(120, 40)) as pilot:
        cid = await open_katz(pilot, db)
        view = app.views["articles"]
        sourced = sum(1 for c in view.claims if c["status"] == "sourced")
        assert next(c for c in view.claims if c["claim_id"] == cid)["status"] == "sourced"
        header = app.query_one("#article-header")
        assert f"✓{sourced} " in str(header.render())
        await pilot.press("n")  # rejected: its status is wrong, so it no longer counts as sourced
        await settle(pilot)
        line = str(header.render()).splitlines()[0]
        assert f"✓{sourced - 1} " in line and "✘1" in line and "1 reviewed" in line
