"""Train and measure the learned attribution span tagger (issue 17, first measurement).

PolNeAR train only: a fixed, seeded tenth of train's articles is held out and never
used for selection; dev picks the epoch (mean exact F1 of source / cue / content with
attrib's scorer). Token features from frozen all-MiniLM-L6-v2 are cached in /tmp.

    .venv/bin/python scripts/train_attribution.py --data ../shared/data/polnear \
        [--crf] [--arch bilstm|linear] [--epochs 10] [--seed 13] [--all-annotators] \
        [--rule-features] [--quantize] \
        [--out /tmp/attrib_span_tagger.pt]

Prints the scorer's tables (model on dev, model on the held-out tenth; compare with
`attrib eval polnear` for the rules), the oracle ceiling of the tag representation
(gold tags through the same decoding), and the encoding and training times.
Weights go to --out (in /tmp by default): they are not part of the repo.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attrib.analysis.attribution import span_model, span_units  # noqa: E402
from attrib.config import require_data  # noqa: E402
from attrib.eval import span_data  # noqa: E402
from attrib.eval.brat import load_polnear  # noqa: E402
from attrib.eval.scoring import score_polnear  # noqa: E402

CACHE = Path(os.environ.get("ATTRIB_SPAN_CACHE", "/tmp/attrib_span_cache"))


def split_train(names: list[str], seed: int, frac: float = 0.1) -> tuple[list[str], list[str]]:
    """(fit, held) article names: a seeded tenth of train, fixed by the seed alone."""
    names = sorted(names)
    rng = random.Random(seed)
    shuffled = names[:]
    rng.shuffle(shuffled)
    n_held = max(1, round(len(names) * frac))
    held = sorted(shuffled[:n_held])
    return sorted(set(names) - set(held)), held


def features(units: list[span_data.Unit], tag: str, enc_box: list,
             quantize: bool = False) -> tuple[list[np.ndarray], float]:
    """Token features of the units, from the /tmp cache when the same words were encoded
    (`quantize`: from the int8 encoder the pipeline runs; `enc_box` holds one such encoder)."""
    h = hashlib.sha1()
    h.update(json.dumps([span_model.LAYERS, span_model.WINDOW, span_model.STRIDE, span_model.model_dir()]
                        + (["int8"] if quantize else [])).encode())
    for u in units:
        h.update("\x1f".join(u.words).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    path = CACHE / f"{tag}_{h.hexdigest()[:16]}.npy"
    lengths = [len(u.tokens) for u in units]
    if path.exists():
        flat = np.load(path, mmap_mode="r")
        secs = 0.0
    else:
        if not enc_box:
            enc_box.append(span_model.Encoder(threads=2, quantize=quantize))
        t0 = time.time()
        vecs = enc_box[0].encode([u.words for u in units])
        secs = time.time() - t0
        flat = np.concatenate(vecs) if vecs else np.zeros((0, enc_box[0].dim), np.float16)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, flat)
        print(f"encoded {tag}: {len(units)} units, {flat.shape[0]} tokens in {secs:.0f}s "
              f"({flat.shape[0] / max(secs, 1e-9):.0f} tokens/s)", flush=True)
    out, at = [], 0
    for n in lengths:
        out.append(np.asarray(flat[at:at + n]))
        at += n
    return out, secs


def rule_attributions(articles: dict, names: list[str], tag: str) -> dict[str, list]:
    """The rules' attributions of each article (attrib's own pipeline), cached in /tmp."""
    import pickle

    from attrib.versions import PIPELINE_VERSION

    h = hashlib.sha1(PIPELINE_VERSION.encode())
    for n in names:
        h.update(articles[n].text.encode("utf-8", "surrogatepass"))
    path = CACHE / f"rules_{tag}_{h.hexdigest()[:16]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from attrib.analysis.pipeline import load_pipeline

    t0 = time.time()
    nlp = load_pipeline(attribution="rules")
    out = {}
    for n, doc in zip(names, nlp.pipe((articles[n].text for n in names), batch_size=16)):
        out[n] = [a for a in (doc._.attrib_attributions or [])]
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    print(f"rules on {tag}: {len(names)} articles in {time.time() - t0:.0f}s", flush=True)
    return out


def with_rules(units: list[span_data.Unit], feats: list[np.ndarray], rules: dict[str, list]) -> list[np.ndarray]:
    """Token features with the rules' span marks appended."""
    by_article: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_article.setdefault(u.article, []).append(i)
    out: list[np.ndarray] = [None] * len(units)  # type: ignore[list-item]
    for name, idx in by_article.items():
        marks = span_units.rule_features([units[i] for i in idx], rules[name])
        for i, m in zip(idx, marks):
            out[i] = np.concatenate([np.asarray(feats[i], dtype=np.float16), m.astype(np.float16)], axis=1)
    return out


