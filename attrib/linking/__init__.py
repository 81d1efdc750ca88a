"""Across outlets: sentence embeddings, stories, claim clusters and how coverage differs."""
