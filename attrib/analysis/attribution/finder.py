"""Attribution rules: find source, cue and content in a parsed article.

A spaCy component (`attrib_attribution`) that runs after the parser and NER and sets
`doc._.attrib_attributions` to a list of `Attribution`s. The rules, in order:

1. Verb cues from the PolNeAR-derived lexicon (say, tell, add, warn, find, show...):
   the source is the verb's subject, the content its clause (ccomp), a direct quote
   next to it, or, for strong cues, its object.
2. Direct quotes whose cue sits in the same sentence ("'…,' it added").
3. Prepositional cues: "according to X", "as per X".
4. Intermediaries, for chains: "citing X" and "quoting X" (X is upstream of the
   source), "told X", "speaking to X", "in an interview with X", "on X" for a platform
   (X is downstream).
5. Hedges with no source: "reportedly", "it is believed that".
Nesting: an attribution whose cue lies inside another's content is its child.

This module runs the rules and holds the verb rule; the predicates it asks of the parse
are in verbs.py, the quote rules in quoting.py, the other cues in phrases.py, the span
arithmetic in spans.py, and the word lists in attrib/lexicons/.
"""
from __future__ import annotations

import dataclasses
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from attrib.analysis.attribution.cue_model import cue_features, load_model
from attrib.analysis.attribution.cues import MIN_RATE_WITH_CLAUSE, MIN_RATE_WITH_OBJECT, verb_rate
from attrib.analysis.attribution.phrases import (
    according_to, adverb_hedge, noun_cue, speaker_lines, vague_phrases)
from attrib.analysis.attribution.quoting import (
    adjacent_quote, continuations, dash_signatures, doubled, is_title, orphan_quotes, quote_words, sounds_spoken)
from attrib.analysis.attribution.spans import (
    OPEN_MARKS, balance_quotes, contiguous_around, contiguous_longest, covers, has_quote_inside, span_of,
    subtree_without, tighten)
from attrib.analysis.attribution.verbs import (
    CLAUSES, DOWNSTREAM_VERBS, EVIDENTIAL_RATE, UPSTREAM_VERBS, WEAK_RATE, act_on_thing, adjective_stance,
    as_clause, as_passive_source, believed, cue_tokens, designation, host_clause, hypothetical, intermediaries,
    is_document, misparsed_clause, poll_question, quoted_as_saying, sibling_reports, source_tokens, speech_act,
    speech_pcomp, stranded_subject, subject_of)
from attrib.analysis.extensions import doc_credit, doc_headline, doc_quotes, doc_text, register
from attrib.lexicons import word_list
from attrib.types import Attribution, Quote


PARENTHETICAL = {"parataxis"}
OBJECTS = {"dobj", "xcomp", "attr", "oprd"}
_PARAGRAPH_AFTER_COLON = re.compile(r"[ \t]*:[ \t]*\n\s*(?P<para>[^\n]+)")
_LEADING_CC = re.compile(r"(?:and|but|or|so|yet)\s+(?=\S)", re.I)
_LEADING_INTERMEDIARY = re.compile(r"(?:citing|quoting|speaking to|talking to)\s[^,]{1,60},\s*", re.I)
GENERIC_SUBJECTS = word_list("generic_subjects")
OBJECT_PREPOSITIONS = word_list("object_prepositions")  # "called for", "spoke of", "ruled against"
FINDING_VERBS = word_list("finding_verbs")
NOUN_CUES = word_list("noun_cues")
APPEARANCE_VERBS = word_list("appearance_verbs")
QUESTION_VERBS = word_list("question_verbs")
HEDGE_ADVERBS = word_list("hedge_adverbs")
PASSIVE_HEDGES = word_list("passive_hedges")


# -- the rules ----------------------------------------------------------------------------

