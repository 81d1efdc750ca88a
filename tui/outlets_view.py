"""Outlet profiles: how each outlet sources its claims, as a table and as bars.

Counts are as reviewed (`attrib.records.review.reviewed_status`): a confirmed claim keeps its
status, a corrected one takes its corrected source's, a rejected one leaves the four
statuses for the "✘ rej" column (its status is wrong, the right one unknown), and a claim
marked not a claim is not counted at all (as `attrib flag` drops it)."""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from attrib.records.review import STATUS_SYMBOL, VERDICT_SYMBOL, ReviewStore
from attrib.analysis.claims.sourcing import STATUSES
from tui.data import STATUS_STYLE, VERDICT_STYLE, truncate
from tui.list_table import ListTable
from tui.view import LoadingView

# a different block per status, so the bar reads without colour too
BAR_CHAR = {"sourced": "█", "anonymous": "▓", "vague": "▒", "unsourced": "░", "rejected": "╳"}
# the bar's segments: the four statuses, then the claims whose status a reviewer rejected
SEGMENTS = (*STATUSES, "rejected")
SEGMENT_STYLE = {**{s: STATUS_STYLE[s].replace("bold ", "") for s in STATUSES}, "rejected": VERDICT_STYLE.replace("bold ", "")}
SEGMENT_SYMBOL = {**STATUS_SYMBOL, "rejected": VERDICT_SYMBOL["rejected"]}


