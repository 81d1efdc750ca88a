"""Dates of feed and sitemap entries, and `--since`, compared as instants in UTC."""
from __future__ import annotations

import datetime as dt
import time

UTC = dt.timezone.utc


def as_utc(value: object) -> dt.datetime | None:
    """A date, datetime, struct_time or date text ("2024-03-05", "2024-03-05T08:30:00+01:00",
    "Tue, 05 Mar 2024 08:30:00 GMT") as an aware datetime in UTC; a date or a time without
    zone counts as UTC. None when it is no date."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:
            return dt.datetime(*value[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from dateutil import parser as dateparser

        try:
            parsed = dateparser.parse(text)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def iso_utc(value: object) -> str | None:
    """The same, as ISO 8601 text ("2024-03-05T07:30:00+00:00")."""
    when = as_utc(value)
    return when.isoformat(timespec="seconds") if when else None


def before(date: str | None, since: dt.datetime | None) -> bool:
    """Whether an entry dated `date` is older than `since` (an undated entry is not)."""
    if since is None or not date:
        return False
    when = as_utc(date)
    return when is not None and when < since
