"""Who a source is, within its article: "he" -> Israel Katz, "Singh" -> Rajnath Singh,
"the chief minister" -> Pushkar Singh Dhami, "the report" -> South China Morning Post.

Why: a claim attributed to "he" or "the spokesperson" tells the reader nothing until it
is tied to the name the article gave earlier. No coreference package is used; this is a
small rule-based resolver built for attribution sources.

How (two linear passes over one parsed Doc):

A. Mention index. Named mentions are the PERSON/ORG/GPE/NORP entities (LOC/FAC only
   when they name an outlet), split at a stray sentence period and with titles peeled
   off ("Defence Minister Rajnath Singh" -> name "Rajnath Singh", role "Defence
   Minister"). Titles are read from the words before a name ("Uttarakhand chief
   minister Pushkar Singh Dhami"), from apposition ("the Chinese Defence Minister,
   Admiral Dong Jun", "Rajnath Singh, the defence minister") and from a title inside
   the entity ("CM Dhami"). Nominal mentions are noun chunks headed by an office,
   member, document, organisation or group noun ("a Chinese Foreign Affairs Ministry
   spokesperson", "the report", "officials"). Walking in text order, each mention is
   linked to an entity: a name to the entity with the same full name, or whose last
   name (or, for PERSON, first name) it is, the most recently mentioned first; an
   acronym to the name it abbreviates; a definite office ("the chief minister",
   "the Iranian Defence Minister") to the entity holding the best-matching role
   (every word of the anaphor's title in the holder's, nationality words must
   agree, fewer extra words is better, then recency); a qualified office with no
   holder on record ("the Florida senator", "the billionaire") to the person last
   named as a subject; a nominal in apposition to a name ("Fiorina, the former CEO")
   to that name. Names the tagger missed are caught when they start with a known
   first name ("Ana Ruiz"), or, when they are a source, added as they are met.
   Coordinated names ("Ana Ruiz and Tom Berg") also make a plural group for "they".
   Gender comes from honorifics, gendered titles, a small first-name list, and
   he/his vs she/her in sentences that name one person unambiguously.
B. Sources. Attributions are resolved in the order of their source spans, so a
   pronoun can use the previous attribution's resolved source:
   - a named source -> its entity's fullest name, titles/determiners/'s dropped;
   - a definite office or "the spokesperson" -> the role's holder (or the earlier
     unnamed phrase, "Chinese Foreign Affairs Ministry spokesperson");
   - "the report" -> the last outlet or body that reported ("X reported that ...",
     "a Reuters report"); nothing named -> unresolved, type document;
   - he/she -> a person entity, scored by recency (sentences back), subject
     position, salience (mentions so far), being the previous attribution's source
     (less so when someone else was a subject since), a source lately, not only
     quoted, a person introduced as the subject of the sentence just before a
     sentence-initial pronoun, and gender agreement (a mismatch excludes);
   - it -> organisations, outlets, bodies, documents, countries; they -> groups,
     plural nominals, organisations, nationalities; both prefer the previous source;
   - who -> the noun its relative clause hangs on; I/we -> the source of the
     attribution whose content holds the pronoun (its `parent`, or containment);
     outside any quote, I/we is the author: unresolved.
   `source_type` comes from the referent (or `attrib.analysis.sources.types.source_type` on
   the source text when nothing was resolved).

Everything is linear in the number of tokens and mentions: pronouns look back over a
bounded window of mentions (about 10 ms an article on PolNeAR dev, 5% of the parse).

Measured with `scripts/eval_resolution.py` (see `attrib.eval.resolution.pronoun_eval`).

Modules of attrib/analysis/sources/: `mentions` (records, word lists), `roles` (titles),
`linker` and `index` (pass A), `pronouns` and `named` (pass B), this driver, and
`attrib.eval.resolution` (the PolNeAR judge). The word lists are data in attrib/lexicons/.
"""
from __future__ import annotations

from typing import Any

