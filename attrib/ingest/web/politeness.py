"""Politeness toward each host: its robots.txt (RFC 9309, parsed by protego; fetched once
per origin and cached) and a delay between two requests to one host, while other hosts
are served in parallel."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay is honoured up to this many seconds
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB; the rest is ignored


class HostClock:
    """One request at a time per host, each starting at least `delay` seconds after the
    previous one to that host ended. `turn(host)` holds the host for one request; hosts
    are independent, so threads working on other hosts never wait."""

    def __init__(self, delay: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = max(0.0, float(delay))
        self._sleep = sleep
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._extra: dict[str, float] = {}  # a longer delay a host asks for (Crawl-delay)

    def set_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._extra[host] = min(max(0.0, delay), MAX_CRAWL_DELAY)

    def delay_for(self, host: str) -> float:
        return max(self.delay, self._extra.get(host, 0.0))

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._lock:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.delay_for(host) - time.monotonic()
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()


@dataclass
class RobotsRules:
    """One origin's robots.txt as read: `parser` (a protego.Protego), or none and
    `allow_all` (no robots.txt: 4xx), or none and a `reason` everything is refused
    (unreachable: 5xx or a network failure, which RFC 9309 says means disallow all). The
    result is kept for the origin: a host that is down costs one failure, not one per URL."""

    parser: object | None = None
    allow_all: bool = False
    reason: str | None = None  # why robots.txt could not be read ("HTTP 503")
    network: bool = False  # …because the host could not be reached at all

    def allows(self, url: str, agent: str) -> bool:
        if self.parser is not None:
            return bool(self.parser.can_fetch(url, agent))
        return self.allow_all

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def parse_robots(text: str) -> RobotsRules:
    from protego import Protego

    return RobotsRules(parser=Protego.parse(text))


class RobotsCache:
    """robots.txt per origin, read once (`load(origin) -> RobotsRules`) however many
    threads ask at once."""

    def __init__(self, load: Callable[[str], RobotsRules]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, RobotsRules] = {}

    def rules(self, origin: str) -> RobotsRules:
        with self._lock:
            if origin in self._rules:
                return self._rules[origin]
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
            return self._rules[origin]
