"""A sentence never runs across a paragraph break.

News text keeps one paragraph per line; the parser, left alone, joins a heading to the
next paragraph. This component runs before the parser and starts a sentence after every
line break, which the parser then respects.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("attrib_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc
