"""Pass A of source resolution: the mention index of one parsed Doc (named and nominal
mentions linked to entities, coordinations, report events, quotes, gender votes).
"""
from __future__ import annotations

import re
from typing import Any

from attrib.analysis.extensions import doc_ents, doc_headline, doc_text
from attrib.analysis.sources.linker import _link_nominal, _Linker
from attrib.analysis.sources.mentions import (
    _ABBREV_NO_SPLIT, _JUNK_IN_NAME, _PERSON_NOUNS, EXTRA_LABELS, GROUP_HEADS, NAME_LABELS, PRONOUNS,
    REPORT_NOUNS, Entity, Index, Mention, _gendered, _in_ranges, find_quotes,
)
from attrib.analysis.sources.roles import _appos_role, _chunk_role, _left_title, _role_from_tokens, _strip_title_tokens
from attrib.analysis.sources.types import (
    DOCUMENT_HEADS, FIRST_NAMES, GOV_BODIES, HONORIFICS, MEMBER_HEADS, ORG_WORDS, TITLE_HEADS, gender_of_name,
    is_media_name, norm_word, source_type,
)
from attrib.lexicons import word_list


def build_index(doc: Any) -> Index:
    """Pass A: mentions, entities, report events, quotes, sentence map of one Doc."""
    text = doc_text(doc)
    sent_of_token = [0] * len(doc)
    sent_starts: list[int] = []
    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    if has_sents:
        for si, sent in enumerate(doc.sents):
            sent_starts.append(sent.start_char)
            for i in range(sent.start, sent.end):
                sent_of_token[i] = si
    else:
        sent_starts = [0]
    quotes = find_quotes(doc)
    q_starts = [a for a, _ in quotes]
    has_dep = doc.has_annotation("DEP")

    def quoted(pos: int) -> bool:
        return _in_ranges(quotes, q_starts, pos)

    def is_subj(tok: Any) -> bool:
        return tok.dep_ in ("nsubj", "nsubjpass") or (
            tok.dep_ in ("compound", "appos", "conj") and tok.head.dep_ in ("nsubj", "nsubjpass"))

    raw: list[Mention] = []
    covered: set[int] = set()

    # named mentions
    for ent in doc_ents(doc):
        label = ent.label_
        if label not in NAME_LABELS and label not in EXTRA_LABELS:
            continue
        if label == "NORP" and (ent.root.dep_ in ("amod", "compound", "poss", "nmod")
                                or ent.root.tag_ in ("JJ",) or not ent.text.endswith("s")):
            continue  # "Democratic party officials", "Israeli": a modifier, not a group
        if label in EXTRA_LABELS or label == "ORG":
            if is_media_name(ent.text):
                label = "ORG"
            elif label in EXTRA_LABELS:
                continue
        # split "Dong Jun. Singh" at a sentence period; drop determiners/possessive/brackets
        pieces: list[list[Any]] = [[]]
        for t in ent:
            if t.text in (".", "\n") or t.is_space or (t.text.endswith(".") and len(t.text) > 3
                                                         and t.i + 1 < ent.end and t.text[:-1].isalpha()
                                                         and t.text[:-1][0].isupper()
                                                         and t.text[:-1].lower() not in _ABBREV_NO_SPLIT):
                if t.text.endswith(".") and len(t.text) > 1:
                    pieces[-1].append(t)
                pieces.append([])
                continue
            if t.text in ("(", ")", "'s", "’s", "'", "’", "\"", "“", "”", ",") or t.lower_ in ("the",):
                if t.text in ("(", "'s", "’s"):  # "Media Research Center’s Bozell": two names
                    pieces.append([])
                continue
            pieces[-1].append(t)
        for toks in pieces:
            if not toks or not any(t.is_alpha and len(t.text) > 1 for t in toks):
                continue
            if label == "PERSON" and any(t.lower_ in _JUNK_IN_NAME for t in toks):
                continue  # a headline read as a name: "Trump May Not Have Suggested"
            title_toks, name_toks = ([], toks)
            if label in ("PERSON", "ORG", "GPE"):
                title_toks, name_toks = _strip_title_tokens(toks)
                if not name_toks:
                    continue
            if label != "PERSON" and title_toks:
                # "PM Modi" tagged GPE: a title before a name makes it a person
                label_here = "PERSON"
            else:
                label_here = label
            a, b = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1].text)
            name_text = text[a:b].rstrip(".") if not name_toks[-1].text.endswith(".") or len(name_toks[-1].text) > 3 else text[a:b]
            b = a + len(name_text)
            role = None
            left: list[Any] = []
            if label_here == "PERSON" and has_dep:
                left = _left_title(doc, toks[0].i, max(0, ent.sent.start))
                role = _role_from_tokens(left + title_toks) if (left or title_toks) else None
                if role is None:
                    role = _appos_role(doc, name_toks)
            head_tok = next((t for t in reversed(name_toks) if not (name_toks[0].i <= t.head.i <= name_toks[-1].i)
                             or t.head.i == t.i), name_toks[-1])
            hint = None
            if label_here == "PERSON":
                pre = (left if role is not None else []) + title_toks
                hint_text = " ".join(t.text for t in pre)
                if not hint_text and toks[0].i > 0:
                    hint_text = doc[toks[0].i - 1].text  # "Mrs." just before
                if hint_text and _gendered(hint_text):
                    hint = gender_of_name(hint_text + " " + name_text)
            m = Mention(start=a, end=b, t0=name_toks[0].i, t1=name_toks[-1].i + 1, root=head_tok.i,
                        gender_hint=hint,
                        sent=sent_of_token[name_toks[0].i], kind="name",
                        subj=any(is_subj(t) for t in name_toks) if has_dep else False,
                        quoted=quoted(a), text=name_text, label=label_here, role=role)
            raw.append(m)
            covered.update(range(ent.start, ent.end))

    # names the tagger missed: two to four capitalised PROPN words starting with a known
    # first name ("Ana Ruiz"); in a Title Case headline a name ends at the first word the
    # article does not write capitalised ("Ana Ruiz Praises New Timetable")
    head = doc_headline(doc)
    common: set[int] = set()
    if head is not None:
        h0, recased = head
        common = {t.i for t in doc if h0 <= t.idx < h0 + len(recased) and t.text[:1].isupper()
                  and recased[t.idx - h0] != t.text[0]}
    i = 0
    n_tok = len(doc)
    while i < n_tok:
        t = doc[i]
        if t.i in covered or t.pos_ != "PROPN" or t.ent_type_ or norm_word(t.text) not in FIRST_NAMES:
            i += 1
            continue
        j = i + 1
        while j < n_tok and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and not doc[j].ent_type_ and j not in covered and j not in common:
            j += 1
        if j - i >= 2:
            toks = [doc[k] for k in range(i, j)]
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            head_tok = next((x for x in reversed(toks) if not (i <= x.head.i < j) or x.head.i == x.i), toks[-1])
            role = None
            left = []
            if has_dep:
                left = _left_title(doc, i, max(0, t.sent.start))
                role = _role_from_tokens(left) if left else None
            raw.append(Mention(start=a, end=b, t0=i, t1=j, root=head_tok.i, sent=sent_of_token[i],
                               kind="name", subj=is_subj(head_tok) if has_dep else False,
                               quoted=quoted(a), text=text[a:b], label="PERSON", role=role,
                               gender_hint=gender_of_name(" ".join(x.text for x in left) + " " + text[a:b])
                               if left and _gendered(" ".join(x.text for x in left)) else None))
            covered.update(range(i, j))
        i = j

    # nominal mentions
    if has_dep:
        for chunk in doc.noun_chunks:
            root = chunk.root
            if root.i in covered or root.pos_ == "PRON":
                continue
            lemma = root.lemma_.lower()
            low = root.lower_
            if root.pos_ == "PROPN" and lemma in _PERSON_NOUNS and lemma not in TITLE_HEADS \
                    and root.i > root.sent.start:
                continue  # "Singer" is a name, not a singer
            if not (lemma in TITLE_HEADS or low in TITLE_HEADS or lemma in MEMBER_HEADS or low in MEMBER_HEADS
                    or lemma in _PERSON_NOUNS
                    or lemma in DOCUMENT_HEADS or lemma in ORG_WORDS or lemma in GOV_BODIES
                    or low in GROUP_HEADS or lemma in GROUP_HEADS):
                continue
            first = chunk[0]
            definite = first.lower_ in ("the", "this", "that", "these", "those") or (
                first.pos_ == "PRON" and first.dep_ == "poss")
            start = chunk[0].idx
            if first.pos_ in ("DET",) and len(chunk) > 1:
                start = chunk[1].idx
            m = Mention(start=start, end=chunk.end_char, t0=chunk.start, t1=chunk.end,
                        sent=sent_of_token[root.i], kind="nominal", subj=is_subj(root),
                        quoted=quoted(chunk.start_char), text=text[start:chunk.end_char],
                        role=_chunk_role(chunk), definite=definite, head=lemma,
                        plural=root.tag_ in ("NNS", "NNPS") or low in GROUP_HEADS, root=root.i)
            if lemma in MEMBER_HEADS or low in MEMBER_HEADS:
                affil = _affiliation(root, text)
                if affil and source_type(f"{m.text} {affil}") != source_type(m.text):
                    m.affil = affil  # "a spokesperson for the port authority": it names the institution
            raw.append(m)

    raw.sort(key=lambda m: (m.start, -m.end))
    linker = _Linker()
    by_token: dict[int, Mention] = {}
    reports: list[tuple[int, Entity]] = []
    for m in raw:
        if m.kind == "name":
            words = [w for w in (norm_word(w) for w in re.findall(r"[\w][\w.'’-]*", m.text))
                     if w and w not in HONORIFICS]
            if not words:
                continue
            e = linker.link_name(m, words, m.label or "ORG")
            if m.role is not None and m.role not in e.roles:
                e.roles.append(m.role)
            if e.gender is None and m.gender_hint and e.kind == "person":
                e.gender = m.gender_hint
            # "the former ambassador, John Bolton": the nominal before is the same entity
            if has_dep and e.kind == "person" and m.root >= 0 and doc[m.root].dep_ == "appos":
                prev_m = by_token.get(doc[m.root].head.i)
                if prev_m is not None and prev_m.kind == "nominal" and prev_m.entity is not None \
                        and prev_m.entity.kind == "nominal" and len(prev_m.entity.positions) == 1:
                    prev_m.entity.positions.clear()
                    prev_m.entity = e
                    e.positions.append(prev_m.start)
                    if prev_m.role is not None:
                        e.roles.append(prev_m.role)
        else:
            e = None
            # "Fiorina, the former Hewlett-Packard CEO": apposition to a name
            if has_dep and m.root >= 0 and doc[m.root].dep_ == "appos" and not m.plural:
                named = by_token.get(doc[m.root].head.i)
                if named is not None and named.kind == "name" and named.entity is not None \
                        and named.entity.kind == "person":
                    e = named.entity
                    if m.role is not None:
                        e.roles.append(m.role)
            if e is None:
                e = _link_nominal(linker, m, doc)
            if e is None:
                continue
        m.entity = e
        e.positions.append(m.start)
        if m.subj:
            e.subj_positions.append(m.start)
        linker.seen(e)
        for i in range(m.t0, m.t1):
            by_token.setdefault(i, m)
        if m.kind == "nominal" and m.head in REPORT_NOUNS and e.kind != "nominal":
            reports.append((m.start, e))
    mentions = [m for m in raw if m.entity is not None]
    if has_dep:
        mentions.extend(_coordinations(doc, mentions, linker, sent_of_token))
        mentions.sort(key=lambda m: (m.start, -m.end))
    for e in linker.entities:
        e.positions.sort()

    # "X reported (that) ...": the reporter, for a later "the report said"
    if has_dep:
        for tok in doc:
            if tok.lemma_ == "report" and tok.pos_ == "VERB":
                for child in tok.children:
                    if child.dep_ == "nsubj" and child.i in by_token:
                        reports.append((tok.idx, by_token[child.i].entity))  # type: ignore[arg-type]
        reports.sort(key=lambda r: r[0])
        _gender_votes(doc, mentions, sent_of_token, quotes, q_starts)

    return Index(doc=doc, mentions=mentions, starts=[m.start for m in mentions],
                 entities=linker.entities, sent_of_token=sent_of_token, sent_starts=sent_starts,
                 quotes=quotes, reports=reports, by_token=by_token, linker=linker,
                 report_starts=[r[0] for r in reports])


