"""Concurrent use of one database (issue 8): two `attrib run` processes at once, and
verdicts recorded (as the TUI does) while a run writes.

WAL (readers and the writer do not block each other), a busy timeout (a writer waits for
the other's transaction instead of failing) and short transactions: no "database is
locked" reaches the user, both runs finish, and the database ends as the same runs done
one after the other would leave it.
"""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from runkit import (EXTRA_INPUT, LOCKED, SEED, copy_db, differences, link_is_current, run_env, run_here, scalar,
                    snapshot, start_paused, start_run, write_own_inputs)


def finished_cleanly(*runs) -> None:
    """Wait for every run; each exits 0 and says nothing of a locked database."""
    try:
        ended = [run.wait(timeout=120) for run in runs]
    finally:
        for run in runs:
            run.kill()  # only one still running after a failure
    for code, out, err in ended:
        assert code == 0, err[-3000:]
        assert not LOCKED.search(err) and not LOCKED.search(out), err[-3000:]


class Reviewer(threading.Thread):
    """The TUI beside a run: as soon as there are claims it opens the database (Store, its
    own connection), keeps a read transaction open (a long read, like a refresh while the
    run writes) and records verdicts through ReviewStore until told to stop."""

    VERDICTS = ("confirmed", "rejected", "not_a_claim", "undo")

    def __init__(self, db: Path):
        super().__init__(name="reviewer", daemon=True)
        self.db = db
        self.stop = threading.Event()
        self.recorded: list[tuple[int, str, str]] = []
        self.first_at: float | None = None
        self.snapshot_counts: tuple[int, int] | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._review()
        except BaseException as e:  # noqa: BLE001 - reported by the test
            self.error = e

    def _review(self) -> None:
        from attrib.records.review import ReviewStore
        from attrib.store.store import Store

        while not (scalar(self.db, "SELECT count(*) FROM claims") or 0):
            if self.stop.wait(0.01):
                raise AssertionError("the runs ended before any claim was stored")
        store = Store(self.db)
        review = ReviewStore(store)
        reader = sqlite3.connect(self.db, isolation_level=None)
        reader.execute("BEGIN")
        seen = reader.execute("SELECT count(*) FROM claims").fetchone()[0]
        claims: list[str] = []
        try:
            i = 0
            while not self.stop.is_set():
                if i % 10 == 0:
                    claims = [r for r, in store.conn.execute("SELECT claim_id FROM claims ORDER BY claim_id")]
                cid, verdict = claims[i % len(claims)], self.VERDICTS[i % len(self.VERDICTS)]
                row = review.record(cid, verdict, note=f"n{i}")
                self.first_at = self.first_at or time.monotonic()
                self.recorded.append((row["review_id"], cid, verdict))
                i += 1
                time.sleep(0.003)
            # the read transaction kept its view all along
            self.snapshot_counts = (seen, reader.execute("SELECT count(*) FROM claims").fetchone()[0])
        finally:
            reader.execute("COMMIT")
            reader.close()
            store.close()


@pytest.mark.slow
@pytest.mark.parametrize("inputs", ["same-input", "different-inputs"])
def test_two_runs_at_once_while_verdicts_are_recorded(inputs: str, tmp_path: Path, own: Path, seed_db: Path,
                                                      request: pytest.FixtureRequest):
    """Two runs start together on one new database: both create it; over the same input
    both ingest the same page and analyze the same articles, over different inputs (the
    seed page and the other articles) each adds its own, and both link. Meanwhile the
    reviewer reads and records verdicts. Every verdict lands, neither run nor the reviewer
    meets a locked database, and the database ends as the runs one after the other leave
    it (over the same input: as one run)."""
    db = tmp_path / "attrib.db"
    if inputs == "same-input":
        reference, second = seed_db, SEED
    else:
        reference, second = request.getfixturevalue("seed_then_own"), own
    runs = [start_run(db, SEED, logs=tmp_path, name="first"), start_run(db, second, logs=tmp_path, name="second")]
    reviewer = Reviewer(db)
    reviewer.start()
    try:
        finished_cleanly(*runs)
        ended = time.monotonic()
    finally:
        reviewer.stop.set()
        reviewer.join(timeout=60)
    assert reviewer.error is None, repr(reviewer.error)
    assert reviewer.first_at is not None and reviewer.first_at < ended
    assert len(reviewer.recorded) >= 20
    # the reader's transaction saw one state of the database from start to end
    assert reviewer.snapshot_counts[0] == reviewer.snapshot_counts[1]

    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT review_id, claim_id, verdict FROM reviews ORDER BY review_id").fetchall()
    conn.close()
    assert stored == reviewer.recorded
    assert differences(snapshot(db), snapshot(reference)) == []
    assert link_is_current(db)


READ_CLAIMS_TO_LINK = r"^SELECT c\.claim_id, c\.article_id, c\.text_hash, c\.keys, a\.published"


