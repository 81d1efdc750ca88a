"""Who a source is, within its article: "he" -> Israel Katz, "Singh" -> Rajnath Singh,
"the chief minister" -> Pushkar Singh Dhami, "the report" -> South China Morning Post.

Why: a claim attributed to "he" or "the spokesperson" tells the reader nothing until it
is tied to the name the article gave earlier. No coreference package is used; this is a
small rule-based resolver built for attribution sources.

How (two linear passes over one parsed Doc):

A. Mention index. Named mentions are the PERSON/ORG/GPE/NORP entities (LOC/FAC only
   when they name an outlet), split at a stray sentence period and with titles peeled
   off ("Defence Minister Rajnath Singh" -> name "Rajnath Singh", role "Defence
   Minister"). Titles are read from the words before a name ("Uttarakhand chief
   minister Pushkar Singh Dhami"), from apposition ("the Chinese Defence Minister,
   Admiral Dong Jun", "Rajnath Singh, the defence minister") and from a title inside
   the entity ("CM Dhami"). Nominal mentions are noun chunks headed by an office,
   member, document, organisation or group noun ("a Chinese Foreign Affairs Ministry
   spokesperson", "the report", "officials"). Walking in text order, each mention is
   linked to an entity: a name to the entity with the same full name, or whose last
   name (or, for PERSON, first name) it is, the most recently mentioned first; an
   acronym to the name it abbreviates; a definite office ("the chief minister",
   "the Iranian Defence Minister") to the entity holding the best-matching role
   (every word of the anaphor's title in the holder's, nationality words must
   agree, fewer extra words is better, then recency); a qualified office with no
   holder on record ("the Florida senator", "the billionaire") to the person last
   named as a subject; a nominal in apposition to a name ("Fiorina, the former CEO")
   to that name. Names the tagger missed are caught when they start with a known
   first name ("Ana Ruiz"), or, when they are a source, added as they are met.
   Coordinated names ("Ana Ruiz and Tom Berg") also make a plural group for "they".
   Gender comes from honorifics, gendered titles, a small first-name list, and
   he/his vs she/her in sentences that name one person unambiguously.
B. Sources. Attributions are resolved in the order of their source spans, so a
   pronoun can use the previous attribution's resolved source:
   - a named source -> its entity's fullest name, titles/determiners/'s dropped;
   - a definite office or "the spokesperson" -> the role's holder (or the earlier
     unnamed phrase, "Chinese Foreign Affairs Ministry spokesperson");
   - "the report" -> the last outlet or body that reported ("X reported that ...",
     "a Reuters report"); nothing named -> unresolved, type document;
   - he/she -> a person entity, scored by recency (sentences back), subject
     position, salience (mentions so far), being the previous attribution's source
     (less so when someone else was a subject since), a source lately, not only
     quoted, a person introduced as the subject of the sentence just before a
     sentence-initial pronoun, and gender agreement (a mismatch excludes);
   - it -> organisations, outlets, bodies, documents, countries; they -> groups,
     plural nominals, organisations, nationalities; both prefer the previous source;
   - who -> the noun its relative clause hangs on; I/we -> the source of the
     attribution whose content holds the pronoun (its `parent`, or containment);
     outside any quote, I/we is the author: unresolved.
   `source_type` comes from the referent (or `attrib.analysis.sources.types.source_type` on
   the source text when nothing was resolved).

Everything is linear in the number of tokens and mentions: pronouns look back over a
bounded window of mentions (about 10 ms an article on PolNeAR dev, 5% of the parse).

Measured with `scripts/eval_resolution.py` (see `pronoun_eval` at the end).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from attrib.types import Attribution
from attrib.analysis.extensions import doc_ents, doc_headline, doc_quotes, doc_text, ents_in
from attrib.analysis.sources.types import (
    DOCUMENT_HEADS, DOMAIN_WORDS, FEMALE_WORDS, GOV_BODIES, HONORIFICS, MALE_WORDS, MEMBER_HEADS,
    ORG_WORDS, TITLE_HEADS, clean_source_text, gender_of_name, is_media_name, norm_word,
    source_type, FIRST_NAMES_FEMALE, FIRST_NAMES_MALE,
)

NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
EXTRA_LABELS = ("LOC", "FAC", "WORK_OF_ART", "PRODUCT")  # kept only when they name an outlet

# pronoun -> (person, gender, number); gender m/f/n (neuter), number sg/pl
PRONOUNS: dict[str, tuple[int, str | None, str | None]] = {
    "he": (3, "m", "sg"), "him": (3, "m", "sg"), "his": (3, "m", "sg"), "himself": (3, "m", "sg"),
    "she": (3, "f", "sg"), "her": (3, "f", "sg"), "hers": (3, "f", "sg"), "herself": (3, "f", "sg"),
    "it": (3, "n", "sg"), "its": (3, "n", "sg"), "itself": (3, "n", "sg"),
    "they": (3, None, "pl"), "them": (3, None, "pl"), "their": (3, None, "pl"),
    "themselves": (3, None, "pl"),
    "i": (1, None, "sg"), "me": (1, None, "sg"), "my": (1, None, "sg"),
    "we": (1, None, "pl"), "us": (1, None, "pl"), "our": (1, None, "pl"),
    "who": (0, None, None), "whom": (0, None, None), "which": (0, None, None),
    "that": (0, None, None),
}

# Group nouns that take "they" (and are no office): "the two leaders", "protesters".
GROUP_HEADS = frozenset("""
leaders officials people protesters protestors residents students workers farmers voters
members supporters critics experts analysts researchers scientists doctors lawyers
investigators officers troops soldiers police authorities democrats republicans
militants rebels activists families victims witnesses organisers organizers parents
""".split())
ROLE_NORMAL = {"defense": "defence", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
               "spokespersons": "spokesperson", "spokesmen": "spokesperson",
               "spokeswomen": "spokesperson", "ministers": "minister", "govt": "government",
               "secy": "secretary", "organization": "organisation", "centre": "center",
               "labor": "labour", "gov": "governor", "sen": "senator", "rep": "representative",
               "reps": "representative", "gen": "general", "lt": "lieutenant", "col": "colonel",
               "adm": "admiral", "sec": "secretary", "pres": "president", "capt": "captain",
               "sgt": "sergeant", "amb": "ambassador", "supt": "superintendent"}
_FIRST_NAMES = FIRST_NAMES_MALE | FIRST_NAMES_FEMALE
_ABBREV_NO_SPLIT = frozenset("mr mrs ms dr st jr sr mt ft gov sen rep gen lt col sgt capt adm supt amb "
                             "sec pres prof rev hon cmdr insp no vs".split())
_JUNK_IN_NAME = frozenset("not may have has is are was were will wants says said to be can could would "
                          "should does did how why what".split())
ROLE_EXPAND = {"cm": ("chief", "minister"), "pm": ("prime", "minister"),
               "fm": ("foreign", "minister"), "hm": ("home", "minister"),
               "mea": ("external", "affairs", "ministry")}
ROLE_STOP = frozenset("the a an of and 's ’s his her their its our this that former then new "
                      "current top senior".split())
LEAD_SUBJECT_BONUS = 2.0
WINDOW_MENTIONS = 80  # how far back (in mentions) a pronoun looks
WINDOW_SENTS = 12


# --- small helpers --------------------------------------------------------------------------

def _role_words(words: Iterable[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        w = norm_word(w)
        if not w or w in ROLE_STOP:
            continue
        if w in ROLE_EXPAND:
            out.extend(ROLE_EXPAND[w])
        else:
            out.append(ROLE_NORMAL.get(w, w))
    return out


def _place(w: str) -> str:
    """A nationality or place word reduced to a stem: Iranian/Iran -> iran."""
    w = norm_word(w)
    if w in ("us", "u.s", "usa", "american", "america", "united"):
        return "us"
    if w in ("uk", "u.k", "british", "britain"):
        return "uk"
    return w[:4] if len(w) >= 4 else w


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


# --- quotes -----------------------------------------------------------------------------------

def find_quotes(doc: Any) -> list[tuple[int, int]]:
    """Character ranges of the doc's direct quotes, marks included (attrib.text.quotes)."""
    return [q.with_marks for q in doc_quotes(doc)]


