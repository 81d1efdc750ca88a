"""Lint of the word lists in attrib/lexicons/: each says what it is for, no entry is
listed twice in one list, and no entry is in two lists meant to exclude each other."""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from attrib import lexicons

# Lists meant to exclude each other: an entry in two of them is read two contradictory
# ways (a first name of either gender belongs in first_names_unisex).
EXCLUSIVE = [
    ("first_names_male", "first_names_female", "first_names_unisex"),
    ("male_words", "female_words"),
    ("government_words", "organisation_words"),
]
# Tables written by a script, with a header row instead of a comment.
GENERATED_TABLES = {"cue_lexicon"}


def raw_entries(name: str) -> list[str]:
    """Every entry of a .txt list as the loader reads it (lower case), repeats kept."""
    lines = lexicons.path(name).read_text(encoding="utf-8").splitlines()
    return [w for w in (line.split("#", 1)[0].strip().lower() for line in lines) if w]


@pytest.mark.parametrize("name", lexicons.names())
def test_a_list_says_what_it_is_for(name):
    first = lexicons.path(name).read_text(encoding="utf-8").lstrip().split("\n", 1)[0]
    assert first.startswith("#"), f"{name}.txt: no header comment"
    assert raw_entries(name), f"{name}.txt: empty"


@pytest.mark.parametrize("name", lexicons.names())
def test_no_entry_listed_twice(name):
    assert sorted(w for w, n in Counter(raw_entries(name)).items() if n > 1) == []


@pytest.mark.parametrize("name", sorted(set(lexicons.tables()) - GENERATED_TABLES))
def test_a_table_says_what_it_is_for_and_keys_each_row_once(name):
    text = lexicons.path(f"{name}.tsv").read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name}.tsv: no header comment"
    rows = lexicons.table(name)
    assert rows and len({len(r) for r in rows}) == 1, f"{name}.tsv: rows of different widths"
    assert sorted(k for k, n in Counter(r[0].lower() for r in rows).items() if n > 1) == []


@pytest.mark.parametrize("group", EXCLUSIVE, ids="/".join)
def test_exclusive_lists_share_no_entry(group):
    shared = {f"{a} & {b}": sorted(set(raw_entries(a)) & set(raw_entries(b))) for a, b in combinations(group, 2)}
    assert {k: v for k, v in shared.items() if v} == {}


def test_the_pronoun_table_is_well_formed():
    for word, person, gender, number, stype in lexicons.table("pronouns"):
        assert word == word.lower()
        assert person in ("0", "1", "3", "-") and gender in ("m", "f", "n", "-") and number in ("sg", "pl", "-")
        assert stype in ("person", "unknown", "-")


def test_loaders_keep_case_and_order_where_asked(tmp_path, monkeypatch):
    (tmp_path / "demo.txt").write_text("# a header\nZeta  # a comment\nalpha\n\nBeta\n", encoding="utf-8")
    (tmp_path / "demo.tsv").write_text("# a header\nUS\tus  # a comment\nUK\tuk\n", encoding="utf-8")
    monkeypatch.setattr(lexicons, "HERE", tmp_path)
    for f in (lexicons.word_list, lexicons.entries, lexicons.table):
        f.cache_clear()
    try:
        assert lexicons.word_list("demo") == frozenset({"zeta", "alpha", "beta"})
        assert lexicons.entries("demo") == ("Zeta", "alpha", "Beta")
        assert lexicons.table("demo") == (("US", "us"), ("UK", "uk"))
    finally:
        for f in (lexicons.word_list, lexicons.entries, lexicons.table):
            f.cache_clear()
