"""Issue #15, items 7-11 and 13: what a new user's first hour showed (honest counts,
filters that match nothing, a read-only database, the demo's own database, messages and
formats, research data that is not there). Every text here is invented for these tests."""
from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

# Two outlets. Coastal Herald prints the bridge closure twice (two of its articles): a
# repeat within one outlet. Both outlets print the extra ferry crossings: cross-outlet.
CLOSURE = ("The Veldmar bridge will close for six weeks from 3 June so that engineers can replace "
           "its cables, the roads department said on Monday.")
NEWS = [
    {"outlet": "Coastal Herald", "title": "Veldmar bridge to shut for repairs", "published": "2026-03-02",
     "text": "Drivers face a long summer of detours in Veldmar.\n\n" + CLOSURE + "\n\n"
             "The ferry operator Brisk Lines will add four crossings a day while the bridge is shut. "
             "About 9,000 cars cross the bridge every day.\n\n"
             "Shop owners in the old town fear they will lose trade during the closure."},
    {"outlet": "Coastal Herald", "title": "Bridge closure: what drivers need to know", "published": "2026-03-04",
     "text": "Drivers will have to use the northern ring road from June.\n\n" + CLOSURE + "\n\n"
             "Parking at the ferry terminal will be free during the works."},
    {"outlet": "Northern Ledger", "title": "Ferries to run more often while Veldmar bridge is closed",
     "published": "2026-03-03",
     "text": "Ferry passengers in Veldmar will get more sailings this summer.\n\n"
             "The ferry operator Brisk Lines will add four crossings a day while the Veldmar bridge is "
             "shut for repairs, a company spokeswoman said.\n\n"
             "The harbour master, Ilse Moravec, said the extra sailings would be safe. The town council "
             "has set aside 2 million euros for the works."},
]

ONE = {"outlet": "Lindqvist Gazette", "title": "Library to open on Sundays", "published": "2026-04-01",
       "text": "Readers in Lindqvist asked for longer hours for years.\n\n"
               "The town library will open on Sundays from May, its director Petra Holm said.\n\n"
               "The change will cost 40,000 euros a year."}


def invoke(*args: str, input: str | None = None):
    from attrib.cli.main import cli

    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="session")
def bridge(tmp_path_factory, nlp) -> tuple[Path, str]:
    """The three articles above run once: (database, the summary `run` printed)."""
    folder = tmp_path_factory.mktemp("first-hour")
    (folder / "in").mkdir()
    (folder / "in" / "news.jsonl").write_text("".join(json.dumps(a) + "\n" for a in NEWS), encoding="utf-8")
    db = folder / "attrib.db"
    res = invoke("run", "--db", str(db), str(folder / "in"))
    assert res.exit_code == 0, res.output
    return db, res.stdout


@pytest.fixture
def bridge_copy(bridge, tmp_path: Path) -> Path:
    from runkit import copy_db

    return copy_db(bridge[0], tmp_path / "copy" / "attrib.db")


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- 7. cross-outlet means two outlets or more -------------------------------------------


def test_the_repeat_within_one_outlet_is_linked(bridge):
    """The premise of the tests below: the data holds one cluster of each kind."""
    db, _ = bridge
    clusters = jsonl(invoke("export", "clusters", "--db", str(db)).stdout)
    assert sorted(len(set(c["outlets"])) for c in clusters) == [1, 2]


def test_summary_counts_only_clusters_spanning_two_outlets(bridge):
    _, summary = bridge
    flat = " ".join(summary.split())
    assert "1 cross-outlet cluster" in flat and "2 cross-outlet clusters" not in flat
    assert "1 same-outlet repeat" in flat


def test_compare_shows_cross_outlet_clusters_and_names_the_repeats(bridge):
    db, _ = bridge
    records = jsonl(invoke("compare", "--db", str(db), "--format", "jsonl").stdout)
    assert len(records) == 1 and records[0]["cross_outlet"] is True
    assert len(set(records[0]["outlets"])) == 2

    table = invoke("compare", "--db", str(db)).stdout
    assert "1 same-outlet repeat" in " ".join(table.split())
    assert "Veldmar bridge will close" not in table  # the repeat is counted, not shown as coverage

    both = jsonl(invoke("compare", "--db", str(db), "--same-outlet", "--format", "jsonl").stdout)
    assert [r["cross_outlet"] for r in both] == [True, False]
    assert both[1]["outlets"] == ["Coastal Herald"]
    shown = invoke("compare", "--db", str(db), "--same-outlet").stdout
    assert "Veldmar bridge will close" in shown


