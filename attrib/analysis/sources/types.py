"""What kind of source an attribution names: person, organization, government, media,
document, anonymous, or unknown.

Why: a reader weighs "Defence Minister Rajnath Singh said" differently from "sources
said" or "a Ministry of Defence press release"; `attrib.analysis.claims.sourcing` turns the type into
a claim's sourcing status. The rules are lexicons plus a few shapes, checked in order:

1. pronouns: he/she/I/him/her -> person; it/they/we/who -> unknown (the resolver
   replaces these with the referent's type);
2. explicit anonymity ("familiar with the matter", "on condition of anonymity",
   "who asked not to be named") -> anonymous, unless a named institution is the
   speaker's affiliation ("a Pentagon official who spoke on condition of anonymity");
3. documents by head noun (press release, report, statement, study, survey, data,
   filing, memo, letter, ruling, ...) -> document;
4. media outlets and wires by name (ANI, PTI, Reuters, Al Jazeera, ...) or by shape
   ("X Times", "X Post", "Channel 13", "X Journal", ...) -> media;
5. member nouns (official, spokesperson, source, aide, insider, diplomat, ...): with a
   named institution as modifier or "of/for/at X" ("a Foreign Ministry spokesperson",
   "a Pentagon official", "a spokesman for Pfizer") -> that institution's type; with a
   person's name ("a Trump aide") or nothing identifiable ("government sources",
   "a senior official", "US officials", "people familiar with ...") -> anonymous;
   a spokesperson of a generic government body ("a police spokesman") -> government;
6. government bodies (Ministry of X, the government, White House, Pentagon, Kremlin,
   police, army, ...) -> government; a country or city as speaker ("India said") ->
   government;
7. a title with a name ("Defence Minister Rajnath Singh") or a PERSON entity -> person;
   an office without a name ("the prime minister", "the chief minister") ->
   government (the resolver replaces it with the named holder when the article
   names one);
8. organisations (ORG entity, or company/party/university/... words) -> organization;
9. a capitalised name whose first word is a known first name -> person; else unknown.
"""
from __future__ import annotations

import re
from typing import Any

from attrib.lexicons import entries, table, word_list


# --- lexicons (attrib/lexicons/*.txt, *.tsv) ----------------------------------------------

def _pronoun_rows() -> list[tuple[Any, ...]]:
    """attrib/lexicons/pronouns.tsv: (pronoun, person, gender, number, type), "-" read as None."""
    return [(w, p, *(None if x == "-" else x for x in rest)) for w, p, *rest in table("pronouns")]


# pronoun -> (person, gender, number) for the resolver; person 3, 1 or 0 (relative),
# gender m/f/n (neuter), number sg/pl
PRONOUNS: dict[str, tuple[int, str | None, str | None]] = {
    w: (int(p), g, n) for w, p, g, n, _t in _pronoun_rows() if p != "-"}
# "who", "which", "that": the relative pronouns (person 0), which name nobody by themselves
RELATIVE_PRONOUNS = frozenset(w for w, (p, _g, _n) in PRONOUNS.items() if p == 0)
# pronoun -> the type of a source that is the pronoun alone (rule 1)
PRONOUN_TYPE: dict[str, str] = {w: t for w, _p, _g, _n, t in _pronoun_rows() if t is not None}

DETERMINERS = word_list("determiners")

# Outlets and wires, lower case, without a leading "the".
MEDIA_NAMES = word_list("media_names")

# "X Times", "the Washington Post", "Channel 13", "X News", ... (checked on capitalised text).
MEDIA_SHAPE = re.compile(
    r"(?:^|\s)(?:[A-Z][\w.&'’-]*\s+)*(?:" + "|".join(entries("media_name_heads")) + r")$"
    r"|(?:^|\s)(?:" + "|".join(entries("media_channel_words")) + r")\s*\d+$"
)

DOCUMENT_HEADS = word_list("document_nouns")

# Words that make the speaker a government body (checked as words of the phrase).
GOV_BODIES = word_list("government_words")
GOV_ACRONYMS = frozenset(entries("government_acronyms"))  # case kept: "WHO", not "who"
GOV_PHRASES = word_list("government_phrases")
# Generic (lower-case) government words that do not make "X sources/officials" identifiable.
GENERIC_GOV = word_list("generic_government_words")

