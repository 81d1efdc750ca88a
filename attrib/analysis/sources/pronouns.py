"""Pass B of source resolution, pronouns: he/she/it/they scored over the entities
mentioned before (recency, subject position, salience, the previous source, gender
and number agreement); who/which to the noun its clause hangs on; I/we to the speaker
of the attribution whose content holds them.
"""
from __future__ import annotations

import bisect
import math
from typing import Any, Iterable

from attrib.types import Attribution
from attrib.analysis.extensions import doc_text
from attrib.analysis.sources.mentions import _PERSON_NOUNS, PRONOUNS, Entity, Index, Mention, _State
from attrib.analysis.sources.types import TITLE_HEADS
from attrib.lexicons import word_list


LEAD_SUBJECT_BONUS = 2.0
WINDOW_MENTIONS = 80  # how far back (in mentions) a pronoun looks
WINDOW_SENTS = 12


def _score_candidate(e: Entity, m: Mention, pos: int, sent: int, state: _State, idx: Index,
                     want_gender: str | None, rival_subject_after_prev: bool = False,
                     lead_pronoun: bool = False) -> float:
    d = max(0, sent - m.sent)
    score = -0.6 * min(d, 10)
    if m.subj:
        score += 1.0
    n = e.count_before(pos)
    score += 0.5 * math.log1p(n)
    if state.prev is e and sent - state.prev_sent <= 6:
        # the previous speaker, unless someone else has since been named as a subject
        score += 1.0 if rival_subject_after_prev else 2.5
    if e.source_positions:
        last_src = e.source_positions[-1]
        if idx.sent_at(last_src) >= sent - 8:
            score += 1.0
    if m.quoted and not e.source_positions:
        score -= 0.8
    if e.kind == "nominal":
        score -= 0.4
    if want_gender and e.gender == want_gender:
        score += 0.4
    if lead_pronoun and m.subj and m.sent == sent - 1 and not m.quoted and e.positions \
            and e.positions[0] == m.start and e.kind == "person":
        # "Aziz Nasirzadeh was also in attendance. He expressed ...": a person just
        # introduced as the subject of the sentence before
        score += LEAD_SUBJECT_BONUS  # "Y was there. He said ...": Y, the last sentence's subject
    return score


def _candidates(idx: Index, pos: int) -> Iterable[tuple[Entity, Mention]]:
    """Each entity with its latest mention before `pos`, nearest first, within the window."""
    i = bisect.bisect_left(idx.starts, pos) - 1
    seen: set[int] = set()
    n = 0
    start_sent = idx.sent_at(pos)
    while i >= 0 and n < WINDOW_MENTIONS:
        m = idx.mentions[i]
        i -= 1
        if m.end > pos:
            continue
        n += 1
        if start_sent - m.sent > WINDOW_SENTS and seen:
            break
        e = m.entity
        if e is None or e.id in seen:
            continue
        seen.add(e.id)
        yield e, m


def _agrees(e: Entity, m: Mention, gender: str | None, number: str | None) -> bool:
    if gender in ("m", "f"):
        if e.kind == "person":
            return e.gender in (None, gender)
        if e.kind == "nominal" and e.roles and not e.plural and e.stype != "document":
            # an unnamed office holder or person: "the spokesperson", "a delegate"
            return e.gender in (None, gender) and any(
                w in TITLE_HEADS or w in _PERSON_NOUNS or w == "spokesperson" for r in e.roles for w in r.core)
        return False
    if gender == "n":  # it
        if e.kind == "person" or e.plural:
            return False
        if e.kind == "nominal":
            return not e.roles and e.stype in ("organization", "government", "media", "document")
        return e.kind in ("org", "gpe")
    if number == "pl":  # they
        if e.kind == "person":
            return False
        if e.kind == "nominal":
            return e.plural or (not e.roles and e.stype in ("organization", "government"))
        return e.kind in ("org", "norp", "group") or e.plural
    return True


def _resolve_pronoun(idx: Index, word: str, a: int, b: int, state: _State) -> Entity | None:
    _, gender, number = PRONOUNS[word]
    sent = idx.sent_at(a)
    best, best_score = None, None
    # the previous attribution's source is a candidate even when it fell out of the window
    cands = list(_candidates(idx, a))
    if state.prev is not None and all(e is not state.prev for e, _ in cands):
        pm = _latest_mention(idx, state.prev, a)
        if pm is not None:
            cands.append((state.prev, pm))
    ok = [(e, m) for e, m in cands if _agrees(e, m, gender, number)
          and not (m.sent == sent and m.t1 > 0 and _same_clause_object(idx, m, a))]
    rival = False
    if state.prev is not None:
        for e, m in ok:
            if e is state.prev or not e.subj_positions:
                continue
            k = bisect.bisect_left(e.subj_positions, a) - 1
            if k >= 0 and e.subj_positions[k] > state.prev_pos and not m.quoted:
                rival = True
                break
    lead = idx.sent_starts[sent] >= a - 1 if sent < len(idx.sent_starts) else False
    for e, m in ok:
        s = _score_candidate(e, m, a, sent, state, idx, gender, rival, lead)
        if gender == "n" and e.kind == "gpe":
            s -= 0.5
        if best_score is None or s > best_score:
            best, best_score = e, s
    return best


