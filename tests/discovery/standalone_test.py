"""Shell scripts nothing in the build runs (kind `script`): read as a person runs them by
hand, with no arguments, from a folder nobody knows.

Each understood fixture also runs through the real bash on a duplicate tree, from a
folder outside the repository (or a subfolder, for `git rev-parse`): `specsync fix
--all-files` must leave exactly the files the script left. What is refused links nothing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from specsync.cli import main

from tests.conftest import MakeRepo
from tests.discovery.real_make import discovered
from tests.helpers import git, snapshot_tree

needs_bash = pytest.mark.skipif(shutil.which("bash") is None and not os.environ.get("CI"),
                                reason="bash is needed")

TREE = {"deploy/crd/a.yml": "kind: A\n", "deploy/crd/b.yml": "kind: B\n",
        "deploy/chart/crds/a.yml": "old\n", "deploy/chart/crds/b.yml": "old\n",
        "config/one.yaml": "one: 1\n", "charts/one.yaml": "old\n", "charts/two.yaml": "old\n"}

# the shape of a CRD sync script with a --check mode (written for these tests)
SYNC_CHECK = """#!/usr/bin/env bash
set -euo pipefail

HERE="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$HERE/deploy/crd"
DEST="$HERE/deploy/chart/crds"

usage() {
  echo "usage: $0 [--check]" >&2
  cp "$SRC/a.yml" /tmp/never-run
}

CHECK=0
if [[ "${1:-}" == "--check" ]]; then
  CHECK=1
elif [[ "${1:-}" != "" ]]; then
  usage; exit 2
fi

