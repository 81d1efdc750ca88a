"""The PolNeAR reader and scorer on small hand-made examples, then a sanity run on dev.

The hand-made texts are invented here; no corpus text is copied. No spaCy is loaded.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from attrib.eval.brat import GoldArticle, GoldAttribution, ParseStats, load_polnear, parse_ann
from attrib.eval.scoring import (
    PRF,
    PredictedAttribution,
    as_fragments,
    gold_as_prediction,
    make_heuristic_judge,
    regex_baseline,
    score_polnear,
    shared_chars,
)

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"

TEXT = (
    "Harbour bridge to reopen\n\n"
    "Mayor Ada Quill said the harbour bridge will reopen in May. "
    '"It is safe now," she added, "and the repairs came in under budget." '
    "Engineers were less sure, according to a city memo."
)


def at(sub: str, nth: int = 0, text: str = TEXT) -> tuple[int, int]:
    """Offsets of the nth occurrence of `sub` in the text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def frag(*subs: str) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(at(s) for s in subs))


def gold_atts(annotator: str = "a1") -> list[GoldAttribution]:
    return [
        GoldAttribution(source=frag("Mayor Ada Quill"), cue=frag("said"),
                        content=frag("the harbour bridge will reopen in May"), annotator=annotator, id="E1"),
        # Discontinuous content around the cue.
        GoldAttribution(source=frag("she"), cue=frag("added"),
                        content=frag("It is safe now", "and the repairs came in under budget"),
                        annotator=annotator, id="E2"),
        GoldAttribution(source=frag("a city memo"), cue=frag("according to"),
                        content=frag("Engineers were less sure"), annotator=annotator, id="E3"),
    ]


def article(atts: list[GoldAttribution] | None = None, name: str = "doc") -> GoldArticle:
    atts = gold_atts() if atts is None else atts
    return GoldArticle(name=name, text=TEXT, attributions=atts, annotator="a1", by_annotator={"a1": atts})


def pred_from(att: GoldAttribution, **kw) -> PredictedAttribution:
    fields = dict(source=att.source or None, cue=att.cue or None, content=att.content)
    fields.update(kw)
    return PredictedAttribution(**fields)


def f1s(report) -> dict[str, float]:
    out = {f"{r}.{k}": m.f1 for r, kinds in report.roles.items() for k, m in kinds.items()}
    out["relation"] = report.relation.f1
    return out


# --- scorer on hand-made examples ---------------------------------------------------

def test_perfect_prediction_scores_one():
    gold = {"doc": article()}
    report = score_polnear(gold, gold_as_prediction(gold))
    assert all(v == 1.0 for v in f1s(report).values()), f1s(report)
    assert report.relation.tp == 3


def test_empty_predictions_score_zero():
    gold = {"doc": article()}
    report = score_polnear(gold, {"doc": []})
    for role, kinds in report.roles.items():
        for kind, m in kinds.items():
            assert (m.precision, m.recall, m.f1) == (0.0, 0.0, 0.0), (role, kind)
    assert report.relation.f1 == 0.0 and report.relation.n_gold == 3
    # An article missing from the predictions counts as predicting nothing, and is listed.
    missing = score_polnear(gold, {})
    assert missing.missing_predictions == ["doc"] and missing.relation.recall == 0.0


def test_exact_versus_overlap():
    g = gold_atts()[0]
    gold = {"doc": article([g])}
    # Content misses its first word: not exact, but it overlaps; source is exact.
    pred = pred_from(g, content=at("harbour bridge will reopen in May"))
    report = score_polnear(gold, {"doc": [pred]})
    assert report.roles["content"]["exact"].f1 == 0.0
    assert report.roles["content"]["overlap"].f1 == 1.0
    assert report.roles["source"]["exact"].f1 == 1.0
    assert report.relation.f1 == 1.0  # more than half of the gold content is covered


def test_whitespace_at_span_edges_is_ignored_for_exact():
    g = gold_atts()[0]
    s, e = g.content[0]
    pred = pred_from(g, content=(s - 1, e))  # takes the space before "the"
    report = score_polnear({"doc": article([g])}, {"doc": [pred]})
    assert report.roles["content"]["exact"].f1 == 1.0


