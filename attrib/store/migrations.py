"""Schema, created and upgraded step by step (the pattern of llm's migrations).

Each function runs once per database, in order; the names of the applied ones are kept
in `_attrib_migrations`. Add a new function at the end to change the schema; never edit
one that has shipped.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]) -> Callable[[sqlite_utils.Database], None]:
    MIGRATIONS.append(fn)
    return fn


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not seen; returns their names.

    Each runs in its own BEGIN IMMEDIATE transaction, so two processes opening a new
    database at once cannot both apply it. A database that has them all is only read:
    opening it takes no write lock, so it does not wait for an `attrib run` that is
    writing (nor fail on a read-only file).
    """
    conn = db.conn
    if not _missing(conn):
        return []
    conn.execute("CREATE TABLE IF NOT EXISTS _attrib_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    applied = []
    for fn in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM _attrib_migrations WHERE name = ?", (fn.__name__,)).fetchone():
                conn.execute("COMMIT")
                continue
            fn(db)
            conn.execute(
                "INSERT INTO _attrib_migrations (name, applied_at) VALUES (?, ?)",
                (fn.__name__, dt.datetime.now(dt.timezone.utc).isoformat()),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(fn.__name__)
    return applied


def _missing(conn) -> list[str]:
    """Names of the migrations this database has not had, read without any lock."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_attrib_migrations'").fetchone():
        return [fn.__name__ for fn in MIGRATIONS]
    done = {name for name, in conn.execute("SELECT name FROM _attrib_migrations")}
    return [fn.__name__ for fn in MIGRATIONS if fn.__name__ not in done]


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db["files"].create(
        {
            "path": str,  # as given on the command line, resolved
            "sha256": str,
            "size": int,
            "articles": str,  # JSON list of article ids found in it
            "ingested_at": str,
        },
        pk="path",
    )
    db["articles"].create(
        {
            "article_id": str,
            "outlet": str,
            "title": str,
            "url": str,
            "published": str,
            "published_text": str,
            "wire": str,
            "republished_by": str,
            "dateline": str,
            "source_file": str,
            "position": int,
            "text": str,
            "stage": str,  # ingested | analyzed
            "pipeline_version": str,
            "ingested_at": str,
            "analyzed_at": str,
        },
        pk="article_id",
    )
    db["articles"].create_index(["outlet"])
    db["articles"].create_index(["stage"])
    db["claims"].create(
        {
            "claim_id": str,
            "article_id": str,
            "start": int,
            "end": int,
            "text": str,
            "checkworthy": float,
            "status": str,
            "flags": str,  # JSON list
            "sources": str,  # JSON list
            "chain": str,  # JSON list
            "primary_attribution_id": str,
            "cluster_id": str,
        },
        pk="claim_id",
        foreign_keys=[("article_id", "articles", "article_id")],
    )
    db["claims"].create_index(["article_id"])
    db["claims"].create_index(["status"])
    db["claims"].create_index(["cluster_id"])
    db["attributions"].create(
        {
            "attribution_id": str,
            "article_id": str,
            "claim_id": str,
            "kind": str,
            "cue_text": str,
            "cue_start": int,
            "cue_end": int,
            "source_text": str,
            "source_start": int,
            "source_end": int,
            "source_resolved": str,
            "source_type": str,
            "content_text": str,
            "content_start": int,
            "content_end": int,
            "parent_id": str,
            "chain": str,  # JSON list, original source first, outlet last
        },
        pk="attribution_id",
        foreign_keys=[("article_id", "articles", "article_id")],
    )
    db["attributions"].create_index(["article_id"])
    db["attributions"].create_index(["claim_id"])
    db["clusters"].create(
        {"cluster_id": str, "label": str, "size": int, "created_at": str},
        pk="cluster_id",
    )
    db["reviews"].create(
        {
            "review_id": int,
            "claim_id": str,
            "verdict": str,  # confirmed | rejected | corrected | not_a_claim | undo
            "note": str,
            "source_name": str,  # for corrected
            "source_type": str,
            "at": str,
        },
        pk="review_id",
    )
    db["reviews"].create_index(["claim_id"])


@migration
def m002_claim_attributions(db: sqlite_utils.Database) -> None:
    """A claim can be covered by several attributions, and a multi-sentence quote by one
    attribution covers several claims."""
    db["claim_attributions"].create(
        {"claim_id": str, "attribution_id": str, "article_id": str},
        pk=("claim_id", "attribution_id"),
    )
    db["claim_attributions"].create_index(["attribution_id"])
    db["claim_attributions"].create_index(["article_id"])


@migration
def m003_attribution_evidential(db: sqlite_utils.Database) -> None:
    """Whether an attribution says where its content comes from (see Attribution.evidential)."""
    db["attributions"].add_column("evidential", int, not_null_default=1)


@migration
def m004_linking(db: sqlite_utils.Database) -> None:
    """Claim embeddings (one per claim text and model, as llm stores them), the keys the
    linker checks, stories of articles, and what a cluster was built from."""
    db["embeddings"].create(
        {"model": str, "text_hash": str, "dim": int, "vector": bytes, "created_at": str},
        pk=("model", "text_hash"),
    )
    db["claims"].add_column("keys", str)
    db["claims"].add_column("text_hash", str)
    db["claims"].create_index(["text_hash"])
    db["articles"].add_column("story_id", str)
    db["clusters"].add_column("story_id", str)
    db["clusters"].add_column("model", str)
    db["clusters"].add_column("cohesion", float)


@migration
def m005_claims_fts(db: sqlite_utils.Database) -> None:
    """Full-text search over claim texts for the review interface's `/` (kept in step by
    triggers, so analysis needs no extra work)."""
    db["claims"].enable_fts(["text"], create_triggers=True, tokenize="porter")


@migration
def m006_meta(db: sqlite_utils.Database) -> None:
    """Small facts about the database as a whole, such as what the last link was built
    from (so a run over unchanged input does not link again)."""
    db["meta"].create({"key": str, "value": str}, pk="key")


@migration
def m007_article_author(db: sqlite_utils.Database) -> None:
    """The article's author, where front matter, a byline or the page's metadata names
    one (the contract's `author` on articles)."""
    db["articles"].add_column("author", str)


@migration
def m008_web_versions(db: sqlite_utils.Database) -> None:
    """Articles read from the web: every fetched version's evidence (raw bytes kept
    zlib-compressed, with fetch time, HTTP status, final URL, sha256 and the validators
    for a conditional request), and every URL that led to an article (as asked, final,
    canonical; normalised), so a stored URL is not fetched again."""
    db["versions"].create(
        {
            "article_id": str,
            "url": str,  # the final URL fetched
            "version": int,  # 1, 2, … per article
            "fetched_at": str,
            "http_status": int,
            "sha256": str,  # of the raw bytes
            "changed": str,  # JSON list of claim ids changed from the previous version
            "raw": bytes,  # zlib-compressed
            "etag": str,
            "last_modified": str,
            "content_type": str,
            "asked_url": str,
        },
        pk=("article_id", "version"),
        foreign_keys=[("article_id", "articles", "article_id")],
    )
    db["versions"].create_index(["url"])
    db["web_urls"].create({"url": str, "article_id": str}, pk="url",
                          foreign_keys=[("article_id", "articles", "article_id")])
    db["web_urls"].create_index(["article_id"])


@migration
def m009_version_edits(db: sqlite_utils.Database) -> None:
    """Edits to attribution: the claims of an earlier version of a web article, kept when a
    changed text takes them away (`compared` is the version they were compared with, once
    the new text is analyzed and linked), and each edit found between two versions."""
    db["version_claims"].create(
        {
            "article_id": str,
            "version": int,  # the version whose text these claims were read from
            "claim_id": str,
            "text": str,
            "text_hash": str,
            "status": str,
            "sources": str,  # JSON list
            "chain": str,  # JSON list
            "attributions": str,  # JSON list of {"source": …, "cue": …}
            "compared": int,  # the later version compared with; NULL until then
        },
        pk=("article_id", "version", "claim_id"),
        foreign_keys=[("article_id", "articles", "article_id")],
    )
    db["version_claims"].create_index(["compared"])
    db["version_edits"].create(
        {
            "article_id": str,
            "from_version": int,
            "to_version": int,
            "kind": str,  # status_changed | sources_changed | claim_dropped | attribution_removed
            "before_claim_id": str,
            "before_text": str,
            "before_status": str,
            "before_sources": str,  # JSON list
            "after_claim_id": str,  # NULL for claim_dropped
            "after_text": str,
            "after_status": str,
            "after_sources": str,
        },
        pk=("article_id", "from_version", "to_version", "kind", "before_claim_id"),
        foreign_keys=[("article_id", "articles", "article_id")],
    )
    db["version_edits"].create_index(["after_claim_id"])
