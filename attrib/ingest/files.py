"""Read input files into `RawArticle`s: text and Markdown (single articles or scraped
pages), HTML (main text via trafilatura), JSON and JSONL.

Every problem is returned as an `InputProblem` naming the file (and record) and the
reason; one bad record never stops the others.

What ingest refuses, and why:
- a file over the size limit (the `max_bytes` a caller passes, else $ATTRIB_MAX_FILE_MB,
  else MAX_FILE_MB; 0 means no limit), named from its size on disk, before it is read;
- an article longer than MAX_ARTICLE_CHARS: the analyzer holds a whole article in
  memory, and a text that long is a book or a dump, not a news article;
- binary data, undecodable bytes, malformed or too deeply nested JSON, a record whose
  `text` is not a string (a number is not an article: coercing `42` to "42" would only
  store a claim-less article).

What it stores literally: every string field as given (markup, SQL, control, zero-width
and bidirectional characters included); only line endings are normalised ("\r\n" and
"\r" to "\n") and a lone surrogate from a JSON escape ("\ud800", which no file encoding
can hold and SQLite cannot store) becomes U+FFFD, one character for one, so offsets hold.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlparse

from attrib.text.bylines import Byline, find_byline
from attrib.text.credits import find_credit, title_key
from attrib.text.dates import parse_date
from attrib.ids import file_digest
from attrib.types import InputProblem, RawArticle
from attrib.ingest.front_matter import FrontMatterError, split_front_matter
from attrib.ingest.pages import (leading_title, looks_like_title, outlet_unnamed, plain_article, set_outlet,
                                 split_page, wire_as_outlet)

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
# Documentation files that sit beside articles in a folder (corpus/README.md) are not news.
DOC_NAMES = {"readme", "license", "licence", "changelog", "copying", "notice"}
JSON_FIELDS = ("title", "outlet", "url", "published", "author")
MIN_WORDS = 5
MB = 1024 * 1024
MAX_FILE_MB = 8  # default file-size limit; $ATTRIB_MAX_FILE_MB or a caller's max_bytes overrides it
MAX_FILE_BYTES = MAX_FILE_MB * MB
MAX_FILE_ENV = "ATTRIB_MAX_FILE_MB"
# One article's text, in characters. The longest real news articles are tens of thousands;
# the analyzer's time and memory grow with an article's length (spaCy's own guard is 1,000,000).
MAX_ARTICLE_CHARS = 1_000_000
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class InputError(Exception):
    """A whole file cannot be read; the message is the reason."""


def max_file_bytes(max_bytes: int | None = None) -> int | None:
    """The file-size limit in bytes: `max_bytes` when given, else $ATTRIB_MAX_FILE_MB
    (megabytes, decimals allowed), else MAX_FILE_BYTES. None (no limit) for 0 or less."""
    if max_bytes is None:
        raw = os.environ.get(MAX_FILE_ENV, "").strip()
        if raw:
            try:
                mb = float(raw)
            except ValueError:
                raise ValueError(f"{MAX_FILE_ENV} must be a number of megabytes, got {raw!r}") from None
            if mb != mb:  # NaN
                raise ValueError(f"{MAX_FILE_ENV} must be a number of megabytes, got {raw!r}")
            max_bytes = int(mb * MB) if mb < float("inf") else 0
        else:
            max_bytes = MAX_FILE_BYTES
    return max_bytes if max_bytes > 0 else None


def too_large(size: int, limit: int | None) -> str | None:
    """The problem to report for a file of `size` bytes, or None when it is within `limit`."""
    if limit is None or size <= limit:
        return None
    return (f"{size / MB:.1f} MB is over the {limit / MB:g} MB limit "
            f"(raise it with --max-file-mb or {MAX_FILE_ENV})")


@dataclass
class FileResult:
    path: str
    sha256: str
    size: int
    articles: list[RawArticle] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def collect_paths(paths: Iterable[str | Path], max_bytes: int | None = None) -> tuple[list[Path], list[InputProblem]]:
    """Expand directories (recursively, sorted); name what cannot be an input.

    In a directory, hidden files and documentation (README, LICENSE...) are passed over;
    any other file of an unsupported type is reported, so nothing is dropped silently. A
    file over the size limit (see `max_file_bytes`) is reported from its size on disk,
    so it is never read.
    """
    limit = max_file_bytes(max_bytes)
    found: list[Path] = []
    problems: list[InputProblem] = []

    def add(f: Path) -> None:
        try:
            reason = too_large(f.stat().st_size, limit)
        except OSError as e:
            reason = f"cannot read: {e.strerror or e}"
        if reason is None:
            found.append(f)
        else:
            problems.append(InputProblem(str(f), reason))

    for p in map(Path, paths):
        if p.is_dir():
            before = (len(found), len(problems))
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.stem.lower() in DOC_NAMES:
                    continue
                if f.suffix.lower() in SUPPORTED:
                    add(f)
                else:
                    problems.append(InputProblem(str(f), f"unsupported file type {f.suffix or '(none)'!r}; "
                                                         f"expected one of {', '.join(sorted(SUPPORTED))}"))
            if (len(found), len(problems)) == before:  # said, not a silent success
                problems.append(InputProblem(str(p), f"no articles found: no {', '.join(sorted(SUPPORTED))} "
                                                     "file in this folder"))
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED:
                add(p)
            else:
                problems.append(InputProblem(str(p), f"unsupported file type {p.suffix or '(none)'!r}; "
                                                     f"expected one of {', '.join(sorted(SUPPORTED))}"))
        elif str(p) == "-":
            problems.append(InputProblem("-", "standard input is read by `attrib check`, not by ingest"))
        else:
            problems.append(InputProblem(str(p), "no such file or directory"))
    return found, problems


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: UTF-8 (with or without BOM), else the encoding charset-normalizer
    detects. Returns (text, encoding); raises InputError for binary or undecodable data."""
    if not data.strip():
        raise InputError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"cannot decode as UTF-16: {e.reason} at byte {e.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise InputError(
                f"cannot decode: not UTF-8 (bad byte at {utf8_error.start}) and no text encoding detected"
            ) from None
        text = str(best)
        if _looks_binary(text):
            raise InputError("binary file (mostly control characters), not text")
        return text, best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    ctrl = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return ctrl / len(sample) > 0.05


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path, max_bytes: int | None = None) -> FileResult:
    """Read and parse one file; never raises for bad content (problems are returned).

    Never reads more than the size limit (see `max_file_bytes`) plus one byte."""
    limit = max_file_bytes(max_bytes)
    try:
        with open(path, "rb") as f:
            data = f.read() if limit is None else f.read(limit + 1)
            if limit is not None and len(data) > limit:
                size = max(os.fstat(f.fileno()).st_size, len(data))
                return FileResult(str(path), "", size, problems=[InputProblem(str(path), too_large(size, limit))])
    except OSError as e:
        return FileResult(str(path), "", 0, problems=[InputProblem(str(path), f"cannot read: {e.strerror or e}")])
    return parse_file(path, data, max_bytes=max_bytes)


