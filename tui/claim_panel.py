"""The selected claim: status, flags, check-worthiness, its attribution chain as a tree
(original source → intermediaries → outlet), the latest review, and the same claim in
other outlets."""
from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static, Tree

from attrib.linking.compare import LINK_FLAGS
from attrib.records.review import ChainStep, ClaimDetail
from tui.data import VERDICT_STYLE, one_line, status_text, verdict_text


def step_label(step: ChainStep) -> Text:
    """'Israel Katz · person · "said" (indirect)', the role dimmed before it."""
    label = Text()
    label.append(step.name, style="bold")
    extra = []
    if step.source_type:
        extra.append(step.source_type)
    if step.cue:
        extra.append(f"“{step.cue}”")
    if step.kind:
        extra.append(step.kind.replace("_", " "))
    if step.role == "outlet":
        extra.append("outlet")
    if extra:
        label.append("  " + " · ".join(extra), style="dim")
    return label


class ChainTree(Tree[ChainStep]):
    """A claim's chain, each step nested under the one it came from (the original source
    at the top, the outlet at the bottom)."""

    ICON_NODE = ""
    ICON_NODE_EXPANDED = ""
    can_focus = False  # shown, not browsed: Tab goes to the panel, whose keys stay the view's

    def show(self, chain: list[ChainStep]) -> None:
        self.clear()
        if not chain:
            self.root.set_label(Text("no chain", style="dim"))
            return
        self.root.set_label(step_label(chain[0]))
        self.root.data = chain[0]
        self.root.allow_expand = len(chain) > 1
        node = self.root
        for i, step in enumerate(chain[1:], 2):
            if i == len(chain):
                node.add_leaf(step_label(step), data=step)
            else:
                node = node.add(step_label(step), data=step, expand=True)
        self.root.expand_all()


class ClaimPanel(VerticalScroll):
    """Everything about one claim; `show(detail)` fills it, `show(None)` empties it.

    Focusable (Tab from the article text), and then ↓/j and ↑/k still move from claim to
    claim (the same bindings as the text's, by id); page up/down scroll the panel."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next claim", show=False, id="articles.next_claim"),
        Binding("up,k", "cursor_up", "Previous claim", show=False, id="articles.previous_claim"),
    ]

    class Step(Message):
        """Move to the next (1) or previous (-1) claim of the article."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    def action_cursor_down(self) -> None:
        self.post_message(self.Step(1))

    def action_cursor_up(self) -> None:
        self.post_message(self.Step(-1))

    def compose(self) -> ComposeResult:
        yield Static(Text("No claim selected.", style="dim"), id="claim-summary")
        yield Static("Attribution chain", classes="panel-heading")
        yield ChainTree("chain", id="chain-tree")
        yield Static("Review", classes="panel-heading")
        yield Static(Text("not reviewed", style="dim"), id="claim-review")
        yield Static("The same claim elsewhere", classes="panel-heading")  # other outlets, then repeats
        yield Static(Text("—", style="dim"), id="claim-elsewhere")

    def on_mount(self) -> None:
        self.border_title = "Claim"
        tree = self.query_one(ChainTree)
        tree.show_root = True
        tree.guide_depth = 2

    def show(self, detail: ClaimDetail | None) -> None:
        summary = self.query_one("#claim-summary", Static)
        if detail is None:
            summary.update(Text("No claim selected.", style="dim"))
            self.query_one(ChainTree).show([])
            self.query_one("#claim-review", Static).update(Text("—", style="dim"))
            self.query_one("#claim-elsewhere", Static).update(Text("—", style="dim"))
            return
        c = detail.claim
        text = Text()
        text.append_text(status_text(c.get("status")))
        score = c.get("checkworthy")
        if score is not None:
            text.append(f"   checkworthy {score:.2f}", style="bold" if score >= 0.5 else "dim")
        flags = [f for f in c.get("flags") or [] if f not in ("unsourced", "anonymous_only", "vague_only")]
        text.append("\nflags: ", style="dim")
        text.append(", ".join(f.replace("_", " ") for f in flags) if flags else "none",
                    style="bold magenta" if flags else "dim")
        sources = c.get("sources") or []
        if sources:
            text.append("\nsources: ", style="dim")
            text.append(", ".join(str(s) for s in sources))
        summary.update(text)
        self.query_one(ChainTree).show(detail.chain)
        self.query_one("#claim-review", Static).update(review_text(detail.review, len(detail.history)))
        self.query_one("#claim-elsewhere", Static).update(elsewhere_text(detail.elsewhere, detail.article.get("outlet")))
        self.border_title = f"Claim · {detail.article.get('outlet', '')}"


def review_text(review: dict[str, Any] | None, history: int) -> Text:
    if not review:
        return Text("not reviewed yet (y confirm · n reject · e correct · x not a claim)", style="dim")
    text = verdict_text(review)
    if review.get("source_name") or review.get("source_type"):
        text.append("\nsource: ", style="dim")
        text.append(review.get("source_name") or "?", style=VERDICT_STYLE)
        if review.get("source_type"):
            text.append(f" ({review['source_type']})")
    if review.get("note"):
        text.append("\nnote: ", style="dim")
        text.append(review["note"])
    text.append(f"\n{(review.get('at') or '')[:16].replace('T', ' ')} UTC", style="dim")
    if history > 1:
        text.append(f" · {history} entries in the history", style="dim")
    return text


def elsewhere_text(rows: list[dict[str, Any]], outlet: str | None = None) -> Text:
    """The same claim in the other articles of its cluster: other outlets first, then
    repeats in this claim's own outlet, labelled as such (they are not cross-outlet)."""
    if not rows:
        return Text("only in this article", style="dim")
    rows = sorted(rows, key=lambda r: r.get("outlet") == outlet)
    if all(r.get("outlet") == outlet for r in rows):
        text = Text("no other outlet · repeated in this outlet:\n", style="dim")
    else:
        text = Text()
    for i, r in enumerate(rows):
        if i:
            text.append("\n")
        text.append_text(status_text(r.get("status")))
        text.append(f"  {r.get('outlet')}", style="bold")
        if r.get("outlet") == outlet:
            text.append("  (same-outlet repeat)", style="dim italic")
        chain = r.get("chain")
        try:
            chain = json.loads(chain) if isinstance(chain, str) else chain
        except ValueError:
            chain = None
        if chain and len(chain) > 1:
            text.append("  " + " → ".join(chain), style="italic")
        flags = r.get("flags")
        try:
            flags = json.loads(flags) if isinstance(flags, str) else flags
        except ValueError:
            flags = None
        shown = [f for f in flags or [] if f in LINK_FLAGS]
        if shown:
            text.append("  " + ", ".join(f.replace("_", " ") for f in shown), style="bold magenta")
        text.append(f"\n  {one_line(r.get('text'), 160)}", style="dim")
    return text
