"""What claim scoring costs (issue 18: at most 15% of analysis, or nothing beyond the
shared encoder pass).

Analyzes the PolNeAR dev texts (the whole pipeline plus turning each Doc into rows), in
the same process, alternating runs:

1. without the claims component;
2. with the features-only head (no sentence vectors), then encoding the claims' texts as
   `attrib link` would (the flow before the sentence-vector head);
3. with the sentence-vector head: every statement sentence embedded once in analysis,
   and the claims' vectors handed to the store, so `attrib link` encodes nothing.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_claims.py [DIR] [--repeat 3]
"""
from __future__ import annotations

import os
import statistics
import time

from common import texts_from_args


def main() -> None:
    texts, args = texts_from_args()

    from attrib.analysis.claims.sentence_vectors import NO_VECTORS_ENV, sentence_vectors
    from attrib.analysis.pipeline import load_pipeline
    from attrib.analysis.rows import analyze_doc

    nlp = load_pipeline()
    list(nlp.pipe(texts[:5]))  # warm up
    sentence_vectors(["warm up"])

    def run(mode: str) -> tuple[float, int]:
        t = time.perf_counter()
        n = 0
        if mode == "bare":
            with nlp.select_pipes(disable=["attrib_claims"]):
                for i, doc in enumerate(nlp.pipe(texts, batch_size=16)):
                    doc._.attrib_claims = []
                    analyze_doc(doc, str(i), "bench")
            return time.perf_counter() - t, 0
        if mode == "features":
            os.environ[NO_VECTORS_ENV] = "1"
        try:
            claim_texts = set()
            for i, doc in enumerate(nlp.pipe(texts, batch_size=16)):
                rows = analyze_doc(doc, str(i), "bench").claims
                n += len(rows)
                claim_texts.update(r["text"] for r in rows)
        finally:
            os.environ.pop(NO_VECTORS_ENV, None)
        if mode == "features":
            sentence_vectors(sorted(claim_texts, key=len))  # what the link stage then embeds
        return time.perf_counter() - t, n

    times: dict[str, list[float]] = {"bare": [], "features": [], "vectors": []}
    counts: dict[str, int] = {}
    for _ in range(args.repeat):
        for mode in times:
            t, counts[mode] = run(mode)
            times[mode].append(t)
    med = {m: statistics.median(v) for m, v in times.items()}
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters, {args.repeat} runs each")
    print(f"{'':<62}{'median s':>10}{'ratio':>8}{'claims':>8}")
    rows = [("bare", "analysis without the claims component"),
            ("features", "features-only head, then the claims embedded for linking"),
            ("vectors", "sentence-vector head (linking embeds nothing more)")]
    for mode, what in rows:
        print(f"{what:<62}{med[mode]:>10.2f}{med[mode] / med['bare']:>8.2f}{counts.get(mode, 0):>8}")
    print(f"the sentence-vector head and its shared pass cost {100 * (med['vectors'] / med['features'] - 1):+.1f}% "
          f"against scoring with features and embedding the claims for linking")


if __name__ == "__main__":
    main()