def parse_file(path: Path, data: bytes, max_bytes: int | None = None,
               max_chars: int = MAX_ARTICLE_CHARS, outlet: str | None = None,
               kind: str | None = None, sha256: str | None = None) -> FileResult:
    """Parse a file's bytes by its type into articles and problems.

    Data over the size limit (see `max_file_bytes`) is refused whole; an article longer
    than `max_chars` is refused and the file's other articles are kept. `outlet` names
    the outlet of articles the file does not name one for (`--outlet`): the record, the
    front matter, a byline, a page header or the page's site name come first, and it
    comes before a wire credit (which names who wrote the copy, not who published it).
    `kind` (".txt", ".html", ".json"…) reads the data as that type whatever the name;
    `sha256` is the data's digest when the caller has it already."""
    name = str(path)
    result = FileResult(name, sha256 or file_digest(data), len(data))
    if (reason := too_large(len(data), max_file_bytes(max_bytes))) is not None:
        result.problems.append(InputProblem(name, reason))
        return result
    suffix = kind or path.suffix.lower()
    try:
        text, _encoding = decode(data)
        if _looks_binary(text):
            raise InputError("binary file (mostly control characters), not text")
        text = normalise_newlines(text)
        if suffix in TEXT_SUFFIXES:
            result.articles = read_text(text, name)
        elif suffix in HTML_SUFFIXES:
            result.articles = [read_html(text, name)]
        elif suffix == ".json":
            result.articles, result.problems = read_json(text, name, max_chars)
        elif suffix == ".jsonl":
            result.articles, result.problems = read_jsonl(text, name, max_chars)
        else:  # collect_paths filters these; a direct call may not
            raise InputError(f"unsupported file type {suffix!r}")
    except InputError as e:
        result.problems.append(InputProblem(name, str(e)))
    except Exception as e:  # noqa: BLE001 - a bug met on one file must not stop the run; it is named
        result.articles = []
        result.problems.append(InputProblem(name, f"cannot be read: {type(e).__name__}: {e} (a bug in attrib; please report it)"))
    result.articles = [a for a in result.articles if a.text.strip()]
    for art in result.articles:
        _with_outlet(art, outlet)
    if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        kept = []
        for art in result.articles:
            try:
                _check_length(art.text, "the article" if len(result.articles) == 1
                              else f"article {art.position + 1} of {len(result.articles)} on the page", max_chars)
                kept.append(art)
            except InputError as e:
                result.problems.append(InputProblem(name, str(e)))
        result.articles = kept
    if not result.articles and not result.problems:
        result.problems.append(InputProblem(name, "no article text found"))
    return result


