"""How much claim scoring adds to analysis (issue #4: at most 15%).

Analyzes the PolNeAR dev texts (the whole pipeline plus turning each Doc into rows) with
and without the claims component, in the same process, alternating runs, and prints the
ratio of the medians.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_claims.py [DIR] [--repeat 3]
"""
from __future__ import annotations

import statistics
import time

from common import texts_from_args


def main() -> None:
    texts, args = texts_from_args()

    from attrib.analysis.rows import analyze_doc
    from attrib.analysis.pipeline import load_pipeline

    nlp = load_pipeline()
    list(nlp.pipe(texts[:5]))  # warm up

    def run(with_claims: bool) -> tuple[float, int]:
        t = time.perf_counter()
        n = 0
        if with_claims:
            docs = nlp.pipe(texts, batch_size=16)
            for i, doc in enumerate(docs):
                n += len(analyze_doc(doc, str(i), "bench").claims)
        else:
            with nlp.select_pipes(disable=["attrib_claims"]):
                for i, doc in enumerate(nlp.pipe(texts, batch_size=16)):
                    doc._.attrib_claims = []
                    analyze_doc(doc, str(i), "bench")
        return time.perf_counter() - t, n

    without, with_ = [], []
    claims = 0
    for _ in range(args.repeat):
        without.append(run(False)[0])
        t, claims = run(True)
        with_.append(t)
    a, b = statistics.median(without), statistics.median(with_)
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters, {claims} claims, {args.repeat} runs each")
    print(f"{'analysis':<30}{'median s':>10}{'ratio':>8}")
    print(f"{'without the claims component':<30}{a:>10.2f}{1.0:>8.2f}")
    print(f"{'with claims (scored, linked)':<30}{b:>10.2f}{b / a:>8.2f}")
    print(f"claim scoring adds {100 * (b / a - 1):.1f}% to analysis")


if __name__ == "__main__":
    main()
