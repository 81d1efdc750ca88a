"""A response body read within limits: its size on the wire, its size once gzip or
deflate is undone (a small body that expands past the limit is a compression bomb,
refused while decompressing), and the time it may take."""
from __future__ import annotations

import time
import zlib
from typing import Any

CHUNK = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
RAISE_HINT = "raise it with --max-file-mb or ATTRIB_MAX_FILE_MB"  # as attrib.ingest.files says it


class BodyError(Exception):
    """The body cannot be kept: too large, a bomb, too slow, badly compressed."""


def size_text(n: int) -> str:
    """A byte count for people: "8 MB", "512 KB", "300 bytes"."""
    if n >= 1 << 20:
        mb = n / (1 << 20)
        return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KB"
    return f"{n} bytes"


class _Inflater:
    """gzip / deflate undone in bounded steps: never more than `cap` + 1 bytes out."""

    def __init__(self, encoding: str, cap: int, truncate: bool = False) -> None:
        self.encoding = encoding
        self.cap = cap
        self.truncate = truncate  # past the cap: keep the first `cap` bytes instead of refusing
        self.full = False
        self.out = bytearray()
        self._obj: Any = self._new()
        self._started = False

    def _new(self) -> Any:
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS)  # deflate: zlib-wrapped, as the RFC says

    def feed(self, data: bytes) -> None:
        if self.full:
            return
        steps = 0
        while data:
            steps += 1
            if steps > 1_000_000:  # cannot happen with zlib; bounded all the same
                raise BodyError("cannot decompress the body")
            try:
                piece = self._obj.decompress(data, self.cap - len(self.out) + 1)
            except zlib.error as e:
                if self.encoding == "deflate" and not self._started:
                    # Some servers send raw deflate without the zlib wrapper.
                    self._obj, self._started = zlib.decompressobj(-zlib.MAX_WBITS), True
                    continue
                raise BodyError(f"badly compressed body ({self.encoding}): {e}") from None
            self._started = True
            self.out += piece
            if len(self.out) > self.cap:
                self._over()
                return
            if self._obj.unconsumed_tail:
                data = self._obj.unconsumed_tail
            elif self._obj.eof and self._obj.unused_data:
                data = self._obj.unused_data  # another gzip member follows
                self._obj = self._new()
                if not data.startswith(GZIP_MAGIC) and self.encoding != "deflate":
                    return  # trailing garbage after the gzip stream: ignored, as gzip(1) does
            else:
                data = b""

    def finish(self) -> bytes:
        if self.full:
            return bytes(self.out[: self.cap])
        try:
            rest = self._obj.flush()
        except zlib.error as e:
            raise BodyError(f"badly compressed body ({self.encoding}): {e}") from None
        self.out += rest
        if len(self.out) > self.cap:
            self._over()
        return bytes(self.out[: self.cap])

    def _over(self) -> None:
        if not self.truncate:
            raise BodyError(f"decompresses past the {size_text(self.cap)} limit (a compression bomb?)")
        self.full = True


def content_encoding(headers: Any) -> str:
    """The one Content-Encoding undone ("" for none); BodyError for any other."""
    value = (headers.get("Content-Encoding") or "").strip().lower()
    codings = [c.strip() for c in value.split(",") if c.strip() and c.strip() != "identity"]
    if not codings:
        return ""
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return codings[0]
    raise BodyError(f"unsupported Content-Encoding: {value}")


def read_body(resp: Any, limit: int | None, deadline: float, timeout: float, truncate: bool = False) -> bytes:
    """The body of an urllib3 response opened with preload_content=False, read raw in
    chunks and decoded here: refused past `limit` bytes on the wire or once decoded, or
    once `deadline` (time.monotonic) passes. With `truncate`, a body past the limit is
    cut there instead (robots.txt: only its start is read)."""
    declared = resp.headers.get("Content-Length")
    if (limit is not None and not truncate and declared and declared.strip().isdigit()
            and int(declared) > limit):
        raise BodyError(f"too large: {size_text(int(declared))}, over the {size_text(limit)} limit ({RAISE_HINT})")
    encoding = content_encoding(resp.headers)
    cap = limit if limit is not None else 1 << 62
    inflater = _Inflater(encoding, cap, truncate) if encoding else None
    raw = bytearray()
    received = 0
    while True:
        if time.monotonic() > deadline:
            raise BodyError(f"timed out after {timeout:g} s")
        chunk = resp.read1(CHUNK, decode_content=False)
        if not chunk:
            break
        received += len(chunk)
        if limit is not None and received > limit:
            if not truncate:
                raise BodyError(f"too large: over the {size_text(limit)} limit ({RAISE_HINT})")
            chunk = chunk[: len(chunk) - (received - limit)]
        if inflater is not None:
            inflater.feed(chunk)
        else:
            raw += chunk
        if limit is not None and (received >= limit or (inflater is not None and inflater.full)) and truncate:
            break
    return inflater.finish() if inflater is not None else bytes(raw)


def gunzip(data: bytes, limit: int | None) -> bytes:
    """A gzip file's content (a sitemap.xml.gz), within the same limit as a body."""
    inflater = _Inflater("gzip", limit if limit is not None else 1 << 62)
    inflater.feed(data)
    return inflater.finish()