def test_export_marks_clusters_and_outlets_share_only_across_outlets(bridge):
    db, _ = bridge
    clusters = jsonl(invoke("export", "clusters", "--db", str(db)).stdout)
    assert {c["cross_outlet"] for c in clusters} == {True, False}
    for c in clusters:
        assert c["cross_outlet"] == (len(set(c["outlets"])) >= 2)
    outlets = {o["outlet"]: o for o in jsonl(invoke("export", "outlets", "--db", str(db)).stdout)}
    herald = outlets["Coastal Herald"]
    # one Herald claim is carried by Northern Ledger; its own repeat is not "shared with others"
    assert herald["shared_with_others"] == 1
    assert herald["only_here"] == herald["claims"] - 1


def test_cross_outlet_flags_never_come_from_one_outlet(bridge):
    db, _ = bridge
    claims = jsonl(invoke("export", "claims", "--db", str(db)).stdout)
    clusters = {c["cluster_id"]: c for c in jsonl(invoke("export", "clusters", "--db", str(db)).stdout)}
    for c in claims:
        if c["cluster_id"] and not clusters[c["cluster_id"]]["cross_outlet"]:
            assert not {"attribution_dropped", "source_changed"} & set(c["flags"])


def test_review_helpers_use_the_same_rule(bridge):
    from attrib.linking.compare import is_cross_outlet
    from attrib.records.review import ReviewStore, reviewed_status
    from attrib.store.store import Store

    assert is_cross_outlet({"outlets": ["Coastal Herald", "Coastal Herald"]}) is False
    assert is_cross_outlet(["Coastal Herald", "Northern Ledger"]) is True
    assert reviewed_status("unsourced", None) == "unsourced"
    assert reviewed_status("sourced", {"verdict": "rejected"}) == "rejected"
    assert reviewed_status("sourced", {"verdict": "not_a_claim"}) is None
    store = Store(bridge[0], readonly=True)
    try:
        review = ReviewStore(store)
        counts = review.counts()
        assert (counts["cross_outlet_clusters"], counts["same_outlet_repeats"]) == (1, 1)
        profiles = {p["outlet"]: p for p in review.outlet_profiles()}
        assert profiles["Coastal Herald"]["shared_with_others"] == 1
    finally:
        store.close()


# -- 8. outlet filters --------------------------------------------------------------------


def test_outlet_filter_ignores_case_and_spacing(bridge):
    db, _ = bridge
    exact = invoke("flag", "--db", str(db), "--outlet", "Coastal Herald", "--format", "jsonl")
    assert exact.exit_code == 0 and jsonl(exact.stdout)
    for spelling in ("coastal herald", "COASTAL  HERALD"):
        res = invoke("flag", "--db", str(db), "--outlet", spelling, "--format", "jsonl")
        assert res.exit_code == 0 and res.stdout == exact.stdout


def test_an_outlet_that_matches_none_is_one_line_naming_the_closest(bridge):
    db, _ = bridge
    for name in ("Nope", "Coastal Herld"):
        res = invoke("flag", "--db", str(db), "--outlet", name)
        assert res.exit_code == 1
        assert "No claims need a source" not in res.stdout
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and repr(name) in lines[0] and "Traceback" not in res.stderr
        assert "Coastal Herald" in lines[0]
    assert "closest: Coastal Herald" in invoke("flag", "--db", str(db), "--outlet", "herald").stderr


def test_the_review_queue_filters_outlets_whatever_the_case(bridge):
    from attrib.records.review import ReviewStore
    from attrib.store.store import Store

    store = Store(bridge[0], readonly=True)
    try:
        review = ReviewStore(store)
        exact = [r["claim_id"] for r in review.queue(outlets=["Coastal Herald"])]
        assert exact and [r["claim_id"] for r in review.queue(outlets=["coastal herald"])] == exact
        assert review.queue(outlets=["Nope"]) == []
    finally:
        store.close()


def test_an_empty_directory_says_it_found_no_articles(tmp_path, nlp):
    empty = tmp_path / "empty"
    empty.mkdir()
    res = invoke("ingest", "--db", str(tmp_path / "a.db"), str(empty))
    assert res.exit_code == 1
    assert "no articles found" in res.stderr and str(empty) in res.stderr


# -- 9. a read-only database --------------------------------------------------------------


@pytest.fixture
def as_a_user(monkeypatch):
    """Permissions as a user other than root sees them (root may write a read-only file;
    the suite may run as root in a container)."""
    if os.geteuid() != 0:
        return
    real = os.access

    def access(path, mode, *args, **kw):
        if mode & os.W_OK and os.path.exists(path) and not os.stat(path).st_mode & stat.S_IWUSR:
            return False
        return real(path, mode, *args, **kw)

    monkeypatch.setattr(os, "access", access)


