"""Pure text: quotation marks, wire credits and datelines, dates, bylines. No spaCy, no database."""
