"""Draw the news sentences to label by hand, at random and reproducibly, and show them.

Labels are written by id only (never the text): PolNeAR by (article, paragraph, sentence,
start, end) under `attrib.eval.claims.open_news_sentences`, BASIL by (file, paragraph,
sentence). Each row gets its fixed `split` (train or test) from a hash of its article
(PolNeAR) or story (BASIL, so one story's three outlets stay on one side); see
tests/data/claim_labelling_guide.md.

    python scripts/sample_claim_sentences.py draw polnear ../shared/data/polnear/train \
        --articles 45 --per-article 8 -o tests/data/polnear_train_claim_labels.tsv
    python scripts/sample_claim_sentences.py draw basil ../shared/data/basil/articles \
        --articles 40 --per-article 7 --exclude tests/data/basil_claim_labels.tsv \
        -o tests/data/basil_more_claim_labels.tsv
    python scripts/sample_claim_sentences.py show tests/data/polnear_train_claim_labels.tsv \
        ../shared/data/polnear/train --rows 0:40
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from attrib.eval.claims import basil_text, open_news_sentences, split_of  # noqa: E402

POLNEAR_COLUMNS = ["article", "paragraph", "sentence", "start", "end", "split", "claim", "status", "source", "note"]
BASIL_COLUMNS = ["file", "paragraph", "sentence", "outlet", "split", "claim", "status", "source", "note"]


def polnear_sentences(folder: Path) -> dict[str, tuple[str, dict[tuple[int, int], tuple[int, int]]]]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "text").glob("*.txt"))}
    return {name: (text, open_news_sentences(text)) for name, text in texts.items()}


def basil_sentences(folder: Path) -> dict[str, tuple[str, dict[tuple[int, int], tuple[int, int]], str]]:
    out = {}
    for path in sorted(folder.glob("*/*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        text, offsets = basil_text(article)
        out[f"{path.parent.name}/{path.name}"] = (text, offsets, article["source"])
    return out


def draw(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    folder = Path(args.data)
    excluded: set[tuple[str, int, int]] = set()
    excluded_articles: set[str] = set()
    for path in args.exclude or []:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                name = row.get("file") or row.get("article") or row.get("id")
                excluded_articles.add(name)
                if row.get("paragraph"):
                    excluded.add((name, int(row["paragraph"]), int(row["sentence"])))
    rows = []
    if args.kind == "polnear":
        docs = polnear_sentences(folder)
        names = rng.sample(sorted(docs), args.articles)
        for name in sorted(names):
            _, offsets = docs[name]
            keys = sorted(offsets)
            for p, s in sorted(rng.sample(keys, min(args.per_article, len(keys)))):
                a, b = offsets[(p, s)]
                rows.append({"article": name, "paragraph": p, "sentence": s, "start": a, "end": b,
                             "split": split_of(name)})
        columns = POLNEAR_COLUMNS
    else:
        docs = basil_sentences(folder)
        names = rng.sample(sorted(docs), args.articles)
        for name in sorted(names):
            _, offsets, outlet = docs[name]
            keys = [k for k in sorted(offsets) if (name, *k) not in excluded]
            story = name.split("/")[1].rsplit("_", 1)[0]
            for p, s in sorted(rng.sample(keys, min(args.per_article, len(keys)))):
                rows.append({"file": name, "paragraph": p, "sentence": s, "outlet": outlet, "split": split_of(story)})
        columns = BASIL_COLUMNS
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    print(f"{len(rows)} sentences from {len(names)} articles -> {args.output}")


def show(args: argparse.Namespace) -> None:
    """Each row's sentence with its paragraph and the paragraph before, for the labeller."""
    with open(args.labels, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    lo, hi = (int(x) for x in args.rows.split(":")) if args.rows else (0, len(rows))
    folder = Path(args.data)
    cache: dict[str, tuple[str, dict[tuple[int, int], tuple[int, int]]]] = {}
    for i in range(lo, min(hi, len(rows))):
        row = rows[i]
        name = row.get("article") or row["file"]
        if name not in cache:
            if "article" in row:
                text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
                cache[name] = (text, open_news_sentences(text))
            else:
                text, offsets = basil_text(json.loads((folder / name).read_text(encoding="utf-8")))
                cache[name] = (text, offsets)
        text, offsets = cache[name]
        p, s = int(row["paragraph"]), int(row["sentence"])
        para = [offsets[k] for k in sorted(offsets) if k[0] == p]
        before = [offsets[k] for k in sorted(offsets) if k[0] == p - 1]
        a, b = offsets[(p, s)]
        print(f"=== row {i}  {name}  paragraph {p} sentence {s}")
        if p == 0:
            print("[first paragraph of the article]")
        if before:
            print("[before] " + text[before[0][0]:before[-1][1]])
        print("[paragraph] " + text[para[0][0]:a] + ">>>" + text[a:b] + "<<<" + text[b:para[-1][1]])
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("kind", choices=["polnear", "basil"])
    d.add_argument("data")
    d.add_argument("--articles", type=int, required=True)
    d.add_argument("--per-article", type=int, required=True)
    d.add_argument("--exclude", action="append")
    d.add_argument("--seed", type=int, default=18)
    d.add_argument("-o", "--output", required=True)
    s = sub.add_parser("show")
    s.add_argument("labels")
    s.add_argument("data")
    s.add_argument("--rows")
    args = parser.parse_args()
    draw(args) if args.command == "draw" else show(args)


if __name__ == "__main__":
    main()