def _in_ranges(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


# --- building the index -----------------------------------------------------------------------

_TITLE_SCAN = TITLE_HEADS | DOMAIN_WORDS | HONORIFICS | {"of", "state", "affairs", "foreign"}
_PLACE_LABELS = {"NORP", "GPE"}


def _is_title_word(tok: Any) -> bool:
    w = norm_word(tok.text)
    return w in TITLE_HEADS or w in HONORIFICS or w in ROLE_EXPAND


def _role_from_tokens(toks: list[Any]) -> Role | None:
    """A role from title tokens ("Israeli Defence Minister"), or None without an office word."""
    core, qual, kept = [], [], []
    for t in toks:
        if t.text in ("'s", "’s", ",") or t.is_space:
            continue
        w = norm_word(t.text)
        if t.ent_type_ in _PLACE_LABELS or (t.pos_ == "PROPN" and w not in _TITLE_SCAN
                                            and w not in ROLE_EXPAND):
            if t.ent_type_ in ("PERSON",):
                continue
            qual.append(_place(t.text))
        else:
            core.extend(_role_words([t.text]))
        kept.append(t)
    if not any(w in TITLE_HEADS or w in HONORIFICS or w in ("chief", "prime") for w in core):
        return None
    text = " ".join(t.text for t in kept if t.lower_ not in ("the", "a", "an"))
    return Role(frozenset(core), frozenset(qual), text)


def _left_title(doc: Any, start: int, limit: int) -> list[Any]:
    """Title tokens right before token `start` ("Uttarakhand chief minister", "Admiral")."""
    toks: list[Any] = []
    i = start - 1
    while i >= limit:
        t = doc[i]
        w = norm_word(t.text)
        if t.is_space or (t.is_punct and t.text not in ("-",)):
            break
        if w in _TITLE_SCAN or w in ROLE_EXPAND:
            if w == "of" and not toks:
                break
            toks.append(t)
        elif t.text in ("'s", "’s") and toks:
            toks.append(t)
        elif toks and (t.ent_type_ in _PLACE_LABELS or t.ent_type_ == "ORG" or t.pos_ == "PROPN"
                       or (t.pos_ == "ADJ" and t.text[:1].isupper())):
            toks.append(t)
        else:
            break
        i -= 1
    toks.reverse()
    # leading "of"/'s/place words are only kept when a title word follows them
    while toks and norm_word(toks[0].text) in ("of",):
        toks = toks[1:]
    return toks


def _chunk_role(chunk: Any) -> Role | None:
    toks = [t for t in chunk if t.dep_ not in ("det", "predet") and t.pos_ not in ("DET",)
            and not (t.pos_ == "PRON")]
    # "the Defence Minister of Russia": the of-phrase qualifies the role
    root = chunk.root
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "NORP", "ORG"):
                    toks.extend(t for t in g.subtree if not t.is_punct)
    return _role_from_tokens(toks)


class _Linker:
    """Links mentions to entities in text order (pass A)."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.by_full: dict[tuple[str, ...], Entity] = {}
        self.by_last: dict[str, list[Entity]] = {}
        self.by_first: dict[str, list[Entity]] = {}
        self.by_acronym: dict[str, Entity] = {}
        self.by_bag: dict[frozenset[str], Entity] = {}
        self.recent_persons: list[Entity] = []  # the last few persons mentioned, latest last
        self.role_holders: list[Entity] = []  # entities with a role, in order of creation

    def seen(self, e: Entity) -> None:
        """Bookkeeping after a mention of `e` was linked."""
        if e.kind == "person":
            if e in self.recent_persons:
                self.recent_persons.remove(e)
            self.recent_persons.append(e)
            del self.recent_persons[:-8]
        if e.roles and not e.holder:
            e.holder = True
            self.role_holders.append(e)

    def new(self, kind: str, stype: str, **kw: Any) -> Entity:
        e = Entity(id=len(self.entities), kind=kind, stype=stype, **kw)
        self.entities.append(e)
        return e

    @staticmethod
    def _recent(cands: list[Entity]) -> Entity | None:
        return max(cands, key=lambda e: (e.positions[-1] if e.positions else -1, len(e.tokens)),
                   default=None)

    def index_name(self, e: Entity) -> None:
        self.by_full[e.tokens] = e
        if e.kind == "person" or (e.kind != "gpe" and len(e.tokens) >= 2):
            self.by_last.setdefault(e.tokens[-1], [])
            if e not in self.by_last[e.tokens[-1]]:
                self.by_last[e.tokens[-1]].append(e)
        if e.kind == "person" and len(e.tokens) >= 2:
            lst = self.by_first.setdefault(e.tokens[0], [])
            if e not in lst:
                lst.append(e)
        if e.kind in ("org",):
            caps = [w for w in e.name.split() if w[:1].isupper() and w.lower() not in ("of", "the", "and")]
            if len(caps) >= 2:
                self.by_acronym.setdefault("".join(w[0] for w in caps).lower(), e)
            self.by_bag.setdefault(frozenset(e.tokens) - {"of", "the", "and"}, e)

    def link_name(self, m: Mention, words: list[str], label: str) -> Entity:
        toks = tuple(words)
        e = self.by_full.get(toks)
        if e is None and label != "PERSON" and len(toks) == 1 and toks[0] in self.by_acronym:
            e = self.by_acronym[toks[0]]
        if e is None and label == "ORG":
            e = self.by_bag.get(frozenset(toks) - {"of", "the", "and"})
        if len(toks) == 1 and (e is None or (e.kind != "person" and label in ("PERSON", "ORG", "GPE"))):
            # a surname ("Singh", even if tagged GPE) or a first name ("Rajnath")
            cands = [c for c in self.by_last.get(toks[0], []) if c.kind == "person"
                     and (m.gender_hint is None or c.gender in (None, m.gender_hint))]  # "Mrs. Clinton"
            if not cands and e is None:
                cands = [c for c in self.by_last.get(toks[0], []) if label != "PERSON"]
            if not cands and label == "PERSON":
                cands = list(self.by_first.get(toks[0], []))
            if len(cands) > 1:
                m.ambiguous = True  # "Scott" with two Scotts in the article
            e = self._recent(cands) or e
            if e is not None and e.kind == "person" and m.gender_hint and e.gender not in (None, m.gender_hint):
                e = None
        if e is None and len(toks) >= 2 and label == "PERSON":
            # "Donald Trump" after a "Trump" the tagger took for an organisation: one entity
            old = self.by_full.get(toks[-1:])
            if old is not None and old.kind in ("org", "gpe") and old.stype == "organization" \
                    and len(old.tokens) == 1:
                old.kind, old.stype, old.label = "person", "person", "PERSON"
                e = old
        if e is None and len(toks) >= 2 and label in ("PERSON", "ORG", "GPE"):
            # "Donald J. Trump" after "Donald Trump"; a full name after a bare surname;
            # "Keith Lamont Scott" tagged ORG after the PERSON "Keith Lamont Scott"
            for c in self.by_last.get(toks[-1], []):
                if c.kind == "person" and (set(c.tokens) <= set(toks) or set(toks) <= set(c.tokens)):
                    e = c
                    break
        if e is None and len(toks) in (2, 3) and label in ("ORG", "GPE") and not m.quoted \
                and (toks[0] in FIRST_NAMES_MALE or toks[0] in FIRST_NAMES_FEMALE) \
                and not is_media_name(m.text) and source_type(m.text, ent_label="ORG") == "organization" \
                and not any(w in ORG_WORDS for w in toks):
            label = "PERSON"  # "Keith Lamont Scott" read as an organisation
        if e is None:
            kind = {"PERSON": "person", "GPE": "gpe", "NORP": "norp"}.get(label, "org")
            if kind == "org" and is_media_name(m.text):
                stype = "media"
            elif kind == "person":
                stype = "person"
            elif kind == "gpe":
                stype = "government"
            elif kind == "norp":
                stype = "unknown"
            else:
                stype = source_type(m.text, ent_label="ORG")
            e = self.new(kind, stype, name=_display_name(m.text), label=label, tokens=toks,
                         plural=kind == "norp")
            if kind == "person":
                e.gender = gender_of_name(m.text)
            self.index_name(e)
        else:
            if len(toks) > len(e.tokens) and e.kind == "person" and label == "PERSON" and not m.quoted \
                    and (len(e.tokens) == 1 or (toks[0] == e.tokens[0] and toks[-1] == e.tokens[-1])):
                # a fuller form ("Donald J. Trump"), not a headline ("Rip Donald Trump")
                e.tokens = toks
                e.name = _display_name(m.text)
                self.index_name(e)
                if e.gender is None:
                    e.gender = gender_of_name(m.text)
        return e


def _display_name(text: str) -> str:
    s = clean_source_text(text)
    s = re.sub(r"\s*\([^)]*\)?$", "", s)  # "Shanghai Cooperation Organisation (SCO"
    return " ".join(s.split())


def _strip_title_tokens(toks: list[Any]) -> tuple[list[Any], list[Any]]:
    """(title tokens, name tokens) of an entity's tokens: "CM Dhami" -> ([CM], [Dhami])."""
    i = 0
    while i < len(toks) - 1 and (norm_word(toks[i].text) in _TITLE_SCAN or norm_word(toks[i].text) in ROLE_EXPAND
                                 or toks[i].lower_ in ("the",) or toks[i].ent_type_ in _PLACE_LABELS and i + 1 < len(toks)
                                 and norm_word(toks[i + 1].text) in _TITLE_SCAN):
        i += 1
    title = toks[:i]
    if title and not any(_is_title_word(t) for t in title):
        return [], toks
    return title, toks[i:]


