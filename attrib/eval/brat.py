"""Read PolNeAR-style brat standoff annotations into typed gold attributions.

Why: the evaluation (`attrib.eval.scoring`) and the cue-lexicon script need the gold
Source / Cue / Content spans of each attribution, with discontinuous spans kept as
fragments, and must survive the odd broken line a real corpus has.

Format (see ../shared/data/README.md):

    T<n>\\t<Type> <start> <end>[;<start> <end>...]\\t<text>
    E<n>\\tAttribution:T<a> Content:T<c> Cue:T<q> Source:T<s> [Content2:T<x> ...]

with the event type `Attribution-no-source` when no source was annotated. Extra
role slots (`Content2`, `Source2`, ...) are merged into their base role's fragments.
Other text-bound types (`Discard`, `Discuss`) and notes (`#`, `A`, `R`, ...) are
ignored. A line that cannot be parsed (e.g. the continuation of a span text with a
newline in it) is skipped and counted in `ParseStats.malformed`; nothing raises.

Layout of a split directory (PolNeAR v1.0.0):

    <split>/text/<name>.txt
    <split>/attributions/<name>_<annotator>.ann

A flat directory with `<name>.txt` and `<name>_<annotator>.ann` side by side also
works. Some articles were annotated by several annotators. `load_polnear` keeps all
of them (`GoldArticle.by_annotator`) and picks one for scoring: by default the
first annotator id in sorted order (`ANNOTATOR_POLICY`), which is deterministic and
independent of the system being scored. `attrib.eval.scoring.score_polnear` can instead
average over all annotators of an article.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

Span = tuple[int, int]
Fragments = tuple[Span, ...]

ROLES = ("source", "cue", "content")
ANNOTATOR_POLICY = "first annotator id in sorted order"

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ROLE_ARG = re.compile(r"^([A-Za-z][A-Za-z_-]*?)(\d*):([TE]\d+)$")
_EVENT_TYPES = {"Attribution", "Attribution-no-source"}
_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content"}
_KNOWN_TEXT_TYPES = {"Source", "Cue", "Content", "Attribution", "Discard", "Discuss"}


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution relation; spans are character offsets into the article text.

    `source` is empty when the annotator marked no source. Each role is a sorted tuple
    of (start, end) fragments so discontinuous spans survive.
    """

    source: Fragments
    cue: Fragments
    content: Fragments
    annotator: str = ""
    id: str = ""

    def span(self, role: str) -> Fragments:
        return getattr(self, role)

    def text(self, role: str, article_text: str) -> str:
        """The role's text, fragments joined by a space (as brat writes it)."""
        return fragments_text(self.span(role), article_text)