# Offices: with a name the speaker is a person; without one, the office (government).
TITLE_HEADS = word_list("office_titles")
# Offices that, unnamed and unresolved, stand for the government.
GOV_OFFICES = word_list("government_offices")
HONORIFICS = word_list("honorifics")

# Nouns naming a member of a body: the body decides the type, or nobody is named.
MEMBER_HEADS = word_list("member_nouns")
SPOKES = word_list("spokesperson_nouns")
ANON_MARKERS = re.compile(
    r"familiar with|close to (?:the )?(?:matter|talks|negotiations|investigation|situation|"
    r"discussions|decision|process|deliberations|family)|on (?:the )?condition of anonymity|"
    r"(?:asked|requested|declined) (?:not )?to be (?:named|identified)|requested anonymity|"
    r"not authori[sz]ed to|speaking anonymously|who (?:was|were) not named|unnamed|anonymous|"
    r"briefed on|with knowledge of|knowledgeable about|in the know",
    re.I,
)

ORG_WORDS = word_list("organisation_words")

FIRST_NAMES_MALE = word_list("first_names_male")
FIRST_NAMES_FEMALE = word_list("first_names_female")
FIRST_NAMES_UNISEX = word_list("first_names_unisex")  # a first name, of no gender
FIRST_NAMES = FIRST_NAMES_MALE | FIRST_NAMES_FEMALE | FIRST_NAMES_UNISEX

FEMALE_WORDS = word_list("female_words")
MALE_WORDS = word_list("male_words")

_WORD = re.compile(r"[\w][\w.&'’@/-]*")


def norm_word(w: str) -> str:
    """Lower case, possessive and edge dots dropped: "Singh's" -> "singh", "U.S." -> "u.s"."""
    w = w.lower()
    w = re.sub(r"(?:'s|’s|'|’)$", "", w)
    return w.strip(".-")


def words_of(text: str) -> list[str]:
    return [w for w in (norm_word(x) for x in _WORD.findall(text)) if w]


def clean_source_text(text: str) -> str:
    """Leading determiners/possessive pronouns and a trailing possessive dropped."""
    s = " ".join(text.split()).strip(" ,;:.\"“”'‘’()")
    while True:
        m = re.match(r"(?i)(the|a|an|this|that|these|those)\s+", s)
        if not m:
            break
        s = s[m.end():]
    s = re.sub(r"(?:'s|’s|'|’)$", "", s)
    return s.strip()


_SPLIT_WORDS = word_list("phrase_split_words")


def split_phrase(words: list[str]) -> tuple[list[str], str, list[str]]:
    """(pre-modifiers, head, post-modifier words) of a noun phrase, by a simple rule:
    the head is the last word before the first of/for/at/with/who/... ."""
    cut = len(words)
    for i, w in enumerate(words):
        if i > 0 and w in _SPLIT_WORDS:
            cut = i
            break
    pre = [w for w in words[:cut] if w not in DETERMINERS]
    if not pre:
        return [], (words[0] if words else ""), words[1:]
    return pre[:-1], pre[-1], words[cut:]


def is_media_name(text: str) -> bool:
    """An outlet or wire by name or by shape ("The Washington Post", "Channel 13")."""
    s = clean_source_text(text)
    if not s:
        return False
    low = " ".join(words_of(s))
    if low in MEDIA_NAMES or low.replace("the ", "", 1) in MEDIA_NAMES:
        return True
    # "Israel's Channel 13": the possessor does not change the outlet.
    if re.search(r"['’]s\s", s):
        tail = re.split(r"['’]s\s+", s)[-1]
        if tail != s and is_media_name(tail):
            return True
    return bool(MEDIA_SHAPE.search(s)) and s[:1].isupper()


def _has_gov(words: list[str], raw: str) -> bool:
    low = " ".join(words)
    return any(w in GOV_BODIES for w in words) or any(p in low for p in GOV_PHRASES) or bool(
        re.search(r"\b(?:Ministry|Department|Office|Agency|Bureau) of\b", raw)) or _gov_acronym(raw)


def _gov_acronym(raw: str) -> bool:
    """"the WHO": an acronym that is also a word counts only in capitals."""
    return any(w in GOV_ACRONYMS for w in _WORD.findall(raw))


