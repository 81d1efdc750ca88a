"""Fetching one URL: robots.txt, errors, retries, redirects, timeouts, size limits, bombs,
non-HTML, conditional requests and the per-host delay, against a local server."""
from __future__ import annotations

import gzip
import zlib

import pytest

from attrib.ingest.web import (ARTICLE, FAILED, LISTING, NOT_MODIFIED, UNCHANGED, USER_AGENT, Fetcher, Known,
                               article_key, crawl)
from webkit import HTML, Reply, WebServer, news_site


@pytest.fixture
def fetcher():
    with Fetcher(delay=0, timeout=5, retries=2, backoff=0.01) as f:
        yield f


def test_article_page_with_its_metadata(site, fetcher):
    res = fetcher.fetch(site.url("/news/bridge-closed"))
    assert res.outcome == ARTICLE, res.error
    assert res.http_status == 200 and res.final_url == site.url("/news/bridge-closed")
    assert res.content_type == "text/html" and res.kind == "html"
    assert res.fetched_at.endswith("+00:00") and len(res.sha256) == 64
    [art] = res.articles
    assert art.outlet == "The Kestrel Gazette"
    assert art.title == "Harbour bridge closed after inspection finds cracks"
    assert art.author == "Mira Okonkwo"
    assert art.published == "2024-03-05"
    assert art.url == site.url("/news/bridge-closed")  # the canonical link, resolved
    assert "cracks in two of its supporting piers" in art.text
    assert article_key(res) == article_key(art) == site.url("/news/bridge-closed")


def test_user_agent_names_attrib_and_its_version(site, fetcher):
    fetcher.fetch(site.url("/news/ferry"))
    agents = {s.headers.get("user-agent") for s in site.requests()}
    assert agents == {USER_AGENT}
    from attrib import __version__

    assert USER_AGENT.startswith(f"attrib/{__version__}")


def test_outlet_falls_back_to_the_host_and_og_url_is_canonical(site, fetcher):
    ferry = fetcher.fetch(site.url("/news/ferry")).articles[0]
    assert ferry.outlet == "127.0.0.1"  # no site name on the page: its host
    assert ferry.url == site.url("/news/ferry")
    council = fetcher.fetch(site.url("/news/westmere-library?utm_campaign=x")).articles[0]
    assert council.url == site.url("/news/westmere-library")  # og:url, relative, resolved
    assert council.published == "2024-03-07" and council.author == "Tomas Reyes"


def test_a_canonical_pointing_at_the_home_page_is_ignored(site, fetcher):
    page = site.routes["/news/ferry"](None).body.decode()
    site.serve("/news/ferry-2", page.replace("<head>", '<head><link rel="canonical" href="/">'))
    res = fetcher.fetch(site.url("/news/ferry-2"))
    assert res.articles[0].url == site.url("/news/ferry-2")


def test_robots_txt_refuses_a_disallowed_path(site, fetcher):
    res = fetcher.fetch(site.url("/private/notes"))
    assert res.outcome == FAILED and res.reason == "refused by robots.txt"
    assert res.error == f"{site.url('/private/notes')}: refused by robots.txt"
    assert "/private/notes" not in site.paths()
    fetcher.fetch(site.url("/news/ferry"))
    assert site.paths().count("/robots.txt") == 1  # read once per host


def test_robots_txt_unreachable_refuses_the_site(fetcher):
    server = WebServer()
    server.serve("/robots.txt", "down", status=503, content_type="text/plain")
    server.serve("/a", "<html><body><p>one two three four five six</p></body></html>")
    server.start()
    try:
        res = fetcher.fetch(server.url("/a"))
        assert res.outcome == FAILED and res.reason.startswith("refused by robots.txt")
        assert "HTTP 503" in res.reason
        assert "/a" not in server.paths()
    finally:
        server.stop()


