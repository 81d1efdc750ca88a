"""python -m tui [PATH...]: the same as `attrib tui` (database: $ATTRIB_DB or the default)."""
from __future__ import annotations

import sys

from attrib.cli.main import cli

if __name__ == "__main__":
    cli(["tui", *sys.argv[1:]])
