"""Score cross-article claim linking on ECB+ event coreference.

ECB+ (Cybulska & Vossen, 2014) has 43 topics, each with two sub-topics: "ecb" and
"ecbplus" are similar but different seminal events (two earthquakes, two rehab check-ins),
which makes them hard negatives for the linker. Event mentions carry chain ids; a chain
id found in several documents is cross-document coreference.

Gold: two reliable sentences (ECBplus_coreference_sentences.csv) in different documents
are the same claim when they share an action chain (ACT*) that spans documents.

Numbering (checked against the data): the CSV's File "10ecbplus" in Topic 1 is conll doc
"1/1ecbplus/10", and its Sentence Number is the conll sentence_id as is (no offset), which
is also the index into the JSONL `sentences`. ecb documents start at sentence 0 (listed
in the CSV); ecbplus documents have the page URL as sentence 0, never listed. Every conll
mention lies in a listed sentence, and nearly every listed sentence has one; shifted by one
sentence either way, only ~15-20% of them would.

`python -m attrib.eval.ecbplus [ROOT]` prints a threshold sweep. Nothing from the corpus is
written anywhere.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from attrib.config import SHARED_DATA
from attrib.linking.cluster import LinkConfig, LinkItem, link

DEFAULT_ROOT = SHARED_DATA / "ecbplus"
EVENT_PREFIX = "ACT"  # action chains; "Singleton_ACTI_..." ids are single mentions, never cross-document
SPACY_PIPES = ["tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner"]
_CHAIN_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_FILE = re.compile(r"^(\d+)(ecb|ecbplus)$")


@dataclass(frozen=True)
class EcbSentence:
    doc_id: str  # "1/1ecbplus/10"
    sentence: int  # conll sentence_id == CSV Sentence Number == index into the JSONL sentences
    subtopic: str  # "1ecbplus"
    topic: str  # "1"
    text: str
    events: frozenset[str]  # cross-document ACT chain ids mentioned in the sentence


def read_conll(root: str | Path) -> dict[str, dict[int, list[tuple[str, str]]]]:
    """doc_id -> sentence_id -> [(token, chain field)]; a doc repeated across files is read once
    (the copies are identical)."""
    docs: dict[str, dict[int, list[tuple[str, str]]]] = {}
    for path in sorted(Path(root, "conll").glob("*.conll")):
        cur: dict[int, list[tuple[str, str]]] | None = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#begin document"):
                    doc_id = line[line.index("(") + 1:line.index(")")]
                    cur = {} if doc_id not in docs else None
                    if cur is not None:
                        docs[doc_id] = cur
                    continue
                if line.startswith("#end"):
                    cur = None
                    continue
                if cur is None or not line.strip():
                    continue
                parts = line.rstrip("\n").split("\t")
                cur.setdefault(int(parts[1]), []).append((parts[3], parts[4] if len(parts) > 4 else "-"))
    return docs


def chain_ids(field: str) -> set[str]:
    """Chain ids in a conll chain field such as "(HUM123| (ACT456)"."""
    return set() if field.strip() in ("", "-") else set(_CHAIN_ID.findall(field))


def sentence_chains(tokens: Sequence[tuple[str, str]]) -> set[str]:
    out: set[str] = set()
    for _, field in tokens:
        out |= chain_ids(field)
    return out


def csv_doc_id(topic: str, file: str) -> str:
    """("1", "10ecbplus") -> "1/1ecbplus/10"."""
    m = _FILE.match(file.strip())
    if not m:
        raise ValueError(f"unexpected ECB+ file name {file!r}")
    return f"{topic}/{topic}{m.group(2)}/{m.group(1)}"


def load_ecbplus(root: str | Path = DEFAULT_ROOT, topics: Iterable[str] | None = None) -> list[EcbSentence]:
    """The reliable sentences, in CSV order, with their cross-document event chains."""
    root = Path(root)
    docs = read_conll(root)
    texts: dict[str, list[str]] = {}
    jsonl = root / "ecbplus_articles.jsonl"
    if jsonl.exists():
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                texts[a["article_id"]] = a["sentences"]
    docs_of_chain: dict[str, set[str]] = defaultdict(set)
    for doc_id, sents in docs.items():
        for toks in sents.values():
            for c in sentence_chains(toks):
                if c.startswith(EVENT_PREFIX):
                    docs_of_chain[c].add(doc_id)
    cross = {c for c, d in docs_of_chain.items() if len(d) >= 2}
    wanted = None if topics is None else {str(t) for t in topics}
    out = []
    with open(root / "ECBplus_coreference_sentences.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            topic = row["Topic"].strip()
            if wanted is not None and topic not in wanted:
                continue
            doc_id = csv_doc_id(topic, row["File"])
            sid = int(row["Sentence Number"])
            toks = docs[doc_id][sid]
            sents = texts.get(doc_id)
            text = sents[sid] if sents and sid < len(sents) else " ".join(t for t, _ in toks)
            out.append(EcbSentence(doc_id, sid, doc_id.split("/")[1], topic, text,
                                   frozenset(sentence_chains(toks) & cross)))
    return out


def sentence_keys(sentences: Sequence[EcbSentence], nlp: Any = None) -> list[dict[str, Any]]:
    """claim_keys of each sentence, parsed as a whole span."""
    from attrib.analysis.claims.keys import claim_keys

    if nlp is None:
        from attrib.analysis.pipeline import load_pipeline

        nlp = load_pipeline()
    with nlp.select_pipes(enable=[p for p in SPACY_PIPES if p in nlp.pipe_names]):
        return [claim_keys(doc[:]) for doc in nlp.pipe((s.text for s in sentences), batch_size=256)]


def gold_same(a: EcbSentence, b: EcbSentence) -> bool:
    return a.doc_id != b.doc_id and bool(a.events & b.events)


def _groups(sentences: Sequence[EcbSentence], within: str) -> dict[str, list[int]]:
    key: Callable[[EcbSentence], str] = {"topic": lambda s: s.topic, "subtopic": lambda s: s.subtopic,
                                         "all": lambda s: ""}[within]
    out: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        out[key(s)].append(i)
    return out


def gold_pairs(sentences: Sequence[EcbSentence]) -> set[tuple[int, int]]:
    by_chain: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for c in s.events:
            by_chain[c].append(i)
    out = set()
    for members in by_chain.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if sentences[i].doc_id != sentences[j].doc_id:
                    out.add((i, j) if i < j else (j, i))
    return out


def run_link(sentences: Sequence[EcbSentence], vecs: np.ndarray, keys: Sequence[dict[str, Any]],
             config: LinkConfig, within: str = "topic") -> list[list[int]]:
    """link() per group, with documents grouped into stories as `attrib link` groups
    articles; clusters as indices into `sentences`."""
    from attrib.linking.stories import article_vectors, group_stories

    clusters = []
    for idx in _groups(sentences, within).values():
        docs = sorted({sentences[i].doc_id for i in idx})
        story = group_stories(docs, article_vectors(docs, [sentences[i].doc_id for i in idx], vecs[idx]))
        items = [LinkItem(f"{sentences[i].doc_id}#{sentences[i].sentence}", sentences[i].doc_id,
                          story[sentences[i].doc_id], keys[i]) for i in idx]
        for c in link(items, vecs[idx], config):
            clusters.append([idx[m] for m in c])
    return clusters


def score(sentences: Sequence[EcbSentence], clusters: Sequence[Sequence[int]],
          gold: set[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Pairwise precision/recall of the clusters against the event chains, plus purity."""
    gold = gold_pairs(sentences) if gold is None else gold
    linked = true = cross = cross_true = ann = ann_true = 0
    event_pure = sub_pure = 0
    for c in clusters:
        for x in range(len(c)):
            for y in range(x + 1, len(c)):
                a, b = sentences[c[x]], sentences[c[y]]
                if a.doc_id == b.doc_id:
                    continue
                same = (min(c[x], c[y]), max(c[x], c[y])) in gold
                linked += 1
                true += same
                if a.events and b.events:
                    ann += 1
                    ann_true += same
                if a.subtopic != b.subtopic:
                    cross += 1
                    cross_true += same
        event_pure += bool(frozenset.intersection(*(sentences[m].events for m in c)))
        sub_pure += len({sentences[m].subtopic for m in c}) == 1
    p = true / linked if linked else 1.0
    r = true / len(gold) if gold else 0.0
    n = len(clusters)
    return {
        "linked_pairs": linked, "true_pairs": true, "gold_pairs": len(gold),
        "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
        # precision over linked pairs whose two sentences both carry a cross-document event chain
        # (a sentence with none, e.g. an unannotated headline, can never be gold-same)
        "precision_annotated": ann_true / ann if ann else 1.0, "annotated_pairs": ann,
        "cross_subtopic_pairs": cross,  # linked pairs whose sentences are in different sub-topics
        "cross_subtopic_share": cross / linked if linked else 0.0,  # of linked pairs: the hard-negative error rate
        # a few gold chains do cross sub-topics (184 of 10,074 gold pairs, 156 of them in topic 28)
        "cross_subtopic_precision": cross_true / cross if cross else None,
        "clusters": n, "clustered_sentences": sum(len(c) for c in clusters),
        "event_purity": event_pure / n if n else 1.0,  # clusters whose sentences all share one event chain
        "subtopic_purity": sub_pure / n if n else 1.0,  # clusters inside one sub-topic
    }