def split_width(counts: list[int], width: int) -> list[int]:
    """Cells per segment (largest remainder), so the segments fill `width` exactly."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0] * len(counts)
    exact = [c * width / total for c in counts]
    cells = [int(e) for e in exact]
    for i in sorted(range(len(counts)), key=lambda i: exact[i] - cells[i], reverse=True)[: width - sum(cells)]:
        cells[i] += 1
    return cells


def share_bar(profile: dict[str, Any], width: int) -> Text:
    """A stacked bar of sourced / anonymous / vague / unsourced (/ rejected) claims."""
    counts = [int(profile.get(s) or 0) for s in SEGMENTS]
    bar = Text()
    for status, cells in zip(SEGMENTS, split_width(counts, width)):
        bar.append(BAR_CHAR[status] * cells, style=SEGMENT_STYLE[status])
    if not sum(counts):
        bar.append("·" * width, style="dim")
    return bar


def legend(profile: dict[str, Any] | None = None) -> Table:
    """One line per status: its block, symbol and name, and (for a profile) count and share;
    a line for rejected claims when the profile has some."""
    total = sum(int((profile or {}).get(s) or 0) for s in SEGMENTS)
    grid = Table.grid(padding=(0, 1))
    for _ in range(4 if profile is not None else 2):
        grid.add_column(no_wrap=True)
    for status in SEGMENTS:
        if status == "rejected" and not (profile or {}).get("rejected"):
            continue
        style = SEGMENT_STYLE[status]
        name = "rejected (status wrong)" if status == "rejected" else status
        cells = [Text(BAR_CHAR[status] * 2, style=style), Text(f"{SEGMENT_SYMBOL[status]} {name}")]
        if profile is not None:
            n = int(profile.get(status) or 0)
            cells += [Text(str(n), justify="right"), Text(f"{100 * n / total:.0f}%" if total else "–", justify="right")]
        grid.add_row(*cells)
    return grid


class OutletsView(LoadingView):
    """The per-outlet sourcing profile: a table, stacked bars, and top sources."""

    DEFAULT_CSS = """
    OutletsView { height: 1fr; }
    OutletsView #outlets-table { height: auto; max-height: 50%; }
    OutletsView #outlets-below { height: 1fr; }
    OutletsView #outlets-bars { width: 2fr; height: 1fr; border: round $panel-lighten-2; padding: 0 1; }
    OutletsView #outlets-sources { width: 1fr; min-width: 24; height: 1fr; border: round $panel-lighten-2;
                                   padding: 0 1; }
    OutletsView #outlets-empty { display: none; padding: 1 2; color: $text-muted; }
    OutletsView.-empty #outlets-empty { display: block; }
    OutletsView.-empty #outlets-table, OutletsView.-empty #outlets-below { display: none; }
    """

    COLUMNS = [("outlet", "outlet"), ("articles", "arts"), ("claims", "claims"), ("sourced", "✓ src"),
               ("anonymous", "? anon"), ("vague", "~ vague"), ("unsourced", "✗ unsrc"),
               ("rejected", "✘ rej"), ("share_unsourced", "%✗"), ("via_wire", "wire"), ("shared_with_others", "shared"),
               ("only_here", "only")]

    NARROW = {"articles": "arts", "claims": "clms", "sourced": "✓", "anonymous": "?", "vague": "~",
              "unsourced": "✗", "rejected": "✘", "shared_with_others": "shrd"}

    def __init__(self, review: ReviewStore, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(review, name=name, id=id, classes=classes)
        self.profiles: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        table = ListTable(cursor_type="row", id="outlets-table")
        table.border_title = "Outlets"
        yield table
        with Horizontal(id="outlets-below"):
            bars = VerticalScroll(Static(id="outlets-bars-body"), id="outlets-bars")
            bars.border_title = "Sourcing by outlet"
            yield bars
            sources = VerticalScroll(Static(id="outlets-sources-body"), id="outlets-sources")
            sources.border_title = "Top sources"
            yield sources
        yield Static("No articles yet — run `attrib run PATH` to add some.", id="outlets-empty")

    # -- the ReviewView protocol -----------------------------------------------------

    def current_claim_id(self) -> str | None:
        return None

    def export_rows(self) -> list[dict[str, Any]]:
        out = []
        for p in self.profiles:
            row = {k: v for k, v in p.items() if k != "top_sources"}
            row["top_sources"] = "; ".join(f"{name} ({n})" for name, n in p.get("top_sources") or [])
            out.append(row)
        return out

    # -- reading ---------------------------------------------------------------------

    def read(self, review: ReviewStore, args: Any) -> list[dict[str, Any]]:
        return review.outlet_profiles()

    def show(self, profiles: list[dict[str, Any]]) -> None:
        self.profiles = profiles
        self.set_class(not self.profiles, "-empty")
        self._fill()

    # -- showing ---------------------------------------------------------------------

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        keep = self.selected_outlet()
        index = table.cursor_row
        width = table.size.width or self.size.width or 80
        narrow = width < 110
        outlet_w = 14 if narrow else max(min(24, width - 66), 10)
        table.clear(columns=True)
        for key, label in self.COLUMNS:
            table.add_column(self.NARROW.get(key, label) if narrow else label, key=key,
                             width=outlet_w if key == "outlet" else None)
        for p in self.profiles:
            cells: list[Any] = [Text(truncate(p["outlet"], outlet_w))]  # data, not markup
            for key, _ in self.COLUMNS[1:]:
                value = p.get(key)
                if key == "share_unsourced":
                    cells.append(Text(f"{100 * (value or 0):.0f}%", justify="right"))
                elif key in SEGMENTS:
                    cells.append(Text(str(value or 0), justify="right",
                                      style=SEGMENT_STYLE[key] if value else "dim"))
                else:
                    cells.append(Text(str(value if value is not None else ""), justify="right"))
            table.add_row(*cells, key=p["outlet"])
        if self.profiles:
            names = [p["outlet"] for p in self.profiles]
            row = names.index(keep) if keep in names else min(max(index, 0), len(names) - 1)
            table.move_cursor(row=row, animate=False)
        self._show_details()

    def selected_outlet(self) -> str | None:
        table = self.query_one(DataTable)
        index = table.cursor_row
        return self.profiles[index]["outlet"] if self.profiles and 0 <= index < len(self.profiles) else None

    def _show_details(self) -> None:
        selected = self.selected_outlet()
        body = self.query_one("#outlets-bars-body", Static)
        pane = self.query_one("#outlets-bars")
        inner = (pane.size.width or max(self.size.width * 2 // 3, 40)) - 4
        name_w = min(max((len(p["outlet"]) for p in self.profiles), default=6), 18)
        bar_w = max(inner - name_w - 2 - 6, 10)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=name_w, no_wrap=True)
        grid.add_column(width=bar_w, no_wrap=True)
        grid.add_column(width=5, justify="right", no_wrap=True)
        for p in self.profiles:
            mark = p["outlet"] == selected
            grid.add_row(Text(truncate(p["outlet"], name_w), style="bold reverse" if mark else "bold"),
                         share_bar(p, bar_w), Text(f"{p.get('claims') or 0}", style="dim"))
        chosen = next((p for p in self.profiles if p["outlet"] == selected), None)
        parts: list[Any] = [grid, Text("")]
        if chosen:
            parts.append(Text(chosen["outlet"], style="bold"))
            parts.append(legend(chosen))
            wire = chosen.get("share_via_wire") or 0
            parts.append(Text(f"{100 * wire:.0f}% via a wire service · {chosen.get('shared_with_others') or 0} "
                              f"shared with other outlets · {chosen.get('only_here') or 0} only here", style="dim"))
            if chosen.get("reviewed"):
                dropped = chosen.get("not_a_claim") or 0
                parts.append(Text(f"{chosen['reviewed']} reviewed: counted as reviewed"
                                  + (f" · {dropped} not a claim, not counted" if dropped else ""), style=VERDICT_STYLE))
        else:
            parts.append(legend())
        body.update(Group(*parts))
        sources = self.query_one("#outlets-sources-body", Static)
        self.query_one("#outlets-sources").border_title = f"Top sources · {selected}" if selected else "Top sources"
        tops = (chosen or {}).get("top_sources") or []
        if tops:
            src = Table.grid(padding=(0, 1))
            src.add_column(justify="right", style="bold")
            src.add_column()
            for name, n in tops:
                src.add_row(str(n), name)
            sources.update(src)
        else:
            sources.update(Text("No named sources.", style="dim italic"))

    def on_resize(self) -> None:
        if self._loaded:
            self._fill()

    @on(DataTable.RowHighlighted, "#outlets-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_details()

    @on(DataTable.RowSelected, "#outlets-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
