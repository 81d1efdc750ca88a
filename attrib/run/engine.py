"""Where the heavy stages run: in this process, in local worker processes, or on a Dask
cluster.

Every backend runs the same code (`attrib.analysis.rows.analyze_texts`, `attrib.linking.embed.encode`)
on a share of the pending work and hands plain rows back; only this process writes to
SQLite, one transaction per article. So a result lands once whichever worker made it,
and a run that dies part-way leaves only finished articles behind: the next run redoes
exactly the ones still pending.

Why Dask rather than Ray (issue #7): dask.distributed is pure-Python wheels that install
into the same venv, its `LocalCluster` runs in tests on one machine, and its
submit/as_completed model is exactly "analyze these chunks, give me each result as it
is ready". Ray brings a compiled runtime (raylet, object store in /dev/shm, a dashboard)
that is more than a batch of independent chunks needs. README.md says how to point
`--scheduler` at a real cluster.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from attrib.store.store import Store
from attrib.versions import analysis_version

CHUNK_ARTICLES = 4  # articles per task: small enough to spread, big enough for nlp.pipe
CHUNK_CHARS = 60_000  # ... or fewer, when the articles are long
MIN_ARTICLES_PER_WORKER = 8  # below this a worker's start-up costs more than it saves
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: texts are fetched as they are needed
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler before giving up

Item = tuple[str, str, str, "str | None", "str | None"]  # article_id, outlet, text, wire, title


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Engine:
    """How to run the analysis and embedding stages.

    `workers`: processes to analyze in (None: one per core when there is enough work;
    1: in this process). `scheduler`: a Dask scheduler address (tcp://host:8786), or
    "local" for a Dask cluster of `workers` processes on this machine.
    """

    workers: int | None = None
    scheduler: str | None = None
    seconds_storing: float = 0.0  # time spent writing results to SQLite
    _client: Any = field(default=None, repr=False)
    _cluster: Any = field(default=None, repr=False)

    def client(self) -> Any:
        """The Dask client, started on first use and kept for both stages."""
        if self._client is None:
            from dask.distributed import Client, LocalCluster

            if self.scheduler == "local":
                self._cluster = LocalCluster(n_workers=self.workers or cpu_count(), threads_per_worker=1,
                                             processes=True, dashboard_address=None, silence_logs=40)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
        return self._client

    def dask_workers(self) -> int:
        return max(1, len(self.client().scheduler_info(n_workers=-1).get("workers", {})))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def encode(self, texts: list[str], name: str) -> Any:
        """The linking stage's encoder (attrib.linking.embed.Encoder): on the cluster when
        there is one."""
        return encode_on(self, texts, name)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def worker_count(requested: int | None, pending: int) -> int:
    """Processes worth starting for `pending` articles."""
    if requested is not None:
        return max(1, min(requested, pending))
    return max(1, min(cpu_count(), pending // MIN_ARTICLES_PER_WORKER))


def chunks(store: Store, ids: list[str]) -> Iterator[list[Item]]:
    """Pending articles in task-sized lists, their texts read from the store only when
    the chunk is about to be handed out (a million pending articles stay on disk)."""
    for i in range(0, len(ids), 64):
        rows = {r["article_id"]: r for r in store.db.query(
            f"SELECT article_id, outlet, text, wire, title FROM articles WHERE article_id IN ({', '.join('?' * len(ids[i:i + 64]))})",
            ids[i:i + 64])}
        chunk: list[Item] = []
        size = 0
        for aid in ids[i:i + 64]:
            r = rows.get(aid)
            if r is None:  # removed since the list was made
                continue
            if chunk and (len(chunk) >= CHUNK_ARTICLES or size + len(r["text"]) > CHUNK_CHARS):
                yield chunk
                chunk, size = [], 0
            chunk.append((aid, r["outlet"], r["text"], r["wire"], r["title"]))
            size += len(r["text"])
        if chunk:
            yield chunk


def analyze_chunk(items: list[Item]) -> list[Any]:
    """Run in a worker: one chunk's analyses (the pipeline loads once per process)."""
    from attrib.analysis.rows import analyze_texts

    return list(analyze_texts(items))


def _warm_worker() -> None:
    """Load the pipeline once per worker, with the worker's own output silenced: it shares
    the terminal with a progress bar or the TUI, and its errors come back as exceptions."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    from attrib.analysis.pipeline import load_pipeline
    from attrib.config import attribution_mode

    if attribution_mode() == "model":  # one worker per core: one torch thread each, not oversubscribed
        import torch

        torch.set_num_threads(1)
    load_pipeline()


def analyze_pending(store: Store, engine: Engine | None = None,
                    advance: Callable[[dict[str, Any]], None] | None = None,
                    meanwhile: Callable[[], Any] | None = None,
                    total: Callable[[int], None] | None = None) -> int:
    """Analyze every article the current pipeline has not seen; returns how many.

    `total(n)` is told how many are pending before any is analyzed (not when none is);
    `advance(article)` is called as each article is stored (with its id, outlet and title).
    `meanwhile` is work for this process while other processes analyze (`attrib run`
    loads the embedding model then); its errors are left for whoever needs its result."""
    ids = store.pending_ids(analysis_version())
    if not ids:
        return 0
    if total:
        total(len(ids))
    engine = engine or Engine()

    def save(chunk: list[Item], analyses: list[Any]) -> None:
        for (aid, outlet, _, _, title), analysis in zip(chunk, analyses):
            t = time.perf_counter()
            store.save_analysis(aid, analysis_version(), analysis)
            engine.seconds_storing += time.perf_counter() - t
            if advance:
                advance({"article_id": aid, "outlet": outlet, "title": title})

    n = worker_count(engine.workers, len(ids))
    if engine.scheduler or n > 1:
        side = _start(meanwhile)
        if engine.scheduler:
            _on_dask(store, ids, engine, save)
        else:
            _on_processes(store, ids, n, save)
        if side is not None:
            side.join()
    else:
        from attrib.analysis.rows import analyze_texts

        items, texts = itertools.tee(item for chunk in chunks(store, ids) for item in chunk)
        for item, analysis in zip(items, analyze_texts(texts)):  # each text read once
            save([item], [analysis])
    return len(ids)


def _start(work: Callable[[], Any] | None) -> Any:
    if work is None:
        return None
    import threading

    def quietly() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - the stage that needs the result raises it
            pass
    thread = threading.Thread(target=quietly, name="attrib-meanwhile", daemon=True)
    thread.start()
    return thread


@contextlib.contextmanager
def _real_stdio() -> Iterator[None]:
    """sys.stdout/stderr with real file descriptors while workers start: multiprocessing
    hands stderr's descriptor to its helper process, and an app that captures output
    (the Textual TUI) replaces them with objects that have none."""
    saved = sys.stdout, sys.stderr
    for name in ("stdout", "stderr"):
        try:
            ok = getattr(sys, name).fileno() >= 0
        except (AttributeError, ValueError, OSError):
            ok = False
        if not ok and getattr(sys, f"__{name}__", None) is not None:
            setattr(sys, name, getattr(sys, f"__{name}__"))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _on_processes(store: Store, ids: list[str], n: int, save: Callable) -> None:
    """Worker processes on this machine ("spawn": nothing of this process, its threads
    or its database connection, is inherited)."""
    import multiprocessing

    with _real_stdio(), ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_warm_worker) as pool:
        _analyze_with(pool, n * IN_FLIGHT_PER_WORKER, chunks(store, ids), save)


def _on_dask(store: Store, ids: list[str], engine: Engine, save: Callable) -> None:
    """The cluster through its concurrent.futures interface: the same loop as above."""
    executor = engine.client().get_executor(pure=False)
    _analyze_with(executor, engine.dask_workers() * IN_FLIGHT_PER_WORKER, chunks(store, ids), save)


def _analyze_with(executor: Any, slots: int, todo: Iterator[list[Item]], save: Callable) -> None:
    """Keep `slots` chunks in flight on `executor`, storing each result as it comes."""
    running: dict[Any, list[Item]] = {}

    def submit() -> None:
        chunk = next(todo, None)
        if chunk is not None:
            running[executor.submit(analyze_chunk, chunk)] = chunk

    for _ in range(slots):
        submit()
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for fut in done:
            save(running.pop(fut), fut.result())
            submit()


def encode_on(engine: Engine | None, texts: list[str], name: str) -> Any:
    """Vectors for `texts`: on the Dask cluster when there is one (split across its
    workers), else in this process (torch already uses every core)."""
    from attrib.linking.embed import encode

    if engine is None or not engine.scheduler or len(texts) < 64:
        return encode(texts, name)
    import numpy as np

    client = engine.client()
    parts = max(1, engine.dask_workers())
    size = -(-len(texts) // parts)
    futures = [client.submit(encode, texts[i:i + size], name, pure=False) for i in range(0, len(texts), size)]
    return np.vstack(client.gather(futures))
