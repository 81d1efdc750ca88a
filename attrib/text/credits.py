"""Wire credits, datelines and the date expressions pages put around articles.

"Qingdao [China], June 27 (ANI): …" says where the story was filed, when, and which
agency wrote it. The dateline is article text and stays in it; we only record it, so
that an article republished from a wire can be credited to the wire.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from attrib.text.dates import parse_date

# Agencies whose copy other outlets republish. Extend here; matching is case-sensitive
# because "AP", "EFE" or "dpa" are also ordinary letter sequences in lower case.
WIRES: tuple[str, ...] = (
    "ANI", "PTI", "IANS", "AP", "AFP", "Reuters", "UNI", "Bloomberg", "Xinhua", "dpa",
    "EFE", "ANSA", "Kyodo", "Yonhap", "TASS", "Anadolu", "UPI",
)
# How chains name some of them in full (not matched as credits: "(AP)" is the credit form).
WIRE_FULL_NAMES: tuple[str, ...] = ("Associated Press", "Agence France-Presse", "Press Trust of India",
                                    "Asian News International")
_WIRE_ALT = "|".join(sorted(map(re.escape, WIRES), key=len, reverse=True))
# "(AP/Reuters)" credits two agencies; we record the pair as written.
WIRE_CREDIT = rf"(?:{_WIRE_ALT})(?:\s*/\s*(?:{_WIRE_ALT}))*"

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
# A calendar date as pages write it: "June 27", "June 27, 2025", "27 Jun 2025", "2019-08-19".
DATE = (rf"(?:(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+\d{{4}})?)"
        r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})")

_SEP = r"\s*(?::|--|[—–]|-(?=\s))\s*"
# Title-case place ("Qingdao [China]", "Washington, D.C."): only trusted with a wire credit.
_PLACE = (r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*\[[^\]\n]{1,40}\])?"
          rf"(?:,\s*(?!{MONTH}\s)(?!{WEEKDAY})[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?")
# ALL-CAPS place ("DEHRADUN", "NEW DELHI"): a dateline on its own, with or without a wire.
_CAPS_PLACE = (r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}(?:\s*\[[^\]\n]{1,40}\])?"
               rf"(?:,\s*(?!{MONTH}\s)[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?")

_WIRE_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})(?:,\s*(?P<date>{DATE}))?\s*\((?P<wire>{WIRE_CREDIT})\){_SEP}(?=\S)")
_CAPS_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_PLACE})(?:,\s*(?P<date>{DATE}))?(?:\s*\((?P<credit>[A-Za-z][\w./ ]{{0,20}})\))?{_SEP}(?=\S)")
# Labels a line or paragraph opens with ("UPDATE: …", "EXCLUSIVE – …", "Tags: …"): they
# look like a dateline or a speaker ("Name: …") but name no place and nobody.
LINE_LABELS = frozenset({
    "UPDATE", "UPDATED", "UPSHOT", "NOTE", "PHOTO", "PHOTOS", "VIDEO", "WATCH", "READ", "ALSO READ", "READ MORE",
    "SEE ALSO", "RELATED", "Q", "A", "FAQ", "TL;DR", "TAGS", "TOPICS", "PUBLISHED", "SOURCE", "SOURCES", "IMAGE",
    "CREDIT", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "LIVE", "ANALYSIS", "OPINION", "EDITOR'S NOTE",
    "EDITOR’S NOTE", "CORRECTION", "CLARIFICATION", "DISCLAIMER", "WARNING", "ALERT", "SUMMARY", "FACT CHECK",
    "CLAIM", "FACT", "VERDICT", "BY", "FILE", "FILED UNDER", "CATEGORY", "CATEGORIES", "KEYWORDS", "SHARE",
    "FOLLOW", "ADVERTISEMENT", "SPONSORED", "TRENDING", "MORE", "SEE", "LISTEN", "SUBSCRIBE", "CONTACT", "EMAIL",
    "PHONE", "ADDRESS", "DATE", "TIME", "LOCATION", "WHEN", "WHERE", "WHY", "WHAT", "HOW", "WHO", "EDITOR",
    "AUTHOR", "WRITER", "REPORTER",
})
_TRAILING_WIRE = re.compile(
    rf"\(\s*(?:[Ww]ith inputs from\s+)?(?P<wire>{WIRE_CREDIT})\s*\)\s*\.?\s*$"
    rf"|(?<=\s)[Ww]ith inputs from\s+(?P<wire2>{WIRE_CREDIT})\s*\.?\s*$")


@dataclass(frozen=True)
class Credit:
    """What the opening of an article says about its origin."""

    dateline: str | None
    wire: str | None
    date_text: str | None
    published: str | None  # ISO date, only when date_text carries a year
    start: int  # offset of the dateline in the text searched
    end: int  # offset just after the credit ("…(ANI): " ends before "Defence")


def match_credit(paragraph: str) -> Credit | None:
    """A dateline/wire credit at the very start of `paragraph`, or None."""
    m = _WIRE_DATELINE.match(paragraph)
    wire = m.group("wire") if m else None
    if m is None:
        m = _CAPS_DATELINE.match(paragraph)
        if m is None or m.group("place").strip() in LINE_LABELS or len(m.group("place")) < 3:
            return None
        credit = m.group("credit")
        wire = credit if credit in WIRES else None
    date_text = m.group("date")
    published, _ = parse_date(date_text)
    return Credit(dateline=m.group("place").strip(), wire=wire, date_text=date_text,
                  published=published, start=0, end=m.end())


def find_credit(text: str) -> Credit | None:
    """The credit opening the body of `text`; a headline line before the body is passed over.

    An ALL-CAPS label on a headline ("BUSTED: Emails reveal …") is not a dateline, so on a
    headline only a wire credit counts. Offsets in the result are offsets into `text`.
    """
    first = _next_line(text, 0)
    if first is None:
        return None
    start, end = first
    found = match_credit(text[start:end])
    rest = _next_line(text, end)
    if rest is not None and headline_shape(text[start:end], _blank_line_between(text, end, rest[0])):
        if found is None or found.wire is None:
            start, end = rest
            found = match_credit(text[start:end])
    if found is None:
        return None
    return Credit(found.dateline, found.wire, found.date_text, found.published, start + found.start, start + found.end)


def _next_line(text: str, pos: int) -> tuple[int, int] | None:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        return None
    end = text.find("\n", pos)
    return pos, len(text) if end < 0 else end


def _blank_line_between(text: str, end: int, next_start: int) -> bool:
    return text.count("\n", end, next_start) >= 2


def headline_shape(line: str, blank_after: bool) -> bool:
    """Shaped like a headline: short and not a sentence of body text.

    Headlines carry no final period, except in corpora that add one ("Title.\n\nBody",
    as PolNeAR does): a short line of one or two sentences before a blank line still counts.
    """
    s = re.sub(r"^#{1,6}\s+", "", line.strip())
    if not 0 < len(s) < 200:
        return False
    if s.endswith(("...", "…")):
        return True
    if s.endswith((".", ";")):  # ";": a headline run into its deck ("Title; \nDeck.")
        return (blank_after or s.endswith(";")) and len(s) <= 150 and len(_SENTENCE_BREAK.findall(s[:-1])) <= 1
    return not s.endswith((":", ","))


# PolNeAR prints its headlines in sentence case with a final stop ("Mayor wins second term
# in close race."); what tells them from a lede is length. Measured on PolNeAR train (dev
# only checked): 7 of 699 headlines have 14 words or more, 466 of 511 sentence-case ledes do.
SENTENCE_LINE_WORDS = 14


def is_sentence_line(line: str) -> bool:
    """A line of body text, not a headline: it ends in a full stop, is written in sentence
    case (under half its longer words capitalised) and is as long as a lede
    (SENTENCE_LINE_WORDS). "Floodwaters killed 12 people in the town of Arnsby on Sunday,
    the regional governor said." is a lede; "Floods Kill 12 in Arnsby." and "Mayor wins
    second term in close race." are headlines."""
    s = line.strip()
    if not s.endswith(".") or s.endswith(("...", "…")) or len(s.split()) < SENTENCE_LINE_WORDS:
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", s) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) < 0.5 * len(words)


