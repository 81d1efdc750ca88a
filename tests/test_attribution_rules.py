"""The attribution rules on hand-built parses: no model is loaded, each test runs in
milliseconds.

As in spaCy's own tests/pipeline, every parse is written out (words, lemmas, parts of
speech, tags, dependencies, heads), so a test says exactly which parse a rule is given,
and fails only when the rule changes, not when the parser does. The vocabulary is blank
English's (lexical attributes such as `is_punct` and `is_quote` set, no weights). Every
sentence is invented. The real-model tests of the same rules are tests/test_attribution.py.
"""
from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from attrib.analysis.attribution import phrases, quoting, spans, verbs
from attrib.analysis.attribution.finder import AttributionFinder
from attrib.text.quotes import find_quotes, title_cased
from attrib.types import Attribution, Quote

BLANK = English()


def parse(text: str, rows: str, ents: dict[int, str] | None = None) -> Doc:
    """A parsed Doc of `text`: one token a row, "word lemma POS TAG dep head" (head: the
    index of the head token; a ROOT is its own head). `ents` gives one-token entities by
    token index."""
    table = [r.split() for r in rows.strip().splitlines() if r.strip()]
    words = [r[0] for r in table]
    spaces, at = [], 0
    for w in words:
        at = text.index(w, at) + len(w)
        spaces.append(text[at:at + 1] == " ")
    iob = ["B-" + ents[i] if ents and i in ents else "O" for i in range(len(words))]
    doc = Doc(BLANK.vocab, words=words, spaces=spaces, lemmas=[r[1] for r in table], pos=[r[2] for r in table],
              tags=[r[3] for r in table], deps=[r[4] for r in table], heads=[int(r[5]) for r in table], ents=iob)
    assert doc.text == text
    return doc


def plain(text: str) -> Doc:
    """A tokenized Doc with no parse, one sentence: for the rules that read only the text."""
    doc = BLANK.make_doc(text)
    for t in doc:
        t.is_sent_start = t.i == 0
    return doc


def find(doc: Doc) -> list[Attribution]:
    """The finder's output on `doc`, by the rule thresholds (no learned model)."""
    return AttributionFinder(use_model=False)(doc)._.attrib_attributions


def words(doc: Doc, span: tuple[int, int] | None) -> str | None:
    return None if span is None else doc.text[span[0]:span[1]]


def tok(doc: Doc, word: str) -> object:
    return next(t for t in doc if t.text == word)


SAID_CLAUSE = """
Ruiz Ruiz PROPN NNP nsubj 1
said say VERB VBD ROOT 1
the the DET DT det 3
bridge bridge NOUN NN nsubj 5
would would AUX MD aux 5
close close VERB VB ccomp 1
. . PUNCT . punct 1
"""

QUOTE_THEN_CUE = """
" " PUNCT `` punct 8
The the DET DT det 2
bridge bridge NOUN NN nsubj 4
will will AUX MD aux 4
close close VERB VB ccomp 8
, , PUNCT , punct 8
" " PUNCT '' punct 8
Ruiz Ruiz PROPN NNP nsubj 8
said say VERB VBD ROOT 8
. . PUNCT . punct 8
"""

SECOND_QUOTE = """
" " PUNCT `` punct 12
It it PRON PRP nsubj 12
is be AUX VBZ ROOT 12
old old ADJ JJ acomp 12
. . PUNCT . punct 12
" " PUNCT '' punct 12
"""  # after QUOTE_THEN_CUE: its tokens start at 10


# -- the verb rule, through the finder ----------------------------------------------------

def test_a_verb_of_saying_with_a_clause_is_an_indirect_attribution():
    doc = parse("Ruiz said the bridge would close.", SAID_CLAUSE)
    [a] = find(doc)
    assert (a.kind, words(doc, a.cue), words(doc, a.source), words(doc, a.content)) == (
        "indirect", "said", "Ruiz", "the bridge would close")
    assert a.rule == "verb:say" and a.evidential


