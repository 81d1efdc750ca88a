"""Attribution rules: find source, cue and content in a parsed article.

A spaCy component (`attrib_attribution`) that runs after the parser and NER and sets
`doc._.attrib_attributions` to a list of `Attribution`s. The rules, in order:

1. Verb cues from the PolNeAR-derived lexicon (say, tell, add, warn, find, show...):
   the source is the verb's subject, the content its clause (ccomp), a direct quote
   next to it, or, for strong cues, its object.
2. Direct quotes whose cue sits in the same sentence ("'…,' it added").
3. Prepositional cues: "according to X", "as per X".
4. Intermediaries, for chains: "citing X" and "quoting X" (X is upstream of the
   source), "told X", "speaking to X", "in an interview with X", "on X" for a platform
   (X is downstream).
5. Hedges with no source: "reportedly", "it is believed that".
Nesting: an attribution whose cue lies inside another's content is its child.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from attrib.types import Attribution, Quote
from attrib.analysis.attribution.cue_model import cue_features, load_model
from attrib.text.credits import LINE_LABELS
from attrib.analysis.attribution.cues import MIN_RATE_WITH_CLAUSE, MIN_RATE_WITH_OBJECT, verb_rate, word_list
from attrib.analysis.extensions import doc_credit, doc_ents, doc_headline, doc_quotes, doc_text, register
from attrib.text.quotes import title_cased
from attrib.analysis.sources.types import DOCUMENT_HEADS, GOV_BODIES, ORG_WORDS

register()

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
PARENTHETICAL = {"parataxis"}
GENERIC_SUBJECTS = {"which", "that", "you"}
OBJECT_PREPOSITIONS = {"for", "on", "about", "that", "of", "against", "as"}  # "called for", "spoke of", "ruled against"
_PARAGRAPH_AFTER_COLON = re.compile(r"[ \t]*:[ \t]*\n\s*(?P<para>[^\n]+)")
CLAUSES = {"ccomp", "parataxis"}
OBJECTS = {"dobj", "xcomp", "attr", "oprd"}
PLATFORMS = {"x", "twitter", "facebook", "instagram", "truth social", "telegram", "youtube", "linkedin",
             "threads", "bluesky", "weibo", "tiktok"}
UPSTREAM_VERBS = {"cite", "quote"}
DOWNSTREAM_VERBS = {"speak", "talk"}
FINDING_VERBS = {"show", "find", "record", "indicate", "reveal", "suggest", "estimate", "conclude", "confirm",
                 "document", "project", "predict", "depict", "detail", "outline", "tie", "link", "attribute"}
DOCUMENT_SUBJECTS = {"survey", "poll", "study", "report", "data", "document", "record", "figure", "research",
                     "analysis", "review", "investigation", "audit", "statistic", "census", "filing", "memo",
                     "email", "letter", "assessment", "paper", "probe", "inquiry"}
# Verbs whose object is itself what the subject said ("described X as Y", "denied the
# report", "promised to…"), unlike acts ("refused to sign", "declined the invitation").
SPEECH_ACTS = {"describe", "call", "dismiss", "cite", "acknowledge", "admit", "promise", "pledge", "vow", "accuse",
               "warn", "praise", "criticize", "criticise", "condemn", "deny", "blame", "announce", "claim", "insist",
               "urge", "demand", "predict", "propose", "label", "brand", "hail", "applaud", "slam", "blast",
               "endorse", "thank", "concede", "confirm", "disclose", "reveal", "allege", "recommend", "mention", "question",
               "debate", "argue", "note", "dispute", "agree", "comment", "highlight", "express", "stress",
               "emphasise", "emphasize", "reiterate", "underline", "underscore", "voice"}
# Publishing is saying only when what is published is speech: "released a statement",
# not "released video messages" or "issued visas".
PUBLISH_VERBS = {"release", "issue", "publish", "post", "tweet", "put"}
SPEECH_NOUNS = {"statement", "comment", "remark", "letter", "memo", "report", "note", "message", "warning",
                "apology", "response", "rebuttal", "denial", "clarification", "communique", "communiqué",
                "declaration", "notice", "advisory", "guidance", "transcript", "testimony", "tweet", "post"}
NOUN_CUES = {"claim", "warning", "assertion", "statement", "allegation", "suggestion", "report", "argument",
             "insistence", "promise", "pledge", "admission", "acknowledgment", "acknowledgement", "denial",
             "accusation", "charge", "prediction", "announcement", "testimony", "contention", "assurance",
             "rumor", "rumour", "speculation", "complaint", "threat", "vow", "boast", "remark", "comment"}
APPEARANCE_VERBS = {"seem", "appear"}
QUESTION_VERBS = {"ask", "press", "question", "challenge"}
HEDGE_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly"}
PASSIVE_HEDGES = {"believe", "say", "understand", "report", "think", "expect", "know", "claim", "rumour", "rumor",
                  "describe", "perceive", "consider", "regard", "view", "see", "call", "label", "allege"}
_PUNCT_EDGE = ".,;:—–-"
_LEADING_CC = re.compile(r"(?:and|but|or|so|yet)\s+(?=\S)", re.I)
_SENTENCE_REST = re.compile(r"[^\"“”\n]{0,80}?[.:]\s{1,3}")
_LEADING_INTERMEDIARY = re.compile(r"(?:citing|quoting|speaking to|talking to)\s[^,]{1,60},\s*", re.I)
WEAK_RATE = 0.3  # below this a verb is a cue only outside quotes
MODALS = {"would", "could", "should", "might", "may", "must", "'d", "’d"}  # "would argue": only supposed
EVIDENTIAL_RATE = 0.35  # a clause after a weaker verb ("discussed that…") is not a report
FIRST_SECOND_PERSON = {"i", "we", "you", "me", "us"}


# -- spans --------------------------------------------------------------------------------

def _span_of(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def tighten(text: str, span: tuple[int, int] | None, keep_quotes: bool = True) -> tuple[int, int] | None:
    """Drop white space and edge punctuation (not quote marks) from a span."""
    if span is None:
        return None
    s, e = span
    while s < e and (text[s].isspace() or text[s] in _PUNCT_EDGE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _PUNCT_EDGE):
        e -= 1
    return (s, e) if e > s else None


OPEN_MARKS = "“‘«\""
CLOSE_MARKS = "”’»\""


def balance_quotes(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Extend a content span that opens a quotation to take in its closing mark.

    The parse leaves the final ".”" outside the clause; the quote is part of what was said.
    """
    if span is None:
        return None
    s, e = span
    inner = text[s:e]
    opens = sum(inner.count(m) for m in "“«") + inner.count('"') % 2
    closes = sum(inner.count(m) for m in "”»")
    if opens > closes:
        m = re.match(r"[.,!?;:]*\s?[”»\"]", text[e:e + 4])
        if m:
            return s, e + m.end()
    return span


