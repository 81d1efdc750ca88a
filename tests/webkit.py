"""A local web server for the web-reading tests: serves on 127.0.0.1 on a free port,
records every request (path, headers, the monotonic time it arrived), and is stopped
by the test's fixture. No test reaches any other address."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

PAGES = Path(__file__).parent / "web_pages"
HTML = "text/html; charset=utf-8"


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = HTML
    length: bool = True  # send Content-Length (else the body ends when the connection closes)
    delay: float = 0.0  # seconds to wait before answering (bounded: the server may stop first)


@dataclass
class Seen:
    path: str
    query: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request arrived


Route = Callable[[Seen], Reply]


class WebServer:
    """Routes are exact paths (query ignored for matching); anything else is 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Seen] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                seen = Seen(parts.path, parts.query, {k.lower(): v for k, v in self.headers.items()},
                            time.monotonic())
                with server._lock:
                    server.log.append(seen)
                route = server.routes.get(parts.path)
                reply = route(seen) if route else Reply(b"<html><body>no such page</body></html>", status=404)
                if reply.delay:
                    server.stopping.wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    if reply.content_type:
                        self.send_header("Content-Type", reply.content_type)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.length:
                        self.send_header("Content-Length", str(len(reply.body)))
                    else:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    if reply.status != 304:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str) -> str:
        return self.base + path

    # -- laying out pages ---------------------------------------------------------------------

    def route(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def serve(self, path: str, body: bytes | str, **reply: object) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda _seen: Reply(data, **reply)

    def serve_file(self, path: str, name: str, **reply: object) -> None:
        """A file of tests/web_pages, with {base} replaced by this server's base URL."""
        text = (PAGES / name).read_text(encoding="utf-8").replace("{base}", self.base)
        self.serve(path, text, **reply)

    def requests(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.log if path is None or s.path == path]

    def paths(self) -> list[str]:
        return [s.path for s in self.requests()]


def news_site(server: WebServer) -> WebServer:
    """The Kestrel Gazette: articles, feeds, sitemaps and robots.txt."""
    server.serve_file("/robots.txt", "robots.txt", content_type="text/plain")
    server.serve_file("/news/bridge-closed", "bridge.html")
    server.serve_file("/amp/bridge-closed", "bridge.html")  # same article, canonical /news/bridge-closed
    server.serve_file("/news/westmere-library", "council.html")
    server.serve_file("/news/ferry", "ferry.html")
    server.serve_file("/news/lighthouse", "old.html")
    server.serve_file("/private/notes", "secret.html")
    server.serve_file("/feeds/news.rss", "rss.xml", content_type="application/rss+xml")
    server.serve_file("/feeds/harbour", "atom.xml", content_type="text/xml")  # no .xml: told by content
    server.serve_file("/sitemap.xml", "sitemap_index.xml", content_type="application/xml")
    server.serve_file("/sitemaps/news.xml", "sitemap_news.xml", content_type="application/xml")
    server.serve_file("/sitemaps/archive.xml", "sitemap_archive.xml", content_type="application/xml")
    return server


def export_rows(cli_run, table: str) -> list[dict]:
    """`attrib export TABLE` through the test's CLI runner, as records."""
    import json

    res = cli_run("export", table)
    assert res.exit_code == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