def test_crawl_delay_in_robots_txt_lengthens_the_delay(site):
    site.serve("/robots.txt", "User-agent: attrib\nCrawl-delay: 0.3\nDisallow:\n", content_type="text/plain")
    with Fetcher(delay=0) as f:
        f.fetch(site.url("/news/ferry"))
        f.fetch(site.url("/news/bridge-closed"))
    times = [s.at for s in site.requests()]
    assert len(times) == 3 and times[2] - times[1] >= 0.29


def test_404_is_named(site, fetcher):
    res = fetcher.fetch(site.url("/news/missing"))
    assert res.outcome == FAILED and res.http_status == 404
    assert res.reason == "HTTP 404 Not Found"
    assert site.paths().count("/news/missing") == 1  # a 404 is not retried


def test_500_then_success_is_retried(site, fetcher):
    calls = []

    def flaky(seen):
        calls.append(seen)
        if len(calls) == 1:
            return Reply(b"oops", status=500, content_type="text/plain")
        return site.routes["/news/ferry"](seen)

    site.route("/flaky", flaky)
    res = fetcher.fetch(site.url("/flaky"))
    assert res.outcome == ARTICLE and res.http_status == 200
    assert len(calls) == 2


def test_503_every_time_gives_up_after_the_retries(site, fetcher):
    site.serve("/down", "down", status=503, content_type="text/plain")
    res = fetcher.fetch(site.url("/down"))
    assert res.reason == "HTTP 503 Service Unavailable"
    assert site.paths().count("/down") == 3  # the first try and retries=2


def test_429_honours_retry_after_within_the_cap(site, fetcher):
    calls = []

    def busy(seen):
        calls.append(seen.at)
        if len(calls) == 1:
            return Reply(b"slow down", status=429, headers={"Retry-After": "0"}, content_type="text/plain")
        return site.routes["/news/ferry"](seen)

    site.route("/busy", busy)
    assert fetcher.fetch(site.url("/busy")).outcome == ARTICLE
    site.serve("/later", "come back tomorrow", status=429, headers={"Retry-After": "86400"},
               content_type="text/plain")
    res = fetcher.fetch(site.url("/later"))
    assert res.outcome == FAILED and "past the 60 s cap" in res.reason
    assert site.paths().count("/later") == 1  # not waited for


def test_redirects_followed_loops_and_limits_refused(site, fetcher):
    site.serve("/old/bridge", "", status=301, headers={"Location": "/news/bridge-closed"})
    res = fetcher.fetch(site.url("/old/bridge"))
    assert res.outcome == ARTICLE and res.final_url == site.url("/news/bridge-closed")
    assert res.redirects == [site.url("/news/bridge-closed")]

    site.serve("/moved", "", status=301, headers={"Location": "/news/missing#top"})
    res = fetcher.fetch(site.url("/moved"))
    assert res.reason == f"HTTP 404 Not Found (redirected to {site.url('/news/missing')})"

    site.serve("/loop/a", "", status=302, headers={"Location": "/loop/b"})
    site.serve("/loop/b", "", status=302, headers={"Location": "/loop/a"})
    res = fetcher.fetch(site.url("/loop/a"))
    assert res.outcome == FAILED and res.reason.startswith("redirect loop")
    assert site.paths().count("/loop/a") == 1 and site.paths().count("/loop/b") == 1

    for n in range(10):
        site.serve(f"/hop/{n}", "", status=307, headers={"Location": f"/hop/{n + 1}"})
    with Fetcher(delay=0, max_redirects=3) as f:
        res = f.fetch(site.url("/hop/0"))
    assert res.reason == "too many redirects (more than 3)"
    assert sum(p.startswith("/hop/") for p in site.paths()) == 4


def test_a_redirect_into_a_disallowed_path_is_refused(site, fetcher):
    site.serve("/go", "", status=302, headers={"Location": "/private/notes"})
    res = fetcher.fetch(site.url("/go"))
    assert res.reason == "refused by robots.txt" and res.final_url == site.url("/private/notes")
    assert "/private/notes" not in site.paths()


