"""`python -m bench.crowd`: the crowd benchmark (see bench/crowd/run.py)."""

import sys

from bench.crowd.run import main

sys.exit(main())
