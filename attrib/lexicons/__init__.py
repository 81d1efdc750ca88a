"""Word lists, kept as data beside this file (the way spaCy keeps
`lang/en/stop_words.py` apart from the rules that read it), and one cached loader.

A `NAME.txt` list holds one entry a line, `#` starting a comment; entries are read in
lower case. `cue_lexicon.tsv` is the table `scripts/derive_cues.py` writes.
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
