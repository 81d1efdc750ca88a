"""Doc extensions the attrib components fill, registered once per process, and the
per-doc facts several components need (computed once, kept in `doc.user_data`)."""
from __future__ import annotations

from spacy.tokens import Doc

from attrib.attribution_types import Quote
from attrib.credits import Credit, find_credit
from attrib.quotes import find_quotes


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


def doc_quotes(doc: Doc) -> list[Quote]:
    """The direct quotations of the doc's text (attrib.quotes), found once per doc."""
    if "attrib.quotes" not in doc.user_data:
        doc.user_data["attrib.quotes"] = find_quotes(doc_text(doc))
    return doc.user_data["attrib.quotes"]


def doc_credit(doc: Doc) -> Credit | None:
    """The dateline/wire credit opening the text ("Qingdao [China], June 27 (ANI):")."""
    if "attrib.credit" not in doc.user_data:
        doc.user_data["attrib.credit"] = find_credit(doc_text(doc))
    return doc.user_data["attrib.credit"]
