"""How far two PolNeAR annotators agree, scored exactly as `attrib eval polnear` scores attrib.

Some PolNeAR articles were annotated twice. On those, the second annotator's spans are
scored as a prediction against the first annotator's (the one `attrib eval polnear`
uses as gold), with the same overlap and exact F1. That is the ceiling a target should be
read against: a system cannot be expected to agree with one annotator much better than
another trained annotator does.

    .venv/bin/python scripts/polnear_agreement.py ../shared/data/polnear/train ../shared/data/polnear/dev

Nothing of the texts is printed or written.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attrib.eval.brat import load_polnear  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.eval.scoring import PredictedAttribution, score_polnear  # noqa: E402


def agreement(split_dir: str) -> tuple[int, list[tuple[str, ...]]]:
    """(articles annotated twice, score table rows) for one split."""
    gold = load_polnear(split_dir)
    first, second = {}, {}
    for name, art in gold.items():
        if len(art.by_annotator) < 2:
            continue
        a, b = sorted(art.by_annotator)[:2]
        first[name] = dataclasses.replace(art, attributions=art.by_annotator[a])
        second[name] = [PredictedAttribution(source=x.source or None, cue=x.cue or None, content=x.content)
                        for x in art.by_annotator[b]]
    return len(first), score_polnear(first, second).table() if first else []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split_dirs", nargs="+")
    args = ap.parse_args()
    for split in args.split_dirs:
        require_data(split, "polnear", "scripts/polnear_agreement.py")
    for split in args.split_dirs:
        n, rows = agreement(split)
        print(f"{split}: {n} articles annotated twice (second annotator scored against the first)")
        for row in rows[:-1]:  # the pronoun row needs resolutions, which annotators do not give
            print("  " + "  ".join(f"{c:>8}" if i > 1 else f"{c:<9}" for i, c in enumerate(row)))


if __name__ == "__main__":
    main()
