"""Pass A of source resolution, linking: each mention, in text order, to an entity (a name
to the entity with that full, last or first name; an acronym to its name; a definite
office to the holder of the best-matching role; a qualified office with no holder to the
person last named as a subject), or to a new one.
"""
from __future__ import annotations

from typing import Any

from attrib.analysis.sources.mentions import (
    _PERSON_NOUNS, GROUP_HEADS, Entity, Mention, Role, _display_name, _gendered, _has_cap,
)
from attrib.analysis.sources.roles import _conflicts, _role_words, role_match
from attrib.analysis.sources.types import (
    DOCUMENT_HEADS, FIRST_NAMES, GOV_BODIES, MEMBER_HEADS, ORG_WORDS, TITLE_HEADS,
    gender_of_name, is_media_name, source_type,
)
from attrib.lexicons import word_list


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
                and toks[0] in FIRST_NAMES \
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


# Definite titles that, with no holder on record, stand for the person last named:
# "the Florida senator", "the billionaire" (not "the officer": usually someone new).
_GUESSABLE = word_list("guessable_titles")


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


def _nominal_display(m: Mention) -> str:
    return _display_name(f"{m.text} {m.affil}" if m.affil else m.text)
