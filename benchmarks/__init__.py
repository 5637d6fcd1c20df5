"""Benchmarks: run by hand (``python -m benchmarks.parse_yaml``), never as timed unit tests."""