def _coordinations(doc: Any, mentions: list[Mention], linker: _Linker,
                   sent_of_token: list[int]) -> list[Mention]:
    """"Bernie Sanders and Hillary Clinton": a plural group for "they"."""
    by_root = {m.root: m for m in mentions if m.kind == "name" and m.entity is not None
               and m.entity.kind == "person"}
    out = []
    for r, m in by_root.items():
        tok = doc[r]
        if tok.dep_ == "conj":
            continue  # only the first conjunct starts a group
        members = [m]
        for c in tok.children:
            if c.dep_ == "conj" and c.i in by_root:
                members.append(by_root[c.i])
                for cc in c.children:
                    if cc.dep_ == "conj" and cc.i in by_root:
                        members.append(by_root[cc.i])
        if len(members) < 2:
            continue
        names = [x.entity.display or x.text for x in members]  # type: ignore[union-attr]
        disp = " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]
        e = linker.new("group", "person", name=disp, plural=True)
        last = members[-1]
        g = Mention(start=m.start, end=last.end, t0=m.t0, t1=last.t1, sent=m.sent, kind="name",
                    subj=m.subj, quoted=m.quoted, text=doc_text(doc)[m.start:last.end], label="PERSON",
                    root=m.root, plural=True, entity=e)
        e.positions.append(g.start)
        if g.subj:
            e.subj_positions.append(g.start)
        out.append(g)
    return out


