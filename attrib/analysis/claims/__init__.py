"""Claims: check-worthiness, sourcing status, chains and the keys the linker compares."""
