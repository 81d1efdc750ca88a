"""The `attrib_spans` component: the learned span tagger in the pipeline (issue 17).

Why: the tagger draws outermost source / cue / content the way PolNeAR's annotators do
(see README "Attribution figures"); it runs after the rules, reads where they put their
spans as features, and `span_merge` puts its spans in place of theirs, so sources,
chains, statuses and the records downstream run on the tagger's spans unchanged.

`ATTRIB_ATTRIBUTION=model` puts it in the pipeline (config.attribution_mode); `rules`,
the default, skips the encoder and is the faster path.
Documents are tagged in batches (spaCy's `pipe`), so the encoder sees many paragraphs
per forward pass. Long paragraphs are windowed by the encoder, never truncated.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.tokens import Doc

from attrib.analysis.attribution import span_model
from attrib.analysis.attribution.span_merge import merge
from attrib.analysis.attribution.span_units import group, rule_features, spans_of, tokenizer, units_of
from attrib.analysis.extensions import doc_text
from attrib.config import ATTRIBUTION_ENV, SPAN_WEIGHTS

class SpanTagger:
    """Loads the encoder and the tagger on first use (a `rules` pipeline never does)."""

    def __init__(self, weights: Path | str = SPAN_WEIGHTS, keep_unmatched: bool = False,
                 batch_units: int = 32) -> None:
        self.weights = Path(weights)
        self.keep_unmatched = keep_unmatched
        self.batch_units = batch_units
        self._loaded: tuple[Any, Any, dict] | None = None

    def _load(self) -> tuple[Any, Any, dict]:
        if self._loaded is None:
            if not self.weights.exists():
                raise RuntimeError(f"{self.weights}: the span tagger's weights are missing "
                                   f"(set {ATTRIBUTION_ENV}=rules, or reinstall attrib)")
            tagger, meta, tuned = span_model.load(self.weights)
            self._loaded = (span_model.Encoder(tuned=tuned, quantize=bool(meta.get("quantized"))), tagger, meta)
        return self._loaded

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        import numpy as np

        encoder, tagger, meta = self._load()
        tok = tokenizer()
        per_doc = [units_of("", doc_text(doc), tok) for doc in docs]
        flat = [u for units in per_doc for u in units]
        feats = encoder.encode([u.words for u in flat], batch_size=self.batch_units) if flat else []
        if meta.get("rule_features"):
            marks = []
            for doc, units in zip(docs, per_doc):
                marks.extend(rule_features(units, doc._.attrib_attributions or []))
            feats = [np.concatenate([f, m.astype(f.dtype)], axis=1) for f, m in zip(feats, marks)]
        tags = span_model.predict_tags(tagger, feats)
        at = 0
        for doc, units in zip(docs, per_doc):
            text = doc_text(doc)
            found = []
            for u in units:
                found.extend(group(spans_of(tags[at], u.tokens), text))
                at += 1
            doc._.attrib_attributions = merge(text, doc._.attrib_attributions or [], found,
                                              keep_unmatched=self.keep_unmatched)
        return docs


def make_spans(nlp: Any, name: str, keep_unmatched: bool) -> SpanTagger:
    return SpanTagger(keep_unmatched=keep_unmatched)
