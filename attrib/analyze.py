"""The analysis stage: parse pending articles in batches and store what was found.

One `nlp.pipe` pass per batch; each article's claims and attributions are written in
their own transaction, so an interrupted run loses at most the article in progress and
the next run picks up exactly the articles still pending.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from spacy.tokens import Doc

from attrib.ids import content_id
from attrib.nlp import load_pipeline
from attrib.sourcing import flags_of, status_of
from attrib.store import Store

# Bump when analysis output changes: stored articles are then analyzed again.
PIPELINE_VERSION = "skeleton-1"
BATCH_SIZE = 16


@dataclass
class Analysis:
    """The rows one article produces (the same shape as the database tables)."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)


def analyze_doc(doc: Doc, article_id: str, outlet: str) -> Analysis:
    """Turn a processed Doc into claim and attribution rows."""
    result = Analysis()
    for cand in doc._.attrib_claims or []:
        claim_id = content_id("claim", article_id, cand.start, cand.end)
        attributions: list[dict[str, Any]] = []  # filled by the attribution stage (issue #3)
        status = status_of(attributions)
        chain = [outlet]
        result.claims.append({
            "claim_id": claim_id,
            "article_id": article_id,
            "start": cand.start,
            "end": cand.end,
            "text": doc.text[cand.start:cand.end],
            "checkworthy": cand.checkworthy,
            "status": status,
            "flags": json.dumps(flags_of(status, cand.has_figure)),
            "sources": json.dumps([]),
            "chain": json.dumps(chain),
            "primary_attribution_id": None,
            "cluster_id": None,
        })
        result.attributions.extend(attributions)
    return result


def analyze_texts(items: Iterable[tuple[str, str, str]], batch_size: int = BATCH_SIZE) -> Iterator[Analysis]:
    """Analyze (article_id, outlet, text) triples in order, batched through nlp.pipe."""
    nlp = load_pipeline()
    items = list(items)
    docs = nlp.pipe((text for _, _, text in items), batch_size=batch_size)
    for (aid, outlet, _), doc in zip(items, docs):
        yield analyze_doc(doc, aid, outlet)


def analyze_pending(store: Store, advance: Callable[[dict], None] | None = None) -> int:
    """Analyze every article the current pipeline has not seen; returns how many."""
    pending = store.pending_articles(PIPELINE_VERSION)
    if not pending:
        return 0
    items = [(a["article_id"], a["outlet"], a["text"]) for a in pending]
    for article, analysis in zip(pending, analyze_texts(items)):
        store.save_analysis(article["article_id"], PIPELINE_VERSION, analysis.claims, analysis.attributions)
        if advance:
            advance(article)
    return len(pending)
