"""Direct quotations in article text: a pure text function (stdlib only, no parser).

`find_quotes(text)` returns the outermost quotations, in order, as `Quote` records.

Marks
    Double: straight ``"``, curly ``“ ”``, low ``„`` (closed by ``“`` or ``”``).
    Single: straight ``'``, curly ``‘ ’``, low ``‚``.
    Guillemets ``« »`` (also ``»…«`` and ``»…»``) and ``‹ ›``.
    A closing mark closes the nearest pending opener of its family, so mixed straight and
    curly marks pair up (``“Hello," he said``).

Paragraphs
    A paragraph is a line (any ``str.splitlines`` break). No quote ever crosses a break.
    An opener not closed by the end of its paragraph gives a quote running to the
    paragraph end (``close_at`` None) -- if it looks like a quote (the opener stood before
    a word with a space or an opening bracket before it), or if the next non-blank
    paragraph opens with a mark of the same family: the journalistic multi-paragraph
    convention, where each paragraph reopens and only the last one closes. Each paragraph
    piece is then its own Quote, the unclosed ones with ``close_at`` None.

Apostrophes (single marks only)
    - a letter or digit on both sides: ``didn't``, ``Kashmir's``, ``o'clock``, ``D'Souza``;
    - ``rock 'n' roll``; ``U.S.'s``;
    - before a known elision (``'90s``, ``'em``, ``'til``, ``'cause``, ``'tis`` ...): not an
      opener while a single quote is pending, otherwise only a *weak* opener (kept when
      closed, dropped when never closed);
    - ``’`` before a word (``’90s``) is the typographic apostrophe: it opens a quote only
      weakly and never while a single quote is pending;
    - after a word ending in s (x, z) or ``-in`` before a space/punctuation (``leaders'
      summit``, ``Ministers' Meeting``, ``goin'``) it is a possessive/elision unless a
      single quote is pending; even then it stays an apostrophe when a sure closer
      (``,'`` ``.'`` ``word'`` not ending in s) follows later in the paragraph before the
      next sure opener, or when the quote visibly continues into the next paragraph and
      a word follows the mark.
    Feet and inches (``6'2"``) are not marks.

Errors in the text
    Unbalanced marks never raise. A stray closer is ignored. An opener of a family that is
    already pending (``"Yes. She said "no," he said``) ends the pending quote there, as an
    unclosed quote, and starts a new one -- except a straight ``"`` after ``,`` ``.`` ``!``
    ``?`` and a space, which is taken for a closer typed with a stray space.

Nesting
    Marks of another family inside a quote nest (``"the book 'X'"``); only the outermost
    quote is returned. Inner marks that never close are dropped with the outer quote's end.
    Curly ``“`` inside ``“`` (and ``‘`` inside ``‘``) nests too when enough closers follow
    in the paragraph; otherwise the rule for a pending family below applies.
    A *weak* opener (a mark with spaces on both sides, letters on both sides, a ``’`` or
    ``”`` before a word, an elision) only holds what is inside it: when it never closes,
    the quotes closed inside it are returned, and the first strong opener inside it runs to
    the paragraph end.

Titles
    ``title_cased(words)`` says whether quoted words have the shape of a name or title
    (``“The Quiet Shore,”``: short, every word capitalised but the small ones, no sentence
    inside). Whether such a quote is speech or a title depends on the sentence around it;
    attrib/analysis/attribution/quoting.py (is_title) decides that with the parse.

Spans
    ``text[q.start:q.end]`` is the quoted words without the marks and without surrounding
    whitespace; punctuation inside is kept as written. Quotes with no letter or digit are
    not returned. Spans are in order and never overlap. Linear time.
"""
from __future__ import annotations

import re

from attrib.lexicons import word_list
from attrib.types import Quote

__all__ = ["find_quotes", "title_cased"]

