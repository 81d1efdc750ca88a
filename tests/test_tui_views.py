"""The review TUI's views (queue, compare, outlets), each mounted alone in a small host app."""
from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Select, Static

from attrib.records.review import ReviewStore
from attrib.store.store import Store
from tui.compare_view import EMPTY, CompareView, CoveragePanel
from tui.messages import ClaimHighlighted, OpenClaim
from tui.outlets_view import OutletsView, share_bar, split_width
from tui.queue_view import QueueView
from tuikit import running, screen_text, settle

SIZES = [(80, 24), (200, 60)]



class _Host(App):
    def __init__(self, view_cls, db: Path) -> None:
        super().__init__()
        self.view_cls, self.db = view_cls, db
        self.opened: list[OpenClaim] = []
        self.highlighted: list[str | None] = []
        self.review: ReviewStore | None = None

    def compose(self) -> ComposeResult:
        self.review = ReviewStore(Store(self.db))
        yield self.view_cls(self.review)

    def on_open_claim(self, message: OpenClaim) -> None:
        self.opened.append(message)

    def on_claim_highlighted(self, message: ClaimHighlighted) -> None:
        self.highlighted.append(message.claim_id)




def cell_text(table: DataTable, row: int, col: int) -> str:
    value = table.get_cell_at((row, col))
    return value.plain if isinstance(value, Text) else str(value)


# -- the queue -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_queue_lists_flagged_claims_by_score_and_opens_one(seed_db):
    app = _Host(QueueView, seed_db)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(QueueView)
        table = view.query_one(DataTable)
        assert 30 <= len(view.rows) <= 50 and table.row_count == len(view.rows)
        scores = [r["checkworthy"] for r in view.rows]
        assert scores == sorted(scores, reverse=True)
        assert f"{len(view.rows)} claims need a source · 0 reviewed" in str(view.query_one("#queue-count", Static).render())
        assert {r["status"] for r in view.rows} <= {"unsourced", "anonymous", "vague"}
        assert cell_text(table, 0, 1).split()[0] in "✓?~✗"

        view.focus_main()
        await pilot.pause()
        assert app.focused is table and table.cursor_row == 0
        assert view.current_claim_id() == view.rows[0]["claim_id"]
        await pilot.press("down")
        await pilot.pause()
        assert view.current_claim_id() == view.rows[1]["claim_id"] == app.highlighted[-1]
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened and app.opened[-1].claim_id == view.rows[1]["claim_id"]
        assert app.opened[-1].article_id == view.rows[1]["article_id"]

        rows = view.export_rows()
        assert len(rows) == len(view.rows) and {"score", "status", "flags", "outlet", "claim", "verdict"} <= set(rows[0])


@pytest.mark.anyio
async def test_queue_filters_by_outlet_status_and_flag(seed_db):
    app = _Host(QueueView, seed_db)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(QueueView)
        total = len(view.rows)
        outlet, status, flag = (view.query_one(f"#queue-{k}", Select) for k in ("outlet", "status", "flag"))
        assert ("ANI", "ANI") in [(str(p), v) for p, v in outlet._options]

        flag.value = "attribution_dropped"
        await settle(pilot)
        assert [(r["outlet"], "attribution_dropped" in r["flags"]) for r in view.rows] == [("Indian Express", True)]
        assert view.query_one(DataTable).row_count == 1
        assert "filtered from" in str(view.query_one("#queue-count", Static).render())

        flag.value = "*"
        outlet.value = "ANI"
        await settle(pilot)
        assert view.rows and {r["outlet"] for r in view.rows} == {"ANI"}

        status.value = "anonymous"
        await settle(pilot)
        assert view.rows and {(r["outlet"], r["status"]) for r in view.rows} == {("ANI", "anonymous")}

        view.action_clear_filters()
        await settle(pilot)
        assert len(view.rows) == total


