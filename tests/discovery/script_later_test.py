"""A later command of a script loop unrolled per file, judged with its own pass's values.

`for f in $CRDS` runs once per file (script_loops); an `if [ -f PATCH ]` (script_if) sends
some passes to a program that writes `dest/$(basename "$f")`, others to `cp $f dest`. The
program's line names the copy folder followed by a literal path: that path only, as a later
recipe line does (later.py). The real make and bash run every fixture on a duplicate tree;
`specsync fix` must write what they wrote, and what could be patched is refused.
"""
from __future__ import annotations

import stat
from pathlib import Path

import pytest
from specsync.cli import main

from tests.conftest import MakeRepo
from tests.discovery.real_make import discovered, needs_make, run_make
from tests.helpers import git, snapshot_tree

# the patch program: a build output (ignored, never tracked), run by the path make knows
PATCHER = "#!/bin/sh\n# patcher -o OPS: stdin with the OPS file after it\ncat; cat \"$2\"\n"

LOOP = """#!/bin/bash
source "$(dirname "${BASH_SOURCE}")/lists.sh"
HERE=$(dirname $(readlink -f $0))
for f in $CRD_FILES
do
    if [ -f "$HERE/$(basename $f).patch" ];
    then
        "$1" -o "$HERE/$(basename "$f").patch" < "$f" > "./deploy/crds/$(basename "$f")"
    else
        cp $f ./deploy/crds
    fi
done
"""
LISTS = 'CRD_FILES="./api/v1/*.yaml\n./api/v2/c.yaml\n"\n'
TREE = {"api/v1/a.yaml": "kind: A\n", "api/v1/b.yaml": "kind: B\n", "api/v2/c.yaml": "kind: C\n",
        "hack/b.yaml.patch": "# patched\n", "hack/lists.sh": LISTS, "hack/copy.sh": LOOP,
        "deploy/crds/a.yaml": "old\n", "deploy/crds/b.yaml": "kind: B\n# patched\n",
        "deploy/crds/c.yaml": "old\n", ".gitignore": "/_output/\n"}
# the program's path: a build output's, as make names it
KNOWN = {"Makefile": "TMP := _output\nPATCHER_VERSION ?= v0.1\n"
                     "PATCHER ?= $(TMP)/tools/bin/patcher-$(PATCHER_VERSION)\n"
                     "crds:\n\tbash -x hack/copy.sh $(PATCHER)\n"}
# ... or from vendored .mk files the Makefile includes (an include guard, `?=`, values set
# across several files)
VENDORED = {
    "Makefile": "include $(addprefix ./vendor/example.com/build/make/, \\\n"
                "\ttargets/patcher.mk \\\n\tlib/tmp.mk\\\n)\n"
                "crds: ensure-patcher\n\tbash -x hack/copy.sh $(PATCHER)\n",
    "vendor/example.com/build/make/targets/patcher.mk":
        "ifndef _PATCHER_MK_\n_PATCHER_MK_ := defined\n"
        "include $(addprefix $(dir $(lastword $(MAKEFILE_LIST))), ../lib/tmp.mk)\n"
        "PATCHER_VERSION ?=v0.1\nPATCHER ?=$(TMP_GOPATH)/bin/patcher-$(PATCHER_VERSION)\n"
        "ensure-patcher:\n\ttest -x '$(PATCHER)'\n.PHONY: ensure-patcher\nendif\n",
    "vendor/example.com/build/make/lib/tmp.mk": "TMP :=_output\nTMP_GOPATH :=$(TMP)/tools\n"}


def _repo(make_repo: MakeRepo, files: dict[str, str]) -> Path:
    repo = make_repo({**TREE, **files}, commit=True)
    program = repo / "_output/tools/bin/patcher-v0.1"
    program.parent.mkdir(parents=True)
    program.write_text(PATCHER)
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return repo


@needs_make
@pytest.mark.parametrize("makefiles", [KNOWN, VENDORED], ids=["known", "vendored"])
def test_a_pass_that_writes_its_own_file_below_the_folder_leaves_the_others_copies(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        makefiles: dict[str, str]) -> None:
    repo = _repo(make_repo, makefiles)
    reference, proc = run_make(repo, tmp_path, "crds")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"bash -x hack/copy.sh _output/tools/bin/patcher-v0.1" in proc.stdout
    links, unknown = discovered(capsys)
    assert links == ["api/v1/a.yaml -> deploy/crds/a.yaml", "api/v2/c.yaml -> deploy/crds/c.yaml"]
    assert unknown == [], unknown
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == snapshot_tree(reference)
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


@needs_make
def test_a_program_make_cannot_name_unlinks_the_copies_before_it(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the caller passes an argument make cannot expand: `"$1"` may be any program
    makefile = "crds:\n\tbash -x hack/copy.sh $(shell ls _output/tools/bin/patcher-*)\n"
    repo = _repo(make_repo, {"Makefile": makefile})
    reference, proc = run_make(repo, tmp_path, "crds")
    assert proc.returncode == 0, proc.stderr.decode()
    links, unknown = discovered(capsys)
    assert links == ["api/v2/c.yaml -> deploy/crds/c.yaml"]
    assert unknown == ["hack/copy.sh:10: line 8 of the script (run after this copy) also names "
                       "a value it does not know: not a plain copy (run by Makefile:2)"]
    main(["fix", "--all-files"])
    assert (repo / "deploy/crds/a.yaml").read_text() == "old\n"  # never guessed
    assert (repo / "deploy/crds/c.yaml").read_bytes() == (reference / "deploy/crds/c.yaml"
                                                          ).read_bytes()


@needs_make
def test_a_later_pass_that_writes_an_earlier_copy_unlinks_it(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # api/v2/a.yaml has a patch next to it: its pass overwrites deploy/crds/a.yaml, the
    # copy the pass of api/v1/a.yaml made
    script = LOOP.replace('"$HERE/$(basename $f).patch"', '"$f.patch"').replace(
        '"$HERE/$(basename "$f").patch"', '"$f.patch"')
    files = {**KNOWN, "hack/copy.sh": script, "hack/lists.sh": 'CRD_FILES="./api/*/a.yaml"\n',
             "api/v2/a.yaml": "kind: A2\n", "api/v2/a.yaml.patch": "# patched\n"}
    repo = _repo(make_repo, files)
    reference, proc = run_make(repo, tmp_path, "crds")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (reference / "deploy/crds/a.yaml").read_text() == "kind: A2\n# patched\n"
    links, unknown = discovered(capsys)
    assert links == []
    assert any(u.startswith("hack/copy.sh:10: ") and "deploy/crds/a.yaml" in u
               for u in unknown), unknown
    main(["fix", "--all-files"])
    assert (repo / "deploy/crds/a.yaml").read_text() == "old\n"
