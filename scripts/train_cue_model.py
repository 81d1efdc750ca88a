"""Train the verb-cue decision (attrib/analysis/attribution/cue_model.py) on PolNeAR train.

Every cue candidate the attribution rules propose (a lexicon verb with content found
by the parse) is labelled by whether a gold cue overlaps it, except reported speech
inside a gold content: PolNeAR marks one level of attribution, so "said" in "X reported
that Y said…" is unlabelled there, not a negative (learning it as one would cut every
chain); a logistic regression over
`cue_features` is fitted on 90% of the train articles and its threshold chosen for the
best whole-output score on the other 10%. Dev is never read.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/train_cue_model.py [../shared/data/polnear/train]
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402
from spacy.tokens import Token  # noqa: E402

from attrib.eval.brat import load_polnear  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.analysis.attribution.cue_model import MODEL_PATH, CueModel, cue_features  # noqa: E402
from attrib.analysis.attribution.finder import AttributionFinder  # noqa: E402
from attrib.eval.polnear import as_relations, outermost  # noqa: E402
from attrib.eval.scoring import score_polnear  # noqa: E402
from attrib.analysis.pipeline import load_pipeline  # noqa: E402


class CollectingFinder(AttributionFinder):
    """The attribution finder as the pipeline runs it, but every cue candidate the rules
    propose is kept and its features recorded in `collected` (cue span, features): the
    model learns from all of them, so neither the model nor the rule thresholds decide,
    and the shortcuts the finder takes before asking the model (a document's finding, a
    named speaker's speech act) are not taken either."""

    def __init__(self, min_quote_words: int = 3, nlp: Language | None = None):
        super().__init__(min_quote_words, use_model=False, nlp=nlp)
        self.collected: list[tuple[tuple[int, int], dict[str, float]]] = []

    @property
    def learned(self) -> bool:
        return True  # propose what the model would be asked about

    def _keep(self, verb: Token, subj: Token | None, mode: str, rate: float, in_quote: bool,
              infinitive: bool, content: tuple[int, int] | None = None, finding: bool = False) -> bool:
        feats = cue_features(verb, subj, mode, rate, in_quote, infinitive, content)
        self.collected.append(((verb.idx, verb.idx + len(verb.text)), feats))
        return True


@Language.factory("attrib_attribution_collecting", default_config={"min_quote_words": 3})
def make_collecting(nlp: Language, name: str, min_quote_words: int) -> CollectingFinder:
    return CollectingFinder(min_quote_words, nlp=nlp)


def collect(gold: dict, keep: set[str] = frozenset()) -> tuple[list[tuple[str, dict[str, float], int]], dict]:
    """(candidate rows, the parsed docs of the articles named in `keep`). The pipeline's
    attribution component is swapped for a `CollectingFinder` while the articles are
    parsed, then put back."""
    nlp = load_pipeline(attribution="rules")
    nlp.replace_pipe("attrib_attribution", "attrib_attribution_collecting")
    finder = nlp.get_pipe("attrib_attribution")
    names = sorted(gold)
    rows, docs = [], {}
    try:
        for name, doc in zip(names, nlp.pipe((gold[n].text for n in names), batch_size=32)):
            if name in keep:
                docs[name] = doc
            cues = [(s, e) for a in gold[name].attributions for s, e in a.cue]
            contents = [(s, e) for a in gold[name].attributions for s, e in a.content]
            for (s, e), feats in finder.collected:
                label = int(any(s < ge and gs < e for gs, ge in cues))
                if not label and _reported(feats) and any(gs <= s and e <= ge for gs, ge in contents):
                    continue  # reported speech inside a gold content: PolNeAR never marks it, so no label
                rows.append((name, feats, label))
            finder.collected = []
    finally:
        nlp.replace_pipe("attrib_attribution", "attrib_attribution")
    return rows, docs


def _reported(feats: dict[str, float]) -> bool:
    """A candidate that reports speech (a clause or a quote), not an act or a stance."""
    return any(feats.get(f"mode={m}") for m in ("clause", "quote", "mixed", "paren", "colon"))


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


def choose_threshold(w: dict[str, float], held: dict, docs: dict) -> tuple[float, float]:
    """(score, threshold): the threshold whose whole attribution output on the held-out
    articles scores best, as `attrib eval polnear` scores it (mean overlap F1 of source,
    cue and content). Candidates alone cannot tell: the candidates skipped as unlabelled
    still count when their outer attribution is missed. `docs` are the articles as
    `collect` parsed them; only the attribution component runs again."""
    finder = load_pipeline(attribution="rules").get_pipe("attrib_attribution")
    names = sorted(held)
    best = (0.0, 0.5)
    for t in [x / 100 for x in range(25, 66, 5)]:
        finder.model = CueModel(weights=w, threshold=t)
        pred = {n: as_relations(outermost(finder(doc)._.attrib_attributions)) for n, doc in ((n, docs[n]) for n in names)}
        roles = score_polnear(held, pred).roles
        f1 = [roles[r]["overlap"].f1 for r in ("source", "cue", "content")]
        score = sum(f1) / 3
        print(f"threshold {t:.2f}: overlap F1 source {f1[0]:.3f} cue {f1[1]:.3f} content {f1[2]:.3f} (held-out train)")
        if score > best[0]:
            best = (score, t)
    return best


def main() -> None:
    train_dir = sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data" / "polnear" / "train")
    require_data(train_dir, "polnear", "scripts/train_cue_model.py")
    t0 = time.time()
    gold = load_polnear(train_dir)
    names = sorted(gold)
    held = set(names[int(len(names) * 0.9):])
    rows, held_docs = collect(gold, keep=held)
    fit_rows = [r for r in rows if r[0] not in held]
    print(f"{len(rows)} candidates ({sum(r[2] for r in rows)} gold cues) from {len(names)} articles "
          f"in {time.time() - t0:.0f}s")
    w = fit(fit_rows)
    best = choose_threshold(w, {n: gold[n] for n in sorted(held)}, held_docs)
    MODEL_PATH.write_text(json.dumps({"threshold": best[1], "trained_on": "PolNeAR train (90%)",
                                      "held_out_mean_overlap_f1": round(best[0], 4), "weights": w},
                                     indent=0, sort_keys=True), encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({len(w)} weights, threshold {best[1]}, held-out mean overlap F1 {best[0]:.3f})")


if __name__ == "__main__":
    main()