def _check_length(text: str, where: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise InputError(f"{where} is {len(text):,} characters long, over the {max_chars:,} one article may have; "
                         "split it into several files")


def read_text(text: str, name: str) -> list[RawArticle]:
    """A .txt/.md file's articles: one per front matter block, else the page's articles
    (one, text unchanged, for a plain article). A byline line gives the author, and the
    outlet and date where it plainly names them."""
    try:
        fields, body = split_front_matter(text)
    except FrontMatterError as e:
        raise InputError(str(e)) from None
    if body is text:
        articles = split_page(text, source_file=name)
    else:
        art = plain_article(body, source_file=name)
        art.title = fields.get("title") or art.title
        art.url = fields.get("url")
        art.author = fields.get("author")
        if "outlet" in fields:
            set_outlet(art, fields["outlet"])
        if "published" in fields:
            art.published, art.published_text = parse_date(fields["published"])
        articles = [art]
    for art in articles:
        _with_byline(art, find_byline(art.text))
    return articles


def _with_byline(art: RawArticle, byline: Byline | None) -> None:
    if byline is None:
        art.author = art.author or art.extra.get("byline")
        return
    art.author = art.author or byline.author
    if byline.outlet and outlet_unnamed(art):
        set_outlet(art, byline.outlet)
    if byline.date_text and not art.published and not art.published_text:
        art.published, art.published_text = byline.published, byline.date_text


def _with_outlet(art: RawArticle, outlet: str | None) -> None:
    """The caller's outlet for an article that names none (or only its wire)."""
    if outlet and outlet_unnamed(art):
        set_outlet(art, outlet)
    art.extra.pop("outlet_from", None)  # the mark is ingest's own; it is not stored


def read_html(html: str, name: str) -> RawArticle:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except RecursionError:
        raise InputError("cannot extract the HTML's text: nested too deeply") from None
    except Exception as e:  # noqa: BLE001 - a parser failure on one page must not stop the run
        raise InputError(f"cannot extract the HTML's text: {type(e).__name__}: {e}") from None
    if doc is None:
        raise InputError("no article text found in the HTML")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title, text = _title_and_body(meta.get("title"), (meta.get("text") or "").strip())
    if len(text.split()) < MIN_WORDS:  # a lone menu item (or a headline alone) is not an article
        raise InputError("no article text found in the HTML")
    iso, raw = parse_date(meta.get("date"))
    outlet = meta.get("sitename") or _outlet_from_url(meta.get("url"))
    return _with_credit(RawArticle(
        text=text,
        title=title,
        outlet=outlet,
        url=meta.get("url"),
        published=iso,
        published_text=raw,
        author=meta.get("author") or None,
        source_file=name,
    ))


def _title_and_body(title: str | None, text: str) -> tuple[str | None, str]:
    """The page's headline (its <h1>, which trafilatura keeps as the text's first line)
    taken out of the body: the line that is the page's title, or a headline-shaped line
    the <title> contains ("Arnsby floods kill 12 | Northern Ledger")."""
    first, sep, rest = text.partition("\n")
    line = first.strip()
    if not sep or not line:
        return title, text
    if title and title_key(line) == title_key(title):
        return title, rest.lstrip("\n")
    if looks_like_title(line) and (not title or title_key(line) in title_key(title)):
        return line, rest.lstrip("\n")
    return title, text


def _record_to_article(record: Any, where: str, name: str, position: int,
                       max_chars: int = MAX_ARTICLE_CHARS) -> RawArticle:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected an object, got {type(record).__name__}")
    text = record.get("text")
    if "text" not in record:
        raise InputError(f"{where}: missing 'text'")
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: 'text' is empty")
    _check_length(text, f"{where}: 'text'", max_chars)
    for key in JSON_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{where}: {key!r} must be a string, got {type(record[key]).__name__}")
    fields = {key: _storable(record.get(key)) for key in JSON_FIELDS}
    iso, raw = parse_date(fields["published"])
    text = normalise_newlines(_storable(text))
    art = RawArticle(
        text=text,
        # A record without a title may print it atop its text (the plain-file rule).
        title=fields["title"] if fields["title"] is not None else leading_title(text),
        author=fields["author"],
        outlet=fields["outlet"],
        url=fields["url"],
        published=iso,
        published_text=raw,
        source_file=name,
        position=position,
    )
    if not art.outlet:
        art.outlet = _outlet_from_url(art.url)
    return _with_credit(art)


def _storable(value: str | None) -> str | None:
    """The string as given, except that a lone surrogate (a JSON escape such as "\\ud800"
    that pairs with nothing) becomes U+FFFD: it cannot be encoded, so SQLite cannot store
    it. One character for one, so offsets are unchanged."""
    if value is None or not _LONE_SURROGATE.search(value):
        return value
    return _LONE_SURROGATE.sub("\ufffd", value)


def _loads(text: str, where: str = "") -> Any:
    """json.loads with every way it can fail as an InputError: malformed, nested past
    Python's recursion limit ("[" * 100000), a number past its 4300-digit limit."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        at = f"column {e.colno}" if where else f"line {e.lineno}, column {e.colno}"
        raise InputError(f"{where}malformed JSON: {e.msg} ({at})") from None
    except RecursionError:
        raise InputError(f"{where}malformed JSON: nested too deeply") from None
    except ValueError as e:
        raise InputError(f"{where}malformed JSON: {str(e).split(';')[0]}") from None


def read_json(text: str, name: str, max_chars: int = MAX_ARTICLE_CHARS) -> tuple[list[RawArticle], list[InputProblem]]:
    data = _loads(text)
    records = data if isinstance(data, list) else [data]
    if not isinstance(data, (list, dict)):
        raise InputError(f"expected a JSON object or a list of objects, got {type(data).__name__}")
    articles, problems = [], []
    for i, rec in enumerate(records):
        where = f"record {i}" if isinstance(data, list) else "object"
        try:
            articles.append(_record_to_article(rec, where, name, i, max_chars))
        except InputError as e:
            problems.append(InputProblem(name, str(e)))
    return articles, problems


def read_jsonl(text: str, name: str, max_chars: int = MAX_ARTICLE_CHARS) -> tuple[list[RawArticle], list[InputProblem]]:
    articles, problems = [], []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = _loads(line, f"line {lineno}: ")
            articles.append(_record_to_article(rec, f"line {lineno}", name, lineno, max_chars))
        except InputError as e:
            problems.append(InputProblem(name, str(e)))
    return articles, problems


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url).netloc.lower()
    except ValueError:  # "http://[::1": not a URL anything can be read from
        return None
    return host[4:] if host.startswith("www.") else (host or None)


def _with_credit(art: RawArticle) -> RawArticle:
    """Record a dateline and wire credit found at the start of the text."""
    credit = find_credit(art.text)
    if credit is not None:
        art.dateline = art.dateline or credit.dateline
        art.wire = art.wire or credit.wire
        if not art.published_text and credit.date_text:
            art.published_text = credit.date_text
    return wire_as_outlet(art)
