"""The outlets and their articles (view 1, left). j/k move like ↓/↑, as in every list.

Textual's Tree draws one row per node (it keeps a label's first line only), so a long
title cannot wrap here: each article's label keeps its counts first (they always show),
the title is cut with an ellipsis to the tree's width, the full title is the node's
tooltip, and the article header above the text shows it whole."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Tree

from attrib.records.review import STATUS_SYMBOL
from tui.data import truncate
from tui.list_table import LIST_KEYS

GUIDE = 4  # the guide before a leaf ("└── ")


def article_label(article: dict[str, Any], width: int | None = None) -> Text:
    """'13 ✗4 Rajnath Singh discusses…': counts, then the title cut to `width` cells."""
    label = Text(f"{article.get('claims') or 0}", style="dim")
    if article.get("unsourced"):
        label.append(f" {STATUS_SYMBOL['unsourced']}{article['unsourced']}", style="bold red")
    label.append(" ")
    title = " ".join((article.get("title") or "(untitled)").split())
    room = None if width is None else max(width - label.cell_len, 8)
    label.append(truncate(title, room) if room else title)
    return label


class OutletTree(Tree[str]):
    BINDINGS = LIST_KEYS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.articles: dict[str, dict[str, Any]] = {}
        self._labelled_at: int | None = None  # the width the labels were cut to

    def fill(self, outlets: list[tuple[str, list[dict[str, Any]]]]) -> None:
        self.articles = {a["article_id"]: a for _o, arts in outlets for a in arts}
        width = self._labelled_at = self._label_width()
        with self.prevent(Tree.NodeHighlighted):
            self.clear()
            for outlet, arts in outlets:
                node = self.root.add(Text(f"{outlet} ({len(arts)})", style="bold"), expand=True)
                for a in arts:
                    node.add_leaf(article_label(a, width), data=a["article_id"])

    def _label_width(self) -> int | None:
        width = self.scrollable_content_region.width
        return width - GUIDE if width > GUIDE + 8 else None

    def on_resize(self) -> None:
        width = self._label_width()
        if width == self._labelled_at:
            return  # only the height changed: the labels fit as they are
        self._labelled_at = width
        for node in self.root.children:
            for leaf in node.children:
                article = self.articles.get(leaf.data or "")
                if article is not None:
                    leaf.set_label(article_label(article, width))

    def full_title(self, line: int) -> str | None:
        node = self.get_node_at_line(line) if line >= 0 else None
        article = self.articles.get(node.data or "") if node is not None else None
        return (article.get("title") or "(untitled)") if article else None

    def watch_hover_line(self, previous_hover_line: int, hover_line: int) -> None:
        super().watch_hover_line(previous_hover_line, hover_line)
        self.tooltip = self.full_title(hover_line)
