"""Direct quotes: which quoted spans are speech, and whose.

The quotes themselves are found in the plain text (attrib/text/quotes.py); these rules
read the parse to drop titles ("her role in “The Quiet Shore”"), give a quote the cue
next to it or the cue of the quote before it, carry a quote left open at a paragraph's
end into the next paragraph, and read a dash and a name after a quote as its speaker.
"""
from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc, Span, Token

from attrib.analysis.attribution.cues import verb_rate
from attrib.analysis.attribution.verbs import CLAUSES, WEAK_RATE, governing_verb, speech_act
from attrib.analysis.extensions import doc_ents, doc_text
from attrib.lexicons import word_list
from attrib.text.quotes import title_cased
from attrib.types import Attribution, Quote

TITLE_NOUNS = word_list("title_nouns")  # "her role in “X”": a work's name follows

_SENTENCE_REST = re.compile(r"[^\"“”\n]{0,80}?[.:]\s{1,3}")


def is_title(doc: Doc, q: Quote) -> bool:
    """A quoted name or title, not speech: "her role in “The Quiet Shore,”", "Drama
    “Northern Lights” and comedy “Second Act” took the prizes". The quoted words are
    title-cased (attrib.text.quotes.title_cased) and the subject or object of a verb that
    reports no speech; and either a noun of works comes just before (drama, film, role…,
    named, called: attrib/lexicons/title_nouns.txt), or the tagger calls them a work of art,
    or they are a noun phrase. Under a verb of saying they stay a quote: "Trump
    proclaimed a goal of “Peace Through Strength”", "quoted from the movie “X”"."""
    text = doc_text(doc)
    if q.close_at is None or not title_cased(text[q.start:q.end]):
        return False
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.dep_ in CLAUSES or root.dep_ == "ROOT" and root.pos_ in ("VERB", "AUX"):
        return False  # "“Come Home Now,” she said": the quote is the clause said
    verb = root if root.pos_ == "VERB" and root.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass") \
        else governing_verb(root)
    if verb is not None and (verb_rate(verb.lemma_.lower()) >= WEAK_RATE or speech_act(verb)):
        return False  # any verb that may report speech keeps it a quote
    before = span[0].i - 1
    while before >= 0 and (doc[before].is_quote or doc[before].is_punct and doc[before].text in ",:"):
        before -= 1
    if before >= 0 and doc[before].lower_ in TITLE_NOUNS:
        return True
    if any(e.label_ == "WORK_OF_ART" and e.start_char <= q.start + 1 and e.end_char >= q.end - 2
           for e in doc_ents(doc) if e.start_char < q.end and q.start < e.end_char):
        return True
    return root.pos_ in ("NOUN", "PROPN", "NUM") and root.dep_ != "ROOT"


def doubled(text: str, q: Quote) -> Quote:
    """Typewriter double quotes written as two apostrophes (''like this'') take both."""
    open_at, close_at = q.open_at, q.close_at
    if open_at > 0 and text[open_at] == "'" and text[open_at - 1] == "'":
        open_at -= 1
    if close_at is not None and text[close_at] == "'" and text[close_at + 1:close_at + 2] == "'":
        close_at += 1
    if (open_at, close_at) == (q.open_at, q.close_at):
        return q
    return dataclasses.replace(q, open_at=open_at, close_at=close_at)


def continuations(text: str, quotes: list[Quote], found: list[Attribution]) -> list[Attribution]:
    """A quote left open at a paragraph's end and reopened at the start of the next
    paragraph goes on: the later pieces carry the first piece's attribution."""
    by_content = {a.content: a for a in found if a.kind == "direct"}
    out = []
    for prev, nxt in zip(quotes, quotes[1:]):
        att = by_content.get(prev.with_marks)
        if att is None or prev.close_at is not None:
            continue
        between = text[prev.end:nxt.open_at]
        if "\n" not in between or between.strip():
            continue  # not the start of the very next paragraph
        if nxt.with_marks in by_content:
            continue  # the next piece has a cue of its own ("'…,' it added")
        cont = Attribution(kind="direct", cue=att.cue, source=att.source, content=nxt.with_marks,
                           rule="quote:continued", via=list(att.via), cited=list(att.cited),
                           evidential=att.evidential)
        by_content[nxt.with_marks] = cont
        out.append(cont)
    return out


