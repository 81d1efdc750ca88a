"""Put the span tagger's outermost attributions in place of the rules' spans.

Why: the tagger, trained on PolNeAR, draws source, cue and content boundaries the way
the annotators do; the rules know what the annotation rarely shows (nesting, "citing X"
and "told X" for chains, wire credits, quote pairing). So the tagger decides the
outermost spans, and everything else the rules found stays: the nested attributions,
the intermediaries of a matched rule attribution, and (by choice) the rule attributions
the tagger has no counterpart for. Nesting is worked out again afterwards.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from attrib.analysis.attribution.finder import nest
from attrib.analysis.attribution.span_units import QUOTE_OPENERS
from attrib.types import Attribution, Span, overlap

Found = tuple[Span | None, Span, tuple[Span, ...]]  # (source, cue, content pieces) from the tagger

# rule attributions kept whole when the tagger matches them: "according to X", hedges
WHOLE_KINDS = {"according_to", "other"}


def kind_of(text: str, content: Span) -> str:
    """direct (the content is a quotation), mixed (it holds one) or indirect."""
    piece = text[content[0]:content[1]].strip()
    if piece[:1] in QUOTE_OPENERS:
        return "direct"
    if any(ch in QUOTE_OPENERS for ch in piece):
        return "mixed"
    return "indirect"


def trim_cue(text: str, cue: Span) -> Span:
    """A cue without a closing full stop: "posted on X." is tokenised with the stop on
    the "X." (it looks like an initial); of PolNeAR train's 17,798 gold cues 3 end in one."""
    a, b = cue
    while b > a + 1 and text[b - 1] in ".,;":
        b -= 1
    return a, b


def merge(text: str, rules: Sequence[Attribution], found: Sequence[Found], keep_unmatched: bool = True,
          tagger_only_evidential: bool = False) -> list[Attribution]:
    """The attributions of a document once the tagger's outermost ones replace the rules'.

    A tagger attribution matches the outermost rule attributions whose cue shares
    characters with its cue. A matched "according to X" or hedge stays whole. Otherwise
    the tagger gives the cue and content pieces, plus the rules' pieces it has nothing
    on (a quotation continued in the next paragraph); the rule gives the construction
    (intermediaries, citations), and each piece's kind is read from its text. The
    source is the tagger's when it shares characters with the rules' or the rules
    have none (its boundaries, their choice of who), else the rules'.
    A tagger attribution with no match is added when it has a content that no kept
    attribution already holds. It sources its content (is evidential) only with
    `tagger_only_evidential`: PolNeAR also marks stances, plans and acts ("wants to",
    "cited comments", "citing a threat"), which make no claim `sourced`. So the tagger
    draws the spans and the rules decide what sources a claim; on the hand-labelled news
    claims this kept status accuracy where letting the tagger's own cues source claims
    lost about 3 points (README "Attributions and chains").
    Outermost rule attributions nothing matched are kept when `keep_unmatched` (hedges
    with no cue always are)."""
    outer = [a for a in rules if a.parent is None]
    out: list[Attribution] = [a for a in rules if a.parent is not None]
    tagged = [p for _, _, contents in found for p in contents]
    used: set[int] = set()
    added: list[Attribution] = []
    for src, cue, contents in found:
        cue = trim_cue(text, cue)
        matches = [a for a in outer if a.cue is not None and overlap(a.cue, cue) > 0]
        if not matches:
            added.extend(Attribution(kind=kind_of(text, piece), cue=cue, source=src, content=piece, rule="model",
                                     evidential=tagger_only_evidential) for piece in contents)
            continue
        used.update(id(a) for a in matches)
        if any(a.kind in WHOLE_KINDS for a in matches):
            out.extend(dataclasses.replace(a, parent=None) for a in matches)
            continue
        base = max(matches, key=lambda a: overlap(a.cue, cue))  # type: ignore[arg-type]
        source = base.source
        if src is not None and (source is None or overlap(src, source) > 0):
            source = src
        # the rules' pieces the tagger has nothing on: a quotation continued in the next
        # paragraph (the tagger reads one paragraph at a time)
        extra = [a.content for a in matches if a.content and not any(overlap(a.content, p) > 0 for p in tagged)]
        for piece in sorted(set(contents) | set(extra)):
            out.append(dataclasses.replace(base, cue=cue, source=source, content=piece,
                                           kind=kind_of(text, piece), parent=None,
                                           rule=base.rule + "+model"))
    for a in outer:
        if id(a) not in used and (keep_unmatched or a.cue is None):
            out.append(dataclasses.replace(a, parent=None))
    held = [a.content for a in out if a.content] + [a.cue for a in out if a.cue]
    out.extend(a for a in added if not any(overlap(a.content, h) > 0 for h in held))  # type: ignore[arg-type]
    out.sort(key=lambda a: (a.cue or a.content or (0, 0))[0])
    nest(out)
    return out
