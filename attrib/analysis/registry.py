"""attrib's spaCy components, registered in one place (as spaCy's own factories and
spacy-llm's registry are), each saying what it requires and assigns so that
`nlp.analyze_pipes()` can check the order. Nothing registers on import: the pipeline
calls `register()` once before it adds the components.

The components themselves are plain callables in their stage packages:
paragraphs (sentence starts at line breaks), attribution (finder), spans (the learned
span tagger, only in the `model` attribution mode), sources (resolution and typing),
claims (check-worthiness and status).
"""
from __future__ import annotations

from spacy.language import Language

from attrib.analysis import extensions

# (name, where it goes, the spaCy attributes it needs, what it sets). The finder reads
# token.pos too, which the model's attribute_ruler sets without declaring it; naming it
# here would make analyze_pipes report a problem that is not one.
COMPONENTS: tuple[tuple[str, dict[str, str | bool], list[str], list[str]], ...] = (
    ("attrib_paragraphs", {"before": "parser"}, [], ["token.is_sent_start"]),
    ("attrib_attribution", {"last": True},
     ["token.dep", "token.lemma", "token.tag", "doc.ents"], ["doc._.attrib_attributions"]),
    ("attrib_spans", {"last": True}, ["doc._.attrib_attributions"], ["doc._.attrib_attributions"]),
    ("attrib_sources", {"last": True}, ["doc._.attrib_attributions", "doc.ents"], ["doc._.attrib_attributions"]),
    ("attrib_claims", {"last": True}, ["doc._.attrib_attributions", "token.dep", "doc.ents"], ["doc._.attrib_claims"]),
)


def register() -> None:
    """Register the Doc extensions and the four components (once per process)."""
    extensions.register()
    if Language.has_factory("attrib_claims"):
        return
    from attrib.analysis.attribution.finder import make_attribution
    from attrib.analysis.attribution.span_component import make_spans
    from attrib.analysis.claims.component import make_claims
    from attrib.analysis.paragraphs import paragraph_boundaries
    from attrib.analysis.sources.component import resolve_and_type

    info = {name: (requires, assigns) for name, _, requires, assigns in COMPONENTS}
    Language.component("attrib_paragraphs", func=paragraph_boundaries,
                       requires=info["attrib_paragraphs"][0], assigns=info["attrib_paragraphs"][1])
    Language.factory("attrib_attribution", func=make_attribution,
                     default_config={"min_quote_words": 3, "use_model": True},
                     requires=info["attrib_attribution"][0], assigns=info["attrib_attribution"][1])
    Language.factory("attrib_spans", func=make_spans, default_config={"keep_unmatched": False},
                     requires=info["attrib_spans"][0], assigns=info["attrib_spans"][1])
    Language.component("attrib_sources", func=resolve_and_type,
                       requires=info["attrib_sources"][0], assigns=info["attrib_sources"][1])
    Language.factory("attrib_claims", func=make_claims, default_config={"threshold": None, "use_model": True},
                     requires=info["attrib_claims"][0], assigns=info["attrib_claims"][1])


def add_components(nlp: Language, attribution: str = "rules") -> None:
    """Add attrib's components to a loaded spaCy pipeline, in order; the span tagger
    only when `attribution` is "model"."""
    register()
    for name, where, _, _ in COMPONENTS:
        if name == "attrib_spans" and attribution != "model":
            continue
        nlp.add_pipe(name, **where)
