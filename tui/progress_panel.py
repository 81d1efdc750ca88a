"""The bar above the footer while `attrib tui PATH...` (or the first start on an empty
database) ingests, analyzes and links in a worker: a spinner, a progress bar and what it is doing."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, ProgressBar, Static


class PipelineProgress(Horizontal):
    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="pipeline-spinner")
        yield Static("Starting…", id="pipeline-status")
        yield ProgressBar(total=None, show_eta=False, id="pipeline-bar")

    def start(self) -> None:
        self.display = True

    def stage(self, text: str, total: int | None = None) -> None:
        self.query_one("#pipeline-status", Static).update(text)
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=0)

    def advance(self, n: int = 1, text: str | None = None) -> None:
        self.query_one(ProgressBar).advance(n)
        if text is not None:
            self.query_one("#pipeline-status", Static).update(text)

    def finish(self) -> None:
        self.display = False
