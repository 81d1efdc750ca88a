"""The palette's "Export current view to CSV": asks where to write, offering a file in
the user's downloads directory (or attrib's data directory when there is none), never the
current directory, which is wherever the terminal happened to be."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from attrib.config import APP_NAME
from attrib.records.output import plural
from tui.form_screen import FormScreen


def default_export_dir() -> Path:
    """The user's downloads directory if it exists, else attrib's user data directory."""
    downloads = platformdirs.user_downloads_dir()
    if downloads and Path(downloads).is_dir():
        return Path(downloads)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_export_path(view_id: str, when: dt.datetime | None = None) -> Path:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return default_export_dir() / f"attrib-{view_id}-{stamp}.csv"


class ExportScreen(FormScreen[Path | None]):
    """Returns the path to write, or None. `~` is expanded; a relative name is taken in
    the offered file's directory; a directory gets the offered file name; a file that
    exists is replaced only when Write is asked for twice."""

    FORM, TITLE, FOCUS, SAVE_LABEL = "export", "Export to CSV", "export-path", "Write  ⏎"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "save", "Write", id="export.save"),
    ]

    def __init__(self, path: Path, rows: int, what: str) -> None:
        super().__init__()
        self.path, self.rows, self.what = path, rows, what
        self._replace: Path | None = None  # the existing file the user was warned about

    def fields(self) -> ComposeResult:
        yield Static(Text(f"{plural(self.rows, 'row')} of {self.what}, as `attrib export --format csv` writes them.",
                          style="dim"), id="export-what")
        yield Label("Write to")
        yield Input(str(self.path), compact=True, id="export-path")

    def action_save(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.show_error("A file name is needed.")
            return
        path = Path(value).expanduser()
        if not path.is_absolute():  # a bare name goes beside the offered file, not in the cwd
            path = self.path.parent / path
        if path.is_dir():
            path = path / self.path.name
        if path.exists() and path != self._replace:
            self._replace = path
            self.show_error(f"{path} exists: Write again to replace it.", style="bold yellow")
            return
        self.dismiss(path)

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_save()
