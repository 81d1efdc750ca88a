"""Analysis: one `nlp.pipe` pass over article texts, turned into the rows of the claims,
attributions and claim_attributions tables.

Which articles are pending, where they are analyzed and how the rows are stored is
attrib/run/engine.py: each article lands in its own transaction, so an interrupted run
loses at most the articles in progress.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import numpy as np
from spacy.tokens import Doc

from attrib.types import overlap
from attrib.analysis.claims.chains import chain_of
from attrib.analysis.claims.keys import claim_keys
from attrib.analysis.claims.sentence_vectors import MODEL_NAME as VECTOR_MODEL
from attrib.analysis.extensions import doc_text, set_title, trim
from attrib.ids import content_id
from attrib.analysis.pipeline import load_pipeline
from attrib.analysis.claims.sourcing import STATUSES, carriers, flags_of, path_status, status_of

BATCH_SIZE = 16


@dataclass
class Analysis:
    """The rows one article produces (the same shape as the database tables)."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)  # claim_id <-> attribution_id
    # the claims' sentence vectors, as rows of the embeddings table (the linker's own model's)
    vectors: list[dict[str, Any]] = field(default_factory=list)

    def attributions_of(self, claim_id: str) -> list[dict[str, Any]]:
        by_id = {a["attribution_id"]: a for a in self.attributions}
        return [by_id[link["attribution_id"]] for link in self.links if link["claim_id"] == claim_id]


def covers(att: dict[str, Any], claim: tuple[int, int]) -> bool:
    """An attribution covers a claim when its cue is in the claim and its content
    overlaps it ("X said that Y", "…, which, according to sources, did not…"), or when its
    content holds at least half of the claim (each sentence of a long quote)."""
    if att["content_start"] is None:
        return False
    content = (att["content_start"], att["content_end"])
    shared = overlap(content, claim)
    if shared <= 0:
        return False
    if att["cue_start"] is not None and claim[0] <= att["cue_start"] and att["cue_end"] <= claim[1]:
        return True
    return shared >= 0.5 * (claim[1] - claim[0])


def _span(text: str, offsets: tuple[int, int] | None) -> tuple[str | None, int | None, int | None]:
    """Text and offsets of a span, without white space or invisible characters at its ends."""
    if not offsets:
        return None, None, None
    start, end = trim(text, *offsets)
    if start == end:  # nothing visible: keep it as found
        start, end = offsets
    return text[start:end], start, end


def attribution_rows(doc: Doc, article_id: str, outlet: str, wire: str | None) -> list[dict[str, Any]]:
    atts = doc._.attrib_attributions or []
    text = doc_text(doc)
    ids = [content_id("attribution", article_id, a.cue, a.source, a.content) for a in atts]
    rows = []
    for i, a in enumerate(atts):
        cue_t, cue_s, cue_e = _span(text, a.cue)
        src_t, src_s, src_e = _span(text, a.source)
        con_t, con_s, con_e = _span(text, a.content)
        rows.append({
            "attribution_id": ids[i], "article_id": article_id, "claim_id": None, "kind": a.kind,
            "cue_text": cue_t, "cue_start": cue_s, "cue_end": cue_e,
            "source_text": src_t, "source_start": src_s, "source_end": src_e,
            "source_resolved": a.source_resolved if a.source else None,
            "source_type": (a.source_type or "unknown") if a.source else None,
            "content_text": con_t, "content_start": con_s, "content_end": con_e,
            "parent_id": ids[a.parent] if a.parent is not None else None,
            "chain": json.dumps(chain_of(atts, i, text, outlet, wire), ensure_ascii=False),
            "evidential": int(a.evidential),
        })
    return rows