AFFILIATION_PREPS = word_list("affiliation_prepositions")


def _affiliation(root: Any, text: str) -> str:
    """The institution a member noun belongs to when it follows the noun: "a spokesperson
    for the Foreign Ministry", "an official at the Ministry of Transport" (text from the
    preposition to the end of its object's name), else "". "A spokesperson for X" is the
    same speaker as "an X spokesperson", and typed the same (source_types.source_type)."""
    for c in root.children:
        if c.dep_ != "prep" or c.lower_ not in AFFILIATION_PREPS or c.i != root.i + 1:
            continue
        obj = next((o for o in c.children if o.dep_ == "pobj"), None)
        if obj is None or obj.pos_ not in ("NOUN", "PROPN"):
            return ""
        end = max(t.idx + len(t.text) for t in obj.subtree if t.i <= obj.i or t.dep_ in ("compound", "flat"))
        if obj.ent_iob_ in ("B", "I"):  # the whole name: "the Ministry of Transport"
            ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
            if ent is not None:
                end = max(end, ent.end_char)
        return text[c.idx:end]
    return ""


_MALE_PRON = {w for w, (person, gender, _n) in PRONOUNS.items() if person == 3 and gender == "m"}
_FEMALE_PRON = {w for w, (person, gender, _n) in PRONOUNS.items() if person == 3 and gender == "f"}


