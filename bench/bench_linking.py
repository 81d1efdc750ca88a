"""Linking speed (issue #5): linking N claims with their embeddings given, and the
embedding stage against the model's raw encode time for the same texts.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_linking.py [--n 100000] [--texts 2000]

Linking: N synthetic unit vectors in 384 dimensions, N/4 topics of near-duplicates
(cosines 0.6-0.95 to their topic mates, like restated claims), spread over N/20
articles, with name and figure keys; timed through `attrib.linking.cluster.link`, exact
neighbours up to `EXACT_MAX` and the ANN index above it.
Embedding: real claim sentences from PolNeAR dev, `encode` alone against
`embed_pending` (hashing, querying, encoding, writing blobs) in the same process.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from common import ROOT  # noqa: E402 - puts the repository on sys.path


def synthetic(n: int, dim: int = 384, seed: int = 0):
    from attrib.linking.cluster import LinkItem

    rng = np.random.default_rng(seed)
    topics = max(n // 4, 1)
    centres = rng.normal(size=(topics, dim)).astype("float32")
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    which = rng.integers(0, topics, size=n)
    noise = rng.normal(size=(n, dim)).astype("float32")
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    mix = rng.uniform(0.25, 0.6, size=(n, 1)).astype("float32")
    vecs = centres[which] * (1 - mix) + noise * mix
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    names = [f"name{t % 5000}" for t in range(topics)]
    items = [LinkItem(str(i), f"a{rng.integers(0, max(n // 20, 2))}", None,
                      {"names": [names[which[i]]], "figures": [], "negated": False}) for i in range(n)]
    return items, vecs


def bench_link(n: int) -> None:
    from attrib.linking.cluster import EXACT_MAX, link

    items, vecs = synthetic(n)
    t = time.perf_counter()
    clusters = link(items, vecs)
    dt = time.perf_counter() - t
    how = "exact" if n <= EXACT_MAX else "ANN (usearch)"
    print(f"link {n:,} claims ({how} neighbours): {dt:.1f}s, {len(clusters):,} clusters")


def bench_embed(n_texts: int, polnear: Path) -> None:
    from attrib.eval.brat import load_polnear
    from attrib.linking.embed import embed_pending, encode, load_model
    from attrib.store.store import Store

    gold = load_polnear(polnear)
    sents = []
    for art in gold.values():
        sents += [s.strip() for s in art.text.replace("\n", " ").split(". ") if len(s.split()) > 6]
    texts = list(dict.fromkeys(sents))[:n_texts]
    load_model()
    encode(texts[:32])  # warm up
    t = time.perf_counter()
    encode(texts)
    raw = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "b.db")
        from attrib.analysis.rows import text_hash

        with store.transaction():
            store.conn.execute("INSERT INTO articles (article_id, outlet, text, stage) VALUES ('a', 'x', '', 'analyzed')")
            store.conn.executemany(
                "INSERT INTO claims (claim_id, article_id, start, end, text, text_hash, checkworthy, status) "
                "VALUES (?, 'a', 0, 0, ?, ?, 1, 'unsourced')",
                [(str(i), s, text_hash(s)) for i, s in enumerate(texts)])
        t = time.perf_counter()
        embed_pending(store)
        stage = time.perf_counter() - t
    print(f"embed {len(texts):,} texts: raw encode {raw:.1f}s, embedding stage {stage:.1f}s, ratio {stage / raw:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear/dev",
                    help="The PolNeAR split whose sentences are embedded (default: dev).")
    args = ap.parse_args()
    from attrib.config import require_data

    require_data(args.polnear, "polnear", "bench/bench_linking.py")
    bench_embed(args.texts, args.polnear)
    for n in args.n:
        bench_link(n)


if __name__ == "__main__":
    main()
