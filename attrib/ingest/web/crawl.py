"""From URLs to articles: each URL fetched; a feed or sitemap (index) expanded into its
entries, which are fetched as pages, newest first, within `max_pages` and `since`;
every URL fetched once (by its normalised form), every article given once (by its
canonical key); hosts fetched in parallel, each in its own turn. Every loop is bounded:
the levels (`max_depth`), the listings (`max_listings`), the pages (`max_pages`), the
entries a listing may give, the redirects and the retries of each request."""
from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from attrib.ingest.web.fetch import Fetcher
from attrib.ingest.web.interpret import PAGE, SITEMAP_EXPECTED, interpret
from attrib.ingest.web.result import ARTICLE, DUPLICATE, KNOWN, LISTING, Entry, FetchResult, Known, article_key
from attrib.ingest.web.urls import host_of, normalise_url
from attrib.ingest.web.when import as_utc, before

MAX_DEPTH = 5  # feed or index -> index -> index -> sitemap -> page
MAX_LISTINGS = 1000  # feeds and sitemaps fetched in one crawl

KnownLookup = Callable[[str], "Known | bool | None"]


@dataclass
class _Task:
    url: str  # as fetched (and reported)
    norm: str
    expect: str | None = None
    known: Known | None = None
    listing: str | None = None
    entry_date: str | None = None


