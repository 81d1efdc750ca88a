"""Compare coverage: the outlet x claim grid of statuses, and one cluster side by side.

A cluster is cross-outlet when its claims span at least two distinct outlets
(`attrib.linking.compare.is_cross_outlet`, the rule `attrib summary` and `compare` count by). Those
come first and are what the count line calls "in more than one outlet"; clusters of one
outlet (near-copies, or two articles of one outlet) are listed after them, marked
"↻ same outlet", and counted apart as same-outlet repeats."""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from attrib.records.output import plural
from attrib.records.records import latest_reviews
from attrib.records.review import ReviewStore
from tui.messages import ClaimHighlighted, OpenClaim
from tui.data import status_text, truncate, verdict_text
from tui.list_table import ListTable
from tui.view import LoadingView

EMPTY = ("No claim is carried by more than one outlet yet — add articles from other outlets "
         "and run `attrib link`.")
LINK_FLAGS = {"attribution_dropped": "⚑ dropped", "source_changed": "⚑ changed"}
REPEAT = "↻ same outlet"
FLAGS_WIDTH = len(REPEAT)


def coverage_renderable(cov: dict[str, Any]) -> Group:
    """One outlet's version of a claim: status, cross-outlet flags, wording, sources, chain."""
    head = status_text(cov["status"])
    if cov.get("review"):
        head.append("  ").append_text(verdict_text(cov["review"], word=False)).append(f" {cov['review']['verdict']}",
                                                                          style="cyan")
    parts: list[Any] = [head]
    for flag in cov["flags"]:
        if flag in LINK_FLAGS:
            parts.append(Text(f"⚑ {flag}", style="bold reverse red1"))
    parts.append(Text(""))
    parts.append(Text(" ".join(cov["text"].split())))
    parts.append(Text(""))
    sources = Text("Sources: ", style="bold")
    sources.append(", ".join(cov["sources"]) if cov["sources"] else "none named",
                   style="" if cov["sources"] else "italic red")
    parts.append(sources)
    chain = Text("Chain: ", style="bold")
    chain.append(" → ".join(cov["chain"]))
    parts.append(chain)
    if cov.get("title"):
        parts.append(Text(cov["title"], style="dim italic"))
    return Group(*parts)


class CoveragePanel(VerticalScroll):
    """One outlet's version; focus it (Tab, click, ← →) to make it the current claim."""

    DEFAULT_CSS = """
    CoveragePanel { width: 1fr; height: 1fr; border: round $panel-lighten-2; padding: 0 1; }
    CoveragePanel:focus { border: round $accent; }
    CoveragePanel.-dropped { border: heavy $error; }
    CoveragePanel.-dropped:focus { border: heavy $accent; }
    """

    # ← → are the view's (compare.previous_outlet / next_outlet): a panel does not scroll
    # sideways, so they reach the view, which knows the focused panel (one binding each)
    BINDINGS = [
        Binding("enter", "open", "Open claim", show=False, id="compare.panel_open"),
        Binding("escape", "back", "Back to grid", show=False, id="compare.panel_back"),
    ]

    def __init__(self, cov: dict[str, Any], index: int) -> None:
        super().__init__(classes="-dropped" if "attribution_dropped" in cov["flags"] else "")
        self.cov, self.index = cov, index
        self.border_title = cov["outlet"]
        self.border_subtitle = "⚑ attribution dropped" if "attribution_dropped" in cov["flags"] else ""

    def compose(self) -> ComposeResult:
        yield Static(coverage_renderable(self.cov))

    def on_focus(self) -> None:
        self.post_message(CompareView.PanelFocused(self.index))

    def action_open(self) -> None:
        self.post_message(OpenClaim(self.cov["claim_id"], self.cov["article_id"]))

    def action_back(self) -> None:
        view = next((a for a in self.ancestors if isinstance(a, CompareView)), None)
        if view:
            view.focus_main()


