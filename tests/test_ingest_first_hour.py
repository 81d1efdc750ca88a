"""What a new user's own files must give (issue 15, items 1-4): ledes kept beside a known
title, an HTML headline stored as the title, `check` reading every input kind, and the
outlet, date and author of plain text from front matter, a byline or --outlet.

All texts are invented for these tests."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from attrib.text.bylines import read_byline
from attrib.ingest.files import parse_file
from attrib.ingest.front_matter import split_front_matter

LEDE = "Floodwaters killed 12 people in the town of Arnsby on Sunday, the regional governor said."
SECOND = "Rescue teams reached 40 families stranded on rooftops, according to the fire service."

HTML = f"""<html><head><title>Arnsby floods kill 12 | Northern Ledger</title>
<meta property="og:site_name" content="Northern Ledger"></head>
<body><nav>Home News Sport</nav><article><h1>Arnsby floods kill 12</h1>
<p>{LEDE}</p><p>{SECOND}</p></article></body></html>"""


def records(res) -> list[dict]:
    return [json.loads(line) for line in res.stdout.splitlines()]


def texts(res) -> list[str]:
    return [r["text"] for r in records(res)]


# -- 1. a lede beside a known title is body, not a headline ---------------------------------


@pytest.mark.parametrize("suffix,data", [
    (".json", json.dumps({"title": "Arnsby floods", "text": f"{LEDE}\n\n{SECOND}"})),
    (".jsonl", json.dumps({"title": "Arnsby floods", "text": f"{LEDE}\n\n{SECOND}"}) + "\n"),
    # no title at all: the first line is a sentence ending in a full stop, so body
    (".json", json.dumps({"text": f"{LEDE}\n\n{SECOND}"})),
    (".txt", f"{LEDE}\n\n{SECOND}\n"),
])
def test_the_lede_is_a_claim_whatever_the_record_says_of_its_title(cli_run, tmp_path, suffix, data):
    f = tmp_path / f"story{suffix}"
    f.write_text(data, encoding="utf-8")
    res = cli_run("check", str(f))
    assert res.exit_code == 0, res.stderr
    assert LEDE in texts(res)
    assert SECOND in texts(res)


def test_a_headline_printed_atop_a_json_text_is_still_no_claim(cli_run, tmp_path):
    f = tmp_path / "story.json"
    text = f"Governor Says Floods Killed Twelve In Arnsby\n\n{LEDE}"
    f.write_text(json.dumps({"title": "Governor says floods killed twelve in Arnsby", "text": text}))
    assert texts(cli_run("check", str(f))) == [LEDE]
    # without a title field the line atop the text is taken for one, as in a plain file
    f.write_text(json.dumps({"text": text}))
    [art] = parse_file(f, f.read_bytes()).articles
    assert art.title == "Governor Says Floods Killed Twelve In Arnsby" and art.text == text
    assert texts(cli_run("check", str(f))) == [LEDE]


def test_the_records_text_is_stored_unchanged_beside_its_title(cli_run, tmp_path, db_path):
    f = tmp_path / "story.jsonl"
    f.write_text(json.dumps({"title": "Arnsby floods", "outlet": "Northern Ledger", "text": f"{LEDE}\n\n{SECOND}"}))
    assert cli_run("run", str(f)).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        (text, title), = conn.execute("SELECT text, title FROM articles").fetchall()
        claims = [r[0] for r in conn.execute("SELECT text FROM claims ORDER BY start")]
    assert (text, title) == (f"{LEDE}\n\n{SECOND}", "Arnsby floods")
    assert claims == [LEDE, SECOND]


# -- 2. HTML: the <h1> is the title, not a claim ---------------------------------------------


def test_an_html_headline_is_the_title_and_not_body(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(HTML)
    [art] = parse_file(f, f.read_bytes()).articles
    assert art.title == "Arnsby floods kill 12"
    assert art.outlet == "Northern Ledger"
    assert art.text.startswith(LEDE)
    assert "Arnsby floods kill 12" not in art.text


def test_an_h1_that_differs_from_the_title_tag_is_still_taken_out(tmp_path):
    html = HTML.replace("<title>Arnsby floods kill 12 | Northern Ledger</title>", "<title>Northern Ledger</title>")
    f = tmp_path / "page.html"
    f.write_text(html)
    [art] = parse_file(f, f.read_bytes()).articles
    assert art.text.startswith(LEDE) and "kill 12\n" not in art.text


# -- 3. check reads what run reads -------------------------------------------------------------


def test_check_reads_html_through_ingest(cli_run, tmp_path):
    f = tmp_path / "page.html"
    f.write_text(HTML)
    res = cli_run("check", str(f))
    assert res.exit_code == 0, res.stderr
    recs = records(res)
    assert [r["text"] for r in recs] == [LEDE, SECOND]  # the h1 is no claim
    assert {r["outlet"] for r in recs} == {"Northern Ledger"}
    sources = [a["source"]["text"] for r in recs for a in r["attributions"] if a.get("source")]
    assert sources and not any("<" in s or ">" in s for s in sources)


def test_check_on_jsonl_gives_one_document_per_line(cli_run, tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"title": "Floods", "outlet": "Northern Ledger", "text": LEDE},
        {"title": "Rescue", "outlet": "Coastal Herald", "text": SECOND},
        {"title": "Broken"},  # no text: named, the others still checked
    ]) + "\n")
    res = cli_run("check", str(f))
    assert res.exit_code == 1
    recs = records(res)
    assert [(r["outlet"], r["text"]) for r in recs] == [("Northern Ledger", LEDE), ("Coastal Herald", SECOND)]
    assert len({r["article_id"] for r in recs}) == 2
    assert "feed.jsonl" in res.stderr and "missing 'text'" in res.stderr
    assert '{"title"' not in res.stdout.replace('"title": "Floods"', "")  # no JSON syntax analysed as text


def test_check_gives_the_ids_run_stores(cli_run, tmp_path, db_path):
    f = tmp_path / "story.json"
    f.write_text(json.dumps({"title": "Arnsby floods", "outlet": "Northern Ledger", "text": f"{LEDE}\n\n{SECOND}"}))
    checked = {r["claim_id"] for r in records(cli_run("check", str(f)))}
    assert cli_run("run", str(f)).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        stored = {r[0] for r in conn.execute("SELECT claim_id FROM claims")}
    assert checked == stored and len(checked) == 2


def test_check_stdin_reads_json_when_told(cli_run):
    res = cli_run("check", "--type", "json", "-", input=json.dumps({"title": "Floods", "text": LEDE}))
    assert texts(res) == [LEDE]


# -- 4. outlet, date and author of plain text ------------------------------------------------


def test_front_matter_names_the_article(cli_run, tmp_path, db_path):
    f = tmp_path / "crane.md"
    f.write_text("---\noutlet: Northern Ledger\ntitle: Crane collapse at the port\npublished: 2026-03-15\n"
                 "author: Ana Ruiz\nurl: https://ledger.example/crane\n---\n# Crane collapse at the port\n\n"
                 "The crane had not been inspected for three years, the port authority said.\n")
    assert cli_run("run", str(f)).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        art = dict(conn.execute("SELECT * FROM articles").fetchone())
        claims = [r[0] for r in conn.execute("SELECT text FROM claims")]
    assert (art["outlet"], art["title"], art["published"], art["author"], art["url"]) == (
        "Northern Ledger", "Crane collapse at the port", "2026-03-15", "Ana Ruiz", "https://ledger.example/crane")
    assert art["text"].startswith("# Crane collapse")  # the block is metadata, not text
    assert claims == ["The crane had not been inspected for three years, the port authority said."]


def test_bad_front_matter_is_named(tmp_path):
    f = tmp_path / "bad.md"
    f.write_text("---\noutlet: [unclosed\n---\nThe council approved the budget on Monday, officials said.\n")
    res = parse_file(f, f.read_bytes())
    assert not res.articles and "front matter" in res.problems[0].reason
    assert split_front_matter("No block here.\n") == ({}, "No block here.\n")


@pytest.mark.parametrize("line,author,outlet,published", [
    ("By Ana Ruiz, Northern Ledger, 15 March 2026", "Ana Ruiz", "Northern Ledger", "2026-03-15"),
    ("By Ana Ruiz and Tom Bell, Northern Ledger, March 15, 2026", "Ana Ruiz and Tom Bell", "Northern Ledger",
     "2026-03-15"),
    ("By Ana Ruiz | Coastal Herald | 2 April 2025", "Ana Ruiz", "Coastal Herald", "2025-04-02"),
    ("By Ana Ruiz for the Coastal Herald", "Ana Ruiz", "Coastal Herald", None),
    # not plainly an outlet: two people, a job title
    ("By Ana Ruiz, Tom Bell", "Ana Ruiz, Tom Bell", None, None),
    ("By Ana Ruiz, Senior Correspondent, 15 March 2026", "Ana Ruiz", None, "2026-03-15"),
])
def test_byline_lines(line, author, outlet, published):
    b = read_byline(line)
    assert (b.author, b.outlet, b.published) == (author, outlet, published)


def test_a_sentence_starting_with_by_is_no_byline():
    assert read_byline("By the time police arrived, the crowd had gone.") is None
    assert read_byline("By Monday, the council had approved the budget.") is None


def test_a_byline_names_a_plain_files_outlet_and_date(tmp_path):
    f = tmp_path / "crane.txt"
    text = ("Crane collapse at the port\n\nBy Ana Ruiz, Northern Ledger, 15 March 2026\n\n"
            "The crane had not been inspected for three years, the port authority said.\n")
    f.write_text(text)
    [art] = parse_file(f, f.read_bytes()).articles
    assert (art.outlet, art.author, art.published) == ("Northern Ledger", "Ana Ruiz", "2026-03-15")
    assert art.text == text  # the file's text unchanged, so offsets are offsets into it


def test_outlet_option_names_files_that_name_none(cli_run, tmp_path, db_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plain.txt").write_text(f"{LEDE}\n")
    (tmp_path / "in" / "named.json").write_text(json.dumps({"outlet": "Coastal Herald", "text": SECOND}))
    (tmp_path / "in" / "wire.txt").write_text(
        "ARNSBY, March 15 (Reuters) - The crane had not been inspected for three years, officials said.\n")
    assert cli_run("run", str(tmp_path / "in"), "--outlet", "Northern Ledger").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        got = dict(conn.execute("SELECT source_file, outlet FROM articles").fetchall())
        wire = conn.execute("SELECT wire FROM articles WHERE source_file LIKE '%wire.txt'").fetchone()[0]
    got = {Path(k).name: v for k, v in got.items()}
    # the file's own outlet wins; a wire credit names who wrote the copy, not who published it
    assert got == {"plain.txt": "Northern Ledger", "named.json": "Coastal Herald", "wire.txt": "Northern Ledger"}
    assert wire == "Reuters"
    res = cli_run("check", str(tmp_path / "in" / "plain.txt"), "--outlet", "Northern Ledger")
    assert {r["outlet"] for r in records(res)} == {"Northern Ledger"}
    # without --outlet the same plain file is unknown, as before
    assert {r["outlet"] for r in records(cli_run("check", str(tmp_path / "in" / "plain.txt")))} == {"unknown"}


def test_ingest_outlet_option_and_plural_counts(cli_run, tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text(f"{LEDE}\n")
    res = cli_run("ingest", str(f), "--outlet", "Northern Ledger")
    assert res.stdout.startswith("1 file read, 0 unchanged, 1 new article stored, 0 problems.")


def test_a_records_author_is_stored_and_exported(cli_run, tmp_path):
    f = tmp_path / "story.json"
    f.write_text(json.dumps({"title": "Arnsby floods", "outlet": "Northern Ledger", "author": "Ana Ruiz",
                             "text": LEDE}))
    assert cli_run("run", str(f)).exit_code == 0
    [art] = [json.loads(line) for line in cli_run("export", "articles").stdout.splitlines()]
    assert (art["author"], art["title"], art["text"]) == ("Ana Ruiz", "Arnsby floods", LEDE)
