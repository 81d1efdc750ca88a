"""Doc extensions the attrib components fill, registered once per process, and the
per-doc facts several components need (computed once, kept in `doc.user_data`)."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.tokens import Doc

from attrib.types import Quote
from attrib.text.credits import Credit, find_credit, recased_headline, title_key
from attrib.text.quotes import find_quotes


# Zero-width and bidirectional formatting characters (soft hyphen, ZWSP…RLM, LRE…RLO,
# word joiner…PDI, BOM): invisible, and kept out of tokens' edges (attrib/analysis/pipeline.py) and of
# stored spans (`trim`).
INVISIBLE = r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
_INVISIBLE_RE = re.compile(INVISIBLE)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A character range without white space or invisible characters at its ends."""
    while start < end and (text[start].isspace() or _INVISIBLE_RE.match(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _INVISIBLE_RE.match(text[end - 1])):
        end -= 1
    return start, end


def register() -> None:
    for name in ("attrib_claims", "attrib_attributions"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins every token each time it is read."""
    text = doc.user_data.get("attrib.text")
    if text is None:
        text = doc.user_data["attrib.text"] = doc.text
    return text


def doc_ents(doc: Doc) -> list[Any]:
    """`doc.ents`, built once (spaCy builds a new Span per entity on every read, and
    `span.ents` reads all of them: per sentence, that is quadratic in a long article).
    Only read after the NER component, which is the last to set entities."""
    ents = doc.user_data.get("attrib.ents")
    if ents is None:
        ents = doc.user_data["attrib.ents"] = list(doc.ents)
        doc.user_data["attrib.ent_starts"] = [e.start for e in ents]
    return ents


def ents_in(span: Any) -> list[Any]:
    """The entities wholly inside `span` (a Span or a Doc), as `span.ents` gives them."""
    if isinstance(span, Doc):
        return doc_ents(span)
    ents = doc_ents(span.doc)
    starts = span.doc.user_data["attrib.ent_starts"]
    out = []
    for i in range(bisect_left(starts, span.start), len(ents)):
        e = ents[i]
        if e.start >= span.end:
            break
        if e.end <= span.end:
            out.append(e)
    return out


def doc_quotes(doc: Doc) -> list[Quote]:
    """The direct quotations of the doc's text (attrib.text.quotes), found once per doc."""
    if "attrib.text.quotes" not in doc.user_data:
        doc.user_data["attrib.text.quotes"] = find_quotes(doc_text(doc))
    return doc.user_data["attrib.text.quotes"]


def doc_credit(doc: Doc) -> Credit | None:
    """The dateline/wire credit opening the text ("Qingdao [China], June 27 (ANI):")."""
    if "attrib.credit" not in doc.user_data:
        doc.user_data["attrib.credit"] = find_credit(doc_text(doc))
    return doc.user_data["attrib.credit"]


def doc_headline(doc: Doc) -> tuple[int, str] | None:
    """The Title Case headline in sentence case (credits.recased_headline), found once per
    doc: attribution parses it again, resolution reads where its names end. None when the
    article's title is known and the first line is not it."""
    if "attrib.headline" not in doc.user_data:
        known = title_line_end(doc)
        head = recased_headline(doc_text(doc)) if known != 0 else None
        doc.user_data["attrib.headline"] = head
    return doc.user_data["attrib.headline"]


def set_title(doc: Doc, title: str | None) -> None:
    """Record the title ingest found for the article the doc holds (None: it has none)."""
    doc.user_data["attrib.title"] = title


def title_line_end(doc: Doc) -> int | None:
    """Where the headline printed atop the text ends, when the article's title is known:
    the end of the first line if that line is the title, else 0 (the text is all body: a
    JSON record's `text` beside its `title`, a lede under an HTML <h1>). None when no
    title was given or the article has none (a bare text: claims.is_headline judges the
    first line's shape)."""
    title = doc.user_data.get("attrib.title")
    if not title:
        return None
    text = doc_text(doc)
    m = re.match(r"[ \t\n]*([^\n]*)", text)
    return m.end(1) if m and m.group(1).strip() and title_key(m.group(1)) == title_key(title) else 0
