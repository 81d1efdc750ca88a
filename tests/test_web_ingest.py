"""`attrib run` / `ingest` on URLs and WARC files, as a user drives them, against the local
test server (tests/webkit.py): articles stored with their versions, stored URLs not
fetched again, --refresh conditional, edits stored as new versions and analyzed again."""
from __future__ import annotations

import json
from io import BytesIO


from conftest import assert_contract
from webkit import PAGES, Reply, export_rows


export = export_rows


def page_requests(site):
    return [p for p in site.paths() if p.startswith(("/news/", "/amp/"))]


def test_run_on_a_feed_stores_its_articles_and_a_rerun_fetches_no_page(cli_run, site):
    feed = site.url("/feeds/harbour")
    res = cli_run("run", feed, "--delay", "0")
    assert res.exit_code == 0, res.stderr
    articles = export(cli_run, "articles")
    assert sorted(a["title"] for a in articles) == ["Ferry crossings doubled while the bridge is shut",
                                                    "Harbour bridge closed after inspection finds cracks"]
    # the site name, else the host (the ferry page names no site)
    assert {a["outlet"] for a in articles} == {"The Kestrel Gazette", "127.0.0.1"}
    bridge = next(a for a in articles if a["title"].startswith("Harbour"))
    assert bridge["published"].startswith("2024-03-05")
    assert bridge["url"] == site.url("/news/bridge-closed")
    assert bridge["source_file"] == bridge["url"]
    assert export(cli_run, "claims")
    first = len(page_requests(site))
    assert first == 2
    again = cli_run("run", feed, "--delay", "0")
    assert again.exit_code == 0, again.stderr
    assert len(page_requests(site)) == first  # the feed again, no page
    assert export(cli_run, "articles") == articles
    versions = export(cli_run, "versions")
    assert len(versions) == 2 and all(v["version"] == 1 and len(v["sha256"]) == 64 for v in versions)
    assert {v["article_id"] for v in versions} == {a["article_id"] for a in articles}
    assert all(v["http_status"] == 200 and v["changed"] == [] and v["fetched_at"] for v in versions)


def _validated(site, path, body, etag='"v1"', modified="Tue, 05 Mar 2024 09:00:00 GMT"):
    """Serve `body` (a list holding the current text) with ETag / Last-Modified, 304 when matched."""
    def route(seen):
        tag = f'"{hash(body[0]) & 0xffff}"' if etag else None
        headers = {"ETag": tag} if tag else {}
        headers["Last-Modified"] = modified
        if tag and seen.headers.get("if-none-match") == tag:
            return Reply(b"", status=304, headers=headers)
        return Reply(body[0].encode(), headers=headers)
    site.route(path, route)


def test_refresh_sends_conditional_requests_and_an_edit_is_a_new_version_analyzed_again(cli_run, site):
    text = [(PAGES / "bridge.html").read_text().replace("{base}", site.base)]
    _validated(site, "/news/bridge-closed", text)
    url = site.url("/news/bridge-closed")
    assert cli_run("run", url, "--delay", "0").exit_code == 0
    before = {c["claim_id"] for c in export(cli_run, "claims")}
    res = cli_run("run", url, "--delay", "0", "--refresh")
    assert res.exit_code == 0, res.stderr
    refreshed = site.requests("/news/bridge-closed")
    assert len(refreshed) == 2
    assert "if-none-match" not in refreshed[0].headers
    assert refreshed[1].headers.get("if-none-match") or refreshed[1].headers.get("if-modified-since")
    assert len(export(cli_run, "versions")) == 1  # 304: no new version
    # edited after publication: the attribution is gone
    text[0] = text[0].replace('said Lena Farrow, the department\'s chief engineer, in a statement',
                              'officials said')
    res = cli_run("run", url, "--delay", "0", "--refresh")
    assert res.exit_code == 0, res.stderr
    versions = export(cli_run, "versions")
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["sha256"] != versions[1]["sha256"]
    articles = export(cli_run, "articles")
    assert len(articles) == 1 and "officials said" in articles[0]["text"]
    after = export(cli_run, "claims")
    assert {c["claim_id"] for c in after} != before  # analyzed again
    assert all(articles[0]["text"][c["start"]:c["end"]] == c["text"] for c in after)
    # unchanged now: a further --refresh stores nothing new
    assert cli_run("run", url, "--delay", "0", "--refresh").exit_code == 0
    assert len(export(cli_run, "versions")) == 2


