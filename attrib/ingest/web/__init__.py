"""Reading news from the web: article pages, RSS/Atom feeds, XML sitemaps (indexes
included) and WARC files, into `RawArticle`s with the evidence of each fetch.

The library half of issue 19 (contract: "Reading from the web"). It stores nothing and
prints nothing: the ingest stage decides what to store, the CLI what to show.

    from attrib.ingest.web import Fetcher, crawl, read_warc, article_key, Known

    with Fetcher(delay=1.0, timeout=20.0) as fetcher:      # --delay, --timeout
        for res in crawl(urls, fetcher, max_pages=50,      # --max-pages
                         since="2024-03-01",               # --since
                         known=store_lookup,               # URL already stored?
                         refresh=False):                   # --refresh
            if res.outcome == "failed":   print(res.error, file=sys.stderr)  # "URL: reason"
            elif res.outcome == "article": store(article_key(res), res, res.articles)
            # "listing": a feed/sitemap, expanded by crawl itself; "known": not fetched;
            # "not_modified" (304) / "unchanged" (same sha256): keep the stored version;
            # "duplicate": the same canonical article as an earlier result of this crawl.

    for res in read_warc("news.warc.gz"):                  # the same FetchResult
        ...

API
---
`Fetcher(*, delay=1.0, timeout=20.0, max_bytes=None, max_redirects=5, retries=3,
backoff=1.0, max_retry_after=60.0, user_agent=None, robots=True, workers=4)`
    Polite, bounded HTTP (thread-safe; close() or use as a context manager).
    `.fetch(url, known=None, expect=None) -> FetchResult`: one URL fetched and read (a page
    into `articles`, a feed or sitemap into `entries`, not fetched). `.get(url, known=None)`:
    the transport alone. `.requests`: how many HTTP requests it sent (robots.txt included).
`crawl(urls, fetcher=None, *, max_pages=None, since=None, known=None, refresh=False,
max_depth=5, max_listings=1000) -> Iterator[FetchResult]`
    The URLs given, and the entries of the feeds and sitemaps among them, fetched as pages:
    newest first, at most `max_pages` entries, none dated before `since`, each URL once
    (normalised), each article once (`article_key`); hosts in parallel (fetcher.workers).
`discover(url, fetcher=None) -> FetchResult`: `fetch` with a Fetcher of its own.
`read_warc(path, max_bytes=None, max_pages=None) -> Iterator[FetchResult]`: each HTML
    response record; `url` = WARC-Target-URI, `fetched_at` = WARC-Date. `is_warc_path(p)`.
`read_page(data, url, content_type=None) -> RawArticle` (PageError): one page's bytes.
`article_key(raw_article_or_result) -> str | None`: the canonical URL, normalised: hash it
    into the article id (ids.content_id("web", key)). `normalise_url(url, base=None)`.
`is_web_url(text)`: whether an input is an http(s) URL rather than a path.
`parse_since(value)`: `--since` text to a UTC datetime (ValueError if it is no date).

FetchResult
    url (as asked), final_url (after redirects), redirects, http_status, fetched_at (ISO 8601
    UTC), content (the body, gzip/deflate undone: the bytes to keep compressed), sha256,
    etag, last_modified, content_type, kind ("html" | "feed" | "sitemap" | "sitemapindex"),
    outcome (see result.OUTCOMES), reason (one line) / error ("URL: reason") / problem
    (an InputProblem), articles (a page's one RawArticle: outlet from the site name else the
    host, title, author, published, url = canonical URL; extra: canonical_url, fetched_url),
    entries (a listing's: Entry(url, date, title, listing, sitemap)), listing and
    entry_date (the feed or sitemap that gave this URL, and its date for it), duplicate_of.
Known(etag=None, last_modified=None, sha256=None)
    What the store has for a URL: `known(url)` returns it (or True, or None). Without
    `refresh` a known URL is not requested at all; with it, the request is conditional.

Politeness and bounds
    robots.txt per origin (protego; RFC 9309: 4xx = no rules, 5xx or unreachable = refuse
    all; Crawl-delay honoured up to 30 s) -> "refused by robots.txt"; one request at a time
    per host, `delay` seconds apart (redirect hops and retries included), hosts in
    parallel; User-Agent "attrib/<version> (…)"; `timeout` per request (connect, and the
    whole body); retries on 429, 5xx and broken connections, backoff doubling, Retry-After
    honoured up to `max_retry_after` (past it: failed at once); at most `max_redirects`
    ("redirect loop: A -> B", "too many redirects"); bodies past `max_bytes` refused while
    streaming ("too large"), gzip/deflate decompressed in bounded steps ("decompresses past
    the 8 MB limit (a compression bomb?)"); a Content-Type that cannot be a page, feed or
    sitemap is refused before its body is read ("not HTML (image/png)").
"""
from attrib.ingest.web.crawl import crawl, discover, parse_since
from attrib.ingest.web.fetch import USER_AGENT, Fetcher
from attrib.ingest.web.page import PageError, read_page
from attrib.ingest.web.result import (ARTICLE, DUPLICATE, FAILED, KNOWN, LISTING, NOT_MODIFIED, OUTCOMES,
                                      UNCHANGED, Entry, FetchResult, Known, article_key)
from attrib.ingest.web.urls import is_web_url, normalise_url
from attrib.ingest.web.warc import is_warc_path, read_warc

__all__ = [
    "ARTICLE", "DUPLICATE", "FAILED", "KNOWN", "LISTING", "NOT_MODIFIED", "OUTCOMES", "UNCHANGED",
    "USER_AGENT", "Entry", "FetchResult", "Fetcher", "Known", "PageError", "article_key", "crawl",
    "discover", "is_warc_path", "is_web_url", "normalise_url", "parse_since", "read_page", "read_warc",
]
