"""What the review interface reads and writes, without any UI (tui/ builds on this).

Reads: outlets and their articles, an article's text with its claims, a claim's chain
as steps with cue, kind and source type, the same claim in other outlets, the queue of
claims that need a source, clusters as an outlet x claim grid, outlet profiles, and
full-text search. Writes: verdicts, appended to `reviews` with their time (history is
kept; `undo` withdraws the latest), so they survive restarts and show in `export`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from attrib.types import SOURCE_TYPES
from attrib.linking.compare import CROSS_OUTLET_SQL, cluster_counts
from attrib.records.flagging import flagged_claims
from attrib.records.records import iter_outlets, latest_reviews
from attrib.analysis.claims.sourcing import STATUSES, attribution_status, best_status
from attrib.store.store import Store, now

VERDICTS = ("confirmed", "rejected", "corrected", "not_a_claim")
STATUS_SYMBOL = {"sourced": "✓", "anonymous": "?", "vague": "~", "unsourced": "✗"}
VERDICT_SYMBOL = {"confirmed": "✔", "rejected": "✘", "corrected": "✎", "not_a_claim": "⊘"}


def reviewed_status(status: str, review: dict[str, Any] | None) -> str | None:
    """The status a claim counts under once a reviewer has judged it: `confirmed` leaves
    the analysed status standing; `corrected` names the right source, so the status is the
    one that source gives (a named one: sourced; anonymous or a vague crowd: anonymous or
    vague); `rejected` says the status is wrong without saying which is right, so the claim
    counts as "rejected" (still a claim, under none of the four statuses); `not_a_claim`
    takes it out of every count (None), as `attrib flag` drops it from the queue."""
    verdict = (review or {}).get("verdict")
    if verdict == "not_a_claim":
        return None
    if verdict == "rejected":
        return "rejected"
    if verdict == "corrected" and (review.get("source_name") or review.get("source_type")):
        name = review.get("source_name") or review.get("source_type")
        return attribution_status({"source_text": name, "source_resolved": name,
                                   "source_type": review.get("source_type")})
    return status


@dataclass
class ChainStep:
    """One link of a chain: who, and how the content reached the next one."""

    name: str
    role: str  # "source", "intermediary" or "outlet"
    cue: str | None = None
    kind: str | None = None
    source_type: str | None = None


@dataclass
class ClaimDetail:
    claim: dict[str, Any]
    article: dict[str, Any]
    attributions: list[dict[str, Any]]
    chain: list[ChainStep]
    elsewhere: list[dict[str, Any]] = field(default_factory=list)  # the same claim in other articles
    review: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


class ReviewStore:
    """A read model over the attrib database for the TUI; every call reads fresh rows, so
    another process writing (attrib run) shows up on the next refresh."""

    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    # -- browsing ------------------------------------------------------------------

    def outlets_and_articles(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """[(outlet, [article rows with claim counts by status])], outlets by name."""
        rows = list(self.db.query(
            """SELECT a.article_id, a.outlet, a.title, a.published, a.published_text,
                      count(c.claim_id) AS claims,
                      sum(c.status = 'unsourced') AS unsourced, sum(c.status = 'anonymous') AS anonymous,
                      sum(c.status = 'vague') AS vague, sum(c.status = 'sourced') AS sourced
               FROM articles a LEFT JOIN claims c ON c.article_id = a.article_id
               GROUP BY a.article_id ORDER BY a.outlet, a.source_file, a.position"""))
        out: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            out.setdefault(r["outlet"], []).append(r)
        return sorted(out.items(), key=lambda kv: kv[0].casefold())

    def article(self, article_id: str) -> dict[str, Any] | None:
        return next(self.db.query("SELECT * FROM articles WHERE article_id = ?", [article_id]), None)

    def history_of(self, article_id: str) -> dict[str, Any]:
        """A web article's fetched versions (oldest first, `changed` parsed) and the edits
        to attribution between them; both empty for an article read from a file."""
        from attrib.linking.edits import edit_records

        tables = {r[0] for r in self.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        versions = []
        if "versions" in tables:
            versions = list(self.db.query(
                "SELECT version, url, fetched_at, http_status, sha256, changed FROM versions WHERE article_id = ? "
                "ORDER BY version", [article_id]))
            for v in versions:
                v["changed"] = json.loads(v["changed"] or "[]")
        edits = [e for e in edit_records(self.store) if e["article_id"] == article_id]
        return {"versions": versions, "edits": edits}

    def claims_of(self, article_id: str) -> list[dict[str, Any]]:
        """The article's claims in text order, each with its latest review (or None)."""
        reviews = latest_reviews(self.store)
        rows = list(self.db.query("SELECT * FROM claims WHERE article_id = ? ORDER BY start", [article_id]))
        for r in rows:
            r["flags"] = json.loads(r["flags"] or "[]")
            r["sources"] = json.loads(r["sources"] or "[]")
            r["review"] = reviews.get(r["claim_id"])
        return rows

    def claim(self, claim_id: str) -> ClaimDetail | None:
        row = next(self.db.query("SELECT * FROM claims WHERE claim_id = ?", [claim_id]), None)
        if row is None:
            return None
        row["flags"] = json.loads(row["flags"] or "[]")
        row["sources"] = json.loads(row["sources"] or "[]")
        article = self.article(row["article_id"]) or {}
        atts = list(self.db.query(
            """SELECT t.* FROM claim_attributions l JOIN attributions t ON t.attribution_id = l.attribution_id
               WHERE l.claim_id = ? ORDER BY t.content_start""", [claim_id]))
        primary = next((a for a in atts if a["attribution_id"] == row.get("primary_attribution_id")), None)
        history = list(self.db.query("SELECT * FROM reviews WHERE claim_id = ? ORDER BY review_id", [claim_id]))
        detail = ClaimDetail(claim=row, article=article, attributions=atts,
                             chain=chain_steps(primary, article.get("outlet", ""), self._parents(primary)),
                             review=self.latest(claim_id), history=history)
        if row.get("cluster_id"):
            detail.elsewhere = list(self.db.query(
                """SELECT c.claim_id, c.text, c.status, c.sources, c.chain, c.flags, a.outlet, a.title, a.article_id
                   FROM claims c JOIN articles a ON a.article_id = c.article_id
                   WHERE c.cluster_id = ? AND c.claim_id != ? ORDER BY a.outlet""", [row["cluster_id"], claim_id]))
        return detail

    def _parents(self, att: dict[str, Any] | None) -> list[dict[str, Any]]:
        out, seen = [], set()
        while att is not None and att.get("parent_id") and att["parent_id"] not in seen:
            seen.add(att["parent_id"])
            att = next(self.db.query("SELECT * FROM attributions WHERE attribution_id = ?", [att["parent_id"]]), None)
            if att is not None:
                out.append(att)
        return out

    # -- the queue, clusters, outlets ----------------------------------------------

    def queue(self, outlets: list[str] | None = None, statuses: list[str] | None = None,
              flag: str | None = None, min_score: float = 0.0) -> list[dict[str, Any]]:
        """Claims that need a source, most check-worthy first (attrib flag's list)."""
        # outlet names match whatever their case (flagged_claims compares by records.outlet_key)
        out = list(flagged_claims(self.store, outlets or (), statuses or (), min_score))
        return [r for r in out if flag is None or flag in r["flags"]]

    def clusters(self) -> list[dict[str, Any]]:
        from attrib.linking.compare import compare_records

        return compare_records(self.store)

    def status_grid(self, clusters: list[dict[str, Any]] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        """(outlets, rows): per cluster, outlet -> status (None where the outlet is silent),
        cross-outlet clusters first (compare_records' order). `clusters`: self.clusters(),
        when the caller has them already."""
        clusters = self.clusters() if clusters is None else clusters
        outlets = sorted({o for c in clusters for o in c["outlets"]}, key=str.casefold)
        rows = []
        for c in clusters:
            cells: dict[str, str | None] = {o: None for o in outlets}
            for o in c["outlets"]:
                cells[o] = best_status(cov["status"] for cov in c["coverage"] if cov["outlet"] == o)
            rows.append({"cluster_id": c["cluster_id"], "label": c["label"], "cells": cells,
                         "cross_outlet": c["cross_outlet"],
                         "dropped": any("attribution_dropped" in cov["flags"] for cov in c["coverage"]),
                         "changed": any("source_changed" in cov["flags"] for cov in c["coverage"])})
        return outlets, rows

    def outlet_profiles(self) -> list[dict[str, Any]]:
        """`attrib export outlets`' profiles with the claim counts as reviewed
        (`reviewed_status`): a rejected claim leaves its status column for `rejected`, a
        corrected one moves to its corrected source's status, `not_a_claim` is not counted.
        `shared_with_others` counts claims in cross-outlet clusters only."""
        profiles = list(iter_outlets(self.store))
        by_outlet = {p["outlet"]: p for p in profiles}
        reviews = latest_reviews(self.store)
        cross = {r["cluster_id"] for r in self.db.query(
            f"SELECT cluster_id FROM clusters WHERE {CROSS_OUTLET_SQL}")}
        keys = ("claims", *STATUSES, "rejected", "reviewed", "not_a_claim", "via_wire", "shared_with_others")
        for p in profiles:
            p.update({k: 0 for k in keys})
        from attrib.linking.compare import via_wire

        for r in self.db.query(
                """SELECT c.claim_id, c.status, c.cluster_id, c.chain, a.outlet, a.wire
                   FROM claims c JOIN articles a ON a.article_id = c.article_id"""):
            p = by_outlet.get(r["outlet"])
            if p is None:
                continue
            review = reviews.get(r["claim_id"])
            p["reviewed"] += review is not None
            status = reviewed_status(r["status"], review)
            if status is None:
                p["not_a_claim"] += 1
                continue
            p["claims"] += 1
            p[status] += 1
            p["via_wire"] += via_wire(json.loads(r["chain"] or "[]"), r["wire"])
            p["shared_with_others"] += r["cluster_id"] in cross
        for p in profiles:
            n = p["claims"]
            for share, key in (("share_unsourced", "unsourced"), ("share_anonymous", "anonymous"),
                               ("share_vague", "vague"), ("share_via_wire", "via_wire")):
                p[share] = round(p[key] / n, 4) if n else 0.0
            p["only_here"] = n - p["shared_with_others"]
        return profiles

    def search(self, query: str, limit: int = 200) -> list[dict[str, Any]]:
        """Claims matching `query` (SQLite full-text search; words are ANDed, a trailing
        word matches as a prefix)."""
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'
        return list(self.db.query(
            """SELECT c.claim_id, c.article_id, c.text, c.status, c.checkworthy, a.outlet, a.title
               FROM claims_fts f JOIN claims c ON c.rowid = f.rowid JOIN articles a ON a.article_id = c.article_id
               WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?""", [match, limit]))

    # -- verdicts ------------------------------------------------------------------

    def record(self, claim_id: str, verdict: str, note: str = "", source_name: str | None = None,
               source_type: str | None = None) -> dict[str, Any]:
        """Append a verdict (or "undo") for a claim; returns the review row."""
        if verdict not in VERDICTS + ("undo",):
            raise ValueError(f"unknown verdict {verdict!r}")
        if source_type is not None and source_type not in SOURCE_TYPES:
            raise ValueError(f"unknown source type {source_type!r}")
        if not self.store.conn.execute("SELECT 1 FROM claims WHERE claim_id = ?", (claim_id,)).fetchone():
            raise KeyError(claim_id)
        row = {"claim_id": claim_id, "verdict": verdict, "note": note, "source_name": source_name,
               "source_type": source_type, "at": now()}
        with self.store.transaction():
            cur = self.store.conn.execute(
                "INSERT INTO reviews (claim_id, verdict, note, source_name, source_type, at) VALUES (?, ?, ?, ?, ?, ?)",
                tuple(row.values()))
            row["review_id"] = cur.lastrowid
        return row

    def latest(self, claim_id: str) -> dict[str, Any] | None:
        return latest_reviews(self.store, claim_id).get(claim_id)

    def counts(self) -> dict[str, int]:
        """store.counts() plus `reviewed`, and the clusters split by the one rule
        (attrib.linking.compare.is_cross_outlet): `cross_outlet_clusters` and `same_outlet_repeats`."""
        c = self.store.counts()
        c["reviewed"] = len(latest_reviews(self.store))
        split = cluster_counts(self.store)
        c["cross_outlet_clusters"], c["same_outlet_repeats"] = split["cross_outlet"], split["same_outlet"]
        return c


def chain_steps(primary: dict[str, Any] | None, outlet: str, parents: list[dict[str, Any]]) -> list[ChainStep]:
    """The stored chain (names, original source first) with each step's cue, kind and type
    where an attribution says so."""
    if primary is None:
        return [ChainStep(outlet, "outlet")]
    names = json.loads(primary["chain"] or "[]") or [outlet]
    by_name: dict[str, dict[str, Any]] = {}
    for att in [primary, *parents]:
        name = att.get("source_resolved") or att.get("source_text")
        if name:
            by_name.setdefault(name.casefold(), att)
    steps = []
    for i, name in enumerate(names):
        role = "outlet" if i == len(names) - 1 else ("source" if i == 0 else "intermediary")
        att = by_name.get(name.casefold())
        steps.append(ChainStep(name, role, cue=att and att.get("cue_text"), kind=att and att.get("kind"),
                               source_type=att and att.get("source_type")))
    return steps
