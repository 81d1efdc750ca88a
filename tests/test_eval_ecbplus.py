"""ECB+ linking evaluation: the CSV/conll alignment and one topic end to end.

Needs the research data in ../shared/data/ecbplus (skipped otherwise). No corpus text is
copied here: the alignment check compares the loader's text with the conll tokens.
"""
from __future__ import annotations

import pytest
from conftest import need_shared

from attrib.eval.ecbplus import csv_doc_id, evaluate_ecbplus, load_ecbplus, read_conll, sentence_chains


@pytest.fixture(scope="module")
def root():
    return need_shared("ecbplus", "ECBplus_coreference_sentences.csv").parent


def test_loader_counts_and_alignment(root):
    assert csv_doc_id("1", "10ecbplus") == "1/1ecbplus/10"
    sents = load_ecbplus(root)
    assert len(sents) == 1840
    assert len({s.doc_id for s in sents}) == 976
    assert len({s.topic for s in sents}) == 43
    assert len({s.subtopic for s in sents}) == 86
    assert sum(1 for s in sents if s.events) == 1581  # the others carry no cross-document ACT chain
    assert all(s.sentence >= 1 for s in sents if s.subtopic.endswith("ecbplus"))  # sentence 0 is the URL
    docs = read_conll(root)
    by_key = {(s.doc_id, s.sentence): s for s in sents}
    # CSV row (1, 10ecbplus, 1) is conll sentence_id 1 of 1/1ecbplus/10 as is: the headline, not the URL
    first = by_key[("1/1ecbplus/10", 1)]
    tokens = docs["1/1ecbplus/10"][1]
    assert first.text.replace(" ", "") == "".join(t for t, _ in tokens).replace(" ", "")
    assert first.events and first.events <= sentence_chains(tokens)
    assert not sentence_chains(docs["1/1ecbplus/10"][0])  # the URL line has no mention
    # listed sentences are the annotated ones: no mention anywhere else in the conll
    listed = set(by_key)
    assert all(not sentence_chains(toks) for d, ss in docs.items() for i, toks in ss.items() if (d, i) not in listed)


def test_one_topic_end_to_end(root, nlp):
    """Topic 12 at the default LinkConfig: precise, no ecb/ecbplus cross links.

    Precision varies a lot by topic (0.09 to 0.97; 0.57 over the whole corpus at the default
    threshold), so this guards one well-behaved topic against regressions only."""
    r = evaluate_ecbplus(root, topics=["12"], nlp=nlp)
    assert r["sentences"] == 40 and r["topics"] == 1
    assert r["gold_pairs"] == 317
    assert r["linked_pairs"] >= 50
    assert r["precision"] >= 0.85
    assert r["recall"] >= 0.2
    assert r["cross_subtopic_pairs"] == 0
    assert r["subtopic_purity"] == 1.0
