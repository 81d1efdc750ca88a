"""Fine-tune the span tagger with MiniLM's top layers (issue 17, second measurement).

Same data, split and scorer as scripts/train_attribution.py (PolNeAR train only; a
seeded tenth of train never used for selection; dev picks the epoch). The difference:
MiniLM's top `--layers` transformer layers are trained with the tagger. The frozen
layers below run once: their output at every word piece is cached in /tmp, so an
epoch costs the top layers' forward and backward passes only.

    .venv/bin/python scripts/finetune_attribution.py --data ../shared/data/polnear \
        [--layers 2] [--epochs 3] [--rule-features] [--out /tmp/attrib_span_ft.pt]

Training units longer than the encoder's window are cut to their first window (about
1% of units; inference windows them whole). The saved file holds the tagger and the
fine-tuned layers in float16 (about 7 MB for two layers).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import train_attribution as base  # noqa: E402

from attrib.analysis.attribution import span_model  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.eval import span_data  # noqa: E402
from attrib.eval.brat import load_polnear  # noqa: E402
from attrib.eval.scoring import score_polnear  # noqa: E402


class Pieces:
    """Per unit: piece states below the tuned layers (P, 384), first piece per word, the
    frozen middle-layer feature per word (W, 384)."""

    def __init__(self, states: list[np.ndarray], first: list[np.ndarray]) -> None:
        self.states, self.first = states, first


def piece_cache(units: list[span_data.Unit], tag: str, cut: int, enc_box: list) -> Pieces:
    """Hidden states after layer `cut` at each word piece (first window), cached in /tmp."""
    h = hashlib.sha1(json.dumps(["pieces", cut, span_model.WINDOW, span_model.model_dir()]).encode())
    for u in units:
        h.update("\x1f".join(u.words).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    path = base.CACHE / f"pieces_{tag}_{h.hexdigest()[:16]}.npz"
    if path.exists():
        z = np.load(path)
        flat, lens, firsts, flens = z["flat"], z["lens"], z["firsts"], z["flens"]
    else:
        import torch

        if not enc_box:
            enc_box.append(span_model.Encoder(threads=2))
        enc = enc_box[0]
        t0 = time.time()
        states, firsts_l = [], []
        prepared = [enc._pieces(u.words) for u in units]
        order = sorted(range(len(units)), key=lambda i: len(prepared[i][0]))
        out: dict[int, np.ndarray] = {}
        cls, sep, pad = enc.tok.cls_token_id, enc.tok.sep_token_id, enc.tok.pad_token_id
        with torch.inference_mode():
            for b in range(0, len(order), 32):
                idx = order[b:b + 32]
                seqs = [[cls] + prepared[i][0][:span_model.WINDOW] + [sep] for i in idx]
                width = max(len(s) for s in seqs)
                inp = torch.full((len(idx), width), pad, dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for r, s in enumerate(seqs):
                    inp[r, :len(s)] = torch.tensor(s)
                    mask[r, :len(s)] = 1
                hs = enc.model(input_ids=inp, attention_mask=mask, output_hidden_states=True).hidden_states[cut]
                for r, i in enumerate(idx):
                    out[i] = hs[r, :len(seqs[r])].numpy().astype(np.float16)
        for i in range(len(units)):
            states.append(out[i])
            f = np.array(prepared[i][1], dtype=np.int64)
            f = np.where((f >= 0) & (f < span_model.WINDOW), f + 1, -1)  # +1: [CLS]
            firsts_l.append(f)
        lens = np.array([len(s) for s in states])
        flens = np.array([len(f) for f in firsts_l])
        flat = np.concatenate(states)
        firsts = np.concatenate(firsts_l)
        np.savez(path, flat=flat, lens=lens, firsts=firsts, flens=flens)
        print(f"pieces {tag}: {len(units)} units, {flat.shape[0]} pieces in {time.time() - t0:.0f}s", flush=True)
    st, fi = [], []
    a = c = 0
    for n, m in zip(lens, flens):
        st.append(flat[a:a + n])
        fi.append(firsts[c:c + m])
        a += n
        c += m
    return Pieces(st, fi)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/polnear"))
    ap.add_argument("--layers", type=int, default=2, help="top transformer layers trained")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=2e-3, help="learning rate of the tagger")
    ap.add_argument("--encoder-lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--split-seed", type=int, default=13)
    ap.add_argument("--rule-features", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="/tmp/attrib_span_ft.pt")
    args = ap.parse_args(argv)

    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data = Path(args.data)
    require_data(data / "train", "polnear", "scripts/finetune_attribution.py")
    train, dev = load_polnear(data / "train"), load_polnear(data / "dev")
    fit_names, held_names = base.split_train(list(train), args.split_seed)
    dev_names = sorted(dev)
    fit_u = base.units_for(train, fit_names, span_data.AlignStats())
    held_u = base.units_for(train, held_names, span_data.AlignStats())
    dev_u = base.units_for(dev, dev_names, span_data.AlignStats())
    enc: list = []
    # the frozen middle layer's word features: the second half of the frozen cache
    fit_f, _ = base.features(fit_u, f"fit{args.split_seed}_{len(fit_names)}", enc)
    held_f, _ = base.features(held_u, f"held{args.split_seed}", enc)
    dev_f, _ = base.features(dev_u, "dev", enc)
    assert span_model.LAYERS == (-1, 3)
    mid = [np.asarray(f)[:, 384:] for f in fit_f], [np.asarray(f)[:, 384:] for f in held_f], \
        [np.asarray(f)[:, 384:] for f in dev_f]
    if args.rule_features:
        mid = (base.with_rules(fit_u, mid[0], base.rule_attributions(train, fit_names, f"fit{args.split_seed}")),
               base.with_rules(held_u, mid[1], base.rule_attributions(train, held_names, f"held{args.split_seed}")),
               base.with_rules(dev_u, mid[2], base.rule_attributions(dev, dev_names, "dev")))
    cut = 6 - args.layers
    fit_p = piece_cache(fit_u, f"fit{args.split_seed}", cut, enc)
    held_p = piece_cache(held_u, f"held{args.split_seed}", cut, enc)
    dev_p = piece_cache(dev_u, "dev", cut, enc)

    from transformers import AutoModel

    full = AutoModel.from_pretrained(span_model.model_dir())
    top = torch.nn.ModuleList(full.encoder.layer[cut:])
    del full
    dim = 384 + mid[0][0].shape[1]
    tagger = span_model.make_tagger(dim, "bilstm", args.hidden, crf=True)
    opt = torch.optim.AdamW([{"params": tagger.parameters(), "lr": args.lr},
                             {"params": top.parameters(), "lr": args.encoder_lr}], weight_decay=0.01)

    def forward(pieces: Pieces, mids: list[np.ndarray], idx: list[int]):
        """Tagger scores (B, W, labels) and word lengths for the units idx."""
        pw = max(len(pieces.states[i]) for i in idx)
        ww = max(len(mids[i]) for i in idx)
        h = torch.zeros((len(idx), pw, 384))
        mask = torch.zeros((len(idx), pw))
        x_mid = torch.zeros((len(idx), ww, mids[idx[0]].shape[1]))
        gather = torch.zeros((len(idx), ww), dtype=torch.long)
        valid = torch.zeros((len(idx), ww, 1))
        for r, i in enumerate(idx):
            s = pieces.states[i]
            h[r, :len(s)] = torch.from_numpy(s.astype(np.float32))
            mask[r, :len(s)] = 1
            x_mid[r, :len(mids[i])] = torch.from_numpy(np.asarray(mids[i], dtype=np.float32))
            f = pieces.first[i]
            gather[r, :len(f)] = torch.from_numpy(np.maximum(f, 0))
            valid[r, :len(f), 0] = torch.from_numpy((f >= 0).astype(np.float32))
        ext = (1.0 - mask[:, None, None, :]) * -1e4
        for layer in top:
            res = layer(h, attention_mask=ext)
            h = res[0] if isinstance(res, tuple) else res
        words = torch.gather(h, 1, gather[:, :, None].expand(-1, -1, 384)) * valid
        lengths = torch.tensor([len(mids[i]) for i in idx])
        return tagger(torch.cat([words, x_mid], dim=-1), lengths), lengths

    def predict(pieces: Pieces, mids: list[np.ndarray]) -> list[list[str]]:
        tagger.eval()
        top.eval()
        out: list[list[str]] = [[] for _ in mids]
        order = [i for i in sorted(range(len(mids)), key=lambda i: len(pieces.states[i])) if len(mids[i])]
        with torch.inference_mode():
            for b in range(0, len(order), 64):
                idx = order[b:b + 64]
                em, lengths = forward(pieces, mids, idx)
                em, trans, start = em.numpy(), tagger.trans.numpy(), tagger.start.numpy()
                for r, i in enumerate(idx):
                    out[i] = [span_model.LABELS[j] for j in span_model.viterbi(em[r, :len(mids[i])], trans, start)]
        return out

    def score(articles, names, units, pieces, mids):
        tags = predict(pieces, mids)
        by: dict[str, list[int]] = {n: [] for n in names}
        for i, u in enumerate(units):
            by[u.article].append(i)
        pred = {n: span_data.records_of_units([units[i] for i in ix], [tags[i] for i in ix]) for n, ix in by.items()}
        return score_polnear({n: articles[n] for n in names}, pred)

    y = [np.array([span_data.LABEL_ID[t] for t in u.tags], dtype=np.int64) for u in fit_u]
    rng = np.random.default_rng(args.seed)
    order = [i for i in np.argsort([len(s) for s in fit_p.states], kind="stable") if len(y[i])]
    batches = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
    best = (-1.0, -1, None)
    t_train = time.time()
    for epoch in range(1, args.epochs + 1):
        tagger.train()
        top.train()
        te, total = time.time(), 0.0
        for k, bi in enumerate(rng.permutation(len(batches))):
            idx = list(batches[bi])
            em, lengths = forward(fit_p, mid[0], idx)
            t = torch.full(em.shape[:2], -100, dtype=torch.long)
            for r, i in enumerate(idx):
                t[r, :len(y[i])] = torch.from_numpy(y[i])
            loss = tagger.nll(em, t, lengths)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(tagger.parameters()) + list(top.parameters()), 5.0)
            opt.step()
            total += float(loss.detach()) * len(idx)
            if k % 200 == 0:
                print(f"  epoch {epoch} batch {k}/{len(batches)} ({time.time() - te:.0f}s)", flush=True)
        rep = score(dev, dev_names, dev_u, dev_p, mid[2])
        sel = np.mean([rep.roles[r]["exact"].f1 for r in ("source", "cue", "content")])
        print(f"epoch {epoch}: loss {total / len(order):.4f} ({time.time() - te:.0f}s)  dev {base.headline(rep)}  "
              f"select {sel:.4f}", flush=True)
        if sel > best[0]:
            best = (sel, epoch, ({k: v.detach().clone() for k, v in tagger.state_dict().items()},
                                 {k: v.detach().clone() for k, v in top.state_dict().items()}))
    tagger.load_state_dict(best[2][0])
    top.load_state_dict(best[2][1])
    meta = {"dim": dim, "arch": "bilstm", "hidden": args.hidden, "crf": True, "layers": list(span_model.LAYERS),
            "seed": args.seed, "epoch": best[1], "rule_features": bool(args.rule_features),
            "tuned_from": cut}
    span_model.save(tagger, args.out, meta, encoder_layers={k: v.half() for k, v in top.state_dict().items()})
    dev_rep = score(dev, dev_names, dev_u, dev_p, mid[2])
    held_rep = score(train, held_names, held_u, held_p, mid[1])
    base.print_table("model, dev", dev_rep)
    base.print_table("model, held-out tenth of train", held_rep)
    print(f"\nbest epoch {best[1]}; saved to {args.out}")
    print(f"summary dev:  {base.headline(dev_rep)}")
    print(f"summary held: {base.headline(held_rep)}")
    print(f"timing: training {time.time() - t_train:.0f}s for {args.epochs} epochs, threads {args.threads}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
