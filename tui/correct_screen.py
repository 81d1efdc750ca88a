"""`e`: correct a claim's source; returns the source name, type and a note."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Select, Static

from attrib.types import SOURCE_TYPES
from tui.data import one_line
from tui.form_screen import FormScreen


class CorrectScreen(FormScreen[dict[str, Any] | None]):
    """The form: source name (required), source type, note. Enter or ctrl+s saves."""

    FORM, TITLE, FOCUS = "correct", "Correct the source", "correct-name"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="correct.cancel"),
        Binding("ctrl+s", "save", "Save", id="correct.save"),
    ]

    def __init__(self, claim_text: str, source_name: str = "", source_type: str | None = None) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.source_name = source_name
        self.source_type = source_type if source_type in SOURCE_TYPES else None

    def fields(self) -> ComposeResult:
        yield Static(Text(one_line(self.claim_text, 400), style="italic"), id="correct-claim")
        yield Label("Who is the source?")
        yield Input(self.source_name, placeholder="source name, e.g. Israel Katz", compact=True, id="correct-name")
        yield Label("Source type")
        yield Select([(t, t) for t in SOURCE_TYPES], value=self.source_type or Select.NULL,
                     prompt="choose a type", compact=True, id="correct-type")
        yield Label("Note (optional)")
        yield Input(placeholder="why, or where you found it", compact=True, id="correct-note")

    def action_save(self) -> None:
        name = self.query_one("#correct-name", Input).value.strip()
        if not name:
            self.show_error("A source name is needed.")
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
