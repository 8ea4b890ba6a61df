"""Crowd benchmark, `python -m bench.crowd` (run.py): servers.py (what a crowd visits), visitors.py (protocol
clients, alone and in a crowd), results.py (percentiles, the knee, replicas)."""
