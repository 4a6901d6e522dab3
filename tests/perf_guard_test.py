"""Guards for the in-sync path's speed that do not time anything.

What it imports and how many git processes it starts decide its cost (see
bench/ for the timings): heavy modules stay off the in-sync path, and the
number of git calls does not grow with the number of links.
"""
from __future__ import annotations

import os
import site
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeRepo
from tests.helpers import SPEC, STALE

ROOT = Path(__file__).resolve().parent.parent / "hooks"  # the source root

# Modules the in-sync path must not import (each costs milliseconds or more).
HEAVY = ("ruamel", "deepdiff", "typing", "dataclasses", "subprocess", "json", "tempfile",
         "pathlib", "argparse", "re", "enum", "shutil", "hashlib", "difflib", "yaml", "orjson")

# Prints the modules that running the CLI added to those of a bare interpreter
# started with -S (no site: nothing imported that specsync did not ask for).
PROBE = """\
import sys
sys.path[:0] = [{root!r}]
sys.path += {site!r}
before = set(sys.modules)
from specsync.cli import main
code = main({argv!r})
print(code, " ".join(sorted(set(sys.modules) - before)))
"""


def _links(n: int, *, discover: bool, stale: int = 0) -> dict[str, str]:
    files = {}
    config = [] if discover else ["discover: false"]
    config.append("links:")
    for i in range(n):
        source, copy = f"api/s{i}.yaml", f"pkg/s{i}/spec.yaml"
        files[source] = SPEC.replace("1.5", f"1.{i}")
        files[copy] = STALE if i < stale else files[source]
        config += [f"  - source: {source}", f"    copies: [{copy}]"]
    files[".specsync.yaml"] = "\n".join(config) + "\n"
    return files


def _imports(argv: list[str]) -> tuple[int, set[str]]:
    code = PROBE.format(root=str(ROOT), site=site.getsitepackages(), argv=argv)
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                         check=True).stdout
    rc, _, modules = out.strip().splitlines()[-1].partition(" ")  # after any report
    return int(rc), set(modules.split())


CASES = [
    pytest.param(["check", "--all-files"], False, id="check-all-files-plain-copies"),
    pytest.param(["check", "--all-files"], True, id="check-all-files-discovery-on"),
    pytest.param(["check", "api/s1.yaml", "pkg/s1/spec.yaml"], False, id="check-changed-files"),
    pytest.param(["check", "--all-files", "-v"], True, id="check-verbose"),
    pytest.param(["fix", "--all-files"], True, id="fix-nothing-to-do"),
    pytest.param(["fix", "api/s1.yaml"], False, id="fix-changed-files"),
]


@pytest.mark.parametrize(("argv", "discover"), CASES)
def test_in_sync_path_imports_no_heavy_module(
    make_repo: MakeRepo, argv: list[str], discover: bool,
) -> None:
    make_repo(_links(3, discover=discover))
    assert _imports(argv)[0] == 0  # the first run parses the config and caches it
    code, modules = _imports(argv)
    assert code == 0
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"the in-sync path imported {heavy}"


def test_probe_sees_heavy_imports(make_repo: MakeRepo) -> None:
    """The probe itself works: a drifted copy's report does import more."""
    make_repo(_links(3, discover=False, stale=1))
    _imports(["check", "--all-files"])
    code, modules = _imports(["check", "--all-files"])
    assert code == 1
    assert "tempfile" in modules or "subprocess" in modules or "json" in modules


@pytest.fixture
def git_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that logs each call, then runs the real git."""
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                          check=True).stdout.strip()
    shim = tmp_path / "shim"
    shim.mkdir()
    log = tmp_path / "git.log"
    script = shim / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    return log


def _git_calls(log: Path, argv: list[str], expect: int) -> list[str]:
    log.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-m", "specsync.cli", *argv], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == expect, proc.stdout + proc.stderr
    return [line.split(" ")[2] for line in log.read_text().splitlines()]  # "-C DIR CMD ..."


GIT_CASES = [
    pytest.param(False, 0, ["ls-files"], id="plain-copies-in-sync"),
    pytest.param(True, 0, ["ls-files"], id="discovery-on-in-sync"),
    pytest.param(False, 1, None, id="one-copy-drifted"),
]


@pytest.mark.parametrize(("discover", "stale", "calls"), GIT_CASES)
def test_git_calls_do_not_grow_with_links(
    make_repo: MakeRepo, git_log: Path, discover: bool, stale: int, calls: list[str] | None,
) -> None:
    expect = 1 if stale else 0
    counts = {}
    for n in (10, 100):
        make_repo(_links(n, discover=discover, stale=stale))
        _git_calls(git_log, ["check", "--all-files"], expect)  # fills the config cache
        counts[n] = _git_calls(git_log, ["check", "--all-files"], expect)
    assert counts[10] == counts[100]
    if calls is not None:
        assert counts[10] == calls
