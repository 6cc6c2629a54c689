"""Benchmark: page queries through the store module against raw DuckDB and a pandas peer."""
