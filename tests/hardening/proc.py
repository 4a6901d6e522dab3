"""Run specsync as its own process, the way a hook runs it, under hard limits.

A hostile input must not take the machine with it: every run here gets an
address-space limit (well under 1 GB) and a wall-clock guard that fails the
test instead of hanging CI. The guard is a bound, not a timing measurement.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

MEMORY_LIMIT = 768 << 20  # bytes of address space for specsync and the git it starts
TIME_LIMIT = 60  # seconds before the run counts as hung
# the console script installed next to this Python (what pre-commit runs)
SPECSYNC = str(Path(sys.executable).with_name("specsync"))


class Run(NamedTuple):
    code: int
    out: str
    err: str


def _limits(extra: Callable[[], None] | None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if extra is not None:
            extra()

    return apply


def specsync(repo: Path, *args: str, env: Mapping[str, str] | None = None,
             preexec: Callable[[], None] | None = None) -> Run:
    """`specsync ARGS` in `repo` as a child process; its exit code and output."""
    proc = subprocess.run(
        [SPECSYNC, *args], cwd=repo, capture_output=True,
        env={**os.environ, **(env or {})}, preexec_fn=_limits(preexec), timeout=TIME_LIMIT,
        check=False,
    )
    return Run(proc.returncode, proc.stdout.decode(errors="replace"),
               proc.stderr.decode(errors="replace"))


def assert_one_line_error(run: Run, name: str) -> None:
    """Exit 2, one line on stderr that starts by naming the file, no traceback."""
    assert run.code == 2, run
    assert "Traceback" not in run.err + run.out, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith(name + ":"), lines[0]