def build_index(doc: Any) -> Index:
    """Pass A: mentions, entities, report events, quotes, sentence map of one Doc."""
    text = doc_text(doc)
    sent_of_token = [0] * len(doc)
    sent_starts: list[int] = []
    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    if has_sents:
        for si, sent in enumerate(doc.sents):
            sent_starts.append(sent.start_char)
            for i in range(sent.start, sent.end):
                sent_of_token[i] = si
    else:
        sent_starts = [0]
    quotes = find_quotes(doc)
    q_starts = [a for a, _ in quotes]
    has_dep = doc.has_annotation("DEP")

    def quoted(pos: int) -> bool:
        return _in_ranges(quotes, q_starts, pos)

    def is_subj(tok: Any) -> bool:
        return tok.dep_ in ("nsubj", "nsubjpass") or (
            tok.dep_ in ("compound", "appos", "conj") and tok.head.dep_ in ("nsubj", "nsubjpass"))

    raw: list[Mention] = []
    covered: set[int] = set()

    # named mentions
    for ent in doc_ents(doc):
        label = ent.label_
        if label not in NAME_LABELS and label not in EXTRA_LABELS:
            continue
        if label == "NORP" and (ent.root.dep_ in ("amod", "compound", "poss", "nmod")
                                or ent.root.tag_ in ("JJ",) or not ent.text.endswith("s")):
            continue  # "Democratic party officials", "Israeli": a modifier, not a group
        if label in EXTRA_LABELS or label == "ORG":
            if is_media_name(ent.text):
                label = "ORG"
            elif label in EXTRA_LABELS:
                continue
        # split "Dong Jun. Singh" at a sentence period; drop determiners/possessive/brackets
        pieces: list[list[Any]] = [[]]
        for t in ent:
            if t.text in (".", "\n") or t.is_space or (t.text.endswith(".") and len(t.text) > 3
                                                         and t.i + 1 < ent.end and t.text[:-1].isalpha()
                                                         and t.text[:-1][0].isupper()
                                                         and t.text[:-1].lower() not in _ABBREV_NO_SPLIT):
                if t.text.endswith(".") and len(t.text) > 1:
                    pieces[-1].append(t)
                pieces.append([])
                continue
            if t.text in ("(", ")", "'s", "’s", "'", "’", "\"", "“", "”", ",") or t.lower_ in ("the",):
                if t.text in ("(", "'s", "’s"):  # "Media Research Center’s Bozell": two names
                    pieces.append([])
                continue
            pieces[-1].append(t)
        for toks in pieces:
            if not toks or not any(t.is_alpha and len(t.text) > 1 for t in toks):
                continue
            if label == "PERSON" and any(t.lower_ in _JUNK_IN_NAME for t in toks):
                continue  # a headline read as a name: "Trump May Not Have Suggested"
            title_toks, name_toks = ([], toks)
            if label in ("PERSON", "ORG", "GPE"):
                title_toks, name_toks = _strip_title_tokens(toks)
                if not name_toks:
                    continue
            if label != "PERSON" and title_toks:
                # "PM Modi" tagged GPE: a title before a name makes it a person
                label_here = "PERSON"
            else:
                label_here = label
            a, b = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1].text)
            name_text = text[a:b].rstrip(".") if not name_toks[-1].text.endswith(".") or len(name_toks[-1].text) > 3 else text[a:b]
            b = a + len(name_text)
            role = None
            left: list[Any] = []
            if label_here == "PERSON" and has_dep:
                left = _left_title(doc, toks[0].i, max(0, ent.sent.start))
                role = _role_from_tokens(left + title_toks) if (left or title_toks) else None
                if role is None:
                    role = _appos_role(doc, name_toks)
            head_tok = next((t for t in reversed(name_toks) if not (name_toks[0].i <= t.head.i <= name_toks[-1].i)
                             or t.head.i == t.i), name_toks[-1])
            hint = None
            if label_here == "PERSON":
                pre = (left if role is not None else []) + title_toks
                hint_text = " ".join(t.text for t in pre)
                if not hint_text and toks[0].i > 0:
                    hint_text = doc[toks[0].i - 1].text  # "Mrs." just before
                if hint_text and _gendered(hint_text):
                    hint = gender_of_name(hint_text + " " + name_text)
            m = Mention(start=a, end=b, t0=name_toks[0].i, t1=name_toks[-1].i + 1, root=head_tok.i,
                        gender_hint=hint,
                        sent=sent_of_token[name_toks[0].i], kind="name",
                        subj=any(is_subj(t) for t in name_toks) if has_dep else False,
                        quoted=quoted(a), text=name_text, label=label_here, role=role)
            raw.append(m)
            covered.update(range(ent.start, ent.end))

    # names the tagger missed: two to four capitalised PROPN words starting with a known
    # first name ("Ana Ruiz"); in a Title Case headline a name ends at the first word the
    # article does not write capitalised ("Ana Ruiz Praises New Timetable")
    head = doc_headline(doc)
    common: set[int] = set()
    if head is not None:
        h0, recased = head
        common = {t.i for t in doc if h0 <= t.idx < h0 + len(recased) and t.text[:1].isupper()
                  and recased[t.idx - h0] != t.text[0]}
    i = 0
    n_tok = len(doc)
    while i < n_tok:
        t = doc[i]
        if t.i in covered or t.pos_ != "PROPN" or t.ent_type_ or norm_word(t.text) not in _FIRST_NAMES:
            i += 1
            continue
        j = i + 1
        while j < n_tok and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and not doc[j].ent_type_ and j not in covered and j not in common:
            j += 1
        if j - i >= 2:
            toks = [doc[k] for k in range(i, j)]
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            head_tok = next((x for x in reversed(toks) if not (i <= x.head.i < j) or x.head.i == x.i), toks[-1])
            role = None
            left = []
            if has_dep:
                left = _left_title(doc, i, max(0, t.sent.start))
                role = _role_from_tokens(left) if left else None
            raw.append(Mention(start=a, end=b, t0=i, t1=j, root=head_tok.i, sent=sent_of_token[i],
                               kind="name", subj=is_subj(head_tok) if has_dep else False,
                               quoted=quoted(a), text=text[a:b], label="PERSON", role=role,
                               gender_hint=gender_of_name(" ".join(x.text for x in left) + " " + text[a:b])
                               if left and _gendered(" ".join(x.text for x in left)) else None))
            covered.update(range(i, j))
        i = j

    # nominal mentions
    if has_dep:
        for chunk in doc.noun_chunks:
            root = chunk.root
            if root.i in covered or root.pos_ == "PRON":
                continue
            lemma = root.lemma_.lower()
            low = root.lower_
            if root.pos_ == "PROPN" and lemma in _PERSON_NOUNS and lemma not in TITLE_HEADS \
                    and root.i > root.sent.start:
                continue  # "Singer" is a name, not a singer
            if not (lemma in TITLE_HEADS or low in TITLE_HEADS or lemma in MEMBER_HEADS or low in MEMBER_HEADS
                    or lemma in _PERSON_NOUNS
                    or lemma in DOCUMENT_HEADS or lemma in ORG_WORDS or lemma in GOV_BODIES
                    or low in GROUP_HEADS or lemma in GROUP_HEADS):
                continue
            first = chunk[0]
            definite = first.lower_ in ("the", "this", "that", "these", "those") or (
                first.pos_ == "PRON" and first.dep_ == "poss")
            start = chunk[0].idx
            if first.pos_ in ("DET",) and len(chunk) > 1:
                start = chunk[1].idx
            m = Mention(start=start, end=chunk.end_char, t0=chunk.start, t1=chunk.end,
                        sent=sent_of_token[root.i], kind="nominal", subj=is_subj(root),
                        quoted=quoted(chunk.start_char), text=text[start:chunk.end_char],
                        role=_chunk_role(chunk), definite=definite, head=lemma,
                        plural=root.tag_ in ("NNS", "NNPS") or low in GROUP_HEADS, root=root.i)
            if lemma in MEMBER_HEADS or low in MEMBER_HEADS:
                affil = _affiliation(root, text)
                if affil and source_type(f"{m.text} {affil}") != source_type(m.text):
                    m.affil = affil  # "a spokesperson for the port authority": it names the institution
            raw.append(m)

    raw.sort(key=lambda m: (m.start, -m.end))
    linker = _Linker()
    by_token: dict[int, Mention] = {}
    reports: list[tuple[int, Entity]] = []
    for m in raw:
        if m.kind == "name":
            words = [w for w in (norm_word(w) for w in re.findall(r"[\w][\w.'’-]*", m.text))
                     if w and w not in HONORIFICS]
            if not words:
                continue
            e = linker.link_name(m, words, m.label or "ORG")
            if m.role is not None and m.role not in e.roles:
                e.roles.append(m.role)
            if e.gender is None and m.gender_hint and e.kind == "person":
                e.gender = m.gender_hint
            # "the former ambassador, John Bolton": the nominal before is the same entity
            if has_dep and e.kind == "person" and m.root >= 0 and doc[m.root].dep_ == "appos":
                prev_m = by_token.get(doc[m.root].head.i)
                if prev_m is not None and prev_m.kind == "nominal" and prev_m.entity is not None \
                        and prev_m.entity.kind == "nominal" and len(prev_m.entity.positions) == 1:
                    prev_m.entity.positions.clear()
                    prev_m.entity = e
                    e.positions.append(prev_m.start)
                    if prev_m.role is not None:
                        e.roles.append(prev_m.role)
        else:
            e = None
            # "Fiorina, the former Hewlett-Packard CEO": apposition to a name
            if has_dep and m.root >= 0 and doc[m.root].dep_ == "appos" and not m.plural:
                named = by_token.get(doc[m.root].head.i)
                if named is not None and named.kind == "name" and named.entity is not None \
                        and named.entity.kind == "person":
                    e = named.entity
                    if m.role is not None:
                        e.roles.append(m.role)
            if e is None:
                e = _link_nominal(linker, m, doc)
            if e is None:
                continue
        m.entity = e
        e.positions.append(m.start)
        if m.subj:
            e.subj_positions.append(m.start)
        linker.seen(e)
        for i in range(m.t0, m.t1):
            by_token.setdefault(i, m)
        if m.kind == "nominal" and m.head in ("report", "reports", "article", "story") and e.kind != "nominal":
            reports.append((m.start, e))
    mentions = [m for m in raw if m.entity is not None]
    if has_dep:
        mentions.extend(_coordinations(doc, mentions, linker, sent_of_token))
        mentions.sort(key=lambda m: (m.start, -m.end))
    for e in linker.entities:
        e.positions.sort()

    # "X reported (that) ...": the reporter, for a later "the report said"
    if has_dep:
        for tok in doc:
            if tok.lemma_ == "report" and tok.pos_ == "VERB":
                for child in tok.children:
                    if child.dep_ == "nsubj" and child.i in by_token:
                        reports.append((tok.idx, by_token[child.i].entity))  # type: ignore[arg-type]
        reports.sort(key=lambda r: r[0])
        _gender_votes(doc, mentions, sent_of_token, quotes, q_starts)

    return Index(doc=doc, mentions=mentions, starts=[m.start for m in mentions],
                 entities=linker.entities, sent_of_token=sent_of_token, sent_starts=sent_starts,
                 quotes=quotes, reports=reports, by_token=by_token, linker=linker,
                 report_starts=[r[0] for r in reports])