def _subtree_without(tok: Token, exclude: set[int]) -> list[Token]:
    return [t for t in tok.subtree if t.i not in exclude]


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """Split tokens into runs of consecutive indexes, in order."""
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _contiguous_around(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of consecutive tokens (by index) that contains `anchor`, else the longest run."""
    runs = _runs(tokens)
    if not runs:
        return []
    for r in runs:
        if r[0].i <= anchor.i <= r[-1].i:
            return r
    return max(runs, key=lambda r: sum(len(t.text) for t in r))


def _cue_tokens(verb: Token) -> list[Token]:
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
    return verb_rate(verb.lemma_.lower()) >= EVIDENTIAL_RATE or _speech_act(verb)


def _speech_act(verb: Token) -> bool:
    """A verb whose object is what was said: "described X as Y", "released a statement"."""
    lemma = verb.lemma_.lower()
    if lemma in SPEECH_ACTS:
        return True
    if lemma in PUBLISH_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS for c in verb.children)
    return False


def _sibling_reports(head: Token) -> set[int]:
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


def _host_clause(verb: Token) -> Token | None:
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


def _misparsed_clause(verb: Token, c: Token) -> bool:
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


def _hypothetical(verb: Token) -> bool:
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


def _poll_question(verb: Token, subj: Token | None) -> bool:
    """"When the poll asked about all four candidates, Clinton had 42 percent": what
    follows is the poll's finding."""
    return verb.dep_ == "advcl" and verb.i < verb.head.i and verb.lemma_.lower() in ("ask", "question", "survey") \
        and _is_document(subj)


def _designation(verb: Token) -> bool:
    """"Ana Ruiz and Tom Bell were named best actors", "was elected mayor", "was sworn in
    as mayor": being given a title, post or prize (attrib/lexicons/designation_verbs.txt) is
    an event, not a report and not a hedge. Only the passive: the active "the governor
    appoints him as senator", "the panel voted to…" is the subject's act, which PolNeAR
    marks as an attribution; and not with a clause ("was named in a report that…")."""
    return verb.lemma_.lower() in word_list("designation_verbs") \
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) \
        and not any(c.dep_ in CLAUSES for c in verb.children)


def _act_on_thing(verb: Token, subj: Token | None, objs: list[Token]) -> bool:
    """"The council approved a budget", "the senate passed the bill": a body's formal
    decision (attrib/lexicons/act_verbs.txt) on a thing (attrib/lexicons/act_objects.txt) is an
    act on record, not an attribution; unless the thing carries what was said ("approved
    a statement saying…"). Only a body's: a person's or a party's vote or veto ("he voted
    against the crime bill", "Republicans approved a bill") states their position, as
    PolNeAR marks it."""
    if verb.lemma_.lower() not in word_list("act_verbs") or _speech_act(verb) or not objs or not _is_body(subj):
        return False
    first = min(objs, key=lambda o: o.i)
    thing = first if first.dep_ != "prep" else next((c for c in first.children if c.dep_ == "pobj"), None)
    if thing is None or thing.lemma_.lower() not in word_list("act_objects"):
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


