"""Coverage across outlets: what the linker's clusters say about how each outlet sourced
the same claim.

`attribution_dropped`: this outlet states as fact (unsourced) what another outlet in the
cluster attributes. `source_changed`: two outlets name sources with nothing in common.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from attrib.text.credits import WIRE_FULL_NAMES, WIRES

if TYPE_CHECKING:
    from attrib.store.store import Store

LINK_FLAGS = ("attribution_dropped", "source_changed")
ATTRIBUTED = ("sourced", "anonymous", "vague")


def _names(sources: Iterable[str]) -> set[str]:
    out = set()
    for s in sources:
        low = s.lower()
        out.add(low)
        parts = [w for w in low.replace("'s", "").split() if len(w) > 2]
        if parts:
            out.add(parts[-1])  # "Israel Katz" and "Katz"
    return out


def comparison_flags(members: list[dict[str, Any]]) -> dict[str, list[str]]:
    """claim_id -> the cross-outlet flags it earns. Each member has claim_id, outlet,
    status and sources (a list of names)."""
    flags: dict[str, list[str]] = {m["claim_id"]: [] for m in members}
    for m in members:
        others = [o for o in members if o["outlet"] != m["outlet"]]
        if m["status"] == "unsourced" and any(o["status"] in ATTRIBUTED for o in others):
            flags[m["claim_id"]].append("attribution_dropped")
        mine = _names(m["sources"])
        if m["status"] in ("sourced", "anonymous") and mine and any(
                o["status"] in ("sourced", "anonymous") and o["sources"] and not (_names(o["sources"]) & mine)
                for o in others):
            flags[m["claim_id"]].append("source_changed")
    return flags


def merge_flags(analysis_flags: list[str], link_flags: list[str]) -> list[str]:
    """The claim's own flags (from analysis) followed by this link's, without stale ones."""
    return [f for f in analysis_flags if f not in LINK_FLAGS] + list(link_flags)


_WIRE_LOW = {w.lower() for w in WIRES + WIRE_FULL_NAMES}


def via_wire(chain: list[str], wire: str | None) -> bool:
    """The claim reached the page through a wire service (a credit on the article, or
    a wire in its chain before the publishing outlet)."""
    return bool(wire) or any(name.lower() in _WIRE_LOW for name in chain[:-1])


def is_cross_outlet(cluster: dict[str, Any] | Iterable[str]) -> bool:
    """Whether a cluster (a record with `outlets`, or the outlets themselves) spans at
    least two outlets. The one rule for "cross-outlet": a claim repeated within one outlet
    (a near-copy in one article, or two articles of one outlet) is a repeat, not two
    outlets agreeing; every count and view of cross-outlet coverage uses this."""
    outlets = cluster.get("outlets", ()) if isinstance(cluster, dict) else cluster
    return len(set(outlets)) >= 2


# The same rule in SQL, for a row of `clusters` (as `clusters`): its members' distinct outlets.
CROSS_OUTLET_SQL = """(SELECT count(DISTINCT a.outlet) FROM claims c JOIN articles a ON a.article_id = c.article_id
    WHERE c.cluster_id = clusters.cluster_id) >= 2"""


def cluster_counts(store: Store) -> dict[str, int]:
    """{"cross_outlet": clusters spanning two outlets or more, "same_outlet": the others
    (one claim repeated within one outlet)}."""
    row = store.conn.execute(
        f"SELECT count(*), coalesce(sum({CROSS_OUTLET_SQL}), 0) FROM clusters").fetchone()
    return {"cross_outlet": int(row[1]), "same_outlet": int(row[0] - row[1])}


def compare_records(store: Store) -> list[dict[str, Any]]:
    """Each cluster with, per outlet, its wording, status, sources, chain and flags; the
    clusters with the most outlets first, so the cross-outlet ones (`cross_outlet`: true)
    come before the repeats within one outlet."""
    import json

    out = []
    for cl in store.db.query("SELECT * FROM clusters"):
        members = list(store.db.query(
            """SELECT c.claim_id, c.article_id, c.text, c.status, c.sources, c.chain, c.flags, c.checkworthy,
                      a.outlet, a.title FROM claims c JOIN articles a ON a.article_id = c.article_id
               WHERE c.cluster_id = ? ORDER BY a.outlet, c.start""", [cl["cluster_id"]]))
        out.append({
            "cluster_id": cl["cluster_id"], "size": len(members), "label": cl["label"],
            "story_id": cl.get("story_id"), "cohesion": cl.get("cohesion"),
            "outlets": sorted({m["outlet"] for m in members}),
            "cross_outlet": is_cross_outlet([m["outlet"] for m in members]),
            "coverage": [{
                "outlet": m["outlet"], "article_id": m["article_id"], "title": m["title"],
                "claim_id": m["claim_id"], "text": m["text"], "status": m["status"],
                "sources": json.loads(m["sources"] or "[]"), "chain": json.loads(m["chain"] or "[]"),
                "flags": json.loads(m["flags"] or "[]"),
            } for m in members],
        })
    out.sort(key=lambda r: (-len(r["outlets"]), -r["size"], r["cluster_id"]))
    return out
