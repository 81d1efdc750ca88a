"""find_quotes: direct quotations from plain text, on the seed page and hand-made cases.

No spaCy is loaded: quotes.py is a pure text function.
"""
from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from attrib.types import Quote
from attrib.text.quotes import find_quotes

SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_aaeb28f7ea0886f0.txt"
MARKS = "\"'“”„«»‘’‚‹›"
BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


def check_invariants(text: str, quotes: list[Quote]) -> None:
    """Spans in bounds, marks where they say, no paragraph break crossed, ordered, disjoint."""
    last = 0
    for q in quotes:
        assert 0 <= q.open_at < q.start < q.end <= len(text), q
        assert text[q.open_at] == q.mark and q.mark in MARKS, q
        stop = q.end
        if q.close_at is not None:
            assert q.end <= q.close_at < len(text), q
            assert text[q.close_at] in MARKS, q
            stop = q.close_at + 1
        assert not BREAKS.search(text, q.open_at, stop), q
        assert not text[q.start].isspace() and not text[q.end - 1].isspace(), q
        assert q.open_at >= last, (q, quotes)
        last = stop


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_quotes(seed: str) -> list[Quote]:
    quotes = find_quotes(seed)
    check_invariants(seed, quotes)
    return quotes


def find(seed: str, quotes: list[Quote], beginning: str) -> Quote:
    hits = [q for q in quotes if seed[q.start:q.end].startswith(beginning)]
    assert len(hits) == 1, (beginning, [seed[q.start:q.end][:40] for q in quotes])
    return hits[0]


# --- the seed page --------------------------------------------------------------------

SEED_QUOTES = [  # (beginning, ending, closed) of every outer quote on the page, in order
    ("horrendous and cowardly", "Kashmir's Pahalgam.", False),
    ("It was one of the most important", "upgrades of air platforms.", False),
    ("Supply of S-400 systems", "key takeaways of the meeting,", True),
    ("Happy to have met the Defence Minister", "India-Russia defence ties,", True),
    ("First of all, I would like", "complete the project on time,", True),
    ("The Emergency Diaries: Years that Forged a Leader", "Forged a Leader", True),
    ("experience that touches the heart.", "heart.", True),
    ("In these pages, one finds", "in the heat of struggle,", True),
    ("The Emergency Diaries - Years that Forged a Leader", "Forged a Leader", True),
    ("We wanted to eliminate Khamenei", "no operational opportunity.", True),
    ("green light", "green light", True),
    ("I do not see a situation", "facilities after the attack,", True),
    ("MAKE IRAN GREAT AGAIN.", "AGAIN.", True),
    ("exaggerated", "exaggerated", True),
    ("the necessity of solving", "permanent engagement and de-escalation", True),
    ("of course a country", "of course a country", True),
    ("Some countries use cross-border terrorism", "should not hesitate to criticise such nations", True),
    ("iron-clad", "iron-clad", True),
    ("We hope China will continue", "easing regional tensions.", True),
    ("I encourage the Chinese government", "Straits of Hormuz for their oil,", True),
    ("teapot refineries", "teapot refineries", True),
    ("marking his first-ever absence", "leading emerging economies", True),
    ("perceived as a supporting actor", "perceived as a supporting actor", True),
    ("driving force", "driving force", True),
    ("10 Talks on the Country", "10 Talks on the Country", True),
    ("Taiwan has never belonged", "People's Republic of China", True),
    ("Taiwan's independence manifesto", "Taiwan's independence manifesto", True),
    ("Taiwan has never been a country", "an integral part of China,", True),
    ("Taiwan's future can only be decided", "our compatriots in Taiwan.", True),
    ("red line", "red line", True),
    ("separatist", "separatist", True),
    ("recall", "recall", True),
    ("oppose the communists", "oppose the communists", True),
]


def test_seed_page_every_quote(seed: str, seed_quotes: list[Quote]):
    got = [(seed[q.start:q.end], q.close_at is not None) for q in seed_quotes]
    assert len(got) == len(SEED_QUOTES), [g[0][:40] for g in got]
    for (words, closed), (beginning, ending, want_closed) in zip(got, SEED_QUOTES):
        assert words.startswith(beginning) and words.endswith(ending), (words, beginning, ending)
        assert closed == want_closed, words


