"""Edits to attribution between versions of a web article, as a user meets them: a page
loses "police said" and an attributed sentence after publication; `attrib run --refresh`
flags the edited claim, lists both edits in `attrib compare --edits`, and a further
refresh (or a version with the same text) adds none."""
from __future__ import annotations

import json

import pytest

from conftest import assert_contract
from webkit import WebServer, export_rows

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Two arrested after pharmacy break-in | The Kestrel Gazette</title>
<meta property="og:site_name" content="The Kestrel Gazette">
<meta property="og:title" content="Two arrested after pharmacy break-in">
<meta property="article:published_time" content="2024-04-02T08:30:00Z">
<link rel="canonical" href="/news/pharmacy">
</head><body>
<article>
<h1>Two arrested after pharmacy break-in</h1>
{extra}
{body}
</article>
</body></html>
"""

ARRESTED = "Two men were arrested after a break-in at the Marlow Street pharmacy on Friday night"
OWNER = ("The thieves took cash and medicines worth about 3,000 pounds, "
         "said Dana Reyes, the shop's owner, in a statement.")
PARAS_V1 = [
    f"{ARRESTED}, police said.",
    OWNER,
    "The pharmacy reopened on Saturday morning with a new alarm system and extra locks on its doors.",
]
PARAS_V2 = [f"{ARRESTED}.", PARAS_V1[2]]


def page(paras, extra=""):
    return PAGE.replace("{extra}", extra).replace("{body}", "\n".join(f"<p>{p}</p>" for p in paras))


@pytest.fixture
def site():
    server = WebServer().start()
    server.serve("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    try:
        yield server
    finally:
        server.stop()


export = export_rows


def edits(cli_run):
    res = cli_run("compare", "--edits", "--format", "jsonl")
    assert res.exit_code == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def test_an_edit_that_removes_attribution_is_flagged_and_listed(cli_run, db_path, site):
    url = site.url("/news/pharmacy")
    site.serve("/news/pharmacy", page(PARAS_V1))
    res = cli_run("run", url, "--delay", "0")
    assert res.exit_code == 0, res.stderr
    first = {c["text"]: c for c in export(cli_run, "claims")}
    assert first[f"{ARRESTED}, police said."]["status"] == "sourced"
    assert first[OWNER]["status"] == "sourced"
    assert not any("attribution_edited" in c["flags"] for c in first.values())
    assert edits(cli_run) == []
    empty = cli_run("compare", "--edits")
    assert empty.exit_code == 0 and len(empty.stdout.strip().splitlines()) == 1

    # edited after publication: "police said" is gone, and so is the owner's statement
    site.serve("/news/pharmacy", page(PARAS_V2))
    res = cli_run("run", url, "--delay", "0", "--refresh")
    assert res.exit_code == 0, res.stderr
    claims = export(cli_run, "claims")
    edited = [c for c in claims if "attribution_edited" in c["flags"]]
    assert [c["text"] for c in edited] == [f"{ARRESTED}."]
    assert edited[0]["status"] == "unsourced"
    assert "unsourced" in edited[0]["flags"]  # the analysis' own flags are kept
    versions = export(cli_run, "versions")
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["changed"] == []
    assert edited[0]["claim_id"] in versions[1]["changed"]
    assert first[OWNER]["claim_id"] in versions[1]["changed"]  # the dropped one, by its earlier id

    found = edits(cli_run)
    assert sorted(e["kind"] for e in found) == ["attribution_removed", "claim_dropped"]
    removed = next(e for e in found if e["kind"] == "attribution_removed")
    assert removed["before_text"] == f"{ARRESTED}, police said." and removed["before_status"] == "sourced"
    assert removed["after_text"] == f"{ARRESTED}." and removed["after_status"] == "unsourced"
    assert removed["after_claim_id"] == edited[0]["claim_id"]
    assert (removed["from_version"], removed["to_version"]) == (1, 2)
    assert removed["outlet"] == "The Kestrel Gazette" and removed["title"] == "Two arrested after pharmacy break-in"
    dropped = next(e for e in found if e["kind"] == "claim_dropped")
    assert dropped["before_text"] == OWNER and dropped["before_status"] == "sourced"
    assert dropped["after_text"] is None and dropped["after_claim_id"] is None
    table = cli_run("compare", "--edits")
    assert table.exit_code == 0 and "attribution_removed" in table.stdout and "claim_dropped" in table.stdout
    csv = cli_run("compare", "--edits", "--format", "csv")
    assert csv.exit_code == 0 and len(csv.stdout.strip().splitlines()) == 3

    # nothing changed: no new version, no edit twice, the flag stays
    res = cli_run("run", url, "--delay", "0", "--refresh")
    assert res.exit_code == 0, res.stderr
    assert len(export(cli_run, "versions")) == 2
    assert edits(cli_run) == found
    assert [c["claim_id"] for c in export(cli_run, "claims") if "attribution_edited" in c["flags"]] == \
        [edited[0]["claim_id"]]
    # linked again from scratch (analysis flags rewritten by link): the flag stays
    assert cli_run("link").exit_code == 0
    assert [c["claim_id"] for c in export(cli_run, "claims") if "attribution_edited" in c["flags"]] == \
        [edited[0]["claim_id"]]

    # new bytes, the same text: a version with no edit
    site.serve("/news/pharmacy", page(PARAS_V2, extra="<!-- cache 7f3a -->"))
    res = cli_run("run", url, "--delay", "0", "--refresh")
    assert res.exit_code == 0, res.stderr
    versions = export(cli_run, "versions")
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert versions[2]["changed"] == []
    assert edits(cli_run) == found

    assert_contract(db_path)


def test_edit_kinds_and_matching():
    import numpy as np

    from attrib.linking.edits import edit_kind, match_claims

    def c(cid, text, status, sources=(), h=None):
        return {"claim_id": cid, "text": text, "text_hash": h or text, "status": status, "sources": list(sources)}

    assert edit_kind(c("a", "x", "sourced", ["police"]), None) == "claim_dropped"
    assert edit_kind(c("a", "x", "unsourced"), None) is None
    assert edit_kind(c("a", "x", "vague"), c("b", "x", "unsourced")) == "attribution_removed"
    assert edit_kind(c("a", "x", "sourced", ["police"]), c("b", "x", "anonymous")) == "status_changed"
    assert edit_kind(c("a", "x", "sourced", ["police"]), c("b", "x", "sourced", ["mayor"])) == "sources_changed"
    assert edit_kind(c("a", "x", "sourced", ["police"]), c("b", "x", "sourced", ["police"])) is None
    v = {"p": np.array([1.0, 0.0], "float32"), "q": np.array([0.9, 0.43589], "float32"),
         "r": np.array([0.0, 1.0], "float32"), "s": np.array([0.6, 0.8], "float32")}
    before = [c("a", "same", "sourced", h="same"), c("b", "p", "sourced", h="p"), c("c", "r", "sourced", h="r")]
    after = [c("x", "q", "unsourced", h="q"), c("y", "same", "sourced", h="same"), c("z", "s", "unsourced", h="s")]
    v["same"] = np.array([0.0, 1.0], "float32")
    # "same" by its text; p ~ q at 0.9; r ~ s at 0.8 (the threshold)
    assert match_claims(before, after, v) == {0: 1, 1: 0, 2: 2}
    v["s"] = np.array([0.8, 0.6], "float32")  # r . s = 0.6: no match
    assert match_claims(before, after, v) == {0: 1, 1: 0}


@pytest.mark.anyio
async def test_the_tui_shows_an_articles_versions_and_what_changed(cli_run, db_path, site):
    from textual.widgets import DataTable

    from tuikit import running, screen_text
    from tui.app import AttribApp
    from tui.versions_screen import VersionsScreen

    url = site.url("/news/pharmacy")
    site.serve("/news/pharmacy", page(PARAS_V1))
    assert cli_run("run", url, "--delay", "0").exit_code == 0
    site.serve("/news/pharmacy", page(PARAS_V2))
    assert cli_run("run", url, "--delay", "0", "--refresh").exit_code == 0
    app = AttribApp(db_path, refresh_seconds=None)
    async with running(app, size=(140, 40)) as pilot:
        await pilot.press("v")
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, VersionsScreen) and app.screen.query_one("#edits-table", DataTable).row_count:
                break
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        assert screen.query_one("#versions-table", DataTable).row_count == 2
        text = screen_text(app)
        assert "2 versions fetched · 2 edits to attribution" in text
        assert "attribution_removed" in text and "claim_dropped" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, VersionsScreen)
