"""Records of source resolution (roles, entities, mentions, the index) and the
resolver's word lists (attrib/lexicons/), shared by its passes: the mention index
(`index`, `linker`, `roles`) and the source resolution (`pronouns`, `named`, `resolve`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from attrib.analysis.extensions import doc_quotes
from attrib.analysis.sources.types import (
    FEMALE_WORDS, MALE_WORDS, PRONOUNS, clean_source_text,
)
from attrib.lexicons import table, word_list

__all__ = ["PRONOUNS", "Role", "Entity", "Mention", "Index", "find_quotes"]


NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
EXTRA_LABELS = ("LOC", "FAC", "WORK_OF_ART", "PRODUCT")  # kept only when they name an outlet

# Group nouns that take "they" (and are no office): "the two leaders", "protesters".
GROUP_HEADS = word_list("group_nouns")
ROLE_NORMAL = dict(table("role_synonyms"))  # spokesman -> spokesperson, sen -> senator
_ABBREV_NO_SPLIT = word_list("abbreviations_no_split")
_JUNK_IN_NAME = word_list("name_junk_words")
ROLE_EXPAND = {w: tuple(words.split()) for w, words in table("role_abbreviations")}  # cm -> chief minister
ROLE_STOP = word_list("role_stop_words")
# People who hold no office: "the candidate", "the billionaire", "his wife".
_PERSON_NOUNS = word_list("person_nouns")
REPORT_NOUNS = word_list("report_nouns")  # "the report said": whoever reported


@dataclass(frozen=True)
class Role:
    core: frozenset[str]  # title words, normalised: {"defence", "minister"}
    qual: frozenset[str]  # nationality/place stems: {"iran"}
    text: str  # as written, for display: "Iranian Defence Minister"


@dataclass
class Entity:
    id: int
    kind: str  # person | org | gpe | norp | nominal
    stype: str  # one of SOURCE_TYPES
    name: str | None = None  # fullest proper name seen
    label: str | None = None  # NER label of the first named mention
    tokens: tuple[str, ...] = ()  # normalised name words
    display_nominal: str | None = None  # for unnamed entities: "Chinese Foreign Affairs Ministry spokesperson"
    gender: str | None = None
    plural: bool = False
    roles: list[Role] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # mention start offsets, ascending
    subj_positions: list[int] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=dict)
    source_positions: list[int] = field(default_factory=list)  # where it was resolved as a source
    holder: bool = False  # listed in the linker's role holders

    @property
    def display(self) -> str | None:
        return self.name or self.display_nominal

    def count_before(self, pos: int) -> int:
        return bisect.bisect_left(self.positions, pos)


@dataclass
class Mention:
    start: int
    end: int
    t0: int  # token range [t0, t1)
    t1: int
    sent: int
    kind: str  # name | nominal
    subj: bool
    quoted: bool
    text: str
    label: str | None = None
    role: Role | None = None
    definite: bool = False
    head: str = ""  # lemma of the head noun (nominals)
    plural: bool = False
    root: int = -1  # token index of the head
    gender_hint: str | None = None  # from an honorific or gendered title before the name
    ambiguous: bool = False  # a bare surname shared by several entities
    affil: str = ""  # a member noun's institution after it: "for the Foreign Ministry"
    entity: Entity | None = None


@dataclass
class Index:
    """Every mention of a doc linked to entities, plus what the resolver looks up."""

    doc: Any
    mentions: list[Mention]
    starts: list[int]  # mention start offsets (sorted), for bisect
    entities: list[Entity]
    sent_of_token: list[int]
    sent_starts: list[int]  # char offset of each sentence start
    quotes: list[tuple[int, int]]
    reports: list[tuple[int, Entity]]  # (offset, entity) of "X reported", "a Reuters report"
    by_token: dict[int, Mention] = field(default_factory=dict)
    adhoc: dict[str, Entity] = field(default_factory=dict)  # named sources the tagger missed
    report_starts: list[int] = field(default_factory=list)
    linker: Any = None

    def sent_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def mention_at(self, token_i: int) -> Mention | None:
        return self.by_token.get(token_i)


@dataclass
class _State:
    prev: Entity | None = None  # the previous attribution's resolved referent
    prev_pos: int = -1
    prev_sent: int = -1


# --- quotes -----------------------------------------------------------------------------------

def find_quotes(doc: Any) -> list[tuple[int, int]]:
    """Character ranges of the doc's direct quotes, marks included (attrib.text.quotes)."""
    return [q.with_marks for q in doc_quotes(doc)]


def _in_ranges(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


# --- text helpers -----------------------------------------------------------------------------

def _display_name(text: str) -> str:
    s = clean_source_text(text)
    s = re.sub(r"\s*\([^)]*\)?$", "", s)  # "Shanghai Cooperation Organisation (SCO"
    return " ".join(s.split())


def _gendered(text: str) -> bool:
    ws = set(re.findall(r"\w+", text.lower()))
    return bool(ws & (FEMALE_WORDS | MALE_WORDS))


def _has_cap(text: str) -> bool:
    return any(w[:1].isupper() for w in re.findall(r"[\w']+", text)[1:]) or (
        bool(re.match(r"[A-Z]", text)) and not re.match(r"(?i)(the|a|an|this|that)\b", text))
