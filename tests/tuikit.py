"""What the TUI tests share: running an app until its workers are done, and the screen
as plain text."""
from __future__ import annotations

import io
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from rich.console import Console


async def settle(pilot: Any) -> None:
    """Let workers finish and the messages they post be handled (a few rounds: a load
    can start another). A worker that failed is the app's to report, not the test's to
    raise: tests assert what the user sees of it."""
    from textual.worker import WorkerFailed

    for _ in range(4):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass
        await pilot.pause()


@asynccontextmanager
async def running(app: Any, **run_test: Any) -> AsyncIterator[Any]:
    """`app.run_test(**run_test)`, settled before the test's first look."""
    async with app.run_test(**run_test) as pilot:
        await settle(pilot)
        yield pilot


def screen_text(app: Any) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None,
                      legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()