def test_overlap_matching_is_one_to_one():
    g = gold_atts()[0]
    # Two predictions inside the same gold content: only one may be credited.
    p1 = PredictedAttribution(source=None, cue=None, content=at("the harbour bridge"))
    p2 = PredictedAttribution(source=None, cue=None, content=at("will reopen in May"))
    m = score_polnear({"doc": article([g])}, {"doc": [p1, p2]}).roles["content"]["overlap"]
    assert (m.tp, m.n_pred, m.n_gold) == (1, 2, 1)
    assert m.precision == 0.5 and m.recall == 1.0


def test_greedy_overlap_prefers_the_larger_overlap():
    # Pred B overlaps gold 1 more than pred A does; A also overlaps gold 2.
    text = "aaaaaaaaaa bbbbbbbbbb"
    g1 = GoldAttribution(source=(), cue=(), content=((0, 10),))
    g2 = GoldAttribution(source=(), cue=(), content=((11, 21),))
    art = GoldArticle("t", text, [g1, g2], "a", {"a": [g1, g2]})
    pa = PredictedAttribution(None, None, (8, 15))  # 2 chars of g1, 4 of g2
    pb = PredictedAttribution(None, None, (0, 9))  # 9 chars of g1
    m = score_polnear({"t": art}, {"t": [pa, pb]}).roles["content"]["overlap"]
    assert m.tp == 2  # pb-g1 first (9 chars), then pa-g2


def test_discontinuous_spans():
    g = gold_atts()[1]
    gold = {"doc": article([g])}
    # Both fragments, given as a list of fragments: exact.
    both = pred_from(g, content=list(g.content))
    assert score_polnear(gold, {"doc": [both]}).roles["content"]["exact"].f1 == 1.0
    # The contiguous hull (includes the cue and the quotation marks between): overlap only.
    hull = pred_from(g, content=(g.content[0][0], g.content[-1][1]))
    r = score_polnear(gold, {"doc": [hull]})
    assert r.roles["content"]["exact"].f1 == 0.0 and r.roles["content"]["overlap"].f1 == 1.0
    assert r.relation.f1 == 1.0
    # Only the first, shorter fragment: under half of the gold content -> no relation.
    first = pred_from(g, content=g.content[0])
    r = score_polnear(gold, {"doc": [first]})
    assert r.roles["content"]["overlap"].f1 == 1.0 and r.relation.f1 == 0.0
    assert shared_chars(as_fragments(g.content), as_fragments((0, len(TEXT)))) == sum(
        b - a for a, b in g.content)


def test_relation_needs_source_overlap_or_both_sourceless():
    g = gold_atts()[0]
    gold = {"doc": article([g])}
    wrong_source = pred_from(g, source=at("harbour"))
    assert score_polnear(gold, {"doc": [wrong_source]}).relation.f1 == 0.0
    partial_source = pred_from(g, source=at("Quill"))
    assert score_polnear(gold, {"doc": [partial_source]}).relation.f1 == 1.0
    no_source = pred_from(g, source=None)
    assert score_polnear(gold, {"doc": [no_source]}).relation.f1 == 0.0
    # Gold without a source: matched only by a prediction without one.
    sourceless = GoldAttribution(source=(), cue=g.cue, content=g.content)
    gold2 = {"doc": article([sourceless])}
    assert score_polnear(gold2, {"doc": [pred_from(sourceless)]}).relation.f1 == 1.0
    assert score_polnear(gold2, {"doc": [pred_from(g)]}).relation.f1 == 0.0


def test_relation_ignores_the_cue_and_pairs_one_to_one():
    g = gold_atts()[0]
    gold = {"doc": article([g])}
    twice = [pred_from(g, cue=None), pred_from(g, cue=at("reopen"))]
    rel = score_polnear(gold, {"doc": twice}).relation
    assert (rel.tp, rel.n_pred, rel.n_gold) == (1, 2, 1)


