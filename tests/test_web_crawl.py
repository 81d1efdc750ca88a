"""Crawling: feeds and sitemaps expanded into pages, bounded by max_pages, since and the
depth; each URL fetched once, each article given once; stored URLs not fetched again."""
from __future__ import annotations

import pytest

from attrib.ingest.web import (ARTICLE, DUPLICATE, FAILED, KNOWN, LISTING, NOT_MODIFIED, UNCHANGED, Fetcher,
                               Known, article_key, crawl, discover, parse_since)
from webkit import Reply


@pytest.fixture
def fetcher():
    with Fetcher(delay=0, timeout=5, retries=1, backoff=0.01) as f:
        yield f


def by_outcome(results):
    out: dict[str, list] = {}
    for res in results:
        out.setdefault(res.outcome, []).append(res)
    return out


def test_the_same_page_via_feed_and_sitemap_is_one_article(site, fetcher):
    feeds = [site.url("/feeds/news.rss"), site.url("/feeds/harbour"), site.url("/sitemap.xml")]
    results = list(crawl(feeds, fetcher))
    got = by_outcome(results)
    keys = [article_key(r) for r in got[ARTICLE]]
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(site.url(p) for p in
                                  ("/news/bridge-closed", "/news/westmere-library", "/news/ferry", "/news/lighthouse"))
    # the feed's ?utm_source link, the sitemap's plain one: fetched once
    assert site.paths().count("/news/bridge-closed") == 1
    # the Atom feed's /amp/ link is another URL, fetched, but its canonical is the same article
    [dup] = got[DUPLICATE]
    pair = {site.url("/amp/bridge-closed"), site.url("/news/bridge-closed")}
    assert {dup.url, dup.duplicate_of} == pair and article_key(dup) == site.url("/news/bridge-closed")
    assert site.paths().count("/amp/bridge-closed") == 1
    # the disallowed entry is named, not fetched
    [refused] = got[FAILED]
    assert refused.url == site.url("/private/notes") and refused.reason == "refused by robots.txt"
    assert refused.listing == site.url("/feeds/news.rss")
    assert {r.url for r in got[LISTING]} == set(feeds) | {site.url("/sitemaps/news.xml"),
                                                          site.url("/sitemaps/archive.xml")}
    # an entry knows the listing that gave it, and the date it gave
    ferry = next(r for r in got[ARTICLE] if r.url == site.url("/news/ferry"))
    assert ferry.listing == site.url("/feeds/harbour") and ferry.entry_date == "2024-03-06T10:00:00+00:00"


def test_since_drops_older_entries_and_sitemaps(site, fetcher):
    results = list(crawl([site.url("/sitemap.xml")], fetcher, since="2024-01-01"))
    assert "/sitemaps/archive.xml" not in site.paths()  # its lastmod is 2019
    assert "/news/lighthouse" not in site.paths()  # dated 2019 in the news sitemap
    assert {r.url for r in results if r.outcome == ARTICLE} == {site.url("/news/bridge-closed"),
                                                                site.url("/news/westmere-library")}


def test_max_pages_takes_the_newest_entries(site, fetcher):
    results = list(crawl([site.url("/feeds/news.rss")], fetcher, max_pages=1))
    assert [r.outcome for r in results] == [LISTING, ARTICLE]
    assert results[1].url == site.url("/news/westmere-library")  # 7 March, the newest
    assert list(crawl([site.url("/sitemap.xml")], Fetcher(delay=0), max_pages=0))[0].outcome == LISTING
    assert "/sitemaps/news.xml" not in site.paths()  # no page to fetch: no sitemap either


def test_a_url_given_twice_is_fetched_once(site, fetcher):
    urls = [site.url("/news/ferry"), site.url("/news/ferry?utm_source=x"), site.url("/news/ferry#top")]
    assert [r.outcome for r in crawl(urls, fetcher)] == [ARTICLE]
    assert site.paths().count("/news/ferry") == 1


def test_stored_urls_are_not_fetched_again(site):
    with Fetcher(delay=0) as first:
        stored = {article_key(r): r for r in crawl([site.url("/news/ferry"), site.url("/news/bridge-closed")], first)}
    asked: list[str] = []

    def known(url):
        asked.append(url)
        res = stored.get(url)
        return Known(res.etag, res.last_modified, res.sha256) if res else None

    before = len(site.requests())
    with Fetcher(delay=0) as again:
        results = list(crawl([site.url("/news/ferry"), site.url("/news/bridge-closed?utm_medium=x")], again,
                             known=known))
        assert [r.outcome for r in results] == [KNOWN, KNOWN]
        assert again.requests == 0 and len(site.requests()) == before  # not even robots.txt
    assert asked == [site.url("/news/ferry"), site.url("/news/bridge-closed")]  # normalised