def _latest_mention(idx: Index, e: Entity, pos: int) -> Mention | None:
    """The mention of `e` that starts last before `pos`."""
    k = bisect.bisect_left(e.positions, pos) - 1
    if k < 0:
        return None
    at = e.positions[k]
    i = bisect.bisect_left(idx.starts, at)
    while i < len(idx.mentions) and idx.starts[i] == at:
        if idx.mentions[i].entity is e:
            return idx.mentions[i]
        i += 1
    return None


def _same_clause_object(idx: Index, m: Mention, a: int) -> bool:
    """An object of the very verb the pronoun is the subject of cannot be its referent."""
    doc = idx.doc
    span = doc.char_span(a, a + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    p = span[0]
    verb = p.head
    mt = doc[m.t1 - 1]
    return mt.head == verb and mt.dep_ in ("dobj", "pobj", "iobj") and p.dep_ in ("nsubj", "nsubjpass")


def _resolve_relative(idx: Index, a: int) -> Entity | None:
    """who/which: the noun the relative clause hangs on, else the mention just before."""
    doc = idx.doc
    span = doc.char_span(a, a + 1, alignment_mode="expand")
    if span is not None and len(span):
        tok = span[0]
        verb = tok.head
        if verb.dep_ == "relcl" or verb.dep_ == "acl":
            noun = verb.head
            if noun.dep_ == "attr":  # "Corey is the state attorney who ...": the subject
                subj = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and idx.mention_at(subj.i) is not None:
                    noun = subj
            m = idx.mention_at(noun.i)
            if m is not None:
                return m.entity
            for t in noun.subtree:
                m2 = idx.mention_at(t.i)
                if m2 is not None and t.i < tok.i:
                    return m2.entity
    i = bisect.bisect_left(idx.starts, a) - 1
    if i >= 0:
        m = idx.mentions[i]
        gap = doc_text(idx.doc)[m.end:a]
        if len(gap) <= 3 and m.sent == idx.sent_at(a):
            return m.entity
    return None


_RELATIVE_HOSTS = word_list("relative_hosts")


def _relative_antecedent(doc: Any, a: int) -> tuple[int, int] | None:
    """Character span of the noun phrase a relative pronoun at `a` stands for, without
    the relative clause: "Protesters" in "Protesters who said the plant was unsafe
    blocked the road", "an architect" in "…not paying an architect who said…". The noun
    right before the pronoun (commas and "here"/"there" skipped) is its antecedent: the
    parse may hang the clause higher up ("a focal point for demonstrators here, who…")."""
    span = doc.char_span(a, a + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    j = tok.i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].lower_ in ("here", "there", "too", "also")) and "\n" not in doc[j].text:
        j -= 1
    if j < 0 or j < tok.sent.start:
        return None
    noun = doc[j]
    if noun.pos_ not in ("NOUN", "PROPN") and not (noun.pos_ == "PRON" and noun.lower_ in _RELATIVE_HOSTS):
        return None
    while noun.dep_ in ("compound", "flat") and noun.head.i > noun.i and noun.head.i < tok.i:
        noun = noun.head
    toks = [t for t in noun.subtree if t.i <= noun.i and not t.is_punct]
    first = toks[0] if toks else noun
    return first.idx, noun.idx + len(noun.text)


def _enclosing(attributions: list[Attribution], i: int, pos: int) -> int | None:
    best, best_len = None, None
    for j, other in enumerate(attributions):
        if j == i or other.content is None or other.source is None:
            continue
        c0, c1 = other.content
        if c0 <= pos < c1 and not (other.source[0] <= pos < other.source[1]):
            if best_len is None or c1 - c0 < best_len:
                best, best_len = j, c1 - c0
    return best


def _nearest_speaker(idx: Index, attributions: list[Attribution], ents: dict[int, Entity | None],
                     i: int, pos: int) -> Entity | None:
    """No enclosing attribution: the nearest resolved source in the same paragraph."""
    text = doc_text(idx.doc)
    p0 = text.rfind("\n", 0, pos) + 1
    p1 = text.find("\n", pos)
    p1 = len(text) if p1 < 0 else p1
    best, best_d = None, None
    for j, e in ents.items():
        if e is None or j == i:
            continue
        s = attributions[j].source
        if s is None or not (p0 <= s[0] < p1):
            continue
        d = abs(s[0] - pos)
        if best_d is None or d < best_d:
            best, best_d = e, d
    return best
