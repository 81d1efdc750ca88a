"""Edits to attribution: what a later version of a web article changed in its claims.

When a changed page text is stored, the earlier text's claims are kept in
`version_claims` (attrib/store/store.py). Once the new text is analyzed and embedded,
the link stage compares them here: each earlier claim is matched to a claim of the new
text (the same text first, else the most similar sentence vector at cosine >= MATCH_COSINE,
else none), and an edit is

- `attribution_removed`: a matched claim that was attributed and is now unsourced;
- `status_changed`: a matched claim whose status changed otherwise;
- `sources_changed`: a matched claim with the same status and other sources;
- `claim_dropped`: an attributed earlier claim with no match.

Edits are stored in `version_edits` (once: a compared earlier claim is marked), the later
version's `changed` lists the claims they touch, and each later claim in an edit is
flagged `attribution_edited` (again after any analysis rewrote the flags). A database
with no web versions costs two indexed look-ups.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from attrib.linking.compare import ATTRIBUTED

if TYPE_CHECKING:
    from attrib.store.store import Store

MATCH_COSINE = 0.80
FLAG = "attribution_edited"
KINDS = ("status_changed", "sources_changed", "claim_dropped", "attribution_removed")


def compare_versions(store: Store, model: str) -> int:
    """Compare every earlier version's claims not compared yet with the claims that
    followed them, store the edits, and bring the flags up to date; returns how many
    edits were added."""
    if not _has_tables(store):
        return 0
    added = 0
    pending = store.conn.execute(
        """SELECT DISTINCT vc.article_id, vc.version FROM version_claims vc
           JOIN articles a ON a.article_id = vc.article_id
           WHERE vc.compared IS NULL AND a.stage = 'analyzed' ORDER BY vc.article_id, vc.version""").fetchall()
    for article_id, from_version in pending:
        with store.transaction():
            added += _compare_one(store, model, article_id, from_version)
    if store.conn.execute("SELECT 1 FROM version_edits LIMIT 1").fetchone() is not None:
        with store.transaction():
            _apply_flags(store)
    return added


def _has_tables(store: Store) -> bool:
    return store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                              "('version_claims', 'version_edits')").fetchone()[0] == 2


def _claims(rows: list[tuple]) -> list[dict[str, Any]]:
    return [{"claim_id": r[0], "text": r[1], "text_hash": r[2], "status": r[3],
             "sources": json.loads(r[4] or "[]")} for r in rows]


def _compare_one(store: Store, model: str, article_id: str, from_version: int) -> int:
    conn = store.conn
    before = _claims(conn.execute(
        "SELECT claim_id, text, text_hash, status, sources FROM version_claims "
        "WHERE article_id = ? AND version = ? AND compared IS NULL ORDER BY claim_id",
        (article_id, from_version)).fetchall())
    if not before:
        return 0
    # What followed: the next earlier version kept, else the article's claims now.
    nxt = conn.execute("SELECT min(version) FROM version_claims WHERE article_id = ? AND version > ?",
                       (article_id, from_version)).fetchone()[0]
    if nxt is not None:
        to_version = nxt
        after = _claims(conn.execute(
            "SELECT claim_id, text, text_hash, status, sources FROM version_claims "
            "WHERE article_id = ? AND version = ? ORDER BY claim_id", (article_id, nxt)).fetchall())
    else:
        to_version = conn.execute("SELECT max(version) FROM versions WHERE article_id = ?",
                                  (article_id,)).fetchone()[0] or from_version + 1
        after = _claims(conn.execute(
            "SELECT claim_id, text, text_hash, status, sources FROM claims WHERE article_id = ? ORDER BY start",
            (article_id,)).fetchall())
    pairs = match_claims(before, after, _vectors(store, model, [c["text_hash"] for c in before + after]))
    edits = []
    for i, old in enumerate(before):
        j = pairs.get(i)
        new = after[j] if j is not None else None
        kind = edit_kind(old, new)
        if kind is None:
            continue
        edits.append((article_id, from_version, to_version, kind, old["claim_id"], old["text"], old["status"],
                      json.dumps(old["sources"]), new and new["claim_id"], new and new["text"],
                      new and new["status"], json.dumps(new["sources"]) if new else None))
    conn.executemany(
        "INSERT OR IGNORE INTO version_edits (article_id, from_version, to_version, kind, before_claim_id, "
        "before_text, before_status, before_sources, after_claim_id, after_text, after_status, after_sources) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", edits)
    conn.execute("UPDATE version_claims SET compared = ? WHERE article_id = ? AND version = ?",
                 (to_version, article_id, from_version))
    if edits:
        row = conn.execute("SELECT changed FROM versions WHERE article_id = ? AND version = ?",
                           (article_id, to_version)).fetchone()
        if row is not None:
            changed = set(json.loads(row[0] or "[]"))
            changed.update(e[8] if e[8] else e[4] for e in edits)
            conn.execute("UPDATE versions SET changed = ? WHERE article_id = ? AND version = ?",
                         (json.dumps(sorted(changed)), article_id, to_version))
    return len(edits)


def _vectors(store: Store, model: str, hashes: list[str | None]) -> dict[str, np.ndarray]:
    """The stored vectors of these text hashes (those there are)."""
    from attrib.linking.embed import from_blob

    wanted = sorted({h for h in hashes if h})
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        for h, blob in store.conn.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({', '.join('?' * len(part))})",
                [model, *part]):
            out[h] = from_blob(blob)
    return out


def match_claims(before: list[dict[str, Any]], after: list[dict[str, Any]],
                 vectors: dict[str, np.ndarray]) -> dict[int, int]:
    """Index in `before` -> index in `after`, one to one: the same text first (in order),
    then the most similar vectors at cosine >= MATCH_COSINE, best pairs first."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    by_hash: dict[str, list[int]] = {}
    for j, c in enumerate(after):
        by_hash.setdefault(c["text_hash"] or c["text"], []).append(j)
    for i, c in enumerate(before):
        free = [j for j in by_hash.get(c["text_hash"] or c["text"], []) if j not in used]
        if free:
            pairs[i] = free[0]
            used.add(free[0])
    scored = []
    for i, c in enumerate(before):
        if i in pairs or c["text_hash"] not in vectors:
            continue
        for j, d in enumerate(after):
            if j in used or d["text_hash"] not in vectors:
                continue
            cos = float(vectors[c["text_hash"]] @ vectors[d["text_hash"]])
            if cos >= MATCH_COSINE:
                scored.append((-cos, i, j))
    for _, i, j in sorted(scored):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def edit_kind(old: dict[str, Any], new: dict[str, Any] | None) -> str | None:
    """The edit from `old` to its match `new` (None: unmatched), or None when there is none."""
    if new is None:
        return "claim_dropped" if old["status"] in ATTRIBUTED else None
    if old["status"] in ATTRIBUTED and new["status"] == "unsourced":
        return "attribution_removed"
    if old["status"] != new["status"]:
        return "status_changed"
    if sorted(old["sources"]) != sorted(new["sources"]):
        return "sources_changed"
    return None


