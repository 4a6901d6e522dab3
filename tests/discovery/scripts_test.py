"""Shell scripts that a Makefile recipe or a go:generate line runs (issue 13, item 5).

Each fixture runs through the real tool on a duplicate tree (`make -B TARGET`, `go
generate`); `specsync fix --all-files` must then write exactly what the script wrote (an
idiom specsync understands), or - for what it refuses - link nothing the script does not
copy as it is, and list the script line as not understood.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from specsync.cli import main

from tests.conftest import MakeRepo
from tests.helpers import git, snapshot_tree

needs_tools = pytest.mark.skipif(
    (shutil.which("make") is None or shutil.which("bash") is None) and not os.environ.get("CI"),
    reason="make and bash are needed")

CRDS = {"config/crd/bases/a.yaml": "kind: A\n", "config/crd/bases/b.yaml": "kind: B\n",
        "charts/app/crds/a.yaml": "old\n", "charts/app/crds/b.yaml": "old\n",
        "charts/app/files/crds/a.yaml": "old\n", "charts/app/files/crds/b.yaml": "old\n"}

SCRIPT_DIR_IDIOM = """#!/bin/bash
# Copy the CRDs into the chart.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "${SCRIPT_DIR}/.." && pwd)"
CRD_BASES="${ROOT_DIR}/config/crd/bases"
CHART_CRDS="${ROOT_DIR}/charts/app/crds"
CHART_FILES="${ROOT_DIR}/charts/app/files/crds"

echo "Copying CRDs from ${CRD_BASES}..."
mkdir -p "${CHART_CRDS}" "${CHART_FILES}"
for f in a.yaml b.yaml; do
  cp "${CRD_BASES}/${f}" "${CHART_CRDS}/"
  cp "${CRD_BASES}/${f}" "${CHART_FILES}/"
