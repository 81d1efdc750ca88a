"""The record the attribution components pass along (kept free of spaCy objects).

Offsets are character offsets into the article text; `text[start:end]` is the span.
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("direct", "indirect", "mixed", "according_to", "other")
SOURCE_TYPES = ("person", "organization", "government", "media", "document", "anonymous", "unknown")

Span = tuple[int, int]


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
