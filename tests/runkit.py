"""`attrib run` as a separate process, for the concurrency and crash tests: start it,
pause it at an exact point, read its database from outside, compare databases.

Run as a script (`python tests/runkit.py run ...`) it is the real `attrib` command
with test hooks, read from the environment, installed first:

- ATTRIB_TEST_PAUSE_SQL: a regular expression; the process stops (sleeps) just before
  executing the ATTRIB_TEST_PAUSE_AT-th (default 1st) SQL statement that matches it,
  after writing the file ATTRIB_TEST_PAUSED. So a test can `kill -9` it at a known point
  inside a write transaction: statements are traced with sqlite3's trace callback on
  every Store connection, nothing in attrib is changed.
- ATTRIB_TEST_RESUME: a file; once it exists a paused process goes on (without it, the
  process stays paused until it is killed).
- ATTRIB_TEST_EMBED_WRITE_EVERY: vectors per embedding transaction (attrib.linking.embed's
  WRITE_EVERY), so a small corpus is embedded in several transactions.
"""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_aaeb28f7ea0886f0.txt"
HOOKED = Path(__file__).resolve()

# Columns that record when something happened, not what: they differ between any two runs.
TIMESTAMPS = {"ingested_at", "analyzed_at", "created_at"}
TABLES = ("files", "articles", "claims", "attributions", "claim_attributions", "clusters")
LOCKED = re.compile(r"database is locked|database table is locked|SQLITE_BUSY", re.I)

# News-like articles written for these tests (two files, three articles, two outlets that
# cover the same harbour story), so that two runs can be given different inputs.
OWN_INPUTS = {
    "harbour.jsonl": [
        {"outlet": "Harbour Times", "title": "Port approves night shifts at container terminal",
         "published": "2024-05-06",
         "text": "The port authority approved overnight shifts at the eastern container terminal on "
                 "Monday, a spokesperson for the authority said. The terminal handled 1.4 million "
                 "containers last year, according to the authority's annual report.\n\n"
                 "Dock workers' union leader Mara Quist said the new rota would add 120 jobs by the end "
                 "of the summer. \"We asked for this for three years,\" Quist told reporters outside the "
                 "gate.\n\nResidents of the nearby Lindholm district have complained about noise from the "
                 "cranes, officials said. The council will hold a hearing on the plan next month."},
        {"outlet": "Coast Ledger", "title": "Night shifts approved at the eastern container terminal",
         "published": "2024-05-07",
         "text": "The port authority approved overnight shifts at the eastern container terminal on "
                 "Monday, a spokesperson for the authority said. The terminal handled 1.4 million "
                 "containers last year, according to the authority's annual report.\n\n"
                 "Union leader Mara Quist said the new rota would add 120 jobs by the end of the summer.\n\n"
                 "People living in the Lindholm district say the cranes are already too loud at night."},
    ],
    "valley.json": [
        {"outlet": "Valley Courier", "title": "Reservoir falls to a ten-year low",
         "published": "2024-05-09",
         "text": "Water in the Brenn reservoir fell to 41 percent of capacity this week, the regional "
                 "water board said on Thursday. The board plans to cut irrigation allowances for farms by "
                 "a fifth from June.\n\nFarmers' association chair Ines Varga said the cuts would hit "
                 "orchard growers hardest. According to the association, about 300 farms draw water from "
                 "the reservoir.\n\nSome engineers believe a new pipeline from the northern lakes could "
                 "ease the shortage. The board has not decided whether to fund it."},
    ],
}


# One more, for a run that stores an article while another run links.
EXTRA_INPUT = {
    "tram.json": [
        {"outlet": "Metro Daily", "title": "Tram line to the airport opens a year late",
         "published": "2024-05-10",
         "text": "The tram line between the central station and the airport opened on Friday, a year "
                 "later than planned, the transport department said. Building it cost 310 million euros, "
                 "according to the city's budget office.\n\nTransport councillor Ravi Osei said trams would "
                 "run every eight minutes at peak times."},
    ],
}


def write_own_inputs(folder: Path, inputs: dict[str, list[dict[str, str]]] = OWN_INPUTS) -> Path:
    """The articles above as a folder of input files; returns the folder."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    for name, records in inputs.items():
        body = "\n".join(json.dumps(r) for r in records) if name.endswith(".jsonl") else json.dumps(records)
        (folder / name).write_text(body + "\n", encoding="utf-8")
    return folder


# -- processes -------------------------------------------------------------------------


def run_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", COLUMNS="120")
    env.pop("ATTRIB_DEBUG", None)
    env.update(extra)
    return env


@dataclass
class Run:
    """An `attrib run` subprocess; its stdout and stderr go to files (no pipe to fill)."""

    proc: subprocess.Popen
    out: Path
    err: Path

    def wait(self, timeout: float = 120) -> tuple[int, str, str]:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        return code, self.out.read_text(errors="replace"), self.err.read_text(errors="replace")

    def kill(self) -> None:
        """kill -9 this process (only this one: it is the process we started)."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def alive(self) -> bool:
        return self.proc.poll() is None


