"""Verb cues: what the parse says about a verb of saying and the words around it.

Predicates on one token of a parsed doc, used by the finder's verb rule
(attrib/analysis/attribution/finder.py): is this verb a speech act, a designation, a
body's act on a thing, a hypothetical or a belief; where its subject is when the parse
hung it elsewhere; which tokens are the cue, the source phrase, a reported clause the
parse misplaced; and the intermediaries a content passed through ("citing X", "told X").
The word lists are attrib/lexicons/*.txt.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from attrib.analysis.attribution.cues import verb_rate
from attrib.analysis.attribution.spans import contiguous_around, span_of, tighten
from attrib.analysis.extensions import doc_text
from attrib.analysis.sources.types import DOCUMENT_HEADS, GOV_BODIES, ORG_WORDS
from attrib.lexicons import word_list
from attrib.types import Attribution

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSES = {"ccomp", "parataxis"}
WEAK_RATE = 0.3  # below this a verb is a cue only outside quotes
EVIDENTIAL_RATE = 0.35  # a clause after a weaker verb ("discussed that…") is not a report

PLATFORMS = word_list("platforms")
UPSTREAM_VERBS = word_list("upstream_verbs")
DOWNSTREAM_VERBS = word_list("downstream_verbs")
SPEECH_ACTS = word_list("speech_acts")
PUBLISH_VERBS = word_list("publish_verbs")
SPEECH_NOUNS = word_list("speech_nouns")
POLL_VERBS = word_list("poll_verbs")
MODALS = word_list("hypothetical_modals")  # "would argue": only supposed
DESIGNATION_VERBS = word_list("designation_verbs")
ACT_VERBS = word_list("act_verbs")
ACT_OBJECTS = word_list("act_objects")
BELIEF_VERBS = word_list("belief_verbs")
FIRST_SECOND_PERSON = word_list("first_second_person")


def cue_tokens(verb: Token) -> list[Token]:
    """The verb with its adjacent auxiliaries, negation and particle ("has said", "called on")."""
    toks = [verb]
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i:
            toks.append(c)
        elif c.dep_ == "prt":
            toks.append(c)
    toks.sort(key=lambda t: t.i)
    # keep only the run adjacent to the verb
    run = [verb]
    for t in sorted((t for t in toks if t.i < verb.i), key=lambda t: -t.i):
        if t.i == run[0].i - 1 or (t.i == run[0].i - 2 and verb.doc[t.i + 1].dep_ == "advmod"):
            run.insert(0, t)
    for t in (t for t in toks if t.i > verb.i):
        if t.i == run[-1].i + 1:
            run.append(t)
    return run


def _says(verb: Token) -> bool:
    """A verb that reports speech: a reliable cue of the lexicon, or a speech act."""
    return verb_rate(verb.lemma_.lower()) >= EVIDENTIAL_RATE or speech_act(verb)


def speech_act(verb: Token) -> bool:
    """A verb whose object is what was said: "described X as Y", "released a statement"."""
    lemma = verb.lemma_.lower()
    if lemma in SPEECH_ACTS:
        return True
    if lemma in PUBLISH_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS for c in verb.children)
    return False


def sibling_reports(head: Token) -> set[int]:
    """Token indexes of a second report joined to a reported clause: in "she said the
    plan was sound and called it overdue" or "…, arguing that it was late", what follows
    is another statement of the speaker's, found as its own attribution, not part of
    the first one's content."""
    out: set[int] = set()
    doc = head.doc
    for k in head.children:
        if not _is_sibling_report(k):
            continue
        out |= {t.i for t in k.subtree}
        j = k.left_edge.i - 1  # the ", and" that joins it
        while j > head.i and doc[j].dep_ in ("cc", "punct") and doc[j].head.i in (head.i, k.i):
            out.add(j)
            j -= 1
    return out


def host_clause(verb: Token) -> Token | None:
    """The verb of the clause a parenthetical cue interrupts; the parse may hang it on a
    noun ("The difference now, he told me, is that…")."""
    host = verb.head
    for _ in range(3):
        if host.i == verb.i or host.i == host.head.i and host.pos_ not in ("VERB", "AUX"):
            return None
        if host.pos_ in ("VERB", "AUX"):
            return host
        host = host.head
    return None


