"""Which recipe lines write a copy (issue 13, items 1-3), checked against the real make.

Each case runs `make -B` on a duplicate of the repository; `specsync fix` on the
original must leave the same files, and `check --all-files` then passes.
1: several `cp` lines into one folder are each a copy; two lines clash only when
   they write the same file.
2: a later line that only mentions a copy or its folder (echo, printf, mkdir -p,
   ls, test, [ ], git diff/add, a comment, true) writes nothing: the copy stands.
3: `rm` of a copy after the `cp` (next line or same line) takes that copy away.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from specsync.cli import main
from specsync.discovery import make

from tests.conftest import MakeRepo
from tests.discovery.real_make import needs_make
from tests.helpers import git, snapshot_tree

CRD = "kind: CustomResourceDefinition\nname: {n}\nversion: 2\n"
SOURCES = {f"config/crd/bases/{n}.yaml": CRD.format(n=n) for n in ("a", "b", "x")}


def _discovered(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], str]:
    capsys.readouterr()
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    links = sorted(line.split(": ", 1)[1] for line in out.splitlines()
                   if line.startswith("  ") and " -> " in line)
    return links, out


def _as_make_does(make_repo: MakeRepo, tmp_path: Path, files: dict[str, str],
                  target: str) -> Path:
    """`specsync fix` writes what `make -B target` writes, and check passes after it."""
    repo = make_repo({**SOURCES, **files})
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    proc = subprocess.run(["make", "-B", target], cwd=reference, capture_output=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    main(["fix", "--all-files"])
    assert snapshot_tree(repo) == snapshot_tree(reference)
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0
    return repo


# 1 ----------------------------------------------------------------------------------------

SIBLINGS = """\
crds:
\tcp config/crd/bases/a.yaml cmd/cli/data/crds
\tcp config/crd/bases/b.yaml cmd/cli/data/crds
\tcp config/crd/bases/x.yaml cmd/cli/data/crds/
"""


@needs_make
def test_several_cp_lines_into_one_folder_are_each_a_copy(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _as_make_does(make_repo, tmp_path, {"Makefile": SIBLINGS,
                                        "cmd/cli/data/crds/README.md": "CRDs\n"}, "crds")
    links, out = _discovered(capsys)
    assert links == [f"config/crd/bases/{n}.yaml -> cmd/cli/data/crds/{n}.yaml"
                     for n in ("a", "b", "x")], out
    assert "not understood" not in out


@needs_make
def test_two_lines_clash_only_on_the_file_both_write(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {"Makefile": "crds:\n\tcp config/crd/bases/*.yaml out/\n\tcp other/a.yaml out/\n",
             "other/a.yaml": "other\n", "out/README.md": "copies\n",
             "out/a.yaml": "other\n"}
    repo = make_repo({**SOURCES, **files})
    links, out = _discovered(capsys)
    # make leaves out/a.yaml from other/a.yaml (the last writer): not guessed
    assert links == ["config/crd/bases/b.yaml -> out/b.yaml",
                     "config/crd/bases/x.yaml -> out/x.yaml"], out
    assert "Makefile:3: writes out/a.yaml from other/a.yaml, but Makefile:2 writes it from " \
           "config/crd/bases/a.yaml" in out
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    subprocess.run(["make", "-B", "crds"], cwd=reference, capture_output=True, check=True)
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == snapshot_tree(reference)


def test_a_recipe_of_20000_cp_lines_is_read_in_linear_time() -> None:
    def lines(n: int) -> bytes:
        return ("x:\n" + "".join(f"\tcp src/f{i}.yaml out{i}/\n" for i in range(n))).encode()

    start = time.perf_counter()
    found = make.find("Makefile", lines(20000))
    took = time.perf_counter() - start
    assert len(found.ops) == 20000 and not found.unknown  # out1/ is no mention of out10/
    assert took < 10, took  # 4,000 lines took 115 s before (quadratic, every line by text)


# 2 ----------------------------------------------------------------------------------------

QUIET = [
    '@echo "charts/app/crds/ and files/crds/ updated"',
    "printf '%s\\n' charts/app/crds/a.yaml",
    "mkdir -p charts/app/crds",
    "ls charts/app/crds",
    "@ls -l charts/app/crds/a.yaml",
    "test -f charts/app/crds/a.yaml",
    "[ -f charts/app/crds/b.yaml ]",
    "git diff --stat charts/app/crds",
    "git add charts/app/crds",
    "# charts/app/crds/a.yaml is generated",
    "true charts/app/crds",
    "echo charts/app/crds/a.yaml && mkdir -p charts/app/crds",
]


@needs_make
@pytest.mark.parametrize("line", QUIET)
def test_a_line_that_only_mentions_the_copies_writes_nothing(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        line: str) -> None:
    makefile = f"helm:\n\tcp -f config/crd/bases/*.yaml charts/app/crds/\n\t{line}\n"
    _as_make_does(make_repo, tmp_path, {"Makefile": makefile,
                                        "charts/app/Chart.yaml": "name: app\n",
                                        "charts/app/crds/a.yaml": "stale\n"}, "helm")
    links, out = _discovered(capsys)
    assert links == [f"config/crd/bases/{n}.yaml -> charts/app/crds/{n}.yaml"
                     for n in ("a", "b", "x")], out


@pytest.mark.parametrize("line", [
    "sed -i s/2/3/ charts/app/crds/a.yaml",
    "echo patched > charts/app/crds/a.yaml",
    "yq -i .x=1 charts/app/crds/b.yaml",
    "./hack/patch.sh charts/app/crds",
    "cp $$HOME/x.yaml charts/app/crds/",
])
def test_a_line_that_may_write_a_copy_still_makes_it_not_understood(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], line: str) -> None:
    makefile = f"helm:\n\tcp -f config/crd/bases/*.yaml charts/app/crds/\n\t{line}\n"
    make_repo({**SOURCES, "Makefile": makefile, "charts/app/Chart.yaml": "name: app\n",
               "charts/app/crds/README.md": "copies\n"})
    links, out = _discovered(capsys)
    assert links == [], out
    assert re.search("Makefile:2: (cp -f config/crd/bases/[*].yaml charts/app/crds/: )?line 3 "
                     "of the same recipe also names charts/app/crds", out), out


@needs_make
@pytest.mark.parametrize("line", [
    "sed -n p config/crd/bases/a.yaml > charts/app/crds/rbac.yaml",
    "touch charts/app/crds/extra.yaml charts/app/templates/x.yaml",
    "sed -n p config/crd/bases/a.yaml > charts/app/crds/more/rbac.yaml",
], ids=["another-file", "touch", "below"])
def test_a_line_that_writes_another_file_in_the_copy_folder_leaves_the_copies(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        line: str) -> None:
    # `cp crds/* dest/` then `kustomize build -o dest/rbac.yaml`: the folder followed by a
    # literal name is that file, not the copies (a real chart's Makefile)
    makefile = f"helm:\n\tcp -f config/crd/bases/*.yaml charts/app/crds/\n\t{line}\n"
    repo = make_repo({**SOURCES, "Makefile": makefile, "charts/app/Chart.yaml": "name: app\n",
                      "charts/app/crds/more/keep": "\n", "charts/app/templates/keep": "\n"})
    links, out = _discovered(capsys)
    assert links == [f"config/crd/bases/{n}.yaml -> charts/app/crds/{n}.yaml"
                     for n in ("a", "b", "x")], out
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    subprocess.run(["make", "-B", "helm"], cwd=reference, capture_output=True, check=True)
    assert main(["fix", "--all-files"]) == 1
    ours, made = snapshot_tree(repo), snapshot_tree(reference)
    extra = {p for p in line.split() if p.startswith("charts/")}
    assert {p: v for p, v in made.items() if p not in extra} == ours  # the copies, byte for byte


@pytest.mark.parametrize(("line", "named"), [
    ("sed -i s/2/3/ charts/app/crds/x.yaml", "charts/app/crds/x.yaml"),
    ("cd charts/app/crds/more && sed -i s/2/3/ ../a.yaml", "charts/app/crds"),
    ("$(MAKE) -C charts/app/crds/more", "charts/app/crds"),
    ("sed -i s/2/3/ charts/app/crds/*.yaml", "charts/app/crds/[*].yaml"),
    ("sed -i s/2/3/ charts/app/crds/$(NAME)", "charts/app/crds/a.yaml"),
    ("sed -i s/2/3/ charts/app/crds/more/../a.yaml", "charts/app/crds"),
], ids=["a-copy-by-name", "cd-below", "make-C-below", "wildcard", "variable", "dot-dot"])
def test_a_later_path_below_the_folder_that_may_reach_a_copy_is_not_understood(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], line: str,
        named: str) -> None:
    makefile = f"NAME = a.yaml\nhelm:\n\tcp -f config/crd/bases/*.yaml charts/app/crds/\n" \
               f"\t{line}\n"
    make_repo({**SOURCES, "Makefile": makefile, "charts/app/crds/more/keep": "\n"})
    links, out = _discovered(capsys)
    assert links == [], out
    # refused as read (with the line's text), or once the glob met the tree (a copy's name)
    assert re.search(f"Makefile:3: (cp -f config/crd/bases/[*].yaml charts/app/crds/: )?line 4 "
                     f"of the same recipe also names {named}\n", out), out


# 3 ----------------------------------------------------------------------------------------

@needs_make
@pytest.mark.parametrize("recipe", [
    "\tcp config/crd/bases/*.yaml charts/a/crds/\n\trm charts/a/crds/x.yaml\n",
    "\tcp config/crd/bases/*.yaml charts/a/crds/\n\t@echo done\n\trm -f charts/a/crds/x*\n",
    "\tcp config/crd/bases/*.yaml charts/a/crds/ && rm charts/a/crds/x.yaml\n",
    "\tcp config/crd/bases/*.yaml charts/a/crds/\n\trm -rf charts/a/crds/x.yaml charts/a/tmp\n",
], ids=["next-line", "glob-after-echo", "same-line", "rm-rf"])
def test_rm_after_cp_takes_that_copy_away(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        recipe: str) -> None:
    _as_make_does(make_repo, tmp_path, {"Makefile": f"helm:\n{recipe}",
                                        "charts/a/Chart.yaml": "name: a\n",
                                        "charts/a/crds/b.yaml": "stale\n"}, "helm")
    links, out = _discovered(capsys)
    assert links == [f"config/crd/bases/{n}.yaml -> charts/a/crds/{n}.yaml"
                     for n in ("a", "b")], out


@needs_make
def test_a_copy_made_again_after_rm_is_a_copy(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipe = ("\tmkdir -p charts/a/crds\n\tcp config/crd/bases/*.yaml charts/a/crds/\n"
              "\trm -rf charts/a/crds\n"
              "\tmkdir -p charts/a/crds\n\tcp config/crd/bases/x.yaml charts/a/crds/\n")
    _as_make_does(make_repo, tmp_path, {"Makefile": f"helm:\n{recipe}",
                                        "charts/a/Chart.yaml": "name: a\n"}, "helm")
    links, out = _discovered(capsys)
    assert links == ["config/crd/bases/x.yaml -> charts/a/crds/x.yaml"], out
