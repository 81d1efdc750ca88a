"""WARC files (.warc, .warc.gz; Common Crawl's CC-NEWS among them) read with warcio:
each HTML response record becomes a FetchResult as if just fetched, its target URI as
the URL and its WARC-Date as the fetch time. Other records (requests, metadata,
revisits, redirects, images, robots.txt) are passed over: they hold no article."""
from __future__ import annotations

import contextlib
import hashlib
import io
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from attrib.ingest.files import max_file_bytes
from attrib.ingest.web.body import RAISE_HINT, size_text
from attrib.ingest.web.discover import HTML, classify, media_type, worth_reading
from attrib.ingest.web.interpret import PAGE, interpret
from attrib.ingest.web.result import FetchResult
from attrib.ingest.web.when import iso_utc

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc_path(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def read_warc(path: str | Path, max_bytes: int | None = None,
              max_pages: int | None = None) -> Iterator[FetchResult]:
    """One FetchResult per HTML response record (ARTICLE, or FAILED naming the record's
    URI: no article text, too large), at most `max_pages` of them. A file that is not a
    readable WARC gives one FAILED result naming the file. Record bodies are read with
    their chunked and gzip encodings undone (warcio), up to `max_bytes` (as Fetcher)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = max_file_bytes(max_bytes)
    given = read = 0
    noise = io.StringIO()  # warcio writes its warnings about damaged records to stderr
    try:
        with open(path, "rb") as stream:
            start = _start_of(stream)
            if not start.startswith((b"WARC/", b"filedesc://")):
                yield FetchResult(url=str(path)).fail("not a WARC file (it does not start with a WARC record)")
                return
            records = iter(ArchiveIterator(stream))
            while max_pages is None or given < max_pages:
                with contextlib.redirect_stderr(noise):
                    record = next(records, None)
                    res = _record_result(record, limit) if record is not None else None
                if record is None:
                    break
                read += 1
                if res is not None:
                    given += 1
                    yield res
    except ArchiveLoadFailed as e:
        what = "damaged WARC file" if read else "not a readable WARC file"
        yield FetchResult(url=str(path)).fail(f"{what}: {' '.join(str(e).split())[:200]}")
        return
    except OSError as e:
        yield FetchResult(url=str(path)).fail(f"cannot read: {e.strerror or e}")
        return
    except (EOFError, ValueError, zlib.error) as e:  # a truncated or damaged .gz
        yield FetchResult(url=str(path)).fail(f"truncated or damaged WARC file: {e}")
        return
    damaged = noise.getvalue().count("WARNING")
    if damaged:
        yield FetchResult(url=str(path)).fail(f"damaged WARC file: {damaged} record(s) not where their lengths say")


def _start_of(stream: BinaryIO) -> bytes:
    """The first bytes of the WARC, gzip undone; the stream is left where it was."""
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return b""
    return head[:64]


def _record_result(record: object, limit: int | None) -> FetchResult | None:
    rec_type = getattr(record, "rec_type", None)
    if rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    if not uri:
        return None
    status = 200
    if rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        try:
            status = int(http.get_statuscode() or 0)
        except ValueError:
            return None
        content_type = http.get_header("Content-Type")
    else:
        http = None
        content_type = headers.get_header("Content-Type")
    if not 200 <= status < 300 or not worth_reading(content_type):
        return None
    res = FetchResult(url=uri, final_url=uri, http_status=status, outcome="",
                      fetched_at=iso_utc(headers.get_header("WARC-Date")),
                      content_type=media_type(content_type) or None)
    if http is not None:
        res.etag = http.get_header("ETag")
        res.last_modified = http.get_header("Last-Modified")
    stream = record.content_stream()
    data = stream.read(limit + 1) if limit is not None else stream.read()
    if limit is not None and len(data) > limit:
        return res.fail(f"too large: over the {size_text(limit)} limit ({RAISE_HINT})")
    kind = classify(data, content_type)
    if kind != HTML:
        return None  # an XML or text record: no article
    res.content, res.sha256, res.kind = data, hashlib.sha256(data).hexdigest(), kind
    return interpret(res, expect=PAGE)
