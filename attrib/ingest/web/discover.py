"""What a response is — an HTML page, an RSS/Atom feed, a sitemap or a sitemap index —
told apart by its content (its root element), the Content-Type only deciding what is
worth reading at all."""
from __future__ import annotations

import re

HTML = "html"
FEED = "feed"
SITEMAP = "sitemap"
SITEMAP_INDEX = "sitemapindex"
LISTINGS = (FEED, SITEMAP, SITEMAP_INDEX)

HTML_TYPES = {"text/html", "application/xhtml+xml"}
XML_TYPES = {"application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
             "application/rdf+xml", "application/x-rss+xml", "application/x-atom+xml"}
# Types that may still hold a page, feed or sitemap (misconfigured servers, sitemap.xml.gz):
# read, then judged by their content.
SNIFFED_TYPES = {"", "text/plain", "application/octet-stream", "application/gzip", "application/x-gzip",
                 "binary/octet-stream"}

_ROOT = re.compile(
    rb"\A(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)",
    re.S | re.I,
)
_HTML_ROOTS = {b"html", b"head", b"body", b"div", b"p", b"meta", b"title", b"article", b"main",
               b"section", b"header", b"link", b"script", b"style", b"table", b"h1", b"a", b"span"}
_LISTING_ROOTS = {b"rss": FEED, b"feed": FEED, b"rdf": FEED, b"urlset": SITEMAP,
                  b"sitemapindex": SITEMAP_INDEX}


def media_type(content_type: str | None) -> str:
    """"text/html; charset=utf-8" -> "text/html"."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None


def worth_reading(content_type: str | None) -> bool:
    """Whether a body with this Content-Type may be a page, a feed or a sitemap: checked
    before the body is read, so an image or a PDF is never downloaded."""
    media = media_type(content_type)
    return media in HTML_TYPES or media in XML_TYPES or media in SNIFFED_TYPES or media.endswith("+xml")


def root_element(data: bytes) -> bytes | None:
    """The local name of the first element, lower-cased (b"rss", b"urlset", b"html")."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: rare for feeds; look at it as text
        try:
            head = head.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return None
    match = _ROOT.match(head)
    if not match:
        return None
    return match.group(1).rsplit(b":", 1)[-1].lower()


def classify(data: bytes, content_type: str | None = None) -> str | None:
    """HTML, FEED, SITEMAP or SITEMAP_INDEX by what the body is, else None.

    The root element decides: <rss>, Atom's <feed> and RSS 1.0's <rdf:RDF> are feeds,
    <urlset> a sitemap, <sitemapindex> an index, <html> (or a fragment of HTML) a page. A
    body served as text/html whose start names no element is still taken as a page (the
    extractor then says whether it holds an article)."""
    root = root_element(data)
    if root in _LISTING_ROOTS:
        return _LISTING_ROOTS[root]
    media = media_type(content_type)
    if root in _HTML_ROOTS:
        return HTML
    if media in HTML_TYPES:
        return HTML
    return None


def describe(kind: str | None, content_type: str | None) -> str:
    """Why a body is not read as a page: "not HTML (image/png)"."""
    media = media_type(content_type) or "no Content-Type"
    if kind in LISTINGS:
        return f"a {'feed' if kind == FEED else 'sitemap'}, not an article page"
    if media in XML_TYPES or media.endswith("+xml"):
        return f"not HTML ({media}, neither a feed nor a sitemap)"
    return f"not HTML ({media})"
