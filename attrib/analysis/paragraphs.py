"""A sentence never runs across a paragraph break (nor past a name ending "Jun."), and
never runs on without end.

News text keeps one paragraph per line; the parser, left alone, joins a heading to the
next paragraph. This component runs before the parser and starts a sentence after every
line break, which the parser then respects.

Text with no sentence punctuation (a transcript, a scraped list, 20,000 words without a
period) would otherwise be one sentence, and finding what a cue's clause covers is
quadratic in the sentence's length. So a run of MAX_SENTENCE_TOKENS tokens with no line
break and no sentence-final mark is cut, at its last comma, semicolon, colon or dash when
there is one in its second half. The longest such run in about a million tokens of real
news (PolNeAR, BASIL, open_news, the seed) is 222 tokens, so news prose is never cut.

A dateline ("MUMBAI (Reuters) – Harbour chief Ana Ruiz said…") is not part of the first
sentence's grammar: parsed with it, "MUMBAI" becomes the subject of "said". The first
sentence starts after the credit, so the parser sees the sentence a reader sees.
"""
from __future__ import annotations

from spacy.tokens import Doc

from attrib.analysis.extensions import doc_credit


# Month abbreviations the tokenizer keeps whole with their period ("Jun."): when no day
# number follows, the period also ends the sentence ("…his counterpart, Dong Jun. Singh spoke…").
MONTH_ABBREVIATIONS = {"Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."}
MAX_SENTENCE_TOKENS = 300
SOFT_BREAKS = {",", ";", ":", "-", "--", "–", "—"}
SENTENCE_END = ".!?…"


def paragraph_boundaries(doc: Doc) -> Doc:
    start = 0  # the first token of the run since the last (likely) sentence start
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt.is_sent_start = True
            start = i + 1
        elif token.text in MONTH_ABBREVIATIONS and nxt.text[:1].isupper() and not nxt.like_num:
            nxt.is_sent_start = True
            start = i + 1
        elif token.is_punct and token.text[-1] in SENTENCE_END:
            start = i + 1  # the parser decides whether this ends the sentence
        elif i + 1 - start >= MAX_SENTENCE_TOKENS:
            half = start + MAX_SENTENCE_TOKENS // 2
            cut = next((j for j in range(i, half, -1) if doc[j].text in SOFT_BREAKS), i)
            doc[cut + 1].is_sent_start = True
            start = cut + 1
    _after_dateline(doc)
    return doc


def _after_dateline(doc: Doc) -> None:
    credit = doc_credit(doc)
    if credit is None or credit.end >= len(doc.text):
        return
    for token in doc:
        if token.idx >= credit.end:
            if token.i > 0:
                token.is_sent_start = True
            return
