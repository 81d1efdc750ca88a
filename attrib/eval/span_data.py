"""PolNeAR brat annotations as token sequences with BIO tags, for a learned span model (issue 17).

Why: a token tagger needs each article cut into units of tokens whose character offsets
are exact (``text[start:end]`` is the token), with the gold Source / Cue / Content spans
of the outermost attributions (PolNeAR annotates one level only) projected onto them,
and a way back from predicted tags to the records `attrib.eval.scoring` scores.

Units are paragraphs (the text's non-blank lines), not sentences: PolNeAR contents often
run over several sentences of one paragraph, and a sentence cut would split them.
Tokens come from spaCy's tokenizer alone (nothing else runs), whitespace tokens dropped.

Where spans of different attributions overlap on a token, one tag wins, in the order
cue > source > content (a cue inside another's content is its own cue); the loss this
costs is what `oracle` measures. A token is in a span when any of its characters is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from attrib.analysis.attribution.span_model import LABELS
from attrib.analysis.attribution.span_units import Unit, group, spans_of, tokenizer, units_of
from attrib.eval.brat import GoldArticle, GoldAttribution, normalize_fragments
from attrib.eval.scoring import PredictedAttribution

ROLE_TAG = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
PRIORITY = ("cue", "source", "content")  # which role a token shared by two spans gets
LABEL_ID = {lab: i for i, lab in enumerate(LABELS)}

__all__ = ["Unit", "spans_of", "tokenizer", "units_of", "tag_units", "article_units", "records_of",
           "records_of_units", "oracle", "AlignStats"]


@dataclass
class AlignStats:
    """How faithfully the gold spans fit the tokens (reported, never silently lost)."""

    spans: int = 0  # gold fragments projected
    misaligned: int = 0  # fragments whose edges fall inside a token
    clashes: int = 0  # fragments sharing characters with another role's span (PRIORITY decided)
    cross_unit: int = 0  # fragments running over a paragraph break


def tag_units(units: Sequence[Unit], attributions: Iterable[GoldAttribution], text: str,
              stats: AlignStats | None = None) -> None:
    """Fill each unit's BIO tags from the gold attributions (in place)."""
    stats = stats if stats is not None else AlignStats()
    # per character: (priority rank, fragment key) of the role that owns it
    owner: dict[int, tuple[int, tuple]] = {}
    for ai, att in enumerate(attributions):
        for role in PRIORITY:
            rank = PRIORITY.index(role)
            for fi, (a, b) in enumerate(normalize_fragments(att.span(role), text)):
                stats.spans += 1
                if "\n" in text[a:b]:
                    stats.cross_unit += 1
                key = (role, ai, fi)
                clash = False
                for c in range(a, b):
                    if text[c] == "\n":
                        continue
                    cur = owner.get(c)
                    if cur is not None and cur[1][0] != role:
                        clash = True
                    if cur is None or rank < cur[0]:
                        owner[c] = (rank, key)
                stats.clashes += clash
    starts = {t[0] for u in units for t in u.tokens}
    ends = {t[1] for u in units for t in u.tokens}
    for ai, att in enumerate(attributions):
        for role in PRIORITY:
            for a, b in normalize_fragments(att.span(role), text):
                if a not in starts or b not in ends:
                    stats.misaligned += 1
    for u in units:
        tags = []
        prev_key = None
        for a, b in u.tokens:
            claims = [owner[c] for c in range(a, b) if c in owner]
            if not claims:
                tags.append("O")
                prev_key = None
                continue
            rank, key = min(claims)
            tag = ROLE_TAG[key[0]]
            tags.append(("I-" if key == prev_key else "B-") + tag)
            prev_key = key
        u.tags = tags


def article_units(article: GoldArticle, stats: AlignStats | None = None, tok: Any = None) -> list[Unit]:
    """An article's paragraphs, tagged with its picked annotator's attributions."""
    units = units_of(article.name, article.text, tok)
    tag_units(units, article.attributions, article.text, stats)
    return units


def records_of(spans: Sequence[tuple[str, int, int]]) -> list[PredictedAttribution]:
    """Scorer records from one unit's spans (grouped by `span_units.group`)."""
    return [PredictedAttribution(source=src, cue=cue, content=list(contents) or None)
            for src, cue, contents in group(spans)]


def records_of_units(units: Sequence[Unit], tags: Sequence[Sequence[str]] | None = None) -> list[PredictedAttribution]:
    """Records of an article from its units' tags (or the given predicted tags)."""
    out = []
    for i, u in enumerate(units):
        out.extend(records_of(spans_of(u.tags if tags is None else tags[i], u.tokens)))
    return out


def oracle(articles: dict[str, GoldArticle]) -> tuple[dict[str, list[PredictedAttribution]], AlignStats]:
    """Gold -> tags -> records: the ceiling this representation and grouping allow."""
    stats = AlignStats()
    out = {}
    for name, art in articles.items():
        out[name] = records_of_units(article_units(art, stats))
    return out, stats

