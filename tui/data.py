"""Shared helpers for the TUI: reading in worker threads, and how statuses and verdicts look."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from rich.text import Text

from attrib.records.review import STATUS_SYMBOL, VERDICT_SYMBOL, ReviewStore
from attrib.store.store import Store

# distinct hues, not ANSI names, which themes remap (yellow and orange came out alike)
STATUS_STYLE = {"sourced": "bold green3", "anonymous": "bold gold1", "vague": "bold orchid",
                "unsourced": "bold red1"}
VERDICT_STYLE = "bold cyan"
VERDICT_WORD = {"confirmed": "confirmed", "rejected": "rejected", "corrected": "corrected",
                "not_a_claim": "not a claim"}


@contextmanager
def thread_review(review: ReviewStore) -> Iterator[ReviewStore]:
    """A ReviewStore on its own connection for a worker thread (a sqlite3 connection stays
    in the thread that opened it). Opening takes no lock when the schema is current."""
    store = Store(review.store.path)
    try:
        yield ReviewStore(store)
    finally:
        store.close()


def status_text(status: str | None, word: bool = True) -> Text:
    """'✗ unsourced' in the status colour: the symbol reads without colour."""
    if not status:
        return Text("")
    sym = STATUS_SYMBOL.get(status, "·")
    return Text(f"{sym} {status}" if word else sym, style=STATUS_STYLE.get(status, ""))


def verdict_text(review: dict[str, Any] | None, word: bool = True) -> Text:
    if not review:
        return Text("")
    v = review.get("verdict", "")
    sym = VERDICT_SYMBOL.get(v, "")
    return Text(f"{sym} {VERDICT_WORD.get(v, v)}" if word else sym, style=VERDICT_STYLE)


def one_line(text: str | None, width: int | None = None) -> str:
    text = " ".join((text or "").split())
    if width is None or len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def truncate(text: str, width: int) -> str:
    """One line of at most `width` characters, an ellipsis where it was cut."""
    text = " ".join((text or "").split())
    if width <= 1:
        return text[:max(width, 0)]
    return text if len(text) <= width else text[: width - 1] + "…"
