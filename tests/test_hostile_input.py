"""Hostile and odd input (issue 8): what attrib stores, refuses and how it says so.

- Hostile strings in any field (SQL, markup, control, zero-width and bidirectional
  characters, emoji) are stored literally and exported byte for byte; `attrib flag
  --outlet` and the review search (`ReviewStore.search`, SQLite FTS5) take them as data.
- Odd text (no sentence punctuation, a 20,000-word sentence, emoji ZWJ sequences,
  control characters, JSON whose `text` is a number, JSON nested 100,000 deep, a lone
  surrogate escape, a number of 5,000 digits, a URL urlparse rejects) never stops a
  run: each bad file or record is one line on stderr naming it and the reason, the rest
  is stored, and every stored offset indexes the stored article text exactly.
- A file over the size limit is refused from its size on disk, before it is read.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import pathlib
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from attrib.ingest.files import (
    MAX_ARTICLE_CHARS, MAX_FILE_BYTES, MAX_FILE_MB, MB, collect_paths, max_file_bytes, normalise_newlines,
    parse_file, read_file,
)

# -- helpers ----------------------------------------------------------------------------


def invoke(db: Path, *args: str, env: dict[str, str] | None = None):
    from attrib.cli.main import cli

    return CliRunner().invoke(cli, [*args, "--db", str(db)], catch_exceptions=False, env=env)


def out(res) -> str:
    """What the command wrote, exactly (click's `Result.stdout` turns "\r\n" into "\n")."""
    return res.stdout_bytes.decode("utf-8")


def export(db: Path, table: str) -> list[dict]:
    res = invoke(db, "export", table)
    assert res.exit_code == 0, res.stderr
    return [json.loads(line) for line in out(res).split("\n") if line.strip()]


def offset_errors(db: Path) -> list[str]:
    """Every claim and attribution span whose offsets do not give back its text."""
    texts = {a["article_id"]: a["text"] for a in export(db, "articles")}
    bad = []
    for c in export(db, "claims"):
        if texts[c["article_id"]][c["start"]:c["end"]] != c["text"]:
            bad.append(f"claim {c['claim_id']}: {c['text']!r}")
    for a in export(db, "attributions"):
        for role in ("cue", "source", "content"):
            span = a[role]
            if span is not None and texts[a["article_id"]][span["start"]:span["end"]] != span["text"]:
                bad.append(f"attribution {a['attribution_id']} {role}: {span['text']!r}")
    return bad


def problem_lines(stderr: str) -> dict[str, str]:
    """{file name: reason} from the CLI's `attrib: PATH: reason` lines; one line each."""
    out = {}
    for line in stderr.strip().splitlines():
        assert line.startswith("attrib: "), line
        path, _, reason = line[len("attrib: "):].partition(": ")
        assert os.path.basename(path) not in out, f"two problems for {path}: {stderr}"
        out[os.path.basename(path)] = reason
    return out


# -- hostile strings --------------------------------------------------------------------

OUTLETS = [
    "'; DROP TABLE articles; --",
    "Robert'); DROP TABLE claims;--",
    "\" OR \"1\"=\"1",
    "<b>Bold</b> & <i>News</i>",
    "100% _Daily_ [News]* [/]",
    "\x1b[31mRed\x1b[0m Times\x07",
    "Bidi\u202eseman\u202c \u2066Post\u2069\u200b",
    "👩‍👩‍👧‍👦 Family News 🇮🇳 🏳️‍🌈",
]
TITLES = [
    "<script>alert('x')</script>",
    "Title with \x00 NUL and \x01\x02 controls",
    "a\rb\r\nc",  # titles are not text: kept as given, carriage returns too
    "\u200b\u200e\u202e\u2066zero-width and bidi",
    "😀👍🏽🏳️‍🌈 [bold]not markup[/bold]",
    "SELECT * FROM articles; --",
    "'",
    "\\u0000 is not an escape here \\n",
]
BODY = (
    "Harbour {word} update\n\n"
    "The council approved 14 new crossings a week on Tuesday for the NEAR OR NOT AND islands.\n\n"
    "The council said it would DROP TABLE talks with <b>ferry</b> operators' \"col:val\" ^caret (union).\n\n"
    "Prices rose {n} percent in March, the highest {word} rate since 1990.\r\n"
)
WORDS = ["urgent", "major", "minor", "costly", "quick", "slow", "safety", "steel"]


def hostile_records() -> list[dict]:
    return [{"text": BODY.format(word=w, n=10 + i), "outlet": o, "title": t,
             "url": f"https://example.org/{i}?q='; DROP TABLE files; --"}
            for i, (o, t, w) in enumerate(zip(OUTLETS, TITLES, WORDS))]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, nlp) -> Path:
    """The hostile records ingested (half as .json, half as raw-UTF-8 .jsonl) and analyzed."""
    folder = tmp_path_factory.mktemp("hostile-in")
    recs = hostile_records()
    (folder / "hostile.json").write_text(json.dumps(recs[:4]), encoding="utf-8")
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs[4:]),
                                          encoding="utf-8")
    db = tmp_path_factory.mktemp("hostile-db") / "attrib.db"
    res = invoke(db, "ingest", str(folder))
    assert res.exit_code == 0, res.stderr
    assert invoke(db, "analyze").exit_code == 0
    return db