class CompareView(LoadingView):
    """Which outlets carry which claim, with what sourcing, and each version side by side."""

    DEFAULT_CSS = """
    CompareView { height: 1fr; }
    CompareView #compare-count { height: 1; padding: 0 1; color: $text-muted; }
    CompareView #compare-grid { height: auto; max-height: 40%; }
    CompareView #compare-sides { height: 1fr; min-height: 8; }
    CompareView #compare-empty { padding: 1 2; color: $text-muted; }
    CompareView.-empty #compare-grid, CompareView.-empty #compare-sides { display: none; }
    CompareView #compare-empty { display: none; }
    CompareView.-empty #compare-empty { display: block; }
    """

    BINDINGS = [
        Binding("left", "panel(-1)", "Previous outlet", show=False, id="compare.previous_outlet"),
        Binding("right", "panel(1)", "Next outlet", show=False, id="compare.next_outlet"),
    ]

    class PanelFocused(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, review: ReviewStore, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(review, name=name, id=id, classes=classes)
        self.outlets: list[str] = []
        self.rows: list[dict[str, Any]] = []
        self.clusters: dict[str, dict[str, Any]] = {}
        self.panel: int | None = None  # the selected outlet column of the shown cluster
        self._shown: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading…", id="compare-count")
        grid = ListTable(cursor_type="row", id="compare-grid")
        grid.border_title = "Outlet × claim"
        yield grid
        yield Horizontal(id="compare-sides")
        yield Static(EMPTY, id="compare-empty")

    # -- the ReviewView protocol -----------------------------------------------------

    def main_table(self) -> DataTable:
        return self.query_one("#compare-grid", DataTable)

    def current_claim_id(self) -> str | None:
        cov = self._current_coverage()
        return cov["claim_id"] if cov else None

    def export_rows(self) -> list[dict[str, Any]]:
        out = []
        for row in self.rows:
            cluster = self.clusters.get(row["cluster_id"], {})
            for cov in cluster.get("coverage", []):
                out.append({"cluster_id": row["cluster_id"], "label": row["label"], "outlet": cov["outlet"],
                            "status": cov["status"], "flags": " ".join(cov["flags"]),
                            "sources": "; ".join(cov["sources"]), "chain": " → ".join(cov["chain"]),
                            "claim": cov["text"], "claim_id": cov["claim_id"], "article_id": cov["article_id"]})
        return out

    # -- reading ---------------------------------------------------------------------

    def read(self, review: ReviewStore, args: Any) -> tuple[list[str], list[dict[str, Any]], dict[str, dict[str, Any]]]:
        found = review.clusters()
        outlets, rows = review.status_grid(found)
        reviews = latest_reviews(review.store)  # one query, not one per claim
        clusters = {c["cluster_id"]: c for c in found}
        for c in clusters.values():
            for cov in c["coverage"]:
                cov["review"] = reviews.get(cov["claim_id"])
        return outlets, rows, clusters

    def show(self, data: tuple[list[str], list[dict[str, Any]], dict[str, dict[str, Any]]]) -> None:
        self.outlets, self.rows, self.clusters = data
        self.set_class(not self.rows, "-empty")
        cross = [r for r in self.rows if r["cross_outlet"]]  # first: status_grid keeps compare_records' order
        n, repeats = len(cross), len(self.rows) - len(cross)
        dropped = sum(1 for r in cross if r["dropped"])
        changed = sum(1 for r in cross if r["changed"])
        outlets = {o for r in cross for o in self.clusters.get(r["cluster_id"], {}).get("outlets", [])}
        line = (f"{plural(n, 'claim')} in more than one outlet · {plural(len(outlets), 'outlet')} · "
                f"⚑ {dropped} attribution dropped · ⚑ {changed} source changed")
        if repeats:
            line += f" · {REPEAT[0]} {plural(repeats, 'same-outlet repeat')}"
        self.query_one("#compare-count", Static).update(line if self.rows else "")
        self._fill()

    # -- showing ---------------------------------------------------------------------

    def _fill(self) -> None:
        grid = self.query_one("#compare-grid", DataTable)
        keep = self._selected_cluster_id()
        index = grid.cursor_row
        width = grid.size.width or self.size.width or 80
        cells = {o: max(13, min(len(o), 18)) for o in self.outlets}
        label_w = max(width - sum(w + 2 for w in cells.values()) - (FLAGS_WIDTH + 2) - 2 - 2, 20)
        grid.clear(columns=True)
        grid.add_column("claim", width=label_w, key="label")
        for o in self.outlets:
            grid.add_column(Text(truncate(o, cells[o])), width=cells[o], key=f"outlet:{o}")
        grid.add_column("⚑", width=FLAGS_WIDTH, key="flags")
        for row in self.rows:
            marks = [LINK_FLAGS[k] for k, on_ in (("attribution_dropped", row["dropped"]),
                                                    ("source_changed", row["changed"])) if on_]
            if not row["cross_outlet"]:  # a repeat within one outlet: no cross-outlet flag can apply
                grid.add_row(Text(truncate(row["label"], label_w), style="dim"),
                             *[status_text(row["cells"].get(o)) for o in self.outlets],
                             Text(REPEAT, style="dim italic"), key=row["cluster_id"])
                continue
            grid.add_row(Text(truncate(row["label"], label_w)),
                         *[status_text(row["cells"].get(o)) for o in self.outlets],
                         Text(" ".join(marks), style="bold red1"), key=row["cluster_id"])
        if not self.rows:
            self._show_cluster(None)
            return
        ids = [r["cluster_id"] for r in self.rows]
        row = ids.index(keep) if keep in ids else min(max(index, 0), len(ids) - 1)
        grid.move_cursor(row=row, animate=False)
        self._show_cluster(ids[row], force=True)

    def _show_cluster(self, cluster_id: str | None, force: bool = False) -> None:
        if cluster_id == self._shown and not force:
            return
        focused_panel = isinstance(self.app.focused, CoveragePanel) and self.app.focused in self.query(CoveragePanel)
        if cluster_id != self._shown:
            self.panel = None
        self._shown = cluster_id
        sides = self.query_one("#compare-sides", Horizontal)
        sides.remove_children()
        cluster = self.clusters.get(cluster_id or "")
        if not cluster:
            return
        panels = [CoveragePanel(cov, i) for i, cov in enumerate(cluster["coverage"])]
        sides.mount_all(panels)
        if focused_panel and self.panel is not None and self.panel < len(panels):
            self.call_after_refresh(panels[self.panel].focus)

    def on_resize(self) -> None:
        if self._loaded:
            self._fill()

    def _selected_cluster_id(self) -> str | None:
        grid = self.query_one("#compare-grid", DataTable)
        if not self.rows or grid.row_count == 0:
            return None
        index = grid.cursor_row
        return self.rows[index]["cluster_id"] if 0 <= index < len(self.rows) else None

    def _current_coverage(self) -> dict[str, Any] | None:
        cluster = self.clusters.get(self._selected_cluster_id() or "")
        if not cluster or not cluster["coverage"]:
            return None
        index = self.panel if self.panel is not None and self.panel < len(cluster["coverage"]) else 0
        return cluster["coverage"][index]

    # -- events ----------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#compare-grid")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_cluster(event.row_key.value if event.row_key else None)
        self.post_message(ClaimHighlighted(self.current_claim_id()))

    @on(DataTable.RowSelected, "#compare-grid")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        cov = self._current_coverage()
        if cov:
            self.post_message(OpenClaim(cov["claim_id"], cov["article_id"]))

    def on_compare_view_panel_focused(self, message: PanelFocused) -> None:
        message.stop()
        self.panel = message.index
        self.post_message(ClaimHighlighted(self.current_claim_id()))

    def action_panel(self, delta: int) -> None:
        panels = list(self.query(CoveragePanel))
        if not panels:
            return
        start = self.panel if self.panel is not None else (-1 if delta > 0 else 0)
        panels[(start + delta) % len(panels)].focus()
