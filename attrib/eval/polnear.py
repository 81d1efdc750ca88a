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

from pathlib import Path

from attrib.eval.brat import load_polnear
from attrib.eval.scoring import EvalReport, PredictedAttribution, score_polnear
from attrib.analysis.pipeline import load_pipeline


def predict(texts: dict[str, str], batch_size: int = 16, nested: bool = False) -> dict[str, list[PredictedAttribution]]:
    nlp = load_pipeline()
    names = list(texts)
    out: dict[str, list[PredictedAttribution]] = {}
    for name, doc in zip(names, nlp.pipe((texts[n] for n in names), batch_size=batch_size)):
        atts = doc._.attrib_attributions or []
        out[name] = as_relations(atts if nested else outermost(atts))
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


def evaluate_dir(directory: str | Path, limit: int | None = None, nested: bool = False) -> EvalReport:
    gold = load_polnear(directory)
    if limit:
        gold = dict(list(sorted(gold.items()))[:limit])
    predicted = predict({name: art.text for name, art in gold.items()}, nested=nested)
    return score_polnear(gold, predicted)
