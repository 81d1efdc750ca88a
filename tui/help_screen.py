"""`?`: every key binding, generated from the app's and the views' bindings (so a remapped
key shows as remapped)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

if TYPE_CHECKING:
    from textual.app import App


def bindings_of(node: DOMNode) -> list[Binding]:
    """The node's bindings with the app's keymap applied (as Textual does when keys are pressed)."""
    bindings_map = node._bindings.copy()
    keymap = getattr(node.app, "_keymap", None)
    if keymap:
        bindings_map.apply_keymap(keymap)
    return [b for bindings in bindings_map.key_to_bindings.values() for b in bindings]


def binding_rows(app: App, sections: Iterable[tuple[str, list[DOMNode]]]) -> list[tuple[str, str, str, str]]:
    """(section, keys, description, id) for every binding; a binding with several keys is one row."""
    rows: list[tuple[str, str, str, str]] = []
    for title, nodes in sections:
        seen: dict[tuple[str, str], list[str]] = {}
        meta: dict[tuple[str, str], Binding] = {}
        for node in nodes:
            for b in bindings_of(node):
                if b.system and not b.description:
                    continue
                if node is not app and node.parent is not None and not b.id and nodes.index(node) > 0:
                    continue  # inside a view: only attrib's own bindings (they have ids), not every scroll key
                key = (b.action, b.description)
                keys = seen.setdefault(key, [])
                shown = app.get_key_display(b)
                if shown not in keys:
                    keys.append(shown)
                meta.setdefault(key, b)
        for (action, description), keys in seen.items():
            b = meta[(action, description)]
            rows.append((title, " ".join(keys), description or b.tooltip or action, b.id or ""))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss(None)", "Close", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(Text("Review keys act on the claim under the cursor in the current view. "
                              "Remap a key by its id: ATTRIB_KEYMAP='review.confirm=c;app.search=ctrl+f'.",
                              style="dim"), id="help-intro")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="help-table")

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys"
        self.query_one("#help-box").border_subtitle = "Esc closes"
        table = self.query_one(DataTable)
        table.add_columns("where", "key", "does", "id")
        last = None
        for section, keys, description, bid in self.rows:
            table.add_row(Text(section, style="bold") if section != last else "", Text(keys, style="bold cyan"),
                          description, Text(bid, style="dim"))
            last = section
        table.focus()