DOUBLE, SINGLE, GUILLEMET, GUILLEMET1 = range(4)
_FAMILY = {
    '"': DOUBLE, "“": DOUBLE, "”": DOUBLE, "„": DOUBLE,
    "'": SINGLE, "‘": SINGLE, "’": SINGLE, "‚": SINGLE,
    "«": GUILLEMET, "»": GUILLEMET,
    "‹": GUILLEMET1, "›": GUILLEMET1,
}
_MARK_RE = re.compile("[" + re.escape("".join(_FAMILY)) + "]")
# the line boundaries of str.splitlines
_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NONSPACE_RE = re.compile(r"\S")
_ALNUM_RE = re.compile(r"[^\W_]")
_CLOSING_PUNCT = frozenset(".,;!?…")
_ELISION_RE = re.compile(
    r"(?:\d\d(?:s)?|em|tis|twas|til|cause|cos|coz|cuz|bout|n|nuff|kay|scuse|twere|Tis|Twas|Em|Til|Cause)"
    r"(?![^\W_])|s-(?=[A-Z])"  # 's-Hertogenbosch
)
_ROCK_N_ROLL_RE = re.compile(r"['‘’][nN]['’‘](?![^\W_])")
_PRIME_BEFORE_RE = re.compile(r"\d['’′] ?\d{1,2}(?:\.\d+)?\Z")

# static roles of a mark, from its neighbours alone
APOS, OPEN, WEAK_OPEN, CLOSE, AMB_CLOSE, BOTH, NONE = range(7)


def _role(text: str, i: int) -> int:
    """What the mark at `i` can be, judged from its neighbours alone."""
    c = text[i]
    n = len(text)
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < n else " "
    prev_ws, next_ws = prev.isspace(), nxt.isspace()
    prev_an, next_an = prev.isalnum(), nxt.isalnum()
    prev_p = not prev_ws and not prev_an
    next_p = not next_ws and not next_an
    left = not next_ws and (not next_p or prev_ws or prev_p)  # can open
    right = not prev_ws and (not prev_p or next_ws or next_p)  # can close
    if _FAMILY[c] == SINGLE:
        if prev_an and next_an:
            return APOS
        if left and not right:
            if prev_p:
                if nxt in "sS" and (i + 2 >= n or not text[i + 2].isalnum()):
                    return APOS  # U.S.'s
                if prev in _CLOSING_PUNCT and next_an:
                    return BOTH  # "said.'Next": a closer missing its space, or an opener
            if _ROCK_N_ROLL_RE.match(text, i):
                return APOS
            if _ELISION_RE.match(text, i + 1):
                return WEAK_OPEN
            return OPEN
        if right and not left:
            if prev_an and (prev in "sSxXzZ" or (prev == "n" and text[i - 2:i] == "in" and i >= 3
                                                 and text[i - 3].isalpha() and text[i - 3].islower())):
                return AMB_CLOSE
            if prev in "nN" and i >= 2 and text[i - 2] in "'‘’" and (i < 3 or not text[i - 3].isalnum()):
                return APOS  # the second mark of rock 'n' roll
            return CLOSE
        return BOTH if left else NONE
    if prev_an and prev.isdigit() and c in '"”' and _PRIME_BEFORE_RE.search(text, max(0, i - 12), i):
        return APOS  # 6'2"
    if left and not right:
        return BOTH if (prev in _CLOSING_PUNCT and next_an) else OPEN
    if right and not left:
        return CLOSE
    return BOTH if left else NONE


def _continues(text: str, pos: int, family: int) -> bool:
    """Does the next non-blank paragraph after `pos` open with a mark of `family`?"""
    m = _NONSPACE_RE.search(text, pos)
    if m is None:
        return False
    j = m.start()
    c = text[j]
    if _FAMILY.get(c) != family:
        return False
    role = _role(text, j)
    return role == OPEN or (role == NONE and c in "“„«‹‘‚")


def _emit(text: str, out: list[Quote], open_at: int, end: int, close_at: int | None) -> None:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _ALNUM_RE.search(text, start, end):
        out.append(Quote(start=start, end=end, open_at=open_at, close_at=close_at, mark=text[open_at]))


