"""Progress bars on a terminal, silence when piped."""
from __future__ import annotations

import contextlib
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class Bar:
    """What a stage calls to report progress; a no-op when nobody is watching."""

    def __init__(self, progress: Progress | None, task: int | None):
        self._progress, self._task = progress, task

    def set_total(self, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)


@contextlib.contextmanager
def progress_bar(console: Console, label: str) -> Iterator[Bar]:
    if not console.is_terminal:
        yield Bar(None, None)
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as progress:
        yield Bar(progress, progress.add_task(label, total=None))