def misparsed_clause(verb: Token, c: Token) -> bool:
    """"Ruiz said after the meeting she would resign": the parse hangs the reported
    clause on the verb as a modifier; with a subject of its own and no conjunction but
    "that", after a verb of saying, it is what was said."""
    if c.dep_ != "advcl" or c.i < verb.i or verb_rate(verb.lemma_.lower()) < EVIDENTIAL_RATE \
            or any(k.dep_ in ("dobj", "ccomp") for k in verb.children):
        return False
    subj = next((k for k in c.children if k.dep_ in ("nsubj", "nsubjpass") and k.i < c.i), None)
    if subj is None or subj.tag_ in ("WP", "WDT") or any(t.tag_ in ("WP", "WDT", "WRB") for t in subj.subtree):
        return False
    first = c.left_edge
    if first.lower_ == "that" and first.dep_ == "mark":
        return True
    # only a time or place phrase may stand before the subject ("after the meeting she…")
    fronted = {t.i for k in c.children if k.dep_ in ("prep", "npadvmod") and k.i < subj.i for t in k.subtree}
    return all(i in fronted for i in range(first.i, subj.left_edge.i))


def hypothetical(verb: Token) -> bool:
    """A report that is only supposed: "would argue", "should stress", or a participle
    hung on such a verb ("would do well to…, emphasizing…")."""
    tok = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
            return True
        if tok.dep_ not in ("advcl", "xcomp", "conj") or tok.tag_ not in ("VBG", "VB") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def poll_question(verb: Token, subj: Token | None) -> bool:
    """"When the poll asked about all four candidates, Clinton had 42 percent": what
    follows is the poll's finding."""
    return verb.dep_ == "advcl" and verb.i < verb.head.i and verb.lemma_.lower() in POLL_VERBS \
        and is_document(subj)


def designation(verb: Token) -> bool:
    """"Ana Ruiz and Tom Bell were named best actors", "was elected mayor", "was sworn in
    as mayor": being given a title, post or prize (attrib/lexicons/designation_verbs.txt) is
    an event, not a report and not a hedge. Only the passive: the active "the governor
    appoints him as senator", "the panel voted to…" is the subject's act, which PolNeAR
    marks as an attribution; and not with a clause ("was named in a report that…")."""
    return verb.lemma_.lower() in DESIGNATION_VERBS \
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) \
        and not any(c.dep_ in CLAUSES for c in verb.children)


def act_on_thing(verb: Token, subj: Token | None, objs: list[Token]) -> bool:
    """"The council approved a budget", "the senate passed the bill": a body's formal
    decision (attrib/lexicons/act_verbs.txt) on a thing (attrib/lexicons/act_objects.txt) is an
    act on record, not an attribution; unless the thing carries what was said ("approved
    a statement saying…"). Only a body's: a person's or a party's vote or veto ("he voted
    against the crime bill", "Republicans approved a bill") states their position, as
    PolNeAR marks it."""
    if verb.lemma_.lower() not in ACT_VERBS or speech_act(verb) or not objs or not _is_body(subj):
        return False
    first = min(objs, key=lambda o: o.i)
    thing = first if first.dep_ != "prep" else next((c for c in first.children if c.dep_ == "pobj"), None)
    if thing is None or thing.lemma_.lower() not in ACT_OBJECTS:
        return False
    return not any(c.dep_ in ("acl", "relcl") and _says(c) for c in thing.children)


def _is_body(tok: Token | None) -> bool:
    """An institution, not people: "the council", "Veldmar city council", "the Senate",
    "Tessla Motors" (a government or organisation word at the head, or an ORG or GPE
    name); not "he", "Republicans", "the mayor"."""
    if tok is None or tok.pos_ == "PRON":
        return False
    lemma = tok.lemma_.lower()
    if lemma in GOV_BODIES or lemma in ORG_WORDS:
        return True
    return tok.ent_type_ in ("ORG", "GPE") and tok.pos_ == "PROPN"


