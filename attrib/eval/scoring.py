"""Score predicted attributions against PolNeAR gold (library only; the CLI wires it up).

Why: the project needs one agreed, documented way to say how well it finds who said
what. PolNeAR annotates each attribution as Source / Cue / Content spans, so scores are
given per role and for whole relations.

Definitions (all micro-averaged over the articles of the gold set):

* Spans are compared after normalisation: fragments sorted, overlapping or touching
  fragments merged, whitespace at fragment edges trimmed. A span is a set of
  characters, possibly in several fragments (discontinuous).
* Role scores (source, cue, content). Per article, the gold spans of a role are the
  distinct non-empty spans of that role over all gold attributions; the predicted
  spans likewise (a span shared by several attributions counts once).
  - exact: a predicted span is correct when a gold span of that role covers exactly
    the same characters.
  - overlap: predicted and gold spans are paired one-to-one, greedily: all pairs that
    share at least one character are taken in order of most shared characters first
    (ties: earlier prediction, then earlier gold), skipping a pair when either side is
    already paired. Each pair is a true positive.
  P = tp / predicted spans, R = tp / gold spans, F1 their harmonic mean; a ratio
  with a zero denominator is 0 (so empty predictions score 0, not undefined).
* Relation score. A predicted attribution can match a gold attribution when
  (a) its content shares at least half of the gold content's characters, and
  (b) its source span shares at least one character with the gold source span, or
  both have no source. The cue is not required. Matches are one-to-one and greedy,
  most shared content characters first (then most shared source characters).
* Pronoun sources. For gold attributions (picked annotator) whose source text is a
  pronoun (`PRONOUNS`), the report counts how many were relation-matched, how many of
  those matched predictions carry a `source_resolved`, and how many of those a judge
  accepts. PolNeAR does not annotate what the pronoun refers to, so the default judge
  is a heuristic (see `make_heuristic_judge`); treat its numbers as indicative.

Multi-annotator articles: by default the gold of the annotator picked by
`attrib.eval.brat.load_polnear` (first id in sorted order) is used. With
`average_annotators=True`, each article is scored against every one of its
annotators and the counts are averaged per article (weight 1/k each) before the
micro-average.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from attrib.lexicons import table
from attrib.eval.brat import ROLES, Fragments, GoldArticle, GoldAttribution, normalize_fragments

Span = tuple[int, int]
SpanLike = Union[Span, Sequence[Span], None]

# Which gold sources count as pronoun sources: every pronoun of the one table the
# resolver and source typing read (attrib/lexicons/pronouns.tsv).
PRONOUNS = frozenset(row[0] for row in table("pronouns"))


@dataclass
class PredictedAttribution:
    """One attribution output by a system for an article; offsets into the article text.

    A span is `(start, end)`, or a sequence of such fragments for a discontinuous span,
    or None. `source_resolved` is the name the system resolved a pronoun source to.
    """

    source: SpanLike
    cue: SpanLike
    content: SpanLike
    source_resolved: str | None = None


@dataclass
class PRF:
    """Counts behind precision / recall / F1; floats because annotator averaging weighs them."""

    tp: float = 0.0
    n_pred: float = 0.0
    n_gold: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF, weight: float = 1.0) -> None:
        self.tp += other.tp * weight
        self.n_pred += other.n_pred * weight
        self.n_gold += other.n_gold * weight

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "n_pred": self.n_pred, "n_gold": self.n_gold}


@dataclass
class PronounReport:
    """Resolution of pronoun sources; `correct` only counts what the judge accepted."""

    gold: int = 0  # gold attributions whose source is a pronoun
    matched: int = 0  # ... relation-matched by a prediction
    resolved: int = 0  # ... whose matched prediction has a source_resolved
    judged: int = 0  # ... on which the judge gave a verdict (not None)
    correct: int = 0  # ... judged right
    judge: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "matched": self.matched, "resolved": self.resolved,
                "judged": self.judged, "correct": self.correct, "judge": self.judge}


@dataclass
class EvalReport:
    """Scores of one evaluation run: per role (exact, overlap), relations, pronoun sources."""

    roles: dict[str, dict[str, PRF]]
    relation: PRF
    pronouns: PronounReport
    n_articles: int
    annotator_policy: str
    missing_predictions: list[str] = field(default_factory=list)  # scored as empty
    unknown_articles: list[str] = field(default_factory=list)  # ignored

    HEADER = ("role", "match", "P", "R", "F1", "tp", "pred", "gold")

    def table(self) -> list[tuple[str, ...]]:
        """Rows for printing, header first. The pronoun row's P is correct/resolved and
        R is correct/gold pronoun sources."""

        def row(role: str, kind: str, m: PRF) -> tuple[str, ...]:
            return (role, kind, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}",
                    _num(m.tp), _num(m.n_pred), _num(m.n_gold))

        rows = [self.HEADER]
        for role in ROLES:
            for kind in ("exact", "overlap"):
                rows.append(row(role, kind, self.roles[role][kind]))
        rows.append(row("relation", "content>=50%+source", self.relation))
        p = self.pronouns
        rows.append(row("pronoun source", "resolved right",
                        PRF(tp=p.correct, n_pred=p.resolved, n_gold=p.gold)))
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "n_articles": self.n_articles,
            "annotator_policy": self.annotator_policy,
            "roles": {r: {k: m.as_dict() for k, m in kinds.items()} for r, kinds in self.roles.items()},
            "relation": self.relation.as_dict(),
            "pronoun_sources": self.pronouns.as_dict(),
            "missing_predictions": list(self.missing_predictions),
            "unknown_articles": list(self.unknown_articles),
        }


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


# --- span arithmetic ---------------------------------------------------------------

def as_fragments(span: SpanLike, text: str | None = None) -> Fragments:
    """A predicted or gold span as normalised fragments (see module docstring)."""
    if span is None:
        return ()
    if len(span) == 2 and all(isinstance(x, int) for x in span):
        return normalize_fragments([span], text)  # type: ignore[list-item]
    return normalize_fragments(list(span), text)  # type: ignore[arg-type]


def span_length(frags: Fragments) -> int:
    return sum(b - a for a, b in frags)


def shared_chars(x: Fragments, y: Fragments) -> int:
    """Number of characters in both spans."""
    total = 0
    for a, b in x:
        for c, d in y:
            total += max(0, min(b, d) - max(a, c))
    return total


def greedy_pairs(scores: Iterable[tuple[tuple[float, ...], int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best key first; ties by indices."""
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    out = []
    for _key, i, j in sorted(scores, key=lambda s: (tuple(-k for k in s[0]), s[1], s[2])):
        if i in taken_p or j in taken_g:
            continue
        taken_p.add(i)
        taken_g.add(j)
        out.append((i, j))
    return out


