"""What users read: the contract's records, review verdicts, the flag list, output formats."""