def test_a_slow_server_times_out(site):
    site.serve("/slow", "<html><body>late</body></html>", delay=3.0)
    with Fetcher(delay=0, timeout=0.5, retries=2, backoff=0.01) as f:
        res = f.fetch(site.url("/slow"))
    assert res.outcome == FAILED and res.reason == "timed out after 0.5 s"
    assert site.paths().count("/slow") == 1  # a timeout is not retried: --timeout bounds the URL


def test_non_html_is_named_and_skipped(site, fetcher):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 2000
    site.serve("/photo", png, content_type="image/png")
    res = fetcher.fetch(site.url("/photo"))
    assert res.outcome == FAILED and res.reason == "not HTML (image/png)"
    assert res.content == b"" and res.sha256 is None  # never downloaded
    site.serve("/data.json", '{"a": 1}', content_type="application/json")
    assert fetcher.fetch(site.url("/data.json")).reason == "not HTML (application/json)"
    site.serve("/other.xml", "<?xml version='1.0'?><catalog/>", content_type="application/xml")
    assert "neither a feed nor a sitemap" in fetcher.fetch(site.url("/other.xml")).reason


def test_an_oversized_page_is_refused(site):
    big = "<html><body>" + "<p>word " * 30_000 + "</body></html>"
    site.serve("/big", big)  # with Content-Length: refused before reading
    site.serve("/big-stream", big, length=False)  # no length: refused while streaming
    with Fetcher(delay=0, max_bytes=50_000) as f:
        declared = f.fetch(site.url("/big"))
        streamed = f.fetch(site.url("/big-stream"))
    assert declared.reason == ("too large: 234 KB, over the 49 KB limit "
                               "(raise it with --max-file-mb or ATTRIB_MAX_FILE_MB)")
    assert streamed.reason.startswith("too large: over the 49 KB limit (raise it")


def test_a_gzip_bomb_is_refused(site):
    bomb = gzip.compress(b" " * (16 << 20), compresslevel=9)
    assert len(bomb) < 100_000
    site.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    deflated = zlib.compress(b"<p>" + b" " * (16 << 20), 9)
    site.serve("/deflate-bomb", deflated, headers={"Content-Encoding": "deflate"})
    with Fetcher(delay=0, max_bytes=1 << 20) as f:
        for path in ("/bomb", "/deflate-bomb"):
            res = f.fetch(site.url(path))
            assert res.outcome == FAILED
            assert res.reason == "decompresses past the 1 MB limit (a compression bomb?)"