@pytest.mark.anyio
async def test_queue_reload_drops_not_a_claim_and_shows_verdicts(seed_db_copy):
    app = _Host(QueueView, seed_db_copy)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(QueueView)
        total = len(view.rows)
        first, second = view.rows[0]["claim_id"], view.rows[1]["claim_id"]
        app.review.record(first, "not_a_claim")
        app.review.record(second, "confirmed")
        view.reload()
        await settle(pilot)
        ids = [r["claim_id"] for r in view.rows]
        assert first not in ids and second in ids and len(ids) == total - 1
        assert cell_text(view.query_one(DataTable), ids.index(second), 5) == "✔"
        assert "· 1 reviewed" in str(view.query_one("#queue-count", Static).render())


# -- compare -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_compare_grid_and_side_by_side(seed_db):
    app = _Host(CompareView, seed_db)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(CompareView)
        grid = view.query_one("#compare-grid", DataTable)
        labels = [str(c.label) for c in grid.ordered_columns]
        assert "ANI" in labels and "Indian Express" in labels
        assert grid.row_count >= 1
        row = {labels[i]: cell_text(grid, 0, i) for i in range(len(labels))}
        assert row["ANI"] == "? anonymous" and row["Indian Express"] == "✗ unsourced"
        assert "dropped" in row["⚑"]

        panels = list(view.query(CoveragePanel))
        assert [p.cov["outlet"] for p in panels] == ["ANI", "Indian Express"]
        text = screen_text(app)
        assert "attribution_dropped" in text and "government sources → ANI" in text
        assert "Sources: none named" in text

        view.focus_main()
        await pilot.pause()
        ani, ie = (p.cov["claim_id"] for p in panels)
        assert view.current_claim_id() == ani
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened[-1].claim_id == ani

        await pilot.press("tab")  # into the first outlet's panel
        await pilot.press("right")
        await pilot.pause()
        assert app.focused is panels[1] and view.current_claim_id() == ie == app.highlighted[-1]
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened[-1].claim_id == ie and app.opened[-1].article_id == panels[1].cov["article_id"]

        rows = view.export_rows()
        assert {r["outlet"] for r in rows} == {"ANI", "Indian Express"}
        assert any("attribution_dropped" in r["flags"] for r in rows)


@pytest.mark.anyio
async def test_compare_without_clusters_says_what_to_do(tmp_path):
    Store(tmp_path / "empty.db").close()
    app = _Host(CompareView, tmp_path / "empty.db")
    async with running(app, size=(80, 24)):
        view = app.query_one(CompareView)
        assert view.has_class("-empty")
        assert "attrib link" in screen_text(app) and EMPTY.startswith("No claim is carried")
        assert view.current_claim_id() is None and view.export_rows() == []


# -- outlets -------------------------------------------------------------------------


def test_stacked_bar_fills_its_width_with_distinct_blocks():
    assert split_width([6, 2, 0, 5], 20) == [9, 3, 0, 8]
    bar = share_bar({"sourced": 6, "anonymous": 2, "vague": 0, "unsourced": 5}, 26).plain
    assert len(bar) == 26 and bar == "█" * 12 + "▓" * 4 + "░" * 10


@pytest.mark.anyio
async def test_outlets_table_bars_and_top_sources(seed_db):
    app = _Host(OutletsView, seed_db)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(OutletsView)
        table = view.query_one(DataTable)
        assert [cell_text(table, i, 0) for i in range(table.row_count)] == [
            "ANI", "India.com", "Indian Express", "Time of India"]
        view.focus_main()
        await pilot.pause()
        text = screen_text(app)
        assert "█" in text and "░" in text and "✓ sourced" in text and "✗ unsourced" in text
        assert "government sources" in text  # ANI's top sources
        await pilot.press("down")
        await pilot.pause()
        assert view.selected_outlet() == "India.com" and "Israel Katz" in screen_text(app)
        assert view.current_claim_id() is None
        rows = view.export_rows()
        assert [r["outlet"] for r in rows] == ["ANI", "India.com", "Indian Express", "Time of India"]
        assert {"claims", "share_unsourced", "top_sources"} <= set(rows[0]) and isinstance(rows[0]["top_sources"], str)


