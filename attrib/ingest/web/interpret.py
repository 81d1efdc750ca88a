"""A fetched body read for what it is: a page into its article, a feed or a sitemap into
its entries. Shared by the fetcher and the WARC reader."""
from __future__ import annotations

from attrib.ingest.web.discover import FEED, HTML, SITEMAP, SITEMAP_INDEX, describe
from attrib.ingest.web.feeds import FeedError, feed_entries
from attrib.ingest.web.page import PageError, read_page
from attrib.ingest.web.result import ARTICLE, FAILED, LISTING, NOT_MODIFIED, UNCHANGED, FetchResult, Known
from attrib.ingest.web.sitemaps import SitemapError, sitemap_entries

PAGE = "page"
SITEMAP_EXPECTED = "sitemap"


def interpret(res: FetchResult, expect: str | None = None, known: Known | None = None) -> FetchResult:
    """Fill `outcome` and `articles` or `entries` of a fetched result. `expect` = "page"
    (a feed's or sitemap's entry) refuses anything but a page; "sitemap" (a sitemap
    index's child) anything but a sitemap. Bytes equal to the stored ones (`known.sha256`)
    are UNCHANGED and not read again."""
    if res.outcome in (FAILED, NOT_MODIFIED):
        return res
    if known is not None and known.sha256 and res.sha256 == known.sha256:
        res.outcome = UNCHANGED
        return res
    kind = res.kind
    where = res.final_url or res.url
    if expect == PAGE and kind != HTML:
        return res.fail(describe(kind, res.content_type))
    if expect == SITEMAP_EXPECTED and kind not in (SITEMAP, SITEMAP_INDEX):
        return res.fail(f"not a sitemap ({'an HTML page' if kind == HTML else describe(kind, res.content_type)})")
    try:
        if kind == HTML:
            res.articles = [read_page(res.content, where, res.content_type)]
            res.outcome = ARTICLE
        elif kind == FEED:
            res.entries = feed_entries(res.content, where)
            res.outcome = LISTING
        elif kind in (SITEMAP, SITEMAP_INDEX):
            res.entries = sitemap_entries(res.content, where)
            res.outcome = LISTING
        else:
            return res.fail(describe(kind, res.content_type))
    except (PageError, FeedError, SitemapError) as e:
        return res.fail(str(e))
    return res
