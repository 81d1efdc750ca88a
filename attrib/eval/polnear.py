"""Score the attribution component on PolNeAR-style brat annotations (`attrib eval polnear`).

PolNeAR annotates one level of attribution: in all of train and dev no gold cue lies
inside another attribution's content. attrib nests ("ANI reported that Katz said…"
gives Katz's attribution inside ANI's), and a nested attribution is something the
annotation cannot mark right or wrong. By default the prediction is therefore projected
onto PolNeAR's scheme before scoring: only outermost attributions (no parent) are
scored. `nested=True` scores every attribution, nested ones counting as false positives
whenever the annotators marked the outer one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attrib.eval.brat import GoldArticle, load_polnear, normalize_fragments
from attrib.types import overlap
from attrib.eval.scoring import EvalReport, PredictedAttribution, score_polnear
from attrib.analysis.pipeline import load_pipeline


def predict(texts: dict[str, str], batch_size: int = 16, nested: bool = False,
            claims: dict[str, list[dict]] | None = None) -> dict[str, list[PredictedAttribution]]:
    """The attribution relations of each text; given a `claims` dict, it also receives
    each text's claim records (status included), from the same pass."""
    from attrib.analysis.rows import analyze_doc

    nlp = load_pipeline()
    names = list(texts)
    out: dict[str, list[PredictedAttribution]] = {}
    for name, doc in zip(names, nlp.pipe((texts[n] for n in names), batch_size=batch_size)):
        atts = doc._.attrib_attributions or []
        out[name] = as_relations(atts if nested else outermost(atts))
        if claims is not None:
            claims[name] = analyze_doc(doc, name, "outlet").claims
    return out


@dataclass
class UnsourcedCheck:
    """attrib's `unsourced` claims against the annotation: how many lie (half or more)
    inside a content the annotators attributed, and the cues of those attributions."""

    unsourced: int = 0
    attributed: int = 0
    cues: Counter = field(default_factory=Counter)

    def share(self) -> float:
        return self.attributed / self.unsourced if self.unsourced else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"unsourced": self.unsourced, "attributed_by_annotators": self.attributed,
                "share": round(self.share(), 4), "top_cues": dict(self.cues.most_common(15))}


def check_unsourced(gold: dict[str, GoldArticle], claims: dict[str, list[dict]]) -> UnsourcedCheck:
    out = UnsourcedCheck()
    for name, rows in claims.items():
        text = gold[name].text
        for c in rows:
            if c["status"] != "unsourced":
                continue
            out.unsourced += 1
            span = (c["start"], c["end"])
            for att in gold[name].attributions:
                inside = sum(overlap(f, span) for f in normalize_fragments(att.span("content"), text))
                if inside >= 0.5 * (span[1] - span[0]):
                    out.attributed += 1
                    cue = " ".join(text[a:b] for a, b in normalize_fragments(att.span("cue"), text)).lower()
                    out.cues[cue] += 1
                    break
    return out


def outermost(atts: list) -> list:
    """The attributions no other attribution holds: PolNeAR's one level."""
    return [a for a in atts if a.parent is None]


def as_relations(atts: list) -> list[PredictedAttribution]:
    """One relation per (cue, source): the pieces of a quote split by its cue
    ('"A," she said. "B."') are one attribution with a discontinuous content, as PolNeAR
    marks it; attrib stores them as one attribution per piece (one span each)."""
    grouped: dict[tuple, list] = {}
    for a in atts:
        key = (a.cue, a.source) if a.cue is not None else (id(a),)
        grouped.setdefault(key, []).append(a)
    rels = []
    for group in grouped.values():
        first = group[0]
        pieces = sorted({a.content for a in group if a.content})
        rels.append(PredictedAttribution(source=first.source, cue=first.cue, content=pieces or None,
                                         source_resolved=first.source_resolved))
    return rels


def evaluate_dir(directory: str | Path, limit: int | None = None, nested: bool = False,
                 unsourced: bool = False) -> tuple[EvalReport, UnsourcedCheck | None]:
    """The scores, and with `unsourced` the check of attrib's unsourced claims."""
    gold = load_polnear(directory)
    if limit:
        gold = dict(list(sorted(gold.items()))[:limit])
    claims: dict[str, list[dict]] | None = {} if unsourced else None
    predicted = predict({name: art.text for name, art in gold.items()}, nested=nested, claims=claims)
    return score_polnear(gold, predicted), (check_unsourced(gold, claims) if claims is not None else None)
