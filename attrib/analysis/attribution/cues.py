"""The cue lexicon: which words introduce an attribution, and how reliably.

Derived from PolNeAR train by `scripts/derive_cues.py` (attrib/lexicons/cue_lexicon.tsv:
lemma, part of speech, how often it is a gold cue, how often it occurs, and the rate).
A short hand list of speech verbs covers under half of real cues; the derived lexicon
covers about 86% on held-out text. Rules decide with the parse whether a given
occurrence is a cue (a verb with a clause, a quote, or an object as its content).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from attrib.lexicons import path

LEXICON = path("cue_lexicon.tsv")

# Lemmas too common to be cues on their own (be, have, make ...): their rate is tiny.
MIN_RATE_WITH_CLAUSE = 0.12  # a verb with a that-clause or quote: a weak cue will do
MIN_RATE_WITH_OBJECT = 0.45  # a verb with only an object as content: must be a strong cue
# Verbs of posting and publishing, whatever the lexicon says of them.
EXTRA_VERBS = {"post": 0.6, "tweet": 0.7, "state": 0.8, "assert": 0.8, "reveal": 0.6, "highlight": 0.3,
               "stress": 0.6, "reiterate": 0.7, "insist": 0.8, "confirm": 0.7, "deny": 0.6,
               "allege": 0.9, "counter": 0.5, "thank": 0.2, "hint": 0.6, "mention": 0.5}


@dataclass(frozen=True)
class Cue:
    lemma: str
    pos: str
    gold: int
    rate: float


@lru_cache(maxsize=None)
def lexicon() -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    with LEXICON.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            out[row["cue"]] = Cue(row["cue"], row["pos"], int(row["gold_count"]), float(row["cue_rate"]))
    for lemma, rate in EXTRA_VERBS.items():
        if lemma not in out or out[lemma].rate < rate:
            out[lemma] = Cue(lemma, "VERB", 0, rate)
    return out


def verb_rate(lemma: str) -> float:
    """How reliably this verb lemma is a cue (0 when it never was one)."""
    cue = lexicon().get(lemma.lower())
    if cue is None or cue.pos not in ("VERB", "AUX"):
        return 0.0
    return cue.rate