def _coordinations(doc: Any, mentions: list[Mention], linker: _Linker,
                   sent_of_token: list[int]) -> list[Mention]:
    """"Bernie Sanders and Hillary Clinton": a plural group for "they"."""
    by_root = {m.root: m for m in mentions if m.kind == "name" and m.entity is not None
               and m.entity.kind == "person"}
    out = []
    for r, m in by_root.items():
        tok = doc[r]
        if tok.dep_ == "conj":
            continue  # only the first conjunct starts a group
        members = [m]
        for c in tok.children:
            if c.dep_ == "conj" and c.i in by_root:
                members.append(by_root[c.i])
                for cc in c.children:
                    if cc.dep_ == "conj" and cc.i in by_root:
                        members.append(by_root[cc.i])
        if len(members) < 2:
            continue
        names = [x.entity.display or x.text for x in members]  # type: ignore[union-attr]
        disp = " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]
        e = linker.new("group", "person", name=disp, plural=True)
        last = members[-1]
        g = Mention(start=m.start, end=last.end, t0=m.t0, t1=last.t1, sent=m.sent, kind="name",
                    subj=m.subj, quoted=m.quoted, text=doc_text(doc)[m.start:last.end], label="PERSON",
                    root=m.root, plural=True, entity=e)
        e.positions.append(g.start)
        if g.subj:
            e.subj_positions.append(g.start)
        out.append(g)
    return out


AFFILIATION_PREPS = frozenset("of for at from with in".split())


def _affiliation(root: Any, text: str) -> str:
    """The institution a member noun belongs to when it follows the noun: "a spokesperson
    for the Foreign Ministry", "an official at the Ministry of Transport" (text from the
    preposition to the end of its object's name), else "". "A spokesperson for X" is the
    same speaker as "an X spokesperson", and typed the same (source_types.source_type)."""
    for c in root.children:
        if c.dep_ != "prep" or c.lower_ not in AFFILIATION_PREPS or c.i != root.i + 1:
            continue
        obj = next((o for o in c.children if o.dep_ == "pobj"), None)
        if obj is None or obj.pos_ not in ("NOUN", "PROPN"):
            return ""
        end = max(t.idx + len(t.text) for t in obj.subtree if t.i <= obj.i or t.dep_ in ("compound", "flat"))
        if obj.ent_iob_ in ("B", "I"):  # the whole name: "the Ministry of Transport"
            ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
            if ent is not None:
                end = max(end, ent.end_char)
        return text[c.idx:end]
    return ""


def _appos_role(doc: Any, name_toks: list[Any]) -> Role | None:
    """A title in apposition: "the Chinese Defence Minister, Admiral Dong Jun" or
    "Rajnath Singh, the defence minister"."""
    root = max(name_toks, key=lambda t: (t.head.i < name_toks[0].i or t.head.i >= name_toks[-1].i + 1))
    cands = []
    if root.dep_ == "appos" and root.head.lemma_.lower() in TITLE_HEADS | {"minister"}:
        cands.append(root.head)
    for child in root.children:
        if child.dep_ == "appos" and (child.lemma_.lower() in TITLE_HEADS or child.lower_ in TITLE_HEADS):
            cands.append(child)
    for head in cands:
        toks = [t for t in head.subtree if t.i < head.i or t.i == head.i]
        toks = [t for t in toks if not (name_toks[0].i <= t.i <= name_toks[-1].i)]
        # keep the contiguous run ending at the head
        run = []
        for t in reversed(toks):
            if run and t.i != run[-1].i - 1:
                break
            run.append(t)
        run.reverse()
        # "the Defence Minister of Russia"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                run.extend(g for g in child.subtree if g.ent_type_ in _PLACE_LABELS)
        role = _role_from_tokens([t for t in run if t.pos_ not in ("DET", "PUNCT")])
        if role is not None:
            return role
    return None


def role_match(anaphor: Role, held: Role) -> float | None:
    """How well a definite title fits a role an entity holds; None when it cannot.

    Every title word of the anaphor must be in the held role ("the chief minister" fits
    "Uttarakhand chief minister"); nationality words must agree ("the Iranian Defence
    Minister" does not fit "Defence Minister"). Extra words in the held role cost a
    little, extra nationality words more ("the Defence Minister" prefers the plain
    "Defence Minister" over "Iranian Defence Minister").
    """
    core = anaphor.core - {"former"}
    if not core or not core <= held.core | held.qual:
        return None
    if not anaphor.qual <= held.qual:
        return None
    return -0.3 * len(held.core - core) - 1.0 * len(held.qual - anaphor.qual)


