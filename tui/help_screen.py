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

from tui.list_table import ListTable

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
    """(section, keys, description, id): one row per thing a key does in a section.

    A section gathers several nodes, and one thing can be bound in more than one of them
    (the article text's and the claim panel's "Next claim", attrib's `q` and Textual's
    ctrl+q for quit), each with one key or several: a row per action, its keys joined, the
    description and id of attrib's own binding, so nothing is listed twice."""
    rows: list[tuple[str, str, str, str]] = []
    for title, nodes in sections:
        seen: dict[str, list[str]] = {}
        meta: dict[str, Binding] = {}
        for node in nodes:
            for b in bindings_of(node):
                if b.system and not b.description:
                    continue
                if node is not app and node.parent is not None and not b.id and nodes.index(node) > 0:
                    continue  # inside a view: only attrib's own bindings (they have ids), not every scroll key
                key = b.action
                shown = app.get_key_display(b)
                if key in meta and b.id and not meta[key].id:
                    # attrib's own binding: its key first, the row where attrib lists it
                    seen[key] = [shown] + [k for k in seen.pop(key) if k != shown]
                    meta[key] = b
                    continue
                keys = seen.setdefault(key, [])
                if shown not in keys:
                    keys.append(shown)
                meta.setdefault(key, b)
        for key, keys in seen.items():
            b = meta[key]
            rows.append((title, " ".join(keys), b.description or b.tooltip or b.action, b.id or ""))
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
            yield Static(Text("Review keys act on the claim under the cursor in the current view; "
                              "j/k move like ↓/↑ in every list. Remap a key by its id: "
                              "ATTRIB_KEYMAP='review.confirm=c;app.search=ctrl+f'.",
                              style="dim"), id="help-intro")
            yield ListTable(cursor_type="row", zebra_stripes=True, id="help-table")

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
