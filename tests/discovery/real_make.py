"""What the discovery tests share when they hold specsync against the real make: the skip
mark, a run of `make -B` on a duplicate tree, and `discover`'s links and refusals."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from specsync.cli import main

from tests.helpers import git, snapshot_tree

needs_make = pytest.mark.skipif(shutil.which("make") is None and not os.environ.get("CI"),
                                reason="make is not installed")


def run_make(repo: Path, tmp_path: Path, *targets: str,
             ) -> tuple[Path, subprocess.CompletedProcess[bytes]]:
    """`make -B TARGETS` on a duplicate of `repo`: the duplicate and the run."""
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    return reference, subprocess.run(["make", "-B", *targets], cwd=reference,
                                     capture_output=True, check=False)


def fix_as_make_does(repo: Path, tmp_path: Path, *targets: str) -> None:
    """`specsync fix` leaves the files `make -B TARGETS` leaves, and check then passes."""
    reference, proc = run_make(repo, tmp_path, *targets)
    assert proc.returncode == 0, proc.stderr.decode()
    main(["fix", "--all-files"])
    assert snapshot_tree(repo) == snapshot_tree(reference)
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


def discovered(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    """`specsync discover`: the links (`SOURCE -> COPY`, sorted) and the not-understood lines."""
    capsys.readouterr()
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    links = sorted(line.split(": ", 1)[1] for line in out.splitlines()
                   if line.startswith("  ") and " -> " in line)
    unknown = [line.strip() for line in out.partition("not understood")[2].splitlines()[1:]]
    return links, unknown
