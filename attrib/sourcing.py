"""A claim's sourcing status and flags, from the attributions that cover it.

The order matters to the reader: a named source beats an anonymous one, an anonymous
one beats a bare hedge ("reportedly"), and no attribution at all is `unsourced`.
"""
from __future__ import annotations

from typing import Any

STATUSES = ("sourced", "anonymous", "vague", "unsourced")
NAMED_TYPES = {"person", "organization", "government", "media", "document", "unknown"}


def status_of(attributions: list[dict[str, Any]]) -> str:
    """Status from the evidential attributions covering a claim (analyze picks them)."""
    if not attributions:
        return "unsourced"
    types = [a.get("source_type") if a.get("source_text") else None for a in attributions]
    if any(t in NAMED_TYPES for t in types):
        return "sourced"
    if any(t == "anonymous" for t in types):
        return "anonymous"
    return "vague"


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
