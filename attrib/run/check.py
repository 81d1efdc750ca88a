"""`attrib check`: analyze texts in memory and return claim records, no database."""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from attrib.analysis.rows import analyze_texts
from attrib.types import RawArticle
from attrib.records.records import claim_record
from attrib.store.store import article_id


def check_documents(docs: Iterable[tuple[str | None, str]], outlet: str = "unknown") -> Iterator[dict[str, Any]]:
    """For (article_id or None, text) pairs, yield claim records (no cluster_id).

    An article_id of None becomes the text's content hash, as `ingest` would make it.
    """
    items = [(aid or article_id(RawArticle(text=text, outlet=outlet)), outlet, text, None) for aid, text in docs]
    for (aid, _, _, _), analysis in zip(items, analyze_texts(items)):
        article = {"article_id": aid, "outlet": outlet, "title": None}
        for row in analysis.claims:
            yield claim_record(row, article, analysis.attributions_of(row["claim_id"]), None, cluster=False)


def check_articles(articles: Iterable[RawArticle]) -> Iterator[dict[str, Any]]:
    """Claim records of articles as ingest read them (title, outlet and wire included),
    with the ids `ingest` would give them; an article naming no outlet is "unknown"."""
    items = [(article_id(a), a.outlet or "unknown", a.text, a.wire, a.title) for a in articles]
    for (aid, outlet, _, _, title), analysis in zip(items, analyze_texts(items)):
        article = {"article_id": aid, "outlet": outlet, "title": title}
        for row in analysis.claims:
            yield claim_record(row, article, analysis.attributions_of(row["claim_id"]), None, cluster=False)
