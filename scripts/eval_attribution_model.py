"""Score attrib's whole attribution path with the span tagger (ATTRIB_ATTRIBUTION=model)
on PolNeAR dev and on the held-out tenth of train, beside the rules alone.

    .venv/bin/python scripts/eval_attribution_model.py --data ../shared/data/polnear \
        [--weights attrib/data/span_tagger.pt] [--keep-unmatched] [--split-seed 13]

The tenth is the one scripts/train_attribution.py holds out (same seed): never trained
on, never used to choose anything. Outermost attributions, attrib's scorer
(`attrib eval polnear` prints the same tables for a folder).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train_attribution import headline, split_train  # noqa: E402

from attrib.config import SPAN_WEIGHTS, require_data  # noqa: E402
from attrib.eval import polnear  # noqa: E402
from attrib.eval.brat import load_polnear  # noqa: E402
from attrib.eval.scoring import score_polnear  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/polnear"))
    ap.add_argument("--weights", default=str(SPAN_WEIGHTS))
    ap.add_argument("--keep-unmatched", action="store_true",
                    help="keep outermost rule attributions the tagger has no counterpart for")
    ap.add_argument("--split-seed", type=int, default=13)
    args = ap.parse_args(argv)
    data = Path(args.data)
    require_data(data / "train", "polnear", "scripts/eval_attribution_model.py")
    train, dev = load_polnear(data / "train"), load_polnear(data / "dev")
    _, held = split_train(list(train), args.split_seed)
    sets = {"dev": dev, "held-out tenth of train": {n: train[n] for n in held}}
    from attrib.analysis.pipeline import load_pipeline

    for mode in ("rules", "model"):
        os.environ["ATTRIB_ATTRIBUTION"] = mode
        if mode == "model":
            pipe = load_pipeline(attribution="model").get_pipe("attrib_spans")
            pipe.weights, pipe.keep_unmatched, pipe._loaded = Path(args.weights), args.keep_unmatched, None
        for name, gold in sets.items():
            pred = polnear.predict({n: a.text for n, a in gold.items()})
            print(f"{mode:5} {name:24} ({len(gold)} articles)  {headline(score_polnear(gold, pred))}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