def prepare(root: str | Path = DEFAULT_ROOT, topics: Iterable[str] | None = None, nlp: Any = None):
    """(sentences, unit vectors, keys): the expensive part, done once."""
    from attrib.linking.embed import encode

    sentences = load_ecbplus(root, topics)
    vecs = encode([s.text for s in sentences])
    return sentences, vecs, sentence_keys(sentences, nlp)


def evaluate_ecbplus(root: str | Path = DEFAULT_ROOT, config: LinkConfig | None = None, within: str = "topic",
                     topics: Iterable[str] | None = None, nlp: Any = None) -> dict[str, Any]:
    """Link the reliable sentences per topic (or "subtopic", or "all") and score the pairs."""
    config = config or LinkConfig()
    sentences, vecs, keys = prepare(root, topics, nlp)
    out = score(sentences, run_link(sentences, vecs, keys, config, within))
    out.update({"threshold": config.threshold, "floor": config.floor, "within": within,
                "sentences": len(sentences), "docs": len({s.doc_id for s in sentences}),
                "topics": len({s.topic for s in sentences})})
    return out


HEADER = (f"{'thresh':>6} {'floor':>5} {'linked':>6} {'true':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'P_ann':>6} {'xsub':>5} {'clust':>5} {'ev_pure':>7} {'sub_pure':>8}")