def _believed(verb: Token, subj: Token | None) -> bool:
    """"Police believe the fire was started deliberately", "investigators suspect…": a
    third party's belief (attrib/lexicons/belief_verbs.txt) about a clause is what that source
    holds, reported (evidential). "I believe", "we think" are opinion, not a report."""
    return verb.lemma_.lower() in word_list("belief_verbs") and subj is not None \
        and subj.lower_ not in FIRST_SECOND_PERSON and not _hypothetical(verb)


def _governing_verb(tok: Token) -> Token | None:
    """The nearest verb above `tok` that is not a copula or auxiliary: the verb a noun
    phrase is the subject or object of ("won" in "won for her role in “X”")."""
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ == "VERB" or tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass") and tok.lemma_ != "be":
            return tok
    return None


def _is_title(doc: Doc, q: Quote) -> bool:
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
        else _governing_verb(root)
    if verb is not None and (verb_rate(verb.lemma_.lower()) >= WEAK_RATE or _speech_act(verb)):
        return False  # any verb that may report speech keeps it a quote
    before = span[0].i - 1
    while before >= 0 and (doc[before].is_quote or doc[before].is_punct and doc[before].text in ",:"):
        before -= 1
    if before >= 0 and doc[before].lower_ in word_list("title_nouns"):
        return True
    if any(e.label_ == "WORK_OF_ART" and e.start_char <= q.start + 1 and e.end_char >= q.end - 2
           for e in doc_ents(doc) if e.start_char < q.end and q.start < e.end_char):
        return True
    return root.pos_ in ("NOUN", "PROPN", "NUM") and root.dep_ != "ROOT"


def _is_document(tok: Token | None) -> bool:
    """A survey, report, study or the like: what source typing calls a document
    (`DOCUMENT_HEADS`), or "Draft 'talking points' obtained by ABC"."""
    if tok is None:
        return False
    lemma = tok.lemma_.lower()
    return lemma in DOCUMENT_SUBJECTS or lemma in DOCUMENT_HEADS \
        or (lemma == "point" and any(c.lower_ == "talking" for c in tok.children))


def _speech_pcomp(prep: Token) -> Token | None:
    """The verb of saying a preposition governs ("by saying that…", "after arguing…")."""
    if prep.lower_ not in ("by", "after", "before", "while", "without", "upon", "on"):
        return None  # "decided against recommending", "criticized for saying" (someone else said it)
    verb = next((c for c in prep.children if c.dep_ == "pcomp"), None)
    if verb is None or verb.tag_ != "VBG" or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    return verb if _says(verb) else None


def _is_sibling_report(k: Token) -> bool:
    """A verb of saying with no subject of its own, joined after a clause (see
    `_sibling_reports`)."""
    if k.i <= k.head.i or k.pos_ != "VERB" or k.dep_ not in ("conj", "advcl"):
        return False
    if k.dep_ == "advcl" and k.tag_ != "VBG" or any(c.dep_ in SUBJECTS for c in k.children):
        return False
    return _says(k)


def _as_clause(verb: Token) -> bool:
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


def _adjective_stance(verb: Token) -> tuple[Token, Token] | None:
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


def _as_passive_source(verb: Token) -> Token | None:
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


def _stranded_subject(verb: Token) -> Token | None:
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


def _subject(verb: Token) -> Token | None:
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
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and _speech_pcomp(head) == verb:
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


def _source_tokens(subj: Token, exclude: set[int]) -> list[Token]:
    """The whole subject phrase, appositions and relative clauses included (as PolNeAR
    marks sources: "Brian Fallon, the campaign's press secretary,")."""
    travel = {t.i for c in subj.children if c.dep_ in ("acl", "advcl") and c.tag_ == "VBG"
              and c.lemma_.lower() in UPSTREAM_VERBS | DOWNSTREAM_VERBS for t in c.subtree}
    toks = [t for t in subj.subtree if t.i not in exclude and t.i not in travel]
    run = _contiguous_around(toks, subj)
    # a source never runs over a paragraph break ("…said Karen Bobadilla.\n\nGetty")
    breaks = [t.i for t in run if "\n" in t.text]
    if breaks:
        before = [b for b in breaks if b < subj.i]
        after = [b for b in breaks if b > subj.i]
        lo = max(before) if before else -1
        hi = min(after) if after else 10**9
        run = [t for t in run if lo < t.i < hi]
    return run


# -- quotes -------------------------------------------------------------------------------