def test_refresh_sends_conditional_requests(site):
    versions = {"/live/a": 1}

    def live(seen):
        body = site.routes["/news/ferry"](seen).body
        tag = f'"{versions["/live/a"]}"'
        if seen.headers.get("if-none-match") == tag:
            return Reply(status=304, headers={"ETag": tag})
        if versions["/live/a"] == 2:
            body = body.replace(b"Tickets will cost the same", b"Tickets will cost more")
        return Reply(body, headers={"ETag": tag})

    site.route("/live/a", live)
    with Fetcher(delay=0) as f:
        [first] = crawl([site.url("/live/a")], f)
        store = {site.url("/live/a"): Known(first.etag, first.last_modified, first.sha256)}
        [same] = crawl([site.url("/live/a")], f, known=store.get, refresh=True)
        assert same.outcome == NOT_MODIFIED
        versions["/live/a"] = 2
        [edited] = crawl([site.url("/live/a")], f, known=store.get, refresh=True)
        assert edited.outcome == ARTICLE and edited.sha256 != first.sha256
    # a known URL without validators: fetched in full, unchanged bytes told by sha256
    with Fetcher(delay=0) as f:
        [res] = crawl([site.url("/news/ferry")], f, known=lambda u: Known(sha256=_sha(site, "/news/ferry")),
                      refresh=True)
    assert res.outcome == UNCHANGED


def _sha(site, path):
    import hashlib

    return hashlib.sha256(site.routes[path](None).body).hexdigest()


def test_entries_must_be_pages_and_index_children_sitemaps(site, fetcher):
    site.serve("/feeds/odd", f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
        <item><link>{site.url('/feeds/harbour')}</link></item>
        <item><link>{site.url('/news/gone')}</link></item></channel></rss>""", content_type="application/rss+xml")
    site.serve("/odd-index.xml", f"""<?xml version="1.0"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{site.url('/news/ferry')}</loc></sitemap></sitemapindex>""", content_type="application/xml")
    got = {r.url: r for r in crawl([site.url("/feeds/odd"), site.url("/odd-index.xml")], fetcher)}
    assert got[site.url("/feeds/harbour")].reason == "a feed, not an article page"
    assert got[site.url("/news/gone")].reason == "HTTP 404 Not Found"
    assert got[site.url("/news/ferry")].reason == "not a sitemap (an HTML page)"


def test_nested_and_self_listing_sitemaps_stop(site, fetcher):
    # an index that lists itself, and a chain of indexes deeper than the bound
    site.serve("/self.xml", f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{site.url('/self.xml')}</loc></sitemap>
        <sitemap><loc>{site.url('/chain/0.xml')}</loc></sitemap></sitemapindex>""", content_type="application/xml")
    for n in range(20):
        site.serve(f"/chain/{n}.xml", f"""<?xml version="1.0"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>{site.url(f'/chain/{n + 1}.xml')}</loc></sitemap></sitemapindex>""",
                   content_type="application/xml")
    results = list(crawl([site.url("/self.xml")], fetcher, max_depth=3))
    assert site.paths().count("/self.xml") == 1
    assert sum(p.startswith("/chain/") for p in site.paths()) == 3  # depths 1, 2 and 3
    assert results[-1].reason == "not fetched: sitemap nested more than 3 deep"


def test_closing_the_crawl_stops_it(site, fetcher):
    gen = crawl([site.url("/feeds/news.rss")], fetcher)
    assert next(gen).outcome == LISTING
    gen.close()
    assert not any(p.startswith("/news/") for p in site.paths())


def test_bad_inputs(fetcher):
    [res] = crawl(["not a url"], fetcher)
    assert res.outcome == FAILED and res.error == "not a url: not an http(s) URL"
    with pytest.raises(ValueError):
        parse_since("sometime")
    assert parse_since("2024-03-05").isoformat() == "2024-03-05T00:00:00+00:00"


def test_discover_one_url(site):
    res = discover(site.url("/feeds/harbour"), Fetcher(delay=0))
    assert res.outcome == LISTING and len(res.entries) == 2
