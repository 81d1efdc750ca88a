"""`/`: full-text search over claims (SQLite FTS); choosing a result opens it in its article."""
from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from attrib.records.review import ReviewStore
from tui.data import one_line, status_text, thread_review
from tui.view import ReportsWorkerErrors


def result_prompt(r: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=12, no_wrap=True)
    grid.add_column(ratio=1)
    head = Text(r.get("outlet") or "", style="bold")
    head.append(f"  {one_line(r.get('title'), 70)}", style="dim")
    grid.add_row(status_text(r.get("status")), head)
    grid.add_row("", Text(one_line(r.get("text"), 300)))
    return grid


class SearchScreen(ReportsWorkerErrors, ModalScreen[tuple[str, str] | None]):
    """Returns (claim_id, article_id) of the chosen claim, or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="search.close"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    class Results(Message):
        def __init__(self, query: str, rows: list[dict[str, Any]], error: str | None = None) -> None:
            super().__init__()
            self.query, self.rows, self.error = query, rows, error

    def __init__(self, review: ReviewStore, query: str = "") -> None:
        super().__init__()
        self.review = review
        self.initial = query
        self.rows: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="modal-box"):
            yield Input(self.initial, placeholder="Search claims (words are ANDed; the last one is a prefix)",
                        id="search-input")
            yield Static(Text("Type to search; Enter or ↓ goes to the results, Esc closes.", style="dim"),
                         id="search-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-box").border_title = "Search claims"
        if self.initial:
            self._search(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_to_results()

    def action_to_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        try:
            with thread_review(self.review) as r:
                rows = r.search(query, limit=100)
            self.post_message(self.Results(query, rows))
        except Exception as e:  # noqa: BLE001 - a malformed FTS query: say so, keep the screen
            self.post_message(self.Results(query, [], error=str(e)))

    @on(Results)
    def _show(self, msg: Results) -> None:
        if msg.query != self.query_one("#search-input", Input).value:
            return  # an older query
        self.rows = msg.rows
        results = self.query_one("#search-results", OptionList)
        results.set_options([Option(result_prompt(r), id=r["claim_id"]) for r in msg.rows])
        status = self.query_one("#search-status", Static)
        if msg.error:
            status.update(Text(f"Search failed: {msg.error}", style="bold red"))
        elif not msg.query.strip():
            status.update(Text("Type to search; Enter or ↓ goes to the results, Esc closes.", style="dim"))
        else:
            n = len(msg.rows)
            status.update(Text(f"{n}{'+' if n >= 100 else ''} claim{'' if n == 1 else 's'} match "
                               f"“{msg.query}”" + (" · Enter opens one" if n else ""), style="dim"))

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        row = next((r for r in self.rows if r["claim_id"] == event.option.id), None)
        if row:
            self.dismiss((row["claim_id"], row["article_id"]))
