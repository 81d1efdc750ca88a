"""Shared fixtures: the spaCy pipeline loads once per session, databases are per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SEED = ROOT / "corpus" / "000_aaeb28f7ea0886f0.txt"


def need_shared(*parts: str) -> Path:
    """The path under ../shared/data, or skip: a user's fresh clone has no ../shared."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{'/'.join(parts)} (research data beside the repo), not present")
    return path


@pytest.fixture(scope="session")
def anyio_backend():
    """The TUI tests (pytest.mark.anyio) run on asyncio, as Textual does."""
    return "asyncio"


@pytest.fixture(scope="session")
def nlp():
    from attrib.analysis.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "attrib.db"


@pytest.fixture
def cli_run(db_path: Path, nlp):
    """Invoke the CLI in-process (the cached model is reused) against this test's DB."""
    from attrib.cli.main import cli

    def invoke(*args: str, input: str | bytes | None = None, db: Path | None = db_path):
        runner = CliRunner()
        full = list(args)
        if db is not None and "--db" not in full:
            full += ["--db", str(db)]
        return runner.invoke(cli, full, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def seed(nlp):
    """The seed's four articles as (text, Analysis) by outlet, analyzed once per session."""
    from attrib.analysis.rows import analyze_texts
    from attrib.ingest.pages import split_page

    arts = split_page(SEED.read_text(encoding="utf-8"))
    items = [(a.outlet, a.outlet, a.text, a.wire) for a in arts]
    return {a.outlet: (a.text, analysis) for a, analysis in zip(arts, analyze_texts(items))}


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, nlp) -> Path:
    """The seed page run through `attrib run` (ingest, analyze, link) once per session.
    Tests only read it; a test that writes uses `seed_db_copy`."""
    from attrib.cli.main import cli

    db = tmp_path_factory.mktemp("seed") / "attrib.db"
    res = CliRunner().invoke(cli, ["run", "--db", str(db), str(SEED)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return db


@pytest.fixture
def seed_db_copy(seed_db: Path, tmp_path: Path) -> Path:
    """A private copy of `seed_db` this test may write to (sqlite's backup: WAL included)."""
    from runkit import copy_db

    return copy_db(seed_db, tmp_path / "seed-copy" / "attrib.db")


@pytest.fixture(scope="session")
def own(tmp_path_factory) -> Path:
    """Inputs other than the seed page: three short articles in two files (tests/runkit.py)."""
    from runkit import write_own_inputs

    return write_own_inputs(tmp_path_factory.mktemp("own") / "inputs")


@pytest.fixture(scope="session")
def seed_then_own(tmp_path_factory, seed_db: Path, own: Path) -> Path:
    """The seed page run, then the other inputs run: one after the other, in this process."""
    from runkit import copy_db, run_here

    db = copy_db(seed_db, tmp_path_factory.mktemp("seed-then-own") / "attrib.db")
    run_here(db, own)
    return db


@pytest.fixture
def site():
    """The local news site of tests/web_pages on 127.0.0.1 (tests/webkit.py), stopped after the test."""
    from webkit import WebServer, news_site

    server = news_site(WebServer()).start()
    try:
        yield server
    finally:
        server.stop()


def assert_contract(db: Path, attrib_cmd: str | None = None) -> None:
    """../shared/tools/check-contract passes on `db` (the project's own attrib, or
    `attrib_cmd`), or the test skips when the tool is not beside the repo."""
    import os
    import subprocess
    import sys

    tool = SHARED / "tools" / "check-contract"
    if not tool.exists():
        pytest.skip("needs ../shared/tools/check-contract, not present")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    args = [sys.executable, str(tool), str(db)] + (["--attrib", attrib_cmd] if attrib_cmd else [])
    run = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 problems" in run.stdout
