"""`attrib run` killed with SIGKILL mid-run (issue 8): during analysis, during embedding,
during linking. After every kill the file is sound, nothing is stored twice, each
article's stage says exactly what is stored for it, and the next run does what is missing
(and only that), ending with the database a clean run leaves.

Most kills are at an exact point inside a write transaction: the run is started through
tests/runkit.py, which stops it just before a given SQL statement (nothing in attrib is
changed for the test). One test kills the plain `python -m attrib run` at moments it sees
from outside, by reading the database.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from runkit import (SEED, check_state, copy_db, differences, link_is_current, read_only, rows, run_here, scalar,
                    snapshot, start_paused, start_run, wait_for)

pytestmark = pytest.mark.slow

STORE_ARTICLE = r"^UPDATE articles SET stage = 'analyzed'"  # the last statement of an article's transaction
STORE_VECTOR = r"^INSERT OR REPLACE INTO embeddings"  # one per vector
STORE_CLUSTER_IDS = r"^UPDATE claims SET cluster_id"  # in the link's transaction, after the clusters


def distinct_texts(db: Path) -> int:
    return scalar(db, "SELECT count(DISTINCT text_hash) FROM claims")


def test_killed_inside_an_articles_analysis(tmp_path: Path, seed_db: Path):
    """Killed with the second article's claims written but its transaction not committed:
    the first article is stored whole, the other three not at all; the next run analyzes
    exactly those three."""
    db = tmp_path / "attrib.db"
    run, _ = start_paused(db, SEED, logs=tmp_path, sql=STORE_ARTICLE, at=2)
    run.kill()
    state = check_state(db, seed_db)
    assert (state["analyzed"], state["ingested"], state["clusters"]) == (1, 3, 0)
    # the claims step's vectors are stored with the first article's claims, none of the second's
    assert state["embeddings"] == distinct_texts(db) > 0

    did = run_here(db, SEED)
    assert did["analyzed"] == 3 and did["embedded"] == 0  # analysis stored every claim's vector
    check_state(db, seed_db)
    assert differences(snapshot(db), snapshot(seed_db)) == []
    assert link_is_current(db)


def test_killed_between_embedding_transactions(tmp_path: Path, seed_db: Path):
    """Texts with no vector yet (here: a database whose vectors were deleted; in use, a
    claim analyzed where the sentence model was missing) are embedded by the link stage,
    16 to a transaction here; killed at the 40th: the 32 of the two committed
    transactions are kept, the rest is not, and the next run embeds only the texts still
    missing."""
    db = copy_db(seed_db, tmp_path / "attrib.db")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM embeddings")
        conn.execute("DELETE FROM meta WHERE key = 'link_fingerprint'")
    conn.close()
    run, _ = start_paused(db, SEED, logs=tmp_path, sql=STORE_VECTOR, at=40, ATTRIB_TEST_EMBED_WRITE_EVERY="16")
    run.kill()
    state = check_state(db, seed_db)
    assert (state["analyzed"], state["ingested"], state["embeddings"]) == (4, 0, 32)
    assert not link_is_current(db)

    did = run_here(db, SEED)
    assert did["analyzed"] == 0 and did["embedded"] == distinct_texts(seed_db) - 32
    assert differences(snapshot(db), snapshot(seed_db)) == []
    assert link_is_current(db)


def test_killed_inside_the_link_transaction_keeps_the_previous_link(tmp_path: Path, seed_db: Path, own: Path,
                                                                    seed_then_own: Path):
    """A linked database gets new articles; the run is killed inside the link's write
    transaction (old clusters deleted, new ones inserted, cluster ids half updated): the
    previous clusters and cluster ids are all still there, the link is known to be out of
    date, and the next run links again without analyzing or embedding anything."""
    db = copy_db(seed_db, tmp_path / "attrib.db")
    conn = read_only(db)
    clusters_before = rows(conn, "clusters")
    claims_before = set(conn.execute("SELECT claim_id, cluster_id, flags FROM claims"))
    conn.close()
    assert clusters_before[1]

    run, _ = start_paused(db, own, logs=tmp_path, sql=STORE_CLUSTER_IDS)
    run.kill()
    state = check_state(db, seed_then_own)
    assert (state["analyzed"], state["ingested"]) == (7, 0)
    assert state["embeddings"] == distinct_texts(seed_then_own)
    conn = read_only(db)
    assert rows(conn, "clusters") == clusters_before
    seed_claims = set(conn.execute("SELECT claim_id, cluster_id, flags FROM claims WHERE article_id IN "
                                   "(SELECT article_id FROM articles WHERE source_file = ?)", (str(SEED),)))
    conn.close()
    assert seed_claims == claims_before
    assert not link_is_current(db)

    did = run_here(db, own)
    assert (did["analyzed"], did["embedded"], did["link_skipped"]) == (0, 0, False)
    assert differences(snapshot(db), snapshot(seed_then_own)) == []
    assert link_is_current(db)


def test_the_plain_command_killed_during_analysis_then_during_embedding(tmp_path: Path, seed_db: Path):
    """`python -m attrib run` as a user starts it, killed when the database shows some
    articles analyzed and others not; started again and killed when all are analyzed
    (linking, or done); then a run finishes the work."""
    db = tmp_path / "attrib.db"
    analyzed = lambda: scalar(db, "SELECT count(*) FROM articles WHERE stage = 'analyzed'") or 0  # noqa: E731

    def part_analyzed() -> bool:
        n = analyzed()
        assert n < 4, "the run analyzed every article before the test saw it half done"
        return n > 0

    run = start_run(db, SEED, logs=tmp_path, name="first")
    wait_for(part_analyzed, 60, "some articles analyzed", while_alive=run)
    run.kill()
    state = check_state(db, seed_db)
    assert 0 < state["analyzed"] < 4 and state["analyzed"] + state["ingested"] == 4

    run = start_run(db, SEED, logs=tmp_path, name="second")
    wait_for(lambda: analyzed() == 4, 60, "every article analyzed", while_alive=run)
    run.kill()  # linking, or just done: the vectors came with the analysis
    state = check_state(db, seed_db)
    assert state["analyzed"] == 4 and state["embeddings"] == distinct_texts(seed_db)

    did = run_here(db, SEED)
    assert did["analyzed"] == 0 and did["embedded"] == 0
    assert differences(snapshot(db), snapshot(seed_db)) == []
    assert link_is_current(db)


def test_interrupted_ingest_stores_no_file_in_part(tmp_path: Path, seed_db: Path):
    """Killed while a file's articles are being stored: the file and its articles are
    stored together or not at all, so the next run reads the file again."""
    db = tmp_path / "attrib.db"
    run, _ = start_paused(db, SEED, logs=tmp_path, sql=r"^INSERT OR IGNORE INTO \[articles\]", at=3)
    run.kill()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM files").fetchone() == (0,)
    conn.close()
    did = run_here(db, SEED)
    assert did["analyzed"] == 4
    assert differences(snapshot(db), snapshot(seed_db)) == []
