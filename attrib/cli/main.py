"""The `attrib` command line (../shared/CONTRACT.md is its promise to users).

Exit status: 0 success, 1 bad input or an explained failure (one line on stderr, a
traceback only with --debug), 2 usage error.
"""
from __future__ import annotations

import os
import sys
from typing import Any

import click

from attrib import __version__
from attrib.cli.options import CONTEXT_SETTINGS, _readonly_message, debug_option


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


@click.group(cls=AttribGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version")
@debug_option
def cli() -> None:
    """attrib: who says so, through whom it reached the page, and which claims nobody is named for.

    Start with `attrib run PATH...` (ingest, analyze and link), then `attrib flag`,
    `attrib compare`, `attrib export TABLE` or `attrib tui`.
    """


def _register() -> None:
    """Every command, added explicitly (no import side effects)."""
    from attrib.cli import eval_commands, read_commands, stage_commands

    for cmd in (stage_commands.run, stage_commands.ingest, stage_commands.analyze, stage_commands.link,
                stage_commands.check, read_commands.flag, read_commands.compare, read_commands.export,
                read_commands.tui, read_commands.db, eval_commands.eval_group):
        cli.add_command(cmd)


_register()
