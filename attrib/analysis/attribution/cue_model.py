"""A small learned decision for verb cues: is this occurrence of a cue verb an attribution?

The lexicon says how often a word is a cue; whether *this* "called" or "shows" is one
depends on the parse around it (a that-clause, a quote next to it, who the subject is,
whether it sits inside someone else's quote). A logistic regression over those features,
trained on PolNeAR train by `scripts/train_cue_model.py`, makes that call; the weights
are a few kilobytes of JSON in attrib/data/. Without the file the rule thresholds decide.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from attrib.config import MODEL_DIR
from attrib.lexicons import word_list

MODEL_PATH = MODEL_DIR / "cue_model.json"
# Two word lists are features: a change to either needs the model trained again.
PRONOUNS = word_list("subject_pronouns")
_CONTENT_OPENERS = word_list("content_openers")
_VECTOR_NAMES = tuple(f"v{k}" for k in range(512))  # feature names of the token vector's dimensions


def content_features(verb: Token, content: tuple[int, int]) -> dict[str, float]:
    """What the proposed content looks like: a that-clause or a quote is said; "a football"
    or "the early morning hours" is only done or when."""
    span = verb.doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or not len(span):
        return {}
    first = span[0]
    opener = first.lower_ if first.lower_ in _CONTENT_OPENERS else ("quote" if first.is_quote else first.pos_)
    root = span.root
    n = len(span)
    f = {f"c_first={opener}": 1.0, f"c_root={root.pos_}": 1.0,
         f"c_len={min(n.bit_length(), 6)}": 1.0,
         "c_clause": float(any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span))}
    if root.ent_type_:
        f[f"c_ent={root.ent_type_}"] = 1.0
    if root.pos_ == "PRON":
        f["c_pron"] = 1.0
    return f


def cue_features(verb: Token, subj: Token | None, mode: str, rate: float, in_quote: bool,
                 infinitive: bool, content: tuple[int, int] | None = None) -> dict[str, float]:
    """Features of one candidate cue; `mode` is how its content was found
    (clause, quote, mixed, paren, object), `content` the span it would report."""
    f: dict[str, float] = {
        "bias": 1.0,
        "rate": rate,
        "rate_sq": rate * rate,
        f"mode={mode}": 1.0,
        f"dep={verb.dep_}": 1.0,
        f"tag={verb.tag_}": 1.0,
        f"mode={mode}&rate": rate,
        "in_quote": float(in_quote),
        "infinitive": float(infinitive),
        "negated": float(any(c.dep_ == "neg" for c in verb.children)),
        "passive": float(any(c.dep_ == "auxpass" for c in verb.children)),
        "has_dobj": float(any(c.dep_ == "dobj" for c in verb.children)),
        "has_dative": float(any(c.dep_ == "dative" for c in verb.children)),
    }
    if subj is None:
        f["subj=none"] = 1.0
    else:
        low = subj.lower_
        if low in ("i", "we"):
            f["subj=first_person"] = 1.0
        elif low in PRONOUNS:
            f["subj=pronoun"] = 1.0
        elif subj.ent_type_:
            f[f"subj_ent={subj.ent_type_}"] = 1.0
        else:
            f[f"subj_pos={subj.pos_}"] = 1.0
        if subj.i > verb.i:
            f["subj_after"] = 1.0
    if rate <= 0:
        f["unlisted"] = 1.0
    for c in verb.children:
        if c.dep_ in ("prep", "mark", "prt", "acomp"):
            f[f"{c.dep_}={c.lower_}"] = 1.0
        if c.dep_ == "acomp":  # "concerned about", "sure that"
            for g in c.children:
                if g.dep_ in ("prep", "ccomp", "xcomp") and g.i > c.i:
                    f[f"acomp={c.lemma_.lower()}&{g.dep_}"] = 1.0
                    f[f"acomp_{g.dep_}={g.lower_ if g.dep_ == 'prep' else g.pos_}"] = 1.0
    # What the parser's own token vectors say about the verb: stance verbs ("opted for",
    # "cherish") the lexicon never saw sit near the ones it did.
    tensor = verb.doc.tensor
    if tensor is not None and len(tensor) > verb.i:
        f.update(zip(_VECTOR_NAMES, tensor[verb.i].tolist()))
    if content is not None:
        f.update(content_features(verb, content))
    lemma = verb.lemma_.lower()
    f[f"lemma={lemma}"] = 1.0
    f[f"lemma={lemma}&mode={mode}"] = 1.0
    if verb.dep_ != "ROOT":
        f[f"head={verb.head.lemma_.lower()}"] = 1.0
        f[f"dep={verb.dep_}&mode={mode}"] = 1.0
    return f


@dataclass
class CueModel:
    weights: dict[str, float]
    threshold: float = 0.5

    def probability(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold


@lru_cache(maxsize=None)
def load_model(path: str | None = None) -> CueModel | None:
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return CueModel(weights=data["weights"], threshold=data.get("threshold", 0.5))
