"""What every view (tab) offers the app.

A view is a Textual widget mounted in one tab. The app calls `reload()` after a verdict
or when the database changed (reads must be quick, or run in a worker), `focus_main()`
when the tab is shown (focus on the main list, first row selected), and
`current_claim_id()` to know which claim the review keys (y n e x u) act on.
`export_rows()` gives the rows the command palette's "Export view to CSV" writes.
"""
from __future__ import annotations

from typing import Any, Protocol

from textual import work
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState, get_current_worker

from attrib.records.review import ReviewStore
from tui.data import thread_review


class ReviewView(Protocol):
    def reload(self) -> None: ...

    def focus_main(self) -> None: ...

    def current_claim_id(self) -> str | None: ...

    def export_rows(self) -> list[dict[str, Any]]: ...


class ReportsWorkerErrors:
    """Mixed into widgets and screens whose workers read or write the database: a failed
    worker (a lock held too long, a file gone) becomes a notification and the session goes
    on. Worker.StateChanged does not bubble, so the app never sees these."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=8)


class LoadingView(ReportsWorkerErrors, Vertical):
    """The shared part of the table views: read in a worker thread on a connection of its
    own, show on the UI thread, and focus the main table once something is there.

    Subclasses give `read(review, args)` (runs in the worker; `args` come from
    `read_args()`, called on the UI thread) and `show(data)`; `main_table()` names the
    table `focus_main()` selects."""

    class Loaded(Message):
        def __init__(self, data: Any) -> None:
            super().__init__()
            self.data = data

    def __init__(self, review: ReviewStore, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.review = review
        self._loaded = False
        self._pending_focus = False

    def read_args(self) -> Any:
        return None

    def read(self, review: ReviewStore, args: Any) -> Any:
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError

    def main_table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load(self.read_args())

    def focus_main(self) -> None:
        table = self.main_table()
        table.focus()
        if table.row_count:
            table.move_cursor(row=0, animate=False)
        if not self._loaded:
            self._pending_focus = True

    @work(thread=True, exclusive=True, group="view-load", exit_on_error=False)
    def _load(self, args: Any) -> None:
        with thread_review(self.review) as review:
            data = self.read(review, args)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(data))

    def on_loading_view_loaded(self, message: Loaded) -> None:
        message.stop()
        self._loaded = True
        self.show(message.data)
        if self._pending_focus:
            self._pending_focus = False
            self.focus_main()
