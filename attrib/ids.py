"""Stable ids: content hashes, so the same input always gives the same ids."""
from __future__ import annotations

import hashlib


def content_id(*parts: object, length: int = 16) -> str:
    """Hash the parts (joined unambiguously) into a short hex id."""
    h = hashlib.sha256()
    for part in parts:
        data = "" if part is None else str(part)
        h.update(len(data).to_bytes(8, "little"))
        h.update(data.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
