"""Property tests (hypothesis): ingest + analyze never raise on arbitrary text, and every
stored offset indexes the stored article text exactly; the review search never raises
and searches what it is given literally.

The normal suite runs a bounded number of examples (25 per property, no deadline). For
a longer run on demand:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest -q tests/test_fuzz.py    # 1000 examples each

A failure prints the smallest text hypothesis found and a `@reproduce_failure` blob;
failing examples are also kept in .hypothesis/ and replayed first on the next run.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from attrib.ingest.files import normalise_newlines, read_file

settings.register_profile("attrib-suite", max_examples=25, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=1000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ = settings.get_profile("long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "attrib-suite")

pytestmark = pytest.mark.slow

# -- text strategies --------------------------------------------------------------------

NEWS = [
    "The minister said on Tuesday that the bridge would reopen in May.",
    "“We listened to the islanders,” Ruiz said.",
    "\"It is safe,\" she told reporters, adding that prices rose 14 percent.",
    "According to officials, the plan will cost $40 million.",
    "Sources said the talks had stalled — and may not resume.",
    "The council approved 14 new crossings a week on Tuesday.",
    "Reportedly, the army moved 3,000 troops to the border.",
    "PORTSMOUTH (Reuters) - The harbour council on Tuesday approved a new ferry timetable.",
    "He said: 'We will not back down.'",
    "Prices rose 14 percent in March, the highest rate since 1990, the ministry said.",
    "Qingdao [China], June 27 (ANI): Defence Minister Rajnath Singh held talks with his counterpart.",
    "Israel Katz told Channel 13, citing Al Jazeera, that the strike was planned.",
    "‘It was a mistake,’ a spokesperson for the Foreign Ministry said, according to AP.",
    "It is believed that more than 20 people were hurt.",
    "Harbour council approves new ferry timetable",
    "Time of India", "39 minutes ago", "Indian Express · an hour ago", "Share this article", "Advertisement",
    "Related Articles", "By Ana Ruiz", "Read More »", "https://example.org/x", "Follow us on Twitter",
    "© 2025 Harbour Times. All rights reserved.", "Ana Ruiz is a senior reporter at the Harbour Times.",
]
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‚", "‹", "›", "—", "–", "-", "--", "…", "...", "(", ")",
         "[", "]", ":", ";", ",", ".", "?", "!", "#", "*", "|", "·", "\n", "\n\n", "\r\n", "\r", " ", "  ", "\t"]
ODD = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
       "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u00a0", "\u2009", "\u2028", "\u2029",
       "\u0085", "\u000b", "\u000c", "\u0000", "\u0007", "\u001b[31m", "\u0301", "e\u0301", "ﬁ", "Ａ", "ǅ", "İ",
       "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇮🇳", "👍🏽", "😀", "𝔘𝔫𝔦", "\U0010ffff", "\ufffd", "٣", "שלום", "مرحبا", "中文", "ß"]


def pieces(surrogates: bool = False) -> st.SearchStrategy[str]:
    """News sentences and page furniture, quote marks and dashes, line breaks, odd
    characters, runs of words with no punctuation, and any code point (control characters
    included; lone surrogates only where a JSON escape can carry them)."""
    options = [st.sampled_from(NEWS), st.sampled_from(NEWS), st.sampled_from(MARKS), st.sampled_from(ODD),
               st.text(st.characters(codec="utf-8"), max_size=12),
               st.from_regex(r"[A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}", fullmatch=True)]
    if surrogates:
        options.append(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
    return st.one_of(options)


def texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    joiner = st.sampled_from(["", " ", " ", "\n", "\n\n"])
    return st.lists(st.tuples(pieces(surrogates), joiner), min_size=1, max_size=40).map(
        lambda parts: "".join(p + j for p, j in parts))


# -- ingest + analyze, as the pipeline does it ------------------------------------------


def _stored_offsets_errors(store) -> list[str]:
    """Every stored claim and attribution span that does not index its stored article text."""
    texts = {r["article_id"]: r["text"] for r in store.db.query("SELECT article_id, text FROM articles")}
    bad = []
    for c in store.db.query("SELECT * FROM claims"):
        t = texts[c["article_id"]]
        if not (0 <= c["start"] <= c["end"] <= len(t)) or t[c["start"]:c["end"]] != c["text"]:
            bad.append(f"claim {c['start']}:{c['end']} {c['text']!r}")
    for a in store.db.query("SELECT * FROM attributions"):
        t = texts[a["article_id"]]
        for role in ("cue", "source", "content"):
            s, e, span = a[f"{role}_start"], a[f"{role}_end"], a[f"{role}_text"]
            if s is None:
                assert e is None and span is None
                continue
            if not (0 <= s <= e <= len(t)) or t[s:e] != span:
                bad.append(f"{role} {s}:{e} {span!r}")
    return bad


def ingest_and_analyze(name: str, data: bytes) -> tuple[object, list]:
    """One file through the pipeline's steps: read it, store its articles, analyze the
    stored texts, store the rows. Returns the store and the ingest problems."""
    from attrib.analysis.rows import analyze_texts
    from attrib.store.store import Store
    from attrib.versions import PIPELINE_VERSION

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = read_file(path)
    store = Store(":memory:")
    store.save_file(str(path), result.sha256, result.size, result.articles, remember=not result.problems)
    rows = list(store.db.query("SELECT article_id, outlet, text, wire FROM articles"))
    # stored as read (the same outlet and text twice is one article)
    assert sorted(r["text"] for r in rows) == sorted({(a.outlet or "", a.text): a.text
                                                      for a in result.articles}.values())
    items = [(r["article_id"], r["outlet"], r["text"], r["wire"]) for r in rows]
    for (aid, *_), analysis in zip(items, analyze_texts(items)):
        store.save_analysis(aid, PIPELINE_VERSION, analysis)
    return store, result.problems


def record_event(store, problems) -> None:
    """What the example exercised, for --hypothesis-show-statistics."""
    c = store.counts()
    event(f"articles: {min(c['articles'], 2)}, claims: {min(c['claims'], 1)}, "
          f"attributions: {min(c['attributions'], 1)}, problems: {min(len(problems), 1)}")


@FUZZ
@given(text=texts(), suffix=st.sampled_from([".txt", ".md"]))
def test_text_files_never_raise_and_offsets_are_exact(nlp, text, suffix):
    store, problems = ingest_and_analyze("article" + suffix, text.encode("utf-8"))
    record_event(store, problems)
    for p in problems:
        assert "\n" not in p.reason
    assert _stored_offsets_errors(store) == []


@FUZZ
@given(records=st.lists(st.fixed_dictionaries(
    {"text": texts(surrogates=True)},
    optional={"outlet": st.one_of(st.text(max_size=30), st.sampled_from(["'; DROP TABLE articles; --", "[/]"])),
              "title": st.text(max_size=30), "url": st.text(max_size=30),
              "published": st.one_of(st.text(max_size=30), st.sampled_from(["5 March 2024", "2024-13-45"]))}),
    min_size=1, max_size=3), lines=st.booleans())
def test_json_records_are_stored_literally_and_offsets_are_exact(nlp, records, lines):
    data = "\n".join(json.dumps(r) for r in records) if lines else json.dumps(records)
    store, problems = ingest_and_analyze("feed.jsonl" if lines else "feed.json", data.encode("ascii"))
    record_event(store, problems)
    stored = {r["text"] for r in store.db.query("SELECT text FROM articles")}
    for rec in records:
        as_read = json.loads(json.dumps(rec["text"]))  # what the file says ("\ud800\udc00" escapes one character)
        if as_read.strip():  # stored as given: only line endings, and lone surrogates (as U+FFFD), change
            assert normalise_newlines(re.sub(r"[\ud800-\udfff]", "\ufffd", as_read)) in stored
    for p in problems:
        assert "\n" not in p.reason
    assert _stored_offsets_errors(store) == []


@FUZZ
@given(text=texts())
def test_check_style_analysis_of_one_text_keeps_offsets(nlp, text):
    """`attrib check` and the TUI analyze a text as is (no ingest): offsets index it."""
    from attrib.analysis.rows import analyze_texts

    text = normalise_newlines(text)
    assume(text.strip())
    [analysis] = analyze_texts([("a", "Outlet", text, None)])
    for c in analysis.claims:
        assert text[c["start"]:c["end"]] == c["text"]
    for a in analysis.attributions:
        for role in ("cue", "source", "content"):
            if a[f"{role}_start"] is not None:
                assert text[a[f"{role}_start"]:a[f"{role}_end"]] == a[f"{role}_text"]


# -- the review search ------------------------------------------------------------------

SEARCH_TEXTS = [
    "Harbour update\n\nThe council approved 14 new crossings a week on Tuesday for the NEAR OR NOT AND islands.\n\n"
    "Prices rose 14 percent in March, the highest rate since 1990.\n",
    "Ferry update\n\nThe ferry operator cut 30 sailings a month in \"col:val\" ^caret (union) harbours.\n\n"
    "The bridge repairs will cost 40 million dollars, the highest bill since 2001.\n",
]


@pytest.fixture(scope="module")
def search_store(nlp, tmp_path_factory):
    from attrib.records.review import ReviewStore

    folder = tmp_path_factory.mktemp("search")
    (folder / "feed.jsonl").write_text("\n".join(json.dumps({"text": t, "outlet": o})
                                                 for t, o in zip(SEARCH_TEXTS, ["A", "B"])))
    store, problems = ingest_and_analyze("feed.jsonl", (folder / "feed.jsonl").read_bytes())
    assert problems == []
    claims = list(store.db.query("SELECT claim_id, text FROM claims"))
    assert len(claims) >= 3
    return ReviewStore(store), claims


FTS_NOISE = st.sampled_from(['"', "*", "NEAR", "NEAR(", ")", "(", "AND", "OR", "NOT", "-", ":", "^", "+", "{", "}",
                             "'", ",", "col:", "\x00", "\u200b", " ", "  "])
# FTS5 syntax that holds no word: between a claim's own words it must change nothing
FTS_PUNCT = st.lists(st.sampled_from(['"', "*", "(", ")", "-", ":", "^", "+", "{", "}", "'", ",", "\x00",
                                      "\u200b", " ", "\t", ") (", "**"]), min_size=1, max_size=3
                     ).map(lambda xs: " " + "".join(xs) + " ")


@FUZZ
@given(query=st.one_of(st.text(max_size=40), st.lists(st.one_of(FTS_NOISE, st.text(max_size=5)), max_size=12)
                       .map("".join)))
def test_search_never_raises(search_store, query):
    review, _ = search_store
    assert isinstance(review.search(query), list)


@FUZZ
@given(data=st.data())
def test_search_finds_a_claim_by_its_own_words_whatever_surrounds_them(search_store, data):
    review, claims = search_store
    claim = data.draw(st.sampled_from(claims))
    words = re.findall(r"[^\W_]+", claim["text"])
    start = data.draw(st.integers(0, len(words) - 1))
    picked = words[start:start + data.draw(st.integers(1, 4))]
    query = "".join(data.draw(FTS_PUNCT) + w for w in picked) + data.draw(FTS_PUNCT)
    found = {r["claim_id"] for r in review.search(query, limit=1000)}
    assert claim["claim_id"] in found, query
