"""A sentence never runs across a paragraph break (nor past a name ending "Jun.").

News text keeps one paragraph per line; the parser, left alone, joins a heading to the
next paragraph. This component runs before the parser and starts a sentence after every
line break, which the parser then respects.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


# Month abbreviations the tokenizer keeps whole with their period ("Jun."): when no day
# number follows, the period also ends the sentence ("…his counterpart, Dong Jun. Singh spoke…").
MONTH_ABBREVIATIONS = {"Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."}


@Language.component("attrib_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt.is_sent_start = True
        elif token.text in MONTH_ABBREVIATIONS and nxt.text[:1].isupper() and not nxt.like_num:
            nxt.is_sent_start = True
    return doc