class AttributionFinder:
    """Sets `doc._.attrib_attributions`."""

    def __init__(self, min_quote_words: int = 3, use_model: bool = True, nlp: Language | None = None):
        register()  # the Doc extension it sets
        self.min_quote_words = min_quote_words
        self.model = load_model() if use_model else None
        self.nlp = nlp  # to parse a Title Case headline again in sentence case

    def __call__(self, doc: Doc) -> Doc:
        found = self._find(doc)
        found.extend(self._headline(doc, found))
        found.sort(key=lambda a: (a.cue or a.content or (0, 0))[0])
        nest(found)
        doc._.attrib_attributions = found
        return doc

    def _headline(self, doc: Doc, found: list[Attribution]) -> list[Attribution]:
        """"Donald Trump Praises Rubio Donor's Campaign": in Title Case the tagger reads
        every word as a name and finds no verb. The headline is parsed again in sentence
        case (same length, so every offset holds) and what that finds is added."""
        if self.nlp is None:
            return []
        head = doc_headline(doc)
        if head is None:
            return []
        start, line = head
        sub = self.nlp.make_doc(line)
        for name, proc in self.nlp.pipeline:
            if not name.startswith("attrib_"):
                sub = proc(sub)
        taken = [a.cue for a in found if a.cue]

        def shift(sp: tuple[int, int] | None) -> tuple[int, int] | None:
            return (sp[0] + start, sp[1] + start) if sp else None
        out = []
        for a in self._find(sub):
            if a.cue is None or any(t[0] < a.cue[1] + start and a.cue[0] + start < t[1] for t in taken):
                continue
            out.append(dataclasses.replace(a, cue=shift(a.cue), source=shift(a.source), content=shift(a.content),
                                           cited_at=a.cited_at + start if a.cited_at is not None else None,
                                           rule=a.rule + "+headline"))
        return out

    def _find(self, doc: Doc) -> list[Attribution]:
        text = doc_text(doc)
        quotes = [doubled(text, q) for q in doc_quotes(doc)]
        titles = [q.with_marks for q in quotes if is_title(doc, q)]  # "“The Quiet Shore”": a name, not speech
        quotes = [q for q in quotes if (quote_words(doc, q) >= self.min_quote_words
                  or sounds_spoken(text, q)) and q.with_marks not in titles]
        found: list[Attribution] = []
        used_quotes: set[int] = set()
        cue_starts: set[int] = set()

        for sent in doc.sents:
            for tok in sent:
                if tok.idx in cue_starts or any(a <= tok.idx < b for a, b in titles):
                    continue  # a title's own words ("A Change Is Gonna Come") are no cue
                att = None
                if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children) \
                        or (tok.lower_ == "per" and tok.i > 0 and doc[tok.i - 1].lower_ == "as"):
                    att = according_to(doc, tok)
                elif tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
                    att = self._verb(doc, tok, sent, quotes, used_quotes)
                elif tok.lower_ in HEDGE_ADVERBS and tok.dep_ == "advmod":
                    att = adverb_hedge(doc, tok)
                elif tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_CUES:
                    att = noun_cue(doc, tok)
                if att is not None and att.content is not None:
                    found.append(att)
                    cue_starts.add(att.cue[0] if att.cue else -1)

        found.extend(orphan_quotes(doc, quotes, used_quotes, found))
        found.extend(continuations(text, quotes, found))
        found.extend(speaker_lines(doc, cue_starts))
        found.extend(dash_signatures(doc, quotes, used_quotes))
        found.extend(vague_phrases(doc, found))
        # A quote or a report with nobody saying it ("the book 'X' published by…", "calling
        # for de-escalation") is no attribution; only hedges stand without a source.
        found = [a for a in found if a.source is not None or a.kind == "other"]
        credit = doc_credit(doc)
        if credit is not None:  # "Qingdao [China], June 27 (ANI):" is a dateline, not a speaker
            found = [a for a in found if not (a.source and a.source[0] < credit.end and credit.start < a.source[1])]
        return found

    # verb cues -------------------------------------------------------------------------

    def _verb(self, doc: Doc, verb: Token, sent: Span, quotes: list[Quote], used: set[int]) -> Attribution | None:
        lemma = verb.lemma_.lower()
        rate = verb_rate(lemma)
        stance = adjective_stance(verb) if self.learned else None
        if rate <= 0 and not speech_act(verb) and not (verb.pos_ == "VERB" and any(c.dep_ == "ccomp" for c in verb.children)) \
                and not (self.learned and (verb.pos_ == "VERB" or stance is not None)):
            # Outside the lexicon only a verb with a that-clause may be a cue, unless the
            # learned model is there to judge stances ("opted for the independent", "is calling for").
            return None
        if lemma in UPSTREAM_VERBS and verb.dep_ in ("advcl", "xcomp", "conj", "acl"):
            return None
        if lemma in DOWNSTREAM_VERBS and verb.dep_ == "advcl":
            return None  # "Speaking to ANI, he said": the main verb is the cue
        if designation(verb):
            return None  # "were named best actors": an event
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ != "ROOT"
        in_quote = any(q.open_at < verb.idx < (q.close_at or q.end) for q in quotes)
        cue_toks = cue_tokens(verb)
        exclude = {t.i for t in cue_toks}
        # "citing X", "speaking to X": how the content travelled, not part of it
        exclude |= {t.i for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG"
                    and c.lemma_.lower() in UPSTREAM_VERBS | DOWNSTREAM_VERBS for t in c.subtree}
        quoted = quoted_as_saying(doc, verb)
        if quoted is not None:
            return quoted
        subj = subject_of(verb)
        if subj is None:
            subj = stranded_subject(verb)
        relative: set[int] = set()
        if subj is not None and subj.lower_ in ("which", "that") and subj.head.i == verb.i \
                and verb.dep_ in ("relcl", "advcl") and subj.i > 0:
            # "the Chicago Police Department, which reported '2,521 shooting incidents'":
            # the relative pronoun stands for the noun just before it
            ante = doc[subj.i - 2] if doc[subj.i - 1].text == "," and subj.i > 1 else doc[subj.i - 1]
            if ante.pos_ in ("NOUN", "PROPN") and ante.i < verb.i:
                relative = {t.i for t in verb.subtree}  # out of the source, not of the content
                subj = ante
        if subj is not None and subj.i == verb.head.i and verb.dep_ == "acl":
            relative = {t.i for t in verb.subtree}  # the noun the verb modifies speaks; the verb's words are not the source
        poll = poll_question(verb, subj)
        finding = (lemma in FINDING_VERBS and is_document(subj)) or poll  # a survey's or a report's
        if rate <= 0 and not speech_act(verb) and subj is not None and subj.head.i != verb.i \
                and not any(c.dep_ == "ccomp" for c in verb.children) and not finding:
            return None  # a stance verb outside the lexicon does not borrow a subject across clauses
        if subj is not None and subj.lower_ in GENERIC_SUBJECTS:
            return None  # "which" the parse mislinked, "you" as in "depends on who you ask"
        if subj is not None and subj.lower_ == "it" and subj.head.i != verb.i:
            return None  # "It remains to be seen whether…": a borrowed "it" is nobody
        source_toks = source_tokens(subj, exclude | relative) if subj is not None else []
        exclude |= {t.i for t in source_toks}

        content, quote_used = None, None
        clauses = [c for c in verb.children if c.dep_ in CLAUSES or misparsed_clause(verb, c)]
        quote = adjacent_quote(doc, verb, sent, quotes, used)
        as_source = as_passive_source(verb)
        if as_source is not None:
            # "China has avoided the matter, as mentioned in last week's tracker": the
            # tracker says so, and what it says is the clause the "as" hangs on
            mode = "paren"
            subj = as_source
            source_toks = [t for t in as_source.subtree if t.i not in exclude]
            cue_toks = [t for t in (*cue_toks, as_source.head) if t.i != as_source.i]
            cue_toks = sorted({t.i: t for t in cue_toks}.values(), key=lambda t: t.i)
            inside = {x.i for x in verb.subtree}
            marks = [c for c in verb.head.children if c.dep_ == "mark"]  # "even as China has…"
            inside |= {t.i for m in marks for t in (m, *m.doc[max(m.i - 1, 0):m.i]) if t.dep_ in ("mark", "advmod")}
            toks = [t for t in verb.head.subtree if t.i not in inside]
            content = tighten(doc_text(doc), span_of(contiguous_longest(toks)))
        elif clauses:
            mode = "clause"
            toks = [t for c in clauses for t in subtree_without(c, exclude | sibling_reports(c))]
            content = tighten(doc_text(doc), span_of(contiguous_around(toks, clauses[0])))
            if quote is not None and content is not None:
                qs = quotes[quote].with_marks
                if qs[0] <= content[1] and content[0] <= qs[1]:  # the clause is (in) the quote
                    if qs[0] <= content[0] and content[1] <= qs[1] + 1 or covers(qs, content):
                        content, mode, quote_used = qs, "quote", quote
                    else:
                        mode = "mixed"
        elif quote is not None:
            content, mode, quote_used = quotes[quote].with_marks, "quote", quote
        elif (verb.dep_ in PARENTHETICAL or as_clause(verb) or poll) and subj is not None \
                and (host := host_clause(verb)) is not None:
            # "To prevent problems, he said, local officials should be vigilant", "As the
            # Times observed, the council now controls…": the reported clause is the head
            # the cue hangs on.
            mode = "paren"
            toks = [t for t in host.subtree if t.i not in {x.i for x in verb.subtree}]
            content = tighten(doc_text(doc), span_of(contiguous_longest(toks)))
        elif _PARAGRAPH_AFTER_COLON.match(doc_text(doc), verb.idx + len(verb.text)):
            # "Limbaugh added:" at the end of a paragraph: the next paragraph is what he added
            mode = "colon"
            m = _PARAGRAPH_AFTER_COLON.match(doc_text(doc), verb.idx + len(verb.text))
            content = tighten(doc_text(doc), (m.start("para"), m.end("para")))
        elif stance is not None:
            # "were pleased with the result", "is not sure that…": the adjective and its
            # preposition are the cue, what they govern the content; the model judges
            mode = "stance"
            adj, inner = stance
            cue_toks = [t for t in doc[cue_toks[0].i:adj.i + 1]]
            if inner.dep_ == "prep":
                cue_toks.append(inner)
                exclude |= {t.i for t in cue_toks}
                toks = [t for c in inner.children if c.dep_ in ("pobj", "pcomp") for t in subtree_without(c, exclude)]
            else:
                exclude |= {t.i for t in cue_toks}
                toks = subtree_without(inner, exclude)
            content = tighten(doc_text(doc), span_of(contiguous_longest(toks))) if toks else None
        else:
            mode = "object"
            objs = [c for c in verb.children if c.dep_ in OBJECTS or (c.dep_ == "prep" and c.i > verb.i
                    and (c.lower_ in OBJECT_PREPOSITIONS or self.learned))]
            objs = [o for o in objs if o.i not in exclude and not (o.dep_ == "prep" and speech_pcomp(o))]
            if self.learned and not objs:
                # "is calling for the US to take a stronger role": the parse makes "for" the
                # mark of a clause; the preposition still belongs to the cue
                for c in verb.children:
                    mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
                    if c.dep_ == "advcl" and mark is not None and mark.i == cue_toks[-1].i + 1:
                        cue_toks = [*cue_toks, mark]
                        exclude.add(mark.i)
                        objs = [c]
                        break
            first = min(objs, key=lambda o: o.i) if objs else None
            if first is not None and first.dep_ == "prep" and first.i == cue_toks[-1].i + 1 \
                    and any(c.dep_ == "pobj" for c in first.children):
                # "is calling for X", "spoke about X": the preposition belongs to the cue
                # (as PolNeAR marks it), what it governs is the content
                cue_toks = [*cue_toks, first]
                exclude.add(first.i)
            if act_on_thing(verb, subj, objs):
                return None  # "approved a budget": an act
            if objs:
                toks = [t for o in objs for t in subtree_without(o, exclude)]
                content = tighten(doc_text(doc), span_of(contiguous_around(toks, objs[0])))
            elif source_toks and rate >= EVIDENTIAL_RATE and any(c.dep_ == "agent" for c in verb.children) \
                    and any(c.dep_ == "nsubjpass" for c in verb.children):
                # "a different side of the story was being told by The Daily Caller": the
                # passive subject is what was said, the agent says it (set below)
                content = tighten(doc_text(doc), span_of(source_toks))
                mode = "passive"
        if content is None:
            return None
        if not self._keep(verb, subj, mode, rate, in_quote, infinitive, content, finding):
            return None
        if mode == "colon" and doc_text(doc)[content[0]] in OPEN_MARKS:
            mode = "quote"
        kind = {"quote": "direct", "mixed": "mixed"}.get(mode, "indirect")
        # Evidential: a clause of saying or a quote says where the content comes from; an
        # object ("declined to sign…", "thanked Beijing") or a weak verb reports a stance.
        evidential = mode == "quote" or (mode in ("clause", "mixed", "paren", "colon", "passive") and rate >= EVIDENTIAL_RATE)
        if speech_act(verb):  # "Christie described Clinton as a 'disgrace'": what he said is the content
            evidential = True
        if finding:
            evidential = True  # "surveys have recorded that…": the surveys are where it comes from
        if mode in ("clause", "mixed") and believed(verb, subj):
            evidential = True  # "Police believe the fire was started deliberately"
        if kind != "direct" and any(c.dep_ == "neg" for c in verb.children):
            evidential = False  # "a statement that did not mention X": what was not said sources nothing
        if hypothetical(verb):
            evidential = False  # "the campaign would do well to target voters, emphasizing…": nobody said it
        if kind != "direct":
            content = balance_quotes(doc_text(doc), content)
            lead_cc = _LEADING_CC.match(doc_text(doc), content[0], content[1])
            if lead_cc:  # "And Mrs. Clinton now holds…": the conjunction joins, it is not said
                content = (lead_cc.end(), content[1])
            lead = _LEADING_INTERMEDIARY.match(doc_text(doc), content[0], content[1])
            if lead:  # the parse left "citing Al Jazeera," inside the clause
                content = (lead.end(), content[1])
        if kind == "indirect" and has_quote_inside(content, quotes):
            kind = "mixed"

        if content[0] <= verb.idx < content[1]:
            return None  # a clause can hold its own cue only when the parse went astray
        if content[1] <= verb.idx and mode != "quote" and any(
                c.dep_ == "xcomp" and c.i > verb.i for c in verb.children):
            return None  # "…, so India refused to sign the declaration": an act, not a report of the clause before
        source = tighten(doc_text(doc), span_of(source_toks)) if source_toks else None
        if any(c.dep_ == "auxpass" for c in verb.children):
            agent = next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
            if agent is not None:  # "has been referenced by China as a 'red line'": China speaks
                source = tighten(doc_text(doc), span_of(agent.subtree))
            elif lemma not in PASSIVE_HEDGES and any(c.dep_ == "neg" for c in verb.children):
                return None  # "has not been mentioned in recent statements": the writer's own fact, no hedge
            elif lemma in PASSIVE_HEDGES or rate >= EVIDENTIAL_RATE:
                # "it is believed that", "has been described as": said, by nobody named; a
                # hedge the claim leans on, so it counts (the claim is then `vague`)
                source, kind, evidential = None, "other", True
            else:
                return None  # "The expansion has been seen as…": what is seen does not speak
        if lemma in APPEARANCE_VERBS or (lemma in QUESTION_VERBS and verb.dep_ == "advcl" and verb.tag_ == "VBN"
                                         and verb.i < verb.head.i and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)):
            # "The minister seemed unsure": how it looks to the writer; "Asked about the
            # budget, Ruiz said…": the one asked answers under the main verb. Neither names a
            # source of its own, and neither sources a claim.
            source, kind, evidential = None, "other", False
        if source is None and kind != "other":
            return None  # nobody says it: the quote stays free for its real speaker
        if quote_used is not None:
            used.add(quote_used)
        att = Attribution(kind=kind, cue=span_of(cue_toks), source=source, content=content, rule=f"verb:{lemma}",
                          evidential=evidential)
        att.via, att.cited, att.cited_at = intermediaries(verb)
        if subj is not None:  # "Trump, speaking to Fox News, said…"
            via, cited, cited_at = intermediaries(subj)
            att.via += via
            if cited:
                att.cited, att.cited_at = att.cited + cited, cited_at
        if att.via and mode == "object" and rate >= WEAK_RATE:
            # "Speaking to ANI, the chief minister thanked Modi": said to someone, so reported speech
            att.evidential = True
        return att

    @property
    def learned(self) -> bool:
        """Whether the learned model judges candidates (scripts/train_cue_model.py also
        says so while it collects them)."""
        return self.model is not None

    def _keep(self, verb: Token, subj: Token | None, mode: str, rate: float, in_quote: bool,
              infinitive: bool, content: tuple[int, int] | None = None, finding: bool = False) -> bool:
        """Whether this cue candidate is an attribution: the learned model when it is
        installed, else the rule thresholds. (scripts/train_cue_model.py overrides this to
        keep and record every candidate.)"""
        if finding:
            return True  # "surveys have recorded that…", "the assessment tied X to Y": a document's finding
        if mode == "object" and subj is not None and speech_act(verb) \
                and subj.pos_ in ("NOUN", "PROPN") and not infinitive:
            return True  # "Christie described Clinton as a 'disgrace'", "Scholars have long debated…"
        if self.model is not None:
            return self.model.accepts(cue_features(verb, subj, mode, rate, in_quote, infinitive, content))
        if infinitive or (in_quote and rate < WEAK_RATE) or rate < MIN_RATE_WITH_CLAUSE:
            return False
        if mode in ("object", "paren"):
            return rate >= MIN_RATE_WITH_OBJECT
        return True


def nest(atts: list[Attribution]) -> None:
    """Parent = the smallest other attribution whose content holds this one's cue."""
    for i, a in enumerate(atts):
        if a.cue is None:
            continue
        best, size = None, None
        for j, b in enumerate(atts):
            if i == j or b.content is None:
                continue
            if b.content[0] <= a.cue[0] and a.cue[1] <= b.content[1] and (a.content is None or a.content[1] <= b.content[1] + 1):
                s = b.content[1] - b.content[0]
                if size is None or s < size:
                    best, size = j, s
        a.parent = best
        # "ANI reported, citing Al Jazeera, that Katz said": the parse may hang "citing" on
        # the inner verb; a citation written before the inner source belongs to the outer one.
        if best is not None and a.cited and a.cited_at is not None and a.source and a.cited_at < a.source[0]:
            atts[best].cited = atts[best].cited + a.cited
            a.cited = []


def make_attribution(nlp: Language, name: str, min_quote_words: int, use_model: bool) -> AttributionFinder:
    return AttributionFinder(min_quote_words, use_model, nlp=nlp)