def _cut(stack: list[tuple[int, int, bool, int]], depths: list[list[int]], depth: int) -> None:
    """Drop the stack entries from `depth` up."""
    for entry in stack[depth:]:
        depths[entry[0]].pop()
    del stack[depth:]


def _paragraph(text: str, marks: list[int], pend: int, out: list[Quote]) -> None:
    """Pair the marks of one paragraph (which ends at `pend`) and emit its outer quotes."""
    roles = [_role(text, i) for i in marks]
    # for each single mark: is the next sure single mark after it a closer? And how many
    # curly closers of its family follow it (enough of them let “ nest inside “)?
    count = len(marks)
    closer_ahead = [False] * count
    closers_after = [0] * count
    ahead = False
    left_d = left_s = 0
    for k in range(count - 2, -1, -1):
        i = marks[k + 1]
        c = text[i]
        r = roles[k + 1]
        if _FAMILY[c] == SINGLE:
            if r == CLOSE or (r == BOTH and c != "‘" and text[i - 1] in _CLOSING_PUNCT):
                ahead = True
                if c == "’":
                    left_s += 1
            elif r == OPEN and c != "’":
                ahead = False
        elif c == "”":
            left_d += 1
        closer_ahead[k] = ahead
        closers_after[k] = left_s if text[marks[k]] in "‘’" else left_d

    # (family, open_at, strong, strong entries up to and including this one)
    stack: list[tuple[int, int, bool, int]] = []
    depths: list[list[int]] = [[], [], [], []]  # per family: stack indices of its entries
    continues: list[bool | None] = [None, None, None, None]  # per family, computed on demand
    held: list[tuple[int, int]] = []  # quotes closed inside weak openers only: (open_at, close_at)

    for k, i in enumerate(marks):
        c = text[i]
        fam = _FAMILY[c]
        role = roles[k]
        if role == APOS:
            continue
        depth = depths[fam][-1] if depths[fam] else -1
        pending = depth >= 0
        pending_mark = text[stack[depth][1]] if pending else ""
        action = None  # "close", "open", "weak" or None (skip)

        if c == '"' or c == "'":
            if role == OPEN:
                action = "open"
                if pending and c == '"':
                    j = i - 1
                    while j > 0 and text[j] in " \t\u00a0":
                        j -= 1
                    if j < i - 1 and j > stack[depth][1] and text[j] in ",.!?":
                        action = "close"  # "Yes, "he said: a closer typed with a stray space
            elif role == WEAK_OPEN:
                action = None if pending else "weak"
            elif role in (BOTH, NONE):
                action = "close" if pending else "weak"
            elif role == CLOSE:
                action = "close" if pending else None
            elif role == AMB_CLOSE:
                action = "close" if pending else None
        elif c == "‘":
            if pending and pending_mark == "‚":
                action = "close"
            elif role == OPEN:
                action = "open"
            elif role == WEAK_OPEN:
                action = None if pending else "weak"
            elif role in (CLOSE, AMB_CLOSE, BOTH):
                action = "close" if pending else ("weak" if role == BOTH else None)
            elif role == NONE:
                action = None if pending else "weak"
        elif c == "’":
            if role in (OPEN, WEAK_OPEN):
                action = "weak" if (role == OPEN and not pending) else None
            else:
                action = "close" if pending else None
        elif c == "‚":
            action = "open" if role in (OPEN, WEAK_OPEN, NONE, BOTH) else None
        elif c == "“":
            if pending and (pending_mark == "„" or role in (CLOSE, BOTH)):
                action = "close"
            elif role == CLOSE:
                action = None
            else:
                action = "weak" if role == BOTH else "open"
        elif c == "”":
            if pending:
                action = "close"
            elif role == OPEN:
                action = "weak"
        elif c == "„":
            action = None if role == CLOSE else "open"
        elif c in "«‹":
            if pending and pending_mark in "»›":
                action = "close"
            else:
                action = "open"
        else:  # » ›
            if pending:
                action = "close" if (pending_mark in "«‹" or role != OPEN) else "open"
            elif role == OPEN:
                action = "open"

        if action == "close" and role == AMB_CLOSE:
            # possessive or closer? (leaders' summit / ... both sides')
            if closer_ahead[k]:
                action = None
            elif depth == 0 and i + 2 < pend and text[i + 1] == " " and text[i + 2].isalnum():
                if continues[fam] is None:
                    continues[fam] = _continues(text, pend, fam)
                if continues[fam]:
                    action = None
        if action is None:
            continue
        if action == "close":
            if pending:
                open_at = stack[depth][1]
                if depth == 0:
                    held.clear()  # inside the quote now closed
                    _emit(text, out, open_at, i, i)
                elif stack[depth - 1][3] == 0:
                    # only weak openers around it: keep it in case they come to nothing
                    while held and held[-1][0] > open_at:
                        held.pop()
                    held.append((open_at, i))
                _cut(stack, depths, depth)
            continue
        # open: an opener of a family already pending ends that quote here, unless it is
        # a curly opener inside the same curly opener and enough closers follow to nest it
        if pending and c in "“‘" and pending_mark == c:
            if closers_after[k] > len(depths[fam]):
                pending = False
        if pending:
            _fam, open_at, strong, _n = stack[depth]
            _cut(stack, depths, depth)
            if depth == 0:
                if strong:
                    _emit(text, out, open_at, i, None)
                else:
                    for held_open, held_close in held:
                        _emit(text, out, held_open, held_close, held_close)
                held.clear()
        strong = action == "open"
        depths[fam].append(len(stack))
        stack.append((fam, i, strong, (stack[-1][3] if stack else 0) + strong))

    if stack:
        fam0, open_at, strong, _n = stack[0]
        if strong or continues[fam0] or (continues[fam0] is None and _continues(text, pend, fam0)):
            _emit(text, out, open_at, pend, None)
            return
        # the outer opener comes to nothing: what it held is returned, and the first
        # strong opener inside it runs to the paragraph end
        inner = next((entry for entry in stack if entry[2]), None)
        for held_open, held_close in held:
            if inner is None or held_open < inner[1]:
                _emit(text, out, held_open, held_close, held_close)
        if inner is not None:
            _emit(text, out, inner[1], pend, None)


