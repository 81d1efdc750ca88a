"""Candidate claims: the sentences that assert something a reader could check.

Skeleton level: every sentence that is a statement (has a verb, is not a question, a
heading or a caption) becomes a candidate, with a `checkworthy` score built from news
features (figures, named entities, events, length). The learned detector of issue #4
replaces `checkworthy_score`; the component's output stays the same.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from attrib.extensions import doc_credit, doc_text, register

register()

_EVENT_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"}
_FIGURE_ENTS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL"}
_PROMO = re.compile(r"\b(click here|subscribe|sign up|download the app|follow us|read more|share this)\b", re.I)


@dataclass
class Candidate:
    start: int  # character offsets into doc_text(doc)
    end: int
    checkworthy: float
    has_figure: bool


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Shrink a character range so it neither starts nor ends with white space."""
    text = doc_text(doc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_statement(sent: Span) -> bool:
    """A sentence that asserts something: not a heading, a question, or a caption."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4:
        return False
    text = sent.text.strip()
    if text.endswith("?"):
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    if _PROMO.search(text):
        return False
    # Headings: no closing punctuation and mostly Title Case words.
    if not re.search(r"[.!\"'”’)]\s*$", text):
        caps = sum(1 for t in words if t.text[:1].isupper())
        if caps / len(words) > 0.6:
            return False
    return True


def checkworthy_score(sent: Span) -> tuple[float, bool]:
    """A 0..1 score from surface news features; returns (score, has_figure)."""
    ents = sent.ents
    n_event = sum(1 for e in ents if e.label_ in _EVENT_ENTS)
    has_figure = any(e.label_ in {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"} for e in ents) or any(
        t.like_num and not t.is_stop for t in sent
    )
    n_fig = sum(1 for e in ents if e.label_ in _FIGURE_ENTS)
    n_tokens = sum(1 for t in sent if not t.is_punct and not t.is_space)
    first_person = sum(1 for t in sent if t.lower_ in ("i", "we", "my", "our") and t.pos_ == "PRON")
    x = (
        -1.2
        + 0.45 * min(n_event, 4)
        + 0.35 * min(n_fig, 3)
        + 0.6 * has_figure
        + 0.5 * min(n_tokens / 20.0, 1.5)
        - 0.3 * min(first_person, 2)
    )
    return round(1.0 / (1.0 + math.exp(-x)), 4), has_figure


@Language.factory("attrib_claims", default_config={"min_words": 4})
def make_claims(nlp: Language, name: str, min_words: int) -> "ClaimCandidates":
    return ClaimCandidates(min_words)


class ClaimCandidates:
    """Sets `doc._.attrib_claims` to the candidate claims, in text order."""

    def __init__(self, min_words: int = 4):
        self.min_words = min_words

    def __call__(self, doc: Doc) -> Doc:
        out = []
        credit = doc_credit(doc)
        skip_to = credit.end if credit is not None else 0  # the dateline is no part of a claim
        for sent in doc.sents:
            if not is_statement(sent):
                continue
            start, end = trim(doc, max(sent.start_char, skip_to), sent.end_char)
            if sent.end_char <= skip_to:
                continue
            if end <= start:
                continue
            score, has_figure = checkworthy_score(sent)
            out.append(Candidate(start, end, score, has_figure))
        doc._.attrib_claims = out
        return doc
