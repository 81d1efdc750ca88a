"""The exported records of ../shared/CONTRACT.md, built from database rows.

Rows (from the store, or from an in-memory analysis for `attrib check`) go in, contract
records come out, so both paths print exactly the same shapes.
"""
from __future__ import annotations

import collections
import json
from typing import Any, Iterable, Iterator

from attrib.analysis.claims.sourcing import best_status
from attrib.store.store import Store

TABLES = ("articles", "claims", "attributions", "clusters", "outlets", "versions")


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return {"text": text, "start": start, "end": end}


def _json(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def article_record(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": row["article_id"],
        "outlet": row["outlet"],
        "title": row["title"],
        "url": row["url"],
        "published": row["published"],
        "source_file": row["source_file"],
        "text": row["text"],
        # additions beyond the contract
        "published_text": row.get("published_text"),
        "wire": row.get("wire"),
        "republished_by": row.get("republished_by"),
        "dateline": row.get("dateline"),
        "author": row.get("author"),
    }


def attribution_record(row: dict[str, Any], outlet: str) -> dict[str, Any]:
    source = _span(row["source_text"], row["source_start"], row["source_end"])
    if source is not None:
        source["resolved"] = row["source_resolved"]
        source["type"] = row["source_type"] or "unknown"
    return {
        "attribution_id": row["attribution_id"],
        "article_id": row["article_id"],
        "outlet": outlet,
        "claim_id": row["claim_id"],
        "kind": row["kind"],
        "cue": _span(row["cue_text"], row["cue_start"], row["cue_end"]),
        "source": source,
        "content": _span(row["content_text"], row["content_start"], row["content_end"]),
        "parent_id": row["parent_id"],
        "chain": _json(row["chain"], [outlet]),
    }


def review_record(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    rec = {"verdict": row["verdict"], "note": row["note"], "at": row["at"]}
    if row.get("source_name") or row.get("source_type"):
        rec["source"] = {"name": row.get("source_name"), "type": row.get("source_type")}
    return rec


def claim_record(row: dict[str, Any], article: dict[str, Any], attributions: list[dict[str, Any]],
                 review: dict[str, Any] | None, cluster: bool = True) -> dict[str, Any]:
    outlet = article["outlet"]
    rec = {
        "claim_id": row["claim_id"],
        "article_id": row["article_id"],
        "outlet": outlet,
        "title": article.get("title"),
        "text": row["text"],
        "start": row["start"],
        "end": row["end"],
        "checkworthy": row["checkworthy"],
        "status": row["status"],
        "attributions": [attribution_record(a, outlet) for a in attributions],
        "sources": _json(row["sources"], []),
        "chain": _json(row["chain"], [outlet]),
        "cluster_id": row.get("cluster_id"),
        "flags": _json(row["flags"], []),
        "review": review_record(review),
    }
    if not cluster:
        del rec["cluster_id"]
    return rec


# -- from the store ---------------------------------------------------------------------

def _articles_by_id(store: Store) -> dict[str, dict[str, Any]]:
    return {a["article_id"]: a for a in store.db.query("SELECT article_id, outlet, title FROM articles")}


def latest_reviews(store: Store, claim_id: str | None = None) -> dict[str, dict[str, Any]]:
    """The latest verdict per claim (or of one claim); an `undo` row withdraws the one
    before it."""
    history: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    where, params = ("WHERE claim_id = ? ", [claim_id]) if claim_id is not None else ("", [])
    for r in store.db.query(f"SELECT * FROM reviews {where}ORDER BY review_id", params):
        if r["verdict"] == "undo":
            if history[r["claim_id"]]:
                history[r["claim_id"]].pop()
        else:
            history[r["claim_id"]].append(r)
    return {cid: rows[-1] for cid, rows in history.items() if rows}


def iter_articles(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.articles():
        yield article_record(row)


def iter_attributions(store: Store) -> Iterator[dict[str, Any]]:
    arts = _articles_by_id(store)
    for row in store.db.query("SELECT * FROM attributions ORDER BY article_id, content_start, attribution_id"):
        yield attribution_record(row, arts[row["article_id"]]["outlet"])


def iter_claims(store: Store, where: str = "", params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    arts = _articles_by_id(store)
    reviews = latest_reviews(store)
    by_claim: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for a in store.db.query(
        """SELECT l.claim_id AS link_claim, t.* FROM claim_attributions l
           JOIN attributions t ON t.attribution_id = l.attribution_id
           ORDER BY t.content_start, t.attribution_id"""
    ):
        by_claim[a.pop("link_claim")].append(a)
    sql = "SELECT * FROM claims " + (f"WHERE {where} " if where else "") + "ORDER BY article_id, start"
    for row in store.db.query(sql, list(params)):
        yield claim_record(row, arts[row["article_id"]], by_claim.get(row["claim_id"], []),
                           reviews.get(row["claim_id"]))


def iter_clusters(store: Store) -> Iterator[dict[str, Any]]:
    from attrib.linking.compare import is_cross_outlet

    arts = _articles_by_id(store)
    for cl in store.db.query("SELECT * FROM clusters ORDER BY cluster_id"):
        members = list(store.db.query(
            "SELECT claim_id, article_id, status FROM claims WHERE cluster_id = ? ORDER BY article_id, start",
            [cl["cluster_id"]]))
        outlets = sorted({arts[m["article_id"]]["outlet"] for m in members})
        statuses = {o: best_status(m["status"] for m in members if arts[m["article_id"]]["outlet"] == o)
                    for o in outlets}
        yield {
            "cluster_id": cl["cluster_id"],
            "size": len(members),
            "outlets": outlets,
            "claim_ids": [m["claim_id"] for m in members],
            "label": cl["label"],
            "statuses": statuses,
            # beyond the contract's keys: false for a claim repeated within one outlet
            "cross_outlet": is_cross_outlet(outlets),
        }


def iter_outlets(store: Store) -> Iterator[dict[str, Any]]:
    rows = store.db.query(
        """SELECT a.outlet AS outlet,
                  count(DISTINCT a.article_id) AS articles,
                  count(c.claim_id) AS claims,
                  sum(c.status = 'sourced') AS sourced,
                  sum(c.status = 'anonymous') AS anonymous,
                  sum(c.status = 'vague') AS vague,
                  sum(c.status = 'unsourced') AS unsourced
           FROM articles a LEFT JOIN claims c ON c.article_id = a.article_id
           GROUP BY a.outlet ORDER BY a.outlet"""
    )
    top: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in store.db.query(
        """SELECT ar.outlet AS outlet, coalesce(t.source_resolved, t.source_text) AS name
           FROM attributions t JOIN articles ar ON ar.article_id = t.article_id
           WHERE t.source_text IS NOT NULL AND t.evidential = 1
             AND NOT (t.source_resolved IS NULL AND lower(t.source_text) IN ('who', 'whom', 'whose', 'which', 'that'))"""
    ):  # who the outlet sources its content to: "India declined to sign…" names India, sources nothing;
        # a relative pronoun nothing resolved names nobody
        top[r["outlet"]][r["name"]] += 1
    from attrib.linking.compare import CROSS_OUTLET_SQL, via_wire

    # shared with others: in a cluster spanning two outlets or more, not a repeat within one
    cross = {r[0] for r in store.conn.execute(f"SELECT cluster_id FROM clusters WHERE {CROSS_OUTLET_SQL}")}
    wire: collections.Counter = collections.Counter()
    clustered: collections.Counter = collections.Counter()
    for r in store.db.query(
        """SELECT a.outlet AS outlet, a.wire AS wire, c.chain AS chain, c.cluster_id AS cluster_id
           FROM claims c JOIN articles a ON a.article_id = c.article_id"""
    ):
        wire[r["outlet"]] += via_wire(_json(r["chain"], []), r["wire"])
        clustered[r["outlet"]] += r["cluster_id"] in cross
    for r in rows:
        counts = {k: int(r[k] or 0) for k in ("articles", "claims", "sourced", "anonymous", "vague", "unsourced")}
        n = counts["claims"]
        share = (lambda k: round(k / n, 4) if n else 0.0)  # noqa: E731
        yield {
            "outlet": r["outlet"],
            **counts,
            "share_unsourced": share(counts["unsourced"]),
            "top_sources": [[name, n] for name, n in top[r["outlet"]].most_common(10)],
            # beyond the contract's keys
            "share_anonymous": share(counts["anonymous"]),
            "share_vague": share(counts["vague"]),
            "via_wire": wire[r["outlet"]],
            "share_via_wire": share(wire[r["outlet"]]),
            "shared_with_others": clustered[r["outlet"]],
            "only_here": n - clustered[r["outlet"]],
        }


# -- outlet filters -----------------------------------------------------------------------


def outlet_key(name: str) -> str:
    """What an outlet filter compares: case and runs of spaces do not matter
    ("coastal herald" is "Coastal  Herald")."""
    return " ".join(name.split()).casefold()


class UnknownOutlet(ValueError):
    """An outlet filter that names no stored outlet; the message names the closest ones."""

    def __init__(self, name: str, known: list[str], where: str = ""):
        self.name, self.closest = name, closest_outlets(name, known)
        here = f" in {where}" if where else ""
        if not known:
            msg = f"no outlet {name!r}{here}: the database holds no articles yet"
        else:
            msg = f"no outlet {name!r}{here}; the closest: {', '.join(self.closest)}"
        super().__init__(msg)


def closest_outlets(name: str, known: list[str], n: int = 3) -> list[str]:
    """The `n` stored outlets most like `name`, best first: difflib's ratio on the filter's
    keys, with a name that holds the other ("herald" in "Coastal Herald") ranked as close."""
    import difflib

    want = outlet_key(name)
    by_key: dict[str, str] = {}
    for k in known:
        by_key.setdefault(outlet_key(k), k)

    def score(key: str) -> float:
        ratio = difflib.SequenceMatcher(None, want, key).ratio()
        return max(ratio, 0.9) if want and (want in key or key in want) else ratio

    ranked = sorted(by_key, key=lambda k: (-score(k), k))
    return [by_key[k] for k in ranked[:n]]


def match_outlets(store: Store, names: Iterable[str], strict: bool = False) -> list[str]:
    """The stored outlet names the filter `names` denotes, compared by `outlet_key`.

    With `strict`, a name that matches none raises UnknownOutlet (a command line says so
    instead of printing an empty list that looks like success); otherwise it matches
    nothing."""
    known = [r[0] for r in store.conn.execute("SELECT DISTINCT outlet FROM articles")]
    by_key: dict[str, list[str]] = collections.defaultdict(list)
    for k in known:
        by_key[outlet_key(k)].append(k)
    out: list[str] = []
    for name in names:
        found = by_key.get(outlet_key(name), [])
        if not found and strict:
            raise UnknownOutlet(name, known, str(store.path))
        out += [f for f in found if f not in out]
    return out


def iter_table(store: Store, table: str) -> Iterator[dict[str, Any]]:
    return {
        "articles": iter_articles,
        "claims": iter_claims,
        "attributions": iter_attributions,
        "clusters": iter_clusters,
        "outlets": iter_outlets,
        "versions": iter_versions,
    }[table](store)


def version_record(row: dict[str, Any]) -> dict[str, Any]:
    """One fetched version of an article read from the web (contract: versions)."""
    return {
        "article_id": row["article_id"], "url": row["url"], "version": row["version"],
        "fetched_at": row["fetched_at"], "http_status": row["http_status"], "sha256": row["sha256"],
        "changed": _json(row["changed"], []),
    }


def iter_versions(store: Store) -> Iterator[dict[str, Any]]:
    if not store.db["versions"].exists():
        return
    for row in store.versions():
        yield version_record(row)