def _apply_flags(store: Store) -> None:
    """`attribution_edited` on exactly the claims that are the later side of an edit."""
    want = {cid for cid, in store.conn.execute(
        "SELECT DISTINCT after_claim_id FROM version_edits WHERE after_claim_id IS NOT NULL")}
    have = {cid for cid, in store.conn.execute(f"SELECT claim_id FROM claims WHERE flags LIKE '%{FLAG}%'")}
    updates = []
    for cid in want | have:
        row = store.conn.execute("SELECT flags FROM claims WHERE claim_id = ?", (cid,)).fetchone()
        if row is None:
            continue
        flags = [f for f in json.loads(row[0] or "[]") if f != FLAG]
        if cid in want:
            flags.append(FLAG)
        if flags != json.loads(row[0] or "[]"):
            updates.append((json.dumps(flags), cid))
    store.conn.executemany("UPDATE claims SET flags = ? WHERE claim_id = ?", updates)


def edit_records(store: Store) -> list[dict[str, Any]]:
    """Each stored edit, before and after side by side (`attrib compare --edits`)."""
    if not _has_tables(store):
        return []
    out = []
    for r in store.db.query(
            """SELECT e.*, a.outlet, a.title FROM version_edits e JOIN articles a ON a.article_id = e.article_id
               ORDER BY a.outlet, a.title, e.article_id, e.to_version, e.kind, e.before_claim_id"""):
        out.append({
            "article_id": r["article_id"], "outlet": r["outlet"], "title": r["title"], "kind": r["kind"],
            "from_version": r["from_version"], "to_version": r["to_version"],
            "before_claim_id": r["before_claim_id"], "before_text": r["before_text"],
            "before_status": r["before_status"], "before_sources": json.loads(r["before_sources"] or "[]"),
            "after_claim_id": r["after_claim_id"], "after_text": r["after_text"],
            "after_status": r["after_status"],
            "after_sources": json.loads(r["after_sources"]) if r["after_sources"] is not None else None,
        })
    return out
