"""`python -m specsync`: the same command line as the `specsync` console script."""
from specsync.cli import run

raise SystemExit(run())
