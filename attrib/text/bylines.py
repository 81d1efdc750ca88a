"""Byline lines: "By Ana Ruiz, Northern Ledger, 15 March 2026" names the author, and,
when the line plainly says so, the outlet and the date.

"Plainly" means the outlet stands where a byline puts it and nowhere else: between the
names and a date ("By X, Outlet, 15 March 2026"), after "for" ("By X for Outlet"), or
after a bar ("By X | Outlet"). "By Ana Ruiz, Tom Bell" names two people, and "By Ana
Ruiz, Staff Writer" a role (attrib/lexicons/byline_roles.txt), so neither names an outlet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from attrib.lexicons import word_list
from attrib.text.credits import DATE
from attrib.text.dates import parse_date

_NAME_WORD = r"(?:[A-Z][\w'’-]*\.?|de|van|von|der|da|al|bin|le|la)"
_NAME = rf"[A-Z][\w'’-]*\.?(?:\s+{_NAME_WORD}){{1,4}}"
_NAMES = rf"{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*"
_ORG = r"[A-Z0-9][\w.&'’-]*(?:\s+(?:[A-Z0-9][\w.&'’-]*|of|the|and|for|&)){0,6}"
_DATE_RE = re.compile(rf"(?:{DATE})(?:,?\s+\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?)?", re.I)
_START = re.compile(rf"(?:By|BY|by)\s+(?P<names>{_NAMES})\s*(?P<rest>.*)$")
_SEP = re.compile(r"\s*(?:[|·•—–]|\s-\s)\s*")


@dataclass(frozen=True)
class Byline:
    author: str
    outlet: str | None = None
    date_text: str | None = None
    published: str | None = None  # ISO 8601, when the date is a calendar date


def _is_role(part: str) -> bool:
    return any(w.casefold() in word_list("byline_roles") for w in re.findall(r"[\w'’-]+", part))


def _date(part: str) -> tuple[str, str | None] | None:
    s = part.strip().rstrip(".")
    if not _DATE_RE.fullmatch(s):
        return None
    iso, raw = parse_date(s)
    return raw or s, iso


def read_byline(line: str) -> Byline | None:
    """The byline on this line (author, and outlet and date where plainly given), or None."""
    s = " ".join(line.split())
    if len(s) > 160:
        return None
    m = _START.fullmatch(s)
    if m is None:
        return None
    names, rest = m.group("names"), m.group("rest").strip()
    outlet = date = None
    # "By A, B and C, Outlet, 15 March 2026": the names took the outlet as one more name
    # when it is two or more capitalised words; a trailing date shows where names end.
    if not rest:
        pass
    elif rest.startswith("for "):
        org, _, tail = rest[4:].partition(",")
        org = re.sub(r"^the\s+", "", org.strip(), flags=re.I)
        if not re.fullmatch(_ORG, org):
            return None
        outlet = org
        if tail.strip():
            date = _date(tail)
            if date is None:
                return None
    elif rest[0] in "|·•—–-":
        parts = [p for p in _SEP.split(rest.lstrip("|·•—–- ")) if p]
        if not parts or len(parts) > 2:
            return None
        if (date := _date(parts[-1])) is not None:
            parts = parts[:-1]
        if parts:
            if not re.fullmatch(_ORG, parts[0]) or _is_role(parts[0]):
                return None
            outlet = parts[0]
    elif rest.startswith(","):
        date = _date(rest[1:])
        if date is None:
            return None
    else:
        return None
    if outlet is None and date is not None and "," in names:
        # "By Ana Ruiz, Northern Ledger, 15 March 2026": the last comma part before the date.
        head, _, last = names.rpartition(",")
        if _is_role(last):
            names = head.strip()
        elif " and " not in last and "&" not in last:
            names, outlet = head.strip(), last.strip()
    elif outlet is None and "," in names:
        head, _, last = names.rpartition(",")
        if _is_role(last):
            names = head.strip()
    if outlet is not None and _is_role(outlet):
        outlet = None
    return Byline(author=names.strip(), outlet=outlet,
                  date_text=date[0] if date else None, published=date[1] if date else None)


def find_byline(text: str, lines: int = 6) -> Byline | None:
    """The byline among the first `lines` non-blank lines of an article's text."""
    seen = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        if (b := read_byline(line.strip())) is not None:
            return b
        seen += 1
        if seen >= lines:
            break
    return None
