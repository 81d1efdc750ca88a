"""The `attrib_sources` component: resolve each source within the article and type it.

Runs after `attrib_attribution`. Resolution (pronouns, surnames, roles, "the report")
is in `attrib.analysis.sources.resolve`; typing in `attrib.analysis.sources.types`, its word
lists in attrib/lexicons/.
"""
from __future__ import annotations

from spacy.tokens import Doc

from attrib.analysis.extensions import doc_text
from attrib.analysis.sources.resolve import resolve_sources
from attrib.analysis.sources.types import source_type


def resolve_and_type(doc: Doc) -> Doc:
    atts = doc._.attrib_attributions or []
    resolve_sources(doc, atts)
    for a in atts:
        if a.source is None:
            continue
        if not a.source_type or a.source_type == "unknown":
            span = doc.char_span(a.source[0], a.source[1], alignment_mode="expand")
            a.source_type = source_type(doc_text(doc)[a.source[0]:a.source[1]], span)
    return doc
