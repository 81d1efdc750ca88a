"""Cues that are not verbs: "according to X", nouns of saying ("Trump's claim that…"),
hedges ("reportedly", "amid reports of…", "it is believed that") and speaker lines
("Pat Caddell: Democrat voters worried…", "WALLACE: Let's start…").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from attrib.analysis.attribution.spans import contiguous_around, contiguous_longest, span_of, tighten
from attrib.analysis.attribution.verbs import SUBJECTS
from attrib.analysis.extensions import doc_ents, doc_text
from attrib.analysis.sources.types import DOCUMENT_HEADS
from attrib.lexicons import word_list
from attrib.text.credits import LINE_LABELS
from attrib.types import Attribution

HEDGE_NOUNS = word_list("hedge_nouns")


def according_to(doc: Doc, tok: Token) -> Attribution | None:
    """"According to X, …", "as per X": X is the source, the clause the phrase hangs on
    (without the phrase) the content."""
    if tok.lower_ == "according":
        to = next(c for c in tok.children if c.lower_ == "to")
        cue_toks = [tok, to]
        # "according to show insiders": the tagger may read the noun phrase as a verb
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) \
            or next((c for c in to.children if c.dep_ == "pcomp" and c.i == to.i + 1), None)
    else:  # as per
        cue_toks = [doc[tok.i - 1], tok]
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    source_toks = list(obj.subtree)
    head = tok.head
    while head.dep_ in ("prep", "agent") and head.head.i != head.i:
        head = head.head
    if not any(c.dep_ in SUBJECTS for c in head.children):
        # "According to Al Jazeera, Netanyahu and Trump had hinted…": the parse joins the
        # clause's subjects to the source; what follows the comma is the content's subject.
        comma = next((t for t in obj.subtree if t.i > obj.i and t.text == ","), None)
        if comma is not None:
            source_toks = [t for t in source_toks if t.i < comma.i]
    phrase = {t.i for t in cue_toks} | {t.i for t in source_toks}
    content_toks = [t for t in head.subtree if t.i not in phrase]
    content = tighten(doc_text(doc), span_of(contiguous_longest(content_toks)))
    if content is None:
        return None
    return Attribution(kind="according_to", cue=span_of(cue_toks),
                       source=tighten(doc_text(doc), span_of(source_toks)), content=content,
                       rule="prep:according_to")


def noun_cue(doc: Doc, noun: Token) -> Attribution | None:
    """"warnings from his attorney that the showdown was fruitless", "Trump's claim
    that…", "reports that…": a noun of saying with a that-clause; its owner (possessive,
    "from/by X") is the source. Unowned reports are a hedge."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > noun.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = next((p for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
                      and c.i < clause.i for p in c.children if p.dep_ == "pobj"), None)
    text = doc_text(doc)
    toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ == "that")]
    content = tighten(text, span_of(contiguous_around(toks, clause)))
    if content is None:
        return None
    cue = (noun.idx, noun.idx + len(noun.text))
    if owner is None:
        if noun.lemma_.lower() not in HEDGE_NOUNS:
            return None  # "the notion that…", "the fact that…": nobody says it
        return Attribution(kind="other", cue=cue, source=None, content=content, rule="noun:hedge")
    if owner.lower_ in ("its", "their", "his", "her", "whose"):
        source = (owner.idx, owner.idx + len(owner.text))
    else:
        source = tighten(text, span_of(contiguous_around(
            [t for t in owner.subtree if t.dep_ != "case"], owner)))
    if source is None:
        return None
    return Attribution(kind="indirect", cue=cue, source=source, content=content, rule=f"noun:{noun.lemma_.lower()}")


def adverb_hedge(doc: Doc, tok: Token) -> Attribution | None:
    """"Reportedly, the bridge closed": a hedge with no source over the clause it modifies."""
    head = tok.head
    content = tighten(doc_text(doc), span_of(contiguous_longest([t for t in head.subtree if t.i != tok.i])))
    if content is None:
        return None
    return Attribution(kind="other", cue=(tok.idx, tok.idx + len(tok.text)), source=None, content=content,
                       rule="hedge:adverb")


_VAGUE_PHRASE = re.compile(
    r"\b(?P<cue>amid (?:(?:media|news|unconfirmed|growing|recent|widespread|the) )*(?:reports|speculation|rumou?rs)"
    r"|questions (?:have|had) (?:also )?(?:been )?(?:raised|emerged|arisen)|(?:one |a )?question that has (?:emerged|been raised)"
    r"|(?:is|are|was|were) (?:widely |also )?(?:said|rumou?red|reported|believed|thought|alleged|understood) to"
    r"|(?:it is|it's|it was) (?:widely |also )?(?:believed|thought|understood|rumou?red|alleged|said|reported|claimed)"
    r"|(?:have|has) (?:all )?heard (?:by now )?that)\b(?:\s+(?:of|that|over|about)\b)?", re.I)


