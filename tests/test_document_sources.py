"""Issue #18: documents, data, records, studies and polls are sources of what they carry.
Every text is invented and goes through the real pipeline (attrib.run.check)."""
from __future__ import annotations

import pytest

HEAD = "Harbour news\n\n"


def claim_with(body: str, fragment: str) -> dict:
    from attrib.run.check import check_documents

    claims = list(check_documents([(None, HEAD + body)], outlet="Daily Planet"))
    for c in claims:
        if fragment in c["text"]:
            return c
    raise AssertionError(f"no claim holds {fragment!r}: {[c['text'][:50] for c in claims]}")


@pytest.mark.parametrize("sentence, fragment, source", [
    # a document carrying content ("lays out", "sets out", "spells out", "lists")
    ("The leaked memo lays out a plan to close three clinics by June.", "three clinics", "memo"),
    ("The county audit lists 14 bridges that failed their last inspection.", "14 bridges", "audit"),
    # a poll's finding, parsed with the noun as the root and "found" as its modifier
    ("A Marist poll found last week that Ruiz would beat Ortiz 46 to 40 percent.", "46 to 40", "poll"),
    # records, filings, results and ads as sources
    ("County records show the bridge failed two inspections in 2019.", "two inspections", "records"),
    ("Early results of exit polls show two-thirds of voters backed the levy.", "two-thirds", "results"),
    ("The campaign's new ad claims that Ortiz raised the ferry tax by 40 percent.", "40 percent", "ad"),
])
def test_a_document_is_the_source_of_what_it_carries(nlp, sentence, fragment, source):
    claim = claim_with(sentence, fragment)
    assert claim["status"] == "sourced", claim
    assert any(source in s.lower() for s in claim["sources"]), claim["sources"]


def test_a_document_that_does_not_carry_the_claim_sources_nothing(nlp):
    claim = claim_with("The ferry tax rose by 40 percent in 2019, a year after the memo was leaked.", "40 percent")
    assert claim["status"] == "unsourced"