# -- every view at both sizes --------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view_cls", [QueueView, CompareView, OutletsView], ids=lambda c: c.__name__)
async def test_views_work_small_and_large(seed_db, view_cls, size):
    app = _Host(view_cls, seed_db)
    async with running(app, size=size) as pilot:
        view = app.query_one(view_cls)
        view.focus_main()
        await pilot.pause()
        for key in ("down", "up", "enter", "tab", "right", "enter", "escape"):
            await pilot.press(key)
        await settle(pilot)
        view.reload()
        await settle(pilot)
        assert view.export_rows()
        text = screen_text(app)
        assert text.strip()
        if view_cls is QueueView:
            assert "claims need a source" in text
        elif view_cls is CompareView:
            assert "Indian Express" in text and "unsourced" in text
        else:
            assert "Time of India" in text and "█" in text


# -- snapshots (120x40) --------------------------------------------------------------


@pytest.mark.parametrize("view_cls", [QueueView, CompareView, OutletsView], ids=lambda c: c.__name__)
def test_view_snapshot(snap_compare, seed_db, view_cls):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.query_one(view_cls).focus_main()
        await settle(pilot)

    assert snap_compare(_Host(view_cls, seed_db), terminal_size=(120, 40), run_before=run_before)


# -- issue 15: cross-outlet means two outlets; filters ignore case; counts as reviewed -------