def test_a_quote_before_its_cue_is_the_content_with_its_marks():
    doc = parse('"The bridge will close," Ruiz said.', QUOTE_THEN_CUE)
    [a] = find(doc)
    assert (a.kind, words(doc, a.source), words(doc, a.content)) == ("direct", "Ruiz", '"The bridge will close,"')


def test_the_quote_after_the_cues_sentence_goes_on_speaking():
    text = '"The bridge will close," Ruiz said. "It is old."'
    doc = parse(text, QUOTE_THEN_CUE + SECOND_QUOTE)
    first, second = find(doc)
    assert words(doc, first.content) == '"The bridge will close,"'
    assert (second.rule, words(doc, second.source), words(doc, second.content)) == (
        "quote:after-cue", "Ruiz", '"It is old."')
    assert second.cue == first.cue


def test_a_speech_act_with_a_named_subject_reports_its_object():
    doc = parse("Ruiz described the plan as reckless.", """
Ruiz Ruiz PROPN NNP nsubj 1
described describe VERB VBD ROOT 1
the the DET DT det 3
plan plan NOUN NN dobj 1
as as ADP IN prep 1
reckless reckless ADJ JJ pobj 4
. . PUNCT . punct 1
""")
    [a] = find(doc)
    assert (words(doc, a.source), words(doc, a.content), a.evidential) == ("Ruiz", "the plan as reckless", True)


def test_a_supposed_report_is_no_evidence():
    doc = parse("Ruiz would argue that the bridge is old.", """
Ruiz Ruiz PROPN NNP nsubj 2
would would AUX MD aux 2
argue argue VERB VB ROOT 2
that that SCONJ IN mark 6
the the DET DT det 5
bridge bridge NOUN NN nsubj 6
is be AUX VBZ ccomp 2
old old ADJ JJ acomp 6
. . PUNCT . punct 2
""")
    [a] = find(doc)
    assert words(doc, a.cue) == "would argue" and not a.evidential
    assert verbs.hypothetical(tok(doc, "argue"))


def test_a_passive_belief_with_nobody_named_is_a_hedge():
    doc = parse("It is believed that the bridge closed.", """
It it PRON PRP nsubjpass 2
is be AUX VBZ auxpass 2
believed believe VERB VBN ROOT 2
that that SCONJ IN mark 6
the the DET DT det 5
bridge bridge NOUN NN nsubj 6
closed close VERB VBD ccomp 2
. . PUNCT . punct 2
""")
    [a] = find(doc)
    assert (a.kind, a.source, a.evidential) == ("other", None, True)
    assert words(doc, a.content).endswith("the bridge closed")


def test_a_citation_is_upstream_and_not_part_of_the_content():
    doc = parse("Ruiz said, citing officials, that the bridge was closed.", """
Ruiz Ruiz PROPN NNP nsubj 1
said say VERB VBD ROOT 1
, , PUNCT , punct 1
citing cite VERB VBG advcl 1
officials official NOUN NNS dobj 3
, , PUNCT , punct 1
that that SCONJ IN mark 10
the the DET DT det 8
bridge bridge NOUN NN nsubjpass 10
was be AUX VBD auxpass 10
closed close VERB VBN ccomp 1
. . PUNCT . punct 1
""")
    [a] = find(doc)
    assert a.cited == ["officials"] and a.cited_at == doc[3].idx
    assert "citing" not in words(doc, a.content) and words(doc, a.content).endswith("the bridge was closed")


def test_quoted_as_saying_makes_the_one_quoted_the_source():
    doc = parse("Reuters quoted an official as saying the talks had collapsed.", """
Reuters Reuters PROPN NNP nsubj 1
quoted quote VERB VBD ROOT 1
an an DET DT det 3
official official NOUN NN dobj 1
as as ADP IN prep 1
saying say VERB VBG pcomp 4
the the DET DT det 7
talks talk NOUN NNS nsubj 9
had have AUX VBD aux 9
collapsed collapse VERB VBN ccomp 5
. . PUNCT . punct 1
""", ents={0: "ORG"})
    [a] = find(doc)
    assert (a.rule, words(doc, a.source), words(doc, a.content), a.via) == (
        "verb:quote-as-saying", "an official", "the talks had collapsed", ["Reuters"])