def test_seed_apostrophes_are_not_marks(seed: str, seed_quotes: list[Quote]):
    marks = {q.open_at for q in seed_quotes} | {q.close_at for q in seed_quotes if q.close_at is not None}
    for word in ("Ministers' Meeting", "Ministers' meeting", "Kashmir's", "didn't", "Buffett's",
                 "Israel's", "week's", "leaders' summit", "Mao's", "Qatar's", "Lula da Silva's"):
        for m in re.finditer(re.escape(word), seed):
            apostrophe = m.start() + word.index("'")
            assert apostrophe not in marks, (word, m.start())


def test_seed_press_release_opens_without_closing(seed: str, seed_quotes: list[Quote]):
    """Ministry of Defence: ' never closed in its paragraph; the next one reopens and closes."""
    first = find(seed, seed_quotes, "It was one of the most important")
    assert first.close_at is None and seed[first.open_at] == "'"
    assert seed[first.end:].startswith("\n'Supply")  # ran to its paragraph end, period kept
    second = find(seed, seed_quotes, "Supply of S-400")
    assert second.open_at == first.end + 1  # the next paragraph's opening mark
    assert seed[second.close_at:second.close_at + 10] == "' it added"


def test_seed_unclosed_single_runs_to_paragraph_end(seed: str, seed_quotes: list[Quote]):
    q = find(seed, seed_quotes, "horrendous")
    assert q.close_at is None
    assert seed[q.open_at - 4:q.open_at + 1] == "the '"
    assert seed[q.end] == "\n" and seed[q.end - 9:q.end] == "Pahalgam."


def test_seed_post_on_x_keeps_the_possessive_inside(seed: str, seed_quotes: list[Quote]):
    q = find(seed, seed_quotes, "Happy to have met")
    words = seed[q.start:q.end]
    assert "SCO Defence Ministers' Meeting in Qingdao. We had insightful" in words
    assert seed[q.close_at:q.close_at + 16] == "' Singh posted o"


def test_seed_double_quote_with_didnt(seed: str, seed_quotes: list[Quote]):
    q = find(seed, seed_quotes, "First of all")
    words = seed[q.start:q.end]
    assert "the work didn't begin." in words and words.endswith("on time,")
    assert q.mark == '"' and seed[q.close_at + 1:q.close_at + 15] == " CM Dhami said"


def test_seed_indian_express_singles(seed: str, seed_quotes: list[Quote]):
    q = find(seed, seed_quotes, "Some countries use")
    assert "There should be no place for such double standards." in seed[q.start:q.end]
    assert seed[q.close_at:q.close_at + 2] == "'."  # the period stays outside
    q = find(seed, seed_quotes, "Taiwan's future")
    assert seed[q.end - 7:q.close_at + 1] == "Taiwan.'"
    q = find(seed, seed_quotes, "iron-clad")
    assert seed[q.open_at:q.close_at + 2] == "'iron-clad'."


# --- hand-made: marks and styles ------------------------------------------------------

def test_curly_double_with_cue_in_the_middle():
    text = "“We will act,” Singh said, “and we will do it soon.”"
    qs = find_quotes(text)
    assert quoted(text) == ["We will act,", "and we will do it soon."]
    assert [(q.mark, q.open_at, q.close_at) for q in qs] == [("“", 0, 13), ("“", 27, 51)]


def test_straight_double_with_cue_in_the_middle():
    assert quoted('"We will act," Singh said, "and soon."') == ["We will act,", "and soon."]


def test_curly_single_and_mixed_straight_curly():
    assert quoted("She called it ‘historic’ and ‘long overdue’.") == ["historic", "long overdue"]
    assert quoted('“Hello," he said.') == ["Hello,"]


def test_guillemets_and_low_marks():
    assert quoted("«Bonjour», dit-il. « Au revoir »") == ["Bonjour", "Au revoir"]
    assert quoted("„Guten Tag“, sagte er. »Hallo«, sagte sie. ‚ja‘ ‹oui›") == ["Guten Tag", "Hallo", "ja", "oui"]


