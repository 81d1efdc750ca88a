"""Claims and their sourcing status (issue #4), on the seed page and real sentences."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import ROOT, SEED, need_shared


def claim_starting(analysis, prefix: str) -> dict:
    for c in analysis.claims:
        if c["text"].startswith(prefix):
            return c
    raise AssertionError(f"no claim starting {prefix!r}: {[c['text'][:40] for c in analysis.claims]}")


def no_claim_has(analysis, fragment: str) -> bool:
    return all(fragment not in c["text"] for c in analysis.claims)


def check(*texts: str, outlet: str = "Daily Planet") -> list[dict]:
    from attrib.run.check import check_documents

    return list(check_documents([(None, t) for t in texts], outlet=outlet))


# -- the seed, as a careful reader marks it ------------------------------------------------

def test_seed_statuses_named_in_the_issue(seed):
    _, ie = seed["Indian Express"]
    _, ani = seed["ANI"]
    _, india = seed["India.com"]
    refused = claim_starting(ie, "Defence Minister Rajnath Singh attended")
    assert "refused to sign a draft statement" in refused["text"] and refused["status"] == "unsourced"
    assert claim_starting(ani, "According to government sources, Rajnath Singh did not sign")["status"] == "anonymous"
    declined = claim_starting(ani, "India declined to sign the joint declaration")
    assert declined["status"] == "anonymous"  # "…, which, according to sources, did not…"
    assert claim_starting(india, "The Iranian Supreme Leader reportedly released")["status"] == "vague"


def test_seed_hedges_and_crowds_are_vague(seed):
    _, ie = seed["Indian Express"]
    _, india = seed["India.com"]
    assert claim_starting(ie, "Questions have been raised in recent days")["status"] == "vague"
    assert claim_starting(ie, "Increasingly, surveys have recorded")["status"] == "vague"
    assert claim_starting(india, "The remarks came amid reports of damage")["status"] == "vague"
    assert claim_starting(india, "Meanwhile, several media reports had earlier claimed")["status"] == "vague"


def test_seed_figure_stated_without_a_source_is_flagged(seed):
    _, ie = seed["Indian Express"]
    oil = claim_starting(ie, "Iran has a critical economic relationship with China")
    assert oil["status"] == "unsourced"
    assert json.loads(oil["flags"]) == ["unsourced", "number_unsourced"]


def test_every_sentence_of_a_long_quote_carries_its_speaker(seed):
    _, toi = seed["Time of India"]
    for prefix in ("A lot of time went by", "Under the leadership of PM Modi, the project has been approved"):
        c = claim_starting(toi, prefix)
        assert c["status"] == "sourced" and json.loads(c["sources"]) == ["Pushkar Singh Dhami"]


def test_seed_promo_and_headings_are_no_claims(seed, nlp):
    from attrib.analysis.rows import analyze_texts

    _, india = seed["India.com"]
    assert no_claim_has(india, "Was Khamenei Aware Of Plan?")
    assert no_claim_has(india, "Iran's Regime Change")
    # the raw page, boilerplate and all, as `attrib check` would see it
    [raw] = analyze_texts([("page", "unknown", SEED.read_text(encoding="utf-8"), None)])
    assert no_claim_has(raw, "You May Like") and no_claim_has(raw, "Warren Buffett")
    assert no_claim_has(raw, "UPSHOT:\n") and all(len(c["text"].split()) >= 4 for c in raw.claims)


# -- real sentences ------------------------------------------------------------------------

def test_questions_captions_and_opinion_are_not_claims_but_events_and_figures_are(nlp):
    recs = check("Was Khamenei Aware Of Plan?",
                 "Thank you all so much for coming out tonight.",
                 "Subscribe to our newsletter and follow us on Instagram for more updates.",
                 "The unemployment rate fell to 4.1 percent in March, the lowest level since 2001.",
                 "Israel and Iran exchanged missile strikes for 12 days before a ceasefire on June 24.")
    assert [r["article_id"] for r in recs] == [recs[0]["article_id"], recs[1]["article_id"]] and len(recs) == 2
    assert recs[0]["text"].startswith("The unemployment rate") and recs[0]["checkworthy"] > 0.8
    assert "number_unsourced" in recs[0]["flags"]


def test_anonymous_and_vague_differ_by_whether_the_source_is_particular(nlp):
    recs = check("Officials familiar with the talks said the ceasefire would hold until May.",
                 "Critics say the new tax will cost families $2,000 a year.",
                 "The minister is said to have resigned after the vote on Tuesday.",
                 "A Pentagon spokesperson said 40 soldiers were injured in the attack.")
    assert [r["status"] for r in recs] == ["anonymous", "vague", "vague", "sourced"]
    assert recs[1]["flags"] == ["vague_only"] and recs[0]["flags"] == ["anonymous_only"]


def test_a_named_persons_speech_act_sources_what_he_said(nlp):
    [rec] = check("New Jersey Gov. Chris Christie described Hillary Clinton as a disgrace after she blamed "
                  "police shootings on implicit bias.")
    assert rec["status"] == "sourced" and rec["sources"][0] == "Chris Christie"


def test_the_main_clause_decides_the_status(nlp):
    # the aside's named speaker does not source what "some" note
    [rec] = check("But some note that Trump, even as he says his experience makes him qualified to rewrite "
                  "the tax code, has proposed little in the way of reforming the breaks he has used.")
    assert rec["status"] == "vague"


def test_a_claim_is_only_as_sourced_as_the_outer_source_it_came_through(nlp):
    recs = check("Critics say the ferry contract breaks the harbour charter, which says that every contract "
                 "over 2 million euros must go to a public vote.",
                 "The Harbour Times reported that port officials said the ferry would stop running in May.",
                 "The Harbour Times reported that Ana Ruiz said the ferry would stop running in May.")
    assert [r["status"] for r in recs] == ["vague", "anonymous", "sourced"]
    assert recs[2]["chain"] == ["Ana Ruiz", "Harbour Times", "Daily Planet"]
    assert recs[1]["chain"] == ["port officials", "Harbour Times", "Daily Planet"]  # as its status says
    # a hedge inside the speaker's own words is theirs: the claim stays sourced
    [rec] = check("Senator Ana Ruiz had argued that some islanders needed to be reminded of the ferry timetable.")
    assert rec["status"] == "sourced"


def test_documents_source_their_findings_and_what_was_not_said_sources_nothing(nlp):
    recs = check("The mayor studied reports like the 2024 Harbour Assessment, which tied the floods to the new "
                 "sea wall.",
                 'Draft "talking points" obtained by the Harbour Times depicted efforts by the mayor to cut the '
                 "ferry budget.",
                 "Ana Ruiz refused on Friday to sign a draft statement that did not mention the 2024 ferry strike.")
    assert [r["status"] for r in recs] == ["sourced", "sourced", "unsourced"]
    [rec] = check("The mayor studied the harbour footage, which tied the crash on 4 May to a late ferry.")
    assert rec["status"] == "sourced"  # footage is a document, as source typing says
    [rec] = check("When the survey asked islanders about the timetable, 61 percent wanted later ferries.")
    assert rec["status"] == "sourced" and rec["attributions"][0]["source"]["text"] == "the survey"


def test_checkworthy_model_ranks_facts_over_chatter(nlp):
    from attrib.analysis.claims.checkworthy import load_model

    model = load_model()
    assert model is not None, "attrib/data/checkworthy_model.json is missing"
    fact = nlp("The deficit grew by $300 billion between 2019 and 2021.")
    chatter = nlp("I want to thank everybody here for their great work.")
    assert model.probability(fact[:]) > 0.8 > 0.2 > model.probability(chatter[:])


# -- attrib flag ---------------------------------------------------------------------------

def test_flag_lists_claims_needing_a_source_most_checkworthy_first(cli_run, seed_db):
    res = cli_run("flag", "--format", "jsonl", db=seed_db)
    assert res.exit_code == 0
    recs = [json.loads(l) for l in res.stdout.splitlines()]
    assert recs and {r["status"] for r in recs} == {"unsourced", "anonymous", "vague"}
    scores = [r["checkworthy"] for r in recs]
    assert scores == sorted(scores, reverse=True)
    assert all(r["title"] and r["text"] in r["context"] for r in recs)


def test_flag_filters(cli_run, seed_db):
    def get(*args):
        res = cli_run("flag", "--format", "jsonl", *args, db=seed_db)
        assert res.exit_code == 0, res.output
        return [json.loads(l) for l in res.stdout.splitlines()]

    everything = get()
    anon = get("--status", "anonymous")
    assert anon and all(r["status"] == "anonymous" for r in anon)
    assert {r["outlet"] for r in anon} == {"ANI"}
    ie = get("--outlet", "Indian Express")
    assert ie and all(r["outlet"] == "Indian Express" for r in ie)
    high = get("--min-score", "0.95")
    assert high and all(r["checkworthy"] >= 0.95 for r in high) and len(high) < len(everything)


def test_flag_table_and_csv(cli_run, seed_db):
    table = cli_run("flag", "--status", "vague", db=seed_db)
    assert table.exit_code == 0 and "need a source" in table.stdout and "reportedly" in table.stdout
    res = cli_run("flag", "--format", "csv", db=seed_db)
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert rows and {"claim_id", "status", "checkworthy", "context"} <= set(rows[0])


def test_a_claim_reviewed_as_not_a_claim_leaves_the_queue(cli_run, seed_db_copy):
    from attrib.records.review import ReviewStore
    from attrib.store.store import Store

    db = seed_db_copy
    first = json.loads(cli_run("flag", "--format", "jsonl", db=db).stdout.splitlines()[0])
    ReviewStore(Store(db)).record(first["claim_id"], "not_a_claim")
    again = [json.loads(l) for l in cli_run("flag", "--format", "jsonl", db=db).stdout.splitlines()]
    assert first["claim_id"] not in {r["claim_id"] for r in again}


# -- the labelled sets and the scores ------------------------------------------------------

@pytest.mark.parametrize("name", ["news_claim_labels.tsv", "basil_claim_labels.tsv"])
def test_label_files_hold_ids_and_labels_never_text(name):
    path = ROOT / "tests" / "data" / name
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) >= 150
    for r in rows:
        assert r["claim"] in ("0", "1")
        assert (r["status"] == "-") == (r["claim"] == "0")
        assert r["status"] in ("-", "sourced", "anonymous", "vague", "unsourced")
        assert len(r["note"]) <= 120  # a reason, never a quotation


@pytest.mark.shared
def test_claimbuster_held_out_weighted_f1(nlp):
    from attrib.eval.claims import evaluate_claimbuster

    report = evaluate_claimbuster(need_shared("checkworthiness", "claimbuster", "train.json"))
    assert report.weighted_f1() >= 0.85
    assert report.positive().precision >= 0.7


@pytest.mark.shared
def test_news_labels_claim_and_unsourced_precision(nlp):
    from attrib.eval.claims import evaluate_news

    report = evaluate_news(ROOT / "tests" / "data" / "news_claim_labels.tsv", need_shared("polnear", "dev"))
    # the calibrated head's threshold of 0.5 trades precision (.85 under the hand-set
    # boosts) for recall (.80 then): F1 .83 -> .88
    assert report.claim.positive().precision >= 0.8
    assert report.claim.positive().recall >= 0.9
    assert report.unsourced_flag.positive().precision >= 0.9
