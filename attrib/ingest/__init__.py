"""Input files into `RawArticle`s: text and scraped pages, HTML, JSON/JSONL, front matter; the ingest stage stores them."""
