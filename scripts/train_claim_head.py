"""Fit the news head of check-worthiness (issue 18): a logistic regression over the debate
model's score, the news features and the sentence vector, on hand-labelled news
sentences, and the claim threshold; also a features-only head for machines without the
sentence model.

Training rows: every row of the first three label files (PolNeAR dev, BASIL, open_news:
the rules were tuned on them, so they are no test) and the `train` rows of the later
files (PolNeAR train, more BASIL). The `test` rows of the later files are never fitted or
selected on; this script prints their figures and reliability last. C, and the weight
of the debate sentences (ClaimBuster and CheckThat! 2022 1B train, less ClaimBuster's
held-out fifth) added to the news rows, come from 5-fold cross-validation over training
articles (log loss). The claim threshold is 0.5: the head's output is calibrated, so a
claim is a sentence more likely check-worthy than not (where cross-validation reaches
--precision is printed beside it).

    .venv/bin/python scripts/train_claim_head.py [--shared ../shared] [--threshold 0.5] \
        [--out attrib/data/claim_head.json]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

LABEL_SETS = (  # (file, data folder under ../shared/data, whether its split column decides)
    ("news_claim_labels.tsv", "polnear/dev", False),
    ("basil_claim_labels.tsv", "basil/articles", False),
    ("open_news_claim_labels.tsv", "open_news", False),
    ("polnear_train_claim_labels.tsv", "polnear/train", True),
    ("basil_more_claim_labels.tsv", "basil/articles", True),
)


def rows_for(shared: Path, nlp) -> list[dict]:
    """One row per labelled sentence: its label, split, group (article) and, when a
    statement sentence covers half of it, that sentence's features."""
    from attrib.analysis.claims.sentence_vectors import sentence_vectors
    from attrib.analysis.extensions import doc_text
    from attrib.eval.claims import _texts_for, load_labels, overlap

    finder = nlp.get_pipe("attrib_claims")
    out = []
    for name, folder, has_split in LABEL_SETS:
        path = ROOT / "tests" / "data" / name
        if not path.exists():
            continue
        labels = load_labels(path)
        texts = _texts_for(labels, shared / "data" / folder)
        names = sorted(texts)
        cands = {}
        for art, doc in zip(names, nlp.pipe((texts[a] for a in names), batch_size=16)):
            atts = doc._.attrib_attributions or []
            found = finder.statements(doc)
            vecs = sentence_vectors([doc_text(doc)[a:b] for a, b, _ in found])
            cands[art] = [(a, b, finder.features(sent, atts), vec) for (a, b, sent), vec in zip(found, vecs)]
        for lab in labels:
            span = (lab.start, lab.end)
            hit = next(((f, v) for a, b, f, v in cands[lab.article]
                        if overlap((a, b), span) >= 0.5 * (lab.end - lab.start)), (None, None))
            out.append({"set": name, "group": f"{name}:{lab.article.split('_')[0] if 'basil' in name else lab.article}",
                        "split": lab.split if has_split else "train", "claim": int(lab.claim),
                        "features": hit[0], "vector": hit[1]})
    return out


def matrix(rows: list[dict], vectors: bool) -> np.ndarray:
    from attrib.analysis.claims.component import FEATURES

    X = np.array([[r["features"][k] for k in FEATURES] for r in rows], dtype=np.float64)
    return np.hstack([X, np.stack([r["vector"] for r in rows])]) if vectors else X


def debate_rows(shared: Path) -> tuple[np.ndarray, np.ndarray]:
    """The debate sentences' vectors (features zero but the debate logit), labels."""
    from attrib.analysis.claims.component import FEATURES, _logit
    from attrib.analysis.claims.sentence_vectors import sentence_vectors
    from attrib.analysis.claims.checkworthy import load_model
    from attrib.analysis.pipeline import load_pipeline
    from attrib.eval.claims import held_out, load_checkthat, load_claimbuster

    data = shared / "data" / "checkworthiness"
    rows = [(r["text"], int(r["label"])) for r in load_claimbuster(data / "claimbuster" / "train.json") if not held_out(r)]
    rows += load_checkthat(data / "checkthat2022_en" / "CT22_english_1B_claim_train.tsv")
    nlp, model = load_pipeline(), load_model()
    debate = [_logit(model.probability(d[:])) for d in nlp.pipe((t for t, _ in rows), batch_size=64)]
    X = np.zeros((len(rows), len(FEATURES)))
    X[:, FEATURES.index("debate")] = debate
    return np.hstack([X, sentence_vectors([t for t, _ in rows])]), np.array([y for _, y in rows])


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & (y == 1)).sum())
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int((y == 1).sum()))
    return p, r, 2 * p * r / max(1e-9, p + r)


