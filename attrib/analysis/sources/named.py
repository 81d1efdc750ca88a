"""Pass B of source resolution, named and nominal sources: a name to its entity's fullest
name, a definite office to its holder, "the report" to whoever reported, and a name the
tagger missed to an entity of its own from then on.
"""
from __future__ import annotations

import bisect
from typing import Any

from attrib.types import Attribution
from attrib.analysis.sources.mentions import PRONOUNS, REPORT_NOUNS, Entity, Index, Mention, _State
from attrib.analysis.sources.roles import _strip_titles
from attrib.analysis.sources.types import DOCUMENT_HEADS, clean_source_text, gender_of_name, norm_word, source_type


def _resolve_report(idx: Index, a: int, state: _State) -> Entity | None:
    """"the report" -> the last outlet or body that reported, before `a`."""
    i = bisect.bisect_left(idx.report_starts, a) - 1
    if i >= 0:
        return idx.reports[i][1]
    return None


def _head_token(doc: Any, a: int, b: int) -> Any:
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    return span, span.root


def _resolve_named(idx: Index, a: int, b: int, state: _State) -> tuple[Entity | None, str | None]:
    """A non-pronoun source: (referent, resolved string override)."""
    doc = idx.doc
    span, root = _head_token(doc, a, b)
    if span is None:
        return None, None
    m = idx.mention_at(root.i)
    if m is None or m.kind != "name" or (m.entity is not None and m.entity.kind != "person"):
        # "Uttarakhand chief minister Pushkar Singh Dhami": the titled name at the end wins
        last = idx.mention_at(span[-1].i if not span[-1].is_punct or len(span) == 1 else span[-2].i)
        if last is not None and last.kind == "name" and last.entity is not None \
                and last.entity.kind == "person" and last is not m:
            m = last
    lemma = root.lemma_.lower()
    # "the report", "the statement": back to whoever reported
    if m is None or m.kind == "nominal":
        if lemma in DOCUMENT_HEADS and (m is None or m.definite) and not _has_name_inside(idx, span):
            if lemma in REPORT_NOUNS or lemma in ("statement", "release"):
                e = _resolve_report(idx, a, state) if lemma in REPORT_NOUNS \
                    else _last_statement(idx, a, state)
                return e, None
            return None, None
    if m is not None and m.entity is not None:
        e = m.entity
        if m.kind == "name" and e.kind in ("person", "org", "gpe", "norp"):
            return e, None
        if e.kind != "nominal" or e.display:
            return e, None
        return None, None
    # no mention at the head: a name inside ("Ministry of Defence press release", "Israel's Channel 13")
    for t in span:
        mm = idx.mention_at(t.i)
        if mm is not None and mm.entity is not None and mm.kind == "name" and t.i == root.i:
            return mm.entity, None
    return None, None


def _has_name_inside(idx: Index, span: Any) -> bool:
    return any((mm := idx.mention_at(t.i)) is not None and mm.kind == "name" for t in span)


def _last_statement(idx: Index, a: int, state: _State) -> Entity | None:
    """"the statement said" -> the previous source when it is an organisation or body."""
    if state.prev is not None and state.prev.kind != "person":
        return state.prev
    return None


def _fix_type(att: Attribution, text: str, span: Any, e: Entity | None) -> str:
    if e is None:
        return source_type(text, span)
    if e.kind == "person":
        return "person"
    if e.kind == "nominal":
        return e.stype
    return e.stype


def _adhoc_entity(idx: Index, name: str, span: Any) -> Entity | None:
    """An entity for a named source the tagger missed, added to the index as a mention.

    Later sources with the same last word ("Day said ... Day added") reuse it.
    """
    words = [norm_word(w) for w in name.split() if norm_word(w)]
    if not words or not span[-1].text[:1].isupper():
        return None
    key = words[-1]
    e = idx.adhoc.get(key)
    if e is None and idx.linker is not None:
        # "Espinoza said" after "Maria Espinoza", missed by the tagger the second time
        known = [c for c in idx.linker.by_last.get(key, []) if c.kind == "person" and c.positions
                 and c.positions[0] < span.start_char
                 and (len(words) == 1 or set(words) <= set(c.tokens) or set(c.tokens) <= set(words))]
        if known:
            e = max(known, key=lambda c: c.positions[bisect.bisect_left(c.positions, span.start_char) - 1])
    if e is None:
        personish = span.root.pos_ == "PROPN" and not any(t.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC")
                                                        for t in span)
        if not personish:
            return None
        e = Entity(id=-1 - len(idx.adhoc), kind="person", stype="person", name=name, label="PERSON",
                   tokens=tuple(words), gender=gender_of_name(name))
        idx.adhoc[key] = e
    m = Mention(start=span.start_char, end=span.end_char, t0=span.start, t1=span.end,
                sent=idx.sent_of_token[span.start], kind="name", subj=span.root.dep_ in ("nsubj", "nsubjpass"),
                quoted=False, text=span.text, label="PERSON", root=span.root.i, entity=e)
    k = bisect.bisect_left(idx.starts, m.start)
    idx.starts.insert(k, m.start)
    idx.mentions.insert(k, m)
    bisect.insort(e.positions, m.start)
    if m.subj:
        bisect.insort(e.subj_positions, m.start)
    for t in range(m.t0, m.t1):
        idx.by_token.setdefault(t, m)
    return e


def _ent_label(span: Any) -> str | None:
    if span is None:
        return None
    for t in span:
        if t.ent_type_:
            return t.ent_type_
    return None


def _fallback_name(raw: str, stype: str) -> str | None:
    """A source with no entity: its own cleaned text when it names someone."""
    if stype in ("anonymous",):
        return None
    s = clean_source_text(raw)
    if not s or s.lower() in PRONOUNS:
        return None
    if not any(w[:1].isupper() for w in s.split()):
        return None  # "the report", "officials": nothing named
    return _strip_titles(s)
