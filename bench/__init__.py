"""Benchmark scripts (run as `python -m bench.NAME`); each prints a table and writes JSON."""