_COUNTRY_ACRONYMS = frozenset(entries("country_acronyms"))  # upper case, as compared


def _named_institution(raw_mod: str, words: list[str], ent_labels: set[str]) -> str | None:
    """The type of a named institution in modifier text, or None when it names none.

    Named means capitalised ("Pentagon", "Foreign Ministry", "White House") or an ORG
    entity; "government sources" and "US officials" name no institution.
    """
    if not raw_mod.strip():
        return None
    caps = [w for w in _WORD.findall(raw_mod) if w[:1].isupper()]
    if is_media_name(raw_mod) or any(is_media_name(c) for c in caps):
        return "media"
    low = " ".join(words)
    if caps:
        cap_low = [norm_word(c) for c in caps]
        if any(w in GOV_BODIES for w in cap_low) or any(p in " ".join(cap_low) for p in GOV_PHRASES) \
                or _gov_acronym(raw_mod):
            return "government"
        if any(w in ORG_WORDS for w in cap_low):
            return "organization"
        if "ORG" in ent_labels:
            return "organization"
        if any(len(c) >= 3 and c.isupper() and c.isalpha() and c not in _COUNTRY_ACRONYMS for c in caps):
            return "organization"  # "an AARP spokeswoman", "a NATO official"
    elif any(p in low for p in GOV_PHRASES if p != "the government"):
        return "government"
    return None


def _span_info(doc_span: Any) -> tuple[set[str], str | None]:
    """Entity labels in a spaCy span and the lower-cased lemma of its root."""
    if doc_span is None:
        return set(), None
    try:
        labels = {t.ent_type_ for t in doc_span if t.ent_type_}
        root = doc_span.root.lemma_.lower() if len(doc_span) else None
        return labels, root
    except Exception:  # a plain object without the spaCy API
        return set(), None


def looks_like_person_name(text: str) -> bool:
    """Two to four capitalised words starting with a known first name (after titles)."""
    raw = [w for w in _WORD.findall(clean_source_text(text))]
    while raw and norm_word(raw[0]) in (HONORIFICS | TITLE_HEADS | DOMAIN_WORDS):
        raw = raw[1:]
    if not 2 <= len(raw) <= 4 or not all(w[:1].isupper() for w in raw):
        return False
    return norm_word(raw[0]) in FIRST_NAMES


def gender_of_name(text: str) -> str | None:
    """'m', 'f' or None from honorifics, gendered titles or a first name."""
    ws = words_of(text)
    raw = _WORD.findall(text)
    for i, w in enumerate(ws):
        # a gendered word counts as a title or a common noun, not inside a name
        # ("Billie Jean King" is no king; "Queen Elizabeth", "Mrs. Clinton", "the actress" are)
        capital_inside = i > 0 and i < len(raw) and raw[i][:1].isupper() and raw[i - 1][:1].isupper() \
            and norm_word(raw[i - 1]) not in HONORIFICS | TITLE_HEADS | DOMAIN_WORDS
        if capital_inside:
            continue
        if w in FEMALE_WORDS:
            return "f"
        if w in MALE_WORDS:
            return "m"
    names = [w for w in ws if w not in HONORIFICS and w not in TITLE_HEADS and w not in DOMAIN_WORDS]
    if names:
        first = names[0]
        if len(names) >= 2 or first in FIRST_NAMES:
            m, f = first in FIRST_NAMES_MALE, first in FIRST_NAMES_FEMALE
            if m and not f:
                return "m"
            if f and not m:
                return "f"
    return None


# Words that make up office titles beside the head ("Defence Minister", "Foreign Affairs").
DOMAIN_WORDS = word_list("office_domain_words")


_TITLE_ALT = "|".join(sorted((TITLE_HEADS | HONORIFICS) - {"chair", "head", "leader", "leaders", "general"},
                             key=len, reverse=True))
_NAME_WORD = r"[A-Z][\w'’-]*\.?"
_TITLED_NAME = re.compile(
    rf"(?i:\b(?:{_TITLE_ALT}))\.?(?:\s+of\s+(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})*?)?,?"
    rf"\s+(?-i:(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|da|de|van|von|bin|al|el))*))$")