def test_an_attribution_inside_anothers_content_is_its_child():
    doc = parse("Reuters reported that Ruiz said the bridge closed.", """
Reuters Reuters PROPN NNP nsubj 1
reported report VERB VBD ROOT 1
that that SCONJ IN mark 4
Ruiz Ruiz PROPN NNP nsubj 4
said say VERB VBD ccomp 1
the the DET DT det 6
bridge bridge NOUN NN nsubj 7
closed close VERB VBD ccomp 4
. . PUNCT . punct 1
""")
    outer, inner = find(doc)
    assert (words(doc, outer.source), words(doc, inner.source)) == ("Reuters", "Ruiz")
    assert words(doc, inner.content) == "the bridge closed"
    assert (outer.parent, inner.parent) == (None, 0)


def test_being_named_to_a_post_is_an_event_not_a_report():
    passive = parse("Ruiz was named mayor.", """
Ruiz Ruiz PROPN NNP nsubjpass 2
was be AUX VBD auxpass 2
named name VERB VBN ROOT 2
mayor mayor NOUN NN oprd 2
. . PUNCT . punct 2
""")
    active = parse("The panel named Ruiz mayor.", """
The the DET DT det 1
panel panel NOUN NN nsubj 2
named name VERB VBD ROOT 2
Ruiz Ruiz PROPN NNP dobj 2
mayor mayor NOUN NN oprd 2
. . PUNCT . punct 2
""")
    assert verbs.designation(tok(passive, "named"))
    assert not verbs.designation(tok(active, "named"))  # the panel's act, as PolNeAR marks it
    assert find(passive) == []


# -- verb predicates ----------------------------------------------------------------------

def test_cue_tokens_take_the_auxiliaries_negation_and_particle():
    doc = parse("Ruiz has not pointed out that the bridge closed.", """
Ruiz Ruiz PROPN NNP nsubj 3
has have AUX VBZ aux 3
not not PART RB neg 3
pointed point VERB VBN ROOT 3
out out ADP RP prt 3
that that SCONJ IN mark 8
the the DET DT det 7
bridge bridge NOUN NN nsubj 8
closed close VERB VBD ccomp 3
. . PUNCT . punct 3
""")
    assert [t.text for t in verbs.cue_tokens(tok(doc, "pointed"))] == ["has", "not", "pointed", "out"]


@pytest.mark.parametrize("thing, said", [("statement", True), ("video", False)])
def test_publishing_is_saying_only_when_what_is_published_is_speech(thing, said):
    doc = parse(f"Ruiz released a {thing}.", f"""
Ruiz Ruiz PROPN NNP nsubj 1
released release VERB VBD ROOT 1
a a DET DT det 3
{thing} {thing} NOUN NN dobj 1
. . PUNCT . punct 1
""")
    assert verbs.speech_act(tok(doc, "released")) is said


@pytest.mark.parametrize("holder, believed", [("Police", True), ("I", False)])
def test_a_third_partys_belief_is_reported_a_first_persons_is_opinion(holder, believed):
    doc = parse(f"{holder} believe the fire was set.", f"""
{holder} {holder.lower()} {"PRON" if holder == "I" else "NOUN"} NNS nsubj 1
believe believe VERB VBP ROOT 1
the the DET DT det 3
fire fire NOUN NN nsubjpass 5
was be AUX VBD auxpass 5
set set VERB VBN ccomp 1
. . PUNCT . punct 1
""")
    verb = tok(doc, "believe")
    assert verbs.believed(verb, verbs.subject_of(verb)) is believed


def test_a_conjoined_verb_borrows_the_subject():
    doc = parse("Ruiz arrived late and said the bridge was closed.", """
Ruiz Ruiz PROPN NNP nsubj 1
arrived arrive VERB VBD ROOT 1
late late ADV RB advmod 1
and and CCONJ CC cc 1
said say VERB VBD conj 1
the the DET DT det 6
bridge bridge NOUN NN nsubjpass 8
was be AUX VBD auxpass 8
closed close VERB VBN ccomp 4
. . PUNCT . punct 1
""")
    assert verbs.subject_of(tok(doc, "said")).text == "Ruiz"