def _quoted_as_saying(doc: Doc, verb: Token) -> Attribution | None:
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
    content = tighten(text, _span_of(clause[0].subtree))
    source = tighten(text, _span_of(obj.subtree))
    subj = _subject(verb)
    cue = (verb.idx, verb.idx + len(verb.text))  # one span: "quoted" (the source sits before "as saying")
    att = Attribution(kind="according_to", cue=cue, source=source, content=content, rule="verb:quote-as-saying")
    if subj is not None:
        s, e = _span_of(subj.subtree)
        att.via = [re.sub(r"^(the|a|an)\s+", "", text[s:e], flags=re.I)]
    return att


def _doubled(text: str, q: Quote) -> Quote:
    """Typewriter double quotes written as two apostrophes (''like this'') take both."""
    open_at, close_at = q.open_at, q.close_at
    if open_at > 0 and text[open_at] == "'" and text[open_at - 1] == "'":
        open_at -= 1
    if close_at is not None and text[close_at] == "'" and text[close_at + 1:close_at + 2] == "'":
        close_at += 1
    if (open_at, close_at) == (q.open_at, q.close_at):
        return q
    return dataclasses.replace(q, open_at=open_at, close_at=close_at)


def _continuations(text: str, quotes: list[Quote], found: list[Attribution]) -> list[Attribution]:
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


def _sounds_spoken(text: str, q: Quote) -> bool:
    """A short quote that ends like speech ("You winning?", "I would,") rather than a
    scare-quoted phrase ("green light")."""
    return q.close_at is not None and text[q.start:q.end].rstrip()[-1:] in (",", "?", "!", ".")


def _quote_words(doc: Doc, q: Quote) -> int:
    return len(doc_text(doc)[q.start:q.end].split())


# -- the rules ----------------------------------------------------------------------------