done
echo "Please review: git diff charts/app/crds/"
"""

FROM_SUBFOLDER = """#!/bin/bash
set -e
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
SRC="${PROJECT_ROOT}/src/config/crd/bases"
DEST="${PROJECT_ROOT}/charts/app/crds"
mkdir -p "${DEST}"
cp -v "${SRC}"/*.yaml "${DEST}/"
"""

TOPLEVEL = """ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT" || exit 1
for f in config/crd/bases/*.yaml; do
    cp "$f" charts/app/crds/
done
"""

SOURCED_LIST = """#!/bin/bash
source "$(dirname "${BASH_SOURCE[0]}")/init.sh"
for f in $CRD_FILES
do
    cp $f ./charts/app/crds
done
cp $ONE ./charts/app/files/crds/
"""
INIT = """set -o errexit
CRD_FILES="./config/crd/bases/a.yaml
./config/crd/bases/b.yaml
"
ONE="./config/crd/bases/a.yaml"
"""

RELATIVE_ROOT = """SCRIPT_ROOT=$(dirname "$0")/..
rm -f "${SCRIPT_ROOT}"/charts/app/crds/*.yaml
cp "${SCRIPT_ROOT}"/config/crd/bases/*.yaml "${SCRIPT_ROOT}/charts/app/crds/"
"""

RENAMED_BY_SED = """#!/usr/bin/env bash
set -o errexit
R=$(dirname "${BASH_SOURCE[0]}")/..
CRD_PATH="${R}/config/crd/bases"
for f in "${CRD_PATH}/a.yaml" "${CRD_PATH}/b.yaml" ; do
    echo "copying ${f}"
  cp "$f" "$R/charts/app/crds/0_$(basename "$f" | sed 's/^\\([a-z]\\{1,\\}\\)\\.yaml/\\1.crd/')"
    cp "$f" "$R/charts/app/files/crds/$(echo "$(basename "$f")" | sed -e 's|a|x&|g')"
done
"""

RENAMED_PER_FILE = """#!/usr/bin/env bash
set -o errexit
R=$(dirname "${BASH_SOURCE[0]}")/..
for f in "${R}"/config/crd/bases/*.yaml ; do
  cp "$f" "$R/charts/app/crds/0_$(basename "$f" | sed 's/^\\([a-z]\\{1,\\}\\)\\.yaml/\\1.crd/')"
done
"""

PATCHED_OR_COPIED = """#!/bin/bash
source "$(dirname "${BASH_SOURCE}")/init.sh"
BASE_DIR=$(dirname $(readlink -f $0))
for f in $CRD_FILES
do
    if [ -f "$BASE_DIR/$(basename $f).patch" ];
    then
        sed s/kind/KIND/ < "$f" > "./charts/app/crds/$(basename "$f")"
    elif test ! -e "$BASE_DIR/$(basename $f).skip"; then
        cp $f ./charts/app/crds
    else
        echo skipped
    fi
done
"""

UNDERSTOOD = {  # name: (files, Makefile, target, the links discover lists)
    "an-if-on-files-the-tree-has": (
        {"hack/copy.sh": PATCHED_OR_COPIED, "hack/init.sh": 'CRD_FILES="./config/crd/bases/*"\n',
         "hack/a.yaml.patch": "x\n", "charts/app/crds/a.yaml": "KIND: A\n",
         "config/crd/bases/c.yaml": "kind: C\n", "hack/c.yaml.skip": "\n"},
        "crds:\n\tbash hack/copy.sh $(X)\n", "crds",
        ["hack/copy.sh:10 (run by Makefile:2): config/crd/bases/b.yaml -> "
         "charts/app/crds/b.yaml"]),
    "a-copy-inside-if": (
        {"hack/x.sh": "if [ -f config/crd/bases/a.yaml ]; then\n  cp config/crd/bases/a.yaml "
                      "charts/app/crds/\nfi\n"}, "x:\n\tbash hack/x.sh\n", "x",
        ["hack/x.sh:2 (run by Makefile:2): config/crd/bases/a.yaml -> charts/app/crds/a.yaml"]),
    "a-name-made-by-a-pipe": (
        {"hack/x.sh": 'for f in config/crd/bases/*.yaml; do\n  cp "$f" "charts/app/crds/$('
                      "basename \"$f\" | sed 's/a/b/')\"\ndone\n"}, "x:\n\tbash hack/x.sh\n",
        "x", ["hack/x.sh:2 (run by Makefile:2): config/crd/bases/a.yaml -> charts/app/crds/b.yaml",
              "hack/x.sh:2 (run by Makefile:2): config/crd/bases/b.yaml -> "
              "charts/app/crds/b.ybml"]),
    "renamed-per-file-of-a-wildcard": (
        {"scripts/copy_crds.sh": RENAMED_PER_FILE}, "manifests:\n\t./scripts/copy_crds.sh\n",
        "manifests",
        ["scripts/copy_crds.sh:5 (run by Makefile:2): config/crd/bases/a.yaml -> "
         "charts/app/crds/0_a.crd",
         "scripts/copy_crds.sh:5 (run by Makefile:2): config/crd/bases/b.yaml -> "
         "charts/app/crds/0_b.crd"]),
    "renamed-by-sed": ({"scripts/copy_crds.sh": RENAMED_BY_SED},
                       "manifests:\n\t./scripts/copy_crds.sh\n", "manifests",
                       ["scripts/copy_crds.sh:7 (run by Makefile:2): config/crd/bases/a.yaml -> "
                        "charts/app/crds/0_a.crd",
                        "scripts/copy_crds.sh:7 (run by Makefile:2): config/crd/bases/b.yaml -> "
                        "charts/app/crds/0_b.crd",
                        "scripts/copy_crds.sh:8 (run by Makefile:2): config/crd/bases/a.yaml -> "
                        "charts/app/files/crds/xa.yxaml",
                        "scripts/copy_crds.sh:8 (run by Makefile:2): config/crd/bases/b.yaml -> "
                        "charts/app/files/crds/b.yxaml"]),
    "script-dir-idiom": ({"hack/update-crds.sh": SCRIPT_DIR_IDIOM},
                         "crds:\n\t./hack/update-crds.sh\n", "crds",
                         ["hack/update-crds.sh:14 (run by Makefile:2): config/crd/bases/a.yaml "
                          "-> charts/app/crds/a.yaml",
                          "hack/update-crds.sh:15 (run by Makefile:2): config/crd/bases/b.yaml "
                          "-> charts/app/files/crds/b.yaml"]),
    "run-from-a-subfolder-makefile": (
        {"scripts/sync.sh": FROM_SUBFOLDER, "src/config/crd/bases/a.yaml": "kind: A\n",
         "src/config/crd/bases/b.yaml": "kind: B\n", "src/Makefile":
         "manifests:\n\t@echo syncing\n\t@../scripts/sync.sh\n"}, "", "manifests",
        ["scripts/sync.sh:8 (run by src/Makefile:3): src/config/crd/bases/a.yaml -> "
         "charts/app/crds/a.yaml"]),
    "sh-and-git-toplevel": ({"hack/sync.sh": TOPLEVEL}, "crds:\n\tsh hack/sync.sh\n", "crds",
                            ["hack/sync.sh:4 (run by Makefile:2): config/crd/bases/b.yaml -> "
                             "charts/app/crds/b.yaml"]),
    "bash-sourced-list": ({"hack/copy.sh": SOURCED_LIST, "hack/init.sh": INIT},
                          "copy:\n\tbash -x hack/copy.sh $(UNSET)\n", "copy",
                          ["hack/copy.sh:5 (run by Makefile:2): config/crd/bases/b.yaml -> "
                           "charts/app/crds/b.yaml",
                           "hack/copy.sh:7 (run by Makefile:2): config/crd/bases/a.yaml -> "
                           "charts/app/files/crds/a.yaml"]),
    "make-shell-variable": ({"hack/x.sh": RELATIVE_ROOT}, "x:\n\t$(SHELL) hack/x.sh\n", "x",
                            ["hack/x.sh:3 (run by Makefile:2): config/crd/bases/a.yaml -> "
                             "charts/app/crds/a.yaml"]),
}


def _repo(make_repo: MakeRepo, files: dict[str, str], makefile: str) -> Path:
    tree = {**CRDS, **files, **({"Makefile": makefile} if makefile else {})}
    if "src/Makefile" in files:
        tree = {k: v for k, v in tree.items() if not k.startswith("config/")}
    repo = make_repo(tree)
    for name in files:
        if name.endswith(".sh"):
            (repo / name).chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "initial")
    return repo


def _make(repo: Path, tmp: Path, target: str, folder: str = ".") -> dict[str, bytes]:
    """The tree after the real make ran `target` on a duplicate of `repo`."""
    reference = tmp / "reference"
    shutil.copytree(repo, reference, symlinks=True)
    proc = subprocess.run(["make", "-s", "-B", "-C", folder, target], cwd=reference,
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return snapshot_tree(reference)


def _discover(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["discover"]) == 0
    return capsys.readouterr().out


@needs_tools
@pytest.mark.parametrize("case", UNDERSTOOD.values(), ids=UNDERSTOOD.keys())
def test_fix_writes_what_the_script_writes(make_repo: MakeRepo, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           case: tuple[dict[str, str], str, str, list[str]],
                                           ) -> None:
    files, makefile, target, links = case
    repo = _repo(make_repo, files, makefile)
    made = _make(repo, tmp_path, target, "src" if "src/Makefile" in files else ".")
    out = _discover(capsys)
    for link in links:
        assert f"  {link}\n" in out, out
    assert "not understood" not in out, out
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == made
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


@needs_tools
def test_a_file_added_to_a_wildcard_a_loop_expanded_is_seen_through_the_cache(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(make_repo, {"scripts/copy_crds.sh": RENAMED_PER_FILE},
                 "manifests:\n\t./scripts/copy_crds.sh\n")
    assert "charts/app/crds/0_c.crd" not in _discover(capsys)
    (repo / "config/crd/bases/c.yaml").write_text("kind: C\n")
    git(repo, "add", "-A")
    assert "config/crd/bases/c.yaml -> charts/app/crds/0_c.crd\n" in _discover(capsys)
    git(repo, "rm", "-q", "config/crd/bases/a.yaml")
    assert "charts/app/crds/0_a.crd" not in _discover(capsys)


@needs_tools
def test_a_go_generate_line_runs_the_script_from_the_package_folder(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed")
    script = 'D="$(cd "$(dirname "$0")" && pwd)"\ncp "$D/../config/crd/bases/a.yaml" crds/\n'
    repo = _repo(make_repo, {"hack/gen.sh": script,
                             "go.mod": "module example.com/x\n\ngo 1.21\n",
                             "pkg/api/gen.go":
                                 "package api\n\n//go:generate bash ../../hack/gen.sh\n",
                             "pkg/api/crds/a.yaml": "old\n"}, "")
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local",
           "GOPATH": str(tmp_path / "gopath"), "GOCACHE": str(tmp_path / "gocache")}
    proc = subprocess.run(["go", "generate", "./..."], cwd=reference, env=env,
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    out = _discover(capsys)
    assert "  hack/gen.sh:2 (run by pkg/api/gen.go:3): config/crd/bases/a.yaml -> " \
           "pkg/api/crds/a.yaml\n" in out, out
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == snapshot_tree(reference)


PATCH_ALL = """#!/usr/bin/env bash
CRDS="charts/app/crds/*.yaml"
for CRD in $CRDS
do
  awk '{print} /kind:/ {print "# patched"}' "$CRD" > "$CRD.new" && mv "$CRD.new" "$CRD"
done
"""
REFUSED = {  # name: (files, Makefile, target, what discover says)
    "a-later-script-patches-the-copies": (
        {"hack/patch.sh": PATCH_ALL}, "crds:\n\tcp config/crd/bases/* charts/app/crds\n"
        "\thack/patch.sh\n", "crds", "Makefile:2: cp config/crd/bases/* charts/app/crds: "
        "line 3 of the same recipe also names charts/app/crds/*"),
    "a-later-script-writes-through-an-unknown-value": (
        {"hack/post.sh": 'sed -i "s/kind/Kind/" "$TARGET"\n'},
        "export TARGET := charts/app/crds/a.yaml\ncrds:\n\tcp config/crd/bases/a.yaml "
        "charts/app/crds/\n\t./hack/post.sh\n", "crds",
        "line 4 of the same recipe runs a script that may write it: hack/post.sh:1 runs a "
        "command with a value specsync does not know"),
    "a-copy-inside-an-if-it-cannot-decide": (
        {"hack/x.sh": 'if [ "$(uname)" = Linux ]; then\n  cp config/crd/bases/a.yaml '
                      "charts/app/crds/\nfi\n"}, "x:\n\tbash hack/x.sh\n", "x",
        'hack/x.sh:1: if [ "$(uname)" = Linux ]; then ...: copies inside a compound command'),
    "an-if-on-a-file-an-earlier-line-made": (
        {"hack/x.sh": "cp config/crd/bases/a.yaml charts/app/crds/c.yaml\n"
                      "if [ -f charts/app/crds/c.yaml ]; then\n  cp config/crd/bases/b.yaml "
                      "charts/app/crds/\nfi\n"}, "x:\n\tbash hack/x.sh\n", "x",
        "hack/x.sh:2: if [ -f charts/app/crds/c.yaml ]; then ...: copies inside a compound "
        "command"),
    "a-copy-then-the-script-edits-it": (
        {"hack/x.sh": "cp config/crd/bases/a.yaml charts/app/crds/a.yaml\n"
                      "sed -i s/A/Z/ charts/app/crds/a.yaml\n"}, "x:\n\tsh hack/x.sh\n", "x",
        "hack/x.sh:1: line 2 of the script (run after this copy) also names "
        "charts/app/crds/a.yaml"),
    "a-function-called-after-the-copy-patches-it": (
        {"hack/x.sh": "patch() {\n  sed -i s/A/Z/ charts/app/crds/a.yaml\n}\n"
                      "cp config/crd/bases/a.yaml charts/app/crds/a.yaml\npatch\n"},
        "x:\n\tbash hack/x.sh\n", "x", "hack/x.sh:4: line 5 of the script (run after this "
        "copy) also names charts/app/crds/a.yaml"),
    "a-patch-after-a-cd": (
        {"hack/x.sh": "cp config/crd/bases/a.yaml charts/app/crds/a.yaml\ncd charts\n"
                      "sed -i s/A/Z/ app/crds/a.yaml\n"}, "x:\n\tbash hack/x.sh\n", "x",
        "hack/x.sh:1: line 3 of the script (run after this copy) also names app/crds/a.yaml"),
    "an-argument-make-cannot-expand": (
        {"hack/x.sh": 'cp config/crd/bases/a.yaml "$1"\n'},
        "x:\n\tbash hack/x.sh $(shell echo charts/app/crds/)\n", "x",
        "hack/x.sh:1: cp config/crd/bases/a.yaml \"$1\": uses $1, which is set to something"),
}


@needs_tools
@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_what_the_reader_cannot_model_is_refused_never_guessed(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: tuple[dict[str, str], str, str, str]) -> None:
    files, makefile, target, said = case
    repo = _repo(make_repo, files, makefile)
    made = _make(repo, tmp_path, target)
    assert made != snapshot_tree(repo)  # the script did write something
    out = _discover(capsys)
    assert said in out, out
    assert " -> charts/app/crds" not in out, out
    write = {k: v for k, v in made.items() if not k.startswith(".git/")}
    for name, data in write.items():  # the state make leaves is in sync: no false alarm
        (repo / name).write_bytes(data)
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


def test_an_edit_to_the_script_or_the_sourced_file_is_seen_through_the_cache(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(make_repo, {"hack/copy.sh": SOURCED_LIST, "hack/init.sh": INIT},
                 "copy:\n\tbash hack/copy.sh\n")
    assert main(["check", "--all-files"]) == 1  # stale copies; the result is cached
    (repo / "hack/init.sh").write_text(INIT.replace("./config/crd/bases/b.yaml\n", ""))
    git(repo, "add", "hack/init.sh")
    out = _discover(capsys)
    assert "-> charts/app/crds/a.yaml" in out
    assert "-> charts/app/crds/b.yaml" not in out, out
    (repo / "hack/copy.sh").write_text(SOURCED_LIST.replace("files/crds", "crds"))
    git(repo, "add", "hack/copy.sh")
    assert "-> charts/app/files/crds/a.yaml" not in _discover(capsys)


def test_a_script_that_is_not_tracked_or_not_a_shell_script_is_not_read(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    _repo(make_repo, {"hack/gen.py": "#!/usr/bin/env python3\nprint('cp a b')\n"},
          "x:\n\t./hack/gen.py\n\t./hack/missing.sh\n")
    out = _discover(capsys)
    assert "hack/" not in out, out


@needs_tools
def test_a_go_generate_script_that_patches_an_earlier_copy_unlinks_it(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed")
    repo = _repo(make_repo, {
        "hack/patch.sh": 'sed -i "s/kind/Kind/" "$(pwd)/crds/a.yaml"\n',
        "go.mod": "module example.com/x\n\ngo 1.21\n", "pkg/api/crds/a.yaml": "old\n",
        "pkg/api/gen.go": "package api\n\n//go:generate cp ../../config/crd/bases/a.yaml crds/\n"
                          "//go:generate sh ../../hack/patch.sh\n"}, "")
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local",
           "GOPATH": str(tmp_path / "gopath"), "GOCACHE": str(tmp_path / "gocache")}
    proc = subprocess.run(["go", "generate", "./..."], cwd=reference, env=env,
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (reference / "pkg/api/crds/a.yaml").read_text() == "Kind: A\n"  # patched
    out = _discover(capsys)
    assert "pkg/api/gen.go:3: the script line 4 runs (after this copy) also names " in out, out
    (repo / "pkg/api/crds/a.yaml").write_text("Kind: A\n")
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0
