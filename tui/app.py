"""AttribApp: the review interface. Four views in tabs (1 Articles, 2 Needs a source,
3 Compare, 4 Outlets); review keys (y n e x u) act on the current view's claim; `/`
searches; `?` lists the keys; ctrl+p has the commands. `attrib tui` starts it through
`main()`; the library (attrib/) never imports this package."""
from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, Iterable

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Header, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from attrib.records.output import clusters_phrase, plural, write_records
from attrib.records.review import VERDICT_SYMBOL, ReviewStore
from attrib.store.store import Store
from tui.articles_view import ArticlesView
from tui.compare_view import CompareView
from tui.correct_screen import CorrectScreen
from tui.data import VERDICT_WORD, one_line, thread_review
from tui.export_screen import ExportScreen, default_export_path
from tui.footer import FittingFooter
from tui.help_screen import HelpScreen, binding_rows
from tui.messages import DataChanged, OpenClaim
from tui.outlets_view import OutletsView
from tui.palette import AttribCommands
from tui.progress_panel import PipelineProgress
from tui.queue_view import QueueView
from tui.search_screen import SearchScreen
from tui.view import ReviewView

REFRESH_SECONDS = 5.0
# actions that act on what is behind a modal screen: not while one is open


class AttribApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "attrib"
    COMMANDS = App.COMMANDS | {AttribCommands}
    VIEW_TITLES = {"articles": "Articles", "queue": "Needs a source", "compare": "Compare", "outlets": "Outlets"}

    BINDINGS = [
        Binding("1", "show_view('articles')", "Articles", show=False, id="view.articles"),
        Binding("2", "show_view('queue')", "Needs a source", show=False, id="view.queue"),
        Binding("3", "show_view('compare')", "Compare", show=False, id="view.compare"),
        Binding("4", "show_view('outlets')", "Outlets", show=False, id="view.outlets"),
        Binding("y", "review('confirmed')", "confirm", id="review.confirm"),
        Binding("n", "review('rejected')", "reject", id="review.reject"),
        Binding("e", "correct", "correct", id="review.correct"),
        Binding("x", "review('not_a_claim')", "not a claim", id="review.not_a_claim"),
        Binding("u", "undo", "undo", id="review.undo"),
        Binding("slash", "search", "search", id="app.search"),
        Binding("r,ctrl+r", "refresh", "refresh", show=False, id="app.refresh"),
        Binding("question_mark", "help", "help", id="app.help"),
        Binding("q", "quit", "quit", id="app.quit"),
    ]

    def __init__(self, db_path: str | Path, paths: Iterable[str] = (), corpus: str | Path | None = None,
                 refresh_seconds: float | None = REFRESH_SECONDS) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.store = Store(self.db_path)
        self.review = ReviewStore(self.store)
        self.paths = [str(p) for p in paths]
        if not self.paths and corpus and Path(corpus).exists() and self.store.counts()["articles"] == 0:
            self.paths = [str(corpus)]
        self.refresh_seconds = refresh_seconds
        self._counts: dict[str, int] = {}
        self.views: dict[str, ReviewView] = {
            "articles": ArticlesView(self.review, id="view-articles"),
            "queue": QueueView(self.review, id="view-queue"),
            "compare": CompareView(self.review, id="view-compare"),
            "outlets": OutletsView(self.review, id="view-outlets"),
        }

    def compose(self) -> ComposeResult:
        yield Header(icon="⁂")
        with TabbedContent(initial="articles", id="tabs"):
            for n, (view_id, title) in enumerate(self.VIEW_TITLES.items(), 1):
                with TabPane(f"{n} {title}", id=view_id):
                    yield self.views[view_id]
        progress = PipelineProgress(id="pipeline")
        progress.display = False
        yield progress
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.apply_keymap_from_env()
        self._counts = self.review.counts()
        self._seen_version = self._data_version()
        self.update_subtitle()
        self.views["articles"].focus_main()
        if self.paths:
            self.query_one(PipelineProgress).start()
            self.run_pipeline(self.paths)
        if self.refresh_seconds:
            self.set_interval(self.refresh_seconds, self.check_for_changes)

    def apply_keymap_from_env(self) -> None:
        """ATTRIB_KEYMAP='review.confirm=c;app.search=ctrl+f' remaps bindings by id. An id
        no binding has, or a part that is not id=keys, is named in a notification (with the
        closest id), since a typo would otherwise leave the key as it was without a word."""
        spec = os.environ.get("ATTRIB_KEYMAP", "").strip()
        if not spec:
            return
        known = sorted(binding_ids())
        keymap = {}
        for part in spec.split(";"):
            if not part.strip():
                continue
            bid, eq, keys = (x.strip() for x in part.partition("="))
            if not eq or not bid or not keys:
                self.notify(f"ATTRIB_KEYMAP: {part.strip()!r} is not id=keys (e.g. review.confirm=c)",
                            severity="warning", timeout=10)
                continue
            if bid not in known:
                close = difflib.get_close_matches(bid, known, n=1)
                self.notify(f"ATTRIB_KEYMAP: unknown binding id {bid!r}" + (f"; did you mean {close[0]!r}?" if close
                            else " (? lists every id)"), severity="warning", timeout=10)
                continue
            keymap[bid] = keys
        self.set_keymap(keymap)

    # -- views ------------------------------------------------------------------------

    def active_view_id(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "articles"

    def active_view(self) -> ReviewView:
        return self.views[self.active_view_id()]

    def current_claim_id(self) -> str | None:
        return self.active_view().current_claim_id()

    def action_show_view(self, view_id: str) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        if tabs.active == view_id:
            self.views[view_id].focus_main()
        else:
            # Let go of the focus first: a focused widget that the switch hides hands it to
            # a focusable sibling in the same pane (the claim panel's tree, a compare panel's
            # neighbour, another filter), and TabbedContent then switches back to that pane.
            self.screen.set_focus(None)
            tabs.active = view_id

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        view = self.views.get(event.pane.id or "")
        if view is not None:
            self.call_after_refresh(view.focus_main)

    # -- messages from the views --------------------------------------------------------

    def on_open_claim(self, message: OpenClaim) -> None:
        message.stop()
        self.open_claim(message.claim_id, message.article_id)

    def open_claim(self, claim_id: str, article_id: str | None = None) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        articles: ArticlesView = self.views["articles"]
        if tabs.active != "articles":
            with tabs.prevent(TabbedContent.TabActivated):
                tabs.active = "articles"
        articles.open_claim(claim_id, article_id)

    def on_data_changed(self, message: DataChanged) -> None:
        message.stop()
        self._seen_version = self._data_version()
        self._counts = self.review.counts()
        self.update_subtitle()
        for view in self.views.values():
            view.reload()

    def update_subtitle(self) -> None:
        c = self._counts
        self.sub_title = (f"{self.db_path.name} · {c.get('articles', 0)} articles · {c.get('claims', 0)} claims · "
                          f"{c.get('reviewed', 0)} reviewed")

    def check_for_changes(self) -> None:
        """Every few seconds: reload when another connection committed anything (`attrib
        run` elsewhere, a verdict from another session). SQLite's data_version says so in
        one cheap read; counts would miss a changed verdict or a re-analysis."""
        try:
            version = self._data_version()
        except Exception:  # noqa: BLE001 - the database is busy; try again next time
            return
        if version != self._seen_version:
            self.post_message(DataChanged())

    def _data_version(self) -> int:
        return self.store.conn.execute("PRAGMA data_version").fetchone()[0]

    # -- review keys ----------------------------------------------------------------------

    def _claim_or_warn(self) -> str | None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            self.notify("No claim selected here.", severity="warning", timeout=3)
        return claim_id

    def action_review(self, verdict: str) -> None:
        claim_id = self._claim_or_warn()
        if claim_id:
            self.record(claim_id, verdict)

    def action_undo(self) -> None:
        claim_id = self._claim_or_warn()
        if claim_id:
            self.record(claim_id, "undo")

    def action_correct(self) -> None:
        claim_id = self._claim_or_warn()
        if not claim_id:
            return
        detail = self.review.claim(claim_id)
        if detail is None:
            return
        source = next((s for s in detail.chain if s.role == "source"), None)
        review = detail.review or {}
        name = review.get("source_name") or (source.name if source else "")
        stype = review.get("source_type") or (source.source_type if source else None)

        def done(result: dict[str, Any] | None) -> None:
            if result:
                self.record(claim_id, "corrected", **result)

        self.push_screen(CorrectScreen(detail.claim.get("text") or "", name, stype), done)

    @work(thread=True, group="record", exit_on_error=False)
    def record(self, claim_id: str, verdict: str, note: str = "", source_name: str | None = None,
               source_type: str | None = None) -> None:
        """Append the verdict (in a worker: another process may hold the write lock for a moment)."""
        with thread_review(self.review) as r:
            row = next(r.db.query("SELECT text FROM claims WHERE claim_id = ?", [claim_id]), None)
            text = one_line(row["text"] if row else claim_id, 70)
            if verdict == "undo":
                before = r.latest(claim_id)
                if before is None:
                    self.call_from_thread(self.notify, f"Nothing to undo: {text}", timeout=3)
                    return
                r.record(claim_id, "undo")
                after = r.latest(claim_id)
                now = f"now {VERDICT_WORD[after['verdict']]}" if after else "now not reviewed"
                message = f"Undid {VERDICT_WORD[before['verdict']]} ({now}): {text}"
            else:
                r.record(claim_id, verdict, note=note, source_name=source_name, source_type=source_type)
                message = f"{VERDICT_SYMBOL[verdict]} {VERDICT_WORD[verdict]}" + (
                    f" → {source_name}" + (f" ({source_type})" if source_type else "") if source_name else "") + f": {text}"
        self.call_from_thread(self.notify, message, title="Recorded", timeout=4)
        self.post_message(DataChanged())

    # -- other actions ----------------------------------------------------------------------

    def action_search(self) -> None:
        def chosen(result: tuple[str, str] | None) -> None:
            if result:
                self.open_claim(*result)

        self.push_screen(SearchScreen(self.review), chosen)

    def action_help(self) -> None:
        sections: list[tuple[str, list]] = [("everywhere", [self])]
        for view_id, title in self.VIEW_TITLES.items():
            view = self.views[view_id]
            own = [n for n in view.query("*") if type(n).__module__.startswith("tui.")]
            sections.append((title, [view, *own]))
        self.push_screen(HelpScreen(binding_rows(self, sections)))

    def action_refresh(self) -> None:
        self.post_message(DataChanged())
        self.notify("Reloaded from the database.", timeout=2)

    def action_export(self) -> None:
        """Ask where to write the current view's rows (ExportScreen), then write them."""
        view_id = self.active_view_id()
        rows = self.active_view().export_rows()
        offered = default_export_path(view_id)

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_csv(rows, path, create_dir=path.parent == offered.parent)

        self.push_screen(ExportScreen(offered, len(rows), f"the {self.VIEW_TITLES[view_id]} view"), chosen)

    def export_csv(self, rows: list[dict[str, Any]], path: Path, create_dir: bool = False) -> Path | None:
        try:
            if create_dir:
                path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                write_records(rows, "csv", f)  # as `attrib export --format csv` writes them
        except OSError as e:
            self.notify(f"Could not write {path}: {e.strerror or e}", severity="error", timeout=10)
            return None
        self.notify(f"{plural(len(rows), 'row')} written to {path}", title="Exported", timeout=10)
        return path

    # -- ingest, analyze, link (worker) ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="pipeline", exit_on_error=False)
    def run_pipeline(self, paths: list[str]) -> str:
        """What `attrib run PATHS` does (attrib.run.stages.run_paths), with the progress
        shown above the footer."""
        from attrib.linking.compare import cluster_counts
        from attrib.run.stages import run_paths

        progress = self.query_one(PipelineProgress)

        def ui(fn, *args) -> None:
            try:
                self.call_from_thread(fn, *args)
            except RuntimeError:  # the app is closing
                pass

        said = {"stage": None, "total": None, "done": 0}
        texts = {
            "ingest": lambda n: f"Reading {plural(n, 'file')}…" if n else
            f"Reading {', '.join(Path(p).name for p in paths)}…",
            "analyze": lambda n: f"Loading the language model, then analyzing {plural(n or 0, 'article')}…",
            "embed": lambda n: f"Embedding {plural(n or 0, 'claim text')}…",
            "link": lambda n: "Linking the same claim across outlets…",
        }

        def tell(stage: str, done: int, total: int | None, label: str | None = None) -> None:
            if said["stage"] == "analyze" and stage != "analyze":
                ui(self.post_message, DataChanged())  # the analyses are stored: show them before linking
            if (stage, total) != (said["stage"], said["total"]):
                said.update(stage=stage, total=total, done=0)
                ui(progress.stage, texts[stage](total), total)
            if done > said["done"]:
                ui(progress.advance, done - said["done"],
                   f"Analyzed {one_line(label, 60)}" if stage == "analyze" and label else None)
                said["done"] = done

        store = Store(self.db_path)
        try:
            report = run_paths(store, paths, progress=tell,
                               on_problem=lambda problem: ui(self.notify, str(problem), severity="warning", timeout=8))
            if report.link_error:
                linked_text = f"not linked: {report.link_error}"
            else:
                linked_text = clusters_phrase(cluster_counts(store))
            c = store.counts()
        finally:
            store.close()
        return (f"{plural(report.ingest.new_articles, 'new article')}, {report.analyzed} analyzed · "
                f"{plural(c['articles'], 'article')}, {plural(c['claims'], 'claim')}, {c['unsourced']} unsourced · "
                f"{linked_text}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "pipeline" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self.query_one(PipelineProgress).finish()
            if event.state == WorkerState.SUCCESS:
                self.notify(str(worker.result), title="Analysis done", timeout=8)
            else:
                self.notify(f"{type(worker.error).__name__}: {worker.error}", title="Analysis failed",
                            severity="error", timeout=15)
            self.post_message(DataChanged())
        elif event.state == WorkerState.ERROR:  # the app's own workers (verdicts); views report theirs
            self.notify(f"{type(worker.error).__name__}: {worker.error}", severity="error", timeout=8)


def binding_ids() -> set[str]:
    """Every binding id of the app, its views, widgets and screens (mounted or not: a
    screen or a compare panel may not exist yet when the keymap is read)."""
    ids: set[str] = set()
    stack: list[type] = [AttribApp, DOMNode]
    seen: set[type] = set()
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("tui.") and getattr(cls, "_merged_bindings", None) is not None:
            ids.update(b.id for bs in cls._merged_bindings.key_to_bindings.values() for b in bs if b.id)
    return ids


def main(db_path: str | Path, paths: Iterable[str] = (), corpus: str | Path | None = None) -> None:
    AttribApp(db_path, paths, corpus).run()