def test_pronoun_sources_and_heuristic_judge():
    gold = {"doc": article()}
    preds = gold_as_prediction(gold)["doc"]
    preds[1].source_resolved = "Ada Quill"  # "she" -> the mayor, named earlier as a source
    pr = score_polnear(gold, {"doc": preds}).pronouns
    assert (pr.gold, pr.matched, pr.resolved, pr.judged, pr.correct) == (1, 1, 1, 1, 1)

    preds[1].source_resolved = "Bob Stone"  # never named before
    pr = score_polnear(gold, {"doc": preds}).pronouns
    assert (pr.resolved, pr.correct) == (1, 0)

    # A caller's judge is used instead; None means "no verdict".
    seen = []

    def judge(art, att, resolved):
        seen.append((att.id, resolved))
        return None

    pr = score_polnear(gold, {"doc": preds}, judge=judge).pronouns
    assert seen == [("E2", "Bob Stone")] and (pr.resolved, pr.judged, pr.correct) == (1, 0, 0)


def test_heuristic_judge_uses_mentions_before_the_pronoun_only():
    atts = gold_atts()
    art = article(atts)
    def finder(text: str) -> list[tuple[int, str]]:
        return [(text.index(w), w) for w in ("Harbour", "Engineers")]

    judge = make_heuristic_judge(mention_finder=finder)
    assert judge(art, atts[1], "the Engineers") is False  # "Engineers" comes after "she"
    assert judge(art, atts[1], "Harbour") is True  # in the title, before "she"
    assert judge(art, atts[1], "...") is None


def test_average_over_annotators():
    a1 = gold_atts("a1")
    a2 = gold_atts("a2")[:1]  # the second annotator saw only the first attribution
    art = GoldArticle("doc", TEXT, a1, "a1", {"a1": a1, "a2": a2})
    preds = {"doc": [pred_from(a2[0])]}
    first = score_polnear({"doc": art}, preds)
    assert first.relation.recall == pytest.approx(1 / 3)
    avg = score_polnear({"doc": art}, preds, average_annotators=True)
    assert avg.relation.n_gold == pytest.approx(2.0)  # (3 + 1) / 2
    assert avg.relation.tp == pytest.approx(1.0)
    assert avg.relation.recall == pytest.approx(0.5)
    assert "average" in avg.annotator_policy


def test_report_table_and_dict():
    gold = {"doc": article()}
    report = score_polnear(gold, {"doc": [], "other": []})
    rows = report.table()
    assert rows[0] == ("role", "match", "P", "R", "F1", "tp", "pred", "gold")
    assert {r[0] for r in rows[1:]} >= {"source", "cue", "content", "relation"}
    assert all(len(r) == len(rows[0]) and all(isinstance(c, str) for c in r) for r in rows)
    d = json.loads(json.dumps(report.as_dict()))
    assert d["relation"]["n_gold"] == 3 and d["unknown_articles"] == ["other"]
    assert PRF(tp=1, n_pred=2, n_gold=4).f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_regex_baseline_on_invented_text():
    text = 'Ada Quill said the bridge is safe. "We will see," he says.'
    pred = regex_baseline({"t": text})["t"]
    assert [text[slice(*p.cue)] for p in pred] == ["said", "says"]
    assert [text[slice(*p.source)] for p in pred] == ["Ada Quill", "he"]
    assert text[slice(*pred[0].content)] == "the bridge is safe"
    assert text[slice(*pred[1].content)] == "We will see"
    assert pred[1].source_resolved == "Ada Quill"


# --- brat reading ----------------------------------------------------------------------

ANN = "\n".join([
    "T1\tSource 26 41\tMayor Ada Quill",
    "T2\tCue 42 46\tsaid",
    "T3\tContent 47 84\tthe harbour bridge will reopen in May",
    "T4\tAttribution 42 46\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tContent 87 101;116 152\tIt is safe now and the repairs came in under budget",
    "T6\tCue 108 113\tadded",
    "T7\tAttribution 108 113\tadded",
    "T8\tContent 155 164\tEngineers",
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T5 Content2:T8 ",
    "#1\tAnnotatorNotes T5\ta note",
    "T9\tDiscard 0 7\tHarbour",
    "a stray continuation line",
    "T10\tCue 5 99999\tout of range",
    "T11\tCue x y\tbroken",
    "E3\tAttribution:T4 Content:T99 Cue:T2",
    "E4\tAttribution:T4 Cue:T2 Source:bogus",
    "",
])