def start_run(db: Path, *paths: Path | str, logs: Path, name: str = "run", hooks: dict[str, str] | None = None,
              args: tuple[str, ...] = ("--workers", "1")) -> Run:
    """`attrib run --db DB PATHS --workers 1` in a new process (with `hooks`, through this
    file, see the module docstring)."""
    logs.mkdir(parents=True, exist_ok=True)
    entry = [str(HOOKED)] if hooks else ["-m", "attrib"]
    cmd = [sys.executable, *entry, "run", "--db", str(db), *map(str, paths), *args]
    out, err = logs / f"{name}.out", logs / f"{name}.err"
    with open(out, "wb") as fo, open(err, "wb") as fe:
        proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, cwd=ROOT, env=run_env(**(hooks or {})))
    return Run(proc, out, err)


def start_paused(db: Path, *paths: Path | str, logs: Path, sql: str, at: int = 1, name: str = "paused",
                 resumable: bool = False, **hooks: str) -> tuple[Run, Path]:
    """A hooked `attrib run` that stops just before the `at`-th statement matching `sql`;
    returns once it has stopped there, with the file that lets it go on (if `resumable`)."""
    marker, resume = logs / f"{name}.paused", logs / f"{name}.resume"
    env = {"ATTRIB_TEST_PAUSE_SQL": sql, "ATTRIB_TEST_PAUSE_AT": str(at), "ATTRIB_TEST_PAUSED": str(marker),
           **hooks}
    if resumable:
        env["ATTRIB_TEST_RESUME"] = str(resume)
    run = start_run(db, *paths, logs=logs, name=name, hooks=env)
    try:
        wait_for(marker.exists, 120, f"the run to stop at {sql!r}", every=0.01, while_alive=run)
    except BaseException:
        run.kill()  # not left paused for ever
        raise
    return run, resume


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.002,
             while_alive: Run | None = None) -> Any:
    """Poll `condition` until it returns something true; fail after `timeout` seconds or
    when `while_alive` has exited first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = condition()
        if got:
            return got
        if while_alive is not None and not while_alive.alive():
            code, out, err = while_alive.wait()
            raise AssertionError(f"the run ended (exit {code}) before {what}:\n{err[-2000:]}")
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


# -- reading a database from outside -----------------------------------------------------


def read_only(db: Path) -> sqlite3.Connection:
    """A read-only connection, as a test watching another process's database uses."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def scalar(db: Path, sql: str, params: tuple = ()) -> Any:
    """One value, read on a fresh read-only connection; None while the database or the
    table does not exist yet."""
    if not Path(db).exists():
        return None
    try:
        conn = read_only(db)
    except sqlite3.OperationalError:
        return None
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise
    finally:
        conn.close()


