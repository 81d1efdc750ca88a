"""The SQLite store: one file that Datasette can open as it is.

Writes go through `Store.transaction()`, an explicit BEGIN IMMEDIATE ... COMMIT, so one
article's analysis lands whole or not at all. sqlite-utils is used for the schema and for
reads; writes inside a transaction use plain parameterised SQL because sqlite-utils'
insert helpers commit on their own.

Several processes may use one database at once (two `attrib run`, the TUI, Datasette):
it is in WAL mode, so readers and the writer never block each other; writers wait for one
another up to BUSY_TIMEOUT_MS instead of failing; every write transaction is short (one
file, one article, a batch of vectors, one link); and opening a database that needs no
migration takes no lock at all.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
import weakref
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from attrib.store.migrations import MIGRATIONS, migrate
from attrib.store.migrations import _missing as _missing_migrations
from attrib.types import RawArticle
from attrib.ids import content_id

BUSY_TIMEOUT_MS = 30_000


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class DatabaseReadOnly(sqlite3.OperationalError):
    """The database cannot be written here; the message names the file and the reason."""


def unwritable_reason(path: Path) -> str | None:
    """Why this process cannot write the database at `path`, or None when it can.

    SQLite writes the file and, in WAL mode, the -wal and -shm files beside it, so the
    folder must be writable too; a -wal or -shm left read-only by an earlier read-only
    open blocks writing as well."""
    if not path.exists():
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"it does not exist and its folder {folder} is read-only, so it cannot be created"
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only (make it writable, or name another file with --db)"
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists() and not os.access(side, os.W_OK):
            return (f"{side.name} beside it is read-only (left by a read-only open; delete it when no "
                    "program has the database open)")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"its folder {path.parent} is read-only (SQLite keeps {path.name}-wal and -shm beside the file)"
    return None


def _close_and_remove(conn: sqlite3.Connection, side: Path) -> None:
    """Close `conn`, then remove the -shm file its read-only open created."""
    conn.close()
    with contextlib.suppress(OSError):
        side.unlink()


class Store:
    """The attrib database at `path` (created and migrated on open).

    A database this process cannot write (a read-only file or folder) is refused with
    DatabaseReadOnly naming the file and the reason, before SQLite fails half-way with
    "attempt to write a readonly database". With `readonly`, for callers that only read
    (export, flag, compare), it is opened read-only instead, creating nothing beside it:
    `mode=ro` while a -wal file exists (someone may be writing: its pages are read too),
    else `immutable=1`, which needs no -shm (so none is left behind, nor needed in a
    read-only folder)."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path) if str(path) != ":memory:" else path
        self.readonly = False
        self._cleanup: weakref.finalize | None = None
        reason = unwritable_reason(self.path) if isinstance(self.path, Path) else None
        if reason:
            if not readonly or not self.path.exists():
                raise DatabaseReadOnly(f"cannot write the database {self.path}: {reason}")
            self.readonly = True
            self._reason = reason
            wal, shm = Path(f"{self.path}-wal"), Path(f"{self.path}-shm")
            mode = "mode=ro" if wal.exists() else "immutable=1"
            made_shm = mode == "mode=ro" and not shm.exists()
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{mode}", uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            if made_shm:  # SQLite makes a -shm to read the -wal, as read-only as the file: not left behind
                self._cleanup = weakref.finalize(self, _close_and_remove, conn, shm)
        else:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.readonly:
            missing = _missing_migrations(conn)
            if missing:
                self.close()
                what = ("is not an attrib database yet" if len(missing) == len(MIGRATIONS)
                        else "was made by an older attrib and needs upgrading, which writes to it")
                raise DatabaseReadOnly(f"cannot read the database {self.path}: it {what}, and {reason}")
            return
        if str(path) != ":memory:":
            enable_wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(self.db)

    def close(self) -> None:
        if self._cleanup is not None:
            self._cleanup()
        self.conn.close()

    # -- writing -------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolls back on any exception.

        IMMEDIATE takes the write lock first (waiting up to the busy timeout for another
        writer), so the transaction never has to upgrade a read to a write, which SQLite
        refuses at once with "database is locked" when another process wrote meanwhile.
        A COMMIT that fails is rolled back too, so the connection is never left inside a
        transaction; and a rollback the error already made is not attempted again (that
        would hide the error)."""
        if self.readonly:
            raise DatabaseReadOnly(f"cannot write the database {self.path}: {self._reason}")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads from one state of the database, while other processes write
        (a read transaction: under WAL it takes no lock and blocks no writer)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN DEFERRED")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _insert(self, table: str, rows: Iterable[dict[str, Any]], replace: bool = False) -> None:
        rows = list(rows)
        if not rows:
            return
        cols = list(rows[0])
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        sql = f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' for _ in cols)})"
        self.conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])

    def file_unchanged(self, path: str, sha256: str) -> bool:
        row = self.conn.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return row is not None and row[0] == sha256

    def save_file(self, path: str, sha256: str, size: int, articles: list[RawArticle],
                  remember: bool = True) -> list[str]:
        """Store a file's articles in one transaction; returns ids of articles that are new.

        With `remember`, the file's hash is kept so an unchanged file is skipped next time.
        """
        ids = [article_id(a) for a in articles]
        new = []
        with self.transaction():
            for aid, art in zip(ids, articles):
                exists = self.conn.execute("SELECT 1 FROM articles WHERE article_id = ?", (aid,)).fetchone()
                if exists:
                    continue
                new.append(aid)
                self._insert("articles", [{
                    "article_id": aid,
                    **article_row(art),
                    "stage": "ingested",
                    "pipeline_version": None,
                    "ingested_at": now(),
                    "analyzed_at": None,
                }])
            if not remember:
                return new
            self._insert("files", [{
                "path": path, "sha256": sha256, "size": size,
                "articles": json.dumps(ids), "ingested_at": now(),
            }], replace=True)
        return new

    # -- articles read from the web -----------------------------------------------------

    def web_known(self, url: str) -> dict[str, str | None] | None:
        """What is stored for a (normalised) URL read before: the latest version's `etag`,
        `last_modified` and `sha256` (for a conditional request), or None when no stored
        article came from it. The ingest stage turns it into the crawler's `Known`."""
        row = self.conn.execute(
            "SELECT v.etag, v.last_modified, v.sha256 FROM web_urls u JOIN versions v ON v.article_id = u.article_id "
            "WHERE u.url = ? ORDER BY v.version DESC LIMIT 1", (url,)).fetchone()
        if row is None:
            return None
        return {"etag": row[0], "last_modified": row[1], "sha256": row[2]}

    def web_alias(self, article_id: str, urls: Iterable[str | None]) -> None:
        """Remember more URLs (normalised) that lead to a stored article (none, when it
        is not stored)."""
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)).fetchone():
                self._map_urls(article_id, urls)

    def _map_urls(self, article_id: str, urls: Iterable[str | None]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO web_urls (url, article_id) VALUES (?, ?)",
                              [(u, article_id) for u in dict.fromkeys(u for u in urls if u)])

    def save_web_article(self, article_id: str, article: RawArticle, version: dict[str, Any],
                         urls: Iterable[str | None]) -> str:
        """Store one article read from the web, in one transaction: its row (inserted, or
        brought up to date), every URL that led to it (`urls`, normalised), and `version`
        (url, fetched_at, http_status, sha256, raw bytes, etag, last_modified,
        content_type, asked_url) as the next version unless its sha256 is the latest's.

        Returns "new" (a new article), "version" (a new version of a stored one; when its
        text changed, the article is analyzed again) or "unchanged" (same bytes as the
        latest version: nothing but the URLs stored). A changed text takes the article's
        claims away until it is analyzed again."""
        import zlib

        row = article_row(article)
        with self.transaction():
            latest = self.conn.execute(
                "SELECT version, sha256 FROM versions WHERE article_id = ? ORDER BY version DESC LIMIT 1",
                (article_id,)).fetchone()
            stored = self.conn.execute("SELECT text FROM articles WHERE article_id = ?", (article_id,)).fetchone()
            if latest is not None and stored is not None and latest[1] == version.get("sha256"):
                self._map_urls(article_id, urls)
                return "unchanged"
            if stored is None:
                outcome = "new"
                self._insert("articles", [{"article_id": article_id, **row, "stage": "ingested",
                                           "pipeline_version": None, "ingested_at": now(), "analyzed_at": None}])
            else:
                outcome = "version"
                sets = ", ".join(f"[{c}] = ?" for c in row)
                self.conn.execute(f"UPDATE articles SET {sets} WHERE article_id = ?", (*row.values(), article_id))
                if stored[0] != article.text:
                    # Analyzed again: the article record shows the latest text, and the claims
                    # of the earlier text go (their offsets point into it; its raw bytes are kept
                    # in its version, reviews are kept by claim id). They stay readable in
                    # version_claims, to be compared with the new text's once it is analyzed.
                    self._keep_version_claims(article_id, latest[0] if latest else 0)
                    for table in ("claim_attributions", "attributions", "claims"):
                        self.conn.execute(f"DELETE FROM [{table}] WHERE article_id = ?", (article_id,))
                    self.conn.execute("UPDATE articles SET stage = 'ingested', ingested_at = ? WHERE article_id = ?",
                                      (now(), article_id))
            self._insert("versions", [{
                "article_id": article_id,
                "url": version.get("url"),
                "version": (latest[0] if latest else 0) + 1,
                "fetched_at": version.get("fetched_at") or now(),
                "http_status": version.get("http_status"),
                "sha256": version.get("sha256"),
                "changed": json.dumps(version.get("changed") or []),
                "raw": zlib.compress(version.get("raw") or b"", 6),
                "etag": version.get("etag"),
                "last_modified": version.get("last_modified"),
                "content_type": version.get("content_type"),
                "asked_url": version.get("asked_url"),
            }])
            self._map_urls(article_id, urls)  # after the article row: the foreign key holds
        return outcome

    def _keep_version_claims(self, article_id: str, version: int) -> None:
        """Copy the article's claims (read from `version`'s text) into version_claims, with
        their attributions' source and cue texts, before a changed text takes them away."""
        rows = []
        for c in self.conn.execute(
                "SELECT claim_id, text, text_hash, status, sources, chain FROM claims WHERE article_id = ?",
                (article_id,)).fetchall():
            atts = [{"source": s, "cue": q} for s, q in self.conn.execute(
                """SELECT a.source_text, a.cue_text FROM claim_attributions ca
                   JOIN attributions a ON a.attribution_id = ca.attribution_id
                   WHERE ca.claim_id = ? ORDER BY a.cue_start, a.attribution_id""", (c[0],))]
            rows.append((article_id, version, c[0], c[1], c[2], c[3], c[4], c[5], json.dumps(atts)))
        self.conn.executemany(
            "INSERT OR REPLACE INTO version_claims (article_id, version, claim_id, text, text_hash, status, "
            "sources, chain, attributions, compared) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", rows)

    def versions(self) -> Iterator[dict[str, Any]]:
        """Every stored version (raw bytes left out), by article and version."""
        return self.db.query(
            "SELECT article_id, url, version, fetched_at, http_status, sha256, changed FROM versions "
            "ORDER BY article_id, version")

    def pending_ids(self, version: str) -> list[str]:
        """Ids of articles not yet analyzed by this version of the pipeline, in a stable
        order (ids only: the texts are read chunk by chunk as workers need them)."""
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM articles WHERE pipeline_version IS NOT ? OR stage != 'analyzed' "
            "ORDER BY source_file, position, article_id", (version,))]

    def save_analysis(self, article_id: str, version: str, analysis: Any) -> bool:
        """Replace one article's claims, attributions and their links atomically
        (reviews are kept: they refer to claim ids, which are stable); False, and nothing
        written, when this version's analysis of the article is already stored.

        That check is made inside the write transaction: a second `attrib run` over the
        same input, which analyzed the article at the same time, does not store it again
        (which would clear the cluster ids the first run's link has written meanwhile)."""
        with self.transaction():
            row = self.conn.execute("SELECT stage, pipeline_version FROM articles WHERE article_id = ?",
                                    (article_id,)).fetchone()
            if row is not None and row[0] == "analyzed" and row[1] == version:
                return False
            for table in ("claim_attributions", "attributions", "claims"):
                self.conn.execute(f"DELETE FROM [{table}] WHERE article_id = ?", (article_id,))
            self._insert("claims", analysis.claims)
            self._insert("attributions", analysis.attributions)
            self._insert("claim_attributions", analysis.links)
            # the claims' sentence vectors, made by the claims step: `attrib link` need not embed them again
            stamp = now()
            self.conn.executemany(
                "INSERT OR IGNORE INTO embeddings (model, text_hash, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)",
                [(v["model"], v["text_hash"], v["dim"], v["vector"], stamp) for v in getattr(analysis, "vectors", [])])
            self.conn.execute(
                "UPDATE articles SET stage = 'analyzed', pipeline_version = ?, analyzed_at = ? WHERE article_id = ?",
                (version, now(), article_id),
            )
        return True

    # -- reading -------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Counts of what is stored, all from one state of the database."""
        from attrib.versions import analysis_version

        q = lambda sql, *args: self.conn.execute(sql, args).fetchone()[0]  # noqa: E731
        with self.snapshot():
            return {
                "articles": q("SELECT count(*) FROM articles"),
                "outlets": q("SELECT count(DISTINCT outlet) FROM articles"),
                "claims": q("SELECT count(*) FROM claims"),
                "attributions": q("SELECT count(*) FROM attributions"),
                "unsourced": q("SELECT count(*) FROM claims WHERE status = 'unsourced'"),
                "anonymous": q("SELECT count(*) FROM claims WHERE status = 'anonymous'"),
                "vague": q("SELECT count(*) FROM claims WHERE status = 'vague'"),
                "clusters": q("SELECT count(*) FROM clusters"),
                # as pending_ids counts them: an analysis by an older pipeline is pending too
                "pending": q("SELECT count(*) FROM articles WHERE pipeline_version IS NOT ? OR stage != 'analyzed'",
                             analysis_version()),
            }

    def articles(self) -> Iterator[dict[str, Any]]:
        return self.db.query("SELECT * FROM articles ORDER BY source_file, position, article_id")


