"""Differential test: generated Makefiles run by the real GNU make and read by specsync.

For each target, `make -B TARGET` runs on a scratch copy of the tree (again with `-i` when
it fails: a recipe line after a failing one may be what specsync read). Every link
`specsync discover` reports must be a copy one of these runs made, every file `fix` writes
must be written so by one of them, and every tracked file a run overwrites with another
tracked file's bytes must be a link or explained by a not-understood line of the rules that
ran (tests/discovery/differential.py). A fixed seed and example count in CI;
`SPECSYNC_DIFF_EXAMPLES=2000` runs more.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings

from tests.discovery.differential import Discovered, Tree, Unsafe, check, real_run
from tests.discovery.differential_strategies import MakeRepo, make_repos

EXAMPLES = int(os.environ.get("SPECSYNC_DIFF_EXAMPLES", "0"))
needs_make = pytest.mark.skipif(shutil.which("make") is None and not os.environ.get("CI"),
                                reason="make is not installed")
ENV = {"MAKEFLAGS": "", "MAKELEVEL": "", "LC_ALL": "C"}


def make_runs(generated: MakeRepo, repo: Path) -> dict[str, list[Tree]]:
    runs: dict[str, list[Tree]] = {}
    folder = generated.folder or "."
    for target in generated.spans:
        dry = ["make", "-B", "-n", "-i", target]  # an unset variable may name / itself
        code, tree = real_run(repo, ["make", "-B", "-s", target], folder, ENV, dry)
        runs[target] = [tree]
        if code != 0:
            runs[target].append(real_run(repo, ["make", "-B", "-s", "-i", target], folder,
                                         ENV)[1])
    return runs


def differential(generated: MakeRepo) -> Discovered:
    try:
        return check(generated.files, lambda repo: make_runs(generated, repo),
                     generated.explains)
    except Unsafe:
        reject()  # never run: the strategy avoids most of these (differential_strategies)


@needs_make
@settings(max_examples=EXAMPLES or 40, deadline=None, derandomize=not EXAMPLES,
          database=None, suppress_health_check=list(HealthCheck))
@given(make_repos())
def test_every_make_link_is_a_copy_make_makes(generated: MakeRepo) -> None:
    differential(generated)
