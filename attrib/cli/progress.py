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


STAGE_LABELS = {"ingest": "Ingesting", "analyze": "Analyzing", "embed": "Embedding", "link": "Linking"}


class StageBars:
    """A `progress(stage, done, total, label)` callback (attrib.run.stages) drawn as one
    bar per stage on a terminal; nothing when piped. Use as a context manager."""

    def __init__(self, console: Console):
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeRemainingColumn(), console=console, transient=True) \
            if console.is_terminal else None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> StageBars:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, stage: str, done: int, total: int | None, label: str | None = None) -> None:
        if self._progress is None:
            return
        if stage not in self._tasks:
            for earlier in self._tasks.values():  # one stage at a time: the finished bar goes
                self._progress.update(earlier, visible=False)
            self._tasks[stage] = self._progress.add_task(STAGE_LABELS.get(stage, stage), total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)