@pytest.mark.slow
def test_hostile_fields_are_stored_and_exported_byte_for_byte(hostile_db):
    articles = export(hostile_db, "articles")
    got = sorted((a["outlet"], a["title"], a["url"], a["text"]) for a in articles)
    want = sorted((r["outlet"], r["title"], r["url"], normalise_newlines(r["text"])) for r in hostile_records())
    assert got == want
    # the same through the json and csv exports
    res = invoke(hostile_db, "export", "articles", "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert sorted((a["outlet"], a["title"], a["url"], a["text"]) for a in json.loads(out(res))) == want
    res = invoke(hostile_db, "export", "articles", "--format", "csv")
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(out(res), newline="")))
    assert sorted((a["outlet"], a["title"], a["url"], a["text"]) for a in rows) == want
    # nothing was executed: every table is there, every row counted once
    con = sqlite3.connect(hostile_db)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "claims", "attributions", "files"} <= tables
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(OUTLETS)
        assert con.execute("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0] == len(OUTLETS)
    finally:
        con.close()
    assert offset_errors(hostile_db) == []


@pytest.mark.slow
def test_flag_outlet_filter_takes_hostile_names_as_data(hostile_db):
    claims = export(hostile_db, "claims")
    need = [c for c in claims if c["status"] in ("unsourced", "anonymous", "vague")]
    assert {c["outlet"] for c in need} == set(OUTLETS)  # every outlet has a claim to flag
    for outlet in OUTLETS:
        res = invoke(hostile_db, "flag", "--outlet", outlet, "--format", "jsonl")
        assert res.exit_code == 0, res.stderr
        got = [json.loads(line) for line in res.stdout.splitlines()]
        assert sorted(r["claim_id"] for r in got) == sorted(c["claim_id"] for c in need if c["outlet"] == outlet)
    # an injection that would match everything, and LIKE/GLOB wildcards, match nothing
    for outlet in ("' OR '1'='1", "x') OR 1=1 --", "%", "*", "_", "' OR outlet IS NOT NULL --"):
        res = invoke(hostile_db, "flag", "--outlet", outlet, "--format", "jsonl")
        # matches no outlet, so says so in one line (issue 15) and lists nothing
        assert res.exit_code == 1 and res.stdout == "", outlet
        assert res.stderr.count("\n") == 1 and "no outlet" in res.stderr, outlet
    both = invoke(hostile_db, "flag", "--outlet", OUTLETS[0], "--outlet", OUTLETS[1], "--format", "csv")
    assert both.exit_code == 0
    assert len([c for c in need if c["outlet"] in OUTLETS[:2]]) == len(both.stdout.splitlines()) - 1


FTS_SYNTAX = ['"', '""', "'", "*", "NEAR", "NEAR(", "NEAR(a b, 2)", "AND", "OR", "NOT", "-", ":", "^", "(", ")",
              "()", "a OR b", "NOT islands", "islands NOT", "-islands", "col:val", "claims_fts:islands", "^caret",
              "\"unbalanced", "islands*", "*islands", "+", "{a b}", "a AND", "\x00", "", "   ", "\u200b", "🏳️‍🌈",
              "'; DROP TABLE claims; --", "x' OR '1'='1", "[/]"]


@pytest.mark.slow
@pytest.mark.parametrize("query", FTS_SYNTAX)
def test_search_never_raises_on_fts_syntax(hostile_db, query):
    from attrib.records.review import ReviewStore
    from attrib.store.store import Store

    rows = ReviewStore(Store(hostile_db)).search(query)
    assert isinstance(rows, list)


@pytest.mark.slow
@pytest.mark.parametrize("query,words", [
    ("NEAR", ["NEAR"]), ("NOT", ["NOT"]), ("OR", ["OR"]), ("AND", ["AND"]),
    ("NEAR OR NOT AND", ["NEAR", "OR", "NOT", "AND"]),
    ("NEAR(islands)", ["NEAR", "islands"]), ("col:val", ["col", "val"]), ("^caret", ["caret"]),
    ('"col:val" ^caret', ["col", "val", "caret"]), ("DROP TABLE", ["DROP", "TABLE"]),
    ("'; DROP TABLE talks; --", ["DROP", "TABLE", "talks"]), ("<b>ferry</b>", ["ferry"]),
    ("-islands", ["islands"]), ("islands*", ["islands"]), ("(union)", ["union"]),
])
def test_search_is_literal(hostile_db, query, words):
    """Operators and punctuation are searched as the words they contain: `NOT` finds the
    claims holding the word NOT, it does not negate anything."""
    from attrib.records.review import ReviewStore
    from attrib.store.store import Store

    def holds(text: str) -> bool:  # every word a token of the text, the last one as a prefix
        tokens = re.findall(r"[^\W_]+", text.lower())
        *whole, last = [w.lower() for w in words]
        return all(w in tokens for w in whole) and any(t.startswith(last) for t in tokens)

    want = sorted(c["claim_id"] for c in export(hostile_db, "claims") if holds(c["text"]))
    assert len(want) >= len(OUTLETS), "the fixture has claims holding these words"
    got = sorted(r["claim_id"] for r in ReviewStore(Store(hostile_db)).search(query, limit=1000))
    assert got == want


def test_hostile_file_names_are_data(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = "'; DROP TABLE files; -- [bold] $(rm -rf ~) \u202e\u200b.json"
    (folder / name).write_text(json.dumps({"text": "The council approved 14 new crossings a week on Tuesday."}))
    db = tmp_path / "attrib.db"
    res = invoke(db, "ingest", str(folder))
    assert res.exit_code == 0, res.stderr
    [art] = export(db, "articles")
    assert art["source_file"].endswith(name)
    assert invoke(db, "ingest", str(folder)).stdout.startswith("0 files read, 1 unchanged")


# -- odd text ---------------------------------------------------------------------------

ODD_TEXT = {
    "zero_width.txt":
        "Bridge\u200b reopening\n\nThe\u200b minister\u200e said\u202e on Tuesday that the \u2066bridge\u2069 "
        "would reopen in May, officials\u200d said.\n\n\u201cIt is \u200dsafe,\u201d she said\ufeff.\n",
    "emoji.txt":
        "👩‍👩‍👧‍👦 Families 🇮🇳 return\n\nThe family 🇮🇳 said 🏳️‍🌈 that prices rose 5% 👍🏽, officials told "
        "reporters on Monday.\n\n“We are happy 😀👨‍🚀,” she said.\n\nPrices rose 14 percent 📈 in March.\n",
    "no_punctuation.txt":
        ("the minister said the bridge would reopen in may officials told reporters prices rose 14 percent "
         "in march according to the ministry ") * 40,
    "controls.txt":
        "The minister said\u0085 the bridge\u2028would reopen\u2029in May,\u000b officials\u000c said.\n"
        "Prices rose 14\u00a0percent in March,\u2009the ministry said\u0007.\n",
    "combining.md":
        "Cafe\u0301 owners said the e\u0301lite\u0327 would reopen, officials said.\n\n"
        "Ｆｕｌｌｗｉｄｔｈ officials said ﬁnal prices rose 14 percent.\n",
}


def _odd_json_files(folder: Path) -> None:
    j = lambda obj: json.dumps(obj)  # noqa: E731 - ASCII-only: control chars and surrogates as escapes
    (folder / "number.json").write_text(j({"text": 42, "outlet": "Numbers Daily"}))
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "deep.jsonl").write_text("[" * 100_000 + "\n" + j({"text": "The council approved 14 new crossings "
                                                                       "a week on Tuesday.", "outlet": "Deep"}))
    (folder / "bigint.json").write_text('{"text": ' + "9" * 5000 + "}")
    (folder / "controls.json").write_text(j({
        "text": "The minister\u0000 said the\u0007 bridge \u001b[31m would reopen, officials said.\n\n"
                "A lone \ud800 surrogate and a \udc00 low one: prices rose 14 percent, officials said.",
        "outlet": "Lone \udfff Outlet", "title": "\u0000\u001b]0;pwned\u0007"}))
    (folder / "bad_url.json").write_text(j({"text": "The council approved 14 new crossings a week on Tuesday.",
                                            "url": "http://[::1"}))


ODD_PROBLEMS = {  # file: the start of its one-line reason
    "number.json": "object: 'text' must be a string, got int",  # a number is not an article: refused, not coerced
    "deep.json": "malformed JSON: nested too deeply",
    "deep.jsonl": "line 1: malformed JSON: nested too deeply",
    "bigint.json": "malformed JSON: Exceeds the limit (4300 digits)",
}


@pytest.mark.slow
def test_odd_text_is_stored_as_given_and_offsets_stay_exact(tmp_path, nlp):
    folder = tmp_path / "odd"
    folder.mkdir()
    for name, text in ODD_TEXT.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    _odd_json_files(folder)
    db = tmp_path / "attrib.db"
    res = invoke(db, "ingest", str(folder))
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr
    problems = problem_lines(res.stderr)
    assert set(problems) == set(ODD_PROBLEMS)
    for name, reason in ODD_PROBLEMS.items():
        assert problems[name].startswith(reason), problems[name]
    assert invoke(db, "analyze").exit_code == 0
    articles = export(db, "articles")
    by_file = {os.path.basename(a["source_file"]): a for a in articles}
    assert set(by_file) == set(ODD_TEXT) | {"deep.jsonl", "controls.json", "bad_url.json"}
    for name, text in ODD_TEXT.items():  # a single plain article: its text is the file's, unchanged
        assert by_file[name]["text"] == text, name
    controls = by_file["controls.json"]
    assert controls["text"].startswith("The minister\u0000 said the\u0007 bridge \u001b[31m would")
    assert "A lone \ufffd surrogate and a \ufffd low one" in controls["text"]  # one character for one
    assert controls["outlet"] == "Lone \ufffd Outlet"
    assert controls["title"] == "\u0000\u001b]0;pwned\u0007"
    assert by_file["bad_url.json"]["url"] == "http://[::1" and by_file["bad_url.json"]["outlet"] == "unknown"
    file_of = {a["article_id"]: os.path.basename(a["source_file"]) for a in articles}
    with_claims = {file_of[c["article_id"]] for c in export(db, "claims")}
    with_attributions = {file_of[a["article_id"]] for a in export(db, "attributions")}
    assert {"emoji.txt", "controls.json", "controls.txt"} <= with_claims  # the odd spans were exercised
    assert {"zero_width.txt", "emoji.txt", "controls.json"} <= with_attributions
    assert offset_errors(db) == []


@pytest.mark.slow
def test_a_20000_word_sentence_is_analyzed_in_bounded_time(tmp_path, nlp):
    """Without sentence punctuation the parser makes one 20,000-token sentence, and the
    cue-clause spans are quadratic in it (about five minutes here); attrib_paragraphs cuts
    such runs, so it takes seconds."""
    words = ("the minister said that the bridge would reopen in may and officials told reporters that "
             "prices rose fourteen percent").split()
    text = " ".join(words[i % len(words)] for i in range(20_000))
    (tmp_path / "long.txt").write_text(text)
    db = tmp_path / "attrib.db"
    assert invoke(db, "ingest", str(tmp_path / "long.txt")).exit_code == 0
    t0 = time.monotonic()
    assert invoke(db, "analyze").exit_code == 0
    assert time.monotonic() - t0 < 90
    [art] = export(db, "articles")
    assert art["text"] == text
    assert export(db, "attributions")
    assert offset_errors(db) == []


def test_runs_without_sentence_punctuation_are_cut_and_news_prose_is_not():
    import spacy

    from attrib.analysis.paragraphs import MAX_SENTENCE_TOKENS, paragraph_boundaries

    nlp = spacy.blank("en")
    doc = paragraph_boundaries(nlp.make_doc("word " * 1000))
    starts = [0] + [t.i for t in doc if t.is_sent_start and t.i > 0]
    assert len(starts) >= 1000 // MAX_SENTENCE_TOKENS
    assert max(b - a for a, b in zip(starts, starts[1:] + [len(doc)])) <= MAX_SENTENCE_TOKENS
    # a cut falls after a comma or dash in the run's second half when there is one
    run = ["w"] * (MAX_SENTENCE_TOKENS - 40) + [","] + ["w"] * 100
    doc = paragraph_boundaries(nlp.make_doc(" ".join(run)))
    assert doc[MAX_SENTENCE_TOKENS - 39].is_sent_start
    # long sentences ending in a full stop are left to the parser, however many follow
    clause = ("The minister, who spoke to reporters in the capital on Tuesday, said that the bridge, "
              "which has been closed since March, would reopen in May and ")
    per = len(nlp.make_doc(clause))
    sentence = clause * ((MAX_SENTENCE_TOKENS - 10) // per) + "it will."
    doc = paragraph_boundaries(nlp.make_doc(" ".join([sentence] * 4)))
    assert MAX_SENTENCE_TOKENS - 2 * per < len(doc) // 4 < MAX_SENTENCE_TOKENS
    assert not any(t.is_sent_start for t in doc[1:])


# -- size limits ------------------------------------------------------------------------

GOOD = "Council approves ferry plan\n\nThe council approved the plan on Tuesday, its chair said.\n"


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)  # a hole: takes no disk space, and must never be read
    return path


@pytest.fixture
def big_folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    _sparse(folder / "big.txt", 20 * MB)
    return folder


def test_default_limit_is_a_module_constant():
    assert MAX_FILE_MB == 8 and MAX_FILE_BYTES == 8 * MB


def test_a_file_over_the_limit_is_named_before_it_is_read(big_folder, monkeypatch):
    monkeypatch.delenv("ATTRIB_MAX_FILE_MB", raising=False)
    files, problems = collect_paths([big_folder])
    assert [f.name for f in files] == ["good.txt"]
    assert [str(p) for p in problems] == [
        f"{big_folder / 'big.txt'}: 20.0 MB is over the 8 MB limit (raise it with --max-file-mb or ATTRIB_MAX_FILE_MB)"]
    # the same file named directly
    files, problems = collect_paths([big_folder / "big.txt", big_folder / "good.txt"])
    assert [f.name for f in files] == ["good.txt"] and len(problems) == 1


def test_the_cli_refuses_a_20_mb_file_in_one_line_and_stores_the_rest(big_folder, tmp_path, monkeypatch):
    monkeypatch.delenv("ATTRIB_MAX_FILE_MB", raising=False)
    read_bytes = pathlib.Path.read_bytes

    def guarded(self):
        assert self.name != "big.txt", "the over-limit file was read"
        return read_bytes(self)
    monkeypatch.setattr(pathlib.Path, "read_bytes", guarded)
    db = tmp_path / "attrib.db"
    res = invoke(db, "ingest", str(big_folder))
    assert res.exit_code == 1
    assert res.stderr.strip() == (f"attrib: {big_folder / 'big.txt'}: 20.0 MB is over the 8 MB limit "
                                  "(raise it with --max-file-mb or ATTRIB_MAX_FILE_MB)")
    assert [a["text"] for a in export(db, "articles")] == [GOOD]


def test_the_limit_can_be_raised_by_environment_or_parameter(big_folder, monkeypatch):
    monkeypatch.setenv("ATTRIB_MAX_FILE_MB", "25")
    assert max_file_bytes() == 25 * MB
    files, problems = collect_paths([big_folder])
    assert [f.name for f in files] == ["big.txt", "good.txt"] and problems == []
    monkeypatch.setenv("ATTRIB_MAX_FILE_MB", "0.5")
    [problem] = collect_paths([big_folder])[1]
    assert problem.reason == "20.0 MB is over the 0.5 MB limit (raise it with --max-file-mb or ATTRIB_MAX_FILE_MB)"
    monkeypatch.setenv("ATTRIB_MAX_FILE_MB", "0")  # 0: no limit
    assert max_file_bytes() is None
    monkeypatch.setenv("ATTRIB_MAX_FILE_MB", "lots")
    with pytest.raises(ValueError, match="ATTRIB_MAX_FILE_MB must be a number of megabytes, got 'lots'"):
        max_file_bytes()
    monkeypatch.delenv("ATTRIB_MAX_FILE_MB")
    # a caller's max_bytes wins over the environment and the default
    monkeypatch.setenv("ATTRIB_MAX_FILE_MB", "1")
    files, problems = collect_paths([big_folder], max_bytes=21 * MB)
    assert [f.name for f in files] == ["big.txt", "good.txt"] and problems == []
    [problem] = collect_paths([big_folder], max_bytes=10 * MB)[1]
    assert problem.reason.startswith("20.0 MB is over the 10 MB limit")
    assert collect_paths([big_folder], max_bytes=0)[1] == []


def test_read_file_and_parse_file_refuse_over_the_limit(big_folder, monkeypatch):
    monkeypatch.delenv("ATTRIB_MAX_FILE_MB", raising=False)
    res = read_file(big_folder / "big.txt")
    assert res.articles == [] and res.size == 20 * MB
    assert [p.reason for p in res.problems] == [
        "20.0 MB is over the 8 MB limit (raise it with --max-file-mb or ATTRIB_MAX_FILE_MB)"]
    res = parse_file(big_folder / "good.txt", GOOD.encode(), max_bytes=10)
    assert res.articles == [] and res.problems[0].reason.startswith("0.0 MB is over the")
    assert read_file(big_folder / "good.txt", max_bytes=len(GOOD)).articles[0].text == GOOD


def test_an_article_over_the_length_limit_is_refused_the_others_kept(tmp_path):
    long_text = "The council approved the plan. " * (MAX_ARTICLE_CHARS // 31 + 1)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": long_text}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    res = read_file(feed)
    assert [a.text for a in res.articles] == [GOOD]
    assert [p.reason for p in res.problems] == [
        f"line 1: 'text' is {len(long_text):,} characters long, over the {MAX_ARTICLE_CHARS:,} one article may have; "
        "split it into several files"]
    txt = tmp_path / "long.txt"
    txt.write_text(GOOD + "More text follows here. " * 10)
    res = parse_file(txt, txt.read_bytes(), max_chars=100)
    assert res.articles == [] and res.problems[0].reason.startswith("the article is 3")


def test_the_analyzer_takes_every_article_ingest_lets_through():
    from attrib.analysis.pipeline import MAX_LENGTH

    assert MAX_ARTICLE_CHARS <= MAX_LENGTH


# -- last-resort guards -----------------------------------------------------------------


def test_an_html_parser_failure_is_a_problem_for_that_file_only(tmp_path, monkeypatch):
    import trafilatura

    def boom(*_a, **_k):
        raise RuntimeError("lxml gave up")
    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>The council approved the plan on Tuesday, its chair said.</p></body></html>")
    res = read_file(page)
    assert res.articles == []
    assert [p.reason for p in res.problems] == ["cannot extract the HTML's text: RuntimeError: lxml gave up"]


def test_an_unexpected_error_on_one_file_is_named_and_the_run_goes_on(tmp_path, monkeypatch):
    import attrib.ingest.files

    real = attrib.ingest.files.split_page

    def flaky(text, source_file=None):
        if source_file and source_file.endswith("bad.txt"):
            raise IndexError("list index out of range")
        return real(text, source_file=source_file)
    monkeypatch.setattr(attrib.ingest.files, "split_page", flaky)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_text(GOOD)
    (folder / "good.txt").write_text(GOOD.replace("Tuesday", "Monday"))
    db = tmp_path / "attrib.db"
    res = invoke(db, "ingest", str(folder))
    assert res.exit_code == 1
    assert res.stderr.strip() == (f"attrib: {folder / 'bad.txt'}: cannot be read: IndexError: list index out of range "
                                  "(a bug in attrib; please report it)")
    assert [a["text"] for a in export(db, "articles")] == [GOOD.replace("Tuesday", "Monday")]


@pytest.mark.slow
def test_tables_show_hostile_names_literally_and_send_no_control_codes(hostile_db, tmp_path):
    """Rich markup in an outlet ("[/]") or a title ("[bold]") is data, not formatting, and
    a title's escape codes never reach the terminal (the summary, flag and compare)."""
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(hostile_db, db)
    for extra in ("-wal", "-shm"):
        if Path(str(hostile_db) + extra).exists():
            shutil.copy(str(hostile_db) + extra, str(db) + extra)
    results = {
        "flag": invoke(db, "flag", env={"COLUMNS": "300"}),
        "compare --outlets": invoke(db, "compare", "--outlets", env={"COLUMNS": "300"}),
        "link": invoke(db, "link"),
    }
    for name, res in results.items():
        assert res.exit_code == 0, (name, res.output)
        assert "\x1b" not in out(res) and "\x07" not in out(res), name
    assert "100% _Daily_ [News]* [/]" in out(results["compare --outlets"])
    flagged = out(results["flag"])
    assert "100% _Daily_ [New…" in flagged and "[bold]not markup[/bold]" in flagged  # outlet cut to 18
    from attrib.store.store import Store
    from attrib.cli.render import print_summary
    from attrib.ingest.stage import IngestReport
    from rich.console import Console

    console = Console(record=True, width=300, force_terminal=True)
    store = Store(db)
    print_summary(store, IngestReport(), analyzed=0, console=console)
    store.close()
    text = console.export_text()
    assert "<script>alert('x')</script>" in text and "[bold]not markup[/bold]" in text
    assert "\x1b[31m" not in console.export_text(styles=False)


def test_max_file_mb_option_sets_the_limit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    para = "The council said the harbour bridge would reopen on Monday after repairs.\n\n"
    records = [{"outlet": "Harbour Times", "title": f"Part {i}", "text": f"Part {i}.\n\n" + para * 1000}
               for i in range(20)]  # 20 articles of 75 KB: a 1.5 MB file
    (folder / "long.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (folder / "short.txt").write_text(para, encoding="utf-8")
    res = invoke(tmp_path / "a.db", "ingest", str(folder), "--max-file-mb", "1")
    assert res.exit_code == 1
    reasons = problem_lines(res.stderr)
    assert list(reasons) == ["long.jsonl"] and "over the 1 MB limit" in reasons["long.jsonl"]
    assert "--max-file-mb" in reasons["long.jsonl"]
    assert "1 new article stored" in res.stdout  # the other file went in
    res = invoke(tmp_path / "b.db", "ingest", str(folder), "--max-file-mb", "2")
    assert res.exit_code == 0 and "21 new articles stored" in res.stdout


@pytest.mark.slow
def test_zero_width_and_bidi_characters_do_not_hide_a_cue(nlp):
    """Scraped text carries invisible characters glued to words ("said\\u200b"); the
    attribution is still found and its offsets still index the text as given."""
    from attrib.analysis.rows import analyze_doc

    text = ("\u200bThe harbour minister said\u200b that the bridge would reopen on Monday.\u202e "
            "\u2066Port officials\u2069 told\u200b reporters the repairs cost 14 million dollars.\ufeff")
    rows = analyze_doc(nlp(text), "a1", "Harbour Times").attributions
    cues = sorted(r["cue_text"] for r in rows)
    assert cues == ["said", "told"], cues
    for r in rows:
        for role in ("cue", "source", "content"):
            if r[f"{role}_start"] is not None:
                assert text[r[f"{role}_start"]:r[f"{role}_end"]] == r[f"{role}_text"]
    assert {r["source_text"] for r in rows} == {"The harbour minister", "Port officials"}
    # Known limit: an invisible character standing alone between two words ("officials
    # \u2066 told") is a token the parser reads as a word, and can still hide a cue.
