"""Claims: the sentences that assert something a reader could check.

Each statement sentence (not a heading, question, caption, byline or promo line) gets a
`checkworthy` probability from the news head: a logistic regression fitted on
hand-labelled news sentences (scripts/train_claim_head.py) over the sentence's vector
(claims/sentence_vectors.py, the linker's model, so one pass serves both), the debate
model's score (claims/checkworthy.py, trained on ClaimBuster) and news evidence the
debate data lacks: a sentence that reports what a source said, found or announced, a
figure, named actors, the first person. The head is calibrated, so its threshold of 0.5
makes a claim of a sentence more likely check-worthy than not. Without the sentence
model a features-only head decides.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from attrib.analysis.attribution.verbs import BELIEF_VERBS, FIRST_SECOND_PERSON
from attrib.analysis.attribution.verbs import MODALS as HYPOTHETICAL_MODALS
from attrib.analysis.claims.keys import FIGURE_ENTS
from attrib.analysis.claims.sentence_vectors import sentence_vectors
from attrib.config import MODEL_DIR
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
    vector: np.ndarray | None = None  # the sentence vector (sentence_vectors.MODEL_NAME), shared with the linker


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


# The news features the head weighs besides the sentence vector (claim_head.json).
FEATURES = ("debate", "reported", "figure", "entities", "negated", "believed", "first_person")


def news_features(sent: Span, debate: float, atts: list) -> dict[str, float]:
    """The debate model's logit and the news evidence the debate data lacks."""
    figure = has_figure(sent)
    named = sum(1 for e in ents_in(sent) if e.label_ in _EVENT_ENTS)
    fact = negated_or_believed_fact(sent)
    first = not figure and not named and any(t.lower_ in ("i", "we", "my", "our") and t.pos_ == "PRON" for t in sent)
    return {"debate": _logit(debate), "reported": float(reported(sent, atts)), "figure": float(figure),
            "entities": float(min(named, 2)), "negated": float(fact == "negated"),
            "believed": float(fact == "believed"), "first_person": float(first)}


@dataclass
class NewsHead:
    """A logistic regression over `FEATURES` and the sentence vector, fitted on
    hand-labelled news sentences (scripts/train_claim_head.py): its output estimates the
    share of such sentences a careful labeller marks check-worthy, so `checkworthy` and
    `--min-score` read as probabilities; `threshold` is where a sentence becomes a claim."""

    coef: dict[str, float]
    vector: np.ndarray | None  # weights of the sentence vector (None: the features-only head)
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float], vector: np.ndarray | None = None) -> float:
        z = self.intercept + sum(self.coef.get(k, 0.0) * v for k, v in features.items())
        if self.vector is not None and vector is not None:
            z += float(vector @ self.vector)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


HEAD_PATH = MODEL_DIR / "claim_head.json"


@lru_cache(maxsize=None)
def load_head(kind: str) -> NewsHead | None:
    """The fitted head: "vectors" (features and sentence vector) or "features" (the
    fallback without the sentence model); None without the file."""
    if not HEAD_PATH.exists():
        return None
    blob = json.loads(HEAD_PATH.read_text(encoding="utf-8")).get(kind)
    if not blob:
        return None
    vec = np.asarray(blob["vector"], dtype="float32") if blob.get("vector") else None
    return NewsHead(blob["coef"], vec, float(blob["intercept"]), float(blob["threshold"]))


def make_claims(nlp: Language, name: str, threshold: float | None, use_model: bool) -> ClaimFinder:
    return ClaimFinder(threshold, use_model)


class ClaimFinder:
    """Sets `doc._.attrib_claims` to the claims (score >= threshold), in text order, each
    with its sentence vector when the sentence model is installed.
    The threshold is the fitted head's unless one is given."""

    def __init__(self, threshold: float | None = None, use_model: bool = True):
        from attrib.analysis.claims.checkworthy import load_model

        register()  # the Doc extension it sets
        self.given_threshold = threshold
        self.model = load_model() if use_model else None

    def head(self, vectors: bool) -> NewsHead:
        head = (load_head("vectors") if vectors else None) or load_head("features")
        if head is None:
            raise RuntimeError(f"{HEAD_PATH}: the check-worthiness head is missing (scripts/train_claim_head.py)")
        return head

    def threshold_for(self, head: NewsHead) -> float:
        return self.given_threshold if self.given_threshold is not None else head.threshold

    def features(self, sent: Span, atts: list) -> dict[str, float]:
        debate = self.model.probability(sent) if self.model is not None else 0.5
        return news_features(sent, debate, atts)

    def statements(self, doc: Doc) -> list[tuple[int, int, Span]]:
        """The sentences that could be claims, trimmed: (start, end, sentence)."""
        out = []
        credit = doc_credit(doc)
        skip_to = credit.end if credit is not None else 0  # the dateline is no part of a claim
        skip_to = max(skip_to, title_line_end(doc) or 0)  # nor the title, where a sentence runs on from it
        for sent in doc.sents:
            if sent.end_char <= skip_to or not is_statement(sent):
                continue
            start, end = trim(doc_text(doc), max(sent.start_char, skip_to), sent.end_char)
            if end > start:
                out.append((start, end, sent))
        return out

    def scored(self, doc: Doc) -> list[tuple[int, int, Span, float, np.ndarray | None, float]]:
        """Every statement with its probability, vector and the threshold that applies."""
        atts = doc._.attrib_attributions or []
        found = self.statements(doc)
        wants_vectors = load_head("vectors") is not None
        vecs = sentence_vectors([doc_text(doc)[a:b] for a, b, _ in found]) if wants_vectors and found else None
        head = self.head(vecs is not None)
        out = []
        for i, (start, end, sent) in enumerate(found):
            f = self.features(sent, atts)
            vec = vecs[i] if vecs is not None else None
            out.append((start, end, sent, head.probability(f, vec), vec, self.threshold_for(head)))
        return out

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for start, end, sent, score, vec, threshold in self.scored(doc):
            if round(score, 4) >= threshold:
                out.append(Candidate(start, end, round(score, 4), has_figure(sent), vec))
        doc._.attrib_claims = out
        return doc
