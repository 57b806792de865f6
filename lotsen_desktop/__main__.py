"""Allow ``python -m lotsen_desktop``."""

import sys

from lotsen_desktop.cli import main

sys.exit(main())
