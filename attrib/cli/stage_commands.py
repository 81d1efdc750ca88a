"""The commands that run stages: run, ingest, analyze, link, and check (no database)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from attrib.cli.progress import StageBars
from attrib.cli.options import (common, engine_options, ingest_outlet_option, max_file_option, model_option,
                                open_store, stderr_console, web_options, _engine)


def _ingest(store, paths: tuple[str, ...], console, max_file_mb: float | None = None,
            outlet: str | None = None, web=None):
    """Ingest paths with progress, naming each problem on stderr; returns the report."""
    from attrib.ingest.files import MB
    from attrib.ingest.stage import ingest_paths

    max_bytes = None if max_file_mb is None else int(max_file_mb * MB)
    done = {"n": 0, "total": None}

    def total(n: int) -> None:
        done["total"] = n

    with StageBars(console) as bars:
        def advance() -> None:
            done["n"] += 1
            bars("ingest", done["n"], done["total"])

        report = ingest_paths(store, paths, advance=advance, total=total, max_bytes=max_bytes, outlet=outlet,
                              web=web, on_fetch=lambda text: bars("ingest", done["n"], done["total"], text))
    for problem in report.problems:
        click.echo(f"attrib: {problem}", err=True)
    return report


def _analyze(store, console, engine) -> int:
    from attrib.run.engine import analyze_pending

    done = {"n": 0, "total": None}

    def total(n: int) -> None:
        done["total"] = n

    with StageBars(console) as bars:
        def advance(_article: dict) -> None:
            done["n"] += 1
            bars("analyze", done["n"], done["total"])

        try:
            return analyze_pending(store, engine, advance=advance, total=total)
        except OSError as e:  # a Dask scheduler that cannot be reached, a worker that died
            raise click.ClickException(f"analysis stopped: {e}; the articles stored so far are kept") from None


def _link(store, console, model: str | None, engine, force: bool = True):
    from attrib.linking.embed import EmbeddingModelMissing
    from attrib.linking.stage import link_store

    with StageBars(console) as bars:
        try:
            return link_store(store, model=model, engine=engine, force=force,
                              advance=lambda stage, done, total: bars(stage, done, total if stage == "embed" else None))
        except EmbeddingModelMissing as e:
            raise click.ClickException(str(e)) from None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@model_option
@engine_options
@max_file_option
@ingest_outlet_option
@web_options
@click.option("--timings", type=click.Path(dir_okay=False, allow_dash=True), default=None, metavar="FILE",
              help="Write the seconds each stage took and the peak memory, as JSON, to FILE (- for stderr).")
@common
def run(db_path: Path | None, paths: tuple[str, ...], model: str | None, workers: int | None,
        scheduler: str | None, max_file_mb: float | None, outlet: str | None, timings: str | None,
        web) -> None:
    """Ingest, analyze and link PATHS incrementally (files already stored are skipped).

    PATHS are files or directories (.txt, .md, .html, .htm, .json, .jsonl), http(s) URLs
    (an article page, an RSS/Atom feed or an XML sitemap; URLs already stored are not
    fetched again unless --refresh), and WARC files (.warc, .warc.gz).
    """
    import time

    from attrib.cli.render import print_summary
    from attrib.ingest.files import MB
    from attrib.run.stages import run_paths

    start = time.perf_counter()
    console = stderr_console()
    store = open_store(db_path)
    seconds = {"open": round(time.perf_counter() - start, 3)}
    with _engine(workers, scheduler) as engine, StageBars(console) as bars:
        try:
            result = run_paths(store, paths, engine, bars, model=model, outlet=outlet,
                               max_bytes=None if max_file_mb is None else int(max_file_mb * MB),
                               on_problem=lambda problem: click.echo(f"attrib: {problem}", err=True), web=web)
        except OSError as e:  # a Dask scheduler that cannot be reached, a worker that died
            raise click.ClickException(f"analysis stopped: {e}; the articles stored so far are kept") from None
    if result.link_error:
        raise click.ClickException(result.link_error)
    seconds.update(result.seconds)
    t = time.perf_counter()
    print_summary(store, result.ingest, analyzed=result.analyzed)
    seconds["summary"] = round(time.perf_counter() - t, 3)
    if timings:
        _write_timings(timings, seconds, start, result.analyzed, result.link, engine)
    if result.ingest.problems:
        sys.exit(1)


def _write_timings(dest: str, seconds: dict[str, float], start: float, analyzed: int, linked: Any,
                   engine: Any) -> None:
    import resource
    import time

    mb = lambda who: round(resource.getrusage(who).ru_maxrss / 1024, 1)  # noqa: E731 - KiB on Linux
    data = {
        "seconds": {**seconds, "embed": round(linked.seconds_embed, 3),
                    "link_only": round(linked.seconds_link, 3), "store": round(engine.seconds_storing, 3),
                    "total": round(time.perf_counter() - start, 3)},
        "analyzed": analyzed, "embedded": linked.embedded, "link_skipped": linked.skipped,
        "peak_rss_mb": mb(resource.RUSAGE_SELF), "peak_rss_workers_mb": mb(resource.RUSAGE_CHILDREN),
    }
    text = json.dumps(data)
    if dest == "-":
        click.echo(text, err=True)
    else:
        Path(dest).write_text(text + "\n", encoding="utf-8")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@max_file_option
@ingest_outlet_option
@web_options
@common
def ingest(db_path: Path | None, paths: tuple[str, ...], max_file_mb: float | None, outlet: str | None,
           web) -> None:
    """Read PATHS into the database without analyzing them.

    PATHS are files, directories, http(s) URLs (pages, feeds, sitemaps) and WARC files.
    """
    console = stderr_console()
    store = open_store(db_path)
    report = _ingest(store, paths, console, max_file_mb, outlet, web)
    from attrib.records.output import plural

    read = []
    if report.web_inputs:
        read.append(f"{plural(report.pages_fetched, 'URL')} fetched, {report.pages_failed} failed, "
                    f"{report.pages_skipped} skipped, {plural(report.new_versions, 'new version')}")
    if report.files_read or report.files_skipped or not report.web_inputs:
        read.append(f"{plural(report.files_read, 'file')} read, {report.files_skipped} unchanged")
    click.echo(f"{'; '.join(read)}, {plural(report.new_articles, 'new article')} stored, "
               f"{plural(len(report.problems), 'problem')}.")
    if report.problems:
        sys.exit(1)


@click.command()
@engine_options
@common
def analyze(db_path: Path | None, workers: int | None, scheduler: str | None) -> None:
    """Analyze every stored article the current pipeline has not analyzed yet."""
    console = stderr_console()
    store = open_store(db_path)
    with _engine(workers, scheduler) as engine:
        n = _analyze(store, console, engine)
    counts = store.counts()
    from attrib.records.output import plural

    click.echo(f"{plural(n, 'article')} analyzed; {plural(counts['claims'], 'claim')} in "
               f"{plural(counts['articles'], 'article')}.")


@click.command()
@model_option
@engine_options
@common
def link(db_path: Path | None, model: str | None, workers: int | None, scheduler: str | None) -> None:
    """Link the same claim across outlets (sentence embeddings) and compare coverage.

    Embeds only claim texts not embedded yet with this model, then rebuilds stories,
    clusters and the cross-outlet flags (attribution_dropped, source_changed).
    """
    console = stderr_console()
    store = open_store(db_path)
    with _engine(workers, scheduler) as engine:
        r = _link(store, console, model, engine)
    from attrib.linking.compare import cluster_counts
    from attrib.records.output import clusters_phrase, plural

    click.echo(f"{plural(r.embedded, 'claim text')} embedded ({r.seconds_embed:.1f}s); "
               f"{plural(r.claims, 'claim')} linked into {clusters_phrase(cluster_counts(store))}"
               f" across {plural(r.stories, 'multi-article story', 'multi-article stories')} "
               f"({r.seconds_link:.1f}s); {plural(r.flagged, 'claim')} flagged.")


@click.command()
@click.argument("file", required=False, default="-")
@click.option("--lines", is_flag=True, help="Every input line is a separate document (article_id = line number).")
@click.option("--outlet", default=None, metavar="NAME",
              help="Outlet of the inputs that name none (default: unknown).")
@click.option("--type", "kind", type=click.Choice(["txt", "md", "html", "json", "jsonl"]), default=None,
              help="Read the input as this type (default: from FILE's suffix; text for stdin).")
@common
def check(db_path: Path | None, file: str, lines: bool, outlet: str | None, kind: str | None) -> None:
    """Analyze one input (FILE, a folder, or - for stdin) without touching any database.

    FILE is read as `ingest` reads it (text, Markdown, HTML, JSON, JSONL: one document per
    article, per JSONL line). Prints the claim records as JSON lines, attributions included.
    """
    from attrib.run.check import check_articles, check_documents
    from attrib.ingest.files import SUPPORTED, InputError, collect_paths, decode, normalise_newlines, parse_file
    from attrib.types import InputProblem

    name = "<stdin>" if file == "-" else file
    if lines:
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
            text = normalise_newlines(decode(data)[0])
        except OSError as e:
            raise click.ClickException(f"{name}: cannot read: {e.strerror or e}") from None
        except InputError as e:
            raise click.ClickException(f"{name}: {e}") from None
        docs = [(str(i), line) for i, line in enumerate(text.split("\n"), 1) if line.strip()]
        for rec in check_documents(docs, outlet=outlet or "unknown"):
            click.echo(json.dumps(rec, ensure_ascii=False))
        return
    suffix = f".{kind}" if kind else None
    problems, articles = [], []
    if file == "-":
        inputs = [(Path(name), sys.stdin.buffer.read(), suffix or ".txt")]
    elif Path(file).is_file():
        try:
            data = Path(file).read_bytes()
        except OSError as e:
            raise click.ClickException(f"{name}: cannot read: {e.strerror or e}") from None
        # A file of another type is read as text, as `check` always did.
        inputs = [(Path(file), data, suffix or (None if Path(file).suffix.lower() in SUPPORTED else ".txt"))]
    else:  # a folder: every input in it, as `ingest` finds them
        paths, problems = collect_paths([file])
        inputs = []
        for path in paths:
            try:
                inputs.append((path, path.read_bytes(), suffix))
            except OSError as e:
                problems.append(InputProblem(str(path), f"cannot read: {e.strerror or e}"))
    for path, data, as_kind in inputs:
        result = parse_file(path, data, outlet=outlet, kind=as_kind)
        problems.extend(result.problems)
        articles.extend(result.articles)
    for problem in problems:
        click.echo(f"attrib: {problem}", err=True)
    for rec in check_articles(articles):
        click.echo(json.dumps(rec, ensure_ascii=False))
    if problems:
        sys.exit(1)