def _link_nominal(linker: _Linker, m: Mention, doc: Any) -> Entity | None:
    """Link a nominal mention: a definite office to its holder, else a new entity."""
    head = m.head
    stype = source_type(f"{m.text} {m.affil}" if m.affil else m.text)
    if m.role is None and head in _PERSON_NOUNS and not m.plural:
        m.role = Role(frozenset(_role_words(m.text.split())), frozenset(), m.text)
    if m.role is not None and head in TITLE_HEADS | _PERSON_NOUNS | {"spokesperson", "spokesman", "spokeswoman"} or (
            m.role is not None and head in MEMBER_HEADS and m.definite):
        if m.definite and not m.plural:
            best, best_score = None, None
            for e in reversed(linker.role_holders[-300:]):
                if not e.positions or e.positions[-1] >= m.start:
                    continue
                for r in e.roles:
                    q = role_match(m.role, r)
                    if q is None:
                        continue
                    score = q - 0.02 * (len(linker.entities) - e.id)
                    if best_score is None or score > best_score:
                        best, best_score = e, score
            # bare offices ("the mayor") may be someone new; qualified ones ("the Florida
            # senator") and person words ("the billionaire") point back
            qualified = len(m.role.core) > 1 or bool(m.role.qual) or head in _PERSON_NOUNS
            guess = _guess_holder(linker, m) if head in _GUESSABLE and qualified else None
            if best is not None and (guess is None or best.name or not guess.subj_positions
                                     or best.positions[-1] > guess.subj_positions[-1]):
                return best  # "the candidate" after "one candidate", unless a name came between
            if guess is not None:
                guess.roles.append(m.role)
                return guess
        e = linker.new("nominal", stype, display_nominal=_nominal_display(m),
                       plural=m.plural, gender=gender_of_name(m.text) if _gendered(m.text) else None)
        e.roles.append(m.role)
        return e
    if head in MEMBER_HEADS or head in GROUP_HEADS:
        # "Democratic party officials", "Black voters": named by the phrase (anonymous
        # ones are blanked when resolved)
        return linker.new("nominal", stype, display_nominal=_nominal_display(m), plural=m.plural)
    if head in DOCUMENT_HEADS:
        # "a Reuters report", "a Ministry of Defence press release": the issuer is a name inside
        return linker.new("nominal", "document", display_nominal=_nominal_display(m) if _has_cap(m.text) else None)
    if head in ORG_WORDS or head in GOV_BODIES:
        if m.definite and not _has_cap(m.text):
            # "the ministry", "the company": the last organisation of that kind
            for e in reversed(linker.entities[-300:]):
                if e.kind == "org" and e.positions and e.positions[-1] < m.start and (
                        head in e.tokens or e.stype == stype):
                    return e
        e = linker.new("nominal" if not _has_cap(m.text) else "org", stype,
                       display_nominal=_nominal_display(m) if _has_cap(m.text) else None,
                       plural=m.plural)
        return e
    return None


_PERSON_NOUNS = frozenset("""
candidate nominee frontrunner front-runner businessman businesswoman billionaire actress actor
singer star rapper comedian host anchor author writer veteran lawmaker incumbent challenger
politician activist mogul magnate tycoon delegate voter donor worker teacher student farmer
doctor nurse lawyer soldier mother father wife husband son daughter woman man widow widower
owner manager economist professor researcher scientist consultant pollster organizer organiser
protester pastor priest rabbi imam victim survivor neighbor neighbour friend colleague
""".split())


# Definite titles that, with no holder on record, stand for the person last named:
# "the Florida senator", "the billionaire" (not "the officer": usually someone new).
_GUESSABLE = frozenset("""
president senator governor mayor secretary minister candidate nominee frontrunner front-runner
congressman congresswoman lawmaker speaker chairman chairwoman ceo founder judge justice
ambassador businessman businesswoman billionaire mogul magnate tycoon actress actor singer star
host author incumbent challenger chancellor premier king queen gov sen donor
""".split())


def _guess_holder(linker: _Linker, m: Mention) -> Entity | None:
    """"the Florida senator" with no recorded role: the person most recently named as a
    subject (within a few mentions), unless a role they hold contradicts it."""
    role = m.role
    want_g = gender_of_name(m.text) if _gendered(m.text) else None
    recent = [e for e in linker.recent_persons if e.positions and e.positions[-1] < m.start]
    for e in sorted(recent, key=lambda e: -e.positions[-1])[:3]:
        if want_g and e.gender and e.gender != want_g:
            continue
        if role is not None and any(_conflicts(role, r) for r in e.roles):
            continue
        if e.subj_positions and m.start - e.subj_positions[-1] < 1500:
            return e
    return None


def _conflicts(a: Role, b: Role) -> bool:
    """Same office word, different place ("the Florida senator" vs "Texas senator")."""
    return bool(a.core & b.core & TITLE_HEADS) and bool(a.qual) and bool(b.qual) and not (a.qual & b.qual)


def _gendered(text: str) -> bool:
    ws = set(re.findall(r"\w+", text.lower()))
    return bool(ws & (FEMALE_WORDS | MALE_WORDS))


def _has_cap(text: str) -> bool:
    return any(w[:1].isupper() for w in re.findall(r"[\w']+", text)[1:]) or (
        bool(re.match(r"[A-Z]", text)) and not re.match(r"(?i)(the|a|an|this|that)\b", text))


def _nominal_display(m: Mention) -> str:
    return _display_name(f"{m.text} {m.affil}" if m.affil else m.text)


_MALE_PRON = {"he", "him", "his", "himself"}
_FEMALE_PRON = {"she", "her", "hers", "herself"}


def _gender_votes(doc: Any, mentions: list[Mention], sent_of_token: list[int],
                  quotes: list[tuple[int, int]], q_starts: list[int]) -> None:
    """he/his vs she/her in sentences that name exactly one person: a vote for that person."""
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity is not None and m.entity.kind == "person" and not m.quoted:
            by_sent.setdefault(m.sent, []).append(m)
    for si in [si for si, ms in by_sent.items() if any(m.ambiguous for m in ms)]:
        del by_sent[si]  # no vote from a sentence whose person might be someone else
    for si, ms in by_sent.items():
        ents = {m.entity.id for m in ms}  # type: ignore[union-attr]
        if len(ents) != 1:
            continue
        e = ms[0].entity
        first = min(m.t0 for m in ms)
        tok = first
        votes = {"m": 0, "f": 0}
        while tok < len(doc) and sent_of_token[tok] == si:
            w = doc[tok].lower_
            if not _in_ranges(quotes, q_starts, doc[tok].idx):
                if w in _MALE_PRON:
                    votes["m"] += 1
                elif w in _FEMALE_PRON:
                    votes["f"] += 1
            tok += 1
        if votes["m"] and not votes["f"]:
            e.votes["m"] = e.votes.get("m", 0) + 1  # type: ignore[union-attr]
        elif votes["f"] and not votes["m"]:
            e.votes["f"] = e.votes.get("f", 0) + 1  # type: ignore[union-attr]
    for m in mentions:
        e = m.entity
        if e is not None and e.gender is None and e.votes:
            mv, fv = e.votes.get("m", 0), e.votes.get("f", 0)
            if mv != fv:
                e.gender = "m" if mv > fv else "f"


# --- pass B: resolving sources ----------------------------------------------------------------

@dataclass
class _State:
    prev: Entity | None = None  # the previous attribution's resolved referent
    prev_pos: int = -1
    prev_sent: int = -1


def _score_candidate(e: Entity, m: Mention, pos: int, sent: int, state: _State, idx: Index,
                     want_gender: str | None, rival_subject_after_prev: bool = False,
                     lead_pronoun: bool = False) -> float:
    d = max(0, sent - m.sent)
    score = -0.6 * min(d, 10)
    if m.subj:
        score += 1.0
    n = e.count_before(pos)
    score += 0.5 * math.log1p(n)
    if state.prev is e and sent - state.prev_sent <= 6:
        # the previous speaker, unless someone else has since been named as a subject
        score += 1.0 if rival_subject_after_prev else 2.5
    if e.source_positions:
        last_src = e.source_positions[-1]
        if idx.sent_at(last_src) >= sent - 8:
            score += 1.0
    if m.quoted and not e.source_positions:
        score -= 0.8
    if e.kind == "nominal":
        score -= 0.4
    if want_gender and e.gender == want_gender:
        score += 0.4
    if lead_pronoun and m.subj and m.sent == sent - 1 and not m.quoted and e.positions \
            and e.positions[0] == m.start and e.kind == "person":
        # "Aziz Nasirzadeh was also in attendance. He expressed ...": a person just
        # introduced as the subject of the sentence before
        score += LEAD_SUBJECT_BONUS  # "Y was there. He said ...": Y, the last sentence's subject
    return score


