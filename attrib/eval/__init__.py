"""Scoring attrib against the public annotated sets (imported only by the CLI's eval commands and scripts)."""
