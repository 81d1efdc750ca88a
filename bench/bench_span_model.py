"""What the learned span tagger costs (issue 17): `attrib run` with ATTRIB_ATTRIBUTION=rules
and =model, as ratios against a bare spaCy parse of the same texts in the same run.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_span_model.py [--texts DIR] [--workers N]

Each command runs in a fresh process (imports and model loading count). Reported: wall
seconds, × bare parse, articles per second per core, peak RSS of the main process and
of a worker (`attrib run --timings`), and the tagger's share of one process's analysis.
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
import bench_pipeline as bp  # noqa: E402


def attrib_run(db: Path, inputs: Path, mode: str, workers: str | None) -> tuple[float, dict]:
    timings = db.with_suffix(".json")
    cmd = [*bp.ATTRIB, "run", "--db", str(db), str(inputs), "--timings", str(timings)]
    if workers:
        cmd += ["--workers", workers]
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env={**bp.ENV, "ATTRIB_ATTRIBUTION": mode}, cwd=ROOT)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"attrib run ({mode}) failed:\n{out.stderr[-2000:]}")
    return wall, json.loads(timings.read_text())


def tagger_share(files: list[Path]) -> tuple[float, float]:
    """Seconds of the whole pipeline and of the attrib_spans component, one process."""
    from attrib.analysis.pipeline import load_pipeline

    nlp = load_pipeline(attribution="model")
    texts = [f.read_text(encoding="utf-8") for f in files]
    list(nlp.pipe(texts[:2]))  # warm up (loads the encoder)
    total = spans = 0.0
    docs = [nlp.make_doc(x) for x in texts]
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        took = time.perf_counter() - t
        total += took
        spans += took if name == "attrib_spans" else 0.0
    return total, spans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared/data/polnear/dev/text")
    ap.add_argument("--workers", default=None, help="attrib run --workers (default: attrib's choice)")
    args = ap.parse_args()
    from attrib.config import require_data

    require_data(args.texts, "texts", "bench/bench_span_model.py")
    files = sorted(args.texts.glob("*.txt"))
    cores = os.cpu_count() or 1
    from rich.console import Console
    from rich.table import Table

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        inputs = tmp / "all"
        shutil.copytree(args.texts, inputs)
        bare_wall, _ = bp.bare_parse(files)
        runs = {mode: attrib_run(tmp / f"{mode}.db", inputs, mode, args.workers) for mode in ("rules", "model")}
    total, spans = tagger_share(files)

    console = Console(width=120)
    console.print(f"[bold]{len(files)} articles[/] from {args.texts} · {platform.machine()}, {cores} cores, "
                  f"Python {platform.python_version()}")
    table = Table(title="attrib run, rules and model, against a bare spaCy parse (fresh processes)",
                  title_justify="left")
    for col in ("run", "wall", "× bare parse", "articles/s/core", "peak RSS MB (main / worker)"):
        table.add_column(col, justify="right" if col != "run" else "left")
    table.add_row("bare parse (load + nlp.pipe)", f"{bare_wall:.1f}s", "1.00",
                  f"{len(files) / bare_wall / cores:.2f}", "")
    for mode, (wall, got) in runs.items():
        table.add_row(f"attrib run, ATTRIB_ATTRIBUTION={mode}", f"{wall:.1f}s", f"{wall / bare_wall:.2f}",
                      f"{len(files) / wall / cores:.2f}",
                      f"{got['peak_rss_mb']:.0f} / {got['peak_rss_workers_mb']:.0f}")
    console.print(table)
    console.print(f"one process, model pipeline: {total:.1f}s, of which the span tagger (attrib_spans) "
                  f"{spans:.1f}s ({spans / total:.0%})")


if __name__ == "__main__":
    sys.exit(main())