def leftovers(db: Path) -> list[str]:
    gc.collect()
    return sorted(p.name for p in db.parent.iterdir() if p.name != db.name)


def test_a_read_only_database_is_named_with_the_reason(bridge_copy, tmp_path, as_a_user):
    db = bridge_copy
    before = invoke("flag", "--db", str(db), "--format", "jsonl").stdout
    more = tmp_path / "more.json"
    more.write_text(json.dumps(ONE), encoding="utf-8")
    assert leftovers(db) == []  # closed: SQLite removed its -wal and -shm
    os.chmod(db, 0o444)
    try:
        res = invoke("run", "--db", str(db), str(more))
        assert res.exit_code == 1
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1, res.stderr
        assert str(db) in lines[0] and "read-only" in lines[0] and "OperationalError" not in lines[0]
        assert leftovers(db) == []  # no -shm (nor -wal) left beside it
        # commands that only read still work, and leave nothing behind either
        res = invoke("flag", "--db", str(db), "--format", "jsonl")
        assert res.exit_code == 0 and res.stdout == before
        for args in (("export", "articles"), ("compare",), ("compare", "--outlets")):
            assert invoke(*args, "--db", str(db)).exit_code == 0, args
        assert leftovers(db) == []
    finally:
        os.chmod(db, 0o644)


def test_reading_a_read_only_database_with_a_wal_leaves_no_shm(bridge_copy, tmp_path, as_a_user):
    """A -wal without its -shm (a writer that crashed, or a copy): SQLite makes a -shm to
    read it, as read-only as the file; attrib removes it when done."""
    live = sqlite3.connect(bridge_copy)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("INSERT INTO reviews (claim_id, verdict, at) SELECT claim_id, 'confirmed', '2026-03-05' "
                 "FROM claims LIMIT 1")
    live.commit()
    folder = tmp_path / "crashed"
    folder.mkdir()
    db = folder / "attrib.db"
    shutil.copy(bridge_copy, db)
    shutil.copy(f"{bridge_copy}-wal", f"{db}-wal")  # the -wal holds the review, the file does not
    live.close()
    os.chmod(db, 0o444)
    try:
        res = invoke("export", "claims", "--db", str(db))
        assert res.exit_code == 0
        assert any(c["review"] for c in jsonl(res.stdout))  # what the -wal holds is read
        assert leftovers(db) == ["attrib.db-wal"]
    finally:
        os.chmod(db, 0o644)


def test_a_write_refused_later_still_names_the_file(bridge_copy, monkeypatch):
    """SQLite's "attempt to write a readonly database", wherever it comes from, is said
    with the database's name (not as a bare OperationalError)."""
    from attrib.store.store import Store

    def refuse(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Store, "transaction", refuse)
    res = invoke("link", "--db", str(bridge_copy))
    assert res.exit_code == 1
    line = res.stderr.strip()
    assert "\n" not in line and str(bridge_copy) in line and "OperationalError" not in line


# -- 10. the demo's own database ----------------------------------------------------------


def test_make_demo_uses_its_own_ignored_database():
    if not shutil.which("make") or not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("needs make and a git checkout")
    plan = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    runs = [line for line in plan.splitlines() if "attrib run" in line]
    assert runs and all("--db demo.db" in line for line in runs)
    assert "demo.db" in plan.split("attrib tui", 1)[1]  # the TUI opens the demo's database too
    ignored = subprocess.run(["git", "check-ignore", "-q", "demo.db"], cwd=ROOT)
    assert ignored.returncode == 0, "demo.db must be git-ignored"
    assert "demo.db" in (ROOT / "README.md").read_text(encoding="utf-8")


# -- 11. messages and formats -------------------------------------------------------------


def test_a_model_that_is_not_installed_says_so(bridge_copy):
    res = invoke("link", "--db", str(bridge_copy), "--model", "nosuch")
    assert res.exit_code == 1
    line = res.stderr.strip()
    assert "\n" not in line and "'nosuch' is not installed" in line
    assert "internet" not in line.lower()
    assert "--model" in line and "all-MiniLM-L6-v2" in line  # how to name an installed one


