"""`v` on an article: every fetched version of a web article, and what each new version
changed in its claims' attribution (the edits `attrib compare --edits` lists)."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from attrib.records.review import ReviewStore
from tui.data import one_line, status_text, thread_review
from tui.list_table import ListTable


class VersionsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,v", "dismiss(None)", "Close", id="versions.close")]

    class Loaded(Message):
        def __init__(self, history: dict[str, Any]) -> None:
            super().__init__()
            self.history = history

    def __init__(self, review: ReviewStore, article_id: str, title: str | None) -> None:
        super().__init__()
        self.review, self.article_id, self.title = review, article_id, title

    def compose(self) -> ComposeResult:
        with Vertical(id="versions-box", classes="modal-box"):
            yield Static("Loading…", id="versions-status")
            yield ListTable(cursor_type="row", zebra_stripes=True, id="versions-table")
            yield Static(Text("What changed in attribution", style="bold"), id="edits-title")
            yield ListTable(cursor_type="row", zebra_stripes=True, id="edits-table")

    def on_mount(self) -> None:
        box = self.query_one("#versions-box")
        box.border_title = f"Versions · {self.title or self.article_id}"
        box.border_subtitle = "Esc closes"
        self.query_one("#versions-table", DataTable).add_columns("version", "fetched", "HTTP", "sha256", "url",
                                                                 "claims changed")
        self.query_one("#edits-table", DataTable).add_columns("versions", "edit", "before", "after")
        self._load()

    @work(thread=True, exclusive=True, group="versions-load", exit_on_error=False)
    def _load(self) -> None:
        with thread_review(self.review) as review:
            self.post_message(self.Loaded(review.history_of(self.article_id)))

    def on_versions_screen_loaded(self, message: Loaded) -> None:
        versions, edits = message.history["versions"], message.history["edits"]
        table = self.query_one("#versions-table", DataTable)
        for v in versions:
            table.add_row(str(v["version"]), v["fetched_at"], str(v["http_status"] or ""), v["sha256"][:12],
                          v["url"], str(len(v["changed"])))
        etable = self.query_one("#edits-table", DataTable)
        for e in edits:
            before = status_text(e["before_status"]) + Text(f" {one_line(e['before_text'], 36)}")
            after = (status_text(e["after_status"]) + Text(f" {one_line(e['after_text'], 36)}")) if e["after_text"] \
                else Text("(gone)", style="dim")
            etable.add_row(f"{e['from_version']} → {e['to_version']}", e["kind"], before, after)
        self.query_one("#versions-status", Static).update(
            f"{len(versions)} version{'s' if len(versions) != 1 else ''} fetched · {len(edits)} edit"
            f"{'s' if len(edits) != 1 else ''} to attribution" if versions else
            "Not read from the web: this article has no fetched versions.")
        table.focus()
