"""Split the text of a .txt/.md file into articles.

A file is either one plain article (its text is kept unchanged, so offsets into the
article are offsets into the file) or a scraped page: a lead article, site furniture,
and further articles each introduced by a header (an outlet line and a time line, or
"Outlet · 2 hours ago" on one line). On a page, every article gets its own outlet,
title and date, and its text is the cleaned body; furniture goes in none of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from attrib.ingest.boilerplate import (
    clean_paragraph, cut_bio, has_inline_furniture, line_rule, site_name, strip_caption,
)
from attrib.text.credits import DATE, Credit, find_credit, headline_shape, is_sentence_line, match_credit, trailing_wire
from attrib.text.dates import parse_date
from attrib.types import RawArticle

MAX_TITLE = 200
MAX_OUTLET_CHARS = 40
MAX_OUTLET_WORDS = 6
MAX_ONE_LINE_HEADER = 120  # "Outlet · Updated: June 27, 2025 10:30 IST" and no longer

# --- time lines ------------------------------------------------------------------------

_NUMBER = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several)"
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|[smhdw])"
RELATIVE_TIME = (rf"(?:(?:about|around|over|nearly|almost|less\s+than)\s+)?{_NUMBER}\s*{_UNIT}\s+ago"
                 r"|just\s+now|moments?\s+ago|yesterday|today|(?:last|this)\s+(?:week|month)")
_ISO_STAMP = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_CLOCK = (r"(?:\s*(?:,|at|\||·|-|–)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
          r"(?:\s*\(?(?-i:[A-Z]{2,5})\)?)?)")
_STAMP_PREFIX = r"(?:(?:last\s+|first\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?\s*:?\s*)"
# A line that is only a publication time: "39 minutes ago", "Updated: June 3, 2025 10:30 IST".
TIME_LINE = re.compile(
    rf"{_STAMP_PREFIX}?(?:(?P<rel>{RELATIVE_TIME})|(?P<date>{_ISO_STAMP}|{DATE}))(?:{_CLOCK})?\.?", re.I)

# --- outlet lines ----------------------------------------------------------------------

_NAME_WORD = re.compile(
    r"[A-Z0-9][\w&'’+-]*(?:\.[\w&'’+-]+)*\.?"  # Time, India.com, U.S., 24x7
    r"|[a-z0-9][\w-]*(?:\.[a-z]{2,})+"  # bbc.co.uk, scroll.in
    r"|\([A-Z][\w-]*\)"  # (English)
    r"|&|of|the|and|for|on|in|at|de|del|la|le|el|du|di|da|van|von|y")
_FUNCTION_WORDS = frozenset("& of the and for on in at de del la le el du di da van von y".split())
_HEADER_SEP = re.compile(r"\s+[·•|–—-]\s+")
_ECHO = re.compile(r"[-–—•·|]\s*(?P<name>.+)")
_PERSON = r"[A-Z][\w'’-]*\.?"
# "By Ana Ruiz" or "By Ana Ruiz, Harbour Times": two or more name words, no sentence after.
_BYLINE = re.compile(
    rf"By\s+(?P<name>{_PERSON}(?:\s+(?:{_PERSON}|and|&|de|van|von)){{1,6}})"
    r"(?:\s*[,|]\s*[A-Z][\w.&'’ -]{0,40}(?<!\.))?")


def time_line(line: str) -> re.Match[str] | None:
    """The line as a publication time, or None."""
    return TIME_LINE.fullmatch(line.strip())


def is_outlet_line(line: str) -> bool:
    """A short capitalised or domain-like name with no sentence punctuation: "Time of India"."""
    s = line.strip()
    if not 0 < len(s) <= MAX_OUTLET_CHARS or re.search(r"[,;:!?\"“”]", s) or s.endswith("."):
        return False
    words = s.split()
    if len(words) > MAX_OUTLET_WORDS or all(w.lower() in _FUNCTION_WORDS for w in words):
        return False
    if words[0].lower() in _FUNCTION_WORDS - {"the"} or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    return time_line(s) is None and line_rule(s) is None


def looks_like_title(line: str, blank_after: bool = False) -> bool:
    """A headline: shaped like one, not a sentence of body text, and not furniture, a time
    line or a wire dateline."""
    if len(line) > 2 * MAX_TITLE or not headline_shape(line, blank_after) or is_sentence_line(line):
        return False
    s = clean_title(line)
    if not re.search(r"[^\W\d_]", s):
        return False
    credit = match_credit(line.strip())
    return line_rule(s) is None and time_line(s) is None and (credit is None or credit.wire is None)


def _title_at(lines: list[str], i: int, end: int) -> str | None:
    """The headline on line i when body text follows it before `end`."""
    blank_after = i + 1 < end and not lines[i + 1].strip()
    if i < end and looks_like_title(lines[i], blank_after) and _has_text_after(lines, i + 1, end):
        return clean_title(lines[i])
    return None


def clean_title(line: str) -> str:
    """The headline as text: no Markdown '#', no trailing truncation mark."""
    s = re.sub(r"^#{1,6}\s+", "", line.strip())
    return re.sub(r"\s*(?:\.{3}|…)$", "", s).strip()


# --- headers ---------------------------------------------------------------------------


@dataclass
class _Header:
    """Where an article is introduced on the page, and what the introduction says."""

    first: int  # index of the header's first line
    body_from: int  # index of the first line after the header
    outlet: str
    time_text: str | None
    published: str | None


def _time_fields(m: re.Match[str]) -> tuple[str, str | None]:
    published = parse_date(m.group("date"))[0] if m.group("date") else None
    return m.group(0).strip(), published


def _header_at(lines: list[str], i: int) -> _Header | None:
    """A header starting at line i: "Outlet · time" on one line, or an outlet line then a time line."""
    s = lines[i].strip()
    parts = _HEADER_SEP.split(s, maxsplit=1) if len(s) <= MAX_ONE_LINE_HEADER else [s]
    if len(parts) == 2:
        for name, when in (parts, parts[::-1]):
            m = time_line(when)
            if m and is_outlet_line(name):
                return _Header(i, i + 1, name.strip(), *_time_fields(m))
    if not is_outlet_line(s):
        return None
    j = i + 1
    if j < len(lines) and not lines[j].strip():
        j += 1  # one blank line may sit between the two
    m = time_line(lines[j]) if j < len(lines) else None
    if m is None:
        return None
    return _Header(i, j + 1, s, *_time_fields(m))


def find_headers(lines: list[str]) -> list[_Header]:
    """Every article header on the page, in order."""
    headers: list[_Header] = []
    i = 0
    while i < len(lines):
        h = _header_at(lines, i) if lines[i].strip() else None
        if h is None:
            i += 1
            continue
        headers.append(h)
        i = h.body_from
    return headers


# --- bodies ----------------------------------------------------------------------------


@dataclass
class _Body:
    text: str
    title: str | None = None
    time_text: str | None = None
    published: str | None = None
    trailing_wire: str | None = None
    credit: Credit | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _skip_preamble(lines: list[str], i: int, end: int, outlet: str | None, body: _Body) -> int:
    """Pass over what sits between a header or title and the body: echoes of the outlet,
    a byline, a time line, a share bar."""
    while i < end:
        s = lines[i].strip()
        echo = _ECHO.fullmatch(s)
        if not s or (outlet and s.lower() == outlet.lower()):
            pass
        elif echo and is_outlet_line(echo.group("name")):
            pass
        elif (m := _BYLINE.fullmatch(s)) and "byline" not in body.extra:
            body.extra["byline"] = m.group("name")
        elif (t := time_line(s)) and body.time_text is None:
            body.time_text, body.published = _time_fields(t)
        elif (rule := line_rule(s)) and not rule.ends_body:
            pass
        else:
            break
        i += 1
    return i


def _has_text_after(lines: list[str], i: int, end: int) -> bool:
    for line in lines[i:end]:
        rule = line_rule(line)
        if rule is not None and rule.ends_body:
            return False
        if line.strip() and rule is None:
            return True
    return False


def _clean_body(lines: list[str]) -> tuple[str, str | None]:
    """The body's text without furniture, and a wire credited at its very end."""
    kept: list[str] = []
    for line in lines:
        rule = line_rule(line)
        if rule is not None:
            if rule.ends_body:
                break  # a section marker: the rest, up to the next header, is furniture
            continue
        kept.append(clean_paragraph(strip_caption(line.strip())) if line.strip() else "")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    text = cut_bio(text)
    text, wire = trailing_wire(text)
    return text.strip(), wire