def _distinct(spans: Iterable[Fragments]) -> list[Fragments]:
    return list(dict.fromkeys(s for s in spans if s))


def score_spans(pred: Iterable[Fragments], gold: Iterable[Fragments]) -> tuple[PRF, PRF]:
    """(exact, overlap) counts for one role in one article."""
    p, g = _distinct(pred), _distinct(gold)
    exact = PRF(tp=len(set(p) & set(g)), n_pred=len(p), n_gold=len(g))
    pairs = greedy_pairs(((ov,), i, j) for i, ps in enumerate(p) for j, gs in enumerate(g)
                         if (ov := shared_chars(ps, gs)) > 0)
    return exact, PRF(tp=len(pairs), n_pred=len(p), n_gold=len(g))


@dataclass(frozen=True)
class _Norm:
    source: Fragments
    cue: Fragments
    content: Fragments


def relation_pairs(pred: Sequence[_Norm], gold: Sequence[_Norm]) -> list[tuple[int, int]]:
    """One-to-one relation matches (pred index, gold index); see module docstring."""
    scores = []
    for i, p in enumerate(pred):
        if not p.content:
            continue
        for j, g in enumerate(gold):
            cov = shared_chars(p.content, g.content)
            if cov == 0 or 2 * cov < span_length(g.content):
                continue
            if p.source or g.source:
                sov = shared_chars(p.source, g.source)
                if sov == 0:
                    continue
            else:
                sov = 0
            scores.append(((cov, sov), i, j))
    return greedy_pairs(scores)


# --- pronoun resolution judge -----------------------------------------------------

ResolutionJudge = Callable[[GoldArticle, GoldAttribution, str], Union[bool, None]]
# Given an article's full text: (start offset, mention text) of its named mentions.
MentionFinder = Callable[[str], Iterable[tuple[int, str]]]

_WORD = re.compile(r"[\w][\w.\-']*")


def _tokens(s: str) -> list[str]:
    out = []
    for t in _WORD.findall(s.lower()):
        t = re.sub(r"('s|’s|')$", "", t).strip(".")
        if t:
            out.append(t)
    return out


def is_pronoun(source_text: str) -> bool:
    return source_text.strip().lower() in PRONOUNS