def test_saying_after_by_is_said_by_the_one_who_did_it():
    doc = parse("Ruiz responded by saying the bridge was closed.", """
Ruiz Ruiz PROPN NNP nsubj 1
responded respond VERB VBD ROOT 1
by by ADP IN prep 1
saying say VERB VBG pcomp 2
the the DET DT det 5
bridge bridge NOUN NN nsubjpass 7
was be AUX VBD auxpass 7
closed close VERB VBN ccomp 3
. . PUNCT . punct 1
""")
    saying = tok(doc, "saying")
    assert verbs.speech_pcomp(tok(doc, "by")) == saying
    assert verbs.subject_of(saying).text == "Ruiz"


@pytest.mark.parametrize("text, rows, down", [
    ("Ruiz told Reuters the bridge was closed.", """
Ruiz Ruiz PROPN NNP nsubj 1
told tell VERB VBD ROOT 1
Reuters Reuters PROPN NNP dative 1
the the DET DT det 4
bridge bridge NOUN NN nsubjpass 6
was be AUX VBD auxpass 6
closed close VERB VBN ccomp 1
. . PUNCT . punct 1
""", ["Reuters"]),
    ("Ruiz said on Twitter the bridge was closed.", """
Ruiz Ruiz PROPN NNP nsubj 1
said say VERB VBD ROOT 1
on on ADP IN prep 1
Twitter Twitter PROPN NNP pobj 2
the the DET DT det 5
bridge bridge NOUN NN nsubjpass 7
was be AUX VBD auxpass 7
closed close VERB VBN ccomp 1
. . PUNCT . punct 1
""", ["Twitter"]),
])
def test_told_x_and_on_a_platform_are_downstream(text, rows, down):
    doc = parse(text, rows)
    assert verbs.intermediaries(doc[1]) == (down, [], None)


@pytest.mark.parametrize("subject, body", [("council", True), ("Republicans", False)])
def test_a_bodys_formal_decision_on_a_thing_is_an_act(subject, body):
    doc = parse(f"The {subject} approved a budget.", f"""
The the DET DT det 1
{subject} {subject.lower().rstrip("s")} {"NOUN" if body else "PROPN"} NN nsubj 2
approved approve VERB VBD ROOT 2
a a DET DT det 4
budget budget NOUN NN dobj 2
. . PUNCT . punct 2
""")
    verb = tok(doc, "approved")
    assert verbs.act_on_thing(verb, verbs.subject_of(verb), [tok(doc, "budget")]) is body


def test_as_clause_before_the_sentence_or_set_off_by_a_comma():
    before = parse("As the Times observed, the council controls the budget.", """
As as SCONJ IN mark 3
the the DET DT det 2
Times Times PROPN NNP nsubj 3
observed observe VERB VBD advcl 7
, , PUNCT , punct 7
the the DET DT det 6
council council NOUN NN nsubj 7
controls control VERB VBZ ROOT 7
the the DET DT det 9
budget budget NOUN NN dobj 7
. . PUNCT . punct 7
""")
    comparison = parse("The plan is not as toxic as insiders believe.", """
The the DET DT det 1
plan plan NOUN NN nsubj 2
is be AUX VBZ ROOT 2
not not PART RB neg 2
as as ADV RB advmod 5
toxic toxic ADJ JJ acomp 2
as as SCONJ IN mark 8
insiders insider NOUN NNS nsubj 8
believe believe VERB VBP advcl 5
. . PUNCT . punct 2
""")
    assert verbs.as_clause(tok(before, "observed"))
    assert not verbs.as_clause(tok(comparison, "believe"))  # a comparison, not a report