def edit_db(db: Path, *statements: tuple[str, list]) -> None:
    """Change a private copy of the seed database (invented titles, outlets, clusters)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        with conn:
            for sql, args in statements:
                conn.execute(sql, args)
    finally:
        conn.close()


def claims_of_outlet(db: Path, outlet: str, status: str | None = None) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(
            "SELECT c.claim_id FROM claims c JOIN articles a ON a.article_id = c.article_id "
            "WHERE a.outlet = ? AND (? IS NULL OR c.status = ?) AND c.cluster_id IS NULL ORDER BY c.start",
            [outlet, status, status])]
    finally:
        conn.close()


REPEATED = "The ferry timetable changes on Monday, the harbour office said."


def add_same_outlet_cluster(db: Path, outlet: str = "Indian Express") -> list[str]:
    """A cluster whose two claims are both in one outlet: a repeat, not cross-outlet."""
    members = claims_of_outlet(db, outlet)[:2]
    edit_db(db, ("INSERT INTO clusters (cluster_id, label, size, created_at) VALUES ('repeat1', ?, 2, '')",
                 [REPEATED]),
            *[("UPDATE claims SET cluster_id = 'repeat1' WHERE claim_id = ?", [m]) for m in members])
    return members


@pytest.mark.anyio
async def test_compare_counts_only_clusters_of_two_outlets_and_labels_repeats(seed_db_copy):
    add_same_outlet_cluster(seed_db_copy)
    app = _Host(CompareView, seed_db_copy)
    async with running(app, size=(120, 40)):
        view = app.query_one(CompareView)
        count = str(view.query_one("#compare-count", Static).render())
        assert count.startswith("1 claim in more than one outlet · 2 outlets · ")
        assert "↻ 1 same-outlet repeat" in count
        grid = view.query_one("#compare-grid", DataTable)
        assert grid.row_count == 2
        flags = len(grid.ordered_columns) - 1
        assert "dropped" in cell_text(grid, 0, flags)  # the cross-outlet cluster first
        assert cell_text(grid, 1, flags) == "↻ same outlet" and cell_text(grid, 1, 0).startswith("The ferry")
        assert "↻ same outlet" in screen_text(app)


@pytest.mark.anyio
async def test_outlets_shared_counts_only_cross_outlet_clusters(seed_db_copy):
    before = next(p for p in _profiles(seed_db_copy) if p["outlet"] == "Indian Express")
    add_same_outlet_cluster(seed_db_copy)
    app = _Host(OutletsView, seed_db_copy)
    async with running(app, size=(120, 40)):
        view = app.query_one(OutletsView)
        row = next(r for r in view.export_rows() if r["outlet"] == "Indian Express")
        assert row["shared_with_others"] == before["shared_with_others"] == 1
        assert row["only_here"] == row["claims"] - 1


def _profiles(db: Path) -> list[dict]:
    store = Store(db)
    try:
        return ReviewStore(store).outlet_profiles()
    finally:
        store.close()


def test_claim_panel_labels_a_repeat_in_the_same_outlet():
    from tui.claim_panel import elsewhere_text

    repeat = {"outlet": "Northern Ledger", "status": "unsourced", "text": REPEATED, "chain": "[]", "flags": "[]"}
    other = {**repeat, "outlet": "Coastal Herald", "status": "sourced"}
    alone = elsewhere_text([repeat], "Northern Ledger").plain
    assert alone.startswith("no other outlet") and "(same-outlet repeat)" in alone
    both = elsewhere_text([repeat, other], "Northern Ledger").plain
    assert both.index("Coastal Herald") < both.index("Northern Ledger")  # other outlets first
    assert both.count("(same-outlet repeat)") == 1 and not both.startswith("no other outlet")


@pytest.mark.anyio
async def test_queue_outlet_filter_ignores_case(seed_db_copy):
    edit_db(seed_db_copy, ("UPDATE articles SET outlet = 'Coastal Herald' WHERE outlet = 'ANI'", []),
            ("UPDATE articles SET outlet = 'coastal herald' WHERE outlet = 'India.com'", []))
    app = _Host(QueueView, seed_db_copy)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(QueueView)
        both = {r["claim_id"] for r in view.rows if r["outlet"].casefold() == "coastal herald"}
        assert {r["outlet"] for r in view.rows if r["claim_id"] in both} == {"Coastal Herald", "coastal herald"}
        outlet = view.query_one("#queue-outlet", Select)
        names = [v for _p, v in outlet._options if v != "*"]
        assert [n.casefold() for n in names].count("coastal herald") == 1  # one entry for the two spellings
        outlet.value = next(n for n in names if n.casefold() == "coastal herald")
        await settle(pilot)
        assert {r["claim_id"] for r in view.rows} == both


@pytest.mark.anyio
async def test_outlets_view_counts_follow_the_reviewed_status(seed_db_copy):
    sourced = claims_of_outlet(seed_db_copy, "ANI", "sourced")
    unsourced = claims_of_outlet(seed_db_copy, "ANI", "unsourced")
    assert sourced and len(unsourced) >= 2
    app = _Host(OutletsView, seed_db_copy)
    async with running(app, size=(120, 40)) as pilot:
        view = app.query_one(OutletsView)
        table = view.query_one(DataTable)
        columns = [c.key.value for c in table.ordered_columns]

        def ani() -> dict[str, str]:
            return {k: cell_text(table, 0, i) for i, k in enumerate(columns)}

        start = ani()
        assert start["rejected"] == "0"
        app.review.record(sourced[0], "rejected")  # the status is wrong: no longer counted as sourced
        view.reload()
        await settle(pilot)
        mid = ani()
        assert int(mid["sourced"]) == int(start["sourced"]) - 1 and mid["rejected"] == "1"
        assert mid["claims"] == start["claims"] and mid["unsourced"] == start["unsourced"]
        app.review.record(unsourced[0], "corrected", source_name="Ana Ruiz", source_type="person")
        app.review.record(unsourced[1], "not_a_claim")
        view.reload()
        await settle(pilot)
        now = ani()
        assert int(now["sourced"]) == int(mid["sourced"]) + 1  # corrected to a named person: sourced
        assert int(now["unsourced"]) == int(start["unsourced"]) - 2
        assert now["rejected"] == "1" and int(now["claims"]) == int(start["claims"]) - 1
        assert now["anonymous"] == start["anonymous"] and now["vague"] == start["vague"]
        text = screen_text(app)
        assert "✘ rej" in text and "3 reviewed: counted as reviewed · 1 not a claim, not counted" in text
