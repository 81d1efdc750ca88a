"""The "Needs a source" queue: flagged claims, most check-worthy first, filterable.

j/k move like ↓/↑; o, s and f open a filter. When a filter's dropdown closes (a choice
made, or Esc), the list has the focus again, so j/k and the review keys act at once; Esc on
a filter goes back to the list too. The outlet filter matches outlet names whatever their
case (one entry per name)."""
from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from attrib.records.flagging import NEEDS_SOURCE
from attrib.records.records import outlet_key
from attrib.records.review import STATUS_SYMBOL, ReviewStore
from tui.data import status_text, truncate, verdict_text
from tui.list_table import ListTable
from tui.messages import ClaimHighlighted, OpenClaim
from tui.view import LoadingView

# flags that only repeat the status; the table shows the others (the export keeps all)
STATUS_FLAGS = ("unsourced", "anonymous_only", "vague_only")
KNOWN_FLAGS = ("number_unsourced", "attribution_dropped", "source_changed", "unsourced", "anonymous_only",
               "vague_only")
ALL = "*"
SHORT_FLAG = {"number_unsourced": "# number", "attribution_dropped": "⚑ dropped", "source_changed": "⚑ changed",
              "unsourced": "✗", "anonymous_only": "?", "vague_only": "~"}


class QueueView(LoadingView):
    """Claims that need a source, in a table; Enter opens one in its article."""

    DEFAULT_CSS = """
    QueueView { height: 1fr; }
    QueueView #queue-filters { height: auto; padding: 0 1; }
    QueueView #queue-filters Select { width: 1fr; margin-right: 1; }
    QueueView #queue-count { height: 1; padding: 0 1; color: $text-muted; }
    QueueView DataTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("o", "filter('outlet')", "Outlet filter", show=False, id="queue.filter_outlet"),
        Binding("s", "filter('status')", "Status filter", show=False, id="queue.filter_status"),
        Binding("f", "filter('flag')", "Flag filter", show=False, id="queue.filter_flag"),
        Binding("escape", "to_list", "Back to the list", show=False, id="queue.to_list"),
    ]

    def __init__(self, review: ReviewStore, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(review, name=name, id=id, classes=classes)
        self.rows: list[dict[str, Any]] = []
        self._outlets: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="queue-filters"):
            yield Select([("All outlets", ALL)], value=ALL, allow_blank=False, compact=True, id="queue-outlet",
                         tooltip="Outlet (o)")
            yield Select([("All statuses", ALL)] + [(f"{STATUS_SYMBOL[s]} {s}", s) for s in NEEDS_SOURCE],
                         value=ALL, allow_blank=False, compact=True, id="queue-status", tooltip="Status (s)")
            yield Select([("All flags", ALL)] + [(f, f) for f in KNOWN_FLAGS], value=ALL, allow_blank=False,
                         compact=True, id="queue-flag", tooltip="Flag (f)")
        yield Static("Loading…", id="queue-count")
        table = ListTable(cursor_type="row", zebra_stripes=True, id="queue-table")
        table.border_title = "Needs a source"
        yield table

    def on_mount(self) -> None:  # LoadingView's on_mount (the first load) runs as well
        for key in ("outlet", "status", "flag"):
            select = self.query_one(f"#queue-{key}", Select)
            self.watch(select, "expanded", self._dropdown_watcher(select), init=False)

    def _dropdown_watcher(self, select: Select) -> Callable[[bool], None]:
        def closed(expanded: bool) -> None:
            """A dropdown closed: Select focuses itself again after (unless a click took
            the focus elsewhere); then the list takes it back."""
            if not expanded:
                self.call_after_refresh(self._back_from, select)
        return closed

    def _back_from(self, select: Select) -> None:
        if self.app.focused is not None and select in self.app.focused.ancestors_with_self:
            self.action_to_list()

    # -- the ReviewView protocol -----------------------------------------------------

    def current_claim_id(self) -> str | None:
        row = self._current_row()
        return row["claim_id"] if row else None

    def export_rows(self) -> list[dict[str, Any]]:
        return [{"score": r["checkworthy"], "status": r["status"], "flags": " ".join(r["flags"]),
                 "outlet": r["outlet"], "title": r.get("title"), "claim": r["text"],
                 "verdict": (r.get("review") or {}).get("verdict"), "claim_id": r["claim_id"],
                 "article_id": r["article_id"]} for r in self.rows]

    # -- reading ---------------------------------------------------------------------

    def read_args(self) -> dict[str, Any]:
        return self.filters()

    def filters(self) -> dict[str, Any]:
        values = {}
        for key in ("outlet", "status", "flag"):
            value = self.query_one(f"#queue-{key}", Select).value
            values[key] = None if value in (ALL, Select.NULL) else value
        return values

    def read(self, review: ReviewStore, filters: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str], int]:
        rows = review.queue(outlets=[filters["outlet"]] if filters["outlet"] else None,
                            statuses=[filters["status"]] if filters["status"] else None, flag=filters["flag"])
        outlets: dict[str, str] = {}  # one entry per name as the filter compares them (case, spaces)
        for o, _ in review.outlets_and_articles():
            outlets.setdefault(outlet_key(o), o)
        total = len(review.queue()) if any(filters.values()) else len(rows)
        return rows, list(outlets.values()), total

    def show(self, data: tuple[list[dict[str, Any]], list[str], int]) -> None:
        self.rows, outlets, total = data
        if outlets != self._outlets:
            self._outlets = outlets
            select = self.query_one("#queue-outlet", Select)
            value = select.value
            with select.prevent(Select.Changed):
                select.set_options([("All outlets", ALL)] + [(o, o) for o in outlets])
                select.value = value if value in outlets else ALL
        reviewed = sum(1 for r in self.rows if r.get("review"))
        n = len(self.rows)
        line = f"{n} claim{'s' if n != 1 else ''} need{'s' if n == 1 else ''} a source · {reviewed} reviewed"
        if n != total:
            line += f" · filtered from {total}"
        self.query_one("#queue-count", Static).update(line)
        self._fill()

    # -- showing ---------------------------------------------------------------------

    def _widths(self) -> dict[str, int]:
        width = self.query_one(DataTable).size.width or self.size.width or 80
        wide = width >= 120
        w = {"score": 5, "status": 11, "flags": 20 if wide else 10, "outlet": 16 if wide else 10, "verdict": 1}
        # cell padding is 1 each side; 2 more for the scrollbar
        rest = width - sum(w.values()) - 2 * 6 - 2
        w["claim"] = max(rest, 16)
        return w

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        keep = self.current_claim_id()
        index = table.cursor_row
        w = self._widths()
        table.clear(columns=True)
        table.add_column("score", width=w["score"], key="score")
        table.add_column("status", width=w["status"], key="status")
        table.add_column("flags", width=w["flags"], key="flags")
        table.add_column("outlet", width=w["outlet"], key="outlet")
        table.add_column("claim", width=w["claim"], key="claim")
        table.add_column("✔", width=w["verdict"], key="verdict")
        for r in self.rows:
            extra = [f for f in r["flags"] if f not in STATUS_FLAGS]
            shown = ", ".join(extra) if w["flags"] >= 20 else " ".join(SHORT_FLAG.get(f, f) for f in extra)
            flags = Text(truncate(shown, w["flags"]),
                         style="bold red1" if "attribution_dropped" in extra or "source_changed" in extra else "")
            table.add_row(Text(f"{r['checkworthy']:.2f}", justify="right"), status_text(r["status"]), flags,
                          truncate(r["outlet"], w["outlet"]), truncate(r["text"], w["claim"]),
                          verdict_text(r.get("review"), word=False), key=r["claim_id"])
        if not self.rows:
            return
        ids = [r["claim_id"] for r in self.rows]
        row = ids.index(keep) if keep in ids else min(max(index, 0), len(ids) - 1)
        table.move_cursor(row=row, animate=False)

    def on_resize(self) -> None:
        if self._loaded:
            self._fill()

    def _current_row(self) -> dict[str, Any] | None:
        table = self.query_one(DataTable)
        if not self.rows or table.row_count == 0:
            return None
        index = table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    # -- events ----------------------------------------------------------------------

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.reload()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(ClaimHighlighted(event.row_key.value if event.row_key else None))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = next((r for r in self.rows if r["claim_id"] == event.row_key.value), None)
        if row:
            self.post_message(OpenClaim(row["claim_id"], row["article_id"]))

    def action_filter(self, which: str) -> None:
        select = self.query_one(f"#queue-{which}", Select)
        select.focus()
        select.action_show_overlay()

    def action_to_list(self) -> None:
        """Esc: from a filter back to the list, the row kept."""
        self.main_table().focus()

    def action_clear_filters(self) -> None:
        for key in ("outlet", "status", "flag"):
            select = self.query_one(f"#queue-{key}", Select)
            with select.prevent(Select.Changed):
                select.value = ALL
        self.reload()
