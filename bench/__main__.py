"""``python -m bench [--quick] [--json FILE] [--data DIR]``."""

from __future__ import annotations

from bench.runner import main

raise SystemExit(main())
