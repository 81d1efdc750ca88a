"""Fetching one URL politely and within bounds: robots.txt, a per-host delay, a
User-Agent naming attrib, timeouts, retries with backoff on 429 and 5xx (Retry-After
honoured up to a cap), redirects followed up to a limit, bodies refused past the size
limit or once they decompress past it, non-HTML named and not downloaded, conditional
requests (ETag / Last-Modified) answered 304 as "not modified".

HTTP is urllib3's; redirects, retries and decompression are done here (not by urllib3)
so that each hop is checked against robots.txt and waits its host's turn, and so that
no body is ever decoded past the limit.
"""
from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin

import urllib3
from urllib3 import exceptions as u3

from attrib import __version__
from attrib.ingest.files import max_file_bytes
from attrib.ingest.web.body import GZIP_MAGIC, BodyError, gunzip, read_body
from attrib.ingest.web.discover import classify, describe, media_type, worth_reading
from attrib.ingest.web.politeness import ROBOTS_MAX_BYTES, HostClock, RobotsCache, RobotsRules, parse_robots
from attrib.ingest.web.result import NOT_MODIFIED, FetchResult, Known, utc_now
from attrib.ingest.web.urls import WEB_SCHEMES, host_of, origin_of

ROBOT_NAME = "attrib"  # the product token robots.txt rules are matched against
USER_AGENT = f"{ROBOT_NAME}/{__version__} (claim and source-attribution checker for news)"
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_BACKOFF = 60.0
HTML_ACCEPT = ("text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.9,"
               "application/atom+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1")


@dataclass
class _Hop:
    """One HTTP exchange (no redirect followed): what came back, or why nothing did."""

    url: str
    status: int | None = None
    reason: str = ""  # the status line's phrase ("Not Found")
    headers: Any = field(default_factory=dict)
    body: bytes | None = None
    error: str | None = None  # nothing usable came back: timed out, refused, too large…
    retryable: bool = False  # the error may pass (a reset connection, not a timeout)
    fetched_at: str | None = None


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        import datetime as dt

        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, when.timestamp() - time.time())


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "reason", None) or exc)
    # urllib3 wraps the OS error: "<urllib3.connection.HTTPConnection object at 0x…>: Failed to
    # establish a new connection: [Errno 111] Connection refused" -> "Connection refused"
    if "]" in text and "[Errno" in text:
        text = text.rsplit("]", 1)[-1]
    return " ".join(text.split()).strip(" :") or type(exc).__name__


