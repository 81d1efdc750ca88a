"""RSS and Atom feeds into their entries, with feedparser (given the bytes, never a URL:
feedparser would fetch it itself)."""
from __future__ import annotations

from attrib.ingest.web.result import Entry
from attrib.ingest.web.urls import normalise_url
from attrib.ingest.web.when import iso_utc

MAX_ENTRIES = 10_000


class FeedError(Exception):
    pass


def feed_entries(data: bytes, url: str, max_entries: int = MAX_ENTRIES) -> list[Entry]:
    """The entries of an RSS (0.9x, 1.0, 2.0) or Atom feed: each one's link, resolved
    against the feed's URL (and its xml:base), with its published (else updated) date.
    Entries without an http(s) link are left out."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url})
    if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
        err = parsed.get("bozo_exception")
        raise FeedError(f"malformed feed: {str(err).splitlines()[0] if err else 'unreadable'}")
    entries: list[Entry] = []
    for item in parsed.entries[:max_entries]:
        link = item.get("link") or _first_link(item)
        target = normalise_url(link, base=url) if link else None
        if not target:
            continue
        date = iso_utc(item.get("published_parsed") or item.get("updated_parsed")
                       or item.get("created_parsed"))
        entries.append(Entry(url=target, date=date, title=item.get("title") or None, listing=url))
    return entries


def _first_link(item: dict) -> str | None:
    for link in item.get("links") or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link["href"]
    return None