from attrib.types import Attribution
from attrib.analysis.extensions import doc_text
from attrib.analysis.sources.index import build_index
from attrib.analysis.sources.mentions import PRONOUNS, Entity, Index, Mention, Role, _display_name, _in_ranges, _State
from attrib.analysis.sources.named import _adhoc_entity, _ent_label, _fallback_name, _fix_type, _resolve_named
from attrib.analysis.sources.pronouns import (
    _enclosing, _nearest_speaker, _relative_antecedent, _resolve_pronoun, _resolve_relative,
)
from attrib.analysis.sources.roles import role_match
from attrib.analysis.sources.types import source_type

__all__ = ["resolve_sources", "build_index", "role_match", "PRONOUNS", "Entity", "Index", "Mention", "Role"]


def resolve_sources(doc: Any, attributions: list[Attribution], index: Index | None = None) -> None:
    """Set `source_resolved` and `source_type` of each attribution with a source span.

    `doc` is the parsed article (offsets of the attributions are into `doc_text(doc)`).
    Attributions without a source are left untouched. A pronoun or other reference
    that cannot be tied to a name gets `source_resolved = None`.
    """
    if not attributions:
        return
    idx = index or build_index(doc)
    text = doc_text(doc)
    order = sorted((i for i, att in enumerate(attributions) if att.source is not None),
                   key=lambda i: attributions[i].source[0])  # type: ignore[index]
    state = _State()
    ents: dict[int, Entity | None] = {}
    deferred: list[int] = []
    for i in order:
        att = attributions[i]
        a, b = att.source  # type: ignore[misc]
        raw = text[a:b]
        word = raw.strip().lower()
        e: Entity | None = None
        span = doc.char_span(a, b, alignment_mode="expand")
        if word in PRONOUNS:
            person, _g, _n = PRONOUNS[word]
            if person == 1:
                deferred.append(i)
                continue
            if person == 0:
                e = _resolve_relative(idx, a)
            else:
                e = _resolve_pronoun(idx, word, a, b, state)
            att.source_resolved = e.display if e is not None else None
            att.source_type = _fix_type(att, raw, span, e) if e is not None else source_type(raw)
            if person == 0 and not att.source_resolved:
                # "Protesters who said…": a relative pronoun is never a source of its own;
                # with no entity for its noun, the noun phrase itself is the source
                ante = _relative_antecedent(idx.doc, a)
                if ante is not None:
                    att.source_resolved = _display_name(text[ante[0]:ante[1]])
                    ante_span = doc.char_span(*ante, alignment_mode="expand")
                    att.source_type = source_type(att.source_resolved, ante_span, _ent_label(ante_span))
        else:
            e, override = _resolve_named(idx, a, b, state)
            stype_text = source_type(raw, span, _ent_label(span))
            if e is not None and e.display:
                att.source_resolved = override or e.display
                att.source_type = _fix_type(att, raw, span, e)
                if e.stype == "anonymous":
                    att.source_resolved = None
            else:
                att.source_resolved = override or _fallback_name(raw, stype_text)
                att.source_type = stype_text
                if att.source_resolved and stype_text in ("person", "unknown") and span is not None:
                    # a name the tagger missed ("Day said"): an entity of its own from now on
                    e = _adhoc_entity(idx, att.source_resolved, span)
                    if e is not None and e.kind == "person":
                        att.source_type = "person"
        ents[i] = e
        if e is not None:
            e.source_positions.append(a)
            if word not in PRONOUNS or PRONOUNS[word][0] != 0:  # "who" is no new speaker
                state.prev, state.prev_pos, state.prev_sent = e, a, idx.sent_at(a)
    # I / we: the source of the attribution whose content holds the pronoun
    for i in deferred:
        att = attributions[i]
        a, _b = att.source  # type: ignore[misc]
        j = att.parent if att.parent is not None and att.parent != i else _enclosing(attributions, i, a)
        e = ents.get(j) if j is not None else None
        if j is not None and e is None and attributions[j].source_resolved:
            att.source_resolved = attributions[j].source_resolved
            att.source_type = attributions[j].source_type
            continue
        if e is None and _in_ranges(idx.quotes, [q for q, _ in idx.quotes], a):
            e = _nearest_speaker(idx, attributions, ents, i, a)  # outside quotes: the author
        ents[i] = e
        att.source_resolved = e.display if e is not None else None
        att.source_type = _fix_type(att, text[a:_b], None, e) if e is not None else source_type(text[a:_b])
