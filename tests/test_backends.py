"""Where analysis runs (issue #7): worker processes and a Dask cluster give the rows a
single process gives; a re-run over unchanged input does no work and loads no model."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow

TABLES = {
    "claims": "SELECT claim_id, article_id, start, end, text, status, flags, sources, chain, cluster_id FROM claims",
    "attributions": "SELECT * FROM attributions",
    "claim_attributions": "SELECT * FROM claim_attributions",
    "clusters": "SELECT cluster_id, label, size, story_id FROM clusters",
}


def _rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(sql).fetchall(), key=repr) for t, sql in TABLES.items()}
    finally:
        conn.close()


def _vectors(db: Path) -> dict[str, np.ndarray]:
    conn = sqlite3.connect(db)
    try:
        return {h: np.frombuffer(v, "<f4") for h, v in conn.execute("SELECT text_hash, vector FROM embeddings")}
    finally:
        conn.close()


def test_two_worker_processes_store_what_one_process_stores(cli_run, seed_db, tmp_path):
    db = tmp_path / "workers.db"
    res = cli_run("run", "--workers", "2", str(SEED), db=db)
    assert res.exit_code == 0, res.output
    assert _rows(db) == _rows(seed_db)
    assert _rows(db)["claims"], "the seed has claims"


def test_a_local_dask_cluster_of_two_workers_stores_what_one_process_stores(cli_run, seed_db, tmp_path):
    pytest.importorskip("dask.distributed")
    db = tmp_path / "dask.db"
    res = cli_run("run", "--scheduler", "local", "--workers", "2", str(SEED), db=db)
    assert res.exit_code == 0, res.output
    assert _rows(db) == _rows(seed_db)
    # Embedding ran on the cluster too (the seed has more than one batch of claim texts);
    # vectors agree to float rounding, which is why the clusters above are identical.
    mine, theirs = _vectors(db), _vectors(seed_db)
    assert mine.keys() == theirs.keys() and len(mine) > 64
    assert max(float(np.abs(mine[h] - theirs[h]).max()) for h in mine) < 1e-5


def test_a_scheduler_that_is_not_there_is_one_clear_line(cli_run, tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr("attrib.run.engine.CONNECT_TIMEOUT", "2s")
    res = cli_run("analyze", "--scheduler", "tcp://127.0.0.1:9", db=tmp_path / "x.db")
    assert res.exit_code == 0  # nothing pending: no cluster is contacted
    cli_run("ingest", str(SEED), db=tmp_path / "x.db")
    from click.testing import CliRunner

    from attrib.cli.main import cli

    res = CliRunner().invoke(cli, ["analyze", "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 1
    assert "analysis stopped" in res.output and "kept" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_a_rerun_over_unchanged_input_links_nothing_again(seed_db_copy):
    from attrib.linking.stage import link_store
    from attrib.store.store import Store

    store = Store(seed_db_copy)
    before = _rows(seed_db_copy)
    report = link_store(store, force=False)
    assert report.skipped and report.clusters == before["clusters"].__len__()
    assert _rows(seed_db_copy) == before

    # Re-analysing an article replaces its claims (their cluster ids go): the next link
    # must notice, even though the texts are the same.
    store.conn.execute("UPDATE articles SET pipeline_version = 'old'")
    from attrib.run.engine import analyze_pending

    assert analyze_pending(store) == 4
    assert store.conn.execute("SELECT count(*) FROM claims WHERE cluster_id IS NOT NULL").fetchone()[0] == 0
    report = link_store(store, force=False)
    assert not report.skipped and report.embedded == 0
    assert _rows(seed_db_copy) == before
    store.close()


def _fresh_process(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                         env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "COLUMNS": "120"}, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


HEAVY = ("spacy", "torch", "sentence_transformers", "transformers")
PROBE = """
import contextlib, io, json, sys
from click.testing import CliRunner
from attrib.cli.main import cli
res = CliRunner().invoke(cli, sys.argv[1:])
print(json.dumps({"exit": res.exit_code, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def test_help_export_and_an_unchanged_rerun_load_no_model(seed_db_copy):
    """Start-up stays under a second because these commands never import the models."""
    for args in (["--help"], ["export", "claims", "--db", str(seed_db_copy)],
                 ["flag", "--db", str(seed_db_copy)],
                 ["run", "--db", str(seed_db_copy), str(SEED)]):
        got = _fresh_process(PROBE, *args)
        assert got == {"exit": 0, "loaded": []}, args


NO_FD_STDERR = """
import io, sys
from attrib.run.engine import Engine, analyze_pending
from attrib.store.store import Store

class Captured(io.StringIO):  # what an app that captures output (Textual) puts there
    def fileno(self):
        return -1

store = Store(sys.argv[1])
store.conn.execute("UPDATE articles SET pipeline_version = 'old'")
sys.stderr = Captured()
n = analyze_pending(store, Engine(workers=2))
sys.stdout.write(f"{n}\\n")
"""


def test_worker_processes_start_under_an_app_that_captures_stderr(seed_db_copy):
    """The TUI analyzes in worker processes too; Textual's captured stderr has no file
    descriptor, which multiprocessing used to choke on ("bad value(s) in fds_to_keep")."""
    out = subprocess.run([sys.executable, "-c", NO_FD_STDERR, str(seed_db_copy)], capture_output=True, text=True,
                         cwd=ROOT, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "4"