def analyze_doc(doc: Doc, article_id: str, outlet: str, wire: str | None = None) -> Analysis:
    """Turn a processed Doc into claim, attribution and link rows."""
    result = Analysis(attributions=attribution_rows(doc, article_id, outlet, wire))
    full = doc_text(doc)
    by_id = {a["attribution_id"]: a for a in result.attributions}
    for cand in doc._.attrib_claims or []:
        start, end = cand.start, cand.end  # trimmed by the claims component (extensions.trim)
        claim_id = content_id("claim", article_id, start, end)
        span = (start, end)
        mine = [a for a in result.attributions if a["evidential"] and covers(a, span)]
        for a in mine:
            result.links.append({"claim_id": claim_id, "attribution_id": a["attribution_id"], "article_id": article_id})
            if a["claim_id"] is None:
                a["claim_id"] = claim_id
        main = _main_assertion(mine, span)
        status = status_of(main, by_id)
        primary = _primary(main, by_id)
        chain = json.loads(primary["chain"]) if primary else [outlet]
        sources = []
        for a in main:  # the sources of what the claim mainly asserts, as its status says
            name = a["source_resolved"] or a["source_text"]
            if name and name not in sources:
                sources.append(name)
        text = full[start:end]
        sent = doc.char_span(start, end, alignment_mode="expand")
        result.claims.append({
            "claim_id": claim_id,
            "article_id": article_id,
            "start": start,
            "end": end,
            "text": text,
            "text_hash": text_hash(text),
            "keys": json.dumps(claim_keys(sent) if sent is not None else {}, ensure_ascii=False),
            "checkworthy": cand.checkworthy,
            "status": status,
            "flags": json.dumps(flags_of(status, cand.has_figure)),
            "sources": json.dumps(sources, ensure_ascii=False),
            "chain": json.dumps(chain, ensure_ascii=False),
            "primary_attribution_id": primary["attribution_id"] if primary else None,
            "cluster_id": None,
        })
        if cand.vector is not None:
            result.vectors.append({"model": VECTOR_MODEL, "text_hash": text_hash(text), "dim": len(cand.vector),
                                   "vector": np.asarray(cand.vector, dtype="<f4").tobytes()})
    return result


def text_hash(text: str) -> str:
    """What an embedding is stored under: the same words embed the same, whoever printed them."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:24]


def _main_assertion(atts: list[dict[str, Any]], claim: tuple[int, int]) -> list[dict[str, Any]]:
    """The attributions that carry the claim's main assertion: those whose content holds
    at least half of it, when there are any ("Some note that Trump — even as he says X —
    has proposed little" is vague, whatever the aside's source). Otherwise all of them:
    "India declined…, which, according to sources, did not…" leans on its sources."""
    half = 0.5 * (claim[1] - claim[0])
    wide = [a for a in atts if overlap((a["content_start"], a["content_end"]), claim) >= half]
    if not wide:
        return atts
    # what a main attribution reports through a nested one ("The Times reported that
    # officials said…") is carried by both: the status goes through the inner one
    ids = {a["attribution_id"] for a in wide}
    nested = [a for a in atts if a["parent_id"] in ids and a["attribution_id"] not in ids]
    while nested:
        wide += nested
        ids |= {a["attribution_id"] for a in nested}
        nested = [a for a in atts if a["parent_id"] in ids and a["attribution_id"] not in ids]
    return wide


def _primary(atts: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The attribution that best sources a claim, among those that carry it (so its chain
    runs from the original source, as the status does): a named source first, the
    innermost (the one nearest the original speaker) among equals."""
    if not atts:
        return None
    return min(carriers(atts), key=lambda a: (STATUSES.index(path_status(a, by_id)), -len(json.loads(a["chain"]))))


def analyze_texts(items: Iterable[tuple], batch_size: int = BATCH_SIZE) -> Iterator[Analysis]:
    """Analyze (article_id, outlet, text, wire[, title]) tuples in order, batched through
    nlp.pipe.

    A fifth element is the article's title as ingest found it (None: it has none). With it,
    the text's first line is a headline only when it is that title, so a lede is never
    dropped as one; without it (a bare text), the first line standing alone is taken for
    a headline, as PolNeAR and plain files print one (claims.is_headline).
    Items are consumed lazily, so a long stream of articles is never all in memory.
    Where they are analyzed (this process, worker processes, Dask) is attrib/run/engine.py."""
    nlp = load_pipeline()

    def docs_of(stream: Iterable[tuple]) -> Iterator[tuple[Doc, tuple]]:
        for item in stream:
            doc = nlp.make_doc(item[2])
            if len(item) > 4:
                set_title(doc, item[4])
            yield doc, item

    docs = nlp.pipe(docs_of(items), batch_size=batch_size, as_tuples=True)
    for doc, item in docs:
        aid, outlet, _, wire = item[:4]
        yield analyze_doc(doc, aid, outlet, wire)