mkdir -p "$DEST"
bad=0
for f in "$SRC"/*.yml; do
  name="$(basename "$f")"
  if [[ $CHECK -eq 1 ]]; then
    if ! cmp -s "$f" "$DEST/$name"; then
      echo "drift: $name" >&2
      bad=1
    fi
  else
    cp "$f" "$DEST/$name"
  fi
done
if [[ $CHECK -eq 1 ]]; then
  exit $bad
fi
"""

TOPLEVEL = """#!/bin/sh
set -e
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
cp config/one.yaml charts/one.yaml
"""

# string, empty, integer tests on known values; plain `[ ]` and `test`, under sh
CONDITIONS = """#!/bin/sh
DIR="$(dirname "$0")"
MODE=copy
COUNT=3
if [ "$MODE" != "copy" ]; then
  cp "$DIR/config/one.yaml" "$DIR/charts/two.yaml"
elif test -z "${1:-}"; then
  cp "$DIR/config/one.yaml" "$DIR/charts/one.yaml"
fi
if [ -n "${2-}" ]; then
  cp "$DIR/config/one.yaml" "$DIR/charts/two.yaml"
fi
if [ "$COUNT" -ge 10 ]; then
  cp "$DIR/config/one.yaml" "$DIR/charts/two.yaml"
elif [ ! "$COUNT" -lt 2 ]; then
  cp "$DIR/deploy/crd/a.yml" "$DIR/deploy/chart/crds/a.yml"
fi
if [ "$#" -eq 0 ]; then
  if [ "x$1" = "x" ]; then
    cp "$DIR/deploy/crd/b.yml" "$DIR/deploy/chart/crds/b.yml"
  fi
fi
"""


def _repo(make_repo: MakeRepo, files: dict[str, str], executable: bool = True) -> Path:
    repo = make_repo({**TREE, **files})
    for name in files:
        if name.endswith(".sh") and executable:
            (repo / name).chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "initial")
    return repo


def _bash(repo: Path, tmp_path: Path, script: str, *, cwd: str = "", ok: bool = True,
          ) -> dict[str, bytes]:
    """The tree after the real bash ran `script` with no arguments on a duplicate of
    `repo`, from `cwd` in the duplicate (a folder outside it when empty)."""
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference, symlinks=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = reference / cwd if cwd else outside
    proc = subprocess.run(["bash", str(reference / script)], cwd=where, capture_output=True,
                          check=False)
    assert (proc.returncode == 0) == ok, proc.stderr.decode()
    return snapshot_tree(reference)


UNDERSTOOD = {
    "check-mode-loop": ({"hack/sync.sh": SYNC_CHECK}, "hack/sync.sh", "", [
        "hack/sync.sh:30: deploy/crd/a.yml -> deploy/chart/crds/a.yml",
        "hack/sync.sh:30: deploy/crd/b.yml -> deploy/chart/crds/b.yml"]),
    "git-toplevel": ({"tools/sync.sh": TOPLEVEL}, "tools/sync.sh", "deploy", [
        "tools/sync.sh:5: config/one.yaml -> charts/one.yaml"]),
    "conditions": ({"sync.sh": CONDITIONS}, "sync.sh", "", [
        "sync.sh:16: deploy/crd/a.yml -> deploy/chart/crds/a.yml",
        "sync.sh:20: deploy/crd/b.yml -> deploy/chart/crds/b.yml",
        "sync.sh:8: config/one.yaml -> charts/one.yaml"]),
}


@needs_bash
@pytest.mark.parametrize("case", UNDERSTOOD.values(), ids=UNDERSTOOD.keys())
def test_fix_writes_what_the_script_run_by_hand_writes(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: tuple[dict[str, str], str, str, list[str]]) -> None:
    files, script, cwd, expected = case
    repo = _repo(make_repo, files)
    made = _bash(repo, tmp_path, script, cwd=cwd)
    capsys.readouterr()
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    for line in expected:
        assert f"  {line}\n" in out, out
    assert f"discovered {len(expected)} link" in out and "not understood" not in out, out
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == made
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


ANCHORED = """#!/bin/bash
set -e
D="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"""
LAST = 'cp "$D/deploy/crd/a.yml" "$D/deploy/chart/crds/a.yml"\n'
LINK_A = "deploy/crd/a.yml -> deploy/chart/crds/a.yml"


@pytest.mark.parametrize(("body", "listed"), [
    pytest.param("cp config/one.yaml charts/one.yaml\n", "", id="relative-to-the-caller"),
    pytest.param('MODE=copy\nif [[ "$MODE" == c* ]]; then\n  cp "$D/config/one.yaml" '
                 '"$D/charts/one.yaml"\nfi\n', 'if [[ "$MODE" == c* ]]; then ...',
                 id="unquoted-pattern"),
    pytest.param('sync_one() {\n  cp "$1" "$D/charts/"\n}\nsync_one "$D/config/one.yaml"\n',
                 "sync.sh:7: runs sync_one, which copies inside a shell function",
                 id="function-that-copies"),
    pytest.param('for f in "$D"/config/*.yaml; do\n  cp "$f" charts/\ndone\n', "",
                 id="loop-into-the-caller-folder"),
])
def test_a_copy_the_reader_refuses_is_no_link(make_repo: MakeRepo,
                                             capsys: pytest.CaptureFixture[str],
                                             body: str, listed: str) -> None:
    """Only the anchored copy after it is a link; a copy relative to the folder the
    script runs from is left out silently, other refusals are listed."""
    _repo(make_repo, {"sync.sh": ANCHORED + body + LAST})
    links, unknown = discovered(capsys)
    assert links == [LINK_A]
    if listed:
        assert len(unknown) == 1 and unknown[0].startswith("sync.sh:"), unknown
        assert listed in unknown[0], unknown
    else:
        assert unknown == []


def test_a_quoted_pattern_is_a_string(make_repo: MakeRepo,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    _repo(make_repo, {"sync.sh": ANCHORED + 'MODE=copy\nif [[ "$MODE" == "c*" ]]; then\n'
                      '  cp "$D/config/one.yaml" "$D/charts/one.yaml"\nfi\n' + LAST})
    assert discovered(capsys) == ([LINK_A], [])


@needs_bash
@pytest.mark.parametrize("head", [
    pytest.param("set -u\n", id="set-u"),
    pytest.param("set -o nounset\n", id="set-o-nounset"),
])
def test_an_unset_argument_under_set_u_stops_the_script(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        head: str) -> None:
    """Run with no arguments, `$1` is unset: under `set -u` bash stops there with an error,
    so the copy made before it is no sync either (nothing is linked)."""
    script = ANCHORED + head + LAST + 'NAME=$1\ncp "$D/deploy/crd/b.yml" "$D/charts/$NAME"\n'
    repo = _repo(make_repo, {"sync.sh": script})
    _bash(repo, tmp_path, "sync.sh", ok=False)
    links, unknown = discovered(capsys)
    assert links == [] and unknown == []


def test_bash_tests_in_a_script_that_is_not_executable_are_not_decided(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """`bash x.sh` or `sh x.sh`: nobody says which shell runs it, and `[[` is bash's."""
    _repo(make_repo, {"hack/sync.sh": SYNC_CHECK}, executable=False)
    assert discovered(capsys) == ([], [])


@needs_bash
def test_a_script_a_recipe_runs_is_read_as_the_recipe_runs_it(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not a second time as a standalone script; the recipe's arguments are its own
    (`--check` takes the other branch, so only the `sync` target copies)."""
    repo = _repo(make_repo, {"hack/sync.sh": SYNC_CHECK,
                             "Makefile": "sync:\n\t./hack/sync.sh\ncheck:\n"
                                         "\t./hack/sync.sh --check\n"})
    links, unknown = discovered(capsys)
    assert links == ["deploy/crd/a.yml -> deploy/chart/crds/a.yml",
                     "deploy/crd/b.yml -> deploy/chart/crds/b.yml"] and unknown == []
    capsys.readouterr()
    main(["discover"])
    out = capsys.readouterr().out
    assert out.count("(run by Makefile:2)") == 2 and "Makefile:4" not in out, out
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    subprocess.run(["make", "-s", "-B", "sync"], cwd=reference, check=True)
    main(["fix", "--all-files"])
    assert snapshot_tree(repo) == snapshot_tree(reference)


def test_a_script_only_a_check_recipe_runs_links_nothing(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """The build runs it, with `--check` (which copies nothing): it is not read as if run
    by hand as well."""
    _repo(make_repo, {"hack/sync.sh": SYNC_CHECK,
                      "Makefile": "check:\n\t./hack/sync.sh --check\n"})
    assert discovered(capsys) == ([], [])


def test_a_sourced_script_is_read_once(make_repo: MakeRepo,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A script another one sources is read as part of it (where a later `sed -i` edits
    its copy: no plain copy), not on its own as well (where it would be a link)."""
    lib = 'L="$(dirname "${BASH_SOURCE[0]}")/.."\ncp "$L/config/one.yaml" "$L/charts/one.yaml"\n'
    _repo(make_repo, {"hack/lib.sh": lib, "sync.sh": ANCHORED + 'source "$D/hack/lib.sh"\n'
                      'sed -i s/1/2/ "$D/charts/one.yaml"\n' + LAST})
    links, unknown = discovered(capsys)
    assert links == [LINK_A]
    assert unknown == ["hack/lib.sh:2: line 5 of the script (run after this copy) also names a "
                       "value it does not know or a path relative to the folder it is run "
                       "from: not a plain copy"]


def test_a_staged_change_to_the_script_triggers_its_links(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """The script declares its links: passing it (as pre-commit does) checks them, and an
    edit is seen through the cache."""
    repo = _repo(make_repo, {"sync.sh": ANCHORED + LAST})
    assert main(["check", "config/one.yaml"]) == 0  # no link of the script involves it
    assert main(["check", "sync.sh"]) == 1  # deploy/chart/crds/a.yml is stale
    (repo / "sync.sh").write_text(ANCHORED + LAST.replace("a.yml", "b.yml"))
    git(repo, "add", "sync.sh")
    assert discovered(capsys)[0] == ["deploy/crd/b.yml -> deploy/chart/crds/b.yml"]