def _gender_votes(doc: Any, mentions: list[Mention], sent_of_token: list[int],
                  quotes: list[tuple[int, int]], q_starts: list[int]) -> None:
    """he/his vs she/her in sentences that name exactly one person: a vote for that person."""
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity is not None and m.entity.kind == "person" and not m.quoted:
            by_sent.setdefault(m.sent, []).append(m)
    for si in [si for si, ms in by_sent.items() if any(m.ambiguous for m in ms)]:
        del by_sent[si]  # no vote from a sentence whose person might be someone else
    for si, ms in by_sent.items():
        ents = {m.entity.id for m in ms}  # type: ignore[union-attr]
        if len(ents) != 1:
            continue
        e = ms[0].entity
        first = min(m.t0 for m in ms)
        tok = first
        votes = {"m": 0, "f": 0}
        while tok < len(doc) and sent_of_token[tok] == si:
            w = doc[tok].lower_
            if not _in_ranges(quotes, q_starts, doc[tok].idx):
                if w in _MALE_PRON:
                    votes["m"] += 1
                elif w in _FEMALE_PRON:
                    votes["f"] += 1
            tok += 1
        if votes["m"] and not votes["f"]:
            e.votes["m"] = e.votes.get("m", 0) + 1  # type: ignore[union-attr]
        elif votes["f"] and not votes["m"]:
            e.votes["f"] = e.votes.get("f", 0) + 1  # type: ignore[union-attr]
    for m in mentions:
        e = m.entity
        if e is not None and e.gender is None and e.votes:
            mv, fv = e.votes.get("m", 0), e.votes.get("f", 0)
            if mv != fv:
                e.gender = "m" if mv > fv else "f"
