"""The store: migrations, atomic writes, idempotent re-runs."""
from __future__ import annotations

import sqlite3

import pytest

from attrib.analysis.rows import Analysis
from attrib.store.migrations import MIGRATIONS
from attrib.types import RawArticle
from attrib.store.store import Store


def test_migrations_apply_once_and_wal_is_on(db_path):
    Store(db_path).close()
    store = Store(db_path)
    names = [r["name"] for r in store.db.query("SELECT name FROM _attrib_migrations")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"articles", "claims", "attributions", "clusters", "reviews", "files"} <= set(store.db.table_names())


def test_same_article_same_id_stored_once(db_path):
    store = Store(db_path)
    art = RawArticle(text="The council met on Tuesday.", outlet="Harbour Times", title="Council")
    first = store.save_file("/a.txt", "h1", 10, [art])
    again = store.save_file("/b.txt", "h2", 10, [art])
    assert len(first) == 1 and again == []
    assert store.counts()["articles"] == 1


def test_failed_analysis_write_leaves_the_article_as_it_was(db_path):
    store = Store(db_path)
    [aid] = store.save_file("/a.txt", "h1", 10, [RawArticle(text="The council met on Tuesday.", outlet="X")])
    good = {"claim_id": "c1", "article_id": aid, "start": 0, "end": 4, "text": "The ", "checkworthy": 0.5,
            "status": "unsourced", "flags": "[]", "sources": "[]", "chain": "[]",
            "primary_attribution_id": None, "cluster_id": None}
    store.save_analysis(aid, "v1", Analysis(claims=[good]))
    bad = dict(good, claim_id="c2", article_id="no-such-article")  # violates the foreign key
    with pytest.raises(sqlite3.IntegrityError):
        store.save_analysis(aid, "v2", Analysis(claims=[bad]))
    assert [r["claim_id"] for r in store.db.query("SELECT claim_id FROM claims")] == ["c1"]
    assert store.db.execute("SELECT pipeline_version FROM articles").fetchone()[0] == "v1"
