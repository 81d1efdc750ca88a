"""The commands that read what is stored: flag, compare, export, db, tui."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from attrib.cli.options import CONTEXT_SETTINGS, common, open_store, outlet_filter, stdout_console
from attrib.config import default_db_path


@click.command()
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


@click.command()
@click.option("--outlets", "by_outlet", is_flag=True, help="Per-outlet sourcing profile instead of clusters.")
@click.option("--same-outlet", "same_outlet", is_flag=True,
              help="Also list the claims repeated within one outlet, after the cross-outlet ones "
                   "(records: cross_outlet false).")
@click.option("--edits", "edits", is_flag=True,
              help="The claims whose attribution changed between versions of a web article, before and after.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@common
def compare(db_path: Path | None, by_outlet: bool, same_outlet: bool, edits: bool, fmt: str) -> None:
    """Coverage across outlets: the same claim in several outlets and how each sourced it.

    Each cluster spanning two outlets or more (most outlets first) with, per outlet, its
    wording, status, sources and flags; --same-outlet adds the claims one outlet repeats;
    --outlets gives each outlet's sourcing profile instead; --edits the edits to
    attribution between versions of an article read from the web.
    """
    store = open_store(db_path, readonly=True)
    if edits:
        from attrib.linking.edits import edit_records

        found = edit_records(store)
        if fmt != "table":
            from attrib.records.output import write_records

            write_records(found, fmt, sys.stdout)
            return
        from attrib.cli.render import edits_table

        console = stdout_console()
        if not found:
            console.print("No edit to attribution between versions of an article "
                          "(`attrib run --refresh URL` fetches a page again).")
            return
        console.print(edits_table(found))
        return
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


@click.command()
@click.argument("table", type=click.Choice(["articles", "claims", "attributions", "clusters", "outlets",
                                            "versions"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "json"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to this file (default: stdout).")
@common
def export(db_path: Path | None, table: str, fmt: str, output: str) -> None:
    """Export TABLE (articles, claims, attributions, clusters, outlets, versions) as the contract's records."""
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


@click.command()
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


@click.group(context_settings=CONTEXT_SETTINGS)
def db() -> None:
    """About the database file."""


@db.command("path")
@common
def db_path_cmd(db_path: Path | None) -> None:
    """Print the path of the database in use."""
    click.echo(str(db_path or default_db_path()))