def test_start_end_exclude_marks_and_outer_spaces():
    text = 'He said " spaced out " and left.'
    (q,) = find_quotes(text)
    assert text[q.open_at] == '"' and text[q.close_at] == '"'
    assert text[q.start:q.end] == "spaced out"


def test_nested_title_is_part_of_the_outer_quote():
    text = "\"I read the book 'The Emergency Diaries' twice,\" she said."
    assert quoted(text) == ["I read the book 'The Emergency Diaries' twice,"]
    text = "'He told me \"never again\", and meant it,' she said."
    assert quoted(text) == ['He told me "never again", and meant it,']


def test_nested_same_curly_marks():
    assert quoted("“He said “no” to me,” she said.") == ["He said “no” to me,"]
    # not enough closers to nest: the first quote ends where the second opens
    assert quoted("“Hello. She said “bye,” he said") == ["Hello. She said", "bye,"]


def test_scare_quotes_are_quotes():
    text = "Israel had a \"green light\" and a 'red line', the 'iron-clad' ties, the \"exaggerated\" damage."
    assert quoted(text) == ["green light", "red line", "iron-clad", "exaggerated"]


# --- hand-made: apostrophes -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Kashmir's capital and China's port.",
    "The work didn't begin and they won't stop.",
    "The SCO Defence Ministers' Meeting in Qingdao.",
    "It happened in the '90s and the ’80s, not in ‘70s.",
    "I love rock 'n' roll and rock ’n’ roll.",
    "It is five o'clock; O'Brien and D'Souza came.",
    "The leaders' summit, the bosses' plan and the Joneses' house.",
    "He was goin' home with 'em.",
    "The U.S.'s position.",
    "He is 6'2\" tall.",
    "Ng’ang’a said so.",
    "They met in 's-Hertogenbosch.",
])
def test_apostrophes_are_not_quotes(text):
    assert find_quotes(text) == []


def test_apostrophes_inside_a_single_quote():
    assert quoted("'It is the leaders' summit that matters,' he said.") == [
        "It is the leaders' summit that matters,"]
    assert quoted("'We loved the '90s and rock 'n' roll,' he said.") == ["We loved the '90s and rock 'n' roll,"]
    assert quoted("‘We didn’t go to Kashmir’s capital,’ he said.") == ["We didn’t go to Kashmir’s capital,"]


def test_plural_possessive_or_closing_mark():
    # the quote ends after an s: nothing closes later, so the mark closes
    assert quoted("He called it 'a game for bosses' and left.") == ["a game for bosses"]
    assert quoted("Singh said, 'criticise such nations'. Then he left.") == ["criticise such nations"]
    # a later sure opener means this mark closes; a later sure closer means it is a possessive
    assert quoted("He called it 'a game for bosses' and said, 'no,' firmly.") == ["a game for bosses", "no,"]
    assert quoted("'The ministers' meeting failed,' he said.") == ["The ministers' meeting failed,"]


def test_weak_opener_does_not_swallow_real_quotes():
    assert quoted("A stray \" mark, then 'a real one' here.") == ["a real one"]
    text = "A stray \" mark, then 'one never closed"
    qs = find_quotes(text)
    assert quoted(text) == ["one never closed"] and qs[0].close_at is None


def test_elision_can_still_open_a_closed_quote():
    assert quoted("'Cause I said so,' he told them.") == ["Cause I said so,"]
    assert quoted("'cause I said so,' he told them.") == ["cause I said so,"]


# --- hand-made: paragraphs and broken text --------------------------------------------

def test_multi_paragraph_quote_one_piece_per_paragraph():
    text = ('He said: "The first part runs on.\n\n'
            '"The second part too.\n'
            '"And the last part closes," he added.')
    qs = find_quotes(text)
    assert quoted(text) == ["The first part runs on.", "The second part too.", "And the last part closes,"]
    assert [q.close_at is None for q in qs] == [True, True, False]
    check_invariants(text, qs)