_TITLE_MARKS = re.compile(r"^\s*#{1,6}\s+|[\s.…]+$")


def title_key(line: str) -> str:
    """A title as compared with a line of text: no Markdown '#', no final stop or
    truncation mark, spaces collapsed, case folded."""
    return " ".join(_TITLE_MARKS.sub("", line).split()).casefold()


_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?][\"”’]?\s+[A-Z]")


def trailing_wire(text: str) -> tuple[str, str | None]:
    """Split a closing wire credit ("… either. (ANI)", "(With inputs from PTI)") off `text`."""
    m = _TRAILING_WIRE.search(text)
    if m is None:
        return text, None
    return text[:m.start()].rstrip(), m.group("wire") or m.group("wire2")


_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")


def recased_headline(text: str) -> tuple[int, str] | None:
    """(offset, line) for a Title Case first line, in sentence case: a word goes to lower
    case when the article writes it in lower case or never writes it; names the article
    capitalises, acronyms and the first word stay. None when the first line is no
    headline or is already in sentence case."""
    m = re.match(r"[ \t\n]*([^\n]+)", text)
    if m is None:
        return None
    start, line, body = m.start(1), m.group(1), text[m.end(1):]
    if not headline_shape(line, bool(re.match(r"[ \t]*\n[ \t]*\n", body))):
        return None
    words = _WORD_RE.findall(line)
    if len(words) < 3 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
        return None
    lower = set(_WORD_RE.findall(body.lower())) & {w for w in _WORD_RE.findall(body) if w[0].islower()}
    capital = {w for w in _WORD_RE.findall(body) if w[0].isupper()}

    def fix(w: re.Match) -> str:
        word = w.group(0)
        if w.start() == 0 or word.isupper() or not word[0].isupper():
            return word
        if word.lower() in lower or word not in capital:
            return word.lower()
        return word
    out = _WORD_RE.sub(fix, line)
    return (start, out) if out != line and len(out) == len(line) else None
