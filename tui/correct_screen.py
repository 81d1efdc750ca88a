"""`e`: correct a claim's source; returns the source name, type and a note."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from attrib.types import SOURCE_TYPES
from tui.data import one_line


class CorrectScreen(ModalScreen[dict[str, Any] | None]):
    """The form: source name (required), source type, note. Enter or ctrl+s saves."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="correct.cancel"),
        Binding("ctrl+s", "save", "Save", id="correct.save"),
    ]

    def __init__(self, claim_text: str, source_name: str = "", source_type: str | None = None) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.source_name = source_name
        self.source_type = source_type if source_type in SOURCE_TYPES else None

    def compose(self) -> ComposeResult:
        with Vertical(id="correct-box", classes="modal-box"):
            yield Static(Text(one_line(self.claim_text, 400), style="italic"), id="correct-claim")
            yield Label("Who is the source?")
            yield Input(self.source_name, placeholder="source name, e.g. Israel Katz", compact=True, id="correct-name")
            yield Label("Source type")
            yield Select([(t, t) for t in SOURCE_TYPES], value=self.source_type or Select.NULL,
                         prompt="choose a type", compact=True, id="correct-type")
            yield Label("Note (optional)")
            yield Input(placeholder="why, or where you found it", compact=True, id="correct-note")
            yield Static("", id="correct-error")
            with Horizontal(id="correct-buttons"):
                yield Button("Save  ctrl+s", variant="primary", compact=True, id="correct-save")
                yield Button("Cancel  esc", compact=True, id="correct-cancel")

    def on_mount(self) -> None:
        self.query_one("#correct-box").border_title = "Correct the source"
        self.query_one("#correct-name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#correct-name", Input).value.strip()
        if not name:
            self.query_one("#correct-error", Static).update(Text("A source name is needed.", style="bold red"))
            self.query_one("#correct-name", Input).focus()
            return
        value = self.query_one("#correct-type", Select).value
        self.dismiss({"source_name": name,
                      "source_type": value if isinstance(value, str) and value in SOURCE_TYPES else None,
                      "note": self.query_one("#correct-note", Input).value.strip()})

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "correct-name" and event.value.strip():
            self.query_one("#correct-type", Select).focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#correct-save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#correct-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
