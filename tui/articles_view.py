"""View 1, Articles: outlets and their articles (left), the article text with every claim
marked by status (middle; up/down or j/k move from claim to claim), the selected claim's
panel (right). j/k move from claim to claim from the claim panel too, and Tab/shift+Tab go
round the three (the tree, the text, the panel)."""
from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from attrib.records.review import STATUS_SYMBOL, VERDICT_SYMBOL, ClaimDetail, ReviewStore, reviewed_status
from tui.claim_panel import ClaimPanel
from tui.data import STATUS_STYLE, VERDICT_STYLE, VERDICT_WORD, thread_review
from tui.messages import ClaimHighlighted
from tui.outlet_tree import OutletTree
from tui.view import ReportsWorkerErrors

LEGEND = " ".join(f"{sym} {status}" for status, sym in STATUS_SYMBOL.items())


def segments(text: str, claims: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any] | None]]:
    """The article as (text, claim-or-None) pieces in order; the text between claims is kept."""
    out: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for c in claims:
        start, end = c.get("start") or 0, c.get("end") or 0
        if start < pos or end <= start:  # overlapping or empty span: show the claim text alone
            out.append((c.get("text") or "", c))
            continue
        gap = text[pos:start]
        if gap.strip():
            out.append((gap, None))
        out.append((text[start:end], c))
        pos = end
    rest = text[pos:]
    if rest.strip():
        out.append((rest, None))
    return out


def claim_prompt(piece: str, claim: dict[str, Any] | None) -> Table:
    """One piece of the article: a gutter with the status symbol (and the verdict symbol),
    and the text, coloured by status for claims and dimmed between claims."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    body = Text(" ".join(piece.split()))
    if claim is None:
        body.stylize("dim")
        grid.add_row("", body)
        return grid
    status = claim.get("status") or ""
    style = STATUS_STYLE.get(status, "")
    body.stylize(style)
    gutter = Text(STATUS_SYMBOL.get(status, "·"), style=f"bold {style}")
    review = claim.get("review")
    if review:
        v = review["verdict"]
        gutter.append(VERDICT_SYMBOL.get(v, ""), style=VERDICT_STYLE)
        body.append(f"  {VERDICT_SYMBOL.get(v, '')} {VERDICT_WORD.get(v, v)}", style=VERDICT_STYLE)
        if review.get("source_name"):
            body.append(f" → {review['source_name']}", style=VERDICT_STYLE)
    grid.add_row(gutter, body)
    return grid


class ArticleText(OptionList):
    """The article, one piece per line group; only claims can be highlighted. Its ↓/↑
    (and j/k, the view's) move from claim to claim."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next claim", show=False, id="articles.next_claim"),
        Binding("up,k", "cursor_up", "Previous claim", show=False, id="articles.previous_claim"),
    ]