@dataclass
class ParseStats:
    """What was skipped while reading, so a caller can report it instead of crashing."""

    files: int = 0
    lines: int = 0
    malformed: int = 0  # lines that match no known brat line shape
    bad_offsets: int = 0  # spans outside the text or with end < start
    incomplete_events: int = 0  # events without a usable Content span
    dangling_refs: int = 0  # role arguments pointing to an unknown / non-role T
    missing_text: int = 0  # .ann files whose text file was not found
    examples: list[str] = field(default_factory=list)

    def note(self, kind: str, detail: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.examples) < 20:
            self.examples.append(f"{kind}: {detail[:120]}")

    def merge(self, other: ParseStats) -> None:
        for name in ("files", "lines", "malformed", "bad_offsets", "incomplete_events",
                     "dangling_refs", "missing_text"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.examples.extend(other.examples[: max(0, 20 - len(self.examples))])

    @property
    def warnings(self) -> int:
        return (self.malformed + self.bad_offsets + self.incomplete_events
                + self.dangling_refs + self.missing_text)


@dataclass
class GoldArticle:
    """An article's text and its gold attributions from the annotator picked for scoring.

    `by_annotator` holds every annotator's attributions for averaging.
    """

    name: str
    text: str
    attributions: list[GoldAttribution]
    annotator: str
    by_annotator: dict[str, list[GoldAttribution]] = field(default_factory=dict)

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(sorted(self.by_annotator))


def normalize_fragments(frags: Fragments | list[Span], text: str | None = None) -> Fragments:
    """Sorted, merged (overlapping or touching) fragments; empty ones dropped.

    With `text`, whitespace at each fragment's edges is trimmed first, so spans that
    differ only by a stray space compare equal.
    """
    out: list[list[int]] = []
    cleaned = []
    for a, b in frags:
        a, b = int(a), int(b)
        if text is not None:
            while a < b and a < len(text) and text[a].isspace():
                a += 1
            while b > a and b - 1 < len(text) and text[b - 1].isspace():
                b -= 1
        if b > a:
            cleaned.append((a, b))
    for a, b in sorted(cleaned):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def fragments_text(frags: Fragments, text: str) -> str:
    return " ".join(text[a:b] for a, b in frags)


def parse_ann(content: str, annotator: str = "", text: str | None = None,
              stats: ParseStats | None = None) -> list[GoldAttribution]:
    """Parse one .ann file's content into attributions (in event order).

    With `text`, spans reaching outside it are dropped (counted as bad_offsets).
    Never raises on bad input; problems are counted in `stats`.
    """
    stats = stats if stats is not None else ParseStats()
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[tuple[str, str, list[tuple[str, str]]]] = []
    for raw in content.splitlines():
        stats.lines += 1
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        head = line[0]
        if head == "T":
            m = _T_LINE.match(line)
            if not m:
                stats.note("malformed", line)
                continue
            tid, ttype, offsets = m.group(1), m.group(2), m.group(3)
            try:
                frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            except ValueError:  # pragma: no cover - the regex admits digits only
                stats.note("malformed", line)
                continue
            if any(b < a or (text is not None and b > len(text)) for a, b in frags):
                stats.note("bad_offsets", line)
                continue
            if ttype not in _KNOWN_TEXT_TYPES:
                log.debug("unknown text-bound type %s", ttype)
            spans[tid] = (ttype, normalize_fragments(frags))  # type: ignore[arg-type]
        elif head == "E":
            m = _E_LINE.match(line)
            if not m:
                stats.note("malformed", line)
                continue
            args = m.group(2).split()
            if not args:
                stats.note("incomplete_events", line)
                continue
            etype = args[0].split(":", 1)[0]
            roles: list[tuple[str, str]] = []
            ok = True
            for arg in args[1:]:
                am = _ROLE_ARG.match(arg)
                if not am:
                    ok = False
                    break
                roles.append((am.group(1), am.group(3)))
            if not ok or ":" not in args[0]:
                stats.note("malformed", line)
                continue
            if etype not in _EVENT_TYPES:
                continue  # some other event kind: not ours to score
            events.append((m.group(1), etype, roles))
        elif head in "#ARMN*":
            continue  # notes, attributes, relations, normalisations: not needed
        else:
            stats.note("malformed", line)

    out: list[GoldAttribution] = []
    for eid, _etype, roles in events:
        got: dict[str, list[Span]] = defaultdict(list)
        for role_name, ref in roles:
            role = _ROLE_OF.get(role_name)
            if role is None:
                continue
            target = spans.get(ref)
            if target is None or target[0] != role_name:
                stats.note("dangling_refs", f"{eid} {role_name}:{ref}")
                continue
            got[role].extend(target[1])
        content_frags = normalize_fragments(got["content"])
        if not content_frags:
            stats.note("incomplete_events", f"{eid} has no content")
            continue
        out.append(GoldAttribution(
            source=normalize_fragments(got["source"]),
            cue=normalize_fragments(got["cue"]),
            content=content_frags,
            annotator=annotator,
            id=eid,
        ))
    return out


def read_ann(path: Path, text: str | None = None, annotator: str = "",
             stats: ParseStats | None = None) -> list[GoldAttribution]:
    """Read one .ann file (UTF-8, undecodable bytes replaced)."""
    stats = stats if stats is not None else ParseStats()
    stats.files += 1
    content = Path(path).read_text(encoding="utf-8", errors="replace")
    return parse_ann(content, annotator=annotator, text=text, stats=stats)


def read_text(path: Path) -> str:
    """Article text exactly as brat counts offsets: UTF-8, newlines untranslated."""
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return fh.read()


def _split_stem(stem: str, text_names: set[str]) -> tuple[str, str] | None:
    """`<name>_<annotator>` -> (name, annotator), matched against the known text names."""
    if "_" in stem:
        name, annotator = stem.rsplit("_", 1)
        if name in text_names:
            return name, annotator
    if stem in text_names:
        return stem, ""
    return None


def load_polnear(split_dir: Path | str, stats: ParseStats | None = None) -> dict[str, GoldArticle]:
    """All articles of one split directory (e.g. polnear/dev), keyed by article name.

    The annotator used for scoring is the first annotator id in sorted order; all
    annotators stay available in `GoldArticle.by_annotator`. Articles with a text
    but no annotation file are left out (they were not annotated, not "no attributions").
    """
    split_dir = Path(split_dir)
    stats = stats if stats is not None else ParseStats()
    text_dir = split_dir / "text" if (split_dir / "text").is_dir() else split_dir
    ann_dir = split_dir / "attributions" if (split_dir / "attributions").is_dir() else split_dir
    if not text_dir.is_dir():
        raise FileNotFoundError(f"not a directory: {split_dir}")
    text_paths = {p.stem: p for p in sorted(text_dir.glob("*.txt"))}
    if not text_paths and (split_dir / "dev").is_dir():
        raise FileNotFoundError(f"{split_dir} holds splits; pass one of them, e.g. {split_dir / 'dev'}")
    texts: dict[str, str] = {}
    per_article: dict[str, dict[str, list[GoldAttribution]]] = defaultdict(dict)
    for ann in sorted(ann_dir.glob("*.ann")):
        split = _split_stem(ann.stem, set(text_paths))
        if split is None:
            stats.files += 1
            stats.note("missing_text", ann.name)
            continue
        name, annotator = split
        if name not in texts:
            texts[name] = read_text(text_paths[name])
        per_article[name][annotator] = read_ann(ann, text=texts[name], annotator=annotator, stats=stats)
    if stats.warnings:
        log.warning("brat: skipped %d problem lines/events in %s (%s)", stats.warnings, split_dir,
                    ", ".join(f"{k}={getattr(stats, k)}" for k in
                              ("malformed", "bad_offsets", "incomplete_events", "dangling_refs",
                               "missing_text") if getattr(stats, k)))
    articles: dict[str, GoldArticle] = {}
    for name in sorted(per_article):
        by_ann = per_article[name]
        picked = sorted(by_ann)[0]
        articles[name] = GoldArticle(name=name, text=texts[name], attributions=by_ann[picked],
                                     annotator=picked, by_annotator=dict(by_ann))
    return articles
