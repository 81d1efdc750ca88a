"""Train the encoder check-worthiness score (issue 18, first cut) used in the model mode.

Features: the span tagger's encoder states (int8 all-MiniLM-L6-v2, the last layer and
layer 3) averaged over a sentence's tokens, so that with ATTRIB_ATTRIBUTION=model the
pass the tagger already made serves check-worthiness too. A logistic regression on
ClaimBuster train less its held-out fifth (`sentence_id % 5 == 0`, as for the tf-idf
model) and CheckThat! 2022 1B train; C by 5-fold cross-validation on that training
data only. Writes attrib/data/checkworthy_encoder.json.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/train_checkworthy_encoder.py \
        [--data ../shared/data/checkworthiness] [--out attrib/data/checkworthy_encoder.json]

Prints F1 of the check-worthy class on ClaimBuster's held-out fifth and on CheckThat!
2022 1B dev (development figures: neither was used to choose anything), and a
reliability table on the held-out fifth.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attrib.analysis.attribution import span_model  # noqa: E402
from attrib.analysis.attribution.span_units import tokenizer  # noqa: E402
from attrib.analysis.claims.encoder_score import ENCODER_MODEL_PATH  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.eval.claims import held_out, load_claimbuster  # noqa: E402


def checkthat(path: Path) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8") as f:
        return [(r["tweet_text"], int(r["class_label"])) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def pooled(encoder: span_model.Encoder, texts: list[str]) -> np.ndarray:
    """Mean token state per sentence, as the pipeline pools them."""
    tok = tokenizer()
    words = [[t.text for t in tok(x) if t.text.strip()] or ["."] for x in texts]
    return np.stack([s.astype(np.float32).mean(0) for s in encoder.encode(words, batch_size=64)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared/data/checkworthiness"))
    ap.add_argument("--out", default=str(ENCODER_MODEL_PATH))
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import cross_val_score

    data = Path(args.data)
    require_data(data / "claimbuster" / "train.json", "claimbuster", "scripts/train_checkworthy_encoder.py")
    cb = load_claimbuster(data / "claimbuster" / "train.json")
    ct_train = checkthat(data / "checkthat2022_en" / "CT22_english_1B_claim_train.tsv")
    ct_dev = checkthat(data / "checkthat2022_en" / "CT22_english_1B_claim_dev.tsv")
    fit = [(r["text"], int(r["label"])) for r in cb if not held_out(r)] + ct_train
    held = [(r["text"], int(r["label"])) for r in cb if held_out(r)]
    encoder = span_model.Encoder(threads=2, quantize=True)
    t0 = time.time()
    X = pooled(encoder, [t for t, _ in fit])
    y = np.array([label for _, label in fit])
    Xh, yh = pooled(encoder, [t for t, _ in held]), np.array([label for _, label in held])
    Xd, yd = pooled(encoder, [t for t, _ in ct_dev]), np.array([label for _, label in ct_dev])
    print(f"encoded {len(fit) + len(held) + len(ct_dev)} sentences in {time.time() - t0:.0f}s")
    best = None
    for C in (0.03, 0.1, 0.3, 1.0):
        f1 = cross_val_score(LogisticRegression(C=C, max_iter=4000), X, y, cv=5, scoring="f1").mean()
        print(f"C={C}: 5-fold F1 on the training data {f1:.3f}")
        if best is None or f1 > best[0]:
            best = (f1, C)
    clf = LogisticRegression(C=best[1], max_iter=4000).fit(X, y)
    Path(args.out).write_text(json.dumps({
        "about": "check-worthiness from mean int8 MiniLM token states (layers -1 and 3); "
                 "scripts/train_checkworthy_encoder.py",
        "C": best[1], "coef": [round(float(c), 6) for c in clf.coef_[0]],
        "intercept": float(clf.intercept_[0]), "dim": int(X.shape[1])}) + "\n", encoding="utf-8")
    ph, pd = clf.predict_proba(Xh)[:, 1], clf.predict_proba(Xd)[:, 1]
    print(f"\nC={best[1]}; saved {args.out}")
    print(f"ClaimBuster held-out fifth ({len(held)}): F1 of check-worthy {f1_score(yh, ph >= 0.5):.3f}")
    print(f"CheckThat! 2022 1B dev ({len(ct_dev)}): F1 of claim {f1_score(yd, pd >= 0.5):.3f}")
    print("\nreliability on the ClaimBuster held-out fifth (predicted probability bin: n, mean predicted, share positive)")
    for lo in np.arange(0, 1, 0.1):
        m = (ph >= lo) & (ph < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if m.any():
            print(f"  {lo:.1f}-{lo + 0.1:.1f}: {int(m.sum()):5d}  {ph[m].mean():.3f}  {yh[m].mean():.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
