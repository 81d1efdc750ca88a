"""Every input kind the contract lists, and every kind of bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from attrib.ingest.files import collect_paths, decode, InputError, read_file

ARTICLE = (
    "Harbour council approves new ferry timetable\n\n"
    "PORTSMOUTH (Reuters) - The harbour council on Tuesday approved a new ferry timetable "
    "that adds 14 crossings a week, its chair Ana Ruiz said.\n\n"
    "\"We listened to the islanders,\" Ruiz said.\n"
)


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_plain_text_is_kept_unchanged_with_title_and_credit(tmp_path):
    res = read_file(write(tmp_path, "a.txt", ARTICLE.replace("\n", "\r\n")))
    assert res.problems == []
    [art] = res.articles
    assert art.text == ARTICLE  # only line endings normalised: offsets are offsets into the file
    assert art.title == "Harbour council approves new ferry timetable"
    assert art.wire == "Reuters"
    assert art.outlet == "Reuters"


def test_markdown_is_read_like_text(tmp_path):
    [art] = read_file(write(tmp_path, "a.md", ARTICLE)).articles
    assert art.text == ARTICLE


def test_html_main_text_via_trafilatura(tmp_path):
    html = """<html><head><title>Ferry timetable approved | Harbour Times</title>
    <meta property="og:site_name" content="Harbour Times">
    <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
    <body><nav>Home | World | Sport | Subscribe</nav>
    <article><h1>Ferry timetable approved</h1>
    <p>The harbour council on Tuesday approved a new ferry timetable that adds 14 crossings a week,
    its chair Ana Ruiz said after a meeting that lasted most of the afternoon.</p>
    <p>"We listened to the islanders," Ruiz said, adding that the first new sailings would start in May
    and that fares would stay the same for residents of the two islands.</p></article>
    <footer>Copyright Harbour Times. All rights reserved.</footer></body></html>"""
    res = read_file(write(tmp_path, "page.html", html))
    assert res.problems == []
    [art] = res.articles
    assert "adds 14 crossings a week" in art.text
    assert "We listened to the islanders" in art.text
    assert "Subscribe" not in art.text and "Copyright" not in art.text
    assert art.outlet == "Harbour Times"
    assert art.published == "2024-03-05"


def test_json_object_list_and_jsonl(tmp_path):
    rec = {"text": ARTICLE, "title": "Ferry", "outlet": "Harbour Times", "url": "https://example.org/a",
           "published": "5 March 2024"}
    [one] = read_file(write(tmp_path, "one.json", json.dumps(rec))).articles
    assert (one.outlet, one.title, one.url, one.published) == ("Harbour Times", "Ferry", "https://example.org/a", "2024-03-05")
    assert one.text == ARTICLE
    many = read_file(write(tmp_path, "many.json", json.dumps([rec, {**rec, "text": "Second story text here."}])))
    assert [a.text for a in many.articles] == [ARTICLE, "Second story text here."]
    lines = read_file(write(tmp_path, "a.jsonl", json.dumps(rec) + "\n\n" + json.dumps({"text": "Other.", "url": "https://www.news.example.com/x"}) + "\n"))
    assert len(lines.articles) == 2
    assert lines.articles[1].outlet == "news.example.com"  # from the URL when no outlet is given


def test_latin1_file_is_decoded_by_detection(tmp_path):
    text = "Le ministre a déclaré que la réforme était nécessaire, selon l'Agence France-Presse. " * 3
    res = read_file(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert res.problems == []
    assert "déclaré" in res.articles[0].text


@pytest.mark.parametrize("name,data,reason", [
    ("bin.txt", bytes(range(256)) * 4, "binary"),
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n ", "empty file"),
    ("broken.json", b'{"text": "unterminated', "malformed JSON"),
    ("notext.json", b'{"title": "no body"}', "missing 'text'"),
    ("number.json", b'{"text": 42}', "'text' must be a string"),
    ("page.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
])
def test_bad_files_are_named_with_a_reason(tmp_path, name, data, reason):
    res = read_file(write(tmp_path, name, data))
    assert res.articles == []
    assert len(res.problems) == 1
    assert res.problems[0].path.endswith(name)
    assert reason in res.problems[0].reason


def test_jsonl_bad_line_does_not_lose_the_good_ones(tmp_path):
    data = "\n".join([json.dumps({"text": "Good one."}), json.dumps({"title": "no text"}), "{broken", json.dumps({"text": "Good two."})])
    res = read_file(write(tmp_path, "feed.jsonl", data))
    assert [a.text for a in res.articles] == ["Good one.", "Good two."]
    assert [p.reason.split(":")[0] for p in res.problems] == ["line 2", "line 3"]


def test_undecodable_bytes_are_reported():
    with pytest.raises(InputError):
        decode(b"\x00\x01\x02\x03garbage")


def test_directories_are_walked_and_unsupported_files_named(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.json", json.dumps({"text": ARTICLE}))
    write(tmp_path, "README.md", "# about this folder")
    write(tmp_path, ".hidden.txt", "x")
    write(tmp_path, "image.png", b"\x89PNG")
    files, problems = collect_paths([tmp_path, tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["a.txt", "b.json"]
    assert sorted(Path(p.path).name for p in problems) == ["image.png", "missing.txt"]
