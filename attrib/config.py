"""Where things live: the database path and the bundled corpus."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "attrib"
DB_ENV = "ATTRIB_DB"


def default_db_path() -> Path:
    """`ATTRIB_DB` if set, else attrib.db in the user data directory (platformdirs)."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "attrib.db"


def bundled_corpus() -> Path:
    """The sample articles shipped in the repository (corpus/)."""
    return Path(__file__).resolve().parent.parent / "corpus"