# "probe" is a document subject only here, not in source typing's document nouns
@pytest.mark.parametrize("noun, document", [("survey", True), ("probe", True), ("mayor", False)])
def test_documents_are_the_subjects_of_findings(noun, document):
    doc = parse(f"The {noun} found flaws.", f"""
The the DET DT det 1
{noun} {noun} NOUN NN nsubj 2
found find VERB VBD ROOT 2
flaws flaw NOUN NNS dobj 2
. . PUNCT . punct 2
""")
    assert verbs.is_document(doc[1]) is document


# -- quote rules --------------------------------------------------------------------------

def test_a_title_cased_quoted_name_is_a_title_not_speech():
    doc = parse("Her role in “The Quiet Shore” won praise.", """
Her her PRON PRP$ poss 1
role role NOUN NN nsubj 8
in in ADP IN prep 1
“ “ PUNCT `` punct 6
The the DET DT det 6
Quiet Quiet PROPN NNP compound 6
Shore Shore PROPN NNP pobj 2
” ” PUNCT '' punct 6
won win VERB VBD ROOT 8
praise praise NOUN NN dobj 8
. . PUNCT . punct 8
""")
    [q] = find_quotes(doc.text)
    assert quoting.is_title(doc, q)


def test_a_title_cased_quote_that_is_the_clause_said_stays_speech():
    sighed = parse("“Total Chaos,” she sighed.", """
“ “ PUNCT `` punct 6
Total total ADJ JJ amod 2
Chaos chaos NOUN NN ccomp 6
, , PUNCT , punct 6
” ” PUNCT '' punct 6
she she PRON PRP nsubj 6
sighed sigh VERB VBD ROOT 6
. . PUNCT . punct 6
""")
    [q] = find_quotes(sighed.text)
    assert not quoting.is_title(sighed, q)  # "sigh" is no verb of saying, but the quote is its clause
    doc = parse("“Come Home Now,” she said.", """
“ “ PUNCT `` punct 7
Come come VERB VB ccomp 7
Home home ADV RB advmod 1
Now now ADV RB advmod 1
, , PUNCT , punct 7
” ” PUNCT '' punct 7
she she PRON PRP nsubj 7
said say VERB VBD ROOT 7
. . PUNCT . punct 7
""")
    [q] = find_quotes(doc.text)
    assert not quoting.is_title(doc, q)
    [a] = find(doc)
    assert (a.kind, words(doc, a.content)) == ("direct", "“Come Home Now,”")


def test_a_quote_left_open_goes_on_in_the_next_paragraph():
    text = "Ruiz said: “The bridge is old.\n“It will be rebuilt.”"
    first, nxt = find_quotes(text)
    assert first.close_at is None
    said = Attribution(kind="direct", cue=(5, 9), source=(0, 4), content=first.with_marks, rule="verb:say")
    [cont] = quoting.continuations(text, [first, nxt], [said])
    assert (cont.rule, cont.source, cont.content) == ("quote:continued", (0, 4), nxt.with_marks)


def test_a_quote_signed_with_a_dash_names_its_speaker():
    doc = plain("“Stay the course and keep going.” ― Sonya Herridge")
    quotes = find_quotes(doc.text)
    used: set[int] = set()
    [a] = quoting.dash_signatures(doc, quotes, used)
    assert (a.kind, words(doc, a.source), words(doc, a.cue), used) == ("direct", "Sonya Herridge", "―", {0})


def test_typewriter_double_quotes_take_both_apostrophes():
    text = "He said ''the bridge is old'' today."
    q = Quote(start=10, end=27, open_at=9, close_at=27, mark="'")
    assert quoting.doubled(text, q).with_marks == (8, 29)
    assert text[8:29] == "''the bridge is old''"


@pytest.mark.parametrize("text, spoken", [("“You winning?”", True), ("“green light”", False)])
def test_a_short_quote_counts_when_it_ends_like_speech(text, spoken):
    [q] = find_quotes(text)
    assert quoting.sounds_spoken(text, q) is spoken


# -- other cues ---------------------------------------------------------------------------

