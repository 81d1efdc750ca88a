"""The command line as a user drives it, on the bundled seed page."""
from __future__ import annotations

import csv
import io
import json
import os
import sys


from conftest import SEED, assert_contract


def export(cli_run, table: str, fmt: str = "jsonl"):
    res = cli_run("export", table, "--format", fmt)
    assert res.exit_code == 0, res.stderr
    if fmt == "jsonl":
        return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    if fmt == "json":
        return json.loads(res.stdout)
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_run_on_the_seed_page_stores_its_four_articles(cli_run):
    res = cli_run("run", str(SEED.parent))
    assert res.exit_code == 0, res.stderr
    articles = export(cli_run, "articles")
    assert [a["outlet"] for a in articles] == ["ANI", "Time of India", "India.com", "Indian Express"]
    assert articles[0]["republished_by"] == "Daily8"
    assert articles[0]["title"].startswith("Rajnath Singh discusses supply of S-400 systems")
    assert all(a["title"] and a["text"] for a in articles)
    assert all(a["source_file"].endswith("000_aaeb28f7ea0886f0.txt") for a in articles)
    claims = export(cli_run, "claims")
    assert len(claims) > 40
    for c in claims:
        body = next(a["text"] for a in articles if a["article_id"] == c["article_id"])
        assert body[c["start"]:c["end"]] == c["text"]
    assert "4 articles" in res.stdout


def test_a_second_run_adds_nothing_and_keeps_ids(cli_run):
    assert cli_run("run", str(SEED)).exit_code == 0
    first = {t: export(cli_run, t) for t in ("articles", "claims", "attributions", "outlets")}
    again = cli_run("run", str(SEED))
    assert again.exit_code == 0
    assert "0 new" in again.stdout
    assert {t: export(cli_run, t) for t in first} == first


def test_stages_one_at_a_time_match_run(cli_run, tmp_path):
    assert cli_run("ingest", str(SEED)).exit_code == 0
    assert export(cli_run, "claims") == []
    assert cli_run("analyze").exit_code == 0
    assert cli_run("link").exit_code == 0
    staged = export(cli_run, "claims")
    other = tmp_path / "other.db"
    assert cli_run("run", str(SEED), db=other).exit_code == 0
    assert export(lambda *a: cli_run(*a, db=other), "claims") == staged


def test_export_formats_and_output_file(cli_run, tmp_path):
    cli_run("run", str(SEED))
    as_json = export(cli_run, "articles", "json")
    as_csv = export(cli_run, "articles", "csv")
    assert [a["article_id"] for a in as_json] == [a["article_id"] for a in as_csv]
    claims_csv = export(cli_run, "claims", "csv")
    assert json.loads(claims_csv[0]["attributions"]) == []  # nested values are JSON strings
    out = tmp_path / "claims.jsonl"
    res = cli_run("export", "claims", "-o", str(out))
    assert res.exit_code == 0
    assert len(out.read_text().splitlines()) == len(claims_csv)


def test_check_prints_claim_records_without_a_database(cli_run, tmp_path):
    db = tmp_path / "never.db"
    text = "The council approved 14 new crossings a week on Tuesday.\nWhat next?\n\nFerries will start in May 2025, officials said.\n"
    res = cli_run("check", "--lines", "-", input=text, db=db)
    assert res.exit_code == 0, res.stderr
    recs = [json.loads(l) for l in res.stdout.splitlines()]
    assert [r["article_id"] for r in recs] == ["1", "4"]  # the question line holds no claim
    assert recs[0]["text"] == "The council approved 14 new crossings a week on Tuesday."
    assert "cluster_id" not in recs[0]
    assert not db.exists()
    whole = cli_run("check", str(SEED), db=db)
    assert whole.exit_code == 0 and len(whole.stdout.splitlines()) > 40
    # `echo "one sentence" | attrib check`: a text that is one line is not a headline
    one = cli_run("check", "-", input="The minister said on Monday that 40 people were injured.\n", db=db)
    assert [json.loads(l)["status"] for l in one.stdout.splitlines()] == ["sourced"]


def test_db_path_option_and_environment(cli_run, tmp_path, monkeypatch):
    assert cli_run("db", "path", db=tmp_path / "x.db").stdout.strip() == str(tmp_path / "x.db")
    monkeypatch.setenv("ATTRIB_DB", str(tmp_path / "env.db"))
    assert cli_run("db", "path", db=None).stdout.strip() == str(tmp_path / "env.db")
    monkeypatch.delenv("ATTRIB_DB")
    assert cli_run("db", "path", db=None).stdout.strip().endswith("attrib.db")


def test_tui_without_a_terminal_says_so_and_exits_1(cli_run):
    res = cli_run("tui")
    assert res.exit_code == 1
    assert res.stdout == ""
    assert "needs a terminal" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_every_contract_command_has_help(cli_run):
    for cmd in ["run", "ingest", "analyze", "link", "check", "flag", "compare", "export", "tui"]:
        res = cli_run(cmd, "--help", db=None)
        assert res.exit_code == 0 and "--db" in res.stdout, cmd
    assert cli_run("-h", db=None).exit_code == 0


def test_usage_error_exits_2(cli_run):
    assert cli_run("export", "nonsense").exit_code == 2


def test_bad_inputs_are_named_the_rest_is_stored(cli_run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Council approves ferry plan\n\nThe council approved the plan on Tuesday, its chair said.\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.json").write_text('{"text": ')
    (folder / "feed.jsonl").write_text(json.dumps({"text": "A good line with a story in it."}) + "\n" + json.dumps({"title": "x"}) + "\n")
    (folder / "latin.txt").write_bytes("Le ministre a déclaré que la réforme était nécessaire, a-t-il dit mardi.".encode("latin-1"))
    res = cli_run("run", str(folder))
    assert res.exit_code == 1
    errors = res.stderr.strip().splitlines()
    named = {os.path.basename(line.split(":")[1].strip()) for line in errors}
    assert named == {"binary.txt", "empty.txt", "broken.json", "feed.jsonl"}
    assert "Traceback" not in res.stderr
    texts = [a["text"] for a in export(cli_run, "articles")]
    assert len(texts) == 3
    assert any("déclaré" in t for t in texts)
    # a second run names the same problems again and stores nothing twice
    again = cli_run("run", str(folder))
    assert again.exit_code == 1 and len(again.stderr.strip().splitlines()) == len(errors)
    assert len(export(cli_run, "articles")) == 3


def test_unexpected_errors_are_one_line_unless_debug(cli_run, tmp_path):
    bad = tmp_path / "notadb.db"
    bad.write_bytes(b"this is not a sqlite database at all" * 100)
    res = cli_run("export", "articles", db=bad)
    assert res.exit_code == 1
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_python_dash_m_and_check_contract(cli_run, db_path):
    cli_run("run", str(SEED))
    assert_contract(db_path, attrib_cmd=f"{sys.executable} -m attrib")


def test_flag_on_an_empty_database_says_nothing_needs_a_source(cli_run):
    res = cli_run("flag")
    assert res.exit_code == 0 and "No claims need a source" in res.stdout
    assert cli_run("flag", "--format", "jsonl").stdout == ""