class AttributionFinder:
    """Sets `doc._.attrib_attributions`."""

    def __init__(self, min_quote_words: int = 3, use_model: bool = True, nlp: Language | None = None):
        self.min_quote_words = min_quote_words
        self.model = load_model() if use_model else None
        self.collect: list | None = None  # set by scripts/train_cue_model.py
        self.nlp = nlp  # to parse a Title Case headline again in sentence case

    def __call__(self, doc: Doc) -> Doc:
        found = self._find(doc)
        found.extend(self._headline(doc, found))
        found.sort(key=lambda a: (a.cue or a.content or (0, 0))[0])
        _nest(found)
        doc._.attrib_attributions = found
        return doc

    def _headline(self, doc: Doc, found: list[Attribution]) -> list[Attribution]:
        """"Donald Trump Praises Rubio Donor's Campaign": in Title Case the tagger reads
        every word as a name and finds no verb. The headline is parsed again in sentence
        case (same length, so every offset holds) and what that finds is added."""
        if self.nlp is None:
            return []
        head = doc_headline(doc)
        if head is None:
            return []
        start, line = head
        sub = self.nlp.make_doc(line)
        for name, proc in self.nlp.pipeline:
            if not name.startswith("attrib_"):
                sub = proc(sub)
        taken = [a.cue for a in found if a.cue]

        def shift(sp: tuple[int, int] | None) -> tuple[int, int] | None:
            return (sp[0] + start, sp[1] + start) if sp else None
        out = []
        for a in self._find(sub):
            if a.cue is None or any(t[0] < a.cue[1] + start and a.cue[0] + start < t[1] for t in taken):
                continue
            out.append(dataclasses.replace(a, cue=shift(a.cue), source=shift(a.source), content=shift(a.content),
                                           cited_at=a.cited_at + start if a.cited_at is not None else None,
                                           rule=a.rule + "+headline"))
        return out

    def _find(self, doc: Doc) -> list[Attribution]:
        text = doc_text(doc)
        quotes = [_doubled(text, q) for q in doc_quotes(doc)]
        titles = [q.with_marks for q in quotes if _is_title(doc, q)]  # "“The Quiet Shore”": a name, not speech
        quotes = [q for q in quotes if (_quote_words(doc, q) >= self.min_quote_words
                  or _sounds_spoken(text, q)) and q.with_marks not in titles]
        found: list[Attribution] = []
        used_quotes: set[int] = set()
        cue_starts: set[int] = set()

        for sent in doc.sents:
            for tok in sent:
                if tok.idx in cue_starts or any(a <= tok.idx < b for a, b in titles):
                    continue  # a title's own words ("A Change Is Gonna Come") are no cue
                att = None
                if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children) \
                        or (tok.lower_ == "per" and tok.i > 0 and doc[tok.i - 1].lower_ == "as"):
                    att = self._according_to(doc, tok)
                elif tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
                    att = self._verb(doc, tok, sent, quotes, used_quotes)
                elif tok.lower_ in HEDGE_ADVERBS and tok.dep_ == "advmod":
                    att = self._hedge(doc, tok)
                elif tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_CUES:
                    att = self._noun_cue(doc, tok)
                if att is not None and att.content is not None:
                    found.append(att)
                    cue_starts.add(att.cue[0] if att.cue else -1)

        found.extend(self._orphan_quotes(doc, quotes, used_quotes, found))
        found.extend(_continuations(text, quotes, found))
        found.extend(_speaker_lines(doc, cue_starts))
        found.extend(_dash_signatures(doc, quotes, used_quotes))
        found.extend(_vague_phrases(doc, found))
        # A quote or a report with nobody saying it ("the book 'X' published by…", "calling
        # for de-escalation") is no attribution; only hedges stand without a source.
        found = [a for a in found if a.source is not None or a.kind == "other"]
        credit = doc_credit(doc)
        if credit is not None:  # "Qingdao [China], June 27 (ANI):" is a dateline, not a speaker
            found = [a for a in found if not (a.source and a.source[0] < credit.end and credit.start < a.source[1])]
        return found

    # verb cues -------------------------------------------------------------------------

    def _verb(self, doc: Doc, verb: Token, sent: Span, quotes: list[Quote], used: set[int]) -> Attribution | None:
        lemma = verb.lemma_.lower()
        rate = verb_rate(lemma)
        stance = _adjective_stance(verb) if self.learned else None
        if rate <= 0 and not _speech_act(verb) and not (verb.pos_ == "VERB" and any(c.dep_ == "ccomp" for c in verb.children)) \
                and not (self.learned and (verb.pos_ == "VERB" or stance is not None)):
            # Outside the lexicon only a verb with a that-clause may be a cue, unless the
            # learned model is there to judge stances ("opted for the independent", "is calling for").
            return None
        if lemma in UPSTREAM_VERBS and verb.dep_ in ("advcl", "xcomp", "conj", "acl"):
            return None
        if lemma in DOWNSTREAM_VERBS and verb.dep_ == "advcl":
            return None  # "Speaking to ANI, he said": the main verb is the cue
        if _designation(verb):
            return None  # "were named best actors": an event
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ != "ROOT"
        in_quote = any(q.open_at < verb.idx < (q.close_at or q.end) for q in quotes)
        cue_toks = _cue_tokens(verb)
        exclude = {t.i for t in cue_toks}
        # "citing X", "speaking to X": how the content travelled, not part of it
        exclude |= {t.i for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG"
                    and c.lemma_.lower() in UPSTREAM_VERBS | DOWNSTREAM_VERBS for t in c.subtree}
        quoted = _quoted_as_saying(doc, verb)
        if quoted is not None:
            return quoted
        subj = _subject(verb)
        if subj is None:
            subj = _stranded_subject(verb)
        relative: set[int] = set()
        if subj is not None and subj.lower_ in ("which", "that") and subj.head.i == verb.i \
                and verb.dep_ in ("relcl", "advcl") and subj.i > 0:
            # "the Chicago Police Department, which reported '2,521 shooting incidents'":
            # the relative pronoun stands for the noun just before it
            ante = doc[subj.i - 2] if doc[subj.i - 1].text == "," and subj.i > 1 else doc[subj.i - 1]
            if ante.pos_ in ("NOUN", "PROPN") and ante.i < verb.i:
                relative = {t.i for t in verb.subtree}  # out of the source, not of the content
                subj = ante
        poll = _poll_question(verb, subj)
        finding = (lemma in FINDING_VERBS and _is_document(subj)) or poll  # a survey's or a report's
        if rate <= 0 and not _speech_act(verb) and subj is not None and subj.head.i != verb.i \
                and not any(c.dep_ == "ccomp" for c in verb.children) and not finding:
            return None  # a stance verb outside the lexicon does not borrow a subject across clauses
        if subj is not None and subj.lower_ in GENERIC_SUBJECTS:
            return None  # "which" the parse mislinked, "you" as in "depends on who you ask"
        if subj is not None and subj.lower_ == "it" and subj.head.i != verb.i:
            return None  # "It remains to be seen whether…": a borrowed "it" is nobody
        source_toks = _source_tokens(subj, exclude | relative) if subj is not None else []
        exclude |= {t.i for t in source_toks}

        content, quote_used = None, None
        clauses = [c for c in verb.children if c.dep_ in CLAUSES or _misparsed_clause(verb, c)]
        quote = self._adjacent_quote(doc, verb, sent, quotes, used)
        as_source = _as_passive_source(verb)
        if as_source is not None:
            # "China has avoided the matter, as mentioned in last week's tracker": the
            # tracker says so, and what it says is the clause the "as" hangs on
            mode = "paren"
            subj = as_source
            source_toks = [t for t in as_source.subtree if t.i not in exclude]
            cue_toks = [t for t in (*cue_toks, as_source.head) if t.i != as_source.i]
            cue_toks = sorted({t.i: t for t in cue_toks}.values(), key=lambda t: t.i)
            inside = {x.i for x in verb.subtree}
            marks = [c for c in verb.head.children if c.dep_ == "mark"]  # "even as China has…"
            inside |= {t.i for m in marks for t in (m, *m.doc[max(m.i - 1, 0):m.i]) if t.dep_ in ("mark", "advmod")}
            toks = [t for t in verb.head.subtree if t.i not in inside]
            content = tighten(doc_text(doc), _span_of(_contiguous_longest(toks)))
        elif clauses:
            mode = "clause"
            toks = [t for c in clauses for t in _subtree_without(c, exclude | _sibling_reports(c))]
            content = tighten(doc_text(doc), _span_of(_contiguous_around(toks, clauses[0])))
            if quote is not None and content is not None:
                qs = quotes[quote].with_marks
                if qs[0] <= content[1] and content[0] <= qs[1]:  # the clause is (in) the quote
                    if qs[0] <= content[0] and content[1] <= qs[1] + 1 or _covers(qs, content):
                        content, mode, quote_used = qs, "quote", quote
                    else:
                        mode = "mixed"
        elif quote is not None:
            content, mode, quote_used = quotes[quote].with_marks, "quote", quote
        elif (verb.dep_ in PARENTHETICAL or _as_clause(verb) or poll) and subj is not None \
                and (host := _host_clause(verb)) is not None:
            # "To prevent problems, he said, local officials should be vigilant", "As the
            # Times observed, the council now controls…": the reported clause is the head
            # the cue hangs on.
            mode = "paren"
            toks = [t for t in host.subtree if t.i not in {x.i for x in verb.subtree}]
            content = tighten(doc_text(doc), _span_of(_contiguous_longest(toks)))
        elif _PARAGRAPH_AFTER_COLON.match(doc_text(doc), verb.idx + len(verb.text)):
            # "Limbaugh added:" at the end of a paragraph: the next paragraph is what he added
            mode = "colon"
            m = _PARAGRAPH_AFTER_COLON.match(doc_text(doc), verb.idx + len(verb.text))
            content = tighten(doc_text(doc), (m.start("para"), m.end("para")))
        elif stance is not None:
            # "were pleased with the result", "is not sure that…": the adjective and its
            # preposition are the cue, what they govern the content; the model judges
            mode = "stance"
            adj, inner = stance
            cue_toks = [t for t in doc[cue_toks[0].i:adj.i + 1]]
            if inner.dep_ == "prep":
                cue_toks.append(inner)
                exclude |= {t.i for t in cue_toks}
                toks = [t for c in inner.children if c.dep_ in ("pobj", "pcomp") for t in _subtree_without(c, exclude)]
            else:
                exclude |= {t.i for t in cue_toks}
                toks = _subtree_without(inner, exclude)
            content = tighten(doc_text(doc), _span_of(_contiguous_longest(toks))) if toks else None
        else:
            mode = "object"
            objs = [c for c in verb.children if c.dep_ in OBJECTS or (c.dep_ == "prep" and c.i > verb.i
                    and (c.lower_ in OBJECT_PREPOSITIONS or self.learned))]
            objs = [o for o in objs if o.i not in exclude and not (o.dep_ == "prep" and _speech_pcomp(o))]
            if self.learned and not objs:
                # "is calling for the US to take a stronger role": the parse makes "for" the
                # mark of a clause; the preposition still belongs to the cue
                for c in verb.children:
                    mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
                    if c.dep_ == "advcl" and mark is not None and mark.i == cue_toks[-1].i + 1:
                        cue_toks = [*cue_toks, mark]
                        exclude.add(mark.i)
                        objs = [c]
                        break
            first = min(objs, key=lambda o: o.i) if objs else None
            if first is not None and first.dep_ == "prep" and first.i == cue_toks[-1].i + 1 \
                    and any(c.dep_ == "pobj" for c in first.children):
                # "is calling for X", "spoke about X": the preposition belongs to the cue
                # (as PolNeAR marks it), what it governs is the content
                cue_toks = [*cue_toks, first]
                exclude.add(first.i)
            if _act_on_thing(verb, subj, objs):
                return None  # "approved a budget": an act
            if objs:
                toks = [t for o in objs for t in _subtree_without(o, exclude)]
                content = tighten(doc_text(doc), _span_of(_contiguous_around(toks, objs[0])))
            elif source_toks and rate >= EVIDENTIAL_RATE and any(c.dep_ == "agent" for c in verb.children) \
                    and any(c.dep_ == "nsubjpass" for c in verb.children):
                # "a different side of the story was being told by The Daily Caller": the
                # passive subject is what was said, the agent says it (set below)
                content = tighten(doc_text(doc), _span_of(source_toks))
                mode = "passive"
        if content is None:
            return None
        if not self._keep(verb, subj, mode, rate, in_quote, infinitive, content, finding):
            return None
        if mode == "colon" and doc_text(doc)[content[0]] in OPEN_MARKS:
            mode = "quote"
        kind = {"quote": "direct", "mixed": "mixed"}.get(mode, "indirect")
        # Evidential: a clause of saying or a quote says where the content comes from; an
        # object ("declined to sign…", "thanked Beijing") or a weak verb reports a stance.
        evidential = mode == "quote" or (mode in ("clause", "mixed", "paren", "colon", "passive") and rate >= EVIDENTIAL_RATE)
        if _speech_act(verb):  # "Christie described Clinton as a 'disgrace'": what he said is the content
            evidential = True
        if finding:
            evidential = True  # "surveys have recorded that…": the surveys are where it comes from
        if mode in ("clause", "mixed") and _believed(verb, subj):
            evidential = True  # "Police believe the fire was started deliberately"
        if kind != "direct" and any(c.dep_ == "neg" for c in verb.children):
            evidential = False  # "a statement that did not mention X": what was not said sources nothing
        if _hypothetical(verb):
            evidential = False  # "the campaign would do well to target voters, emphasizing…": nobody said it
        if kind != "direct":
            content = balance_quotes(doc_text(doc), content)
            lead_cc = _LEADING_CC.match(doc_text(doc), content[0], content[1])
            if lead_cc:  # "And Mrs. Clinton now holds…": the conjunction joins, it is not said
                content = (lead_cc.end(), content[1])
            lead = _LEADING_INTERMEDIARY.match(doc_text(doc), content[0], content[1])
            if lead:  # the parse left "citing Al Jazeera," inside the clause
                content = (lead.end(), content[1])
        if kind == "indirect" and _has_quote_inside(doc_text(doc), content, quotes):
            kind = "mixed"

        if content[0] <= verb.idx < content[1]:
            return None  # a clause can hold its own cue only when the parse went astray
        if content[1] <= verb.idx and mode != "quote" and any(
                c.dep_ == "xcomp" and c.i > verb.i for c in verb.children):
            return None  # "…, so India refused to sign the declaration": an act, not a report of the clause before
        source = tighten(doc_text(doc), _span_of(source_toks)) if source_toks else None
        if any(c.dep_ == "auxpass" for c in verb.children):
            agent = next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
            if agent is not None:  # "has been referenced by China as a 'red line'": China speaks
                source = tighten(doc_text(doc), _span_of(agent.subtree))
            elif lemma not in PASSIVE_HEDGES and any(c.dep_ == "neg" for c in verb.children):
                return None  # "has not been mentioned in recent statements": the writer's own fact, no hedge
            elif lemma in PASSIVE_HEDGES or rate >= EVIDENTIAL_RATE:
                # "it is believed that", "has been described as": said, by nobody named; a
                # hedge the claim leans on, so it counts (the claim is then `vague`)
                source, kind, evidential = None, "other", True
            else:
                return None  # "The expansion has been seen as…": what is seen does not speak
        if lemma in APPEARANCE_VERBS or (lemma in QUESTION_VERBS and verb.dep_ == "advcl" and verb.tag_ == "VBN"
                                         and verb.i < verb.head.i and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)):
            # "The minister seemed unsure": how it looks to the writer; "Asked about the
            # budget, Ruiz said…": the one asked answers under the main verb. Neither names a
            # source of its own, and neither sources a claim.
            source, kind, evidential = None, "other", False
        if source is None and kind != "other":
            return None  # nobody says it: the quote stays free for its real speaker
        if quote_used is not None:
            used.add(quote_used)
        att = Attribution(kind=kind, cue=_span_of(cue_toks), source=source, content=content, rule=f"verb:{lemma}",
                          evidential=evidential)
        att.via, att.cited, att.cited_at = _intermediaries(verb)
        if subj is not None:  # "Trump, speaking to Fox News, said…"
            via, cited, cited_at = _intermediaries(subj)
            att.via += via
            if cited:
                att.cited, att.cited_at = att.cited + cited, cited_at
        if att.via and mode == "object" and rate >= WEAK_RATE:
            # "Speaking to ANI, the chief minister thanked Modi": said to someone, so reported speech
            att.evidential = True
        return att

    @property
    def learned(self) -> bool:
        """Whether the learned model judges candidates (or they are being collected to train it)."""
        return self.model is not None or self.collect is not None

    def _keep(self, verb: Token, subj: Token | None, mode: str, rate: float, in_quote: bool,
              infinitive: bool, content: tuple[int, int] | None = None, finding: bool = False) -> bool:
        """Whether this cue candidate is an attribution: the learned model when it is
        installed, else the rule thresholds. Training collects every candidate."""
        if self.collect is None and finding:
            return True  # "surveys have recorded that…", "the assessment tied X to Y": a document's finding
        if self.collect is None and mode == "object" and subj is not None and _speech_act(verb) \
                and subj.pos_ in ("NOUN", "PROPN") and not infinitive:
            return True  # "Christie described Clinton as a 'disgrace'", "Scholars have long debated…"
        if self.collect is not None or self.model is not None:
            feats = cue_features(verb, subj, mode, rate, in_quote, infinitive, content)
            if self.collect is not None:
                self.collect.append(((verb.idx, verb.idx + len(verb.text)), feats))
                return True
            return self.model.accepts(feats)
        if infinitive or (in_quote and rate < WEAK_RATE) or rate < MIN_RATE_WITH_CLAUSE:
            return False
        if mode in ("object", "paren"):
            return rate >= MIN_RATE_WITH_OBJECT
        return True

    def _adjacent_quote(self, doc: Doc, verb: Token, sent: Span, quotes: list[Quote], used: set[int]) -> int | None:
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

    def _orphan_quotes(self, doc: Doc, quotes: list[Quote], used: set[int], found: list[Attribution]) -> list[Attribution]:
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

    # prepositional cues ----------------------------------------------------------------

    def _according_to(self, doc: Doc, tok: Token) -> Attribution | None:
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
        content = tighten(doc_text(doc), _span_of(_contiguous_longest(content_toks)))
        if content is None:
            return None
        return Attribution(kind="according_to", cue=_span_of(cue_toks),
                           source=tighten(doc_text(doc), _span_of(source_toks)), content=content,
                           rule="prep:according_to")

    def _noun_cue(self, doc: Doc, noun: Token) -> Attribution | None:
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
        content = tighten(text, _span_of(_contiguous_around(toks, clause)))
        if content is None:
            return None
        cue = (noun.idx, noun.idx + len(noun.text))
        if owner is None:
            if noun.lemma_.lower() not in ("report", "rumor", "rumour", "speculation"):
                return None  # "the notion that…", "the fact that…": nobody says it
            return Attribution(kind="other", cue=cue, source=None, content=content, rule="noun:hedge")
        if owner.lower_ in ("its", "their", "his", "her", "whose"):
            source = (owner.idx, owner.idx + len(owner.text))
        else:
            source = tighten(text, _span_of(_contiguous_around(
                [t for t in owner.subtree if t.dep_ != "case"], owner)))
        if source is None:
            return None
        return Attribution(kind="indirect", cue=cue, source=source, content=content, rule=f"noun:{noun.lemma_.lower()}")

    def _hedge(self, doc: Doc, tok: Token) -> Attribution | None:
        head = tok.head
        content = tighten(doc_text(doc), _span_of(_contiguous_longest([t for t in head.subtree if t.i != tok.i])))
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


