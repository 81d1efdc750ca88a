"""YAML front matter atop a .txt or .md article ("---" lines around `outlet`, `title`,
`published`, `url`, `author`), as static-site generators and note tools write it.

The block is metadata, not article text: the article's `text` is what follows it, and
its offsets count from there."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

FIELDS = ("outlet", "title", "published", "url", "author")
_BLOCK = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """The block is there but is not YAML naming the fields as strings."""


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, body): the front matter's known fields as strings, and the text after the
    block. A text without a block gives ({}, text) unchanged."""
    m = _BLOCK.match(text)
    if m is None:
        return {}, text
    import yaml

    try:
        data: Any = yaml.safe_load(m.group("yaml") or "") or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise FrontMatterError(f"front matter is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be key: value lines, got {type(data).__name__}")
    fields: dict[str, str] = {}
    for key in FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime)):  # YAML reads 2026-03-15 as a date
            value = value.isoformat()
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise FrontMatterError(f"front matter {key!r} must be text, got {type(value).__name__}")
        if str(value).strip():
            fields[key] = str(value).strip()
    return fields, text[m.end():]
