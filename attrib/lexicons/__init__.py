"""Word lists, kept as data beside this file (the way spaCy keeps
`lang/en/stop_words.py` apart from the rules that read it), and one cached loader.

A `NAME.txt` list holds one entry a line, `#` starting a comment; `word_list` reads the
entries in lower case, `entries` as written and in order (case-sensitive or ordered
lists). A `NAME.tsv` table holds tab-separated rows, read by `table`; `cue_lexicon.tsv`
is the table `scripts/derive_cues.py` writes.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent


def path(name: str) -> Path:
    """The file of a lexicon: `path("cue_lexicon.tsv")`, `path("belief_verbs")` (.txt)."""
    return HERE / (name if "." in name else f"{name}.txt")


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of attrib/lexicons/NAME.txt, lower case."""
    with path(name).open(encoding="utf-8") as f:
        return frozenset(w for w in (line.split("#", 1)[0].strip().lower() for line in f) if w)


def names() -> list[str]:
    """Every word list there is (for the lint test)."""
    return sorted(p.stem for p in HERE.glob("*.txt"))


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of attrib/lexicons/NAME.txt as written: case and line order kept (for
    names whose case is the rule, "USA", and lists whose order is read, a regex's words)."""
    with path(name).open(encoding="utf-8") as f:
        return tuple(w for w in (line.split("#", 1)[0].strip() for line in f) if w)


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of attrib/lexicons/NAME.tsv: tab-separated fields, stripped, case and
    order kept; `#` starts a comment, blank lines are skipped."""
    with path(name if "." in name else f"{name}.tsv").open(encoding="utf-8") as f:
        rows = (line.split("#", 1)[0].rstrip("\n") for line in f)
        return tuple(tuple(x.strip() for x in r.split("\t")) for r in rows if r.strip())


def tables() -> list[str]:
    """Every table there is (.tsv), for the lint test."""
    return sorted(p.stem for p in HERE.glob("*.tsv"))
