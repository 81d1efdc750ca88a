"""Character spans from tokens: the source, cue and content an attribution points at.

Each rule picks tokens from the parse; these turn them into one `(start, end)` span of
the text: one unbroken run of tokens, white space and edge punctuation trimmed, and a
quotation's closing mark taken in when the content opens one.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Token

from attrib.types import Quote

_PUNCT_EDGE = ".,;:—–-"
OPEN_MARKS = "“‘«\""


def span_of(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def tighten(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Drop white space and edge punctuation (not quote marks) from a span."""
    if span is None:
        return None
    s, e = span
    while s < e and (text[s].isspace() or text[s] in _PUNCT_EDGE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _PUNCT_EDGE):
        e -= 1
    return (s, e) if e > s else None


def balance_quotes(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Extend a content span that opens a quotation to take in its closing mark.

    The parse leaves the final ".”" outside the clause; the quote is part of what was said.
    """
    if span is None:
        return None
    s, e = span
    inner = text[s:e]
    opens = sum(inner.count(m) for m in "“«") + inner.count('"') % 2
    closes = sum(inner.count(m) for m in "”»")
    if opens > closes:
        m = re.match(r"[.,!?;:]*\s?[”»\"]", text[e:e + 4])
        if m:
            return s, e + m.end()
    return span


def subtree_without(tok: Token, exclude: set[int]) -> list[Token]:
    return [t for t in tok.subtree if t.i not in exclude]


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """Split tokens into runs of consecutive indexes, in order."""
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def contiguous_around(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of consecutive tokens (by index) that contains `anchor`, else the longest run."""
    runs = _runs(tokens)
    if not runs:
        return []
    for r in runs:
        if r[0].i <= anchor.i <= r[-1].i:
            return r
    return max(runs, key=lambda r: sum(len(t.text) for t in r))


def contiguous_longest(tokens: list[Token]) -> list[Token]:
    """The run of consecutive tokens with the most words in it."""
    runs = _runs(tokens)
    if not runs:
        return []
    return max(runs, key=lambda r: sum(len(t.text) + 1 for t in r if not t.is_punct))


def covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def has_quote_inside(span: tuple[int, int], quotes: list[Quote]) -> bool:
    return any(span[0] <= q.open_at and (q.close_at or q.end) <= span[1] for q in quotes)
