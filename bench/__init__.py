"""Benchmarks of the dashboard: `python -m bench` (see bench/__main__.py). They print figures, never pass/fail."""
