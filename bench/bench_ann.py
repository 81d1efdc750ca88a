"""Nearest-neighbour search for claim embeddings: exact matrix products vs ANN libraries.

Why: the claim linker needs, for every claim, its top-k (k = 10..20) most similar other
claims (cosine >= ~0.6) among all-MiniLM-L6-v2 embeddings (384-d float32, L2-normalised).
It must cope with 1,000,000 claims on a 2-core machine, and linking 100k claims must take
well under a minute. This script measures, on the same synthetic data, how long each
candidate takes to build its index and to query every point, how many of the true
neighbours it finds, and how much memory it adds, so the choice is made by measurement.

Data: synthetic but shaped like sentence embeddings: a shared mean direction (random pairs
sit at cosine ~0.08, as MiniLM's do), N/200 "super-topics", N/4 "topics" (claims that
paraphrase one another) each with its own spread, every point = topic centre + noise,
normalised. True top-1 cosines fall mostly in 0.6..0.95, and ~5% of the points have no
neighbour above 0.6; the distribution is printed for each N so you can judge it.

Methods (each run in a forked child, so its peak memory is its own):
  numpy-exact      X[block] @ X.T, argpartition for top-k (blocks sized to ~256 MB)
  numpy-thresh     the same product, but only scores >= --threshold go to the top-k
                   (what the linker actually needs; exact for those pairs)
  faiss-flat       faiss IndexFlatIP, exact (BLAS + heap)
  usearch-exact    usearch brute force (exact=True); ~9x slower than faiss-flat, so only
                   when named in --methods
  usearch-*        usearch Index, metric cos, f32 / f16 / i8, default and tuned graphs
  faiss-hnsw-*     faiss IndexHNSWFlat, inner product
  faiss-ivf        faiss IndexIVFFlat, inner product, 2*sqrt(N) lists, nprobe 16
  hnswlib-*        hnswlib, space 'ip'
Exact methods whose projected time (N^2 from the last measured size) exceeds
--exact-limit are run on a slice of queries against all N and extrapolated ("proj").

Metrics: build s, query s (all N points, k=10 other points, self removed), total,
recall@10 = |found top-10 & true top-10| / 10 on a 1,000-query random sample, and
recall>=thr = share of true top-10 neighbours with cosine >= --threshold that were found
(the pairs the linker keeps). +MB = child's peak RSS minus its RSS at start (index, copies
of the data, result arrays); the data itself (N x 384 x 4 bytes) is shared, not counted.

Run (from the repo root, with the venv; needs `pip install usearch faiss-cpu hnswlib`):
    .venv/bin/python bench/bench_ann.py                         # 10k and 100k, all methods
    .venv/bin/python bench/bench_ann.py --sizes 1000000 --max-n 1000000 \\
        --methods faiss-flat,usearch-i8-tuned,faiss-hnsw-m16   # 1M, a few methods
    .venv/bin/python bench/bench_ann.py --data emb.npy --sizes 50000   # real embeddings
Output is a plain table on stdout; tee it to a file to keep it. Synthetic 384-d data with
isotropic noise is a hard case for graph indexes (high intrinsic dimension); compare with
--data on real embeddings before trusting recall figures either way.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
import traceback

import numpy as np

DIM = 384


# ---------------------------------------------------------------- data
def _unit(a: np.ndarray) -> np.ndarray:
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    return a


def make_data(n: int, seed: int = 0, chunk: int = 65536) -> np.ndarray:
    """Clustered unit vectors, float32, built in chunks so 1M stays ~1.5 GB."""
    rng = np.random.default_rng(seed)
    mean = _unit(rng.standard_normal((1, DIM))).astype(np.float32)
    n_sup, n_top = max(1, n // 200), max(1, n // 4)
    sup = _unit(rng.standard_normal((n_sup, DIM)).astype(np.float32))
    centres = np.empty((n_top, DIM), np.float32)
    for i in range(0, n_top, chunk):
        j = min(n_top, i + chunk)
        c = 0.55 * sup[rng.integers(0, n_sup, j - i)]
        c += _unit(rng.standard_normal((j - i, DIM)).astype(np.float32))
        centres[i:j] = _unit(c)
    spread = rng.uniform(0.25, 0.9, n_top).astype(np.float32)
    topic = rng.integers(0, n_top, n)
    X = np.empty((n, DIM), np.float32)
    for i in range(0, n, chunk):
        j = min(n, i + chunk)
        t = topic[i:j]
        x = _unit(rng.standard_normal((j - i, DIM)).astype(np.float32))
        x *= spread[t, None]
        x += centres[t]
        x += 0.35 * mean
        X[i:j] = _unit(x)
    return X


def exact_truth(X: np.ndarray, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """True top-k (ids, cosines) of X[q] among X, self excluded."""
    ids = np.empty((len(q), k), np.int64)
    scs = np.empty((len(q), k), np.float32)
    b = max(1, (64 * 2**20) // len(X))  # ~256 MB of scores at a time
    for i in range(0, len(q), b):
        qq = q[i:i + b]
        S = X[qq] @ X.T
        S[np.arange(len(qq)), qq] = -np.inf
        idx = np.argpartition(S, -k, axis=1)[:, -k:]
        sc = np.take_along_axis(S, idx, 1)
        o = np.argsort(-sc, axis=1)
        ids[i:i + b] = np.take_along_axis(idx, o, 1)
        scs[i:i + b] = np.take_along_axis(sc, o, 1)
    return ids, scs


# ---------------------------------------------------------------- helpers
def drop_self(ids: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """ids: (n, k+1) results for queries `rows`; remove the query itself (or the last)."""
    ids = np.asarray(ids).astype(np.int64, copy=False)
    mask = ids == rows[:, None]
    no_self = ~mask.any(1)
    mask[no_self, -1] = True
    extra = mask.sum(1) > 1  # self found twice cannot happen; keep shape safe anyway
    if extra.any():
        for r in np.nonzero(extra)[0]:
            first = np.argmax(mask[r])
            mask[r] = False
            mask[r, first] = True
    return ids[~mask].reshape(len(ids), k)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- methods
# Each returns (build_s, query_s, ids_for_sample (len(sample), k), note).
# query covers all N points (or a slice, extrapolated, for exact methods: note "proj").

def _blocks(n: int, nq: int):
    b = int(max(32, min(4096, (64 * 2**20) // n)))  # B x N float32 block <= 256 MB
    for i in range(0, nq, b):
        yield i, min(nq, i + b)


def run_numpy(X, k, sample, nq, thr=None):
    n = len(X)
    out = np.empty((nq, k), np.int64)
    t0 = time.perf_counter()
    for i, j in _blocks(n, nq):
        S = X[i:j] @ X.T
        S[np.arange(j - i), np.arange(i, j)] = -np.inf
        if thr is None:
            idx = np.argpartition(S, -k, axis=1)[:, -k:]
        else:
            # keep only candidates >= thr, then top-k among them (pad with -1)
            r, c = np.nonzero(S >= thr)
            idx = np.full((j - i, k), -1, np.int64)
            if len(r):
                sc = S[r, c]
                o = np.lexsort((-sc, r))
                r, c = r[o], c[o]
                starts = np.searchsorted(r, np.arange(j - i))
                rank = np.arange(len(r)) - starts[r]
                keep = rank < k
                idx[r[keep], rank[keep]] = c[keep]
        out[i:j] = idx
    t = time.perf_counter() - t0
    # sample must lie inside the queried slice
    return 0.0, t, out[sample], ""


def run_faiss_flat(X, k, sample, nq):
    import faiss
    t0 = time.perf_counter()
    ix = faiss.IndexFlatIP(DIM)
    ix.add(X)
    tb = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, I = ix.search(X[:nq], k + 1)
    tq = time.perf_counter() - t0
    return tb, tq, drop_self(I[sample], sample, k), ""


def run_usearch(X, k, sample, nq, dtype="f32", conn=None, exp_add=None, exp_search=None,
                threads=2):
    from usearch.index import Index
    n = len(X)
    t0 = time.perf_counter()
    ix = Index(ndim=DIM, metric="cos", dtype=dtype, connectivity=conn,
               expansion_add=exp_add, expansion_search=exp_search)
    ix.add(np.arange(n, dtype=np.uint64), X, threads=threads)
    tb = time.perf_counter() - t0
    t0 = time.perf_counter()
    m = ix.search(X[:nq], k + 1, threads=threads)
    tq = time.perf_counter() - t0
    note = f"{ix.memory_usage / 2**20:.0f}MB idx"
    return tb, tq, drop_self(m.keys[sample], sample, k), note


def run_usearch_exact(X, k, sample, nq, threads=2):
    from usearch.index import search, MetricKind
    # usearch's brute force holds ~16 bytes per (query, point) pair: chunk the queries
    b = max(16, (16 * 2**20) // len(X))
    keys = np.empty((nq, k + 1), np.int64)
    t0 = time.perf_counter()
    for i in range(0, nq, b):
        j = min(nq, i + b)
        m = search(X, X[i:j], k + 1, MetricKind.IP, exact=True, threads=threads)
        keys[i:j] = m.keys
    tq = time.perf_counter() - t0
    return 0.0, tq, drop_self(keys[sample], sample, k), ""


def run_faiss_hnsw(X, k, sample, nq, M=32, ef_c=40, ef_s=16):
    import faiss
    t0 = time.perf_counter()
    ix = faiss.IndexHNSWFlat(DIM, M, faiss.METRIC_INNER_PRODUCT)
    ix.hnsw.efConstruction = ef_c
    ix.add(X)
    tb = time.perf_counter() - t0
    ix.hnsw.efSearch = ef_s
    t0 = time.perf_counter()
    _, I = ix.search(X[:nq], k + 1)
    tq = time.perf_counter() - t0
    return tb, tq, drop_self(I[sample], sample, k), ""


def run_faiss_ivf(X, k, sample, nq, lists_per_sqrt_n=2.0, nprobe=16):
    import faiss
    n = len(X)
    nlist = max(1, int(lists_per_sqrt_n * np.sqrt(n)))
    t0 = time.perf_counter()
    quant = faiss.IndexFlatIP(DIM)
    ix = faiss.IndexIVFFlat(quant, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    ix.cp.niter = 10
    ntrain = min(n, 50 * nlist)
    rs = np.random.default_rng(0).choice(n, ntrain, replace=False)
    ix.train(X[np.sort(rs)])
    ix.add(X)
    tb = time.perf_counter() - t0
    ix.nprobe = nprobe
    t0 = time.perf_counter()
    _, I = ix.search(X[:nq], k + 1)
    tq = time.perf_counter() - t0
    return tb, tq, drop_self(I[sample], sample, k), f"nlist {nlist}"


def run_hnswlib(X, k, sample, nq, M=16, ef_c=200, ef_s=64, threads=2):
    import hnswlib
    n = len(X)
    t0 = time.perf_counter()
    ix = hnswlib.Index(space="ip", dim=DIM)
    ix.init_index(max_elements=n, ef_construction=ef_c, M=M)
    ix.add_items(X, np.arange(n), num_threads=threads)
    tb = time.perf_counter() - t0
    ix.set_ef(ef_s)
    t0 = time.perf_counter()
    I, _ = ix.knn_query(X[:nq], k=k + 1, num_threads=threads)
    tq = time.perf_counter() - t0
    return tb, tq, drop_self(I[sample], sample, k), ""


def methods(thr: float):
    """name -> (fn, kwargs, exact?, params shown in the table)."""
    return {
        "numpy-exact": (run_numpy, {}, True, "block@X.T+argpartition"),
        "numpy-thresh": (run_numpy, {"thr": thr}, True, f"block@X.T, cos>={thr}"),
        "faiss-flat": (run_faiss_flat, {}, True, "IndexFlatIP"),
        "usearch-exact": (run_usearch_exact, {}, True, "search(exact=True)"),
        "usearch-f32": (run_usearch, {"dtype": "f32"}, False, "M16 efC128 efS64 (dflt)"),
        "usearch-f16": (run_usearch, {"dtype": "f16"}, False, "M16 efC128 efS64 (dflt)"),
        "usearch-i8": (run_usearch, {"dtype": "i8"}, False, "M16 efC128 efS64 (dflt)"),
        "usearch-f16-fast": (run_usearch, {"dtype": "f16", "conn": 12, "exp_add": 64,
                                           "exp_search": 32}, False, "M12 efC64 efS32"),
        "usearch-i8-fast": (run_usearch, {"dtype": "i8", "conn": 12, "exp_add": 64,
                                          "exp_search": 32}, False, "M12 efC64 efS32"),
        "usearch-i8-tuned": (run_usearch, {"dtype": "i8", "conn": 16, "exp_add": 64,
                                           "exp_search": 64}, False, "M16 efC64 efS64"),
        "usearch-f16-tuned": (run_usearch, {"dtype": "f16", "conn": 16, "exp_add": 64,
                                            "exp_search": 64}, False, "M16 efC64 efS64"),
        "usearch-f16-hi": (run_usearch, {"dtype": "f16", "conn": 24, "exp_add": 128,
                                         "exp_search": 128}, False, "M24 efC128 efS128"),
        "faiss-hnsw-dflt": (run_faiss_hnsw, {"M": 32, "ef_c": 40, "ef_s": 16}, False,
                            "M32 efC40 efS16 (dflt)"),
        "faiss-hnsw-m16": (run_faiss_hnsw, {"M": 16, "ef_c": 64, "ef_s": 48}, False,
                           "M16 efC64 efS48"),
        "faiss-hnsw-tuned": (run_faiss_hnsw, {"M": 16, "ef_c": 64, "ef_s": 64}, False,
                             "M16 efC64 efS64"),
        "faiss-hnsw-m32": (run_faiss_hnsw, {"M": 32, "ef_c": 80, "ef_s": 32}, False,
                           "M32 efC80 efS32"),
        "faiss-ivf": (run_faiss_ivf, {"lists_per_sqrt_n": 2.0, "nprobe": 16}, False,
                      "IVFFlat 2*sqrt(N) lists nprobe16"),
        "hnswlib": (run_hnswlib, {"M": 16, "ef_c": 200, "ef_s": 64}, False,
                    "M16 efC200 ef64 (README)"),
        "hnswlib-tuned": (run_hnswlib, {"M": 16, "ef_c": 64, "ef_s": 64}, False,
                          "M16 efC64 ef64"),
        "hnswlib-fast": (run_hnswlib, {"M": 12, "ef_c": 64, "ef_s": 32}, False,
                         "M12 efC64 ef32"),
    }


SLOW = {"usearch-exact"}


# ---------------------------------------------------------------- child process
_CTX: dict = {}


def _child(conn, name, fn, kw, nq):
    try:
        X, k, sample = _CTX["X"], _CTX["k"], _CTX["sample"]
        base = rss_mb()
        ru = resource.getrusage(resource.RUSAGE_SELF)
        tb, tq, ids, note = fn(X, k, sample, nq, **kw)
        ru2 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (ru2.ru_utime + ru2.ru_stime) - (ru.ru_utime + ru.ru_stime)
        conn.send({"build": tb, "query": tq, "ids": ids, "note": note, "cpu": cpu,
                   "mem": maxrss_mb() - base})
    except Exception:
        conn.send({"error": traceback.format_exc(limit=3)})
    finally:
        conn.close()


def run_one(name, fn, kw, nq, timeout):
    ctx = mp.get_context("fork")
    a, b = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(b, name, fn, kw, nq))
    p.start()
    b.close()
    res = None
    if a.poll(timeout):
        try:
            res = a.recv()
        except EOFError:
            res = None
    if p.is_alive():
        p.kill()
    p.join()
    if res is None:
        res = {"error": f"no result (timeout {timeout}s or crash, exit {p.exitcode})"}
    return res


# ---------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000",
                    help="comma-separated N (default 10000,100000)")
    ap.add_argument("--max-n", type=int, default=100_000,
                    help="sizes above this are skipped (set 1000000 to allow 1M)")
    ap.add_argument("--methods", default="all", help="comma-separated names, or 'all'")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--sample", type=int, default=1000, help="queries with exact truth")
    ap.add_argument("--exact-limit", type=float, default=600.0,
                    help="seconds; exact methods projected above this run on a slice")
    ap.add_argument("--timeout", type=float, default=1200.0, help="per method, seconds")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", help="a .npy of real unit-length float32 embeddings (N x 384) "
                    "to use instead of synthetic data; --sizes then take random subsets")
    args = ap.parse_args()

    table = methods(args.threshold)
    # usearch-exact is ~9x slower than faiss-flat (544 s at 100k): only on request
    names = ([m for m in table if m not in SLOW] if args.methods == "all"
             else args.methods.split(","))
    for nm in names:
        if nm not in table:
            sys.exit(f"unknown method {nm}; known: {', '.join(table)}")
    sizes = [int(s) for s in args.sizes.split(",")]
    real = None
    if args.data:
        from attrib.config import require_data

        require_data(args.data, "npy", "bench/bench_ann.py")
        real = np.load(args.data, mmap_mode="r")
        if real.ndim != 2 or real.shape[1] != DIM:
            sys.exit(f"{args.data}: expected N x {DIM}, got {real.shape}")
        sizes = [min(s, len(real)) for s in sizes]
    k = args.k
    print(f"# attrib ANN bench: d={DIM}, k={k}, threshold={args.threshold}, "
          f"cores={os.cpu_count()}, numpy {np.__version__}")
    from importlib.metadata import PackageNotFoundError, version
    versions = []
    for dist in ("usearch", "faiss-cpu", "hnswlib"):
        try:
            versions.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            versions.append(f"{dist} missing")
    print("# " + ", ".join(versions), flush=True)

    rows = []
    exact_rate: dict[str, float] = {}  # seconds per N^2, from the last full exact run
    for n in sizes:
        if n > args.max_n:
            print(f"\n# N={n:,} skipped (> --max-n {args.max_n:,})")
            continue
        t0 = time.perf_counter()
        if real is None:
            X = make_data(n, args.seed)
        else:
            pick = np.sort(np.random.default_rng(args.seed).choice(len(real), n, replace=False))
            X = _unit(np.ascontiguousarray(real[pick], dtype=np.float32))
            X = X[np.random.default_rng(args.seed + 2).permutation(n)]
        tgen = time.perf_counter() - t0
        rng = np.random.default_rng(args.seed + 1)
        ns = min(args.sample, n)
        # exact methods on a slice only query X[:nq]; keep the sample inside the
        # first 10,000 rows so any slice >= 10k covers it (data order is random anyway)
        sample = np.sort(rng.choice(min(n, 10_000), ns, replace=False))
        t0 = time.perf_counter()
        t_ids, t_sc = exact_truth(X, sample, k)
        ttruth = time.perf_counter() - t0
        top1 = t_sc[:, 0]
        pct = np.percentile(top1, [5, 10, 25, 50, 75, 90, 95])
        good = t_sc >= args.threshold
        src = f"real {args.data}" if real is not None else "synthetic"
        print(f"\n# N={n:,} ({src})  data {X.nbytes / 2**20:.0f} MB, made in {tgen:.1f}s, "
              f"truth for {ns} queries in {ttruth:.1f}s")
        print("# true top-1 cosine percentiles  p5 {:.2f} p10 {:.2f} p25 {:.2f} "
              "p50 {:.2f} p75 {:.2f} p90 {:.2f} p95 {:.2f}".format(*pct))
        print(f"# queries with top-1 >= {args.threshold}: {np.mean(top1 >= args.threshold):.1%}"
              f"; true top-{k} neighbours >= {args.threshold}: {good.mean():.1%} "
              f"(mean {good.sum(1).mean():.1f}/query); top-{k}th cos median "
              f"{np.median(t_sc[:, -1]):.2f}")
        rand = X[sample[:200]] @ X[rng.choice(n, 200)].T
        print(f"# random-pair cosine median {np.median(rand):.2f}", flush=True)

        _CTX.update(X=X, k=k, sample=sample)
        for nm in names:
            fn, kw, is_exact, params = table[nm]
            nq, proj = n, False
            if is_exact and nm not in exact_rate and n > 200_000:
                nq, proj = 10_000, True
                print(f"# {nm}: no smaller run to project from; measuring {nq:,} queries "
                      f"against all {n:,} and extrapolating", flush=True)
            elif is_exact and nm in exact_rate:
                est = exact_rate[nm] * n * n
                if est > args.exact_limit:
                    nq = max(10_000, min(n, int(n * args.exact_limit / est / 10)))
                    proj = True
                    print(f"# {nm}: projected {est:.0f}s for N={n:,} from the smaller "
                          f"run; measuring {nq:,} queries and extrapolating", flush=True)
            res = run_one(nm, fn, kw, nq, args.timeout)
            if "error" in res:
                print(f"# {nm}: ERROR {res['error'].strip().splitlines()[-1]}", flush=True)
                rows.append((n, nm, params, None))
                continue
            tq = res["query"] * (n / nq)
            # CPU seconds of build + query (query part scaled like the wall time)
            cpu = res["cpu"] * (res["build"] + tq) / max(1e-9, res["build"] + res["query"])
            if is_exact and not proj:
                exact_rate[nm] = (res["build"] + res["query"]) / (n * n)
            ids = res["ids"]
            hit = np.array([len(np.intersect1d(a[a >= 0], b)) for a, b in zip(ids, t_ids)])
            rec = hit.mean() / k
            found_good = np.array([np.isin(t_ids[i][good[i]], ids[i]).sum()
                                   for i in range(ns)])
            rec_good = found_good.sum() / max(1, good.sum())
            r = dict(build=res["build"], query=tq, total=res["build"] + tq, cpu=cpu, rec=rec,
                     rec_good=rec_good, mem=res["mem"], note=res["note"], proj=proj)
            rows.append((n, nm, params, r))
            print(f"  {nm:17s} build {r['build']:8.1f}s  query {tq:8.1f}s"
                  f"{' (proj)' if proj else ''}  recall@{k} {rec:.4f}  "
                  f"recall>={args.threshold} {rec_good:.4f}  cpu {cpu:.1f}s  +{r['mem']:.0f}MB "
                  f"{r['note']}", flush=True)
        del X
        _CTX.clear()

    print("\n# summary (query = all N points, k=%d; totals marked * are extrapolated)" % k)
    print("# cpu s = CPU seconds of build + query (2 cores: ideal wall = cpu/2); the machine "
          "is shared, so when wall >> cpu/2 something else was using the cores")
    hdr = (f"{'N':>9} {'method':17} {'params':31} {'build s':>8} {'query s':>8} "
           f"{'total s':>8} {'cpu s':>7} {'qps':>7} {'rec@' + str(k):>7} "
           f"{'rec>=' + str(args.threshold):>8} {'+MB':>6}")
    print(hdr)
    print("-" * len(hdr))
    for n, nm, params, r in rows:
        if r is None:
            print(f"{n:>9,} {nm:17} {params:31} {'error':>8}")
            continue
        star = "*" if r["proj"] else " "
        print(f"{n:>9,} {nm:17} {params:31} {r['build']:8.1f} {r['query']:7.1f}{star} "
              f"{r['total']:7.1f}{star} {r['cpu']:7.1f} {n / r['query']:7.0f} {r['rec']:7.4f} "
              f"{r['rec_good']:8.4f} {r['mem']:6.0f}")


if __name__ == "__main__":
    main()