def _vague_phrases(doc: Doc, found: list[Attribution]) -> list[Attribution]:
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
# Line-opening names that are documents or outlets' products rather than people ("Poll: …")
DOCUMENT_LINE_NAMES = DOCUMENT_SUBJECTS | {"newspaper", "guide", "camp", "campaign", "sources"}
_DASH_SIGNATURE = re.compile(r"\s*(?P<cue>[―—]|--)\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


def _speaker_lines(doc: Doc, taken: set[int]) -> list[Attribution]:
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


def _dash_signatures(doc: Doc, quotes: list[Quote], used: set[int]) -> list[Attribution]:
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


def _contiguous_longest(tokens: list[Token]) -> list[Token]:
    """The run of consecutive tokens with the most words in it."""
    runs = _runs(tokens)
    if not runs:
        return []
    return max(runs, key=lambda r: sum(len(t.text) + 1 for t in r if not t.is_punct))


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _has_quote_inside(text: str, span: tuple[int, int], quotes: list[Quote]) -> bool:
    return any(span[0] <= q.open_at and (q.close_at or q.end) <= span[1] for q in quotes)


def _intermediaries(verb: Token) -> tuple[list[str], list[str], int | None]:
    """Names the content passed through: (downstream: told X, speaking to X, on X;
    upstream: citing X, quoting X; where the citing phrase starts)."""
    down, up = [], []
    up_at = None

    def name(tok: Token) -> str:
        toks = [t for t in tok.subtree if t.dep_ not in ("punct", "prep") or t is tok]
        s, e = _span_of(toks)
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


def _nest(atts: list[Attribution]) -> None:
    """Parent = the smallest other attribution whose content holds this one's cue."""
    for i, a in enumerate(atts):
        if a.cue is None:
            continue
        best, size = None, None
        for j, b in enumerate(atts):
            if i == j or b.content is None:
                continue
            if b.content[0] <= a.cue[0] and a.cue[1] <= b.content[1] and (a.content is None or a.content[1] <= b.content[1] + 1):
                s = b.content[1] - b.content[0]
                if size is None or s < size:
                    best, size = j, s
        a.parent = best
        # "ANI reported, citing Al Jazeera, that Katz said": the parse may hang "citing" on
        # the inner verb; a citation written before the inner source belongs to the outer one.
        if best is not None and a.cited and a.cited_at is not None and a.source and a.cited_at < a.source[0]:
            atts[best].cited = atts[best].cited + a.cited
            a.cited = []


@Language.factory("attrib_attribution", default_config={"min_quote_words": 3, "use_model": True})
def make_attribution(nlp: Language, name: str, min_quote_words: int, use_model: bool) -> AttributionFinder:
    return AttributionFinder(min_quote_words, use_model, nlp=nlp)