def _titled_name(raw: str) -> str | None:
    """The name after a title at the end of the phrase, when it is not a body or outlet."""
    m = _TITLED_NAME.search(raw)
    if not m:
        return None
    name = m.group("name")
    ws = words_of(name)
    if any(w in GOV_BODIES or w in ORG_WORDS or w in DOCUMENT_HEADS or w in MEMBER_HEADS
           or w in TITLE_HEADS for w in ws) or is_media_name(name):
        return None
    return name


def source_type(text: str, doc_span: Any = None, ent_label: str | None = None) -> str:
    """The type of a source phrase; see the module docstring for the rules.

    `doc_span` (a spaCy Span of the phrase) and `ent_label` (the entity label of the
    name in it, when known) sharpen the decision; the text alone also works.
    """
    raw = clean_source_text(text or "")
    if not raw:
        return "unknown"
    words = words_of(raw)
    if not words:
        return "unknown"
    low = " ".join(words)
    if len(words) == 1 and low in PRONOUN_TYPE:
        return PRONOUN_TYPE[low]
    labels, root_lemma = _span_info(doc_span)
    if ent_label:
        labels = labels | {ent_label}
    pre, head, post = split_phrase(words)
    if root_lemma and root_lemma in (DOCUMENT_HEADS | MEMBER_HEADS | TITLE_HEADS) and root_lemma != head:
        head = root_lemma
    # Raw text of the part before the head's post-modifiers, and of the post-modifiers.
    raw_words = _WORD.findall(raw)
    cut = len(raw_words) - len(post)
    raw_pre = " ".join(raw_words[:max(cut - 1, 0)])
    raw_post = " ".join(raw_words[cut:])

    # 2. explicit anonymity, unless a named institution is the affiliation.
    if ANON_MARKERS.search(raw):
        inst = _named_institution(raw_pre, pre, labels) if head in MEMBER_HEADS else None
        return "anonymous" if inst is None else ("government" if inst == "government" else inst)

    # 2b. a title followed by a name: "Defence Minister Rajnath Singh", "Mr Katz".
    if _titled_name(raw) and not (labels & {"ORG"} and "PERSON" not in labels):
        return "person"

    # 3. documents: "press release", "the report", "a Reuters report".
    if head in DOCUMENT_HEADS or (head == "release" or low.endswith("press release")):
        if not (head == "post" and raw[:1].isupper()):  # "The Post" is a paper
            return "document"

    # 4. media by name or shape.
    if is_media_name(raw):
        return "media"

    # 5. member nouns: the affiliation decides.
    if head in MEMBER_HEADS:
        mod_raw = raw_pre + " " + re.sub(r"^(?:of|for|from|at|with|in)\s+", "", raw_post)
        mod_words = pre + [w for w in post if w not in _SPLIT_WORDS and w not in DETERMINERS]
        inst = _named_institution(mod_raw, mod_words, labels - {"PERSON", "GPE", "NORP"})
        if inst is not None:
            return inst
        if head in SPOKES:
            if _has_gov(mod_words, mod_raw):
                return "government"
            if post and "PERSON" in labels:
                return "person"
            if post and any(w[:1].isupper() for w in _WORD.findall(raw_post)):
                return "organization"
        return "anonymous"

    # 6. government bodies; a country or city speaking for its government.
    if head in ORG_WORDS and head not in GOV_BODIES:  # "the Congress party"
        return "organization"
    if head not in TITLE_HEADS and _has_gov(words, raw):
        return "government"

    # 7. offices: named -> person, unnamed -> government.
    if head in TITLE_HEADS or head in HONORIFICS:
        return "government" if head in GOV_OFFICES or head in DOMAIN_WORDS else "person"
    if "PERSON" in labels:
        return "person"
    if labels & {"GPE"} and not labels & {"ORG"}:
        return "government"
    if any(w in HONORIFICS for w in words[:1]) or (
        len(raw_words) >= 2 and norm_word(raw_words[-2]) in TITLE_HEADS and raw_words[-1][:1].isupper()
    ):
        return "person"

    # 8. organisations.
    if "ORG" in labels or head in ORG_WORDS or any(w in ORG_WORDS for w in words if w != head):
        return "organization"

    # 9. a name that looks like a person's.
    if looks_like_person_name(raw):
        return "person"
    if "NORP" in labels:
        return "unknown"
    return "unknown"