def believed(verb: Token, subj: Token | None) -> bool:
    """"Police believe the fire was started deliberately", "investigators suspect…": a
    third party's belief (attrib/lexicons/belief_verbs.txt) about a clause is what that source
    holds, reported (evidential). "I believe", "we think" are opinion, not a report;
    "would believe" is only supposed, which the finder's `hypothetical` decides."""
    return verb.lemma_.lower() in BELIEF_VERBS and subj is not None and subj.lower_ not in FIRST_SECOND_PERSON


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above `tok` that is not a copula or auxiliary: the verb a noun
    phrase is the subject or object of ("won" in "won for her role in “X”")."""
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ == "VERB" or tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass") and tok.lemma_ != "be":
            return tok
    return None


def is_document(tok: Token | None) -> bool:
    """A survey, report, study or the like: what source typing calls a document
    (`DOCUMENT_HEADS`), or "Draft 'talking points' obtained by ABC"."""
    if tok is None:
        return False
    lemma = tok.lemma_.lower()
    return lemma in DOCUMENT_HEADS \
        or (lemma == "point" and any(c.lower_ == "talking" for c in tok.children))


def speech_pcomp(prep: Token) -> Token | None:
    """The verb of saying a preposition governs ("by saying that…", "after arguing…")."""
    if prep.lower_ not in ("by", "after", "before", "while", "without", "upon", "on"):
        return None  # "decided against recommending", "criticized for saying" (someone else said it)
    verb = next((c for c in prep.children if c.dep_ == "pcomp"), None)
    if verb is None or verb.tag_ != "VBG" or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    return verb if _says(verb) else None


def _is_sibling_report(k: Token) -> bool:
    """A verb of saying with no subject of its own, joined after a clause (see
    `sibling_reports`)."""
    if k.i <= k.head.i or k.pos_ != "VERB" or k.dep_ not in ("conj", "advcl"):
        return False
    if k.dep_ == "advcl" and k.tag_ != "VBG" or any(c.dep_ in SUBJECTS for c in k.children):
        return False
    return _says(k)


def as_clause(verb: Token) -> bool:
    """"As the Times observed, …", "…, as the Times points out" and "…, she said" parsed
    as a modifier: a clause of saying hung on the sentence it reports. A trailing one
    must be set off by a comma ("not as toxic as insiders believe" is a comparison)."""
    if verb.dep_ != "advcl":
        return False
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    if mark is not None and mark.lower_ != "as":
        return False
    if verb.i < verb.head.i:
        return mark is not None
    first = verb.left_edge
    comma = first.i > 0 and verb.doc[first.i - 1].text == ","
    if mark is not None:
        return comma
    # "…, she said." with no mark: only a real cue, at the end of the sentence
    return comma and verb_rate(verb.lemma_.lower()) >= WEAK_RATE and verb.right_edge.i >= verb.sent.end - 2


def adjective_stance(verb: Token) -> tuple[Token, Token] | None:
    """"is concerned about X", "was not sure that X": a copula, its adjective, and the
    preposition or clause the adjective takes; None for a bare "is happy"."""
    if verb.lemma_.lower() != "be":
        return None
    adj = next((c for c in verb.children if c.dep_ == "acomp" and c.i > verb.i), None)
    if adj is None or adj.i - verb.i > 3:
        return None
    inner = next((c for c in adj.children if c.i > adj.i and c.dep_ in ("prep", "ccomp", "xcomp")), None)
    if inner is None or (inner.dep_ == "prep" and inner.i != adj.i + 1):
        return None
    return adj, inner


def as_passive_source(verb: Token) -> Token | None:
    """"…, as mentioned in last week's tracker", "as reported by Reuters": the document or
    speaker named after the preposition, or None."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("advcl", "acl") or verb.head.i == verb.i \
            or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) \
            or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in") and c.i == verb.i + 1:
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def stranded_subject(verb: Token) -> Token | None:
    """The noun right before a finite main verb the parser left without a subject: after
    a long opening phrase ("After a day of tensions between two Republicans, the
    Speaker's office announced…") it hangs the subject inside that phrase."""
    if verb.dep_ != "ROOT" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for c in verb.children:  # "About 4 in 10 say…": the parser took the share for a number
        if c.i < verb.i and c.dep_ in ("nummod", "dep") and c.pos_ in ("NUM", "NOUN", "PROPN") \
                and c.ent_type_ not in ("DATE", "TIME"):
            return c
    j = verb.i - 1
    while j >= verb.sent.start and verb.doc[j].head.i == verb.i and verb.doc[j].dep_ in ("aux", "neg", "advmod", "npadvmod"):
        j -= 1  # "… office last week said", "… office has announced"
    if j < verb.sent.start:
        return None
    tok = verb.doc[j]
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("conj", "appos", "pobj", "dobj") or tok.head.i == verb.i:
        return None
    if tok.left_edge.i <= verb.sent.start or verb.doc[tok.left_edge.i - 1].text not in (",", "—", "–"):
        return None  # only a phrase the punctuation sets apart
    return tok


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, borrowed from the verb it is conjoined with or modifies."""
    seen = 0
    tok = verb
    if not any(c.dep_ in SUBJECTS for c in verb.children):
        # "Reid, … a Democrat facing a difficult fight, said": the parse hung the subject on the participle
        for c in verb.children:
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i < verb.i:
                subj = next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
                if subj is not None:
                    return subj
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "with a ministry spokesperson describing the speeches as…"
    if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN") \
            and any(c.dep_ in CLAUSES for c in verb.children):
        return verb.head  # "A Marist poll found last week that…" parsed with the noun as the root: no main verb

    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and speech_pcomp(head) == verb:
        tok = head.head  # "Obama responded by saying…", "after saying…": the one who did it said it
    elif _is_sibling_report(verb) and head.dep_ in CLAUSES and head.head.pos_ == "VERB" \
            and verb_rate(head.head.lemma_.lower()) >= EVIDENTIAL_RATE:
        tok = head.head  # "Ruiz said the plan was sound, arguing that…": Ruiz argues
    while tok is not None and seen < 4:
        subjects = [c for c in tok.children if c.dep_ in SUBJECTS]
        if subjects:
            # two subjects: the parse also took a quote's last words ('"…One of the best,"
            # Rep. Ruiz said'); the speaker is the one next to the verb
            return min(subjects, key=lambda c: abs(c.i - tok.i))
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        if tok.dep_ in ("acl", "relcl") and tok.head.dep_ == "attr" and tok.head.head.lemma_ == "be" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            tok = tok.head.head  # "Ruiz was the first to urge a vote": Ruiz urges
            seen += 1
            continue
        break
    return None


def source_tokens(subj: Token, exclude: set[int]) -> list[Token]:
    """The whole subject phrase, appositions and relative clauses included (as PolNeAR
    marks sources: "Brian Fallon, the campaign's press secretary,")."""
    travel = {t.i for c in subj.children if c.dep_ in ("acl", "advcl") and c.tag_ == "VBG"
              and c.lemma_.lower() in UPSTREAM_VERBS | DOWNSTREAM_VERBS for t in c.subtree}
    toks = [t for t in subj.subtree if t.i not in exclude and t.i not in travel]
    run = contiguous_around(toks, subj)
    # a source never runs over a paragraph break ("…said Karen Bobadilla.\n\nGetty")
    breaks = [t.i for t in run if "\n" in t.text]
    if breaks:
        before = [b for b in breaks if b < subj.i]
        after = [b for b in breaks if b > subj.i]
        lo = max(before) if before else -1
        hi = min(after) if after else 10**9
        run = [t for t in run if lo < t.i < hi]
    return run


def quoted_as_saying(doc: Doc, verb: Token) -> Attribution | None:
    """"Reuters quoted a senior official as saying the talks had collapsed": the one
    quoted is the source, the one quoting an intermediary after it."""
    if verb.lemma_.lower() != "quote":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    saying = next((c for c in as_.children if c.lemma_.lower() == "say"), None) if as_ is not None else None
    if obj is None or saying is None:
        return None
    clause = [c for c in saying.children if c.dep_ in CLAUSES]
    if not clause:
        return None
    text = doc_text(doc)
    content = tighten(text, span_of(clause[0].subtree))
    source = tighten(text, span_of(obj.subtree))
    subj = subject_of(verb)
    cue = (verb.idx, verb.idx + len(verb.text))  # one span: "quoted" (the source sits before "as saying")
    att = Attribution(kind="according_to", cue=cue, source=source, content=content, rule="verb:quote-as-saying")
    if subj is not None:
        s, e = span_of(subj.subtree)
        att.via = [re.sub(r"^(the|a|an)\s+", "", text[s:e], flags=re.I)]
    return att


def intermediaries(verb: Token) -> tuple[list[str], list[str], int | None]:
    """Names the content passed through: (downstream: told X, speaking to X, on X;
    upstream: citing X, quoting X; where the citing phrase starts)."""
    down, up = [], []
    up_at = None

    def name(tok: Token) -> str:
        toks = [t for t in tok.subtree if t.dep_ not in ("punct", "prep") or t is tok]
        s, e = span_of(toks)
        return re.sub(r"^(the|a|an)\s+", "", doc_text(tok.doc)[s:e], flags=re.I).strip()

    for c in verb.children:
        if c.dep_ in ("dative", "dobj") and verb.lemma_ == "tell" and c.pos_ in ("PROPN", "NOUN") \
                and c.ent_type_ in ("ORG", "GPE", "PERSON", "WORK_OF_ART", ""):
            if c.pos_ == "PROPN":
                down.append(name(c))
        elif c.dep_ in ("advcl", "acl") or (c.dep_ in ("xcomp", "conj") and c.tag_ == "VBG"):
            lemma = c.lemma_.lower()
            if lemma in DOWNSTREAM_VERBS:
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("to", "with"):
                        down += [name(o) for o in p.children if o.dep_ == "pobj"]
            elif lemma in UPSTREAM_VERBS:
                up += [name(o) for o in c.children if o.dep_ == "dobj"]
                up_at = c.idx
        elif c.dep_ == "prep" and c.lower_ == "on":
            for o in c.children:
                if o.dep_ == "pobj" and o.text.lower() in PLATFORMS:
                    down.append(o.text)
        elif c.dep_ == "prep" and c.lower_ == "in":
            for o in c.children:
                if o.dep_ == "pobj" and o.lemma_.lower() == "interview":
                    for p in o.children:
                        if p.dep_ == "prep" and p.lower_ == "with":
                            down += [name(x) for x in p.children if x.dep_ == "pobj"]
    return down, up, up_at
