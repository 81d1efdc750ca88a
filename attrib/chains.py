"""Chains: who the content passed through, original source first, publishing outlet last.

"ANI reported, citing Al Jazeera, that Katz said…" gives Katz → Al Jazeera → ANI →
India.com: the nested attribution's own source, then what its parent's chain holds, then
the article's wire credit (when the outlet republished a wire story), then the outlet.
"""
from __future__ import annotations

from attrib.attribution_types import Attribution


def source_name(att: Attribution, text: str) -> str | None:
    if att.source is None:
        return None
    return att.source_resolved or text[att.source[0]:att.source[1]]


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
    if wire and wire != outlet:
        names.append(wire)
    names.append(outlet)
    out: list[str] = []
    for n in names:
        if not out or out[-1].casefold() != n.casefold():
            out.append(n)
    return out
