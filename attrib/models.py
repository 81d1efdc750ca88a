"""Plain records passed between stages (ingest -> analyze -> store).

Kept free of spaCy and SQLite so every stage can be tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any


@dataclass
class RawArticle:
    """One article as ingest found it, before analysis.

    `text` is the cleaned body that all offsets will refer to. Metadata the page or
    file gave us is kept even when it is only text (``published_text`` = "an hour ago").
    """

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date, only when it can be known
    published_text: str | None = None  # what the page said ("39 minutes ago", "June 27")
    wire: str | None = None  # credited wire service or agency ("ANI", "AP")
    republished_by: str | None = None  # aggregator/site the page came from ("Daily8")
    dateline: str | None = None  # place of the dateline ("Qingdao [China]")
    author: str | None = None  # from front matter, a byline line or the page's metadata
    source_file: str | None = None
    position: int = 0  # order on the page: 0 = lead article
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class InputProblem:
    """A file (or one record inside it) that could not be read."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