class ArticlesView(ReportsWorkerErrors, Vertical):
    """Implements tui.view.ReviewView."""

    BINDINGS = [
        Binding("t", "toggle_outlets", "Outlets list", id="articles.toggle_outlets"),
        Binding("v", "versions", "Versions", id="articles.versions"),
        Binding("left_square_bracket", "step_article(-1)", "Previous article", show=False,
                id="articles.previous_article"),
        Binding("right_square_bracket", "step_article(1)", "Next article", show=False, id="articles.next_article"),
    ]

    class Loaded(Message):
        def __init__(self, outlets: list[tuple[str, list[dict[str, Any]]]] | None, article: dict[str, Any] | None,
                     claims: list[dict[str, Any]], claim_id: str | None, detail: ClaimDetail | None) -> None:
            super().__init__()
            self.outlets, self.article, self.claims = outlets, article, claims
            self.claim_id, self.detail = claim_id, detail

    class DetailLoaded(Message):
        def __init__(self, claim_id: str, detail: ClaimDetail | None) -> None:
            super().__init__()
            self.claim_id, self.detail = claim_id, detail

    def __init__(self, review: ReviewStore, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.review = review
        self.article_id: str | None = None
        self.article: dict[str, Any] | None = None
        self.claim_id: str | None = None
        self.claims: list[dict[str, Any]] = []
        self.outlets: list[tuple[str, list[dict[str, Any]]]] = []
        self._tree_signature: Any = None
        self._loaded = False
        self._pending_focus = False

    def compose(self) -> ComposeResult:
        with Horizontal():
            tree = OutletTree("Outlets", id="outlet-tree")
            tree.show_root = False
            tree.border_title = "Outlets · articles"
            yield tree
            with Vertical(id="article-pane"):
                yield Static("Loading…", id="article-header")
                text = ArticleText(id="article-text")
                text.border_title = "Article"
                yield text
            yield ClaimPanel(id="claim-panel")

    def on_mount(self) -> None:
        self.reload()

    # -- the ReviewView protocol ------------------------------------------------------

    def reload(self) -> None:
        self._load(self.article_id, self.claim_id)

    def focus_main(self) -> None:
        text = self.query_one(ArticleText)
        text.focus()
        if not self._loaded:
            self._pending_focus = True
            return
        if text.highlighted is None and self.claims:
            self.select_claim(self.claims[0]["claim_id"])

    def current_claim_id(self) -> str | None:
        # the list's cursor, not self.claim_id: a key pressed right after j/k arrives
        # before the OptionHighlighted message that updates self.claim_id
        text = self.query_one(ArticleText)
        if text.highlighted is not None:
            option = text.get_option_at_index(text.highlighted)
            if option.id:
                return option.id
        return self.claim_id

    def export_rows(self) -> list[dict[str, Any]]:
        art = self.article or {}
        return [{"outlet": art.get("outlet"), "title": art.get("title"), "claim_id": c["claim_id"],
                 "status": c.get("status"), "checkworthy": c.get("checkworthy"), "flags": " ".join(c.get("flags") or []),
                 "sources": "; ".join(str(s) for s in c.get("sources") or []), "claim": c.get("text"),
                 "verdict": (c.get("review") or {}).get("verdict"),
                 "source_name": (c.get("review") or {}).get("source_name"),
                 "article_id": c.get("article_id")} for c in self.claims]

    # -- opening things -----------------------------------------------------------------

    def open_claim(self, claim_id: str, article_id: str | None = None) -> None:
        """Show this claim in its article, selected and focused."""
        self._pending_focus = True
        self._load(article_id, claim_id)

    def open_article(self, article_id: str) -> None:
        if article_id != self.article_id:
            self._load(article_id, None)

    def select_claim(self, claim_id: str) -> None:
        text = self.query_one(ArticleText)
        try:
            index = text.get_option_index(claim_id)
        except Exception:  # noqa: BLE001 - OptionDoesNotExist
            return
        text.highlighted = index
        text.scroll_to_highlight()

    # -- loading (worker threads) -------------------------------------------------------

    @work(thread=True, exclusive=True, group="articles-load", exit_on_error=False)
    def _load(self, article_id: str | None, claim_id: str | None) -> None:
        with thread_review(self.review) as r:
            outlets = r.outlets_and_articles()
            if claim_id and article_id is None:
                detail = r.claim(claim_id)
                article_id = detail.claim["article_id"] if detail else None
            ids = [a["article_id"] for _o, arts in outlets for a in arts]
            if article_id not in ids:
                article_id = ids[0] if ids else None
            article = r.article(article_id) if article_id else None
            claims = r.claims_of(article_id) if article_id else []
            if claim_id not in {c["claim_id"] for c in claims}:
                claim_id = None
            detail = r.claim(claim_id) if claim_id else None
        self.post_message(self.Loaded(outlets, article, claims, claim_id, detail))

    @work(thread=True, exclusive=True, group="articles-detail", exit_on_error=False)
    def _load_detail(self, claim_id: str) -> None:
        with thread_review(self.review) as r:
            detail = r.claim(claim_id)
        self.post_message(self.DetailLoaded(claim_id, detail))

    @on(Loaded)
    def _apply(self, msg: Loaded) -> None:
        msg.stop()
        self._loaded = True
        if msg.outlets is not None:
            self._fill_tree(msg.outlets)
        self.article = msg.article
        self.article_id = msg.article["article_id"] if msg.article else None
        self.claims = msg.claims
        self._fill_header()
        self._sync_tree_cursor()
        text = self.query_one(ArticleText)
        with text.prevent(OptionList.OptionHighlighted):
            text.set_options(self._options())
        target = msg.claim_id or (self.claims[0]["claim_id"] if self.claims else None)
        if target:
            with text.prevent(OptionList.OptionHighlighted):
                self.select_claim(target)
        self._set_claim(target, msg.detail if msg.claim_id == target else None)
        if self._pending_focus:
            self._pending_focus = False
            text.focus()

    @on(DetailLoaded)
    def _apply_detail(self, msg: DetailLoaded) -> None:
        msg.stop()
        if msg.claim_id == self.claim_id:
            self.query_one(ClaimPanel).show(msg.detail)

    def _set_claim(self, claim_id: str | None, detail: ClaimDetail | None = None) -> None:
        self.claim_id = claim_id
        panel = self.query_one(ClaimPanel)
        if claim_id is None:
            panel.show(None)
        elif detail is not None:
            panel.show(detail)
        else:
            self._load_detail(claim_id)
        self.post_message(ClaimHighlighted(claim_id))

    # -- building the widgets -----------------------------------------------------------

    def _options(self) -> list[Option]:
        if not self.article:
            return [Option(Text("No articles yet. Run `attrib run PATH...`, or wait for the analysis below.",
                                style="dim"), disabled=True)]
        options = []
        for piece, claim in segments(self.article.get("text") or "", self.claims):
            if claim is None:
                options.append(Option(claim_prompt(piece, None), disabled=True))
            else:
                options.append(Option(claim_prompt(piece, claim), id=claim["claim_id"]))
        return options

    def _fill_header(self) -> None:
        header = self.query_one("#article-header", Static)
        art = self.article
        if not art:
            header.update(Text("No article", style="dim"))
            return
        text = Text()
        text.append(art.get("outlet") or "", style="bold")
        when = art.get("published") or art.get("published_text")
        if when:
            text.append(f" · {when}", style="dim")
        counts: dict[str | None, int] = {}
        for c in self.claims:  # as reviewed, like the Outlets view: a rejected claim is not ✓
            status = reviewed_status(c.get("status") or "", c.get("review"))
            counts[status] = counts.get(status, 0) + 1
        reviewed = sum(1 for c in self.claims if c.get("review"))
        text.append(f" · {len(self.claims)} claims", style="dim")
        for status, sym in STATUS_SYMBOL.items():
            if counts.get(status):
                text.append(f" {sym}{counts[status]}", style=f"bold {STATUS_STYLE[status]}")
        for status, verdict in (("rejected", "rejected"), (None, "not_a_claim")):
            if counts.get(status):
                text.append(f" {VERDICT_SYMBOL[verdict]}{counts[status]}", style=VERDICT_STYLE)
        text.append(f" · {reviewed} reviewed", style=VERDICT_STYLE if reviewed else "dim")
        text.append("\n")
        text.append(" ".join((art.get("title") or "(untitled)").split()), style="bold")  # whole: the tree cuts it
        header.update(text)
        header.tooltip = art.get("title") or None
        self.query_one(ArticleText).border_subtitle = LEGEND

    def _fill_tree(self, outlets: list[tuple[str, list[dict[str, Any]]]]) -> None:
        signature = [(o, [(a["article_id"], a["claims"], a["unsourced"]) for a in arts]) for o, arts in outlets]
        self.outlets = outlets
        if signature == self._tree_signature:
            return
        self._tree_signature = signature
        self.query_one(OutletTree).fill(outlets)

    def _sync_tree_cursor(self) -> None:
        tree = self.query_one("#outlet-tree", Tree)
        for node in tree.root.children:
            for leaf in node.children:
                if leaf.data == self.article_id:
                    if tree.cursor_node is not leaf:
                        with tree.prevent(Tree.NodeHighlighted):
                            tree.move_cursor(leaf)
                    return

    # -- events --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#article-text")
    def _claim_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id != self.claim_id:
            self._set_claim(event.option.id)

    @on(ClaimPanel.Step)
    def _step_claim(self, msg: ClaimPanel.Step) -> None:
        msg.stop()
        text = self.query_one(ArticleText)
        (text.action_cursor_down if msg.delta > 0 else text.action_cursor_up)()

    @on(OptionList.OptionSelected, "#article-text")
    def _claim_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    @on(Tree.NodeHighlighted, "#outlet-tree")
    def _article_highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        if event.node.data:
            self.open_article(event.node.data)

    @on(Tree.NodeSelected, "#outlet-tree")
    def _article_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data:
            self.open_article(event.node.data)
            if self.has_class("-narrow") and self.outlets_shown():
                self.remove_class("-toggled")  # narrow: the list makes way for the article again
            self.query_one(ArticleText).focus()

    # -- actions -------------------------------------------------------------------------

    def action_toggle_outlets(self) -> None:
        """Show or hide the outlets list (hidden by default when narrow; the claim panel
        makes room for it then)."""
        self.toggle_class("-toggled")
        if self.outlets_shown():
            self.query_one("#outlet-tree", Tree).focus()
        else:
            self.query_one(ArticleText).focus()

    def action_versions(self) -> None:
        """The article's fetched versions and what changed in attribution between them."""
        from tui.versions_screen import VersionsScreen

        if self.article_id is not None:
            title = self.article.get("title") if self.article else None
            self.app.push_screen(VersionsScreen(self.review, self.article_id, title))

    def outlets_shown(self) -> bool:
        return self.has_class("-narrow") == self.has_class("-toggled")

    def action_step_article(self, step: int) -> None:
        ids = [a["article_id"] for _o, arts in self.outlets for a in arts]
        if not ids:
            return
        i = ids.index(self.article_id) if self.article_id in ids else -1
        self._pending_focus = self.query_one(ArticleText).has_focus
        self._load(ids[(i + step) % len(ids)], None)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 110, "-narrow")
