"""Resolving and typing each attribution's source within the article."""
