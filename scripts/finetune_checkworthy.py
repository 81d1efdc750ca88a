"""Fine-tune MiniLM's top layers for check-worthiness (issue 18).

Data: ClaimBuster train less its held-out fifth (`sentence_id % 5 == 0`, never trained
on) and CheckThat! 2022 1B train. A seeded tenth of that training data picks the epoch
and is reported; the ClaimBuster held-out fifth and CheckThat! 1B dev are only measured.
The frozen layers below `--layers` run once per sentence (their output is cached in
/tmp), so an epoch costs the top layers' forward and backward passes. The head is a
linear layer over the mean of the top layer's states.

    .venv/bin/python scripts/finetune_checkworthy.py [--data ../shared/data/checkworthiness] \
        [--layers 2] [--epochs 4] [--out attrib/data/checkworthy_tuned.pt]

The saved file holds the tuned layers and the head in float16.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from attrib.config import require_data  # noqa: E402
from attrib.eval.claims import held_out, load_checkthat, load_claimbuster  # noqa: E402

CACHE = Path("/tmp/attrib_cw_cache")
MAX_PIECES = 96


def lower_states(texts: list[str], cut: int, tag: str) -> list[np.ndarray]:
    """Hidden states after the first `cut` layers, per sentence (pieces incl. CLS/SEP), cached."""
    from attrib.analysis.attribution.span_model import model_dir

    h = hashlib.sha1(json.dumps([cut, MAX_PIECES, str(model_dir())]).encode())
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass") + b"\x1e")
    path = CACHE / f"{tag}_{h.hexdigest()[:16]}.npz"
    if path.exists():
        z = np.load(path)
        flat, lens = z["flat"], z["lens"]
    else:
        import torch
        from transformers import AutoModel, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(model_dir())
        model = AutoModel.from_pretrained(model_dir()).eval()
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), 64):
                enc = tok(texts[i:i + 64], padding=True, truncation=True, max_length=MAX_PIECES, return_tensors="pt")
                hs = model(**enc, output_hidden_states=True).hidden_states[cut]
                for row, m in zip(hs, enc["attention_mask"]):
                    out.append(row[: int(m.sum())].numpy().astype(np.float16))
        lens = np.array([len(x) for x in out])
        flat = np.concatenate(out)
        CACHE.mkdir(exist_ok=True)
        np.savez(path, flat=flat, lens=lens)
    bounds = np.concatenate([[0], np.cumsum(lens)])
    return [flat[bounds[i]:bounds[i + 1]] for i in range(len(lens))]


class TopModel:
    """The tuned top layers of MiniLM and a linear head over their mean state."""

    def __init__(self, cut: int):
        import torch
        from transformers import AutoModel

        from attrib.analysis.attribution.span_model import model_dir

        full = AutoModel.from_pretrained(model_dir())
        self.cut = cut
        self.layers = torch.nn.ModuleList(full.encoder.layer[cut:])
        self.head = torch.nn.Linear(full.config.hidden_size, 1)

    def parameters(self):
        return list(self.layers.parameters()) + list(self.head.parameters())

    def logits(self, batch: list[np.ndarray], train: bool):
        import torch

        n = max(len(x) for x in batch)
        x = torch.zeros(len(batch), n, batch[0].shape[1])
        mask = torch.zeros(len(batch), n)
        for i, s in enumerate(batch):
            x[i, : len(s)] = torch.from_numpy(s.astype(np.float32))
            mask[i, : len(s)] = 1
        ext = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        self.layers.train(train)
        for layer in self.layers:
            out = layer(x, attention_mask=ext)
            x = out[0] if isinstance(out, tuple) else out
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return self.head(pooled).squeeze(-1)

    def predict(self, states: list[np.ndarray]) -> np.ndarray:
        import torch

        out = []
        with torch.no_grad():
            for i in range(0, len(states), 128):
                out.append(torch.sigmoid(self.logits(states[i:i + 128], train=False)).numpy())
        return np.concatenate(out)


def f1(y: np.ndarray, p: np.ndarray, t: float = 0.5) -> float:
    pred = p >= t
    tp = int((pred & (y == 1)).sum())
    return 2 * tp / max(1, pred.sum() + (y == 1).sum())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared/data/checkworthiness"))
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--out", default=str(ROOT / "attrib/data/checkworthy_tuned.pt"))
    args = ap.parse_args(argv)
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    data = Path(args.data)
    require_data(data / "claimbuster" / "train.json", "claimbuster", "scripts/finetune_checkworthy.py")
    cb = load_claimbuster(data / "claimbuster" / "train.json")
    fit = [(r["text"], int(r["label"])) for r in cb if not held_out(r)]
    fit += load_checkthat(data / "checkthat2022_en" / "CT22_english_1B_claim_train.tsv")
    held = [(r["text"], int(r["label"])) for r in cb if held_out(r)]
    ct_dev = load_checkthat(data / "checkthat2022_en" / "CT22_english_1B_claim_dev.tsv")
    rng = random.Random(args.seed)
    order = list(range(len(fit)))
    rng.shuffle(order)
    select = set(order[: len(fit) // 10])
    train = [fit[i] for i in order if i not in select]
    sel = [fit[i] for i in sorted(select)]
    cut = 6 - args.layers
    t0 = time.time()
    S = {name: lower_states([t for t, _ in rows], cut, name) for name, rows in
         (("train", train), ("select", sel), ("held", held), ("ctdev", ct_dev))}
    Y = {name: np.array([y for _, y in rows]) for name, rows in
         (("train", train), ("select", sel), ("held", held), ("ctdev", ct_dev))}
    print(f"lower layers over {sum(len(v) for v in S.values())} sentences in {time.time() - t0:.0f}s", flush=True)
    model = TopModel(cut)
    opt = torch.optim.AdamW([{"params": list(model.layers.parameters()), "lr": args.lr},
                             {"params": list(model.head.parameters()), "lr": 1e-3}], weight_decay=0.01)
    steps = args.epochs * ((len(train) + 31) // 32)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    best = None
    for epoch in range(args.epochs):
        idx = list(range(len(train)))
        rng.shuffle(idx)
        t1 = time.time()
        for b in range(0, len(idx), 32):
            batch = idx[b:b + 32]
            logits = model.logits([S["train"][i] for i in batch], train=True)
            loss = loss_fn(logits, torch.tensor(Y["train"][batch], dtype=torch.float32))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        ps = model.predict(S["select"])
        score = f1(Y["select"], ps)
        print(f"epoch {epoch + 1}: {time.time() - t1:.0f}s, F1 on the selection tenth {score:.3f}", flush=True)
        if best is None or score > best[0]:
            best = (score, epoch + 1, {k: v.detach().clone() for k, v in model.layers.state_dict().items()},
                    {k: v.detach().clone() for k, v in model.head.state_dict().items()})
    model.layers.load_state_dict(best[2])
    model.head.load_state_dict(best[3])
    ph, pd = model.predict(S["held"]), model.predict(S["ctdev"])
    print(f"\nepoch {best[1]} kept (selection tenth F1 {best[0]:.3f})")
    print(f"ClaimBuster held-out fifth ({len(held)}): F1 of check-worthy {f1(Y['held'], ph):.3f}")
    print(f"CheckThat! 2022 1B dev ({len(ct_dev)}): F1 of claim {f1(Y['ctdev'], pd):.3f}")
    torch.save({"cut": cut, "layers": {k: v.half() for k, v in best[2].items()},
                "head": {k: v.half() for k, v in best[3].items()},
                "about": "MiniLM top layers + linear head for check-worthiness; scripts/finetune_checkworthy.py"},
               args.out)
    print(f"saved {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
