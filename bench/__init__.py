"""Benchmarks of Lotsen Desktop against baselines measured in the same run: ``python -m bench``."""
