"""Issue #15, items 5 and 6: attribution and status errors a fact-checker catches at once,
and negated or believed facts missed as claims. Every text here is invented; each goes
through the real pipeline (attrib.run.check / attrib.analysis.rows, and `attrib run` once)."""
from __future__ import annotations

import json

import pytest

HEAD = "Harbour news\n\n"  # a headline line, so the sentences below are all body


def check(body: str, outlet: str = "Daily Planet") -> list[dict]:
    """The claim records `attrib check` prints for one article."""
    from attrib.run.check import check_documents

    return list(check_documents([(None, HEAD + body)], outlet=outlet))


def analysis(body: str, outlet: str = "Daily Planet", wire: str | None = None):
    from attrib.analysis.rows import analyze_texts

    return next(iter(analyze_texts([("a1", outlet, HEAD + body, wire)])))


def claim_with(claims: list[dict], fragment: str) -> dict:
    for c in claims:
        if fragment in c["text"]:
            return c
    raise AssertionError(f"no claim holds {fragment!r}: {[c['text'][:50] for c in claims]}")


def claim_or_none(claims: list[dict], fragment: str) -> dict | None:
    return next((c for c in claims if fragment in c["text"]), None)


def cues(an) -> list[str]:
    return [(a["cue_text"] or "").lower() for a in an.attributions]


# -- 5a. a spokesperson of a named institution, whichever way round ----------------------

@pytest.mark.parametrize("source, sentence", [
    ("spokesperson for the port authority", "A spokesperson for the port authority said 40 ships had docked on Monday."),
    ("Veldmar council spokeswoman", "A Veldmar council spokeswoman said the bridge would close for 6 weeks."),
    ("spokeswoman for Veldmar council", "A spokeswoman for Veldmar council said the bridge would close for 6 weeks."),
    ("spokesman for the Ministry of Transport", "A spokesman for the Ministry of Transport said 12 trains were cancelled."),
    ("Ministry of Transport spokesman", "A Ministry of Transport spokesman said 12 trains were cancelled."),
    ("spokesperson for the Foreign Ministry", "A spokesperson for the Foreign Ministry said 3 envoys were recalled."),
    ("Foreign Ministry spokesperson", "A Foreign Ministry spokesperson said 3 envoys were recalled."),
])
def test_spokesperson_of_a_named_institution_is_sourced(nlp, source, sentence):
    c = claim_with(check(sentence), "said")
    assert c["status"] == "sourced", c
    # the chain names the institution in full ("of Transport" included), then the outlet
    assert c["chain"] == [source, "Daily Planet"]


def test_unnamed_sources_stay_anonymous(nlp):
    claims = check("Sources at the ministry said 3 officials would resign. "
                   "A spokesperson for the minister said 2 aides had left.")
    assert claim_with(claims, "Sources at the ministry")["status"] == "anonymous"
    assert claim_with(claims, "spokesperson for the minister")["status"] == "anonymous"


# -- 5b. a relative pronoun is resolved, never stored as a source ------------------------

@pytest.mark.parametrize("sentence, name", [
    ("The mayor met an architect who said he was owed 20,000 euros.", "architect"),
    ("She spoke to a reporter who asked about the 2 million euro loan.", "reporter"),
    ("Protesters who said the water smelled of diesel blocked 3 roads.", "Protesters"),
    ("The mayor met Ana Ruiz, who said the works would cost 3 million euros.", "Ana Ruiz"),
])
def test_relative_pronoun_resolves_to_its_antecedent(nlp, sentence, name):
    an = analysis(sentence)
    rel = [a for a in an.attributions if (a["source_text"] or "").lower() == "who"]
    assert rel, an.attributions
    for a in rel:
        assert a["source_resolved"] == name
        chain = json.loads(a["chain"])
        assert chain[0] == name and "who" not in [n.lower() for n in chain]


def test_relative_pronoun_is_not_a_top_source(cli_run, tmp_path):
    body = ("Ferries stopped on Sunday.\n\nThe mayor met an architect who said he was owed 20,000 euros. "
            "Later a reporter, who said 40 boats had sunk, asked about the loan.")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "post.json").write_text(json.dumps(
        {"outlet": "The Morning Post", "title": "Ferries stop", "text": body}), encoding="utf-8")
    assert cli_run("run", str(tmp_path / "in")).exit_code == 0
    res = cli_run("export", "outlets")
    rows = [json.loads(line) for line in res.output.splitlines() if line.strip()]
    post = next(r for r in rows if r["outlet"] == "The Morning Post")
    names = [name.lower() for name, _ in post["top_sources"]]
    assert names and "who" not in names
    claims = [json.loads(line) for line in cli_run("export", "claims").output.splitlines() if line.strip()]
    for c in claims:
        assert "who" not in [n.lower() for n in c["chain"]], c["chain"]


# -- 5c. a quoted name or title is not speech -------------------------------------------

@pytest.mark.parametrize("words, shaped", [
    ("The Quiet Shore,", True), ("Northern Lights", True), ("U.S. Open", True), ("Lord of the Tides", True),
    ("we have lost 40 boats", False), ("No. Never", False), ("Why Not?", False),
    ("A Very Long Title That Runs On Past Eight Words", False),
])
def test_title_shape(words, shaped):
    from attrib.text.quotes import title_cased

    assert title_cased(words) is shaped