def discover(url: str, fetcher: Fetcher | None = None) -> FetchResult:
    """One URL, fetched and read: a page's article, or a feed's or sitemap's entries
    (`outcome` ARTICLE or LISTING), or why not (FAILED)."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        return fetcher.fetch(url)
    finally:
        if own:
            fetcher.close()


def parse_since(since: object) -> object:
    """`--since` as given (a date, a datetime or a date text) as an instant in UTC;
    ValueError for text that is no date."""
    if since is None or since == "":
        return None
    when = as_utc(since)
    if when is None:
        raise ValueError(f"not a date: {since!r}")
    return when


def crawl(urls: Iterable[str], fetcher: Fetcher | None = None, *, max_pages: int | None = None,
          since: object = None, known: KnownLookup | None = None, refresh: bool = False,
          max_depth: int = MAX_DEPTH, max_listings: int = MAX_LISTINGS) -> Iterator[FetchResult]:
    """Fetch `urls` and what their feeds and sitemaps list; yield one FetchResult per URL
    as it completes (outcome ARTICLE, LISTING, NOT_MODIFIED, UNCHANGED, KNOWN, DUPLICATE
    or FAILED).

    max_pages: entries (feed items, sitemap URLs) fetched as pages in all, newest first;
      the URLs given are always fetched. since: entries dated before it (a date, datetime
      or ISO text; entry dates, and a child sitemap's lastmod) are not fetched; undated
      ones are. known(url) -> Known | True | None, called with the normalised URL of each
      URL that may be a page: a URL already stored is yielded KNOWN without any request,
      unless `refresh`, when it is fetched conditionally (its Known's ETag / Last-Modified)
      and comes back NOT_MODIFIED, UNCHANGED (same sha256) or ARTICLE (a new version).
    Closing the generator early stops the crawl (requests under way finish first).
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    since_at = parse_since(since)
    seen: set[str] = set()
    keys: dict[str, str] = {}
    pages_left = max_pages if max_pages is None else max(0, int(max_pages))
    listings_left = max(0, int(max_listings))
    level: list[_Task] = []
    bad: list[FetchResult] = []
    for url in urls:
        norm = normalise_url(url)
        if norm is None:
            bad.append(FetchResult(url=url).fail("not an http(s) URL"))
        elif norm not in seen:
            seen.add(norm)
            level.append(_Task(url=url, norm=norm))
    try:
        yield from bad
        for depth in range(max(1, max_depth + 1)):
            if not level:
                break
            pages: list[Entry] = []
            sitemaps: list[Entry] = []
            to_fetch: list[_Task] = []
            for task in level:
                if task.expect != SITEMAP_EXPECTED and known is not None:
                    found = known(task.norm)
                    if found:
                        if not refresh:
                            yield _known(task)
                            continue
                        task.known = found if isinstance(found, Known) else None
                to_fetch.append(task)
            for task, res in fetch_parallel(fetcher, to_fetch):
                # Pages are read here, in the caller's thread: the threads only wait on the network.
                res = interpret(res, expect=task.expect, known=task.known)
                res.listing, res.entry_date = task.listing, task.entry_date
                if res.outcome == ARTICLE:
                    key = article_key(res)
                    if key in keys:
                        res.outcome, res.duplicate_of = DUPLICATE, keys[key]
                    elif key:
                        keys[key] = res.url
                elif res.outcome == LISTING:
                    for entry in res.entries:
                        (sitemaps if entry.sitemap else pages).append(entry)
                yield res
            level = []
            last = depth == max_depth
            # A sitemap index's children: the newest first, none older than `since`.
            if pages_left != 0:
                for entry in _newest_first(sitemaps):
                    if entry.url in seen or before(entry.date, since_at):
                        continue
                    seen.add(entry.url)
                    if last or listings_left == 0:
                        why = f"sitemap nested more than {max_depth} deep" if last else \
                            f"more than {max_listings} feeds and sitemaps in one crawl"
                        yield FetchResult(url=entry.url, listing=entry.listing).fail(f"not fetched: {why}")
                        continue
                    listings_left -= 1
                    level.append(_Task(url=entry.url, norm=entry.url, expect=SITEMAP_EXPECTED,
                                       listing=entry.listing, entry_date=entry.date))
            for entry in _newest_first(pages):
                if pages_left == 0 or last:
                    break
                if entry.url in seen or before(entry.date, since_at):
                    continue
                seen.add(entry.url)
                level.append(_Task(url=entry.url, norm=entry.url, expect=PAGE, listing=entry.listing,
                                   entry_date=entry.date))
                if pages_left is not None:
                    pages_left -= 1
    finally:
        if own:
            fetcher.close()


def _known(task: _Task) -> FetchResult:
    return FetchResult(url=task.url, final_url=task.norm, outcome=KNOWN, listing=task.listing,
                       entry_date=task.entry_date)


def _newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first, then the undated in the order listed."""
    dated = [e for e in entries if as_utc(e.date) is not None]
    undated = [e for e in entries if as_utc(e.date) is None]
    dated.sort(key=lambda e: as_utc(e.date), reverse=True)
    return dated + undated


def fetch_parallel(fetcher: Fetcher, tasks: list[_Task]) -> Iterator[tuple[_Task, FetchResult]]:
    """Fetch the tasks (`Fetcher.get`: the responses, not yet read), one thread per host
    (up to fetcher.workers), each host's URLs in order; yield each as it completes."""
    by_host: dict[str, list[_Task]] = {}
    for task in tasks:
        by_host.setdefault(host_of(task.url), []).append(task)
    if len(by_host) <= 1 or fetcher.workers <= 1:
        for task in tasks:
            if fetcher.stopped.is_set():
                return
            yield task, _get(fetcher, task)
        return
    done = object()
    results: queue.Queue = queue.Queue()
    stop = threading.Event()

    def work(host_tasks: list[_Task]) -> None:
        try:
            for task in host_tasks:
                if stop.is_set() or fetcher.stopped.is_set():
                    break
                results.put((task, _get(fetcher, task)))
        finally:
            results.put(done)

    pool = ThreadPoolExecutor(max_workers=min(fetcher.workers, len(by_host)), thread_name_prefix="attrib-fetch")
    try:
        for host_tasks in by_host.values():
            pool.submit(work, host_tasks)
        finished = 0
        while finished < len(by_host):
            item = results.get()
            if item is done:
                finished += 1
            else:
                yield item
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


def _get(fetcher: Fetcher, task: _Task) -> FetchResult:
    try:
        return fetcher.get(task.url, known=task.known)
    except Exception as e:  # noqa: BLE001 - one URL's failure must not stop the crawl
        return FetchResult(url=task.url).fail(f"internal error: {type(e).__name__}: {e}")
