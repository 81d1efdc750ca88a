"""Read input files into `RawArticle`s: text and Markdown (single articles or scraped
pages), HTML (main text via trafilatura), JSON and JSONL.

Every problem is returned as an `InputProblem` naming the file (and record) and the
reason; one bad record never stops the others.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlparse

from attrib.credits import find_credit
from attrib.dates import parse_date
from attrib.ids import file_digest
from attrib.models import InputProblem, RawArticle
from attrib.pages import split_page

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
# Documentation files that sit beside articles in a folder (corpus/README.md) are not news.
DOC_NAMES = {"readme", "license", "licence", "changelog", "copying", "notice"}
JSON_FIELDS = ("title", "outlet", "url", "published")
MIN_WORDS = 5


class InputError(Exception):
    """A whole file cannot be read; the message is the reason."""


@dataclass
class FileResult:
    path: str
    sha256: str
    size: int
    articles: list[RawArticle] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputProblem]]:
    """Expand directories (recursively, sorted); name what cannot be an input.

    In a directory, hidden files and documentation (README, LICENSE...) are passed over;
    any other file of an unsupported type is reported, so nothing is dropped silently.
    """
    found: list[Path] = []
    problems: list[InputProblem] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.stem.lower() in DOC_NAMES:
                    continue
                if f.suffix.lower() in SUPPORTED:
                    found.append(f)
                else:
                    problems.append(InputProblem(str(f), f"unsupported file type {f.suffix or '(none)'!r}; "
                                                         f"expected one of {', '.join(sorted(SUPPORTED))}"))
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED:
                found.append(p)
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


def read_file(path: Path) -> FileResult:
    """Read and parse one file; never raises for bad content (problems are returned)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return FileResult(str(path), "", 0, problems=[InputProblem(str(path), f"cannot read: {e.strerror or e}")])
    return parse_file(path, data)


def parse_file(path: Path, data: bytes) -> FileResult:
    """Parse a file's bytes by its type into articles and problems."""
    name = str(path)
    result = FileResult(name, file_digest(data), len(data))
    try:
        text, _encoding = decode(data)
        if _looks_binary(text):
            raise InputError("binary file (mostly control characters), not text")
        text = normalise_newlines(text)
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            result.articles = split_page(text, source_file=name)
        elif suffix in HTML_SUFFIXES:
            result.articles = [read_html(text, name)]
        elif suffix == ".json":
            result.articles, result.problems = read_json(text, name)
        elif suffix == ".jsonl":
            result.articles, result.problems = read_jsonl(text, name)
        else:  # collect_paths filters these; a direct call may not
            raise InputError(f"unsupported file type {suffix!r}")
    except InputError as e:
        result.problems.append(InputProblem(name, str(e)))
    result.articles = [a for a in result.articles if a.text.strip()]
    if not result.articles and not result.problems:
        result.problems.append(InputProblem(name, "no article text found"))
    return result


def read_html(html: str, name: str) -> RawArticle:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        raise InputError("no article text found in the HTML")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:  # a lone menu item is not an article
        raise InputError("no article text found in the HTML")
    iso, raw = parse_date(meta.get("date"))
    outlet = meta.get("sitename") or _outlet_from_url(meta.get("url"))
    return _with_credit(RawArticle(
        text=text,
        title=meta.get("title"),
        outlet=outlet,
        url=meta.get("url"),
        published=iso,
        published_text=raw,
        source_file=name,
    ))


def _record_to_article(record: Any, where: str, name: str, position: int) -> RawArticle:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected an object, got {type(record).__name__}")
    text = record.get("text")
    if "text" not in record:
        raise InputError(f"{where}: missing 'text'")
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: 'text' is empty")
    for key in JSON_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{where}: {key!r} must be a string, got {type(record[key]).__name__}")
    iso, raw = parse_date(record.get("published"))
    art = RawArticle(
        text=normalise_newlines(text),
        title=record.get("title"),
        outlet=record.get("outlet"),
        url=record.get("url"),
        published=iso,
        published_text=raw,
        source_file=name,
        position=position,
    )
    if not art.outlet:
        art.outlet = _outlet_from_url(art.url)
    return _with_credit(art)


def read_json(text: str, name: str) -> tuple[list[RawArticle], list[InputProblem]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply") from None
    records = data if isinstance(data, list) else [data]
    if not isinstance(data, (list, dict)):
        raise InputError(f"expected a JSON object or a list of objects, got {type(data).__name__}")
    articles, problems = [], []
    for i, rec in enumerate(records):
        where = f"record {i}" if isinstance(data, list) else "object"
        try:
            articles.append(_record_to_article(rec, where, name, i))
        except InputError as e:
            problems.append(InputProblem(name, str(e)))
    return articles, problems


def read_jsonl(text: str, name: str) -> tuple[list[RawArticle], list[InputProblem]]:
    articles, problems = [], []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"line {lineno}: malformed JSON: {e.msg} (column {e.colno})") from None
            except RecursionError:
                raise InputError(f"line {lineno}: malformed JSON: nested too deeply") from None
            articles.append(_record_to_article(rec, f"line {lineno}", name, lineno))
        except InputError as e:
            problems.append(InputProblem(name, str(e)))
    return articles, problems


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else (host or None)


def _with_credit(art: RawArticle) -> RawArticle:
    """Record a dateline and wire credit found at the start of the text."""
    credit = find_credit(art.text)
    if credit is not None:
        art.dateline = art.dateline or credit.dateline
        art.wire = art.wire or credit.wire
        if not art.published_text and credit.date_text:
            art.published_text = credit.date_text
    if not art.outlet:
        art.outlet = art.wire
    return art
