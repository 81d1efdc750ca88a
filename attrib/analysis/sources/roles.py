"""Titles and roles: "Defence Minister" read off the words before a name, from apposition or
from inside an entity ("CM Dhami"), and matched against a definite office later ("the
minister") in the mention index (pass A of `attrib.analysis.sources.resolve`).
"""
from __future__ import annotations

from typing import Any, Iterable

from attrib.analysis.sources.mentions import ROLE_EXPAND, ROLE_NORMAL, ROLE_STOP, Role
from attrib.analysis.sources.types import DOMAIN_WORDS, HONORIFICS, TITLE_HEADS, norm_word
from attrib.lexicons import table


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


_PLACE_STEMS = dict(table("place_stems"))  # american -> us, british -> uk


def _place(w: str) -> str:
    """A nationality or place word reduced to a stem: Iranian/Iran -> iran."""
    w = norm_word(w)
    if w in _PLACE_STEMS:
        return _PLACE_STEMS[w]
    return w[:4] if len(w) >= 4 else w


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


def _conflicts(a: Role, b: Role) -> bool:
    """Same office word, different place ("the Florida senator" vs "Texas senator")."""
    return bool(a.core & b.core & TITLE_HEADS) and bool(a.qual) and bool(b.qual) and not (a.qual & b.qual)


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
