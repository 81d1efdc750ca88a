"""Which claims in different articles are the same claim.

A false link tells a reader that two newsrooms corroborated each other, so precision
comes first:

1. candidates: each claim's nearest neighbours by cosine (exact matrix products for
   small sets, an approximate index above `EXACT_MAX`, see `neighbours`);
2. a pair is kept only across articles dated at most `max_days` apart (when both are
   dated), above `threshold`, within one story (or sharing `cross_story_names` names
   when the stories differ), and when the claims agree on what matters:
   no disjoint figures ("90%" is not "14%"), a shared name when both name someone, and
   the same polarity (a mismatch costs `NEGATION_PENALTY` of similarity);
3. clusters grow by average linkage with a floor: two clusters merge only if their
   mean cross similarity reaches `threshold`, none of their cross pairs falls below
   `floor`, and every cross pair agrees. A hub claim cannot chain unrelated claims.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

EXACT_MAX = 20_000  # above this many vectors, candidates come from the ANN index
NEGATION_PENALTY = 0.08


@dataclass
class LinkItem:
    """What the linker needs of a claim."""

    claim_id: str
    article_id: str
    story_id: str | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    day: int | None = None  # the article's publication date (proleptic ordinal), when known


@dataclass
class LinkConfig:
    threshold: float = 0.7  # calibrated on BASIL, see attrib/eval_linking.py
    floor: float = 0.55
    cross_story: float = 0.7  # across stories the same bar, but…
    cross_story_names: int = 3  # …the claims must share this many name words
    max_days: int = 14  # articles dated further apart than this report different events
    k: int = 10


def neighbours(vecs: np.ndarray, k: int, min_sim: float, exact_max: int = EXACT_MAX) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) with i < j among each row's k nearest rows, cosine >= min_sim."""
    n = vecs.shape[0]
    if n < 2:
        return []
    k = min(k, n - 1)
    if n > exact_max:
        idx, sims = _ann_neighbours(vecs, k)
    else:
        idx, sims = _exact_neighbours(vecs, k)
    pairs: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j, s in zip(idx[i], sims[i]):
            j = int(j)
            if j < 0 or j == i or s < min_sim:
                continue
            key = (i, j) if i < j else (j, i)
            if float(s) > pairs.get(key, -1.0):
                pairs[key] = float(s)
    return [(i, j, s) for (i, j), s in pairs.items()]


def _exact_neighbours(vecs: np.ndarray, k: int, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    n = vecs.shape[0]
    idx = np.empty((n, k), dtype=np.int64)
    sims = np.empty((n, k), dtype=np.float32)
    for start in range(0, n, block):
        s = vecs[start:start + block] @ vecs.T
        rows = np.arange(s.shape[0])
        s[rows, rows + start] = -2.0  # never one's own neighbour
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        idx[start:start + block] = part
        sims[start:start + block] = np.take_along_axis(s, part, axis=1)
    return idx, sims


def _ann_neighbours(vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Approximate neighbours from a usearch HNSW index (cosine), both cores."""
    from usearch.index import Index

    # f16 halves memory and time at recall 0.99; a lighter build (expansion_add 64) keeps
    # recall of pairs above cosine 0.6 at 0.99+ on real claim vectors (bench/bench_ann.py)
    index = Index(ndim=vecs.shape[1], metric="cos", dtype="f16", connectivity=16, expansion_add=64,
                  expansion_search=64)
    keys = np.arange(vecs.shape[0], dtype=np.uint64)
    index.add(keys, vecs, threads=0)
    found = index.search(vecs, k + 1, threads=0)
    idx = np.asarray(found.keys, dtype=np.int64)
    sims = 1.0 - np.asarray(found.distances, dtype=np.float32)
    if idx.ndim == 1:
        idx, sims = idx[:, None], sims[:, None]
    counts = np.asarray(found.counts)
    for row, c in enumerate(counts):  # rows with fewer hits than asked
        idx[row, c:] = -1
    return idx, sims


def disagree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Different figures, or both name someone and share no name."""
    fa, fb = set(a.get("figures") or ()), set(b.get("figures") or ())
    if fa and fb and not fa & fb:
        return True
    na, nb = set(a.get("names") or ()), set(b.get("names") or ())
    return bool(na and nb and not na & nb)


def too_far_apart(a: LinkItem, b: LinkItem, max_days: int) -> bool:
    """Two dated articles weeks apart: the same words are then most likely a new event
    (this year's patch, not last year's)."""
    return a.day is not None and b.day is not None and abs(a.day - b.day) > max_days


def shared_names(a: dict[str, Any], b: dict[str, Any]) -> int:
    return len(set(a.get("names") or ()) & set(b.get("names") or ()))


def pair_similarity(sim: float, a: dict[str, Any], b: dict[str, Any]) -> float:
    if bool(a.get("negated")) != bool(b.get("negated")):
        sim -= NEGATION_PENALTY
    return sim


def link(items: Sequence[LinkItem], vecs: np.ndarray, config: LinkConfig | None = None) -> list[list[int]]:
    """Clusters (lists of item indices, each spanning at least two articles)."""
    config = config or LinkConfig()
    if len(items) < 2:
        return []
    pairs = []
    for i, j, s in neighbours(vecs, config.k, min(config.floor, config.threshold)):
        a, b = items[i], items[j]
        if a.article_id == b.article_id or too_far_apart(a, b, config.max_days):
            continue
        s = pair_similarity(s, a.keys, b.keys)
        same_story = a.story_id is None or a.story_id == b.story_id
        if s < (config.threshold if same_story else config.cross_story) or disagree(a.keys, b.keys):
            continue
        if not same_story and shared_names(a.keys, b.keys) < config.cross_story_names:
            continue
        pairs.append((s, i, j))
    pairs.sort(reverse=True)

    cluster_of = list(range(len(items)))
    members: dict[int, list[int]] = {}

    def members_of(c: int) -> list[int]:
        return members.get(c, [c])

    for _, i, j in pairs:
        ca, cb = cluster_of[i], cluster_of[j]
        if ca == cb:
            continue
        ma, mb = members_of(ca), members_of(cb)
        cross = vecs[ma] @ vecs[mb].T
        ok = True
        for x, ia in enumerate(ma):
            for y, jb in enumerate(mb):
                cross[x, y] = pair_similarity(float(cross[x, y]), items[ia].keys, items[jb].keys)
                if disagree(items[ia].keys, items[jb].keys) or too_far_apart(items[ia], items[jb], config.max_days):
                    ok = False
                    break
            if not ok:
                break
        if not ok or cross.min() < config.floor or cross.mean() < config.threshold:
            continue
        merged = ma + mb
        for m in mb:
            cluster_of[m] = ca
        members[ca] = merged
        members.pop(cb, None)
    return [sorted(m) for m in members.values()
            if len({items[x].article_id for x in m}) >= 2]


def cohesion(vecs: np.ndarray, member_idx: Sequence[int]) -> float:
    """Mean pairwise cosine inside a cluster."""
    m = vecs[list(member_idx)]
    s = m @ m.T
    n = len(member_idx)
    return float((s.sum() - np.trace(s)) / (n * (n - 1))) if n > 1 else 1.0
