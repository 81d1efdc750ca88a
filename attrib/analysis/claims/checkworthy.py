"""How check-worthy a sentence is: a learned score in 0..1.

A logistic regression over two views of the sentence, both nearly free once spaCy has
parsed it: word n-grams (tf-idf, numbers folded to <num>), and dense features — the
mean of spaCy's own tok2vec vectors over the sentence, named-entity counts, and news
cues (figures, past tense, modals, first person, comparatives). It is trained on
ClaimBuster by `scripts/train_checkworthy.py`; its weights are JSON in attrib/data/.

Debate-trained detectors alone do badly on news, so the claims component combines this
score with news rules (headings, captions, bylines and questions are never claims;
reported statements and figures are). See attrib/analysis/claims/component.py.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Span

from attrib.config import MODEL_DIR
from attrib.analysis.extensions import ents_in

MODEL_PATH = MODEL_DIR / "checkworthy_model.json"

ENT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "CARDINAL", "PERCENT",
              "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL", "PRODUCT", "WORK_OF_ART", "LANGUAGE")
_COMPARATIVE = {"JJR", "RBR", "JJS", "RBS"}


def terms(span: Span) -> list[str]:
    """Unigrams and bigrams of lower-cased tokens, numbers folded to <num>."""
    words = ["<num>" if t.like_num else t.lower_ for t in span if not t.is_space]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def dense_features(span: Span) -> np.ndarray:
    """tok2vec mean, entity counts (capped) and sentence-shape ratios."""
    doc = span.doc
    width = doc.tensor.shape[1] if doc.tensor is not None and doc.tensor.ndim == 2 and doc.tensor.size else 96
    if doc.tensor is not None and doc.tensor.ndim == 2 and doc.tensor.shape[0] >= span.end and len(span):
        vec = doc.tensor[span.start:span.end].mean(axis=0)
    else:
        vec = np.zeros(width, dtype="float32")
    toks = [t for t in span if not t.is_punct and not t.is_space]
    n = max(len(toks), 1)
    counts = Counter(e.label_ for e in ents_in(span))
    ents = [min(counts.get(label, 0), 3) for label in ENT_LABELS]

    def share(pred) -> float:
        return sum(1 for t in span if pred(t)) / n

    extra = [
        min(n, 60) / 30.0,
        float(any(t.like_num for t in span)),
        float(span.text.rstrip().endswith("?")),
        share(lambda t: t.lower_ in ("i", "me", "my")),
        share(lambda t: t.lower_ in ("we", "our", "us")),
        share(lambda t: t.lower_ in ("you", "your")),
        share(lambda t: t.tag_ == "VBD"),
        share(lambda t: t.tag_ == "MD"),
        share(lambda t: t.dep_ == "neg"),
        share(lambda t: t.tag_ in _COMPARATIVE),
        share(lambda t: t.pos_ == "PROPN"),
        share(lambda t: t.pos_ == "ADJ"),
    ]
    return np.concatenate([np.asarray(vec, dtype="float64"), np.asarray(ents + extra, dtype="float64")])


@dataclass
class CheckworthyModel:
    """tf-idf (sublinear tf, l2-normalised) + standardised dense features → logistic."""

    vocab: dict[str, tuple[float, float]]  # term -> (idf, weight)
    dense_mean: np.ndarray
    dense_sd: np.ndarray
    dense_coef: np.ndarray
    intercept: float
    threshold: float

    def logit(self, span: Span) -> float:
        counts = Counter(t for t in terms(span) if t in self.vocab)
        z = self.intercept
        if counts:
            vals = {t: (1.0 + math.log(c)) * self.vocab[t][0] for t, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
            z += sum(v / norm * self.vocab[t][1] for t, v in vals.items())
        dense = (dense_features(span) - self.dense_mean) / self.dense_sd
        z += float(dense @ self.dense_coef)
        return z

    def probability(self, span: Span) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(span)))))

    def to_json(self, **meta) -> dict:
        return {
            **meta,
            "threshold": self.threshold,
            "intercept": self.intercept,
            "dense_mean": [round(float(x), 6) for x in self.dense_mean],
            "dense_sd": [round(float(x), 6) for x in self.dense_sd],
            "dense_coef": [round(float(x), 6) for x in self.dense_coef],
            "vocab": {t: [round(i, 4), round(w, 5)] for t, (i, w) in sorted(self.vocab.items())},
        }


@lru_cache(maxsize=None)
def load_model(path: str | None = None) -> CheckworthyModel | None:
    """The trained model, or None when the weights file is missing."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return CheckworthyModel(
        vocab={t: (float(v[0]), float(v[1])) for t, v in data["vocab"].items()},
        dense_mean=np.asarray(data["dense_mean"], dtype="float64"),
        dense_sd=np.asarray(data["dense_sd"], dtype="float64"),
        dense_coef=np.asarray(data["dense_coef"], dtype="float64"),
        intercept=float(data["intercept"]),
        threshold=float(data.get("threshold", 0.5)),
    )
