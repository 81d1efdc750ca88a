"""Measuring pronoun resolution on PolNeAR (scripts/eval_resolution.py).

PolNeAR marks pronoun sources but not what they refer to. The judge below picks, for
each gold pronoun source, the referent a reader would most likely pick from the gold
itself, and compares names by their last word:
  he/she/they/it: the most recent earlier non-pronoun gold source whose head agrees
    (he/she: a person, gender not contradicted; it: a single non-person; they: a
    plural, a group, an organisation, or a coordination "X and Y");
  I/we/me: the source of the gold attribution whose content holds the pronoun;
  who: the text of its sentence before it.
It is strict (a role like "the Republican nominee" as the target does not match the
name "Donald Trump") and shares the first-name list with the resolver.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from attrib.types import Attribution
from attrib.analysis.extensions import doc_ents, doc_text, ents_in
from attrib.analysis.sources.mentions import GROUP_HEADS, PRONOUNS, ROLE_NORMAL
from attrib.analysis.sources.types import GOV_BODIES, MEMBER_HEADS, ORG_WORDS, TITLE_HEADS, gender_of_name, norm_word


EVAL_PRONOUNS = ("he", "she", "they", "it", "we", "i", "him", "her", "them", "who")


def _hull(frags: Any) -> tuple[int, int] | None:
    if not frags:
        return None
    return min(a for a, _ in frags), max(b for _, b in frags)


def _key(word: str) -> str:
    w = norm_word(word)
    return ROLE_NORMAL.get(w, w)


def _last_key(name: str) -> str | None:
    ws = [w for w in re.findall(r"[\w][\w.'’-]*", name)]
    ws = [w for w in ws if norm_word(w) not in ("jr", "sr", "ii", "iii")]
    return _key(ws[-1]) if ws else None


def _span_head(doc: Any, a: int, b: int) -> Any:
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    return span, span.root


def _gold_agrees(doc: Any, a: int, b: int, word: str, genders: dict[str, str]) -> bool:
    span, root = _span_head(doc, a, b)
    if span is None:
        return False
    _p, gender, number = PRONOUNS[word]
    labels = {t.ent_type_ for t in span if t.ent_type_}
    plural = root.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" and t.head == root for t in span) \
        or root.lower_ in GROUP_HEADS
    lemma = root.lemma_.lower()
    personish = ("PERSON" in labels or lemma in TITLE_HEADS or lemma in MEMBER_HEADS
                 or (root.pos_ == "PROPN" and not labels & {"ORG", "GPE", "NORP"}))
    if gender in ("m", "f"):
        if plural or not personish or labels & {"ORG", "GPE"} and "PERSON" not in labels:
            return False
        g = genders.get(_key(root.text)) or gender_of_name(span.text)
        return g in (None, gender)
    if gender == "n":
        return not plural and not personish
    if number == "pl":
        return plural or bool(labels & {"ORG", "NORP"}) or lemma in ORG_WORDS or lemma in GOV_BODIES
    return True


def judge_pronoun(doc: Any, gold: list[Any], k: int, resolved: str | None,
                  genders: dict[str, str]) -> tuple[bool | None, str | None]:
    """(verdict, target text) for gold attribution `k` with a pronoun source; verdict
    None when the judge finds no target."""
    text = doc_text(doc)
    att = gold[k]
    a, b = _hull(att.source)  # type: ignore[misc]
    word = text[a:b].strip().lower()
    target: tuple[int, int] | None = None
    if PRONOUNS[word][0] == 1:
        best = None
        for j, other in enumerate(gold):
            c = _hull(other.content)
            s = _hull(other.source)
            if j == k or c is None or s is None or not (c[0] <= a < c[1]):
                continue
            if text[s[0]:s[1]].strip().lower() in PRONOUNS:
                continue
            if best is None or c[1] - c[0] < best[0]:
                best = (c[1] - c[0], s)
        target = best[1] if best else None
    elif word == "who":
        sent0 = doc.char_span(a, b, alignment_mode="expand")
        if sent0 is None:
            return None, None
        s0 = sent0[0].sent.start_char
        if s0 >= a:
            return None, None
        before = re.findall(r"[\w][\w.'’-]*", text[max(s0, a - 120):a])
        if not before or not before[-1][:1].isupper() or len(before) == 1:
            return None, None  # "voters who ...": no name right before it to resolve to
        if resolved is None:
            return False, text[s0:a]
        key = _last_key(resolved)
        return (key in {_key(w) for w in before}), text[s0:a]
    else:
        cands = []
        for j, other in enumerate(gold):
            s = _hull(other.source)
            if s is None or s[0] >= a:
                continue
            if text[s[0]:s[1]].strip().lower() in PRONOUNS:
                continue
            cands.append(s)
        for s in sorted(cands, key=lambda s: -s[0]):
            if _gold_agrees(doc, s[0], s[1], word, genders):
                target = s
                break
    if target is None:
        return None, None
    ttext = text[target[0]:target[1]]
    if resolved is None:
        return False, ttext
    span, root = _span_head(doc, target[0], target[1])
    if root is None:
        return None, ttext
    key = _last_key(resolved)
    heads = {_key(root.text)}
    # a name head inside an entity ("Post" of "The New York Post"), and names in
    # apposition ("his father, Brent Bozell, Jr."), but not possessors ("Trump's wife")
    for ent in ents_in(span):
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        last = ent[-1]
        if ent.start <= root.i < ent.end:
            heads.add(_key(last.text))
        elif ent.root.dep_ in ("appos", "conj") or ent.root.head.dep_ == "appos":
            heads.add(_key(last.text))
    return key in heads, ttext


def _doc_genders(doc: Any) -> dict[str, str]:
    """Surname -> gender from the PERSON names in the doc (first names and honorifics)."""
    out: dict[str, str] = {}
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and len(ent) >= 1:
            g = gender_of_name(doc_text(doc)[max(0, ent.start_char - 5):ent.end_char]) if len(ent) == 1 \
                else gender_of_name(ent.text)
            if g:
                out.setdefault(_key(ent[-1].text), g)
    return out


def pronoun_eval(articles: dict[str, Any], docs: dict[str, Any], *, pronouns: Iterable[str] = EVAL_PRONOUNS,
                 heuristic_judge: Any = None, details: list | None = None) -> dict[str, Any]:
    """Resolve every gold source of every article (gold spans as Attribution objects) and
    judge the pronoun ones. `docs` maps article name -> parsed Doc of its text.

    Returns counts: gold (pronoun sources), resolved, judged, correct (strict judge),
    per pronoun, and heuristic (correct by `heuristic_judge`, when given).
    """
    from attrib.analysis.sources.resolve import resolve_sources  # the driver imports this module

    wanted = set(pronouns)
    out: dict[str, Any] = {"gold": 0, "resolved": 0, "judged": 0, "correct": 0,
                           "correct_named_target": 0, "judged_named_target": 0,
                           "heuristic_correct": 0, "heuristic_judged": 0, "by_pronoun": {}}
    for name in sorted(articles):
        art = articles[name]
        doc = docs[name]
        gold = [g for g in art.attributions]
        atts = [Attribution(kind="other", cue=_hull(g.cue), source=_hull(g.source), content=_hull(g.content))
                for g in gold]
        resolve_sources(doc, atts)
        genders = _doc_genders(doc)
        for k, (g, att) in enumerate(zip(gold, atts)):
            if att.source is None:
                continue
            word = doc_text(doc)[att.source[0]:att.source[1]].strip().lower()
            if word not in wanted:
                continue
            bp = out["by_pronoun"].setdefault(word, {"gold": 0, "resolved": 0, "judged": 0, "correct": 0})
            out["gold"] += 1
            bp["gold"] += 1
            if att.source_resolved:
                out["resolved"] += 1
                bp["resolved"] += 1
            verdict, target = judge_pronoun(doc, gold, k, att.source_resolved, genders)
            if verdict is not None:
                out["judged"] += 1
                bp["judged"] += 1
                out["correct"] += bool(verdict)
                bp["correct"] += bool(verdict)
                if target is not None and word != "who":
                    t = _last_key(target) or ""
                    if t and target.split() and target.split()[-1][:1].isupper():
                        out["judged_named_target"] += 1
                        out["correct_named_target"] += bool(verdict)
            if heuristic_judge is not None and att.source_resolved:
                hv = heuristic_judge(art, g, att.source_resolved)
                if hv is not None:
                    out["heuristic_judged"] += 1
                    out["heuristic_correct"] += bool(hv)
            if details is not None:
                details.append((name, att.source, word, att.source_resolved, target, verdict))
    return out
