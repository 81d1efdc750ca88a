"""Ingest stage: files into stored articles, skipping files already stored unchanged."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from attrib.ids import file_digest
from attrib.ingest.files import collect_paths, parse_file
from attrib.types import InputProblem
from attrib.store.store import Store
from attrib.ingest.web_stage import WebOptions, ingest_web, is_web_input


@dataclass
class IngestReport:
    files_read: int = 0
    files_skipped: int = 0  # unchanged since the last run
    new_articles: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    # from the web (URLs and WARC files): responses read, URLs that failed, URLs skipped
    # (already stored, or the same article as another URL), new versions of stored articles
    web_inputs: int = 0
    pages_fetched: int = 0
    pages_failed: int = 0
    pages_skipped: int = 0
    new_versions: int = 0


def ingest_paths(store: Store, paths: Iterable[str | Path],
                 advance: Callable[[], None] | None = None,
                 total: Callable[[int], None] | None = None, *,
                 max_bytes: int | None = None, outlet: str | None = None,
                 web: WebOptions | None = None, on_fetch: Callable[[str], None] | None = None) -> IngestReport:
    """Read every input under `paths` into `store`; one transaction per file.

    A file whose content is unchanged since it was stored is skipped. A file with
    problems keeps its good records; it is recorded as seen only when it had no problem,
    so the next run reports the problem again. A file over the size limit (`max_bytes`,
    else $ATTRIB_MAX_FILE_MB, else 8 MB; 0 for none) is refused without being read.
    `outlet` names the outlet of articles that name none (`--outlet`); a file read with
    another `outlet` than before is read again.

    http(s) URLs and .warc / .warc.gz files among `paths` are read from the web after the
    files (`ingest_web`, with `web`'s options): their failures are problems too, named by
    URL; each URL or WARC record handled advances the progress (whose total is then None)
    and tells `on_fetch` the counts so far ("3 fetched, 0 failed, 1 skipped").
    """
    report = IngestReport()
    paths = list(paths)
    web_inputs = [str(p) for p in paths if is_web_input(p)]
    paths = [p for p in paths if not is_web_input(p)]
    report.web_inputs = len(web_inputs)
    files, report.problems = collect_paths(paths, max_bytes=max_bytes) if paths else ([], [])
    if total:
        total(None if web_inputs else len(files))
    for path in files:
        key = str(path.resolve())
        try:
            data = path.read_bytes()
        except OSError as e:
            report.problems.append(InputProblem(str(path), f"cannot read: {e.strerror or e}"))
            data = None
        if data is not None:
            digest = file_digest(data)  # once per file: parse_file is given it
            # the file as read with this --outlet: another outlet reads it again
            seen = digest if outlet is None else file_digest(f"{digest}\0outlet={outlet}".encode())
            if store.file_unchanged(key, seen):
                report.files_skipped += 1
            else:
                result = parse_file(path, data, max_bytes=max_bytes, outlet=outlet, sha256=digest)
                result.sha256 = seen
                report.files_read += 1
                report.problems.extend(result.problems)
                # A file with problems is not remembered, so the next run names them again.
                new = store.save_file(key, result.sha256, result.size, result.articles,
                                      remember=not result.problems)
                report.new_articles += len(new)
        if advance:
            advance()
    if web_inputs:
        def fetched(counts) -> None:
            if advance:
                advance()
            if on_fetch:
                on_fetch(counts.summary())

        counts = ingest_web(store, web_inputs, web, max_bytes=max_bytes, outlet=outlet,
                            on_problem=report.problems.append, advance=fetched)
        report.pages_fetched, report.pages_failed, report.pages_skipped = counts.fetched, counts.failed, counts.skipped
        report.new_articles += counts.new_articles
        report.new_versions = counts.new_versions
    return report
