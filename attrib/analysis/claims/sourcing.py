"""A claim's sourcing status and flags, from the attributions that cover it.

The order matters to the reader: a named source beats an anonymous one, an anonymous
one beats a bare hedge ("reportedly", "critics say"), and no attribution at all is
`unsourced`.

Anonymous and vague differ in whether the source is a particular someone the outlet
knows and does not name ("sources", "officials", "McConnell aides": anonymous) or a
loose crowd nobody could ask ("critics", "experts", "some", "media reports": vague).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from attrib.lexicons import word_list

STATUSES = ("sourced", "anonymous", "vague", "unsourced")

# Plural crowds: said by them, a claim is only hedged. Officials, sources and aides are
# not in it: they are particular people the outlet chose not to name (anonymous).
GENERIC_GROUPS = word_list("generic_groups")
_QUANTIFIERS = word_list("crowd_quantifiers")
# "people familiar with the matter" are particular people, kept anonymous by choice.
_PARTICULAR = re.compile(r"familiar with|close to|knowledge of|briefed|anonymity|not authori[sz]ed", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def is_vague_source(text: str | None) -> bool:
    """"critics", "some experts", "many Americans", "several media reports",
    "developers and supporters in Congress": a crowd, not a particular source."""
    if not text or _PARTICULAR.search(text):
        return False
    head_part = re.split(r"\b(?:in|at|of|from|on|with|who|that|close)\b", text, maxsplit=1)[0]
    words = _WORD.findall(head_part)
    if not words:
        return False
    low = [w.lower() for w in words]
    if low[-1] not in GENERIC_GROUPS:
        return False
    # A named modifier makes it particular: "Pentagon experts", "McConnell aides".
    # Group names that are themselves capitalised ("Democrats", "Americans") do not.
    for w, lw in zip(words[:-1], low[:-1]):
        if lw in _QUANTIFIERS or lw in GENERIC_GROUPS or lw in ("and", "the", "media", "news", "press"):
            continue
        if w[:1].isupper() or lw in ("his", "her", "their", "its", "our"):
            return False
    return True


def attribution_status(att: dict[str, Any]) -> str:
    """The status one attribution alone would give a claim it covers."""
    source = att.get("source_text")
    if not source:
        return "vague"  # a hedge: "reportedly", "it is believed", "amid reports"
    if is_vague_source(att.get("source_resolved") or source):
        return "vague"
    if att.get("source_type") == "anonymous":
        return "anonymous"
    return "sourced"


def best_status(statuses: Iterable[str]) -> str:
    """The strongest of several statuses (sourced > anonymous > vague > unsourced): how an
    outlet that carries a claim more than once sourced it at best."""
    return min(statuses, key=STATUSES.index, default="unsourced")


def carriers(attributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The innermost of a claim's attributions: an outer attribution's content is what the
    inner one says ("The Times reported that [officials said X]"). A hedge inside someone's
    words ("Ruiz argued that it is believed…") is theirs, not a source, so it carries nothing."""
    hedged = {a.get("attribution_id") for a in attributions if a.get("parent_id") and not a.get("source_text")}
    kept = [a for a in attributions if a.get("attribution_id") not in hedged]
    parents = {a.get("parent_id") for a in kept}
    return [a for a in kept if a.get("attribution_id") not in parents] or attributions


def path_status(att: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    """One attribution's status, only as good as the weakest evidential attribution it is
    nested in: "ANI reported that sources said…" is anonymous. `by_id` maps attribution
    ids to rows, to find the parents."""
    worst = attribution_status(att)
    seen = {att.get("attribution_id")}
    parent = by_id.get(att.get("parent_id") or "")
    while parent is not None and parent.get("attribution_id") not in seen:
        seen.add(parent.get("attribution_id"))
        if parent.get("evidential", 1):
            worst = max(worst, attribution_status(parent), key=STATUSES.index)
        parent = by_id.get(parent.get("parent_id") or "")
    return worst


def status_of(attributions: list[dict[str, Any]], by_id: dict[str, dict[str, Any]] | None = None) -> str:
    """Status from the evidential attributions covering a claim (analyze picks them): the
    best path status of their carriers. "Critics say the law says: '…'" is vague: the claim
    reaches the page through the outer source."""
    if not attributions:
        return "unsourced"
    return best_status(path_status(a, by_id or {}) for a in carriers(attributions))


def flags_of(status: str, has_figure: bool) -> list[str]:
    flags = []
    if status == "unsourced":
        flags.append("unsourced")
        if has_figure:
            flags.append("number_unsourced")
    elif status == "anonymous":
        flags.append("anonymous_only")
    elif status == "vague":
        flags.append("vague_only")
    return flags
