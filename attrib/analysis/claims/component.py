"""Claims: the sentences that assert something a reader could check.

Each statement sentence (not a heading, question, caption, byline or promo line) gets a
`checkworthy` score: the learned score of attrib/analysis/claims/checkworthy.py (trained on ClaimBuster
debates), moved by news evidence the debate data lacks: a sentence that reports what a
source said, found or announced is a claim, and so is one carrying a figure; a sentence
in the first person with no figure or entity is usually opinion. A negated or believed
fact about the world ("The crane had not been inspected for three years", "Police believe
the fire was started deliberately") is check-worthy although debate data reads "not" and
"believe" as opinion (it learned them from "I do not…", "I believe…"). A sentence
scoring at least `threshold` is a claim.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from attrib.analysis.attribution.verbs import BELIEF_VERBS, FIRST_SECOND_PERSON
from attrib.analysis.attribution.verbs import MODALS as HYPOTHETICAL_MODALS
from attrib.analysis.claims.encoder_score import encoder_probability
from attrib.analysis.claims.keys import FIGURE_ENTS
from attrib.text.credits import is_sentence_line
from attrib.analysis.extensions import doc_credit, doc_text, ents_in, register, title_line_end, trim
from attrib.lexicons import word_list


_EVENT_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"}
_PROMO = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(word_list("promo_phrases"))) + r")\b", re.I)


@dataclass
class Candidate:
    start: int  # character offsets into doc_text(doc)
    end: int
    checkworthy: float
    has_figure: bool


def is_headline(sent: Span) -> bool:
    """Whether the sentence is the headline printed atop the text.

    When ingest gave the article's title, only a first line that is that title is one
    (extensions.title_line_end): a JSON record's `text` beside its `title` is all body.
    For a bare text, the first line standing alone before a blank line is a headline
    (PolNeAR and plain text files put the title there), unless it is a sentence of body
    text (credits.is_sentence_line: a lede ending in a full stop)."""
    known = title_line_end(sent.doc)
    if known is not None:
        return sent.end_char <= known
    text = doc_text(sent.doc)
    before = text[:sent.start_char]
    if before.strip():
        return False
    line_end = text.find("\n", sent.start_char)
    if line_end < 0 or not text[line_end:].strip():  # the whole text: nothing for it to head
        return False
    if not text.startswith("\n", line_end + 1) and text[line_end + 1:line_end + 2].strip() != "":
        return False
    line = text[sent.start_char:line_end]
    return sent.end_char >= line_end - 1 and len(line.split()) <= 25 and not is_sentence_line(line)


def is_statement(sent: Span) -> bool:
    """A sentence that asserts something: not a heading, a question, or a caption."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4:
        return False
    if is_headline(sent):
        return False
    text = sent.text.strip()
    if text.endswith("?"):
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    if _PROMO.search(text):
        return False
    # Headings: no closing punctuation and mostly Title Case words.
    if not re.search(r"[.!\"'”’)]\s*$", text):
        caps = sum(1 for t in words if t.text[:1].isupper())
        if caps / len(words) > 0.6:
            return False
    return True