def row(r: dict[str, Any]) -> str:
    return (f"{r['threshold']:>6.2f} {r['floor']:>5.2f} {r['linked_pairs']:>6} {r['true_pairs']:>5} "
            f"{r['gold_pairs']:>5} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} "
            f"{r['precision_annotated']:>6.3f} {r['cross_subtopic_pairs']:>5} {r['clusters']:>5} {r['event_purity']:>7.3f} {r['subtopic_purity']:>8.3f}")


def sweep(root: str | Path = DEFAULT_ROOT, thresholds: Sequence[float] = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85),
          floors: Sequence[float] | None = None, within: str = "topic", topics: Iterable[str] | None = None,
          base: LinkConfig | None = None, nlp: Any = None, out: Callable[[str], None] | None = print
          ) -> list[dict[str, Any]]:
    """Encode once, link at each threshold (floor = threshold - 0.15 unless given), print a table."""
    base = base or LinkConfig()
    floors = list(floors) if floors is not None else [round(t - 0.15, 4) for t in thresholds]
    if len(floors) != len(thresholds):
        raise ValueError("one floor per threshold")
    sentences, vecs, keys = prepare(root, topics, nlp)
    gold = gold_pairs(sentences)
    results = []
    if out:
        out(f"ECB+ reliable sentences: {len(sentences)} in {len({s.doc_id for s in sentences})} docs, "
            f"{len({s.topic for s in sentences})} topics; linked per {within}; gold pairs: {len(gold)}")
        out(HEADER)
    for t, f in zip(thresholds, floors):
        config = LinkConfig(threshold=t, floor=f, cross_story=t, cross_story_names=base.cross_story_names, k=base.k)
        r = score(sentences, run_link(sentences, vecs, keys, config, within), gold)
        r.update({"threshold": t, "floor": f, "within": within})
        results.append(r)
        if out:
            out(row(r))
    if out:
        out("P_ann: precision over pairs whose sentences both carry a cross-doc event chain; xsub: linked pairs "
            "across sub-topics (ecb vs ecbplus); ev_pure / sub_pure: share of clusters whose sentences share one "
            "event chain / lie in one sub-topic")
    return results
