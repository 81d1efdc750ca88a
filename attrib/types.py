"""Plain records passed between stages (ingest -> analyze -> store), and the kinds and
source types the contract names.

Kept free of spaCy and SQLite so every stage can be tested on its own. Offsets are
character offsets into the article text; `text[start:end]` is the span.
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


# -- what the attribution components pass along (no spaCy objects) --------------------------

KINDS = ("direct", "indirect", "mixed", "according_to", "other")
SOURCE_TYPES = ("person", "organization", "government", "media", "document", "anonymous", "unknown")

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class Attribution:
    """One attribution relation: a source, a cue, and the content attributed."""

    kind: str  # one of KINDS
    cue: Span | None
    source: Span | None  # None: no source in the text ("reportedly", "it is believed")
    content: Span | None
    source_resolved: str | None = None  # full name the source refers to, within the article
    source_type: str = "unknown"  # one of SOURCE_TYPES
    parent: int | None = None  # index (in the doc's list) of the attribution this one is nested in
    via: list[str] = field(default_factory=list)  # downstream intermediaries: "told X", "speaking to X"
    cited: list[str] = field(default_factory=list)  # upstream: "citing X" (X came before the source)
    rule: str = ""  # which rule found it (for debugging and evaluation)
    # Evidential: it says where the content comes from (a clause of saying, a quote,
    # "according to"). "India declined to sign…" is a PolNeAR-style attribution of a
    # stance, but it sources nothing, so it does not make a claim `sourced`.
    evidential: bool = True
    cited_at: int | None = None  # offset of the "citing X" phrase


@dataclass
class Quote:
    """A direct quotation: the text between an opening and a closing mark.

    `start`/`end` delimit the quoted words without the marks; `open_at`/`close_at` are
    the offsets of the marks themselves (close_at is None when the quote runs to the end
    of its paragraph without a closing mark).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    mark: str  # the opening mark as written

    @property
    def with_marks(self) -> Span:
        """The quote with its marks (as PolNeAR marks direct-quote content)."""
        return self.open_at, (self.close_at + 1 if self.close_at is not None else self.end)