class Fetcher:
    """Fetches URLs for attrib, politely. Thread-safe: one Fetcher serves every thread of
    a crawl (each host waits its own turn, hosts proceed in parallel).

    delay: seconds between two requests to one host (a robots.txt Crawl-delay, up to 30 s,
      lengthens it for that host). timeout: seconds a request may take (connecting, and
      reading the body in all). max_bytes: the size limit of a body, on the wire and once
      decompressed (default: attrib.ingest.files.max_file_bytes(): $ATTRIB_MAX_FILE_MB,
      else 8 MB; 0 for none). max_redirects: redirects followed per URL. retries: tries
      after the first on 429, 5xx and broken connections, waiting backoff * 2**n seconds
      (or the Retry-After asked, if it is at most max_retry_after). robots: honour
      robots.txt (only tests turn it off). workers: hosts fetched in parallel by `crawl`.
    """

    def __init__(self, *, delay: float = 1.0, timeout: float = 20.0, max_bytes: int | None = None,
                 max_redirects: int = 5, retries: int = 3, backoff: float = 1.0,
                 max_retry_after: float = 60.0, user_agent: str | None = None, robots: bool = True,
                 workers: int = 4) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.delay = max(0.0, float(delay))
        self.timeout = float(timeout)
        self.max_bytes = max_file_bytes(max_bytes)
        self.max_redirects = max(0, int(max_redirects))
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.max_retry_after = max(0.0, float(max_retry_after))
        self.user_agent = user_agent or USER_AGENT
        self.honour_robots = robots
        self.workers = max(1, int(workers))
        self.clock = HostClock(self.delay)
        self.robots = RobotsCache(self._load_robots)
        self.stopped = threading.Event()  # set by close(): waits end, no new request starts
        self._count_lock = threading.Lock()
        self.requests = 0  # HTTP requests sent (robots.txt included)
        self._headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        self._pool = urllib3.PoolManager(
            num_pools=64, maxsize=2, retries=False,
            timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
        )

    # -- the public face -------------------------------------------------------------------

    def fetch(self, url: str, known: Known | None = None, expect: str | None = None) -> FetchResult:
        """Fetch one URL and read it: a page into its article, a feed or sitemap into its
        entries (not fetched; `crawl` does that). `known` (what the store has for this
        URL) makes the request conditional. `expect` = "page" or "sitemap" refuses any
        other kind of response. Never raises for what the web does: see `outcome`."""
        from attrib.ingest.web.interpret import interpret

        return interpret(self.get(url, known), expect=expect, known=known)

    def get(self, url: str, known: Known | None = None) -> FetchResult:
        """The transport alone: the response for `url` (redirects followed), its body
        undecoded by nothing but HTTP, and `kind`; no article read. `outcome` is then
        FAILED, NOT_MODIFIED, or "" (a body was fetched)."""
        res = FetchResult(url=url, outcome="")
        try:
            return self._get(res, known)
        except BodyError as e:
            return res.fail(str(e))

    def close(self) -> None:
        self.stopped.set()
        self._pool.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one URL, redirects followed ---------------------------------------------------------

    def _get(self, res: FetchResult, known: Known | None) -> FetchResult:
        current = res.url.strip()
        scheme = current.split(":", 1)[0].lower()
        if scheme not in WEB_SCHEMES or not host_of(current):
            return res.fail("not an http(s) URL")
        headers: dict[str, str] = {"Accept": HTML_ACCEPT}
        if known is not None and known.etag:
            headers["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        seen = [current]
        hop: _Hop | None = None
        for _ in range(self.max_redirects + 1):
            refusal = self._robots_refusal(current)
            if refusal:
                return self._at(res, current).fail(refusal)
            hop = self._exchange(current, headers)
            if hop.error:
                return self._at(res, current).fail(hop.error)
            if hop.status in REDIRECTS:
                location = hop.headers.get("Location")
                if not location:
                    return self._at(res, current).fail(f"HTTP {hop.status} redirect without a Location")
                try:
                    target = urldefrag(urljoin(current, location.strip()))[0]
                except ValueError:
                    return self._at(res, current).fail(f"HTTP {hop.status} redirect to a bad URL: {location[:200]}")
                if target.split(":", 1)[0].lower() not in WEB_SCHEMES:
                    return self._at(res, current).fail(f"redirect to a non-http(s) URL: {target[:200]}")
                if target in seen:
                    res.redirects = seen[1:]
                    return self._at(res, current).fail(f"redirect loop: {current} -> {target}")
                seen.append(target)
                current = target
                continue
            break
        else:
            res.redirects = seen[1:]
            return self._at(res, current).fail(f"too many redirects (more than {self.max_redirects})")
        assert hop is not None
        res.redirects = seen[1:]
        self._at(res, current)
        res.http_status = hop.status
        res.fetched_at = hop.fetched_at
        res.etag = hop.headers.get("ETag")
        res.last_modified = hop.headers.get("Last-Modified")
        res.content_type = media_type(hop.headers.get("Content-Type")) or None
        if hop.status == 304:
            if "If-None-Match" in headers or "If-Modified-Since" in headers:
                res.outcome = NOT_MODIFIED
                if known is not None:  # a 304 may omit the validators: the stored ones stand
                    res.etag = res.etag or known.etag
                    res.last_modified = res.last_modified or known.last_modified
                return res
            return res.fail("HTTP 304 Not Modified to a request that was not conditional")
        if hop.status is None or not 200 <= hop.status < 300:
            phrase = f" {hop.reason}" if hop.reason else ""
            at = f" (redirected to {current})" if res.redirects else ""
            return res.fail(f"HTTP {hop.status}{phrase}{at}")
        if hop.body is None:  # not worth reading: never downloaded
            return res.fail(describe(None, hop.headers.get("Content-Type")))
        body = hop.body
        if body.startswith(GZIP_MAGIC):  # a gzip file served as such (sitemap.xml.gz)
            body = gunzip(body, self.max_bytes)
        res.content = body
        res.sha256 = hashlib.sha256(body).hexdigest()
        res.kind = classify(body, hop.headers.get("Content-Type"))
        if res.kind is None:
            return res.fail(describe(None, hop.headers.get("Content-Type")))
        return res

    @staticmethod
    def _at(res: FetchResult, url: str) -> FetchResult:
        res.final_url = url
        return res

    # -- robots.txt --------------------------------------------------------------------------

    def _robots_refusal(self, url: str) -> str | None:
        if not self.honour_robots:
            return None
        rules = self.robots.rules(origin_of(url))
        if rules.reason and rules.network:
            return rules.reason  # the host cannot be reached: that is what went wrong
        if rules.reason:
            return f"refused by robots.txt: it could not be read ({rules.reason}), so the site is not crawled"
        if not rules.allows(url, ROBOT_NAME):
            return "refused by robots.txt"
        return None

    def _load_robots(self, origin: str) -> RobotsRules:
        url = f"{origin}/robots.txt"
        for _ in range(6):  # RFC 9309: follow at least five redirects
            hop = self._exchange(url, {"Accept": "text/plain,*/*;q=0.5"}, robots=True)
            if hop.error:
                return RobotsRules(reason=hop.error, network=True)
            if hop.status in REDIRECTS and hop.headers.get("Location"):
                url = urljoin(url, hop.headers["Location"])
                continue
            status = hop.status or 0
            if 200 <= status < 300:
                rules = parse_robots((hop.body or b"").decode("utf-8", "replace"))
                delay = rules.crawl_delay(ROBOT_NAME)
                if delay:
                    self.clock.set_delay(host_of(origin), delay)
                return rules
            if 400 <= status < 500 and status != 429:
                return RobotsRules(allow_all=True)  # no robots.txt: everything may be fetched
            return RobotsRules(reason=f"HTTP {status}")
        return RobotsRules(reason="too many redirects")

    # -- one exchange, retried ---------------------------------------------------------------

    def _exchange(self, url: str, headers: dict[str, str], robots: bool = False) -> _Hop:
        hop = _Hop(url)
        for attempt in range(self.retries + 1):
            hop = self._once(url, headers, robots)
            wait: float | None = None
            if hop.error:
                if not hop.retryable:
                    return hop
                wait = self.backoff * 2 ** attempt
            elif hop.status in RETRY_STATUSES or (hop.status or 0) >= 500 and hop.status != 501:
                asked = _retry_after(hop.headers.get("Retry-After"))
                if asked is not None and asked > self.max_retry_after:
                    hop.reason = (f"{hop.reason} (asked to retry after {asked:.0f} s, past the "
                                  f"{self.max_retry_after:g} s cap)").strip()
                    return hop
                wait = asked if asked is not None else self.backoff * 2 ** attempt
            else:
                return hop
            if attempt == self.retries:
                return hop
            if self.stopped.wait(min(wait, MAX_BACKOFF)):
                hop.error = hop.error or "stopped"
                return hop
        return hop

    def _once(self, url: str, headers: dict[str, str], robots: bool) -> _Hop:
        hop = _Hop(url)
        if self.stopped.is_set():
            hop.error = "stopped before it was fetched"
            return hop
        host = host_of(url)
        with self.clock.turn(host):
            with self._count_lock:
                self.requests += 1
            deadline = time.monotonic() + self.timeout
            resp = None
            try:
                resp = self._pool.request("GET", url, headers={**self._headers, **headers}, redirect=False, retries=False,
                                          preload_content=False, decode_content=False)
                hop.fetched_at = utc_now()
                hop.status, hop.reason, hop.headers = resp.status, resp.reason or "", resp.headers
                if 200 <= resp.status < 300 and (robots or worth_reading(resp.headers.get("Content-Type"))):
                    limit = ROBOTS_MAX_BYTES if robots else self.max_bytes
                    hop.body = read_body(resp, limit, deadline, self.timeout, truncate=robots)
                    resp.release_conn()
                    resp = None
            except BodyError as e:
                hop.error = str(e)
            except u3.NameResolutionError:
                hop.error = f"cannot resolve the host {host.rsplit(':', 1)[0]}"
            except u3.NewConnectionError as e:  # before TimeoutError: urllib3 derives it from that
                hop.error, hop.retryable = f"cannot connect: {_one_line(e)}", True
            except (u3.TimeoutError, TimeoutError):
                hop.error = f"timed out after {self.timeout:g} s"
            except u3.SSLError as e:
                hop.error = f"TLS error: {_one_line(e)}"
            except (u3.ProtocolError, u3.DecodeError, ConnectionError) as e:
                hop.error, hop.retryable = f"connection broken: {_one_line(e)}", True
            except (u3.LocationValueError, u3.LocationParseError, ValueError) as e:
                hop.error = f"not a valid URL: {_one_line(e)}"
            except u3.HTTPError as e:
                hop.error = f"HTTP failure: {_one_line(e)}"
            finally:
                if resp is not None:
                    resp.close()
        return hop
