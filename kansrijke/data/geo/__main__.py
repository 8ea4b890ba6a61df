"""`python -m kansrijke.data.geo`: the build of the derived boundary files (see build.py)."""

import sys

from kansrijke.data.geo.build import main

sys.exit(main())