def _candidates(idx: Index, pos: int) -> Iterable[tuple[Entity, Mention]]:
    """Each entity with its latest mention before `pos`, nearest first, within the window."""
    i = bisect.bisect_left(idx.starts, pos) - 1
    seen: set[int] = set()
    n = 0
    start_sent = idx.sent_at(pos)
    while i >= 0 and n < WINDOW_MENTIONS:
        m = idx.mentions[i]
        i -= 1
        if m.end > pos:
            continue
        n += 1
        if start_sent - m.sent > WINDOW_SENTS and seen:
            break
        e = m.entity
        if e is None or e.id in seen:
            continue
        seen.add(e.id)
        yield e, m


def _agrees(e: Entity, m: Mention, gender: str | None, number: str | None) -> bool:
    if gender in ("m", "f"):
        if e.kind == "person":
            return e.gender in (None, gender)
        if e.kind == "nominal" and e.roles and not e.plural and e.stype != "document":
            # an unnamed office holder or person: "the spokesperson", "a delegate"
            return e.gender in (None, gender) and any(
                w in TITLE_HEADS or w in _PERSON_NOUNS or w == "spokesperson" for r in e.roles for w in r.core)
        return False
    if gender == "n":  # it
        if e.kind == "person" or e.plural:
            return False
        if e.kind == "nominal":
            return not e.roles and e.stype in ("organization", "government", "media", "document")
        return e.kind in ("org", "gpe")
    if number == "pl":  # they
        if e.kind == "person":
            return False
        if e.kind == "nominal":
            return e.plural or (not e.roles and e.stype in ("organization", "government"))
        return e.kind in ("org", "norp", "group") or e.plural
    return True


def _resolve_pronoun(idx: Index, word: str, a: int, b: int, state: _State) -> Entity | None:
    _, gender, number = PRONOUNS[word]
    sent = idx.sent_at(a)
    best, best_score = None, None
    # the previous attribution's source is a candidate even when it fell out of the window
    cands = list(_candidates(idx, a))
    if state.prev is not None and all(e is not state.prev for e, _ in cands):
        pm = _latest_mention(idx, state.prev, a)
        if pm is not None:
            cands.append((state.prev, pm))
    ok = [(e, m) for e, m in cands if _agrees(e, m, gender, number)
          and not (m.sent == sent and m.t1 > 0 and _same_clause_object(idx, m, a))]
    rival = False
    if state.prev is not None:
        for e, m in ok:
            if e is state.prev or not e.subj_positions:
                continue
            k = bisect.bisect_left(e.subj_positions, a) - 1
            if k >= 0 and e.subj_positions[k] > state.prev_pos and not m.quoted:
                rival = True
                break
    lead = idx.sent_starts[sent] >= a - 1 if sent < len(idx.sent_starts) else False
    for e, m in ok:
        s = _score_candidate(e, m, a, sent, state, idx, gender, rival, lead)
        if gender == "n" and e.kind == "gpe":
            s -= 0.5
        if best_score is None or s > best_score:
            best, best_score = e, s
    return best


def _latest_mention(idx: Index, e: Entity, pos: int) -> Mention | None:
    """The mention of `e` that starts last before `pos`."""
    k = bisect.bisect_left(e.positions, pos) - 1
    if k < 0:
        return None
    at = e.positions[k]
    i = bisect.bisect_left(idx.starts, at)
    while i < len(idx.mentions) and idx.starts[i] == at:
        if idx.mentions[i].entity is e:
            return idx.mentions[i]
        i += 1
    return None


def _same_clause_object(idx: Index, m: Mention, a: int) -> bool:
    """An object of the very verb the pronoun is the subject of cannot be its referent."""
    doc = idx.doc
    span = doc.char_span(a, a + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    p = span[0]
    verb = p.head
    mt = doc[m.t1 - 1]
    return mt.head == verb and mt.dep_ in ("dobj", "pobj", "iobj") and p.dep_ in ("nsubj", "nsubjpass")


def _resolve_relative(idx: Index, a: int) -> Entity | None:
    """who/which: the noun the relative clause hangs on, else the mention just before."""
    doc = idx.doc
    span = doc.char_span(a, a + 1, alignment_mode="expand")
    if span is not None and len(span):
        tok = span[0]
        verb = tok.head
        if verb.dep_ == "relcl" or verb.dep_ == "acl":
            noun = verb.head
            if noun.dep_ == "attr":  # "Corey is the state attorney who ...": the subject
                subj = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and idx.mention_at(subj.i) is not None:
                    noun = subj
            m = idx.mention_at(noun.i)
            if m is not None:
                return m.entity
            for t in noun.subtree:
                m2 = idx.mention_at(t.i)
                if m2 is not None and t.i < tok.i:
                    return m2.entity
    i = bisect.bisect_left(idx.starts, a) - 1
    if i >= 0:
        m = idx.mentions[i]
        gap = doc_text(idx.doc)[m.end:a]
        if len(gap) <= 3 and m.sent == idx.sent_at(a):
            return m.entity
    return None


_RELATIVE_HOSTS = frozenset("those anyone everyone someone somebody anybody one others".split())


def _relative_antecedent(doc: Any, a: int) -> tuple[int, int] | None:
    """Character span of the noun phrase a relative pronoun at `a` stands for, without
    the relative clause: "Protesters" in "Protesters who said the plant was unsafe
    blocked the road", "an architect" in "…not paying an architect who said…". The noun
    right before the pronoun (commas and "here"/"there" skipped) is its antecedent: the
    parse may hang the clause higher up ("a focal point for demonstrators here, who…")."""
    span = doc.char_span(a, a + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    j = tok.i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].lower_ in ("here", "there", "too", "also")) and "\n" not in doc[j].text:
        j -= 1
    if j < 0 or j < tok.sent.start:
        return None
    noun = doc[j]
    if noun.pos_ not in ("NOUN", "PROPN") and not (noun.pos_ == "PRON" and noun.lower_ in _RELATIVE_HOSTS):
        return None
    while noun.dep_ in ("compound", "flat") and noun.head.i > noun.i and noun.head.i < tok.i:
        noun = noun.head
    toks = [t for t in noun.subtree if t.i <= noun.i and not t.is_punct]
    first = toks[0] if toks else noun
    return first.idx, noun.idx + len(noun.text)


def _resolve_report(idx: Index, a: int, state: _State) -> Entity | None:
    """"the report" -> the last outlet or body that reported, before `a`."""
    i = bisect.bisect_left(idx.report_starts, a) - 1
    if i >= 0:
        return idx.reports[i][1]
    return None


def _head_token(doc: Any, a: int, b: int) -> Any:
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    return span, span.root


def _resolve_named(idx: Index, a: int, b: int, state: _State) -> tuple[Entity | None, str | None]:
    """A non-pronoun source: (referent, resolved string override)."""
    doc = idx.doc
    span, root = _head_token(doc, a, b)
    if span is None:
        return None, None
    m = idx.mention_at(root.i)
    if m is None or m.kind != "name" or (m.entity is not None and m.entity.kind != "person"):
        # "Uttarakhand chief minister Pushkar Singh Dhami": the titled name at the end wins
        last = idx.mention_at(span[-1].i if not span[-1].is_punct or len(span) == 1 else span[-2].i)
        if last is not None and last.kind == "name" and last.entity is not None \
                and last.entity.kind == "person" and last is not m:
            m = last
    lemma = root.lemma_.lower()
    # "the report", "the statement": back to whoever reported
    if m is None or m.kind == "nominal":
        if lemma in DOCUMENT_HEADS and (m is None or m.definite) and not _has_name_inside(idx, span):
            if lemma in ("report", "reports", "article", "story", "statement", "release"):
                e = _resolve_report(idx, a, state) if lemma in ("report", "reports", "article", "story") \
                    else _last_statement(idx, a, state)
                return e, None
            return None, None
    if m is not None and m.entity is not None:
        e = m.entity
        if m.kind == "name" and e.kind in ("person", "org", "gpe", "norp"):
            return e, None
        if e.kind != "nominal" or e.display:
            return e, None
        return None, None
    # no mention at the head: a name inside ("Ministry of Defence press release", "Israel's Channel 13")
    for t in span:
        mm = idx.mention_at(t.i)
        if mm is not None and mm.entity is not None and mm.kind == "name" and t.i == root.i:
            return mm.entity, None
    return None, None


