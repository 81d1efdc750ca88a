"""Publication dates: an ISO date only when the input really gives one.

"June 27" has no year and "an hour ago" no anchor, so both stay as text
(`published_text`) and `published` stays null rather than guessed.
"""
from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateparser

_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


def parse_date(value: object) -> tuple[str | None, str | None]:
    """Return (ISO 8601 date or None, the original text or None)."""
    if value is None:
        return None, None
    raw = str(value).strip()
    if not raw:
        return None, None
    if not _YEAR.search(raw):
        return None, raw
    try:
        parsed = dateparser.parse(raw, fuzzy=True, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None, raw
    if parsed is None or parsed.year == 1900:
        return None, raw
    return parsed.date().isoformat(), raw