def test_quoted_titles_are_not_direct_quotes(nlp):
    body = ("Maya Lin won for her role as a ferry pilot in “The Quiet Shore,” adding a third prize for the studio. "
            "The film “Harbour Lights” won 3 awards, and the play “Salt Roads” took two. "
            "Drama “Northern Lights” and comedy “Second Act” took 4 prizes.")
    an = analysis(body)
    for title in ("The Quiet Shore", "Harbour Lights", "Salt Roads", "Northern Lights", "Second Act"):
        assert not any(title in (a["content_text"] or "") and a["kind"] == "direct" for a in an.attributions), title
    claims = check(body)
    for fragment in ("Maya Lin won", "The film “Harbour Lights” won", "Drama “Northern Lights”"):
        c = claim_or_none(claims, fragment)
        assert c is None or c["status"] == "unsourced", c


def test_quoted_words_after_a_verb_of_saying_stay_speech(nlp):
    an = analysis("The mayor proclaimed a goal of “Clean Streets For All.” "
                  "“Come Home Now,” the ferry captain said.")
    kinds = {a["content_text"]: a["kind"] for a in an.attributions}
    assert kinds.get("“Clean Streets For All.”") == "direct"
    assert kinds.get("“Come Home Now,”") == "direct"


# -- 5d. being named, elected, appointed is an event ------------------------------------

@pytest.mark.parametrize("sentence", [
    "Ana Ruiz and Tom Bell were named best actors at the festival.",
    "Ana Ruiz was elected mayor of Veldmar in 2019 with 52 percent of the vote.",
    "Tom Bell was appointed chief executive of the port in March.",
    "The festival was voted the best in the region for 2025.",
])
def test_passive_designation_is_no_hedge(nlp, sentence):
    an = analysis(sentence)
    assert not any(a["source_text"] is None and a["kind"] == "other" for a in an.attributions), an.attributions
    c = claim_or_none(check(sentence), sentence[:20])
    assert c is None or c["status"] == "unsourced", c


def test_passive_hedge_is_still_vague(nlp):
    assert claim_with(check("It is believed that the festival lost 2 million euros."), "festival")["status"] == "vague"


# -- 5e. a body's formal decision is an act, not an attribution -------------------------

@pytest.mark.parametrize("sentence, cue", [
    ("Veldmar city council approved a budget of 40 million euros for the new harbour.", "approved"),
    ("The senate passed the bill by 61 votes to 38.", "passed"),
    ("The board adopted a plan to cut 200 jobs.", "adopted"),
])
def test_a_body_approving_a_thing_is_no_attribution(nlp, sentence, cue):
    an = analysis(sentence)
    assert cue not in cues(an), an.attributions
    assert claim_with(check(sentence), sentence[:20])["status"] == "unsourced"


def test_a_persons_vote_is_still_their_stance(nlp):
    # PolNeAR marks a person's vote as an attribution of their position; it sources nothing
    an = analysis("The councillor voted against the budget of 40 million euros.")
    assert "voted against" in cues(an)


# -- 5f. the chain ends with the article's outlet, as stored ----------------------------

@pytest.mark.parametrize("outlet, body", [
    ("USA Today", "USA TODAY reported that 12 ferries were cancelled on Sunday. "
                  "The harbour master told USA TODAY on Monday: “We have lost 40 boats.”"),
    ("The Northern Ledger", "The Northern Ledger reported that 300 homes were flooded. "
                            "Ana Ruiz told the Northern Ledger that 14 crossings were cancelled."),
    ("the morning post", "The Morning Post reported that 300 homes were flooded on Sunday."),
])
def test_chain_ends_with_the_outlet_as_stored(nlp, outlet, body):
    claims = check(body, outlet=outlet)
    assert claims
    for c in claims:
        assert c["chain"][-1] == outlet
        assert sum(n.casefold().removeprefix("the ") == outlet.casefold().removeprefix("the ")
                   for n in c["chain"]) == 1, c["chain"]
        for a in c["attributions"]:
            assert a["chain"][-1] == outlet


def test_chain_end_with_a_wire_named_in_the_text(nlp):
    an = analysis("REUTERS reported that 12 ferries were cancelled on Sunday.", wire="Reuters")
    att = next(a for a in an.attributions if a["cue_text"] == "reported")
    assert json.loads(att["chain"]) == ["Reuters", "Daily Planet"]


# -- 6. negated and believed facts are claims -------------------------------------------

@pytest.mark.parametrize("sentence, status", [
    ("The crane had not been inspected for three years.", "unsourced"),
    ("The school has not paid its teachers since March.", "unsourced"),
    ("The ferry did not carry enough life jackets.", "unsourced"),
    ("Police believe the fire was started deliberately.", "sourced"),
    ("Investigators suspect the valve was left open.", "sourced"),
])
def test_negated_or_believed_fact_is_a_claim(nlp, sentence, status):
    body = "Ferries stopped on Sunday. " + sentence
    assert claim_with(check(body), sentence[:25])["status"] == status


@pytest.mark.parametrize("sentence", [
    "I do not think this is fair.",
    "We believe in our town.",
])
def test_first_person_opinion_is_still_no_claim(nlp, sentence):
    assert claim_or_none(check("Ferries stopped on Sunday. " + sentence), sentence[:12]) is None


@pytest.mark.parametrize("sentence", [
    "The toll road has not been mentioned in the 3 budget reports since 2021.",
    "The ferry captain has never been charged with any offence in 20 years at sea.",
])
def test_a_negated_passive_is_a_fact_not_a_hedge(nlp, sentence):
    an = analysis("Ferries stopped on Sunday. " + sentence)
    assert not any(a["source_text"] is None and a["kind"] == "other" for a in an.attributions), an.attributions
    c = claim_or_none(check("Ferries stopped on Sunday. " + sentence), sentence[:20])
    assert c is None or c["status"] == "unsourced", c
