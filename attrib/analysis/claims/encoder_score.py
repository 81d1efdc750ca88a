"""Check-worthiness from the span tagger's encoder states (ATTRIB_ATTRIBUTION=model).

Why: the tagger has already run MiniLM over every paragraph, so a sentence's mean token
state is free, and a logistic regression on it (scripts/train_checkworthy_encoder.py,
ClaimBuster + CheckThat! 2022 1B) ranks check-worthy sentences better than the tf-idf
model on both sets. span_component leaves the states in `doc.user_data`; without them
(the rules mode) this scorer gives nothing and the tf-idf model decides alone.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.tokens import Span

from attrib.config import MODEL_DIR

ENCODER_MODEL_PATH = MODEL_DIR / "checkworthy_encoder.json"
STATES_KEY = "attrib.token_states"  # (token starts, states) of the doc, in text order


@lru_cache(maxsize=1)
def load_weights() -> tuple[np.ndarray, float] | None:
    if not ENCODER_MODEL_PATH.exists():
        return None
    blob = json.loads(ENCODER_MODEL_PATH.read_text(encoding="utf-8"))
    return np.asarray(blob["coef"], dtype=np.float32), float(blob["intercept"])


def store_states(doc: Any, starts: np.ndarray, states: np.ndarray) -> None:
    """Keep the encoder's token states (and where each token starts) for the claims step."""
    doc.user_data[STATES_KEY] = (starts, states)


def encoder_probability(sent: Span) -> float | None:
    """P(check-worthy) from the mean state of the sentence's tokens; None without states."""
    got = sent.doc.user_data.get(STATES_KEY)
    weights = load_weights()
    if got is None or weights is None:
        return None
    starts, states = got
    lo = int(np.searchsorted(starts, sent.start_char, side="left"))
    hi = int(np.searchsorted(starts, sent.end_char, side="left"))
    if hi <= lo:
        return None
    coef, intercept = weights
    z = float(states[lo:hi].astype(np.float32).mean(0) @ coef + intercept)
    return 1.0 / (1.0 + math.exp(-z))