def test_parse_ann_reads_roles_fragments_and_survives_bad_lines():
    assert TEXT[26:41] == "Mayor Ada Quill" and TEXT[108:113] == "added"
    stats = ParseStats()
    atts = parse_ann(ANN, annotator="x", text=TEXT, stats=stats)
    assert [a.id for a in atts] == ["E1", "E2"]
    e1, e2 = atts
    assert e1.text("source", TEXT) == "Mayor Ada Quill" and e1.cue == ((42, 46),)
    assert e2.source == () and e2.annotator == "x"
    assert e2.content == ((87, 101), (116, 152), (155, 164))  # Content2 merged in
    assert stats.malformed == 3  # stray line, "x y" offsets, bogus role argument
    assert stats.bad_offsets == 1 and stats.dangling_refs == 1 and stats.incomplete_events == 1
    # Garbage never raises.
    assert parse_ann("\x00\tT\nE\t\nT1\tCue 5 3\tx\n", stats=ParseStats()) == []


def test_load_polnear_layout_and_annotator_choice(tmp_path: Path, caplog):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc_one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "unannotated.txt").write_text("nothing here", encoding="utf-8")
    (tmp_path / "attributions" / "doc_one_bb22.ann").write_text(ANN, encoding="utf-8")
    only_first = "\n".join(ANN.splitlines()[:5]) + "\n"
    (tmp_path / "attributions" / "doc_one_aa11.ann").write_text(only_first, encoding="utf-8")
    (tmp_path / "attributions" / "orphan_cc33.ann").write_text(only_first, encoding="utf-8")
    stats = ParseStats()
    with caplog.at_level(logging.WARNING):
        gold = load_polnear(tmp_path, stats=stats)
    assert list(gold) == ["doc_one"]  # underscores in names survive; unannotated left out
    art = gold["doc_one"]
    assert art.annotator == "aa11" and art.annotators == ("aa11", "bb22")
    assert len(art.attributions) == 1 and len(art.by_annotator["bb22"]) == 2
    assert stats.missing_text == 1 and stats.warnings > 0
    assert "skipped" in caplog.text


def test_load_polnear_flat_layout(tmp_path: Path):
    (tmp_path / "n.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "n_ab12.ann").write_text(ANN, encoding="utf-8")
    gold = load_polnear(tmp_path, stats=ParseStats())
    assert gold["n"].annotator == "ab12" and len(gold["n"].attributions) == 2


# --- real data -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def dev_gold() -> dict[str, GoldArticle]:
    if not (POLNEAR / "dev").is_dir():
        pytest.skip(f"needs PolNeAR at {POLNEAR} (research data beside the repo), not present")
    return load_polnear(POLNEAR / "dev", stats=ParseStats())


@pytest.mark.shared
def test_polnear_dev_gold_scores_one_and_regex_baseline_is_clearly_lower(dev_gold):
    assert len(dev_gold) == 84
    n_gold = sum(len(a.attributions) for a in dev_gold.values())
    assert n_gold > 2000
    perfect = score_polnear(dev_gold, gold_as_prediction(dev_gold))
    assert all(v == 1.0 for v in f1s(perfect).values()), f1s(perfect)
    assert perfect.missing_predictions == []

    base = score_polnear(dev_gold, regex_baseline(dev_gold))
    scores = f1s(base)
    assert 0.05 < scores["relation"] < 0.5, scores
    assert scores["content.exact"] < 0.3 and scores["cue.overlap"] < 0.7, scores
    # Overlap is never stricter than exact.
    for role in ("source", "cue", "content"):
        assert scores[f"{role}.overlap"] >= scores[f"{role}.exact"]
    assert base.pronouns.gold > 200  # about a fifth of dev sources are pronouns
