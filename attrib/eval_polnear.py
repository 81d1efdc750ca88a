"""Score the attribution component on PolNeAR-style brat annotations (`attrib eval polnear`)."""
from __future__ import annotations

from pathlib import Path

from attrib.brat import load_polnear
from attrib.evaluate import EvalReport, PredictedAttribution, score_polnear
from attrib.nlp import load_pipeline


def predict(texts: dict[str, str], batch_size: int = 16) -> dict[str, list[PredictedAttribution]]:
    nlp = load_pipeline()
    names = list(texts)
    out: dict[str, list[PredictedAttribution]] = {}
    for name, doc in zip(names, nlp.pipe((texts[n] for n in names), batch_size=batch_size)):
        out[name] = [
            PredictedAttribution(source=a.source, cue=a.cue, content=a.content, source_resolved=a.source_resolved)
            for a in doc._.attrib_attributions or []
        ]
    return out


def evaluate_dir(directory: str | Path, limit: int | None = None) -> EvalReport:
    gold = load_polnear(directory)
    if limit:
        gold = dict(list(sorted(gold.items()))[:limit])
    predicted = predict({name: art.text for name, art in gold.items()})
    return score_polnear(gold, predicted)
