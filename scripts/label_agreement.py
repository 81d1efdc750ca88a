"""Agreement between the first and a second, independent labeller of the news claim labels.

A random 40 rows of each later label file were labelled again, blind, by a second
labeller (tests/data/second_labeller/): how often two careful people agree sets the
ceiling of any claim or status figure on these labels.

    python scripts/label_agreement.py
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
FILES = (("polnear_train_claim_labels.tsv", ("article", "paragraph", "sentence")),
         ("basil_more_claim_labels.tsv", ("file", "paragraph", "sentence")))


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main() -> int:
    pairs = []
    for name, key in FILES:
        first = {tuple(r[k] for k in key): r for r in rows(DATA / name)}
        pairs += [(first[tuple(r[k] for k in key)], r) for r in rows(DATA / "second_labeller" / name)]
    n = len(pairs)
    agree = sum(a["claim"] == b["claim"] for a, b in pairs)
    p1 = sum(a["claim"] == "1" for a, _ in pairs) / n
    p2 = sum(b["claim"] == "1" for _, b in pairs) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    kappa = (agree / n - expected) / (1 - expected)
    print(f"claim: {agree}/{n} agree = {agree / n:.3f}, Cohen's kappa {kappa:.3f}")
    both = [(a, b) for a, b in pairs if a["claim"] == b["claim"] == "1"]
    same = sum(a["status"] == b["status"] for a, b in both)
    print(f"status, where both say claim: {same}/{len(both)} = {same / len(both):.3f}")
    print("status disagreements (first, second): " + ", ".join(
        f"{a}/{b} {c}" for (a, b), c in sorted(Counter((a["status"], b["status"]) for a, b in both
                                                       if a["status"] != b["status"]).items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