def find_quotes(text: str) -> list[Quote]:
    """All direct quotations in an article text, in order."""
    out: list[Quote] = []
    if not text:
        return out
    group: list[int] = []
    pend = -1  # end of the paragraph of the current group
    n = len(text)
    for m in _MARK_RE.finditer(text):
        i = m.start()
        if group and i > pend:
            _paragraph(text, group, pend, out)
            group = []
        if not group:
            b = _BREAK_RE.search(text, i)
            pend = b.start() if b else n
        group.append(i)
    if group:
        _paragraph(text, group, pend, out)
    return out


# words a title leaves in lower case ("The Lord of the Rings", "Gone with the Wind")
_TITLE_SMALL = word_list("title_small_words")
_TITLE_WORD_RE = re.compile(r"[^\W_][\w’'&.-]*")
MAX_TITLE_WORDS = 8


def title_cased(words: str) -> bool:
    """Quoted words shaped like a name or title: one to eight words, the first and every
    other but a small one (of, the, and…) capitalised or a number, and no sentence break,
    question or exclamation inside ("The Quiet Shore,", "Northern Lights")."""
    body = words.strip().rstrip(",.;:")
    if re.search(r"[!?;]|[^\W\d_]{2}\.\s", body):  # "U.S. Open" is a title, "No. Never" is not
        return False
    found = _TITLE_WORD_RE.findall(body)
    if not 1 <= len(found) <= MAX_TITLE_WORDS or not found[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in found)
