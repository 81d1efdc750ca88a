"""The span tagger's spans in place of the rules' (attrib/analysis/attribution/span_merge.py),
on hand-built attributions over invented text: what the tagger decides (outermost
boundaries), what the rules keep (nesting, intermediaries, unmatched hedges)."""
from __future__ import annotations

import pytest

from attrib.analysis.attribution.span_merge import kind_of, merge
from attrib.config import attribution_mode
from attrib.types import Attribution
from attrib.versions import MODEL_MODE_VERSION, PIPELINE_VERSION, analysis_version

TEXT = 'Officials at the port said on Monday that the cranes, which Lena Ortiz said were old, had failed.'


def at(s: str, nth: int = 0, text: str = TEXT) -> tuple[int, int]:
    """The span of the nth occurrence of s in text."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def rule_outer() -> Attribution:
    return Attribution(kind="indirect", cue=at("said"), source=at("Officials"),
                       content=(at("the cranes")[0], len(TEXT) - 1), via=["port radio"], rule="verb")


def rule_inner() -> Attribution:
    return Attribution(kind="indirect", cue=at("said", 1), source=at("Lena Ortiz"), content=at("were old"),
                       parent=0, rule="verb")


def test_tagger_boundaries_replace_the_rules_and_keep_their_construction():
    found = [(at("Officials at the port"), at("said"), ((at("the cranes")[0], len(TEXT)),))]
    out = merge(TEXT, [rule_outer(), rule_inner()], found)
    outer = [a for a in out if a.parent is None]
    assert len(outer) == 1
    a = outer[0]
    assert TEXT[a.source[0]:a.source[1]] == "Officials at the port"
    assert a.content == (at("the cranes")[0], len(TEXT))
    assert a.via == ["port radio"] and a.rule == "verb+model"
    # the nested attribution is the rules', and is nested again under the new content
    inner = [a for a in out if a.parent is not None]
    assert len(inner) == 1 and out[inner[0].parent] is a
    assert TEXT[inner[0].source[0]:inner[0].source[1]] == "Lena Ortiz"


def test_a_tagger_cue_without_source_keeps_the_rules_source():
    found = [(None, at("said"), ((at("the cranes")[0], len(TEXT)),))]
    a = [x for x in merge(TEXT, [rule_outer()], found) if x.parent is None][0]
    assert a.source == at("Officials")


def test_tagger_only_attribution_is_added_but_sources_nothing_unless_asked():
    text = 'The mayor wants the bridge rebuilt by spring.'
    cue = (text.index("wants"), text.index("wants") + 5)
    content = (text.index("the bridge"), len(text) - 1)
    found = [((0, 9), cue, (content,))]
    out = merge(text, [], found)
    assert len(out) == 1 and out[0].rule == "model" and out[0].evidential is False
    assert out[0].kind == "indirect"
    assert merge(text, [], found, tagger_only_evidential=True)[0].evidential is True


def test_a_tagger_only_attribution_inside_a_kept_content_is_not_added_twice():
    cue = at("said", 1)
    out = merge(TEXT, [rule_outer()], [(at("Lena Ortiz"), cue, (at("were old"),))], keep_unmatched=True)
    assert [a.rule for a in out] == ["verb"]


def test_unmatched_rule_attributions_kept_or_dropped_but_hedges_always_kept():
    hedge = Attribution(kind="other", cue=None, source=None, content=(0, 10), rule="hedge")
    kept = merge(TEXT, [rule_outer(), hedge], [], keep_unmatched=True)
    dropped = merge(TEXT, [rule_outer(), hedge], [], keep_unmatched=False)
    assert len(kept) == 2
    assert dropped == [hedge]


def test_split_quote_gives_one_attribution_per_piece_with_kind_from_the_text():
    text = '"We are ready," she said. "The trucks leave at dawn."'
    p1 = (0, text.index(",") + 2)
    p2 = (text.index('"The'), len(text))
    cue = (text.index("said"), text.index("said") + 4)
    out = merge(text, [], [((text.index("she"), text.index("she") + 3), cue, (p1, p2))])
    assert [a.content for a in out] == [p1, p2]
    assert {a.kind for a in out} == {"direct"}
    assert kind_of('x said the plan was "dead on arrival".', (7, 38)) == "mixed"


def test_attribution_mode_and_the_analysis_version(monkeypatch):
    monkeypatch.delenv("ATTRIB_ATTRIBUTION", raising=False)
    assert attribution_mode() == "rules" and analysis_version() == PIPELINE_VERSION
    monkeypatch.setenv("ATTRIB_ATTRIBUTION", "Model")
    assert attribution_mode() == "model" and analysis_version() == f"{PIPELINE_VERSION}+{MODEL_MODE_VERSION}"
    monkeypatch.setenv("ATTRIB_ATTRIBUTION", "crf")
    with pytest.raises(ValueError, match="ATTRIB_ATTRIBUTION"):
        attribution_mode()


def test_an_unquoted_content_a_sentence_away_is_not_given_to_that_cue():
    from attrib.analysis.attribution.span_units import group

    text = 'Ruiz said the pier was safe. The law requires a permit. "It is old," Berg said. "Very old."'

    def span(s: str, nth: int = 0) -> tuple[int, int]:
        return at(s, nth, text)

    spans = [("SOURCE", *span("Ruiz")), ("CUE", *span("said")), ("CONTENT", *span("the pier was safe")),
             ("CONTENT", *span("a permit")), ("CONTENT", *span('"It is old,"')), ("SOURCE", *span("Berg")),
             ("CUE", *span("said", 1)), ("CONTENT", *span('"Very old."'))]
    contents = lambda groups: [[text[a:b] for a, b in cs] for _, _, cs in groups]  # noqa: E731
    # with the text: "a permit" is a sentence away from every cue and goes to none;
    # a quotation still goes to its cue across a sentence end
    assert contents(group(spans, text)) == [["the pier was safe"], ['"It is old,"', '"Very old."']]
    # without it (the tagger's own scoring), the nearest cue takes every content
    assert contents(group(spans)) == [["the pier was safe"], ["a permit", '"It is old,"', '"Very old."']]


def test_a_cue_loses_a_closing_stop_the_tokenizer_glued_to_it():
    text = "The minister posted on X. Talks went well."
    cue = (text.index("posted"), text.index("X.") + 2)
    found = [((0, 12), cue, ((text.index("Talks"), len(text)),))]
    [a] = merge(text, [], found)
    assert text[a.cue[0]:a.cue[1]] == "posted on X"
