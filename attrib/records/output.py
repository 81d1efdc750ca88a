"""Writing records: JSON lines, JSON, CSV (nested values as JSON strings), or a table."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, TextIO

FORMATS = ("jsonl", "json", "csv")


def plural(n: int, word: str, many: str | None = None) -> str:
    """A count and its noun: "1 article", "2 articles" (`many` for irregular plurals: "3 stories")."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def clusters_phrase(counts: dict[str, int]) -> str:
    """"3 cross-outlet clusters (and 1 same-outlet repeat)", from
    attrib.linking.compare.cluster_counts: a cluster of one outlet is a repeat, said as one."""
    repeats = counts["same_outlet"]
    return plural(counts["cross_outlet"], "cross-outlet cluster") + (
        f" (and {plural(repeats, 'same-outlet repeat')})" if repeats else "")


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _lf_rows(buf: io.StringIO) -> str:
    """The one csv row `buf` holds, ending in "\n" instead of "\r\n"; empties `buf`."""
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text[:-2] + "\n" if text.endswith("\r\n") else text


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write records to `out` in `fmt`; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for rec in records:
            out.write(("," if n else "") + "\n" + json.dumps(rec, ensure_ascii=False))
            n += 1
        out.write("\n]\n" if n else "]\n")
    elif fmt == "csv":
        # Rows end in "\n", as every other output attrib writes, not csv's "\r\n". Each row
        # is still written with "\r\n" as terminator and only that ending replaced: the csv
        # module quotes a field for the characters of its terminator, so a title holding a
        # lone "\r" stays quoted and reads back whole.
        buf = io.StringIO()
        writer = None
        for rec in records:
            if writer is None:
                writer = csv.DictWriter(buf, fieldnames=list(rec), extrasaction="ignore", lineterminator="\r\n")
                writer.writeheader()
                out.write(_lf_rows(buf))
            writer.writerow({k: _flat(v) for k, v in rec.items()})
            out.write(_lf_rows(buf))
            n += 1
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return n
