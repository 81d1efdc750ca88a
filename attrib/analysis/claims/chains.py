"""Chains: who the content passed through, original source first, publishing outlet last.

"ANI reported, citing Al Jazeera, that Katz said…" gives Katz → Al Jazeera → ANI →
India.com: the nested attribution's own source, then what its parent's chain holds, then
the article's wire credit (when the outlet republished a wire story), then the outlet.
The chain always ends with the outlet's own name; a mention of the outlet in its own text
("USA TODAY reported…" in USA Today) is that last element, not a second one.
"""
from __future__ import annotations

import re

from attrib.analysis.sources.types import RELATIVE_PRONOUNS
from attrib.types import Attribution


def source_name(att: Attribution, text: str) -> str | None:
    """The name a chain shows for the attribution's source: its resolution, else its
    words; a relative pronoun nothing resolved ("who") names nobody."""
    if att.source is None:
        return None
    raw = text[att.source[0]:att.source[1]]
    if not att.source_resolved and raw.strip().lower() in RELATIVE_PRONOUNS:
        return None
    return att.source_resolved or raw


def chain_of(atts: list[Attribution], i: int, text: str, outlet: str, wire: str | None = None) -> list[str]:
    """The chain of attribution `i` in `atts` (parents are indexes into the same list)."""
    names: list[str] = []
    seen: set[int] = set()
    j: int | None = i
    while j is not None and j not in seen:
        seen.add(j)
        a = atts[j]
        own = [*a.cited, source_name(a, text), *a.via] if a.source is not None else [*a.cited, *a.via]
        names.extend(n for n in own if n)
        j = a.parent
    # the outlet ends the chain as the outlet writes its name: "USA TODAY reported…" in
    # a USA Today article, or "the Times said" in The Times, is the outlet itself
    if wire and same_name(wire, outlet):
        wire = None
    out: list[str] = []
    for n in names:
        if not out or not same_name(out[-1], n):
            out.append(n)
    while out and (same_name(out[-1], outlet) or (wire and same_name(out[-1], wire))):
        out.pop()
    return out + ([wire] if wire else []) + [outlet]


def name_key(name: str) -> str:
    """A name for comparison: case, punctuation, spacing and a leading "the" ignored
    ("USA TODAY" = "USA Today", "The Times" = "Times", "the Post's" = "Post")."""
    words = re.findall(r"[^\W_]+", name.casefold().replace("’s", "").replace("'s", ""))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)
