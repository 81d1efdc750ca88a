"""The web reader's parts on their own: URL normalisation, telling responses apart,
bounded decompression, dates, the per-host clock, Retry-After."""
from __future__ import annotations

import gzip
import time
import zlib

import pytest

from attrib.ingest.web import FetchResult, article_key, is_web_url, normalise_url
from attrib.ingest.web.body import BodyError, gunzip, size_text
from attrib.ingest.web.discover import FEED, HTML, SITEMAP, SITEMAP_INDEX, classify, worth_reading
from attrib.ingest.web.fetch import _retry_after
from attrib.ingest.web.politeness import HostClock
from attrib.ingest.web.when import before, iso_utc, as_utc
from attrib.types import RawArticle


def test_normalise_url():
    assert normalise_url("HTTPS://WWW.Example.COM:443/a/b?utm_source=rss&z=2&a=1#comments") == \
        "https://www.example.com/a/b?a=1&z=2"
    assert normalise_url("/news/x", base="http://127.0.0.1:8080/feed") == "http://127.0.0.1:8080/news/x"
    assert normalise_url("http://example.com") == "http://example.com/"
    for bad in ("ftp://example.com/x", "mailto:a@b.c", "http://[::1", "", None, "javascript:void(0)"):
        assert normalise_url(bad) is None
    assert is_web_url("https://x.org/a") and is_web_url("HTTP://x.org") and not is_web_url("corpus/a.html")


def test_article_key_prefers_the_canonical_url():
    art = RawArticle(text="t", url="https://example.com/a?utm_medium=x")
    assert article_key(art) == "https://example.com/a"
    res = FetchResult(url="https://example.com/amp/a", final_url="https://example.com/amp/a", articles=[art])
    assert article_key(res) == "https://example.com/a"
    assert article_key(FetchResult(url="https://example.com/b#x")) == "https://example.com/b"
    with pytest.raises(TypeError):
        article_key("https://example.com/a")


@pytest.mark.parametrize("body,ctype,kind", [
    (b"<?xml version='1.0'?>\n<!-- a feed -->\n<rss version='2.0'><channel/></rss>", "text/html", FEED),
    (b"\xef\xbb\xbf<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'/>", None, FEED),
    (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>", "application/xml", FEED),
    (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>", "text/plain", SITEMAP),
    (b"<?xml version='1.0'?><sitemapindex/>", "application/xml", SITEMAP_INDEX),
    (b"<!DOCTYPE html>\n<html><body>x</body></html>", "application/octet-stream", HTML),
    (b"  <div>fragment</div>", None, HTML),
    (b"plain words", "text/html", HTML),
    (b"plain words", "text/plain", None),
    (b"<?xml version='1.0'?><catalog/>", "application/xml", None),
])
def test_classify_by_content(body, ctype, kind):
    assert classify(body, ctype) == kind


def test_worth_reading_before_the_body():
    assert worth_reading("text/html; charset=utf-8") and worth_reading("application/atom+xml")
    assert worth_reading(None) and worth_reading("application/x-gzip")
    assert not worth_reading("image/png") and not worth_reading("application/pdf")
    assert not worth_reading("video/mp4") and not worth_reading("application/json")


def test_gunzip_is_bounded():
    small = gzip.compress(b"<urlset/>")
    assert gunzip(small, 100) == b"<urlset/>"
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), 100) == b"abcd"  # several members
    bomb = gzip.compress(b"\0" * (64 << 20))
    started = time.monotonic()
    with pytest.raises(BodyError, match="compression bomb"):
        gunzip(bomb, 1 << 20)
    assert time.monotonic() - started < 5
    with pytest.raises(BodyError, match="badly compressed"):
        gunzip(b"\x1f\x8b" + b"nonsense" * 10, 1000)
    assert zlib  # deflate is covered through the fetcher


def test_size_text():
    assert size_text(8 << 20) == "8 MB" and size_text(1536 * 1024) == "1.5 MB"
    assert size_text(50_000) == "49 KB" and size_text(12) == "12 bytes"


def test_dates_in_utc():
    assert iso_utc("2024-03-05") == "2024-03-05T00:00:00+00:00"
    assert iso_utc("2024-03-07T16:00:00+01:00") == "2024-03-07T15:00:00+00:00"
    assert iso_utc("Tue, 05 Mar 2024 08:30:00 GMT") == "2024-03-05T08:30:00+00:00"
    assert iso_utc("not a date") is None and iso_utc(None) is None
    since = as_utc("2024-03-06")
    assert before("2024-03-05T23:59:00+00:00", since) and not before("2024-03-06", since)
    assert not before(None, since) and not before("2020-01-01", None)


def test_retry_after():
    assert _retry_after("3") == 3.0 and _retry_after(None) is None and _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 120))
    assert 100 < _retry_after(later) <= 120


def test_host_clock_waits_per_host_only():
    waits: list[float] = []
    clock = HostClock(1.0, sleep=waits.append)
    with clock.turn("a"):
        pass
    with clock.turn("b"):  # another host: no wait
        pass
    assert waits == []
    with clock.turn("a"):
        pass
    assert len(waits) == 1 and 0.9 < waits[0] <= 1.0
    clock.set_delay("b", 500)  # a Crawl-delay: capped
    assert clock.delay_for("b") == 30.0 and clock.delay_for("a") == 1.0