def test_gzip_and_deflate_bodies_are_decoded(site, fetcher):
    page = site.routes["/news/ferry"](None).body
    site.serve("/gz", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    site.serve("/raw-deflate", zlib.compress(page)[2:-4], headers={"Content-Encoding": "deflate"})
    for path in ("/gz", "/raw-deflate"):
        res = fetcher.fetch(site.url(path))
        assert res.outcome == ARTICLE and res.content == page, res.error
    assert site.requests("/gz")[0].headers["accept-encoding"] == "gzip, deflate"


def test_a_page_edited_between_two_fetches(site, fetcher):
    state = {"version": 1}

    def page(seen):
        body = site.routes["/news/ferry"](seen).body
        if state["version"] == 2:
            body = body.replace(b"every fifteen minutes", b"every twenty minutes")
        etag = f'"v{state["version"]}"'
        if seen.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(body, headers={"ETag": etag, "Last-Modified": "Wed, 06 Mar 2024 10:00:00 GMT"})

    site.route("/live", page)
    url = site.url("/live")
    first = fetcher.fetch(url)
    assert first.outcome == ARTICLE and first.etag == '"v1"'
    stored = Known(etag=first.etag, last_modified=first.last_modified, sha256=first.sha256)

    again = fetcher.fetch(url, known=stored)
    assert again.outcome == NOT_MODIFIED and again.http_status == 304 and not again.articles
    sent = site.requests("/live")[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Wed, 06 Mar 2024 10:00:00 GMT"

    state["version"] = 2
    edited = fetcher.fetch(url, known=stored)
    assert edited.outcome == ARTICLE and edited.http_status == 200 and edited.etag == '"v2"'
    assert edited.sha256 != first.sha256
    assert "every twenty minutes" in edited.articles[0].text
    assert article_key(edited) == article_key(first)


def test_a_200_with_the_stored_bytes_is_unchanged(site, fetcher):
    first = fetcher.fetch(site.url("/news/ferry"))  # the server sends no validators
    res = fetcher.fetch(site.url("/news/ferry"), known=Known(sha256=first.sha256))
    assert res.outcome == UNCHANGED and not res.articles


def test_a_page_without_article_text(site, fetcher):
    site.serve("/empty", "<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    res = fetcher.fetch(site.url("/empty"))
    assert res.outcome == FAILED and res.reason == "no article text found in the HTML"


def test_bad_urls_and_refused_connections(fetcher):
    assert fetcher.fetch("ftp://example.org/x").reason == "not an http(s) URL"
    server = WebServer()  # bound, then closed: nothing listens on its port any more
    url = server.url("/x")
    server.httpd.server_close()
    res = fetcher.fetch(url)
    assert res.outcome == FAILED and res.reason == "cannot connect: Connection refused"
    with Fetcher(delay=0, retries=0, robots=False) as f:
        assert f.fetch(url).reason == "cannot connect: Connection refused"


def test_the_delay_is_honoured_per_host_and_hosts_run_in_parallel():
    one, two = news_site(WebServer()).start(), news_site(WebServer()).start()
    try:
        paths = ["/news/bridge-closed", "/news/ferry", "/news/westmere-library"]
        urls = [s.url(p) for p in paths for s in (one, two)]
        with Fetcher(delay=0.2, workers=2) as f:
            results = list(crawl(urls, f))
        assert [r.outcome for r in results] == [ARTICLE] * 6
        for server in (one, two):
            times = [s.at for s in server.requests()]
            assert [s.path for s in server.requests()] == ["/robots.txt"] + paths
            gaps = [b - a for a, b in zip(times, times[1:])]
            assert min(gaps) >= 0.19, gaps  # robots.txt included: every request to a host waits
        # parallel: each host's second request comes before the other host's last one
        assert one.requests()[1].at < two.requests()[-1].at
        assert two.requests()[1].at < one.requests()[-1].at
    finally:
        one.stop()
        two.stop()


def test_listings_are_told_by_their_content(site, fetcher):
    atom = fetcher.fetch(site.url("/feeds/harbour"))  # text/xml, no .xml in the URL
    assert atom.outcome == LISTING and atom.kind == "feed"
    assert [e.url for e in atom.entries] == [site.url("/news/ferry"), site.url("/amp/bridge-closed")]
    rss = fetcher.fetch(site.url("/feeds/news.rss"))
    assert rss.kind == "feed" and rss.entries[0].date == "2024-03-07T15:00:00+00:00"
    # utm_* parameters dropped
    assert rss.entries[1].url == site.url("/news/bridge-closed")
    index = fetcher.fetch(site.url("/sitemap.xml"))
    assert index.kind == "sitemapindex" and all(e.sitemap for e in index.entries)
    news = fetcher.fetch(site.url("/sitemaps/news.xml"))
    assert news.kind == "sitemap" and news.entries[0].date == "2024-03-05T08:30:00+00:00"
    assert news.entries[1].date == "2024-03-07T15:00:00+00:00"  # lastmod, in UTC
    # a feed served as text/html is still a feed
    site.serve("/feed-as-html", site.routes["/feeds/news.rss"](None).body, content_type=HTML)
    assert fetcher.fetch(site.url("/feed-as-html")).kind == "feed"
    # a gzipped sitemap file
    site.serve("/sitemap.xml.gz", gzip.compress(news.content), content_type="application/x-gzip")
    gz = fetcher.fetch(site.url("/sitemap.xml.gz"))
    assert gz.kind == "sitemap" and len(gz.entries) == 3
