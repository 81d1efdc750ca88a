"""The one run sequence: ingest → analyze → link, as `attrib run`, the TUI's worker and
the BASIL evaluation all run it.

Progress is one callback for every stage, `progress(stage, done, total, label)`: `stage`
is one of STAGES, `done` counts what that stage has finished so far, `total` is None
while it is not known, and `label` says what was just done ("ANI: Rajnath Singh…"), when
there is something to say. A CLI draws bars from it, the TUI its progress panel.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal

from attrib.ingest.stage import IngestReport, ingest_paths
from attrib.ingest.web_stage import WebOptions
from attrib.linking.stage import LinkReport
from attrib.store.store import Store
from attrib.types import InputProblem
from attrib.run.engine import Engine, analyze_pending

STAGES = ("ingest", "analyze", "embed", "link")
Progress = Callable[[str, int, "int | None", "str | None"], None]


@dataclass
class RunReport:
    ingest: IngestReport = field(default_factory=IngestReport)
    analyzed: int = 0
    link: LinkReport | None = None
    link_error: str | None = None  # why linking could not run (the embedding model is missing)
    embedded: int = 0  # with link="embed": claim texts embedded
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


def run_paths(store: Store, paths: Iterable[str | Path], engine: Engine | None = None,
              progress: Progress | None = None, *, model: str | None = None, outlet: str | None = None,
              max_bytes: int | None = None, link: Literal["link", "embed"] | None = "link",
              force_link: bool = False, on_problem: Callable[[InputProblem], None] | None = None,
              web: WebOptions | None = None) -> RunReport:
    """Ingest `paths` into `store`, analyze what is pending, then link (or, with
    link="embed", only embed the claims; with None, neither).

    Each input problem goes to `on_problem` as soon as ingest is done, before analysis
    starts. While worker processes analyze, this process loads the embedding model
    (on Dask the workers embed, so there is nothing to load here). A missing embedding
    model stops only the link stage: `link_error` says why. http(s) URLs and WARC files
    among `paths` are read from the web with `web`'s options (attrib.ingest.web_stage)."""
    from attrib.linking.embed import EmbeddingModelMissing, embed_pending, load_model
    from attrib.linking.stage import link_store

    report = RunReport()
    tell = progress or (lambda stage, done, total, label=None: None)
    own_engine = engine is None
    engine = engine or Engine()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = round(now - clock, 3)
        clock = now

    try:
        files = {"done": 0, "total": None}

        def file_total(n: int) -> None:
            files["total"] = n
            tell("ingest", 0, n, None)

        def file_done() -> None:
            files["done"] += 1
            tell("ingest", files["done"], files["total"], None)

        report.ingest = ingest_paths(store, paths, advance=file_done, total=file_total,
                                     max_bytes=max_bytes, outlet=outlet, web=web,
                                     on_fetch=lambda text: tell("ingest", files["done"], files["total"], text))
        for problem in report.ingest.problems:
            if on_problem is not None:
                on_problem(problem)
        lap("ingest")

        articles = {"done": 0, "total": None}

        def article_total(n: int) -> None:
            articles["total"] = n
            tell("analyze", 0, n, None)

        def article_done(a: dict) -> None:
            articles["done"] += 1
            tell("analyze", articles["done"], articles["total"], f"{a.get('outlet')}: {a.get('title') or ''}")

        meanwhile = None if engine.scheduler or link is None else (lambda: load_model(model))
        report.analyzed = analyze_pending(store, engine, advance=article_done, meanwhile=meanwhile,
                                          total=article_total)
        lap("analyze")

        def linked(stage: str, done: int, total: int) -> None:
            tell("embed" if stage == "embed" else "link", done, total if stage == "embed" else None, None)

        try:
            if link == "link":
                report.link = link_store(store, model=model, advance=linked, engine=engine, force=force_link)
            elif link == "embed":
                report.embedded = embed_pending(store, model, advance=lambda d, t: linked("embed", d, t),
                                                engine=engine)
        except EmbeddingModelMissing as e:
            report.link_error = str(e)
        lap("link")
    finally:
        if own_engine:
            engine.close()
    return report