def make_heuristic_judge(mention_finder: MentionFinder | None = None) -> ResolutionJudge:
    """A heuristic judge for pronoun resolution (PolNeAR has no gold antecedents).

    The resolved name counts as right when its last token (case-insensitive, possessive
    's dropped) is a token of a non-pronoun gold source that starts before the pronoun,
    or of a mention that `mention_finder` (e.g. `spacy_mention_finder`: PERSON/ORG)
    finds starting before the pronoun. It also accepts a wrong referent that was
    named earlier (on dev, resolving every pronoun to the article's first source is
    accepted as often as resolving to the nearest one), so read it as an upper
    bound. Returns None (no verdict) when the resolved string has no word.
    """
    cache: dict[tuple[str, int], list[tuple[int, str]]] = {}

    def judge(article: GoldArticle, att: GoldAttribution, resolved: str) -> bool | None:
        toks = _tokens(resolved)
        if not toks:
            return None
        last = toks[-1]
        start = att.source[0][0] if att.source else len(article.text)
        seen: set[str] = set()
        for other in article.attributions:
            if other.source and other.source[0][0] < start:
                txt = other.text("source", article.text)
                if not is_pronoun(txt):
                    seen.update(_tokens(txt))
        if last in seen:
            return True
        if mention_finder is not None:
            key = (article.name, len(article.text))
            if key not in cache:
                cache.clear()  # one article at a time: keeps memory flat
                cache[key] = list(mention_finder(article.text))
            return any(at < start and last in _tokens(m) for at, m in cache[key])
        return False

    judge.description = ("heuristic: earlier non-pronoun gold source"  # type: ignore[attr-defined]
                         + (" or named mention" if mention_finder else ""))
    return judge


def spacy_mention_finder(nlp: Any, labels: Iterable[str] = ("PERSON", "ORG")) -> MentionFinder:
    """PERSON/ORG entities found by a spaCy pipeline, for `make_heuristic_judge`."""
    wanted = set(labels)

    def find(text: str) -> list[tuple[int, str]]:
        return [(e.start_char, e.text) for e in nlp(text).ents if e.label_ in wanted]

    return find


# --- scoring -------------------------------------------------------------------------

def _normalise_gold(atts: Sequence[GoldAttribution], text: str) -> list[_Norm]:
    return [_Norm(normalize_fragments(a.source, text), normalize_fragments(a.cue, text),
                  normalize_fragments(a.content, text)) for a in atts]


def _normalise_pred(preds: Sequence[PredictedAttribution], text: str) -> list[_Norm]:
    return [_Norm(as_fragments(p.source, text), as_fragments(p.cue, text),
                  as_fragments(p.content, text)) for p in preds]


def _score_one(gold: list[_Norm], pred: list[_Norm]) -> tuple[dict[str, tuple[PRF, PRF]], PRF, list[tuple[int, int]]]:
    roles = {r: score_spans((getattr(p, r) for p in pred), (getattr(g, r) for g in gold)) for r in ROLES}
    pairs = relation_pairs(pred, gold)
    return roles, PRF(tp=len(pairs), n_pred=len(pred), n_gold=len(gold)), pairs


def score_polnear(gold: dict[str, GoldArticle], predicted: Mapping[str, Sequence[PredictedAttribution]],
                  *, average_annotators: bool = False,
                  judge: ResolutionJudge | None = None) -> EvalReport:
    """Score `predicted` (article name -> attributions) against `gold` (from `load_polnear`).

    Gold articles without predictions count as predicting nothing; predicted articles
    not in gold are ignored and listed in the report. `judge` decides pronoun
    resolutions (default: `make_heuristic_judge()`, gold sources only).
    """
    judge = judge or make_heuristic_judge()
    roles = {r: {"exact": PRF(), "overlap": PRF()} for r in ROLES}
    relation = PRF()
    pron = PronounReport(judge=getattr(judge, "description", None) or getattr(judge, "__name__", "judge"))
    missing = []
    for name in sorted(gold):
        article = gold[name]
        preds = list(predicted.get(name, ()))
        if name not in predicted:
            missing.append(name)
        pred_n = _normalise_pred(preds, article.text)
        if average_annotators and len(article.by_annotator) > 1:
            versions = [article.by_annotator[a] for a in sorted(article.by_annotator)]
        else:
            versions = [article.attributions]
        weight = 1.0 / len(versions)
        for atts in versions:
            role_counts, rel, _ = _score_one(_normalise_gold(atts, article.text), pred_n)
            for r, (ex, ov) in role_counts.items():
                roles[r]["exact"].add(ex, weight)
                roles[r]["overlap"].add(ov, weight)
            relation.add(rel, weight)
        # Pronoun sources: on the picked annotator only.
        gold_n = _normalise_gold(article.attributions, article.text)
        matched = dict((j, i) for i, j in relation_pairs(pred_n, gold_n))
        for j, att in enumerate(article.attributions):
            if not att.source or not is_pronoun(att.text("source", article.text)):
                continue
            pron.gold += 1
            if j not in matched:
                continue
            pron.matched += 1
            resolved = preds[matched[j]].source_resolved
            if not resolved or not resolved.strip():
                continue
            pron.resolved += 1
            verdict = judge(article, att, resolved)
            if verdict is not None:
                pron.judged += 1
                pron.correct += bool(verdict)
    policy = ("average over annotators per article" if average_annotators
              else "first annotator id in sorted order")
    return EvalReport(roles=roles, relation=relation, pronouns=pron, n_articles=len(gold),
                      annotator_policy=policy, missing_predictions=missing,
                      unknown_articles=sorted(set(predicted) - set(gold)))


