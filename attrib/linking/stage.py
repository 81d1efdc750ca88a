"""The link stage: embed what is new, group stories, link claims, compare outlets.

Linking is recomputed over all stored claims whenever they changed (a new article can
join an old cluster), and written in one transaction: a crash leaves the previous clusters
intact. When nothing it reads has changed since the last link (same claims, same
analysis, same model and settings) it is skipped. Embeddings are the expensive part and
are kept across runs (attrib/linking/embed.py).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from attrib.linking.compare import LINK_FLAGS, comparison_flags, merge_flags
from attrib.linking.edits import compare_versions
from attrib.linking.embed import Encoder, embed_pending, model_name, vectors_for
from attrib.ids import content_id
from attrib.linking.cluster import LinkConfig, LinkItem, cohesion, link
from attrib.store.store import Store, now
from attrib.linking.stories import STORY_CONFIG, article_vectors, group_stories
from attrib.versions import LINK_VERSION


@dataclass
class LinkReport:
    embedded: int = 0
    claims: int = 0
    stories: int = 0  # stories of two or more articles
    clusters: int = 0
    flagged: int = 0  # claims with a cross-outlet flag
    seconds_embed: float = 0.0
    seconds_link: float = 0.0
    skipped: bool = False  # nothing changed since the last link
    edits: int = 0  # edits to attribution found between versions of web articles


def day_of(published: str | None) -> int | None:
    """An ISO date (or date-time) as a day number; None when absent or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10]).toordinal()
    except ValueError:
        return None


def _medoid(vecs: np.ndarray, idx: list[int], order: list[tuple[float, str]] | None = None) -> int:
    """The member most like the others. Centralities equal to 4 decimals are a tie (two
    members always are: only float rounding tells them apart, and it differs between
    machines), broken by `order` (lower first: the most check-worthy, then the claim id)."""
    m = vecs[idx]
    central = np.round((m @ m.T).sum(axis=1), 4)
    keys = order or [(0.0, str(i)) for i in idx]
    best = min(range(len(idx)), key=lambda k: (-float(central[k]), keys[k]))
    return idx[best]


def inputs_fingerprint(store: Store, model: str, config: LinkConfig) -> str:
    """A digest of everything linking reads: the claims (as the last analysis left them),
    the articles' dates, the model and the settings."""
    h = hashlib.sha256(repr((LINK_VERSION, model, config, STORY_CONFIG)).encode())
    for row in store.conn.execute("SELECT article_id, analyzed_at, published FROM articles ORDER BY article_id"):
        h.update(repr(row).encode())
    for row in store.conn.execute("SELECT claim_id, text_hash FROM claims ORDER BY claim_id"):
        h.update(repr(row).encode())
    return h.hexdigest()


