"""How much the attribution components add to the spaCy parse (issue #3: at most 25%).

Parses the PolNeAR dev texts with the bare model and with attrib's pipeline, in the same
process, alternating runs, and prints the ratio of the medians.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_attribution.py [DIR] [--repeat 3]
"""
from __future__ import annotations

import statistics
import time

from common import texts_from_args


def main() -> None:
    texts, args = texts_from_args()

    import spacy

    from attrib.analysis.pipeline import DEFAULT_MODEL, load_pipeline

    bare = spacy.load(DEFAULT_MODEL)
    full = load_pipeline()
    for nlp in (bare, full):  # warm up
        list(nlp.pipe(texts[:5]))

    def run(nlp, disable: tuple[str, ...] = ()) -> float:
        t = time.perf_counter()
        with nlp.select_pipes(disable=list(disable)):
            for _ in nlp.pipe(texts, batch_size=16):
                pass
        return time.perf_counter() - t

    bare_times, att_times, full_times = [], [], []
    for _ in range(args.repeat):
        bare_times.append(run(bare))
        att_times.append(run(full, ("attrib_claims",)))
        full_times.append(run(full))
    b, a, f = (statistics.median(x) for x in (bare_times, att_times, full_times))
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars:,} characters, {args.repeat} runs each")
    print(f"{'pipeline':<30}{'median s':>10}{'ratio':>8}")
    print(f"{'bare spaCy parse':<30}{b:>10.2f}{1.0:>8.2f}")
    print(f"{'+ attribution (no claims)':<30}{a:>10.2f}{a / b:>8.2f}")
    print(f"{'+ attribution + claims':<30}{f:>10.2f}{f / b:>8.2f}")
    print(f"attribution adds {100 * (a / b - 1):.1f}% to the parse; claims {100 * (f / a - 1):.1f}% more")

if __name__ == "__main__":
    main()