# --- baselines (sanity checks for the scorer) -------------------------------------

def gold_as_prediction(gold: dict[str, GoldArticle]) -> dict[str, list[PredictedAttribution]]:
    """The picked annotator's gold as predictions: must score 1.0 everywhere."""
    return {
        name: [PredictedAttribution(source=a.source or None, cue=a.cue or None, content=a.content)
               for a in art.attributions]
        for name, art in gold.items()
    }


_SENT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n+")
_SAID = re.compile(r"\b(?:said|says)\b")
_PRON_SRC = re.compile(r"\b(he|she|they|we|i|it|who)\s*$", re.IGNORECASE)
_CAPS_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*)\s*$")
_CAPS_AFTER = re.compile(r"^\s+((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*)")
_LEAD = re.compile(r"^[\s,:;\"“”']*(?:that\s+)?")
_TRAIL = re.compile(r"[\s,.;:\"“”']*$")


def _sentences(text: str) -> list[Span]:
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _strip_span(text: str, a: int, b: int) -> Span | None:
    seg = text[a:b]
    lead = _LEAD.match(seg).end()  # type: ignore[union-attr]
    trail = _TRAIL.search(seg[lead:]).start()  # type: ignore[union-attr]
    if trail <= 0 or not re.search(r"\w", seg[lead:lead + trail]):
        return None
    return a + lead, a + lead + trail


def regex_baseline(texts: Mapping[str, str] | Mapping[str, GoldArticle]) -> dict[str, list[PredictedAttribution]]:
    """A deliberately trivial system, to show the scorer discriminates.

    Cue: each "said"/"says". Source: the pronoun or run of capitalised words just
    before the cue (or just after it, "..., said Smith"). Content: the rest of the
    sentence after the cue, or, when nothing follows, the sentence before the source.
    A pronoun source is "resolved" to the last capitalised source seen before it.
    """
    out: dict[str, list[PredictedAttribution]] = {}
    for name, item in texts.items():
        text = item.text if isinstance(item, GoldArticle) else item
        preds = []
        last_name: str | None = None
        for s0, s1 in _sentences(text):
            sent = text[s0:s1]
            for m in _SAID.finditer(sent):
                cue = (s0 + m.start(), s0 + m.end())
                before, after = sent[:m.start()], sent[m.end():]
                source: Span | None = None
                after_from = m.end()
                if pm := _PRON_SRC.search(before):
                    source = (s0 + pm.start(1), s0 + pm.end(1))
                elif cm := _CAPS_BEFORE.search(before):
                    source = (s0 + cm.start(1), s0 + cm.end(1))
                elif am := _CAPS_AFTER.match(after):
                    source = (s0 + m.end() + am.start(1), s0 + m.end() + am.end(1))
                    after_from = m.end() + am.end()
                content = _strip_span(text, s0 + after_from, s1)
                if content is None:
                    stop = source[0] if source and source[0] < cue[0] else cue[0]
                    content = _strip_span(text, s0, stop)
                resolved = None
                if source is not None:
                    src_text = text[source[0]:source[1]]
                    if is_pronoun(src_text):
                        resolved = last_name
                    else:
                        last_name = src_text
                preds.append(PredictedAttribution(source=source, cue=cue, content=content,
                                                  source_resolved=resolved))
        out[name] = preds
    return out
