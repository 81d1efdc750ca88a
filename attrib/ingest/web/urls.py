"""URLs as the web reader compares them: normalised with courlan, fragments dropped."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan

WEB_SCHEMES = ("http", "https")


def is_web_url(text: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return isinstance(text, str) and text[:8].lower().startswith(("http://", "https://"))


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The URL in the one form the web reader compares and stores: resolved against
    `base`, scheme and host lower-cased, default port, tracking parameters (utm_…) and
    the fragment dropped, query parameters sorted (courlan.normalize_url). None when it is
    not an http(s) URL with a host."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
            return None
        url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        normal = courlan.normalize_url(url)
    except (ValueError, AttributeError):  # "http://[::1": nothing can be read from it
        return None
    parts = urlsplit(normal)
    if parts.scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    return urlunsplit(parts._replace(fragment=""))


def host_of(url: str) -> str:
    """host[:port] of a URL, lower-cased: the unit of politeness (robots.txt, delay)."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL: where its robots.txt lives."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def site_host(url: str | None) -> str | None:
    """The host an outlet is named after when the page names none ("www." dropped)."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return (host[4:] if host.startswith("www.") else host) or None


def is_site_root(url: str) -> bool:
    """Whether a URL is a site's home page ("https://example.com/")."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query