def _read_article(lines: list[str], start: int, end: int, outlet: str | None, body: _Body) -> _Body:
    """Title, preamble and cleaned body of the article in lines[start:end]."""
    i = _skip_preamble(lines, start, end, outlet, body)
    if body.title is None and (title := _title_at(lines, i, end)) is not None:
        body.title = title
        i = _skip_preamble(lines, i + 1, end, outlet, body)
    body.text, body.trailing_wire = _clean_body(lines[i:end])
    body.credit = find_credit(body.text) if body.text else None
    return body


def _is_prose(text: str) -> bool:
    """Whether a body holds at least one sentence, not just names and headlines."""
    for line in text.split("\n"):
        words = line.split()
        if len(words) >= 20 or (len(words) >= 5 and line.rstrip().endswith((".", "!", "?", '"', "”", "'", "’", ")"))):
            return True
    return False


def _skip_leading_furniture(lines: list[str], end: int, i: int = 0) -> int:
    while i < end and (not lines[i].strip() or line_rule(lines[i]) is not None):
        i += 1
    return i


def _skip_masthead(lines: list[str], end: int, site: str | None) -> int:
    """Pass over the page top: menus, share bars, and the site's name above its menu."""
    i = _skip_leading_furniture(lines, end)
    while i < end and is_outlet_line(lines[i]):
        nxt = i + 1
        while nxt < end and not lines[nxt].strip():
            nxt += 1
        under_menu = nxt < end and (rule := line_rule(lines[nxt])) is not None and rule.name == "nav_bar"
        if not (under_menu or (site and lines[i].strip().lower() == site.lower())):
            break
        i = _skip_leading_furniture(lines, end, i + 1)
    return i


