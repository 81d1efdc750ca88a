"""Train the verb-cue decision (attrib/cue_model.py) on PolNeAR train.

Every cue candidate the attribution rules propose (a lexicon verb with content found
by the parse) is labelled by whether a gold cue overlaps it; a logistic regression over
`cue_features` is fitted on 90% of the train articles and its threshold chosen for the
best cue F1 on the other 10%. Dev is never read.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/train_cue_model.py [../shared/data/polnear/train]
"""
from __future__ import annotations

import json
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attrib.brat import load_polnear  # noqa: E402
from attrib.cue_model import MODEL_PATH  # noqa: E402
from attrib.nlp import load_pipeline  # noqa: E402


def collect(gold: dict) -> list[tuple[str, dict[str, float], int]]:
    nlp = load_pipeline()
    finder = nlp.get_pipe("attrib_attribution")
    finder.model, finder.collect = None, []
    names = sorted(gold)
    rows = []
    for name, _doc in zip(names, nlp.pipe((gold[n].text for n in names), batch_size=32)):
        cues = [(s, e) for a in gold[name].attributions for s, e in a.cue]
        for (s, e), feats in finder.collect:
            label = int(any(s < ge and gs < e for gs, ge in cues))
            rows.append((name, feats, label))
        finder.collect = []
    finder.collect = None
    return rows


def fit(rows: list[tuple[str, dict[str, float], int]], c: float = 3.0) -> dict[str, float]:
    """An L2 logistic regression (scikit-learn, only needed here); inference reads the
    weights as a plain dict."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f for _, f, _ in rows])
    y = [label for _, _, label in rows]
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(x, y)
    return {k: round(float(v), 5) for k, v in zip(vec.feature_names_, model.coef_[0]) if abs(v) > 1e-4}


def prob(w: dict[str, float], f: dict[str, float]) -> float:
    z = sum(w.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def main() -> None:
    train_dir = sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data" / "polnear" / "train")
    t0 = time.time()
    gold = load_polnear(train_dir)
    rows = collect(gold)
    names = sorted(gold)
    held = set(names[int(len(names) * 0.9):])
    fit_rows = [r for r in rows if r[0] not in held]
    held_rows = [r for r in rows if r[0] in held]
    print(f"{len(rows)} candidates ({sum(r[2] for r in rows)} gold cues) from {len(names)} articles "
          f"in {time.time() - t0:.0f}s")
    w = fit(fit_rows)
    gold_held = sum(1 for n in held for a in gold[n].attributions if a.cue)
    best = (0.0, 0.5)
    for t in [x / 100 for x in range(20, 81, 5)]:
        tp = sum(1 for _, f, y in held_rows if y and prob(w, f) >= t)
        pred = sum(1 for _, f, _y in held_rows if prob(w, f) >= t)
        p = tp / pred if pred else 0.0
        r = tp / gold_held if gold_held else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"threshold {t:.2f}: cue P {p:.3f} R {r:.3f} F1 {f1:.3f} (held-out train)")
        if f1 > best[0]:
            best = (f1, t)
    MODEL_PATH.write_text(json.dumps({"threshold": best[1], "trained_on": "PolNeAR train (90%)",
                                      "held_out_cue_f1": round(best[0], 4), "weights": w},
                                     indent=0, sort_keys=True), encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({len(w)} weights, threshold {best[1]}, held-out cue F1 {best[0]:.3f})")


if __name__ == "__main__":
    main()
