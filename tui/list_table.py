"""The table every list view uses: a DataTable where j/k move like ↓/↑ (as in the
article text), so the keys that move a list are the same in every view."""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

# no ids: they mirror ↓/↑, which have none either; the help's intro names them once
LIST_KEYS = [
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
]


class ListTable(DataTable):
    BINDINGS = LIST_KEYS
