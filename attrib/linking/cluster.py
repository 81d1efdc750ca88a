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
    threshold: float = 0.7  # calibrated on BASIL, see attrib/eval/basil.py
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
    # Each unordered pair once, with its best similarity (vectorised: a million claims
    # give ten million candidate rows).
    rows = np.repeat(np.arange(n, dtype=np.int64), idx.shape[1])
    cols = idx.reshape(-1).astype(np.int64, copy=False)
    sim = sims.reshape(-1)
    keep = (cols >= 0) & (cols != rows) & (sim >= min_sim)
    lo, hi, sim = np.minimum(rows, cols)[keep], np.maximum(rows, cols)[keep], sim[keep]
    order = np.lexsort((-sim, hi, lo))  # by pair, best similarity first
    lo, hi, sim = lo[order], hi[order], sim[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    return list(zip(lo[first].tolist(), hi[first].tolist(), sim[first].astype(float).tolist()))


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


ANN_DIM = 128  # the ANN searches a PCA projection this wide; pairs are scored in full


def _ann_neighbours(vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Approximate neighbours from a usearch HNSW index, both cores.

    The index holds an 8-bit PCA projection of the vectors (128 of 384 dimensions): on
    100k claim vectors that builds and searches ~7x faster than the full f16 vectors. It
    is asked for twice the neighbours needed; their cosines are computed again from the
    full vectors and the best k kept. On 16k real MiniLM claim vectors (PolNeAR train)
    that finds 99.96% of the top-10 pairs at cosine >= 0.7 (full f16 vectors: 99.89%).
    The graph is denser than usearch's default (connectivity 24, expansions 96/128): at a
    million claims the default's recall of those pairs falls to 0.86, this one's is 0.996
    (bench/RESULTS.md).
    """
    from usearch.index import Index

    proj = _project(vecs, ANN_DIM)
    index = Index(ndim=proj.shape[1], metric="cos", dtype="i8", connectivity=24, expansion_add=96,
                  expansion_search=128)
    keys = np.arange(vecs.shape[0], dtype=np.uint64)
    index.add(keys, proj, threads=0)
    found = index.search(proj, 2 * k + 1, threads=0)
    del index, proj
    idx = np.asarray(found.keys, dtype=np.int64)
    if idx.ndim == 1:
        idx = idx[:, None]
    counts = np.asarray(found.counts)
    for row in np.flatnonzero(counts < idx.shape[1]):  # rows with fewer hits than asked
        idx[row, counts[row]:] = -1
    idx[idx == np.arange(idx.shape[0])[:, None]] = -1  # never one's own neighbour
    sims = _cosines(vecs, idx)
    best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return np.take_along_axis(idx, best, axis=1), np.take_along_axis(sims, best, axis=1)


def _project(vecs: np.ndarray, dim: int, sample: int = 20_000) -> np.ndarray:
    """Unit vectors in the top `dim` principal directions of (a fixed sample of) `vecs`."""
    if vecs.shape[1] <= dim:
        return vecs
    rng = np.random.default_rng(0)
    rows = rng.choice(vecs.shape[0], size=min(sample, vecs.shape[0]), replace=False)
    mean = vecs[rows].mean(axis=0)
    centred = vecs[rows] - mean
    _, eig = np.linalg.eigh(centred.T @ centred)  # ascending: the last columns explain most
    basis = np.ascontiguousarray(eig[:, ::-1][:, :dim], dtype=np.float32)
    out = np.empty((vecs.shape[0], dim), dtype=np.float32)
    for start in range(0, vecs.shape[0], 65_536):
        block = (vecs[start:start + 65_536] - mean) @ basis
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + 65_536] = block / np.maximum(norms, 1e-12)
    return out


def _cosines(vecs: np.ndarray, idx: np.ndarray, block: int = 8_192) -> np.ndarray:
    """vecs[i] . vecs[idx[i, j]] for every candidate (-2 where there is none)."""
    sims = np.full(idx.shape, -2.0, dtype=np.float32)
    for start in range(0, idx.shape[0], block):
        part = idx[start:start + block]
        got = np.einsum("id,ikd->ik", vecs[start:start + block], vecs[np.maximum(part, 0)])
        sims[start:start + block] = np.where(part >= 0, got, -2.0)
    return sims


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
