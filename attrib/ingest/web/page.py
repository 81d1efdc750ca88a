"""An HTML page's bytes into a `RawArticle`: main text and metadata by trafilatura (the
same extraction as an .html file: attrib.ingest.files.read_html), the publication date
by htmldate (inside trafilatura, and from the URL when the page gives none), the outlet
from the site name (og:site_name, JSON-LD publisher) else the host, and the canonical URL
(<link rel=canonical>, else og:url) resolved and normalised with courlan."""
from __future__ import annotations

import re

from attrib.ingest.files import InputError, decode, read_html
from attrib.ingest.pages import outlet_unnamed, set_outlet
from attrib.ingest.web.discover import charset_of
from attrib.ingest.web.urls import is_site_root, normalise_url, site_host
from attrib.text.dates import parse_date
from attrib.types import RawArticle

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


class PageError(Exception):
    """The page holds no article that can be read."""


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """The page as text: the charset the response or the page's <meta> names, else UTF-8,
    else what charset-normalizer detects."""
    for charset in (charset_of(content_type), _meta_charset(data)):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return decode(data)[0]
    except InputError as e:
        raise PageError(str(e)) from None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def canonical_url(html: str, page_url: str) -> str | None:
    """The page's canonical URL (<link rel="canonical">, else og:url), resolved against
    the URL it was fetched from and normalised. A canonical that is the site's home page
    while the page is not (a common template bug) is ignored: it would make every article
    of the site one."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        tree = lxml_html.document_fromstring(html[:2_000_000])
    except (ParserError, ValueError):
        return None
    candidates = [link.get("href") for link in tree.iterfind(".//link[@href]")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    candidates += [meta.get("content") for meta in tree.iterfind(".//meta[@content]")
                   if (meta.get("property") or meta.get("name") or "").lower() == "og:url"]
    for href in candidates:
        url = normalise_url(href or "", base=page_url)
        if url and not (is_site_root(url) and not is_site_root(page_url)):
            return url
    return None


def read_page(data: bytes, url: str, content_type: str | None = None) -> RawArticle:
    """One article from the page fetched at `url` (its final URL). The article's `url`
    is its canonical URL (normalised), else `url` normalised; `extra` records
    `canonical_url` and `fetched_url`. PageError when the page holds no article text."""
    html = decode_html(data, content_type)
    try:
        art = read_html(html, url)
    except InputError as e:
        raise PageError(str(e)) from None
    fetched = normalise_url(url) or url
    canonical = canonical_url(html, fetched)
    art.url = canonical or fetched
    art.source_file = url
    art.extra["canonical_url"] = art.url
    art.extra["fetched_url"] = fetched
    if outlet_unnamed(art):  # no site name: the host it was read from names the outlet
        host = site_host(fetched)
        if host:
            set_outlet(art, host)
    if not art.published:
        art.published, raw = _date_from_url(html, art.url)
        art.published_text = art.published_text or raw
    return art


def _date_from_url(html: str, url: str) -> tuple[str | None, str | None]:
    """htmldate's quick look (the URL's /2024/03/05/ included) when trafilatura found none."""
    try:
        from htmldate import find_date

        found = find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a date is never worth failing a page for
        return None, None
    return parse_date(found) if found else (None, None)
