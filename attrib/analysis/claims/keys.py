"""What two claims must agree on to be the same claim: figures, names, and negation.

Sentence embeddings put "buys about 90% of Iranian oil" next to "buys about 14% of
Iranian oil", and "Israel struck Iran" next to "Iran struck Israel"-like sentences about
other actors. The linker uses these keys, read off the parse at analysis time and stored
with each claim, to refuse such links (see attrib/linking/cluster.py).
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from attrib.analysis.extensions import ents_in
from attrib.lexicons import word_list

FIGURE_ENTS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
NEGATIVE_LEMMAS = word_list("negative_lemmas")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "crore": 1e7}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundred": 100}
_NAME_STOP = word_list("name_stop_words")


def _number(text: str) -> float | None:
    """The value of a figure entity: its first number anywhere ("the approximately $18
    million" is 18e6, "more than 60 percent" 60), else its first number word."""
    low = text.lower().replace(",", "")
    m = re.search(r"\d+(?:\.\d+)?", low)
    if m:
        value = float(m.group(0))
    else:
        word = next((w for w in re.findall(r"[a-z]+", low) if w in _WORDS), None)
        if word is None:
            return None
        value = float(_WORDS[word])
    for word, scale in _SCALE.items():
        if re.search(rf"\b{word}\b", low):
            value *= scale
    return value


def figures(span: Span) -> list[str]:
    """Figures as normalised strings: "about 90%" -> "90%", "1.2 million" -> "1200000"."""
    out = []
    for ent in ents_in(span):
        if ent.label_ not in FIGURE_ENTS:
            continue
        value = _number(ent.text)
        if value is None:
            continue
        text = f"{value:g}"
        if ent.label_ == "PERCENT" or "%" in ent.text or "per cent" in ent.text.lower() or "percent" in ent.text.lower():
            text += "%"
        if text not in out:
            out.append(text)
    return out


def acronym(words: list[str]) -> str | None:
    caps = [w for w in words if w[:1].isupper() and not w.isupper() and w.lower() not in ("of", "and", "the", "for")]
    return "".join(w[0] for w in caps).lower() if len(caps) >= 2 else None


def names(span: Span) -> list[str]:
    """Lower-cased name words (and acronyms of multi-word names) of the named entities."""
    out: list[str] = []
    for ent in ents_in(span):
        if ent.label_ not in NAME_ENTS:
            continue
        words = [t.text for t in ent if not t.is_punct]
        if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
            out.append(words[0].lower())  # "SCO"
        for w in words:
            low = w.lower().strip("'’")
            if low not in _NAME_STOP and len(low) > 1 and low not in out:
                out.append(low)
        acr = acronym(words) if ent.label_ in ("ORG", "EVENT", "LAW", "FAC") else None
        if acr and acr not in out:
            out.append(acr)
    return out


def negated(span: Span) -> bool:
    return any(t.dep_ == "neg" or t.lemma_.lower() in NEGATIVE_LEMMAS for t in span)


def claim_keys(span: Span) -> dict[str, Any]:
    return {"figures": figures(span), "names": names(span), "negated": negated(span)}