def test_according_to_names_the_source_before_the_comma():
    doc = parse("According to Ruiz, the bridge closed.", """
According accord VERB VBG prep 6
to to ADP IN prep 0
Ruiz Ruiz PROPN NNP pobj 1
, , PUNCT , punct 6
the the DET DT det 5
bridge bridge NOUN NN nsubj 6
closed close VERB VBD ROOT 6
. . PUNCT . punct 6
""")
    [a] = find(doc)
    assert (a.kind, words(doc, a.cue), words(doc, a.source), words(doc, a.content)) == (
        "according_to", "According to", "Ruiz", "the bridge closed")


def test_a_hedge_adverb_has_no_source():
    doc = parse("Reportedly, the bridge closed.", """
Reportedly reportedly ADV RB advmod 4
, , PUNCT , punct 4
the the DET DT det 3
bridge bridge NOUN NN nsubj 4
closed close VERB VBD ROOT 4
. . PUNCT . punct 4
""")
    [a] = find(doc)
    assert (a.kind, a.rule, a.source, words(doc, a.content)) == ("other", "hedge:adverb", None, "the bridge closed")


def test_a_noun_of_saying_is_owned_by_its_possessor():
    doc = parse("Ruiz's claim that the bridge closed was false.", """
Ruiz Ruiz PROPN NNP poss 2
's 's PART POS case 0
claim claim NOUN NN nsubj 7
that that SCONJ IN mark 6
the the DET DT det 5
bridge bridge NOUN NN nsubj 6
closed close VERB VBD acl 2
was be AUX VBD ROOT 7
false false ADJ JJ acomp 7
. . PUNCT . punct 7
""")
    a = phrases.noun_cue(doc, tok(doc, "claim"))
    assert (a.rule, words(doc, a.source), words(doc, a.content)) == ("noun:claim", "Ruiz", "the bridge closed")


def test_is_said_to_is_a_vague_hedge():
    doc = plain("The bridge is said to be unsafe for trucks.")
    [a] = phrases.vague_phrases(doc, [])
    assert (a.kind, a.source, words(doc, a.cue), words(doc, a.content)) == (
        "other", None, "is said to", "be unsafe for trucks")


def test_a_transcript_speaker_line_but_not_a_label():
    doc = plain("WALLACE: Let us start with the budget tonight.")
    [a] = phrases.speaker_lines(doc, set())
    assert (words(doc, a.source), words(doc, a.content)) == ("WALLACE", "Let us start with the budget tonight")
    assert phrases.speaker_lines(plain("UPDATE: The bridge closed on Monday night."), set()) == []


# -- spans (pure text) --------------------------------------------------------------------

def test_tighten_drops_space_and_edge_punctuation_but_not_quote_marks():
    text = ' , “the bridge is old”. '
    assert text[slice(*spans.tighten(text, (0, len(text))))] == "“the bridge is old”"
    assert spans.tighten(text, (0, 3)) is None


def test_balance_quotes_takes_in_the_closing_mark():
    text = "Ruiz said “the bridge is old.” Then he left."
    open_at = text.index("“")
    content = (open_at, text.index("old") + 3)
    assert text[slice(*spans.balance_quotes(text, content))] == "“the bridge is old.”"


def test_has_quote_inside():
    text = "Ruiz said the bridge was “very old” and unsafe."
    [q] = find_quotes(text)
    assert spans.has_quote_inside((10, len(text)), [q])
    assert not spans.has_quote_inside((0, 20), [q])


# -- attrib.text.quotes (pure text) -------------------------------------------------------

@pytest.mark.parametrize("words_, shaped", [
    ("The Lord of the Rings", True),  # small words stay in lower case
    ("Gone with the Wind,", True),  # a trailing comma is the sentence's
    ("U.S. Open", True),
    ("the Lord of the Rings", False),  # the first word is capitalised
    ("Gone With The wind", False),
    ("No. Never", False),  # a sentence break
    ("Why Now?", False),
    ("One Two Three Four Five Six Seven Eight Nine", False),  # too long for a title
])
def test_title_cased(words_, shaped):
    assert title_cased(words_) is shaped


def test_find_quotes_on_invented_text():
    text = "“The bridge is old,” Ruiz said. ‘It will be rebuilt.’ The mayor's plan failed."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["The bridge is old,", "It will be rebuilt."]
