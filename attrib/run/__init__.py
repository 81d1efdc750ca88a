"""Running the stages: where analysis runs (processes, Dask) and `check` without a database."""
