"""Ingest from the web: URLs (pages, feeds, sitemaps) crawled and WARC files read into
stored articles, each fetched version kept as evidence (contract: "Reading from the web").

One transaction per article (`Store.save_web_article`): an article is stored whole with
its version or not at all, so a run stopped half-way keeps what it stored and a re-run
goes on from there. A URL already stored is not requested again unless `refresh`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from attrib.ids import content_id
from attrib.ingest.web import (ARTICLE, DUPLICATE, FAILED, KNOWN, LISTING, NOT_MODIFIED, UNCHANGED, FetchResult,
                               Fetcher, Known, article_key, crawl, is_warc_path, is_web_url, normalise_url, read_warc)
from attrib.store.store import Store
from attrib.types import InputProblem


@dataclass
class WebOptions:
    """How to read from the web (`--max-pages`, `--since`, `--delay`, `--timeout`, `--refresh`)."""

    max_pages: int | None = None
    since: object = None  # a date, datetime or ISO text
    delay: float = 1.0
    timeout: float = 20.0
    refresh: bool = False
    fetcher: Fetcher | None = None  # one of the caller's own (its settings win over delay/timeout)


@dataclass
class WebCounts:
    fetched: int = 0  # responses read: pages (new, changed, unchanged, 304) and feeds or sitemaps
    failed: int = 0
    skipped: int = 0  # already stored (no request), or the same article as another URL of this run
    new_articles: int = 0
    new_versions: int = 0  # new versions of articles stored before

    def summary(self) -> str:
        """As progress shows it: "3 fetched, 0 failed, 1 skipped"."""
        return f"{self.fetched} fetched, {self.failed} failed, {self.skipped} skipped"


def is_web_input(item: object) -> bool:
    """Whether an input is for the web stage: an http(s) URL or a WARC file."""
    text = str(item)
    return is_web_url(text) or is_warc_path(text)


def web_article_id(res: FetchResult) -> str | None:
    key = article_key(res)
    return content_id("web", key) if key else None


def ingest_web(store: Store, inputs: Iterable[str], options: WebOptions | None = None, *,
               max_bytes: int | None = None, outlet: str | None = None,
               on_problem: Callable[[InputProblem], None] | None = None,
               advance: Callable[[WebCounts], None] | None = None) -> WebCounts:
    """Crawl the URLs and read the WARC files among `inputs` into `store`.

    Each failure goes to `on_problem` (an InputProblem naming the URL, or the WARC file or
    record); `advance(counts)` is called once per URL or record handled, with the counts so far."""
    options = options or WebOptions()
    counts = WebCounts()
    inputs = [str(i) for i in inputs]
    urls = [i for i in inputs if is_web_url(i)]
    warcs = [i for i in inputs if not is_web_url(i) and is_warc_path(i)]

    def known(url: str) -> Known | None:
        found = store.web_known(url)
        return Known(**found) if found else None

    def handle(res: FetchResult) -> None:
        if res.outcome == FAILED:
            counts.failed += 1
            if on_problem is not None and res.problem is not None:
                on_problem(res.problem)
        elif res.outcome in (KNOWN, DUPLICATE):
            counts.skipped += 1
            if res.outcome == DUPLICATE:
                aid = web_article_id(res)  # the article the earlier URL stored: this URL leads to it too
                if aid:
                    store.web_alias(aid, [normalise_url(res.url), normalise_url(res.final_url or "")])
        elif res.outcome == ARTICLE:
            counts.fetched += 1
            _store(store, res, counts, outlet)
        elif res.outcome in (LISTING, NOT_MODIFIED, UNCHANGED):
            counts.fetched += 1
        if advance is not None:
            advance(counts)

    if urls:
        fetcher = options.fetcher or Fetcher(delay=options.delay, timeout=options.timeout, max_bytes=max_bytes)
        try:
            for res in crawl(urls, fetcher, max_pages=options.max_pages, since=options.since, known=known,
                             refresh=options.refresh):
                handle(res)
        finally:
            if options.fetcher is None:
                fetcher.close()
    for path in warcs:
        for res in read_warc(path, max_bytes=max_bytes, max_pages=options.max_pages):
            handle(res)
    return counts


def _store(store: Store, res: FetchResult, counts: WebCounts, outlet: str | None) -> None:
    """One article result into the store."""
    aid = web_article_id(res)
    if aid is None or not res.articles:  # not expected of an ARTICLE result: counted, not stored
        counts.failed += 1
        return
    art = res.articles[0]
    key = article_key(res)
    art.source_file = art.url or key or res.final_url or res.url
    if outlet and not art.outlet:
        art.outlet = outlet
    version = {
        "url": res.final_url or res.url, "asked_url": res.url, "fetched_at": res.fetched_at,
        "http_status": res.http_status, "sha256": res.sha256, "raw": res.content, "etag": res.etag,
        "last_modified": res.last_modified, "content_type": res.content_type, "changed": [],
    }
    urls = [normalise_url(res.url), normalise_url(res.final_url or ""), key]
    outcome = store.save_web_article(aid, art, version, urls)
    if outcome == "new":
        counts.new_articles += 1
    elif outcome == "version":
        counts.new_versions += 1