def _has_name_inside(idx: Index, span: Any) -> bool:
    return any((mm := idx.mention_at(t.i)) is not None and mm.kind == "name" for t in span)


def _last_statement(idx: Index, a: int, state: _State) -> Entity | None:
    """"the statement said" -> the previous source when it is an organisation or body."""
    if state.prev is not None and state.prev.kind != "person":
        return state.prev
    return None


def _fix_type(att: Attribution, text: str, span: Any, e: Entity | None) -> str:
    if e is None:
        return source_type(text, span)
    if e.kind == "person":
        return "person"
    if e.kind == "nominal":
        return e.stype
    return e.stype


def resolve_sources(doc: Any, attributions: list[Attribution], index: Index | None = None) -> None:
    """Set `source_resolved` and `source_type` of each attribution with a source span.

    `doc` is the parsed article (offsets of the attributions are into `doc_text(doc)`).
    Attributions without a source are left untouched. A pronoun or other reference
    that cannot be tied to a name gets `source_resolved = None`.
    """
    if not attributions:
        return
    idx = index or build_index(doc)
    text = doc_text(doc)
    order = sorted((i for i, att in enumerate(attributions) if att.source is not None),
                   key=lambda i: attributions[i].source[0])  # type: ignore[index]
    state = _State()
    ents: dict[int, Entity | None] = {}
    deferred: list[int] = []
    for i in order:
        att = attributions[i]
        a, b = att.source  # type: ignore[misc]
        raw = text[a:b]
        word = raw.strip().lower()
        e: Entity | None = None
        span = doc.char_span(a, b, alignment_mode="expand")
        if word in PRONOUNS:
            person, _g, _n = PRONOUNS[word]
            if person == 1:
                deferred.append(i)
                continue
            if person == 0:
                e = _resolve_relative(idx, a)
            else:
                e = _resolve_pronoun(idx, word, a, b, state)
            att.source_resolved = e.display if e is not None else None
            att.source_type = _fix_type(att, raw, span, e) if e is not None else source_type(raw)
            if person == 0 and not att.source_resolved:
                # "Protesters who said…": a relative pronoun is never a source of its own;
                # with no entity for its noun, the noun phrase itself is the source
                ante = _relative_antecedent(idx.doc, a)
                if ante is not None:
                    att.source_resolved = _display_name(text[ante[0]:ante[1]])
                    ante_span = doc.char_span(*ante, alignment_mode="expand")
                    att.source_type = source_type(att.source_resolved, ante_span, _ent_label(ante_span))
        else:
            e, override = _resolve_named(idx, a, b, state)
            stype_text = source_type(raw, span, _ent_label(span))
            if e is not None and e.display:
                att.source_resolved = override or e.display
                att.source_type = _fix_type(att, raw, span, e)
                if e.stype == "anonymous":
                    att.source_resolved = None
            else:
                att.source_resolved = override or _fallback_name(raw, stype_text)
                att.source_type = stype_text
                if att.source_resolved and stype_text in ("person", "unknown") and span is not None:
                    # a name the tagger missed ("Day said"): an entity of its own from now on
                    e = _adhoc_entity(idx, att.source_resolved, span)
                    if e is not None and e.kind == "person":
                        att.source_type = "person"
        ents[i] = e
        if e is not None:
            e.source_positions.append(a)
            if word not in PRONOUNS or PRONOUNS[word][0] != 0:  # "who" is no new speaker
                state.prev, state.prev_pos, state.prev_sent = e, a, idx.sent_at(a)
    # I / we: the source of the attribution whose content holds the pronoun
    for i in deferred:
        att = attributions[i]
        a, _b = att.source  # type: ignore[misc]
        j = att.parent if att.parent is not None and att.parent != i else _enclosing(attributions, i, a)
        e = ents.get(j) if j is not None else None
        if j is not None and e is None and attributions[j].source_resolved:
            att.source_resolved = attributions[j].source_resolved
            att.source_type = attributions[j].source_type
            continue
        if e is None and _in_ranges(idx.quotes, [q for q, _ in idx.quotes], a):
            e = _nearest_speaker(idx, attributions, ents, i, a)  # outside quotes: the author
        ents[i] = e
        att.source_resolved = e.display if e is not None else None
        att.source_type = _fix_type(att, text[a:_b], None, e) if e is not None else source_type(text[a:_b])


def _adhoc_entity(idx: Index, name: str, span: Any) -> Entity | None:
    """An entity for a named source the tagger missed, added to the index as a mention.

    Later sources with the same last word ("Day said ... Day added") reuse it.
    """
    words = [norm_word(w) for w in name.split() if norm_word(w)]
    if not words or not span[-1].text[:1].isupper():
        return None
    key = words[-1]
    e = idx.adhoc.get(key)
    if e is None and idx.linker is not None:
        # "Espinoza said" after "Maria Espinoza", missed by the tagger the second time
        known = [c for c in idx.linker.by_last.get(key, []) if c.kind == "person" and c.positions
                 and c.positions[0] < span.start_char
                 and (len(words) == 1 or set(words) <= set(c.tokens) or set(c.tokens) <= set(words))]
        if known:
            e = max(known, key=lambda c: c.positions[bisect.bisect_left(c.positions, span.start_char) - 1])
    if e is None:
        personish = span.root.pos_ == "PROPN" and not any(t.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC")
                                                        for t in span)
        if not personish:
            return None
        e = Entity(id=-1 - len(idx.adhoc), kind="person", stype="person", name=name, label="PERSON",
                   tokens=tuple(words), gender=gender_of_name(name))
        idx.adhoc[key] = e
    m = Mention(start=span.start_char, end=span.end_char, t0=span.start, t1=span.end,
                sent=idx.sent_of_token[span.start], kind="name", subj=span.root.dep_ in ("nsubj", "nsubjpass"),
                quoted=False, text=span.text, label="PERSON", root=span.root.i, entity=e)
    k = bisect.bisect_left(idx.starts, m.start)
    idx.starts.insert(k, m.start)
    idx.mentions.insert(k, m)
    bisect.insort(e.positions, m.start)
    if m.subj:
        bisect.insort(e.subj_positions, m.start)
    for t in range(m.t0, m.t1):
        idx.by_token.setdefault(t, m)
    return e


def _ent_label(span: Any) -> str | None:
    if span is None:
        return None
    for t in span:
        if t.ent_type_:
            return t.ent_type_
    return None


def _fallback_name(raw: str, stype: str) -> str | None:
    """A source with no entity: its own cleaned text when it names someone."""
    if stype in ("anonymous",):
        return None
    s = clean_source_text(raw)
    if not s or s.lower() in PRONOUNS:
        return None
    if not any(w[:1].isupper() for w in s.split()):
        return None  # "the report", "officials": nothing named
    return _strip_titles(s)


def _strip_titles(s: str) -> str:
    """"Defence Minister Rajnath Singh" -> "Rajnath Singh" (a title before a capitalised name)."""
    ws = s.split()
    i = 0
    while i < len(ws) - 1 and (norm_word(ws[i]) in TITLE_HEADS | DOMAIN_WORDS | HONORIFICS or
                               norm_word(ws[i]) in ROLE_EXPAND):
        i += 1
    if 0 < i < len(ws) and any(norm_word(w) in TITLE_HEADS | HONORIFICS | set(ROLE_EXPAND) for w in ws[:i]):
        return " ".join(ws[i:])
    return s


def _enclosing(attributions: list[Attribution], i: int, pos: int) -> int | None:
    best, best_len = None, None
    for j, other in enumerate(attributions):
        if j == i or other.content is None or other.source is None:
            continue
        c0, c1 = other.content
        if c0 <= pos < c1 and not (other.source[0] <= pos < other.source[1]):
            if best_len is None or c1 - c0 < best_len:
                best, best_len = j, c1 - c0
    return best


def _nearest_speaker(idx: Index, attributions: list[Attribution], ents: dict[int, Entity | None],
                     i: int, pos: int) -> Entity | None:
    """No enclosing attribution: the nearest resolved source in the same paragraph."""
    text = doc_text(idx.doc)
    p0 = text.rfind("\n", 0, pos) + 1
    p1 = text.find("\n", pos)
    p1 = len(text) if p1 < 0 else p1
    best, best_d = None, None
    for j, e in ents.items():
        if e is None or j == i:
            continue
        s = attributions[j].source
        if s is None or not (p0 <= s[0] < p1):
            continue
        d = abs(s[0] - pos)
        if best_d is None or d < best_d:
            best, best_d = e, d
    return best


