"""The open_news claim labels: the sentence splitter they are indexed by, the reader, the
source-name agreement, and (with ../shared) the labels against the real articles.

The texts below are invented here; no corpus text is copied.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from attrib.eval.claims import load_labels, open_news_sentences, source_agrees, split_sentences
from conftest import ROOT, need_shared

LABELS = ROOT / "tests" / "data" / "open_news_claim_labels.tsv"

TEXT = (
    "Mr. Ode Lanz said the ferry to St. Brin will run again. It sank in 2019!\n\n"
    "\n"
    "The U.S. embassy closed at 5 p.m. local time. \"We are safe,\" a guard said. J. R. Vole agreed.\n\n"
    "> Is it over? Nobody knows."
)


def sentences(text: str) -> list[tuple[int, int, str]]:
    return [(p, s, text[a:b]) for (p, s), (a, b) in open_news_sentences(text).items()]


def test_splitter_paragraphs_sentences_and_abbreviations():
    assert sentences(TEXT) == [
        (0, 0, "Mr. Ode Lanz said the ferry to St. Brin will run again."),
        (0, 1, "It sank in 2019!"),
        (1, 0, "The U.S. embassy closed at 5 p.m. local time."),
        (1, 1, "\"We are safe,\" a guard said."),
        (1, 2, "J. R. Vole agreed."),
        (2, 0, "> Is it over?"),
        (2, 1, "Nobody knows."),
    ]


def test_splitter_keeps_a_closing_quote_with_its_sentence_and_trims_space():
    para = 'She said: "It is done." Then she left.  '
    assert [para[a:b] for a, b in split_sentences(para)] == ['She said: "It is done."', "Then she left."]


def test_source_agreement_by_runs_of_words():
    assert source_agrees(["Ana Ruiz"], ["Ruiz"])
    assert source_agrees(["BBC"], ["the BBC"])
    assert source_agrees(["Ana Ruiz", "the Gazette"], ["Gazette"])
    assert source_agrees(["Ana Ruiz"], ["Ana Ruiz, a city spokeswoman"])
    assert source_agrees(["Ana Ruiz"], ["Ana"])  # a first name is a run of the full name too
    assert not source_agrees(["Ana Ruiz"], ["Luis Ortega"])
    assert not source_agrees(["the city"], ["the"])  # "the" alone names nothing
    assert not source_agrees([], ["Ruiz"])


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "labels.tsv"
    path.write_text("id\tparagraph\tsentence\tstart\tend\tclaim\tstatus\tsource\tnote\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def test_reader_takes_ids_offsets_and_source_names(tmp_path):
    (a, b), (c, d) = open_news_sentences(TEXT)[(0, 0)], open_news_sentences(TEXT)[(0, 1)]
    labels = load_labels(_write(tmp_path, [
        f"art-1\t0\t0\t{a}\t{b}\t1\tsourced\tOde Lanz|Radio Brin\tchain",
        f"art-1\t0\t1\t{c}\t{d}\t0\t-\t-\t",
    ]))
    assert [(lab.kind, lab.where, lab.start, lab.end, lab.claim, lab.status, lab.source) for lab in labels] == [
        ("open_news", (0, 0), a, b, True, "sourced", ["Ode Lanz", "Radio Brin"]),
        ("open_news", (0, 1), c, d, False, None, []),
    ]


def test_offsets_that_are_not_the_splitters_are_refused(tmp_path):
    from attrib.eval.claims import _texts_for

    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "art-1", "text": TEXT}) + "\n", encoding="utf-8")
    a, b = open_news_sentences(TEXT)[(0, 0)]
    good = load_labels(_write(tmp_path, [f"art-1\t0\t0\t{a}\t{b}\t1\tunsourced\t-\t"]))
    assert _texts_for(good, tmp_path) == {"art-1": TEXT}
    bad = load_labels(_write(tmp_path, [f"art-1\t0\t0\t{a}\t{b + 3}\t1\tunsourced\t-\t"]))
    with pytest.raises(ValueError, match="splitter"):
        _texts_for(bad, tmp_path)
    missing = load_labels(_write(tmp_path, [f"art-2\t0\t0\t{a}\t{b}\t1\tunsourced\t-\t"]))
    with pytest.raises(ValueError, match="not in"):
        _texts_for(missing, tmp_path)


def test_label_file_holds_ids_and_labels_never_text():
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8"), delimiter="\t"))
    assert len({r["id"] for r in rows}) == 10 and len(rows) >= 150
    for r in rows:
        assert r["claim"] in ("0", "1")
        assert (r["status"] == "-") == (r["claim"] == "0")
        assert r["status"] in ("-", "sourced", "anonymous", "vague", "unsourced")
        assert (r["source"] != "-") == (r["status"] in ("sourced", "anonymous")), r
        assert len(r["note"]) <= 120 and len(r["source"]) <= 80


@pytest.mark.shared
def test_labels_cover_every_sentence_and_quote_no_text():
    articles = {}
    for line in need_shared("open_news", "articles.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles[row["id"]] = row["text"]
    labels = load_labels(LABELS)
    by_article: dict[str, list] = {}
    for lab in labels:
        by_article.setdefault(lab.article, []).append(lab)
    for name, labs in by_article.items():
        offsets = open_news_sentences(articles[name])
        assert [lab.where for lab in labs] == sorted(offsets), name  # every sentence, in order
        assert all(offsets[lab.where] == (lab.start, lab.end) for lab in labs)
        words = re.findall(r"\w+", articles[name].lower())
        runs = {tuple(words[i:i + 6]) for i in range(len(words) - 5)}
        for lab in labs:
            note = re.findall(r"\w+", lab.note.lower())
            assert not any(tuple(note[i:i + 6]) in runs for i in range(len(note) - 5)), (name, lab.where)


@pytest.mark.shared
def test_open_news_claims_status_and_sources(nlp):
    from attrib.eval.claims import evaluate_news

    report = evaluate_news(LABELS, need_shared("open_news"))
    d = report.as_dict()
    assert report.n_articles == 10
    # floors a little under today's rules (F1 .86, status .78, status and source .74)
    assert report.claim.positive().f1 >= 0.8
    assert report.status_accuracy() >= 0.72
    assert d["status_and_source"]["share"] >= 0.68
    assert d["source_agreement"]["n"] >= 30
