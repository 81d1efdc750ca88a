"""The SQLite store (sqlite-utils) and its migrations."""