def _meta(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


LINK_ATTEMPTS = 3  # links recomputed when another process changes the claims meanwhile


def link_store(store: Store, model: str | None = None, config: LinkConfig | None = None,
               advance: Callable[[str, int, int], None] | None = None, engine: Encoder | None = None,
               force: bool = True) -> LinkReport:
    """Embed, link and compare everything in the store. `advance(stage, done, total)`
    reports progress; `engine` encodes (attrib.linking.embed.Encoder; the run stage's engine may use a Dask cluster).
    Without `force`, a store whose claims have not changed since its last link is left
    as it is (report.skipped).

    The result is written only if the claims are still those it was computed from (a
    second `attrib run` may be storing analyses at the same time); otherwise it is
    computed again, so the last link written matches the database it leaves."""
    name = model_name(model)
    config = config or LinkConfig()
    for attempt in range(LINK_ATTEMPTS):
        fingerprint = inputs_fingerprint(store, name, config)
        if not force and attempt == 0 and _meta(store, "link_fingerprint") == fingerprint:
            report = _unchanged(store)
            report.edits = compare_versions(store, name)
            return report
        report = _link_once(store, name, config, advance, engine, fingerprint, last=attempt == LINK_ATTEMPTS - 1)
        if report is not None:
            # after the link's flags are written: edits to attribution between versions
            report.edits = compare_versions(store, name)
            return report
    raise AssertionError("unreachable: the last attempt always writes")


def _unchanged(store: Store) -> LinkReport:
    """What the last link found, for a run that had nothing to link again."""
    q = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    return LinkReport(skipped=True, claims=q("SELECT count(*) FROM claims WHERE text_hash IS NOT NULL"),
                      clusters=q("SELECT count(*) FROM clusters"),
                      stories=q("SELECT count(*) FROM (SELECT story_id FROM articles GROUP BY story_id "
                                "HAVING count(*) > 1)"))


def _link_once(store: Store, name: str, config: LinkConfig, advance: Callable[[str, int, int], None] | None,
               engine: Encoder | None, fingerprint: str, last: bool) -> LinkReport | None:
    """One link of the claims as they are; None (nothing written) when another process
    changed them while this one computed, unless this is the `last` try. Then the link
    is written but not marked current, so the next run links again."""
    report = LinkReport()
    t0 = time.perf_counter()
    report.embedded = embed_pending(
        store, name, advance=(lambda done, total: advance("embed", done, total)) if advance else None,
        engine=engine)
    report.seconds_embed = time.perf_counter() - t0

    t1 = time.perf_counter()
    while True:
        claim_ids, claim_articles, hashes, keys, days = claims_to_link(store)
        try:
            vecs = vectors_for(store, hashes, name) if hashes else np.zeros((0, 384), "float32")
            break
        except KeyError:
            # Another process stored claims after embed_pending looked (two runs at
            # once): embed those too. The write below sees that the claims changed since
            # `fingerprint` and links again.
            report.embedded += embed_pending(store, name, engine=engine)
    report.claims = len(claim_ids)
    del hashes
    article_ids = [r[0] for r in store.conn.execute("SELECT article_id FROM articles ORDER BY article_id")]
    story = group_stories(article_ids, article_vectors(article_ids, claim_articles, vecs)) \
        if claim_ids else {a: content_id("story", a) for a in article_ids}
    report.stories = sum(1 for n in Counter(story.values()).values() if n > 1)
    items = [LinkItem(cid, aid, story.get(aid), k, d) for cid, aid, k, d in zip(claim_ids, claim_articles, keys, days)]
    del keys, days
    if advance:
        advance("link", 0, len(items))
    clusters = link(items, vecs, config)
    del items
    if advance:
        advance("link", report.claims, report.claims)

    details = _details(store, [claim_ids[m] for members in clusters for m in members])
    cluster_rows, assign, new_flags = [], {}, {}
    for members in clusters:
        ids = sorted(claim_ids[m] for m in members)
        cid = content_id("cluster", *ids)
        order = [(-details[claim_ids[m]]["checkworthy"], claim_ids[m]) for m in members]
        label = details[claim_ids[_medoid(vecs, members, order)]]
        cluster_rows.append({
            "cluster_id": cid, "label": label["text"], "size": len(members), "created_at": now(),
            "story_id": story.get(label["article_id"]), "model": name,
            "cohesion": round(cohesion(vecs, members), 4),
        })
        info = [{"claim_id": claim_ids[m], "outlet": details[claim_ids[m]]["outlet"],
                 "status": details[claim_ids[m]]["status"],
                 "sources": json.loads(details[claim_ids[m]]["sources"] or "[]")} for m in members]
        for claim_id, flags in comparison_flags(info).items():
            assign[claim_id] = cid
            new_flags[claim_id] = flags
    report.clusters = len(cluster_rows)
    report.flagged = sum(1 for f in new_flags.values() if f)

    with store.transaction():
        if inputs_fingerprint(store, name, config) != fingerprint:
            if not last:
                return None  # rolls nothing back: nothing was written yet
            fingerprint = "stale"
        store.conn.execute("DELETE FROM clusters")
        store._insert("clusters", cluster_rows)
        store.conn.executemany("UPDATE articles SET story_id = ? WHERE article_id = ?",
                               [(s, a) for a, s in story.items()])
        # Claims that were in a cluster or carry a link flag, and the new members: the
        # others have no cluster and no link flag, before and after.
        touched = {cid: flags for cid, flags in store.conn.execute(
            "SELECT claim_id, flags FROM claims WHERE cluster_id IS NOT NULL OR "
            + " OR ".join(f"flags LIKE '%{f}%'" for f in LINK_FLAGS))}
        touched.update({cid: d["flags"] for cid, d in details.items()})
        updates = [(assign.get(cid), json.dumps(merge_flags(json.loads(flags or "[]"), new_flags.get(cid, []))), cid)
                   for cid, flags in touched.items()]
        store.conn.executemany("UPDATE claims SET cluster_id = ?, flags = ? WHERE claim_id = ?", updates)
        store.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('link_fingerprint', ?)", (fingerprint,))
    report.seconds_link = time.perf_counter() - t1
    return report


def claims_to_link(store: Store) -> tuple[list[str], list[str], list[str], list[dict[str, Any]], list[int | None]]:
    """Ids, articles, text hashes, keys and days of the claims to link. Only what linking
    needs, as plain lists: a million claims must fit in memory beside their vectors. What
    clusters show (texts, outlets, sources) is read after, for their members alone."""
    claim_ids: list[str] = []
    claim_articles: list[str] = []
    hashes: list[str] = []
    keys: list[dict[str, Any]] = []
    days: list[int | None] = []
    for cid, aid, h, k, published in store.conn.execute(
            """SELECT c.claim_id, c.article_id, c.text_hash, c.keys, a.published
               FROM claims c JOIN articles a ON a.article_id = c.article_id
               WHERE c.text_hash IS NOT NULL ORDER BY c.article_id, c.start"""):
        claim_ids.append(cid)
        claim_articles.append(aid)
        hashes.append(h)
        keys.append(json.loads(k or "{}"))
        days.append(day_of(published))
    return claim_ids, claim_articles, hashes, keys, days


def _details(store: Store, claim_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Text, article, outlet, status, sources and flags of these claims."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(claim_ids), 500):
        part = claim_ids[i:i + 500]
        for r in store.db.query(
                f"""SELECT c.claim_id, c.article_id, c.text, c.status, c.sources, c.flags, c.checkworthy, a.outlet
                    FROM claims c JOIN articles a ON a.article_id = c.article_id
                    WHERE c.claim_id IN ({', '.join('?' * len(part))})""", part):
            out[r["claim_id"]] = r
    return out