def test_counts_are_plural_aware(tmp_path, nlp):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(ONE), encoding="utf-8")
    res = invoke("run", "--db", str(tmp_path / "a.db"), str(one))
    assert res.exit_code == 0, res.output
    flat = " ".join(res.stdout.split())
    assert "1 article from 1 outlet " in flat and "1 file read" in flat
    assert "(s)" not in flat and "1 articles" not in flat and "1 outlets" not in flat
    assert "0 cross-outlet clusters" in flat
    for stage in ("analyze", "link"):
        out = invoke(stage, "--db", str(tmp_path / "a.db")).stdout
        assert "(s)" not in out and "1 articles" not in out and "1 claims" not in out
    assert re.search(r"\b(1 claim|\d+ claims) in 1 article\.", invoke("analyze", "--db", str(tmp_path / "a.db")).stdout)
    flagged = invoke("flag", "--db", str(tmp_path / "a.db"), "--format", "jsonl").stdout
    if len(jsonl(flagged)) == 1:
        assert "1 claim that needs a source" in invoke("flag", "--db", str(tmp_path / "a.db")).stdout


def test_plural_helper():
    from attrib.records.output import plural

    assert plural(1, "article") == "1 article"
    assert plural(0, "article") == "0 articles"
    assert plural(2, "story", "stories") == "2 stories"


def test_flag_takes_json_like_export(bridge):
    db, _ = bridge
    lines = jsonl(invoke("flag", "--db", str(db), "--format", "jsonl").stdout)
    res = invoke("flag", "--db", str(db), "--format", "json")
    assert res.exit_code == 0
    assert json.loads(res.stdout) == lines and lines


def test_csv_lines_end_in_lf(bridge):
    db, _ = bridge
    for args in (("export", "claims"), ("export", "outlets"), ("flag",)):
        res = invoke(*args, "--db", str(db), "--format", "csv")
        assert res.exit_code == 0
        assert b"\r" not in res.stdout_bytes and res.stdout_bytes.endswith(b"\n")
        rows = list(csv.DictReader(io.StringIO(res.stdout)))
        assert rows and all(None not in r for r in rows)


def test_csv_keeps_a_carriage_return_inside_a_field():
    from attrib.records.output import write_records

    out = io.StringIO()
    write_records([{"title": "Ferry\rtimes", "n": 1}, {"title": "Two\nlines", "n": 2}], "csv", out)
    assert "\r\n" not in out.getvalue()
    assert list(csv.DictReader(io.StringIO(out.getvalue(), newline=""))) == [
        {"title": "Ferry\rtimes", "n": "1"}, {"title": "Two\nlines", "n": "2"}]


# -- 13. research data that is not there ---------------------------------------------------


@pytest.mark.parametrize("args", [
    ("eval", "polnear", "{missing}"),
    ("eval", "claimbuster", "{missing}/train.json"),
    ("eval", "basil", "{missing}"),
    ("eval", "claims", "tests/data/news_claim_labels.tsv", "{missing}"),
    ("eval", "basil", "{empty}"),
])
def test_eval_without_its_data_is_one_line(tmp_path, args):
    (tmp_path / "empty").mkdir()
    full = [a.format(missing=tmp_path / "nowhere", empty=tmp_path / "empty") for a in args]
    full = [str(ROOT / a) if a.startswith("tests/") else a for a in full]
    res = invoke(*full)
    assert res.exit_code == 1, res.output
    line = res.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert str(tmp_path) in line and "Research data" in line


SCRIPTS = [
    ["bench/bench_pipeline.py", "--texts", "{missing}"],
    ["bench/bench_attribution.py", "{missing}"],
    ["bench/bench_claims.py", "{missing}"],
    ["bench/bench_linking.py", "--polnear", "{missing}"],
    ["bench/bench_link_scale.py", "--db", "{missing}/attrib.db"],
    ["bench/bench_ann.py", "--data", "{missing}/emb.npy"],
    ["scripts/derive_cues.py", "--polnear", "{missing}"],
    ["scripts/eval_resolution.py", "{missing}"],
    ["scripts/polnear_agreement.py", "{missing}"],
    ["scripts/train_checkworthy.py", "{missing}/train.json"],
    ["scripts/train_cue_model.py", "{missing}"],
    ["scripts/train_attribution.py", "--data", "{missing}"],
    ["-m", "attrib", "eval", "ecbplus", "{missing}"],
]


@pytest.mark.parametrize("cmd", SCRIPTS, ids=lambda c: c[0] if c[0] != "-m" else " ".join(c[1:4]))
def test_scripts_without_their_data_end_in_one_line(tmp_path, cmd):
    missing = tmp_path / "nowhere"
    argv = [sys.executable, *[a.format(missing=missing) for a in cmd]]
    res = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "Research data" in lines[0]