def test_the_same_page_via_feed_and_sitemap_is_one_article(cli_run, site):
    res = cli_run("ingest", site.url("/feeds/harbour"), site.url("/sitemap.xml"), "--delay", "0",
                  "--since", "2024-01-01")
    assert res.exit_code == 0, res.stderr
    articles = export(cli_run, "articles")
    assert [a["url"] for a in articles].count(site.url("/news/bridge-closed")) == 1
    assert len(articles) == 3  # ferry, bridge, library (the lighthouse is older than --since)
    n = len(page_requests(site))
    # again, through the sitemap alone: every page is known
    assert cli_run("ingest", site.url("/sitemap.xml"), "--delay", "0", "--since", "2024-01-01").exit_code == 0
    assert len(page_requests(site)) == n
    assert len(export(cli_run, "articles")) == 3


def test_a_404_among_the_urls_is_named_and_the_others_stored(cli_run, site):
    missing = site.url("/news/gone")
    res = cli_run("run", site.url("/news/ferry"), missing, site.url("/news/westmere-library"), "--delay", "0")
    assert res.exit_code == 1
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"attrib: {missing}: ") and "404" in lines[0]
    assert len(export(cli_run, "articles")) == 2


def test_robots_txt_refusal_is_a_named_failure(cli_run, site):
    res = cli_run("ingest", site.url("/private/notes"), "--delay", "0")
    assert res.exit_code == 1
    assert "robots.txt" in res.stderr and site.url("/private/notes") in res.stderr


def test_bad_since_is_a_usage_error(cli_run, site):
    res = cli_run("run", site.url("/feeds/harbour"), "--since", "next tuesday-ish")
    assert res.exit_code == 2
    assert "--since" in res.stderr


def test_a_warc_file_ingests_its_html_records(cli_run, tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "news.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, body, ctype in [
            ("https://gazette.example/news/bridge-closed", (PAGES / "bridge.html").read_bytes(), "text/html"),
            ("https://gazette.example/news/ferry", (PAGES / "ferry.html").read_bytes(), "text/html"),
            ("https://gazette.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "image/png"),
        ]:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2024-03-05T09:15:00Z"}))
    res = cli_run("run", str(path))
    assert res.exit_code == 0, res.stderr
    articles = export(cli_run, "articles")
    assert sorted(a["url"] for a in articles) == ["https://gazette.example/news/bridge-closed",
                                                  "https://gazette.example/news/ferry"]
    versions = export(cli_run, "versions")
    assert len(versions) == 2 and all(v["fetched_at"].startswith("2024-03-05T09:15:00") for v in versions)
    assert cli_run("run", str(path)).exit_code == 0  # again: nothing new
    assert export(cli_run, "versions") == versions


def test_export_versions_formats(cli_run, site):
    assert cli_run("ingest", site.url("/news/ferry"), "--delay", "0").exit_code == 0
    csv_out = cli_run("export", "versions", "--format", "csv")
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].split(",")[:7] == ["article_id", "url", "version", "fetched_at",
                                                            "http_status", "sha256", "changed"]
    data = json.loads(cli_run("export", "versions", "--format", "json").stdout)
    assert len(data) == 1 and data[0]["url"] == site.url("/news/ferry")


def test_check_contract_on_a_database_from_a_feed(cli_run, db_path, site):
    assert cli_run("run", site.url("/feeds/harbour"), "--delay", "0").exit_code == 0
    # an edit read by `ingest` alone: the earlier text's claims must not outlive it
    edited = (PAGES / "ferry.html").read_text().replace("a spokesperson for the operator said", "the operator said")
    site.serve("/news/ferry", edited)
    res = cli_run("ingest", site.url("/feeds/harbour"), "--delay", "0", "--refresh")
    assert res.exit_code == 0, res.stderr
    assert "1 new version" in res.stdout
    assert_contract(db_path)


def test_progress_counts_fetched_failed_and_skipped(tmp_path, site):
    from io import StringIO

    from rich.console import Console

    from attrib.cli.progress import StageBars
    from attrib.ingest.stage import ingest_paths
    from attrib.ingest.web_stage import WebOptions
    from attrib.store.store import Store

    store = Store(tmp_path / "p.db")
    told: list[str] = []
    out = StringIO()
    with StageBars(Console(file=out, force_terminal=True, width=100)) as bars:
        def on_fetch(text: str) -> None:
            told.append(text)
            bars("ingest", len(told), None, text)

        report = ingest_paths(store, [site.url("/feeds/harbour"), site.url("/news/gone")],
                              web=WebOptions(delay=0), on_fetch=on_fetch)
    assert (report.pages_fetched, report.pages_failed, report.pages_skipped) == (3, 1, 0)
    assert told[-1] == "3 fetched, 1 failed, 0 skipped"
    assert "fetched" in out.getvalue()
    report = ingest_paths(store, [site.url("/feeds/harbour")], web=WebOptions(delay=0))
    assert (report.pages_fetched, report.pages_skipped, report.new_articles) == (1, 2, 0)
    store.close()