def test_multi_paragraph_with_crlf_and_curly():
    text = "“Alpha part,\r\n“beta part,\r\n“gamma part,” she said."
    qs = find_quotes(text)
    assert quoted(text) == ["Alpha part,", "beta part,", "gamma part,"]
    assert [q.close_at is None for q in qs] == [True, True, False]


def test_continuation_keeps_a_weak_opener():
    # a spaced opener alone would not count as a quote, but the next paragraph reopens it
    assert quoted('She said " first part\n"second part," and went.') == ["first part", "second part,"]
    assert quoted('A stray " mark\nand a line.') == []


def test_possessive_at_end_of_a_continued_paragraph():
    text = "'We speak for the members' families here.\n'And we will go on,' he said."
    assert quoted(text) == ["We speak for the members' families here.", "And we will go on,"]


def test_never_crosses_a_paragraph_break():
    text = 'He said "this never closes\nand this line has "a quote" in it.'
    qs = find_quotes(text)
    assert quoted(text) == ["this never closes", "a quote"]
    assert qs[0].close_at is None and qs[1].close_at is not None
    check_invariants(text, qs)


def test_unclosed_opener_ends_where_the_next_quote_opens():
    text = '"Yes. She said "no," he added.'
    qs = find_quotes(text)
    assert quoted(text) == ["Yes. She said", "no,"]
    assert qs[0].close_at is None
    check_invariants(text, qs)


def test_closer_typed_with_a_stray_space():
    assert quoted('"Yes, "he said.') == ["Yes,"]


def test_odd_number_of_marks():
    text = "He said \"one\" and \"two\" and \" three and 'four' and ' five"
    assert quoted(text) == ["one", "two", "four"]
    assert quoted('Only a closer" here.') == []
    assert quoted("word' word' word'") == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", '"', "'", '""', "''", '"""', "'''", "“”", "‘’",
                                  MARKS, MARKS * 3, "\n".join(MARKS), '" "', "' '", "“ ” ‘ ’ « »"])
def test_marks_only_and_empty(text):
    qs = find_quotes(text)
    assert qs == []
    check_invariants(text, qs)


def test_returns_quote_records():
    (q,) = find_quotes('He said "hi".')
    assert isinstance(q, Quote)
    assert q == Quote(start=9, end=11, open_at=8, close_at=11, mark='"')


# --- robustness and speed -------------------------------------------------------------

FUZZ_ALPHABET = MARKS + "ab s9 .,;:!?-()\n\r\u2028 "


def test_random_strings_never_break_the_invariants():
    rng = random.Random(20250627)
    for _ in range(3000):
        text = "".join(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randint(0, 60)))
        check_invariants(text, find_quotes(text))


def test_fuzzed_seed_never_breaks_the_invariants(seed: str):
    rng = random.Random(7)
    for _ in range(30):
        chars = list(seed[:4000])
        for _ in range(60):
            chars[rng.randrange(len(chars))] = rng.choice(MARKS + "\n")
        text = "".join(chars)
        check_invariants(text, find_quotes(text))


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    def test_property_random_marks_and_letters():
        pytest.skip("hypothesis not installed")
else:
    @settings(max_examples=1500, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list(FUZZ_ALPHABET)), max_size=80))
    def test_property_random_marks_and_letters(text):
        quotes = find_quotes(text)
        check_invariants(text, quotes)
        assert find_quotes(text) == quotes

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=200))
    def test_property_any_unicode(text):
        check_invariants(text, find_quotes(text))


def test_one_megabyte_is_fast(seed: str):
    text = (seed * (1_000_000 // len(seed) + 1))[:1_000_000]
    t0 = time.perf_counter()
    quotes = find_quotes(text)
    assert time.perf_counter() - t0 < 1.0
    assert len(quotes) > 1000


def test_pathological_nesting_is_linear():
    text = "“" * 100_000 + "a" + "”" * 100_000
    t0 = time.perf_counter()
    quotes = find_quotes(text)
    assert time.perf_counter() - t0 < 1.0
    assert len(quotes) == 1 and text[quotes[0].start:quotes[0].end].strip("“”") == "a"