@pytest.mark.slow
def test_a_link_embeds_the_claims_another_run_stored_meanwhile(tmp_path: Path, seed_db: Path, own: Path,
                                                               seed_then_own: Path):
    """A run has embedded the new claims and is about to read the claims it links when
    another run stores a new article's claims: it embeds those too, and the link it
    leaves covers every claim."""
    from click.testing import CliRunner

    from attrib.cli.main import cli

    db = copy_db(seed_db, tmp_path / "attrib.db")
    extra = write_own_inputs(tmp_path / "extra", EXTRA_INPUT)
    run, resume = start_paused(db, own, logs=tmp_path, sql=READ_CLAIMS_TO_LINK, resumable=True)
    try:
        for args in (["ingest", str(extra)], ["analyze", "--workers", "1"]):
            res = CliRunner().invoke(cli, [*args, "--db", str(db)], catch_exceptions=False)
            assert res.exit_code == 0, res.output
    finally:
        resume.touch()
    finished_cleanly(run)
    reference = copy_db(seed_then_own, tmp_path / "reference" / "attrib.db")
    run_here(reference, extra)
    assert differences(snapshot(db), snapshot(reference)) == []
    assert link_is_current(db)


OPEN = "import sys, time\nfrom attrib.store.store import Store\nt = float(sys.argv[2])\n" \
       "while time.time() < t: time.sleep(0.0005)\nStore(sys.argv[1]).close()\n"


def test_a_new_database_opened_by_many_processes_at_once(tmp_path: Path):
    """Processes that create the same database at the same moment all open it, and each
    migration is applied once."""
    from attrib.store.migrations import MIGRATIONS

    for round_ in range(2):
        db = tmp_path / f"new{round_}.db"
        start = time.time() + 0.8
        procs = [subprocess.Popen([sys.executable, "-c", OPEN, str(db), str(start)], env=run_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err.decode()
        conn = sqlite3.connect(db)
        assert [n for n, in conn.execute("SELECT name FROM _attrib_migrations ORDER BY rowid")] == \
            [m.__name__ for m in MIGRATIONS]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()


def hold_write_lock(db: Path, seconds: float, create: bool = False) -> tuple[threading.Thread, threading.Event]:
    """Another program's write transaction on `db`, held for `seconds` in a thread."""
    held = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        if create:
            conn.execute("CREATE TABLE other_tool (x)")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE IF NOT EXISTS other_tool (x)")
        conn.execute("INSERT INTO other_tool VALUES (1)")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(10)
    return thread, held


def test_wal_is_switched_on_while_another_connection_writes(tmp_path: Path):
    """Switching a new database (still in rollback mode) to WAL fails at once with
    "database is locked" while another connection writes, without waiting for the busy
    timeout: Store waits for it instead."""
    from attrib.store.store import Store

    db = tmp_path / "attrib.db"
    thread, _ = hold_write_lock(db, 0.5, create=True)
    store = Store(db)
    thread.join()
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.counts()["articles"] == 0
    store.close()


def test_opening_a_migrated_database_waits_for_no_writer(tmp_path: Path):
    """Opening a database that has every migration takes no write lock: `attrib export`
    or the TUI starting while a run holds a write transaction opens at once."""
    from attrib.store.store import Store

    db = tmp_path / "attrib.db"
    Store(db).close()
    thread, _ = hold_write_lock(db, 2.0)
    t = time.monotonic()
    store = Store(db)
    opened = time.monotonic() - t
    assert store.counts()["articles"] == 0  # and it can read meanwhile (WAL)
    store.close()
    thread.join()
    assert opened < 1.0, f"opening waited {opened:.1f}s for another connection's write transaction"


def test_an_analysis_already_stored_is_not_written_again(db_path: Path):
    """Two runs over the same input analyze the same article; the second to store it
    writes nothing (rewriting would clear the cluster ids the first run's link wrote),
    while a new pipeline version still replaces it."""
    from attrib.analysis.rows import Analysis
    from attrib.types import RawArticle
    from attrib.store.store import Store

    store = Store(db_path)
    [aid] = store.save_file("/a.txt", "h1", 10, [RawArticle(text="The council met on Tuesday.", outlet="X")])
    claim = {"claim_id": "c1", "article_id": aid, "start": 0, "end": 4, "text": "The ", "checkworthy": 0.5,
             "status": "unsourced", "flags": "[]", "sources": "[]", "chain": "[]",
             "primary_attribution_id": None, "cluster_id": None}
    assert store.save_analysis(aid, "v1", Analysis(claims=[claim])) is True
    assert store.counts()["pending"] == 1  # analyzed, but not by the current pipeline
    store.conn.execute("UPDATE claims SET cluster_id = 'k1'")  # what a link writes
    assert store.save_analysis(aid, "v1", Analysis(claims=[claim])) is False
    assert store.conn.execute("SELECT cluster_id FROM claims").fetchall() == [("k1",)]
    assert store.save_analysis(aid, "v2", Analysis(claims=[claim])) is True
    assert store.conn.execute("SELECT cluster_id, count(*) FROM claims").fetchall() == [(None, 1)]


def test_a_failed_commit_leaves_no_transaction_holding_the_write_lock(db_path: Path):
    """A COMMIT can fail (here: a deferred foreign key). The transaction is rolled back,
    not left open on the connection with the write lock held, which would make every
    other process wait its whole busy timeout and then fail."""
    from attrib.store.store import Store

    store = Store(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.execute("INSERT INTO claims (claim_id, article_id) VALUES ('c1', 'no-such-article')")
    assert not store.conn.in_transaction
    other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the write lock is free
    other.execute("ROLLBACK")
    other.close()
    assert store.counts()["claims"] == 0
    with store.transaction():  # and the connection writes again
        store.conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