def has_figure(sent: Span) -> bool:
    """A number, amount or percentage the reader could check (not a date or an ordinal)."""
    return any(e.label_ in FIGURE_ENTS for e in ents_in(sent)) or any(
        t.like_num and not t.is_stop and t.ent_type_ not in ("DATE", "TIME", "ORDINAL") for t in sent
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


# News evidence, in logit units on top of the learned score (set by reading PolNeAR
# train sentences; the labelled dev sentences only measure them).
REPORTED_BOOST = 2.0  # a source is said to have said / found / announced this
FIGURE_BOOST = 0.6
ENTITY_BOOST = 0.3  # a named actor, place or organisation (at most two counted)
OPINION_PENALTY = 0.8  # first person, no figure, no named entity
# A negated or believed fact in the third person gets back about what the debate model
# takes off for "not" (weight -1.5) or "believe" (-2.1), learned from first-person opinion.
NEGATED_BOOST = 1.5
BELIEVED_BOOST = 2.0
_NOT_THIRD_PERSON = FIRST_SECOND_PERSON | word_list("empty_subjects")
# Any modal makes a clause no statement of fact: the hypothetical ones, and "will", "can".
_MODALS = HYPOTHETICAL_MODALS | word_list("future_modals")
_OPINION_VERBS = word_list("opinion_verbs")


def reported(sent: Span, atts: list) -> bool:
    """Whether an evidential attribution's cue sits in this sentence, or its content
    covers at least half of it (each sentence of a long quote)."""
    s, e = sent.start_char, sent.end_char
    for a in atts:
        if not getattr(a, "evidential", True) or a.content is None:
            continue
        shared = max(0, min(a.content[1], e) - max(a.content[0], s))
        if shared and a.cue is not None and s <= a.cue[0] < e:
            return True
        if shared >= 0.5 * (e - s):
            return True
    return False


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _factual_clause(verb: Token) -> bool:
    """A clause that states how the world is or was: a third-person subject (not I, we,
    you, nor an empty "it"/"there"), no modal ("would not", "may have"), and not an
    evaluation with a copula ("the plan is not good")."""
    subj = _subject(verb)
    if subj is None or subj.lower_ in _NOT_THIRD_PERSON:
        return False
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
        return False
    return not (verb.lemma_.lower() == "be" and any(c.dep_ in ("acomp", "attr") for c in verb.children))


def _concrete(verb: Token) -> bool:
    """The verb says something about a thing, a time or an amount besides its subject
    ("did not carry enough life jackets", "not inspected for three years"), not only
    about a pronoun ("the people don't buy it")."""
    return any(t.pos_ in ("NOUN", "PROPN", "NUM") for c in verb.children
               if c.dep_ not in ("nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct") for t in c.subtree)


def negated_or_believed_fact(sent: Span) -> str | None:
    """"negated" for "The crane had not been inspected for three years" (a negated fact,
    not "we do not know" nor "residents do not want…": attrib/lexicons/opinion_verbs.txt),
    "believed" for "Police believe the fire was started deliberately" (a fact a third
    party holds true: attrib/lexicons/belief_verbs.txt), else None."""
    found = None
    for t in sent:
        if t.pos_ == "VERB" and t.lemma_.lower() in BELIEF_VERBS:
            holder = _subject(t)
            if holder is None or holder.lower_ in _NOT_THIRD_PERSON or any(c.dep_ == "neg" for c in t.children):
                continue
            if any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and _factual_clause(c) for c in t.children):
                return "believed"
        if t.dep_ == "neg" and t.head.pos_ in ("VERB", "AUX") and t.head.lemma_.lower() not in _OPINION_VERBS \
                and _factual_clause(t.head) and _concrete(t.head):
            found = "negated"
    return found


def news_score(sent: Span, base: float, atts: list) -> float:
    """The learned probability moved by news evidence; 0..1."""
    z = _logit(base)
    figure = has_figure(sent)
    named = sum(1 for e in ents_in(sent) if e.label_ in _EVENT_ENTS)
    if reported(sent, atts):
        z += REPORTED_BOOST
    if figure:
        z += FIGURE_BOOST
    z += ENTITY_BOOST * min(named, 2)
    fact = negated_or_believed_fact(sent)
    if fact is not None:
        z += BELIEVED_BOOST if fact == "believed" else NEGATED_BOOST
    if not figure and not named and any(t.lower_ in ("i", "we", "my", "our") and t.pos_ == "PRON" for t in sent):
        z -= OPINION_PENALTY
    return 1.0 / (1.0 + math.exp(-z))


# Weight of the encoder score's logit against the tf-idf model's, in the model mode.
# Chosen on the hand-labelled news claims (tests/data/*_claim_labels.tsv, so those are
# development figures now): 0.5 lifted claim F1 on all three sets (README).
ENCODER_MIX = 0.5


def _mix(a: float, b: float, w: float) -> float:
    """The two probabilities' logits averaged, b weighted w."""
    z = (1 - w) * _logit(a) + w * _logit(b)
    return 1.0 / (1.0 + math.exp(-z))


def make_claims(nlp: Language, name: str, threshold: float, use_model: bool) -> ClaimFinder:
    return ClaimFinder(threshold, use_model)


class ClaimFinder:
    """Sets `doc._.attrib_claims` to the claims (score >= threshold), in text order."""

    def __init__(self, threshold: float = 0.6, use_model: bool = True):
        from attrib.analysis.claims.checkworthy import load_model

        register()  # the Doc extension it sets
        self.threshold = threshold
        self.model = load_model() if use_model else None

    def score(self, sent: Span, atts: list) -> float:
        base = self.model.probability(sent) if self.model is not None else 0.5
        enc = encoder_probability(sent) if self.model is not None else None
        if enc is not None:
            base = _mix(base, enc, ENCODER_MIX)
        return news_score(sent, base, atts)

    def __call__(self, doc: Doc) -> Doc:
        out = []
        credit = doc_credit(doc)
        skip_to = credit.end if credit is not None else 0  # the dateline is no part of a claim
        skip_to = max(skip_to, title_line_end(doc) or 0)  # nor the title, where a sentence runs on from it
        atts = doc._.attrib_attributions or []
        for sent in doc.sents:
            if sent.end_char <= skip_to or not is_statement(sent):
                continue
            start, end = trim(doc_text(doc), max(sent.start_char, skip_to), sent.end_char)
            if end <= start:
                continue
            score = round(self.score(sent, atts), 4)
            if score >= self.threshold:
                out.append(Candidate(start, end, score, has_figure(sent)))
        doc._.attrib_claims = out
        return doc