def enable_wal(conn: sqlite3.Connection, timeout: float = BUSY_TIMEOUT_MS / 1000) -> str:
    """Switch the database to WAL (readers never block the writer, nor it them); returns
    the journal mode it is in.

    Changing the journal mode fails at once with "database is locked", without waiting
    for the busy timeout, while another connection holds a write lock on a database still
    in rollback mode (two processes creating the same new database at once), so it is
    tried again until the busy timeout has passed."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                mode = conn.execute("PRAGMA journal_mode = wal").fetchone()[0]
            return mode
        except sqlite3.OperationalError as e:
            if not is_busy(e) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def is_busy(error: BaseException) -> bool:
    """Whether a sqlite3 error is another connection holding a lock."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error))


def article_row(article: RawArticle) -> dict[str, Any]:
    """The `articles` columns an ingested article fills (files and web pages alike)."""
    return {
        "outlet": article.outlet or "unknown",
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "published_text": article.published_text,
        "wire": article.wire,
        "republished_by": article.republished_by,
        "dateline": article.dateline,
        "author": article.author,
        "source_file": article.source_file,
        "position": article.position,
        "text": article.text,
    }


def article_id(article: RawArticle) -> str:
    """Same outlet and same text give the same id, whatever file they came from."""
    return content_id("article", article.outlet or "", article.text)
