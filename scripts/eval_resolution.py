"""Pronoun-source resolution on PolNeAR (gold source spans; see attrib.eval.resolution.pronoun_eval).

    .venv/bin/python scripts/eval_resolution.py ../shared/data/polnear/dev
    .venv/bin/python scripts/eval_resolution.py ../shared/data/polnear/train --limit 200 --show 40

Prints the strict-judge accuracy (over all pronoun sources, unresolved counted wrong),
the share resolved, per-pronoun figures, and the heuristic judge of attrib.eval.scoring.
PolNeAR is research-use only: nothing of its text is written anywhere; --show prints
cases to the terminal for inspection.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attrib.eval.brat import load_polnear  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.eval.scoring import make_heuristic_judge  # noqa: E402
from attrib.analysis.pipeline import load_pipeline  # noqa: E402
from attrib.eval.resolution import pronoun_eval  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("split_dir")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--show", type=int, default=0, help="print N wrong cases")
    ap.add_argument("--cache", default="", help="DocBin file to cache the parses in (outside the repo)")
    args = ap.parse_args()
    require_data(args.split_dir, "polnear", "scripts/eval_resolution.py")
    arts = load_polnear(args.split_dir)
    names = sorted(arts)[: args.limit or None]
    arts = {n: arts[n] for n in names}
    nlp = load_pipeline()
    t0 = time.time()
    docs = None
    if args.cache and Path(args.cache).exists():
        from spacy.tokens import DocBin
        loaded = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
        if len(loaded) == len(names) and all(d.text == arts[n].text for d, n in zip(loaded, names)):
            docs = dict(zip(names, loaded))
    if docs is None:
        docs = dict(zip(names, nlp.pipe(arts[n].text for n in names)))
        if args.cache:
            from spacy.tokens import DocBin
            db = DocBin(store_user_data=False)
            for n in names:
                db.add(docs[n])
            db.to_disk(args.cache)
    t1 = time.time()
    details: list = []
    r = pronoun_eval(arts, docs, heuristic_judge=make_heuristic_judge(), details=details)
    t2 = time.time()
    g = r["gold"] or 1
    print(f"articles {len(names)}  parse {t1 - t0:.1f}s  resolve+judge {t2 - t1:.2f}s")
    print(f"pronoun sources {r['gold']}  resolved {r['resolved']} ({r['resolved'] / g:.1%})")
    print(f"strict judge: correct {r['correct']} / judged {r['judged']} "
          f"= {r['correct'] / max(r['judged'], 1):.1%}  (of all pronoun sources {r['correct'] / g:.1%})")
    print(f"  targets with a capitalised name head: {r['correct_named_target']} / {r['judged_named_target']} "
          f"= {r['correct_named_target'] / max(r['judged_named_target'], 1):.1%}")
    print(f"heuristic judge (attrib.eval.scoring): {r['heuristic_correct']} / {r['heuristic_judged']} resolved "
          f"= {r['heuristic_correct'] / max(r['heuristic_judged'], 1):.1%}")
    for w, c in sorted(r["by_pronoun"].items(), key=lambda kv: -kv[1]["gold"]):
        print(f"  {w:5} gold {c['gold']:4} resolved {c['resolved']:4} judged {c['judged']:4} "
              f"correct {c['correct']:4} ({c['correct'] / max(c['judged'], 1):.0%})")
    if args.show:
        shown = 0
        for name, src, word, res, target, verdict in details:
            if verdict is False and shown < args.show:
                shown += 1
                text = arts[name].text
                a = src[0]
                ctx = text[max(0, a - 200):a + 40].replace("\n", " ")
                print(f"--- {name} {word!r} -> {res!r}; target {target!r}\n    ...{ctx}")


if __name__ == "__main__":
    main()
