"""XML sitemaps and sitemap indexes (sitemaps.org, with Google News' publication dates)
into their entries, parsed by lxml with entities, DTDs and the network turned off."""
from __future__ import annotations

from lxml import etree

from attrib.ingest.web.result import Entry
from attrib.ingest.web.urls import normalise_url
from attrib.ingest.web.when import iso_utc

MAX_ENTRIES = 50_000  # the protocol's own limit for one sitemap


class SitemapError(Exception):
    pass


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(elem: etree._Element, *path: str) -> str | None:
    node = elem
    for name in path:
        node = next((c for c in node if _local(c.tag) == name), None)
        if node is None:
            return None
    text = (node.text or "").strip()
    return text or None


def sitemap_entries(data: bytes, url: str, max_entries: int = MAX_ENTRIES) -> list[Entry]:
    """The entries of a <urlset> (pages) or a <sitemapindex> (sitemaps, `sitemap=True`):
    each one's <loc>, with its news:publication_date, else its <lastmod>."""
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as e:
        raise SitemapError(f"malformed sitemap: {e}") from None
    if root is None:
        raise SitemapError("malformed sitemap: no root element")
    index = _local(root.tag) == "sitemapindex"
    wanted = "sitemap" if index else "url"
    entries: list[Entry] = []
    for elem in root:
        if _local(elem.tag) != wanted:
            continue
        target = normalise_url(_child_text(elem, "loc") or "", base=url)
        if not target:
            continue
        date = iso_utc(_child_text(elem, "news", "publication_date") or _child_text(elem, "lastmod"))
        title = _child_text(elem, "news", "title")
        entries.append(Entry(url=target, date=date, title=title, listing=url, sitemap=index))
        if len(entries) >= max_entries:
            break
    return entries
