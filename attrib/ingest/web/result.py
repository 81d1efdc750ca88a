"""What reading one URL (or one WARC record) gives: `FetchResult`, and the key that
makes an article read from the web one article however it was reached."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from attrib.types import InputProblem, RawArticle
from attrib.ingest.web.urls import normalise_url

# The outcomes of one URL (FetchResult.outcome).
ARTICLE = "article"  # a page was read: `articles` holds it
LISTING = "listing"  # a feed or sitemap (index): `entries` lists what it points to
NOT_MODIFIED = "not_modified"  # a conditional request answered 304: the stored version stands
UNCHANGED = "unchanged"  # fetched again (200) with the very bytes stored before (same sha256)
KNOWN = "known"  # already stored and no --refresh: not fetched at all, no request made
DUPLICATE = "duplicate"  # the same article (article_key) as a result earlier in this crawl
FAILED = "failed"  # `reason` says why, in one line
OUTCOMES = (ARTICLE, LISTING, NOT_MODIFIED, UNCHANGED, KNOWN, DUPLICATE, FAILED)


def utc_now() -> str:
    """Now as ISO 8601 in UTC, to the second ("2024-03-05T08:30:00+00:00")."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class Entry:
    """One item a feed or sitemap lists: a page to fetch (or, from a sitemap index, a
    sitemap). `date` is the entry's own date (published / updated / lastmod) as ISO 8601
    in UTC, when it gives one."""

    url: str
    date: str | None = None
    title: str | None = None
    listing: str | None = None  # the feed or sitemap that listed it
    sitemap: bool = False  # a sitemap index's child: fetched as a listing, not a page


@dataclass
class Known:
    """What the store holds about a URL already read: the validators for a conditional
    request, and the sha256 of the stored bytes (to tell a 200 with the same bytes)."""

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None


@dataclass
class FetchResult:
    """One URL asked (or one WARC record), and what came of it.

    `outcome` is one of OUTCOMES. `content` is the body as served, transfer and content
    encodings (gzip, deflate) undone: the bytes to keep as evidence, `sha256` their hash.
    `fetched_at` is ISO 8601 in UTC (a WARC record's WARC-Date). `reason` is set exactly
    when the outcome is FAILED: one line, without the URL; `error` is the line naming it.
    """

    url: str  # as asked (a feed entry's link, a WARC target URI)
    final_url: str | None = None  # after redirects
    http_status: int | None = None
    fetched_at: str | None = None
    content: bytes = b""
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None  # the media type, without parameters ("text/html")
    kind: str | None = None  # what the response is: "html", "feed", "sitemap", "sitemapindex"
    outcome: str = FAILED
    reason: str | None = None
    articles: list[RawArticle] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # a listing's entries
    listing: str | None = None  # the feed or sitemap this URL was found in, if any
    entry_date: str | None = None  # the date that listing gave it
    redirects: list[str] = field(default_factory=list)  # the URLs redirected through
    duplicate_of: str | None = None  # DUPLICATE: the URL that gave the same article first

    @property
    def ok(self) -> bool:
        return self.outcome != FAILED

    @property
    def error(self) -> str | None:
        """The failure as one line naming the URL ("http://…/a: HTTP 404 Not Found")."""
        return None if self.reason is None else f"{self.url}: {self.reason}"

    @property
    def problem(self) -> InputProblem | None:
        """The failure as ingest reports problems (path = the URL)."""
        return None if self.reason is None else InputProblem(self.url, self.reason)

    @property
    def key(self) -> str | None:
        return article_key(self)

    def fail(self, reason: str) -> FetchResult:
        self.outcome, self.reason = FAILED, " ".join(str(reason).split()) or "failed"
        self.articles = []
        return self


def article_key(item: RawArticle | FetchResult) -> str | None:
    """The article's stable identity on the web: its canonical URL, normalised
    (`normalise_url`). For a FetchResult, its first article's canonical URL, else the
    final URL, else the URL asked. Hash it into the article id: the same page reached
    through a feed and through a sitemap (or with ?utm_source=…) gives one key."""
    if isinstance(item, FetchResult):
        for art in item.articles:
            key = article_key(art)
            if key:
                return key
        return normalise_url(item.final_url or "") or normalise_url(item.url)
    if isinstance(item, RawArticle):
        canonical = item.extra.get("canonical_url") if isinstance(item.extra, dict) else None
        return normalise_url(canonical or item.url or "")
    raise TypeError(f"article_key takes a RawArticle or a FetchResult, not {type(item).__name__}")
