"""What the in-process benchmarks share: the repository on sys.path, and the PolNeAR dev
texts (or another folder of .txt files) read from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def texts_from_args() -> tuple[list[str], argparse.Namespace]:
    """[DIR] [--repeat N]: the texts of DIR/*.txt (default PolNeAR dev), and the args."""
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=str(ROOT.parent / "shared/data/polnear/dev/text"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from attrib.config import require_data

    require_data(args.dir, "texts", f"bench/{Path(sys.argv[0]).name}")
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.dir).glob("*.txt"))]
    return texts, args