# --- measuring on PolNeAR ---------------------------------------------------------------------
# PolNeAR marks pronoun sources but not what they refer to. The judge below picks, for
# each gold pronoun source, the referent a reader would most likely pick from the gold
# itself, and compares names by their last word:
#   he/she/they/it: the most recent earlier non-pronoun gold source whose head agrees
#     (he/she: a person, gender not contradicted; it: a single non-person; they: a
#     plural, a group, an organisation, or a coordination "X and Y");
#   I/we/me: the source of the gold attribution whose content holds the pronoun;
#   who: the text of its sentence before it.
# It is strict (a role like "the Republican nominee" as the target does not match the
# name "Donald Trump") and shares the first-name list with the resolver.

EVAL_PRONOUNS = ("he", "she", "they", "it", "we", "i", "him", "her", "them", "who")


def _hull(frags: Any) -> tuple[int, int] | None:
    if not frags:
        return None
    return min(a for a, _ in frags), max(b for _, b in frags)


def _key(word: str) -> str:
    w = norm_word(word)
    return ROLE_NORMAL.get(w, w)


def _last_key(name: str) -> str | None:
    ws = [w for w in re.findall(r"[\w][\w.'’-]*", name)]
    ws = [w for w in ws if norm_word(w) not in ("jr", "sr", "ii", "iii")]
    return _key(ws[-1]) if ws else None


def _span_head(doc: Any, a: int, b: int) -> Any:
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    return span, span.root


def _gold_agrees(doc: Any, a: int, b: int, word: str, genders: dict[str, str]) -> bool:
    span, root = _span_head(doc, a, b)
    if span is None:
        return False
    _p, gender, number = PRONOUNS[word]
    labels = {t.ent_type_ for t in span if t.ent_type_}
    plural = root.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" and t.head == root for t in span) \
        or root.lower_ in GROUP_HEADS
    lemma = root.lemma_.lower()
    personish = ("PERSON" in labels or lemma in TITLE_HEADS or lemma in MEMBER_HEADS
                 or (root.pos_ == "PROPN" and not labels & {"ORG", "GPE", "NORP"}))
    if gender in ("m", "f"):
        if plural or not personish or labels & {"ORG", "GPE"} and "PERSON" not in labels:
            return False
        g = genders.get(_key(root.text)) or gender_of_name(span.text)
        return g in (None, gender)
    if gender == "n":
        return not plural and not personish
    if number == "pl":
        return plural or bool(labels & {"ORG", "NORP"}) or lemma in ORG_WORDS or lemma in GOV_BODIES
    return True


def judge_pronoun(doc: Any, gold: list[Any], k: int, resolved: str | None,
                  genders: dict[str, str]) -> tuple[bool | None, str | None]:
    """(verdict, target text) for gold attribution `k` with a pronoun source; verdict
    None when the judge finds no target."""
    text = doc_text(doc)
    att = gold[k]
    a, b = _hull(att.source)  # type: ignore[misc]
    word = text[a:b].strip().lower()
    target: tuple[int, int] | None = None
    if PRONOUNS[word][0] == 1:
        best = None
        for j, other in enumerate(gold):
            c = _hull(other.content)
            s = _hull(other.source)
            if j == k or c is None or s is None or not (c[0] <= a < c[1]):
                continue
            if text[s[0]:s[1]].strip().lower() in PRONOUNS:
                continue
            if best is None or c[1] - c[0] < best[0]:
                best = (c[1] - c[0], s)
        target = best[1] if best else None
    elif word == "who":
        sent0 = doc.char_span(a, b, alignment_mode="expand")
        if sent0 is None:
            return None, None
        s0 = sent0[0].sent.start_char
        if s0 >= a:
            return None, None
        before = re.findall(r"[\w][\w.'’-]*", text[max(s0, a - 120):a])
        if not before or not before[-1][:1].isupper() or len(before) == 1:
            return None, None  # "voters who ...": no name right before it to resolve to
        if resolved is None:
            return False, text[s0:a]
        key = _last_key(resolved)
        return (key in {_key(w) for w in before}), text[s0:a]
    else:
        cands = []
        for j, other in enumerate(gold):
            s = _hull(other.source)
            if s is None or s[0] >= a:
                continue
            if text[s[0]:s[1]].strip().lower() in PRONOUNS:
                continue
            cands.append(s)
        for s in sorted(cands, key=lambda s: -s[0]):
            if _gold_agrees(doc, s[0], s[1], word, genders):
                target = s
                break
    if target is None:
        return None, None
    ttext = text[target[0]:target[1]]
    if resolved is None:
        return False, ttext
    span, root = _span_head(doc, target[0], target[1])
    if root is None:
        return None, ttext
    key = _last_key(resolved)
    heads = {_key(root.text)}
    # a name head inside an entity ("Post" of "The New York Post"), and names in
    # apposition ("his father, Brent Bozell, Jr."), but not possessors ("Trump's wife")
    for ent in ents_in(span):
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        last = ent[-1]
        if ent.start <= root.i < ent.end:
            heads.add(_key(last.text))
        elif ent.root.dep_ in ("appos", "conj") or ent.root.head.dep_ == "appos":
            heads.add(_key(last.text))
    return key in heads, ttext


def _doc_genders(doc: Any) -> dict[str, str]:
    """Surname -> gender from the PERSON names in the doc (first names and honorifics)."""
    out: dict[str, str] = {}
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and len(ent) >= 1:
            g = gender_of_name(doc_text(doc)[max(0, ent.start_char - 5):ent.end_char]) if len(ent) == 1 \
                else gender_of_name(ent.text)
            if g:
                out.setdefault(_key(ent[-1].text), g)
    return out


def pronoun_eval(articles: dict[str, Any], docs: dict[str, Any], *, pronouns: Iterable[str] = EVAL_PRONOUNS,
                 heuristic_judge: Any = None, details: list | None = None) -> dict[str, Any]:
    """Resolve every gold source of every article (gold spans as Attribution objects) and
    judge the pronoun ones. `docs` maps article name -> parsed Doc of its text.

    Returns counts: gold (pronoun sources), resolved, judged, correct (strict judge),
    per pronoun, and heuristic (correct by `heuristic_judge`, when given).
    """
    wanted = set(pronouns)
    out: dict[str, Any] = {"gold": 0, "resolved": 0, "judged": 0, "correct": 0,
                           "correct_named_target": 0, "judged_named_target": 0,
                           "heuristic_correct": 0, "heuristic_judged": 0, "by_pronoun": {}}
    for name in sorted(articles):
        art = articles[name]
        doc = docs[name]
        gold = [g for g in art.attributions]
        atts = [Attribution(kind="other", cue=_hull(g.cue), source=_hull(g.source), content=_hull(g.content))
                for g in gold]
        resolve_sources(doc, atts)
        genders = _doc_genders(doc)
        for k, (g, att) in enumerate(zip(gold, atts)):
            if att.source is None:
                continue
            word = doc_text(doc)[att.source[0]:att.source[1]].strip().lower()
            if word not in wanted:
                continue
            bp = out["by_pronoun"].setdefault(word, {"gold": 0, "resolved": 0, "judged": 0, "correct": 0})
            out["gold"] += 1
            bp["gold"] += 1
            if att.source_resolved:
                out["resolved"] += 1
                bp["resolved"] += 1
            verdict, target = judge_pronoun(doc, gold, k, att.source_resolved, genders)
            if verdict is not None:
                out["judged"] += 1
                bp["judged"] += 1
                out["correct"] += bool(verdict)
                bp["correct"] += bool(verdict)
                if target is not None and word != "who":
                    t = _last_key(target) or ""
                    if t and target.split() and target.split()[-1][:1].isupper():
                        out["judged_named_target"] += 1
                        out["correct_named_target"] += bool(verdict)
            if heuristic_judge is not None and att.source_resolved:
                hv = heuristic_judge(art, g, att.source_resolved)
                if hv is not None:
                    out["heuristic_judged"] += 1
                    out["heuristic_correct"] += bool(hv)
            if details is not None:
                details.append((name, att.source, word, att.source_resolved, target, verdict))
    return out
