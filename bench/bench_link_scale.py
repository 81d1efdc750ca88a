"""Linking at 10k, 100k and 1M claims (issue #7): time and peak memory, each size in a
fresh process, with vectors drawn from real claim embeddings.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_link_scale.py --db attrib.db [--n 10000 100000 1000000]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_link_scale.py --db attrib.db --store --n 100000 1000000

`--db` is any attrib database with embeddings (e.g. after `attrib run` on PolNeAR dev).
Its claim vectors are the seeds: each synthetic topic is a real claim vector moved by
noise (the 50 topics of one story, drawn from one seed, sit at cosine ~0.4 to each
other), and each claim is its topic moved again (cosine 0.55-0.95 to its topic mates,
like restated claims). So the vectors keep the real embeddings' shape (their common
direction, their spread), which uniform random vectors do not. Four claims per topic in
four of the story's ten articles (20 claims each, dated within four days), a name shared
within the topic; the stories span a year.

Reported per size: seconds in `attrib.linking.cluster.link` (candidates, filters, clustering), the
share of those in the neighbour search, peak RSS of the process and of the inputs alone,
and, above `EXACT_MAX`, the recall of the ANN candidates against exact search over a
sample of 500 claims. With `--store`, the same claims are written to a database first
and timed through `attrib.linking.stage.link_store` (what `attrib link` runs, minus embedding).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np



def seeds(db: Path) -> np.ndarray:
    conn = sqlite3.connect(db)
    from attrib.linking.embed import from_blob

    vecs = [from_blob(v) for (v,) in conn.execute("SELECT vector FROM embeddings")]
    if len(vecs) < 100:
        raise SystemExit(f"{db}: needs a database with at least 100 claim embeddings (run `attrib run` first)")
    return np.vstack(vecs)


def make(n: int, real: np.ndarray, seed: int = 0):
    """n claims: stories of 50 topics x 4 claims over 10 articles, as described above."""
    from attrib.linking.cluster import LinkItem

    rng = np.random.default_rng(seed)
    dim = real.shape[1]
    topics = max(n // 4, 1)
    stories = max(topics // 50, 1)
    story_seed = real[rng.integers(0, len(real), size=stories)]
    topic_story = np.minimum(np.arange(topics) // 50, stories - 1)
    centres = story_seed[topic_story] + rng.normal(0, 0.0625, size=(topics, dim)).astype("float32")
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    which = np.minimum(np.arange(n) // 4, topics - 1)
    vecs = np.empty((n, dim), dtype="float32")
    for start in range(0, n, 100_000):  # in blocks: the temporaries stay small
        end = min(n, start + 100_000)
        noise = rng.normal(size=(end - start, dim)).astype("float32")
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        mix = rng.uniform(0.25, 0.6, size=(end - start, 1)).astype("float32")
        block = centres[which[start:end]] * (1 - mix) + noise * mix
        vecs[start:end] = block / np.linalg.norm(block, axis=1, keepdims=True)
    story_day = 738000 + rng.integers(0, 365, size=stories)
    article_day = {}
    items = []
    for i in range(n):
        t = int(which[i])
        st = int(topic_story[t])
        art = f"s{st}a{i % 10}"  # a topic's four claims sit in four of its story's ten articles
        if art not in article_day:
            article_day[art] = int(story_day[st] + rng.integers(0, 4))
        items.append(LinkItem(str(i), art, None, {"names": [f"name{t}", f"story{st}"], "figures": [], "negated": False},
                              article_day[art]))
    return items, vecs


def one(n: int, db: Path) -> dict:
    import attrib.linking.cluster as linker

    real = seeds(db)
    items, vecs = make(n, real)
    inputs_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seen: dict = {}
    search = linker._ann_neighbours

    def timed_search(v, k):
        t = time.perf_counter()
        out = search(v, k)
        seen["search"] = time.perf_counter() - t
        seen["idx"] = out[0]
        return out

    linker._ann_neighbours = timed_search
    t = time.perf_counter()
    clusters = linker.link(items, vecs)
    took = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"n": n, "seconds": took, "clusters": len(clusters), "peak_rss_mb": peak, "inputs_rss_mb": inputs_mb,
           "search_seconds": seen.get("search"), "ann": n > linker.EXACT_MAX}
    if "idx" in seen:  # recall of the ANN's neighbours against exact search, on a sample
        rng = np.random.default_rng(1)
        sample = rng.choice(n, size=500, replace=False)
        k = seen["idx"].shape[1] - 1
        hit = total = 0
        hit07 = total07 = 0
        for q in sample:
            s = vecs @ vecs[q]
            s[q] = -2
            exact = np.argpartition(-s, k)[:k]
            got = set(int(x) for x in seen["idx"][q]) - {int(q)}
            hit += len(got & set(exact.tolist()))
            total += k
            strong = [int(x) for x in exact if s[x] >= 0.7]
            hit07 += len(got & set(strong))
            total07 += len(strong)
        out["recall_at_k"] = hit / total
        out["recall_pairs_ge_0.7"] = hit07 / total07 if total07 else None
    return out


def build_store(n: int, db: Path, out: Path) -> None:
    """A database of n synthetic claims (the vectors above, stored as embeddings)."""
    from attrib.linking.embed import DEFAULT_MODEL, to_blob
    from attrib.store.store import Store

    items, vecs = make(n, seeds(db))
    store = Store(out)
    day = lambda d: __import__("datetime").date.fromordinal(d).isoformat()  # noqa: E731
    arts = {it.article_id: it.day for it in items}
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO articles (article_id, outlet, text, stage, published) VALUES (?, ?, '', 'analyzed', ?)",
            [(a, f"outlet{i % 40}", day(d)) for i, (a, d) in enumerate(arts.items())])
        store.conn.executemany(
            "INSERT INTO claims (claim_id, article_id, start, end, text, text_hash, keys, checkworthy, status, "
            "flags, sources) VALUES (?, ?, 0, 0, ?, ?, ?, 0.9, ?, '[]', ?)",
            [(it.claim_id, it.article_id, f"claim {it.claim_id}", f"h{it.claim_id}", json.dumps(it.keys),
              "unsourced" if i % 3 else "sourced", "[]" if i % 3 else '["Someone"]') for i, it in enumerate(items)])
        store.conn.executemany(
            "INSERT INTO embeddings (model, text_hash, dim, vector, created_at) VALUES (?, ?, 384, ?, '')",
            [(DEFAULT_MODEL, f"h{it.claim_id}", to_blob(v)) for it, v in zip(items, vecs)])
    store.close()


def link_whole_store(path: Path) -> dict:
    from attrib.linking.stage import link_store
    from attrib.store.store import Store

    store = Store(path)
    t = time.perf_counter()
    r = link_store(store)
    return {"seconds": time.perf_counter() - t, "clusters": r.clusters, "claims": r.claims,
            "embedded": r.embedded, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="An attrib database with claim embeddings.")
    ap.add_argument("--n", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--store", action="store_true",
                    help="Link through the database (attrib.linking.stage.link_store: reading claims and vectors, "
                         "stories, clusters, writing) instead of attrib.linking.cluster.link alone.")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child processes
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--link-db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    from attrib.config import require_data

    require_data(args.db, "database", "bench/bench_link_scale.py")
    if args.one and args.build:
        build_store(args.one, args.db, args.build)
        return
    if args.link_db:
        print(json.dumps(link_whole_store(args.link_db)))
        return
    if args.one:
        print(json.dumps(one(args.one, args.db)))
        return
    if args.store:
        import tempfile

        print(f"{'claims':>10} {'build s':>8} {'link_store s':>12} {'clusters':>9} {'peak MB':>8}")
        for n in args.n:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "scale.db"
                t = time.perf_counter()
                subprocess.run([sys.executable, __file__, "--db", str(args.db), "--one", str(n), "--build", str(path)],
                               check=True)
                built = time.perf_counter() - t
                res = subprocess.run([sys.executable, __file__, "--db", str(args.db), "--link-db", str(path)],
                                     capture_output=True, text=True, check=True)
                r = json.loads(res.stdout.strip().splitlines()[-1])
                print(f"{n:>10,} {built:>8.0f} {r['seconds']:>12.1f} {r['clusters']:>9,} {r['peak_rss_mb']:>8.0f}",
                      flush=True)
        return
    print(f"{os.cpu_count()} cores; seeds: {len(seeds(args.db)):,} real claim vectors from {args.db}")
    print(f"{'claims':>10} {'link s':>8} {'search s':>9} {'clusters':>9} {'peak MB':>8} {'inputs MB':>9} "
          f"{'recall@k':>9} {'recall ≥0.7':>11}")
    for n in args.n:
        res = subprocess.run([sys.executable, __file__, "--db", str(args.db), "--one", str(n)],
                             capture_output=True, text=True)
        if res.returncode != 0:
            print(f"{n:>10,} failed: {res.stderr.strip().splitlines()[-1] if res.stderr.strip() else res.returncode}")
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        fmt = lambda x: "—" if x is None else f"{x:.3f}"  # noqa: E731
        print(f"{r['n']:>10,} {r['seconds']:>8.1f} {(r['search_seconds'] or 0):>9.1f} {r['clusters']:>9,} "
              f"{r['peak_rss_mb']:>8.0f} {r['inputs_rss_mb']:>9.0f} {fmt(r.get('recall_at_k')):>9} "
              f"{fmt(r.get('recall_pairs_ge_0.7')):>11}", flush=True)


if __name__ == "__main__":
    main()