def fit_head(X: np.ndarray, y: np.ndarray, groups: list[str], extra: tuple[np.ndarray, np.ndarray] | None,
             threshold: float, precision: float, n_claims: int) -> tuple[object, dict]:
    """C (and the debate rows' weight) by cross-validated log loss."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    def fit(idx: np.ndarray, C: float, w: float):
        Xa, ya, wa = X[idx], y[idx], np.ones(len(idx))
        if extra is not None and w > 0:
            Xa, ya = np.vstack([Xa, extra[0]]), np.concatenate([ya, extra[1]])
            wa = np.concatenate([wa, np.full(len(extra[1]), w)])
        return LogisticRegression(C=C, max_iter=3000).fit(Xa, ya, sample_weight=wa)

    best = None
    for C in (0.1, 0.3, 1.0, 3.0):
        for w in ((0.0, 0.1, 0.3) if extra is not None else (0.0,)):
            cv = np.zeros(len(y))
            for a, b in GroupKFold(5).split(X, y, groups):
                cv[b] = fit(a, C, w).predict_proba(X[b])[:, 1]
            loss = -np.mean(y * np.log(np.clip(cv, 1e-6, 1)) + (1 - y) * np.log(np.clip(1 - cv, 1e-6, 1)))
            print(f"  C={C} debate weight {w}: cross-validated log loss {loss:.4f}")
            if best is None or loss < best[0]:
                best = (loss, C, w, cv)
    _, C, w, cv = best
    for t in sorted({threshold, *np.arange(0.30, 0.951, 0.01)}):
        pred = cv >= t
        if pred.sum() and int((pred & (y == 1)).sum()) / pred.sum() >= precision:
            tp = int((pred & (y == 1)).sum())
            print(f"  (cross-validated precision reaches {precision} at {t:.2f}, "
                  f"recall then {tp / max(1, n_claims):.3f})")
            break
    tp = int(((cv >= threshold) & (y == 1)).sum())
    print(f"  C={C}, debate weight {w}; threshold {threshold}: cross-validated precision "
          f"{tp / max(1, int((cv >= threshold).sum())):.3f}, recall {tp / max(1, n_claims):.3f} "
          "(of all training claims, statements or not)")
    return fit(np.arange(len(y)), C, w), {"C": C, "debate_weight": w, "threshold": threshold}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--precision", type=float, default=0.90, help="Also show where this precision is reached.")
    ap.add_argument("--out", default=str(ROOT / "attrib/data/claim_head.json"))
    args = ap.parse_args(argv)
    os.environ.setdefault("ATTRIB_ATTRIBUTION", "rules")
    from attrib.analysis.claims.component import FEATURES
    from attrib.analysis.pipeline import load_pipeline

    shared = Path(args.shared)
    rows = rows_for(shared, load_pipeline())
    fit = [r for r in rows if r["split"] == "train" and r["features"] is not None]
    test = [r for r in rows if r["split"] == "test"]
    y, groups = np.array([r["claim"] for r in fit]), [r["group"] for r in fit]
    n_claims = sum(r["claim"] for r in rows if r["split"] == "train")
    print(f"{len(rows)} labelled sentences; fitting on {len(fit)} statement sentences of the training rows "
          f"({sum(1 for r in rows if r['split'] == 'train')} training rows); {len(test)} test rows")
    blob = {"about": "news head of check-worthiness: features (and sentence vector); scripts/train_claim_head.py"}
    yt = np.array([r["claim"] for r in test])
    for kind, vectors in (("vectors", True), ("features", False)):
        print(f"\n[{kind}]")
        clf, meta = fit_head(matrix(fit, vectors), y, groups, debate_rows(shared) if vectors else None,
                             args.threshold, args.precision, n_claims)
        coef = clf.coef_[0]
        blob[kind] = {"coef": {k: round(float(c), 5) for k, c in zip(FEATURES, coef)},
                      "vector": [round(float(c), 5) for c in coef[len(FEATURES):]] if vectors else None,
                      "intercept": round(float(clf.intercept_[0]), 5), **meta, "n_fit": len(fit)}
        print("  weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in blob[kind]["coef"].items()))
        # The held-out test rows: a non-statement is a sentence predicted not a claim.
        pt = np.zeros(len(test))
        idx = [i for i, r in enumerate(test) if r["features"] is not None]
        pt[idx] = clf.predict_proba(matrix([test[i] for i in idx], vectors))[:, 1]
        p, r, f = prf(yt, pt >= meta["threshold"])
        print(f"  test rows ({len(test)}, {int(yt.sum())} claims): claim precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
        scored = np.array([r["features"] is not None for r in test])
        print(f"  reliability on the test rows' statement sentences ({int(scored.sum())}; the other "
              f"{int((~scored).sum())}, {int(yt[~scored].sum())} of them labelled claims, are never scored)")
        print("  (score bin: n, mean score, share labelled claim)")
        for lo in np.arange(0, 1, 0.1):
            m = scored & (pt >= lo) & (pt < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
            if m.any():
                print(f"    {lo:.1f}-{lo + 0.1:.1f}: {int(m.sum()):4d}  {pt[m].mean():.3f}  {yt[m].mean():.3f}")
    Path(args.out).write_text(json.dumps(blob) + "\n", encoding="utf-8")
    print(f"\nsaved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
