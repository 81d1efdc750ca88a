"""Writing records: JSON lines, JSON, CSV (nested values as JSON strings), or a table."""
from __future__ import annotations

import csv
import json
from typing import Any, Iterable, TextIO

FORMATS = ("jsonl", "json", "csv")


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


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
        writer = None
        for rec in records:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(rec), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: _flat(v) for k, v in rec.items()})
            n += 1
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return n