def vague_phrases(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Hedges that are phrases, not words: "amid reports of…", "questions have been
    raised over…", "is said to…", "many have heard that…". No source; the claim they
    cover is `vague`."""
    text = doc_text(doc)
    taken = [a.cue for a in found if a.cue is not None and a.evidential]
    out = []
    for sent in doc.sents:
        for m in _VAGUE_PHRASE.finditer(text, sent.start_char, sent.end_char):
            cue = (m.start("cue"), m.end("cue"))
            if any(c[0] < cue[1] and cue[0] < c[1] for c in taken):
                continue
            after = tighten(text, (m.end(), sent.end_char))
            before = tighten(text, (sent.start_char, cue[0]))
            content = after if after and len(text[after[0]:after[1]].split()) >= 3 else before
            if content is None:
                continue
            out.append(Attribution(kind="other", cue=cue, source=None, content=content, rule="hedge:phrase",
                                   evidential=True))
            # "Many Americans have heard that…": the hearers are no source of what they heard
            found[:] = [a for a in found if a.evidential or a.cue is None
                        or not (a.cue[0] < cue[1] and cue[0] < a.cue[1])]
    return out


_NAME = r"(?:[A-Z][\w.'’-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w.'’-]*|of|de|van|al|and)){0,4}"
_SPEAKER_LINE = re.compile(rf"(?m)^[\"“]?(?:(?P<label>[A-Z]{{3,}})\s*[-–—]\s*)?(?P<name>{_NAME})(?P<cue>:)\s+(?P<content>\S[^\n]*)")
# "TURNOUT WAS HIGHER THAN FORECAST - Ana Ruiz and Tom Field: “Although…": a live-blog
# item that hands over to a quoted writer
_DASHED_SPEAKER = re.compile(rf"(?m)\s[-–—]\s*(?P<name>{_NAME})(?P<cue>:)\s*(?P<content>[\"“][^\n]*)")
# Line-opening names that are documents (the one document-noun list source typing reads)
# or outlets' products rather than people ("Poll: …", "Campaign guide: …")
DOCUMENT_LINE_NAMES = DOCUMENT_HEADS | word_list("line_documents")


def speaker_lines(doc: Doc, taken: set[int]) -> list[Attribution]:
    """"Pat Caddell: Democrat voters worried…", "Poll: Ruiz leads the field" (headlines),
    "WALLACE: Let's start…" (transcripts) and "HEADLINE - Ana Ruiz: “…”" (live
    blogs): a name, a colon, and what the name said. A label ("UPDATE:", "Tags:") or a
    date after the colon ("Published: June 3, 2016") is no speaker."""
    text = doc_text(doc)
    out = []
    matches = [*_SPEAKER_LINE.finditer(text), *_DASHED_SPEAKER.finditer(text)]
    surnames: set[str] | None = None
    for m in matches:
        name = m.group("name")
        if m.start("cue") in taken or len(name) < 2 or name.upper() in LINE_LABELS:
            continue
        ents = [e for e in doc_ents(doc) if e.start_char < m.end("name") and m.start("name") < e.end_char]
        transcript = name.isupper() and len(name) >= 3
        named = any(e.label_ in ("PERSON", "ORG") and e.start_char <= m.start("name") + 1 for e in ents)
        document = name.split()[-1].lower() in DOCUMENT_LINE_NAMES
        if not (transcript or named or document):
            surnames = _entity_surnames(doc) if surnames is None else surnames
            if name.split()[-1] not in surnames:
                continue  # "Ruiz: Contract Was Rigged": the headline's tagger missed her, the article names her
        content = tighten(text, (m.start("content"), m.end("content")))
        if content is None:
            continue
        body = doc.char_span(content[0], content[1], alignment_mode="expand")
        if body is None or sum(t.is_alpha for t in body) < 3 or sum(
                t.is_alpha and t.ent_type_ not in ("DATE", "TIME") for t in body) < 2:
            continue
        out.append(Attribution(kind="other", cue=(m.start("cue"), m.end("cue")), source=(m.start("name"), m.end("name")),
                               content=content, rule="line:speaker-colon"))
    return out


def _entity_surnames(doc: Doc) -> set[str]:
    """The last word of every person and organisation the article names, and every
    proper noun its sentences make a subject ("Ana Ruiz said" when NER missed her)."""
    names = {e[-1].text for e in doc_ents(doc) if e.label_ in ("PERSON", "ORG")}
    names.update(t.text for t in doc if t.dep_ in SUBJECTS and t.pos_ == "PROPN")
    return names
