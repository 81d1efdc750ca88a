"""WARC files written here with warcio: each HTML response record is an article, its
target URI the url and its WARC-Date the fetch time; other records are passed over."""
from __future__ import annotations

import gzip
from io import BytesIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from attrib.ingest.web import ARTICLE, FAILED, article_key, is_warc_path, read_warc
from webkit import PAGES

WHEN = "2024-03-05T09:15:00Z"


def _response(writer, uri, body, content_type="text/html; charset=utf-8", status="200 OK", gzipped=False,
              date=WHEN):
    headers = [("Content-Type", content_type)]
    if gzipped:
        body = gzip.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def write_warc(path, gzip_records=True):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "attrib tests"}))
        request = writer.create_warc_record("https://gazette.example/news/bridge-closed", "request",
                                            payload=BytesIO(b"GET /news/bridge-closed HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        _response(writer, "https://gazette.example/news/bridge-closed", (PAGES / "bridge.html").read_bytes())
        _response(writer, "https://gazette.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
                  content_type="image/png")
        _response(writer, "https://gazette.example/old", b"", status="301 Moved Permanently")
        _response(writer, "https://gazette.example/robots.txt", b"User-agent: *\nDisallow:\n",
                  content_type="text/plain")
        _response(writer, "https://ferry.example/news/ferry", (PAGES / "ferry.html").read_bytes(), gzipped=True,
                  date="2024-03-06T07:00:00+01:00")
        _response(writer, "https://ferry.example/menu", b"<html><body><nav>Home</nav></body></html>")


@pytest.mark.parametrize("name,gz", [("news.warc.gz", True), ("news.warc", False)])
def test_each_html_response_record_is_an_article(tmp_path, name, gz):
    path = tmp_path / name
    write_warc(path, gzip_records=gz)
    assert is_warc_path(path)
    results = list(read_warc(path))
    assert [(r.url, r.outcome) for r in results] == [
        ("https://gazette.example/news/bridge-closed", ARTICLE),
        ("https://ferry.example/news/ferry", ARTICLE),
        ("https://ferry.example/menu", FAILED),
    ]
    bridge, ferry, menu = results
    assert bridge.fetched_at == "2024-03-05T09:15:00+00:00" and bridge.http_status == 200
    assert bridge.content == (PAGES / "bridge.html").read_bytes() and len(bridge.sha256) == 64
    art = bridge.articles[0]
    assert art.outlet == "The Kestrel Gazette" and art.author == "Mira Okonkwo"
    assert art.url == "https://gazette.example/news/bridge-closed"  # canonical, resolved on the record's URI
    assert article_key(bridge) == art.url
    assert ferry.fetched_at == "2024-03-06T06:00:00+00:00"  # in UTC
    assert ferry.articles[0].outlet == "ferry.example"  # no site name: the host
    assert ferry.content == (PAGES / "ferry.html").read_bytes()  # gzip undone
    assert menu.error == "https://ferry.example/menu: no article text found in the HTML"
    assert [r.url for r in read_warc(path, max_pages=1)] == ["https://gazette.example/news/bridge-closed"]


def test_a_record_over_the_size_limit(tmp_path):
    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as out:
        _response(WARCWriter(out, gzip=True), "https://big.example/a", b"<html><body>" + b"<p>x " * 50_000)
    [res] = read_warc(path, max_bytes=10_000)
    assert res.outcome == FAILED and res.reason.startswith("too large")


def test_not_a_warc_file(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not a WARC file at all\n" * 10)
    [res] = read_warc(path)
    assert res.outcome == FAILED and res.url == str(path) and res.reason.startswith("not a WARC file")


def test_a_damaged_warc_keeps_its_good_records(tmp_path, capfd):
    good = tmp_path / "good.warc"
    write_warc(good, gzip_records=False)
    data = good.read_bytes()
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(data + b"garbage where a record should start\r\n" * 3)
    results = list(read_warc(damaged))
    assert [r.outcome for r in results[:2]] == [ARTICLE, ARTICLE]
    assert results[-1].url == str(damaged) and results[-1].reason.startswith("damaged WARC file")
    assert "WARNING" not in capfd.readouterr().err  # warcio's own warnings are kept off stderr
