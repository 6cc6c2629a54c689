"""``python -m kpi_model``: the command line (:mod:`kpi_model.cli`)."""

from __future__ import annotations

import sys

from kpi_model.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
