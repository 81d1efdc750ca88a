"""A modal form: a titled box of fields, an error line, and Save / Cancel buttons.

Why: the correct-source and export screens had the same frame written twice. A form
gives its `FORM` (the prefix of its widget ids: `FORM-box`, `FORM-error`, `FORM-save`,
`FORM-cancel`), its `TITLE`, the field to focus first, its fields (`fields()`) and
`action_save`; escape and the Cancel button dismiss it with None. Styles are by class
(`form-box`, `form-error`, `form-buttons`) in app.tcss.
"""
from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

T = TypeVar("T")


class FormScreen(ModalScreen[T], Generic[T]):
    FORM = "form"
    TITLE = ""
    SAVE_LABEL = "Save  ctrl+s"
    FOCUS = ""  # id of the widget focused when the form opens

    def fields(self) -> ComposeResult:
        """The form's own widgets, above the error line and the buttons."""
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.FORM}-box", classes="modal-box form-box"):
            yield from self.fields()
            yield Static("", id=f"{self.FORM}-error", classes="form-error")
            with Horizontal(id=f"{self.FORM}-buttons", classes="form-buttons"):
                yield Button(self.SAVE_LABEL, variant="primary", compact=True, id=f"{self.FORM}-save")
                yield Button("Cancel  esc", compact=True, id=f"{self.FORM}-cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.FORM}-box").border_title = self.TITLE
        if self.FOCUS:
            self.query_one(f"#{self.FOCUS}").focus()

    def show_error(self, message: str, style: str = "bold red") -> None:
        self.query_one(f"#{self.FORM}-error", Static).update(Text(message, style=style))

    def action_save(self) -> None:  # the form's own
        raise NotImplementedError

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id == f"{self.FORM}-save":
            self.action_save()
        elif event.button.id == f"{self.FORM}-cancel":
            self.dismiss(None)
