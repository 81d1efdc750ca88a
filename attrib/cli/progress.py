"""Progress bars on a terminal, silence when piped: one callback, `(stage, done, total,
label)`, for every stage (attrib.run.stages)."""
from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
        if stage == "ingest" and label:  # reading from the web: "3 fetched, 0 failed, 1 skipped"
            self._progress.update(self._tasks[stage], description=f"{STAGE_LABELS['ingest']} · {label}")
