"""Differential test: generated go files run by the real `go generate` and read by specsync.

Each package runs `go generate ./PKG` on a scratch copy of the tree (go really runs the cp
commands). Every link `specsync discover` reports must be a copy one of these runs made,
every file `fix` writes must be written so by one of them, and every tracked file a run
overwrites with another tracked file's bytes must be a link or explained by a not-understood
line of a .go file of that package (tests/discovery/differential.py). A fixed seed and
example count in CI; `SPECSYNC_DIFF_EXAMPLES=2000` runs more.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.discovery.differential import Discovered, Tree, check, real_run
from tests.discovery.differential_strategies import GoRepo, go_repos

EXAMPLES = int(os.environ.get("SPECSYNC_DIFF_EXAMPLES", "0"))
needs_go = pytest.mark.skipif(shutil.which("go") is None and not os.environ.get("CI"),
                              reason="go is not installed")
_CACHE = tempfile.mkdtemp(prefix="specsync-diff-go-")
ENV = {"GOFLAGS": "-mod=mod", "GOCACHE": f"{_CACHE}/cache", "GOPATH": f"{_CACHE}/path",
       "GO111MODULE": "on", "GOPROXY": "off", "GOWORK": "off", "GOTOOLCHAIN": "local",
       "GOOS": "", "GOARCH": "", "CGO_ENABLED": "1", "LC_ALL": "C"}


def go_runs(generated: GoRepo, repo: Path) -> dict[str, list[Tree]]:
    return {package: [real_run(repo, ["go", "generate", f"./{package}"], ".", ENV)[1]]
            for package in generated.packages}


def differential(generated: GoRepo) -> Discovered:
    return check(generated.files, lambda repo: go_runs(generated, repo), generated.explains)


@needs_go
@settings(max_examples=EXAMPLES or 40, deadline=None, derandomize=not EXAMPLES,
          database=None, suppress_health_check=list(HealthCheck))
@given(go_repos())
def test_every_go_generate_link_is_a_copy_go_generate_makes(generated: GoRepo) -> None:
    differential(generated)
