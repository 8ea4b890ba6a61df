"""Process-level serving: the warm start of a worker, and running several workers behind a balancer."""
