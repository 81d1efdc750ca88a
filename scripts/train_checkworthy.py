"""Train the check-worthiness score (attrib/analysis/claims/checkworthy.py) on ClaimBuster.

ClaimBuster's crowd-labelled debate sentences (label 1 = check-worthy factual claim).
Sentences whose `sentence_id % 5 == 0` are held out and never trained on: `attrib eval
claimbuster` scores them. The regularisation strength is chosen by 5-fold
cross-validation on the training part only.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/train_checkworthy.py [../shared/data/checkworthiness/claimbuster/train.json]

Needs scikit-learn (installed with sentence-transformers); inference does not.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attrib.analysis.claims.checkworthy import MODEL_PATH, CheckworthyModel, dense_features, terms  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.eval.claims import held_out, load_claimbuster  # noqa: E402
from attrib.analysis.pipeline import DEFAULT_MODEL  # noqa: E402

DENSE_WEIGHT = 0.3  # the dense block's scale next to the l2-normalised tf-idf block


def main(path: str) -> None:
    require_data(path, "claimbuster", "scripts/train_checkworthy.py")
    import spacy
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    rows = [r for r in load_claimbuster(path) if not held_out(r)]
    y = np.array([r["label"] for r in rows])
    nlp = spacy.load(DEFAULT_MODEL)
    t0 = time.time()
    spans = [doc[:] for doc in nlp.pipe((r["text"] for r in rows), batch_size=256)]
    print(f"parsed {len(spans)} training sentences in {time.time() - t0:.0f}s")
    vec = TfidfVectorizer(analyzer=lambda xs: xs, min_df=2, sublinear_tf=True)
    X = vec.fit_transform([terms(s) for s in spans])
    D = np.array([dense_features(s) for s in spans])
    mean, sd = D.mean(axis=0), D.std(axis=0) + 1e-6
    Z = hstack([X, csr_matrix((D - mean) / sd * DENSE_WEIGHT)]).tocsr()
    best = None
    for C in (1.0, 2.0, 4.0, 8.0):
        f1 = cross_val_score(LogisticRegression(C=C, max_iter=4000), Z, y, cv=5, scoring="f1_weighted").mean()
        print(f"C={C}: 5-fold weighted F1 {f1:.3f}")
        if best is None or f1 > best[0]:
            best = (f1, C)
    clf = LogisticRegression(C=best[1], max_iter=4000).fit(Z, y)
    coef = clf.coef_[0]
    n_terms = X.shape[1]
    names = vec.get_feature_names_out()
    model = CheckworthyModel(
        vocab={str(t): (float(vec.idf_[i]), float(coef[i])) for i, t in enumerate(names)},
        dense_mean=mean, dense_sd=sd, dense_coef=coef[n_terms:] * DENSE_WEIGHT,
        intercept=float(clf.intercept_[0]), threshold=0.5,
    )
    MODEL_PATH.write_text(json.dumps(model.to_json(
        trained_on=f"ClaimBuster train.json, sentence_id % 5 != 0 ({len(rows)} sentences)",
        C=best[1], cv_weighted_f1=round(best[0], 4)), ensure_ascii=False), encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB), C={best[1]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared/data/checkworthiness/claimbuster/train.json"))