def rows(conn: sqlite3.Connection, table: str, drop: set[str] = frozenset()) -> tuple[tuple[str, ...], set[tuple]]:
    """(column names, set of rows) of a table, leaving out timestamps and `drop`."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])") if r[1] not in TIMESTAMPS | set(drop)]
    got = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}]").fetchall()
    return tuple(cols), set(got)


def snapshot(db: Path) -> dict[str, tuple[tuple[str, ...], set[tuple]]]:
    """What a run produced, table by table, without the times it was produced at."""
    conn = read_only(db)
    try:
        out = {t: rows(conn, t) for t in TABLES}
        out["embeddings"] = rows(conn, "embeddings", drop={"vector"})
        return out
    finally:
        conn.close()


def differences(got: dict, want: dict) -> list[str]:
    """Readable differences between two snapshots (empty when they are equal)."""
    out = []
    for table in want:
        cols, a = got[table]
        wcols, b = want[table]
        if cols != wcols:
            out.append(f"{table}: columns {cols} != {wcols}")
        elif a != b:
            out.append(f"{table}: {len(a - b)} row(s) not in the reference, {len(b - a)} missing; "
                       f"e.g. extra {sorted(a - b, key=repr)[:1]}, missing {sorted(b - a, key=repr)[:1]}")
    return out


def link_is_current(db: Path) -> bool:
    """Whether the stored link was computed from the claims as they are (a next run
    would not link again)."""
    from attrib.linking.embed import model_name
    from attrib.linking.cluster import LinkConfig
    from attrib.linking.stage import _meta, inputs_fingerprint
    from attrib.store.store import Store

    store = Store(db)
    try:
        return _meta(store, "link_fingerprint") == inputs_fingerprint(store, model_name(), LinkConfig())
    finally:
        store.close()


def check_state(db: Path, clean: Path) -> dict[str, int]:
    """What must hold for a database at any moment, however its run ended, against a
    clean run of the same input (`clean`); returns counts of what it holds.

    The file is sound; no article or claim is stored twice; an article's stage says
    exactly what is stored for it: 'ingested' and nothing else, or 'analyzed' and all of
    the clean run's claims, attributions and claim links for it (zero only when the clean
    run has zero); every stored vector is whole and belongs to a clean-run claim."""
    from attrib.linking.compare import LINK_FLAGS
    from attrib.versions import PIPELINE_VERSION
    import json

    conn = read_only(db)
    ref = read_only(clean)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT outlet, text, count(*) FROM articles GROUP BY outlet, text "
                            "HAVING count(*) > 1").fetchall() == []
        assert conn.execute("SELECT article_id, start, end, count(*) FROM claims GROUP BY article_id, start, end "
                            "HAVING count(*) > 1").fetchall() == []

        # what an analysis writes, without what linking adds (cluster ids, link flags)
        def analysis_rows(c: sqlite3.Connection, table: str, aid: str) -> set[tuple]:
            drop = {"cluster_id", "flags"} if table == "claims" else set()
            cols, _ = rows(c, table, drop)
            got = set(c.execute(f"SELECT {', '.join(f'[{x}]' for x in cols)} FROM [{table}] WHERE article_id = ?",
                                (aid,)).fetchall())
            if table == "claims":
                flags = {cid: sorted(f for f in json.loads(fl or "[]") if f not in LINK_FLAGS)
                         for cid, fl in c.execute("SELECT claim_id, flags FROM claims WHERE article_id = ?", (aid,))}
                got |= {("flags", cid, tuple(f)) for cid, f in flags.items()}
            return got

        article_cols, articles = rows(conn, "articles", {"stage", "pipeline_version", "story_id"})
        _, ref_articles = rows(ref, "articles", {"stage", "pipeline_version", "story_id"})
        assert articles <= ref_articles, "an article the clean run does not have"
        counts = {"ingested": 0, "analyzed": 0}
        for aid, stage, version in conn.execute("SELECT article_id, stage, pipeline_version FROM articles"):
            assert stage in counts, stage
            counts[stage] += 1
            for table in ("claims", "attributions", "claim_attributions"):
                have = analysis_rows(conn, table, aid)
                if stage == "ingested":
                    assert not have, f"article {aid} is 'ingested' but has {table}"
                else:
                    assert version == PIPELINE_VERSION
                    assert have == analysis_rows(ref, table, aid), f"article {aid} is 'analyzed' but its {table} differ"
        hashes = {h for h, in ref.execute("SELECT DISTINCT text_hash FROM claims")}
        for model, h, dim, size in conn.execute("SELECT model, text_hash, dim, length(vector) FROM embeddings"):
            assert h in hashes and size == dim * 4
        counts["embeddings"] = conn.execute("SELECT count(*) FROM embeddings").fetchone()[0]
        counts["clusters"] = conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
        return counts
    finally:
        conn.close()
        ref.close()


def copy_db(src: Path, dst: Path) -> Path:
    """A private copy of a database (sqlite's backup: what is in its WAL included)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst


def run_here(db: Path, *paths: Path | str) -> dict[str, Any]:
    """`attrib run` in this process (its models stay loaded between calls); returns what
    it did (its --timings: articles analyzed, texts embedded, whether linking ran)."""
    import json
    import tempfile

    from click.testing import CliRunner

    from attrib.cli.main import cli

    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.json"
        res = CliRunner().invoke(cli, ["run", "--db", str(db), *map(str, paths), "--workers", "1",
                                       "--timings", str(timings)], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        assert not LOCKED.search(res.output)
        return json.loads(timings.read_text())


# -- the hooked entry point --------------------------------------------------------------


def _install_hooks() -> None:
    import attrib.linking.embed
    from attrib.store.store import Store

    if os.environ.get("ATTRIB_TEST_EMBED_WRITE_EVERY"):
        attrib.linking.embed.WRITE_EVERY = int(os.environ["ATTRIB_TEST_EMBED_WRITE_EVERY"])
    pattern = os.environ.get("ATTRIB_TEST_PAUSE_SQL")
    if not pattern:
        return
    regex = re.compile(pattern)
    at = int(os.environ.get("ATTRIB_TEST_PAUSE_AT", "1"))
    marker = os.environ.get("ATTRIB_TEST_PAUSED")
    seen = {"n": 0}

    resume = os.environ.get("ATTRIB_TEST_RESUME")

    def trace(sql: str) -> None:
        if regex.search(sql):
            seen["n"] += 1
            if seen["n"] == at:
                if marker:
                    Path(marker).write_text(sql[:200], encoding="utf-8")
                while not (resume and Path(resume).exists()):  # until killed, or told to go on
                    time.sleep(0.01)

    original = Store.__init__

    def traced_init(self: Store, *a: Any, **kw: Any) -> None:
        original(self, *a, **kw)
        self.conn.set_trace_callback(trace)

    Store.__init__ = traced_init  # type: ignore[method-assign]


if __name__ == "__main__":
    _install_hooks()
    from attrib.cli.main import cli

    cli(prog_name="attrib")
