"""`attrib flag`: the claims that need a source, most check-worthy first.

A claim a reviewer marked `not_a_claim` leaves the queue; every other review stays
visible on the record, so an editor sees what was already looked at.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from attrib.records.records import iter_claims, match_outlets
from attrib.store.store import Store

NEEDS_SOURCE = ("unsourced", "anonymous", "vague")
CONTEXT_CHARS = 90


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The claim with a little of the text around it, cut at word boundaries and on one line."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0:
        a = text.find(" ", a, start) + 1 or a
    if b < len(text):
        cut = text.rfind(" ", end, b)
        b = cut if cut > end else b
    piece = ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")
    return re.sub(r"\s+", " ", piece).strip()


def flagged_claims(store: Store, outlets: Iterable[str] = (), statuses: Iterable[str] = (),
                   min_score: float = 0.0) -> Iterator[dict[str, Any]]:
    """Claim records (with a `context` key) that need a source, highest `checkworthy` first.

    `outlets` are matched case-insensitively (records.match_outlets)."""
    statuses = [s for s in statuses if s in NEEDS_SOURCE] or list(NEEDS_SOURCE)
    outlets = list(outlets)
    if outlets:  # by name, whatever the case: "coastal herald" is Coastal Herald
        outlets = match_outlets(store, outlets)
        if not outlets:  # a filter that matches no outlet matches no claim
            return
    where = f"status IN ({', '.join('?' for _ in statuses)}) AND checkworthy >= ?"
    params: list[Any] = [*statuses, min_score]
    if outlets:
        where += f" AND article_id IN (SELECT article_id FROM articles WHERE outlet IN ({', '.join('?' for _ in outlets)}))"
        params += outlets
    texts: dict[str, str] = {}
    records = [r for r in iter_claims(store, where, params)
               if not (r["review"] and r["review"]["verdict"] == "not_a_claim")]
    records.sort(key=lambda r: (-r["checkworthy"], r["outlet"], r["article_id"], r["start"]))
    for rec in records:
        aid = rec["article_id"]
        if aid not in texts:
            texts[aid] = next(store.db.query("SELECT text FROM articles WHERE article_id = ?", [aid]))["text"]
        rec["context"] = context_of(texts[aid], rec["start"], rec["end"])
        yield rec
