"""`python -m specsync`: the same command line as the `specsync` console script."""
from specsync.cli import main

raise SystemExit(main())
