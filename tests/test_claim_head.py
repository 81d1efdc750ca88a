"""The news head of check-worthiness (issue 18): a calibrated score, one sentence-vector
pass shared with the linker, and the figures on the held-out half of the later labels."""
from __future__ import annotations

import csv
import sqlite3

import pytest

from conftest import ROOT, need_shared

LATER = [("polnear_train_claim_labels.tsv", ("polnear", "train")),
         ("basil_more_claim_labels.tsv", ("basil", "articles"))]


@pytest.mark.parametrize("name", [n for n, _ in LATER])
def test_later_label_files_hold_ids_a_fixed_split_and_no_text(name):
    from attrib.eval.claims import split_of

    rows = list(csv.DictReader((ROOT / "tests" / "data" / name).open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) >= 280
    for r in rows:
        assert r["claim"] in ("0", "1")
        assert (r["status"] == "-") == (r["claim"] == "0")
        assert (r["source"] == "-") == (r["status"] in ("-", "vague", "unsourced"))
        assert len(r["note"]) <= 120  # a reason, never a quotation
        # the split is the written rule's, not a choice per row
        key = r["article"] if "article" in r else r["file"].split("/")[1].rsplit("_", 1)[0]
        assert r["split"] == split_of(key)
    assert {r["split"] for r in rows} == {"train", "test"}


def test_split_option_keeps_only_that_half():
    from attrib.eval.claims import load_labels

    path = ROOT / "tests" / "data" / "basil_more_claim_labels.tsv"
    test, train, every = load_labels(path, "test"), load_labels(path, "train"), load_labels(path)
    assert len(test) + len(train) == len(every)
    assert not {lab.article for lab in test} & {lab.article for lab in train}  # whole articles to a side
    assert all(lab.source for lab in every if lab.status == "sourced")


def test_checkworthy_is_a_probability_with_a_threshold_of_one_half(nlp):
    from attrib.analysis.claims.component import load_head

    head = load_head("vectors")
    assert head is not None and head.vector is not None, "attrib/data/claim_head.json is missing"
    assert head.threshold == 0.5  # calibrated: a claim is more likely check-worthy than not
    finder = nlp.get_pipe("attrib_claims")
    doc = nlp("The council closed the bridge on Monday after engineers found cracks in two of its piers. "
              "I just love walking by the river on a sunny afternoon.")
    scores = {sent.text[:12]: score for _, _, sent, score, vec, _ in finder.scored(doc)}
    assert scores["The council "] > 0.5 > scores["I just love "]
    assert all(0.0 <= s <= 1.0 for s in scores.values())


def test_claim_vectors_are_stored_once_and_link_embeds_nothing_more(cli_run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Port and bridge\n\nThe port handled 1.2 million containers in 2024, the authority said.\n\n"
                    "The council closed the bridge on Monday after engineers found cracks in two piers.\n",
                    encoding="utf-8")
    db = tmp_path / "v.db"
    assert cli_run("ingest", str(path), db=db).exit_code == 0
    assert cli_run("analyze", db=db).exit_code == 0
    con = sqlite3.connect(db)
    claims = con.execute("SELECT count(DISTINCT text_hash) FROM claims").fetchone()[0]
    stored = con.execute("SELECT count(*) FROM embeddings WHERE model = 'all-MiniLM-L6-v2'").fetchone()[0]
    con.close()
    assert claims == stored == 2
    out = cli_run("link", db=db)
    assert out.exit_code == 0, out.output
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 2  # the same rows, none added
    con.close()


@pytest.mark.shared
@pytest.mark.parametrize("name,data", LATER)
def test_held_out_news_claims_found_with_calibrated_scores(nlp, name, data):
    """On the test half (never fitted or selected on): most claims found at a precision near
    the labellers' own agreement (scripts/label_agreement.py: .91 on claim)."""
    from attrib.eval.claims import evaluate_news

    report = evaluate_news(ROOT / "tests" / "data" / name, need_shared(*data), split="test")
    assert report.claim.positive().recall >= 0.82  # the hand-set boosts found .71 / .72
    assert report.claim.positive().precision >= 0.75  # .78 / .88 before: about what it was