# --- articles --------------------------------------------------------------------------


def wire_as_outlet(art: RawArticle) -> RawArticle:
    """An article that names no outlet is credited to its wire, marked as only that, so a
    byline or `--outlet` may still name the publisher (ingest.files.outlet_unnamed)."""
    if not art.outlet and art.wire:
        art.outlet = art.wire
        art.extra["outlet_from"] = "wire"
    return art


def outlet_unnamed(art: RawArticle) -> bool:
    """Whether the article names no publisher: no outlet, or only its wire's."""
    return not art.outlet or art.extra.get("outlet_from") == "wire"


def set_outlet(art: RawArticle, outlet: str) -> None:
    """The publisher, named (front matter, a byline, `--outlet`)."""
    art.outlet = outlet
    art.extra.pop("outlet_from", None)


def _article(body: _Body, outlet: str | None, source_file: str | None) -> RawArticle:
    credit = body.credit
    wire = (credit.wire if credit else None) or body.trailing_wire
    published_text = body.time_text or (credit.date_text if credit else None)
    published = body.published or (credit.published if credit and not body.time_text else None)
    return wire_as_outlet(RawArticle(
        text=body.text, title=body.title, outlet=outlet, published=published,
        published_text=published_text, wire=wire, dateline=credit.dateline if credit else None,
        source_file=source_file, extra=dict(body.extra),
    ))


def plain_article(text: str, source_file: str | None = None) -> RawArticle:
    """One article, text unchanged: title, dateline and wire are only recorded."""
    lines = text.split("\n")
    first = _skip_leading_furniture(lines, len(lines))
    title = _title_at(lines, first, len(lines))
    body = _Body(text=text, title=title, credit=find_credit(text), trailing_wire=trailing_wire(text.rstrip())[1])
    return _article(body, None, source_file)


def leading_title(text: str) -> str | None:
    """The headline atop one article's text, by the rule plain files follow (None: the
    text starts with body, e.g. a lede ending in a full stop)."""
    lines = text.split("\n")
    return _title_at(lines, _skip_leading_furniture(lines, len(lines)), len(lines))


def _is_page(lines: list[str], text: str, headers: list[_Header]) -> bool:
    """Whether the file is a scraped page rather than one plain article.

    Headers, a section marker, an ad slot or an inline widget make it a page. A single
    newsletter prompt or link line does not: a plain article may carry one, and its text
    must then stay unchanged.
    """
    if headers or has_inline_furniture(text):
        return True
    rules = [r for line in lines if (r := line_rule(line)) is not None and r.name != "bare_url"]
    return len(rules) >= 2 or any(r.ends_body or r.name == "advertisement" for r in rules)


def split_page(text: str, source_file: str | None = None) -> list[RawArticle]:
    """The articles in the text of one .txt/.md file, lead first (position 0).

    Line endings are already normalised to \\n by the caller. A file with no headers and
    no furniture is one article whose text is `text` unchanged.
    """
    if not text.strip():
        return []
    lines = text.split("\n")
    headers = find_headers(lines)
    if not _is_page(lines, text, headers):
        return [plain_article(text, source_file)]

    site = next((s for line in lines if line_rule(line) and (s := site_name(line))), None)
    articles: list[RawArticle] = []
    lead_end = headers[0].first if headers else len(lines)
    lead = _read_article(lines, _skip_masthead(lines, lead_end, site), lead_end, None, _Body(""))
    pending_title = None
    if _is_prose(lead.text):
        art = _article(lead, None, source_file)
        art.outlet = art.outlet or site
        if site and site != art.outlet:
            art.republished_by = site
        articles.append(art)
    elif headers:  # "Title" then "Outlet · time": the title belongs to that article
        candidate = lead.title or lead.text
        pending_title = clean_title(candidate) if "\n" not in candidate and looks_like_title(candidate) else None

    for k, h in enumerate(headers):
        end = headers[k + 1].first if k + 1 < len(headers) else len(lines)
        body = _Body("", title=pending_title, time_text=h.time_text, published=h.published)
        pending_title = None
        body = _read_article(lines, h.body_from, end, h.outlet, body)
        if not _is_prose(body.text):
            continue  # a teaser list entry or a false header: no article here
        art = _article(body, h.outlet, source_file)
        if site and site != h.outlet:
            art.extra["site"] = site
        articles.append(art)

    for position, art in enumerate(articles):
        art.position = position
    return articles