def sounds_spoken(text: str, q: Quote) -> bool:
    """A short quote that ends like speech ("You winning?", "I would,") rather than a
    scare-quoted phrase ("green light")."""
    return q.close_at is not None and text[q.start:q.end].rstrip()[-1:] in (",", "?", "!", ".")


def quote_words(doc: Doc, q: Quote) -> int:
    return len(doc_text(doc)[q.start:q.end].split())


def adjacent_quote(doc: Doc, verb: Token, sent: Span, quotes: list[Quote], used: set[int]) -> int | None:
    """A quote that ends just before the cue's clause or starts just after it, in reach."""
    best = None
    for i, q in enumerate(quotes):
        if i in used:
            continue
        qs, qe = q.with_marks
        if qe <= verb.idx and qe >= sent.start_char - 1:
            if qe <= sent.start_char and verb_rate(verb.lemma_.lower()) < 0.5:
                continue  # the quote closed the sentence before: '…AGAIN." The remarks came…'
            gap = doc_text(doc)[qe:verb.idx]
            if len(gap) <= 60 and "\n" not in gap and not re.search(r"[.!?]", gap):
                best = i
        elif qs >= verb.idx and qs <= sent.end_char + 1:
            gap = doc_text(doc)[verb.idx + len(verb.text):qs]
            # 'He said, "…"' but not a quote that opens the next sentence
            if len(gap) <= 40 and "\n" not in gap and not re.search(r"[.!?]", gap) and best is None:
                return i
        elif qs < verb.idx < qe:
            continue
        if qs > sent.end_char + 1:
            break
    return best


def orphan_quotes(doc: Doc, quotes: list[Quote], used: set[int], found: list[Attribution]) -> list[Attribution]:
    """Quotes whose cue the parse did not tie to them: attach to a cue right after the
    quote, or continue the speaker of the quote just before ('"A," she said. "B."')."""
    out = []
    text = doc_text(doc)
    for i, q in enumerate(quotes):
        if i in used:
            continue
        qs, qe = q.with_marks
        if any(a.content and a.content[0] <= qs and qe <= a.content[1] + 1 for a in found):
            continue  # part of what someone is already said to have said ("posted that … 'MAKE IRAN GREAT AGAIN.'")
        for att in found:
            if att.cue and qe <= att.cue[0] and att.cue[0] - qe <= 40 and "\n" not in doc_text(doc)[qe:att.cue[0]] \
                    and att.kind != "direct":
                out.append(Attribution(kind="direct", cue=att.cue, source=att.source, content=(qs, qe),
                                       rule="quote:shared-cue", via=list(att.via)))
                used.add(i)
                break
            # '"A," she said. "B."': the quote after the cue's sentence goes on speaking
            if att.kind in ("direct", "mixed") and att.cue and att.content and att.content[1] <= att.cue[0] \
                    and att.cue[1] <= qs and _SENTENCE_REST.fullmatch(text, att.cue[1], qs):
                out.append(Attribution(kind="direct", cue=att.cue, source=att.source, content=(qs, qe),
                                       rule="quote:after-cue", via=list(att.via), cited=list(att.cited)))
                used.add(i)
                break
    return out


_DASH_SIGNATURE = re.compile(r"\s*(?P<cue>[―—]|--)\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


def dash_signatures(doc: Doc, quotes: list[Quote], used: set[int]) -> list[Attribution]:
    """"'…' ― Sonya Herridge": a quote signed with a dash and a name."""
    out = []
    for i, q in enumerate(quotes):
        qs, qe = q.with_marks
        m = _DASH_SIGNATURE.match(doc_text(doc), qe)
        if m is None:
            continue
        used.add(i)
        out.append(Attribution(kind="direct", cue=(m.start("cue"), m.end("cue")), source=(m.start("name"), m.end("name")),
                               content=(qs, qe), rule="quote:dash-signature"))
    return out