def units_for(articles: dict, names: list[str], stats: span_data.AlignStats) -> list[span_data.Unit]:
    tok = span_data.tokenizer()
    units = []
    for name in names:
        units.extend(span_data.article_units(articles[name], stats, tok))
    return units


def evaluate(tagger, articles: dict, names: list[str], units: list[span_data.Unit], feats: list[np.ndarray]):
    tags = span_model.predict_tags(tagger, feats)
    by_article: dict[str, list[int]] = {n: [] for n in names}
    for i, u in enumerate(units):
        by_article[u.article].append(i)
    pred = {n: span_data.records_of_units([units[i] for i in idx], [tags[i] for i in idx])
            for n, idx in by_article.items()}
    return score_polnear({n: articles[n] for n in names}, pred)


def headline(report) -> str:
    r = report.roles
    ex = "/".join(f"{r[k]['exact'].f1:.3f}" for k in ("source", "cue", "content"))
    ov = "/".join(f"{r[k]['overlap'].f1:.3f}" for k in ("source", "cue", "content"))
    return f"exact {ex}  overlap {ov}  relation {report.relation.f1:.3f}"


def print_table(title: str, report) -> None:
    print(f"\n## {title} ({report.n_articles} articles)")
    for row in report.table()[:-1]:
        print("  " + "\t".join(row))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/polnear"))
    ap.add_argument("--arch", choices=("bilstm", "linear"), default="bilstm")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--crf", action="store_true", help="a linear-chain CRF instead of per-token softmax")
    ap.add_argument("--seed", type=int, default=13, help="training seed (initialisation, batch order)")
    ap.add_argument("--split-seed", type=int, default=13, help="seed of the held-out tenth (keep fixed)")
    ap.add_argument("--all-annotators", action="store_true",
                    help="also train on the other annotators of multi-annotator train articles")
    ap.add_argument("--rule-features", action="store_true",
                    help="append where attrib's rules put source, cue and content to each token")
    ap.add_argument("--quantize", action="store_true",
                    help="token features from the encoder with int8 linear layers (as the pipeline runs it)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="train articles used (0: all), for a quick try")
    ap.add_argument("--out", default="/tmp/attrib_span_tagger.pt")
    args = ap.parse_args(argv)

    import torch

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)

    data = Path(args.data)
    require_data(data / "train", "polnear", "scripts/train_attribution.py")
    require_data(data / "dev", "polnear", "scripts/train_attribution.py")
    train = load_polnear(data / "train")
    dev = load_polnear(data / "dev")
    fit_names, held_names = split_train(list(train), args.split_seed)
    if args.limit:
        fit_names = fit_names[:args.limit]
    dev_names = sorted(dev)
    print(f"train articles: {len(fit_names)} fit, {len(held_names)} held out (split seed {args.split_seed}); "
          f"dev {len(dev_names)}; training seed {args.seed}")

    stats = span_data.AlignStats()
    enc: list = []
    t0 = time.time()
    fit_units = units_for(train, fit_names, stats)
    held_units = units_for(train, held_names, span_data.AlignStats())
    dev_units = units_for(dev, dev_names, span_data.AlignStats())
    print(f"units: fit {len(fit_units)}, held {len(held_units)}, dev {len(dev_units)}; "
          f"tokenised and tagged in {time.time() - t0:.1f}s; fit alignment {stats}")
    enc_secs = 0.0
    fit_x, s = features(fit_units, f"fit{args.split_seed}_{len(fit_names)}", enc, args.quantize)
    enc_secs += s
    held_x, s = features(held_units, f"held{args.split_seed}", enc, args.quantize)
    enc_secs += s
    dev_x, s = features(dev_units, "dev", enc, args.quantize)
    enc_secs += s
    if enc:
        print(f"encoder windows: {enc[0].windows} for the {enc[0].units} units encoded "
              f"(more windows than units = long paragraphs windowed, not truncated)")
    if args.rule_features:
        fit_x = with_rules(fit_units, fit_x, rule_attributions(train, fit_names, f"fit{args.split_seed}"))
        held_x = with_rules(held_units, held_x, rule_attributions(train, held_names, f"held{args.split_seed}"))
        dev_x = with_rules(dev_units, dev_x, rule_attributions(dev, dev_names, "dev"))
    dim = fit_x[0].shape[1]
    if args.all_annotators:  # same texts, same features; the other annotators' tags
        tok = span_data.tokenizer()
        first_unit: dict[str, int] = {}
        for i, u in enumerate(fit_units):
            first_unit.setdefault(u.article, i)
        extra_units, extra_x = [], []
        for name in fit_names:
            art = train[name]
            for ann in art.annotators:
                if ann == art.annotator:
                    continue
                units = span_data.units_of(name, art.text, tok)
                span_data.tag_units(units, art.by_annotator[ann], art.text)
                at = first_unit[name]
                extra_units.extend(units)
                extra_x.extend(fit_x[at:at + len(units)])
        print(f"other annotators: {len(extra_units)} more training units")
        fit_units = fit_units + extra_units
        fit_x = fit_x + extra_x

    y = [np.array([span_data.LABEL_ID[t] for t in u.tags], dtype=np.int64) for u in fit_units]
    counts = np.bincount(np.concatenate(y), minlength=len(span_data.LABELS))
    tagger = span_model.make_tagger(dim, args.arch, args.hidden, crf=args.crf)
    opt = torch.optim.Adam(tagger.parameters(), lr=args.lr)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = np.random.default_rng(args.seed)
    order = np.argsort([len(v) for v in fit_x], kind="stable")
    batches = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
    best = (-1.0, -1, None)
    t_train = time.time()
    for epoch in range(1, args.epochs + 1):
        tagger.train()
        te = time.time()
        total = 0.0
        for bi in rng.permutation(len(batches)):
            idx = [i for i in batches[bi] if len(fit_x[i])]
            width = max(len(fit_x[i]) for i in idx)
            x = torch.zeros((len(idx), width, dim))
            t = torch.full((len(idx), width), -100, dtype=torch.long)
            for r, i in enumerate(idx):
                x[r, :len(fit_x[i])] = torch.from_numpy(fit_x[i].astype(np.float32))
                t[r, :len(y[i])] = torch.from_numpy(y[i])
            lengths = torch.tensor([len(fit_x[i]) for i in idx])
            logits = tagger(x, lengths)
            if args.crf:
                loss = tagger.nll(logits, t, lengths)
            else:
                loss = loss_fn(logits.reshape(-1, logits.shape[-1]), t.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        rep = evaluate(tagger, dev, dev_names, dev_units, dev_x)
        sel = np.mean([rep.roles[k]["exact"].f1 for k in ("source", "cue", "content")])
        print(f"epoch {epoch}: loss {total / len(fit_x):.4f} ({time.time() - te:.0f}s)  dev {headline(rep)}  "
              f"select {sel:.4f}", flush=True)
        if sel > best[0]:
            best = (sel, epoch, {k: v.detach().clone() for k, v in tagger.state_dict().items()})
    train_secs = time.time() - t_train
    tagger.load_state_dict(best[2])
    span_model.save(tagger, args.out, {"dim": dim, "arch": args.arch, "hidden": args.hidden, "crf": args.crf,
                                       "layers": list(span_model.LAYERS), "seed": args.seed,
                                       "rule_features": bool(args.rule_features),
                                       "quantized": bool(args.quantize),
                                       "epoch": best[1]})

    print(f"\nbest epoch {best[1]} (dev mean exact F1 {best[0]:.4f}); saved to {args.out}")
    print(f"label counts (fit): {dict(zip(span_data.LABELS, counts.tolist()))}")
    dev_rep = evaluate(tagger, dev, dev_names, dev_units, dev_x)
    held_rep = evaluate(tagger, train, held_names, held_units, held_x)
    oracle_pred, _ = span_data.oracle(dev)
    print_table("model, dev", dev_rep)
    print_table("model, held-out tenth of train", held_rep)
    print(f"\nsummary dev:  {headline(dev_rep)}")
    print(f"summary held: {headline(held_rep)}")
    print(f"oracle dev (gold -> tags -> records): {headline(score_polnear(dev, oracle_pred))}")
    print(f"timing: encoding {enc_secs:.0f}s (0 = from cache), training {train_secs:.0f}s "
          f"for {args.epochs} epochs incl. dev scoring, threads {args.threads}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
