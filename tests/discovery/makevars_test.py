"""Make variables as GNU make reads them (issue 13, item 4 and the make reader gaps).

Each Makefile runs through the real `make` on a duplicate tree; `specsync fix --all-files`
must then write exactly what make wrote (an idiom specsync understands) or only files make
wrote too (a construct it refuses: listed as not understood, never guessed).
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from specsync.cli import main

from tests.discovery.real_make import needs_make
from tests.helpers import snapshot_tree

TREE = {"config/crd/bases/a.yaml": "kind: A\n", "config/crd/bases/b.yaml": "kind: B\n",
        "charts/crds/a.yaml": "old\n", "charts/crds/b.yaml": "old\n"}
IDIOMS = {
    "project-dir": "PROJECT_DIR := $(shell dirname $(abspath $(lastword $(MAKEFILE_LIST))))",
    "curdir": "PROJECT_DIR := $(CURDIR)",
    "shell-pwd": "PROJECT_DIR := $(shell pwd)",
    "realpath": "PROJECT_DIR = $(realpath $(CURDIR))",
    "default": "PROJECT_DIR ?= $(abspath .)",
    "dir": "PROJECT_DIR := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))",
    "notdir": "PROJECT_DIR := $(abspath $(CURDIR)/../$(notdir $(CURDIR)))",
}


def _make(repo: Path, tmp: Path, *targets: str, folder: str = ".") -> dict[str, bytes]:
    """The tree after the real make ran `targets` on a duplicate of `repo`."""
    reference = tmp / "reference"
    shutil.copytree(repo, reference)
    subprocess.run(["make", "-s", "-C", folder, *targets], cwd=reference, capture_output=True,
                   check=False)
    return snapshot_tree(reference)


def _discover(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["discover"]) == 0
    return capsys.readouterr().out


@needs_make
@pytest.mark.parametrize("where", ["", "deploy/"], ids=["root", "subfolder"])
@pytest.mark.parametrize("idiom", IDIOMS.values(), ids=IDIOMS.keys())
def test_the_repository_root_idioms_are_read_as_make_runs_them(
    make_repo, tmp_path, capsys, idiom, where,
):
    up = "/.." if where else ""
    makefile = f"{idiom}\ncrds:\n\tcp $(PROJECT_DIR){up}/config/crd/bases/* " \
               f"$(PROJECT_DIR){up}/charts/crds\n"
    repo = make_repo({**TREE, f"{where}Makefile": makefile}, commit=True)
    made = _make(repo, tmp_path, "crds", folder=where or ".")
    assert made["charts/crds/a.yaml"] == b"kind: A\n"  # make did copy
    out = _discover(capsys)
    assert "config/crd/bases/a.yaml -> charts/crds/a.yaml" in out.replace("  ", " ") or \
        "charts/crds/a.yaml" in out, out
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == made


REFUSED = {  # (other files, Makefile head, where make really copies s.yaml)
    # an included file make builds first (not tracked): what it sets is unknown
    "include-of-a-built-file": ({}, "include gen.mk\nD ?= a\ngen.mk:\n\techo 'D := b' > $@\n",
                                "b"),
    "include-before-assign": ({"local.mk": "D := b\n"}, "D := a\ninclude local.mk\n", "b"),
    "eval": ({}, "D := a\n$(eval D := b)\n", "b"),
    "undefine": ({}, "D := a\nundefine D\nD ?= b\n", "b"),
    "trailing-space": ({}, "D := a # the folder\n", None),  # cp s.yaml a /c.yaml fails
    "above-the-repository": ({}, "D := $(abspath $(CURDIR)/../a)\n", None),
    "shell": ({}, "D := $(shell echo a)\n", "a"),
    "realpath-of-another-folder": ({}, "D := $(realpath b)\n", "b"),
}


@needs_make
@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_what_make_may_read_differently_is_refused_never_guessed(make_repo, tmp_path, capsys,
                                                                 case):
    extra, head, into = case
    files = {"s.yaml": "new\n", "a/c.yaml": "old\n", "b/c.yaml": "old\n", **extra,
             "Makefile": f"{head}x:\n\tcp s.yaml $(D)/c.yaml\n"}
    repo = make_repo(files, commit=True)
    before = snapshot_tree(repo)
    made = _make(repo, tmp_path, "x")
    assert [f for f in ("a", "b") if made[f"{f}/c.yaml"] == b"new\n"] == ([into] if into else [])
    out = _discover(capsys)
    assert "Makefile:" in out, out  # listed as not understood
    assert main(["check", "--all-files"]) == 0  # no link, so nothing to check
    assert main(["fix", "--all-files"]) == 0
    assert snapshot_tree(repo) == before


DEFINES = {  # after a rule: a body line that starts with a tab is no recipe line
    "endef-comment": "define X\n\tcp s.yaml a/c.yaml\nendef # done\nz:\n\tcp s.yaml d.yaml\n",
    "export-define": "export define X\n\tcp s.yaml a/c.yaml\nendef\n",
    "override-define": "override define X =\n\tcp s.yaml a/c.yaml\nendef\n",
    "nested-define": "define X\ndefine Y\nendef\n\tcp s.yaml a/c.yaml\nendef\n",
}


@needs_make
@pytest.mark.parametrize("define", DEFINES.values(), ids=DEFINES.keys())
def test_define_bodies_are_skipped_as_make_skips_them(make_repo, tmp_path, define):
    makefile = f"y:\n\tcp s.yaml b/c.yaml\n{define}"
    repo = make_repo({"s.yaml": "new\n", "a/c.yaml": "old\n", "b/c.yaml": "old\n",
                      "d.yaml": "old\n", "Makefile": makefile}, commit=True)
    made = _make(repo, tmp_path, "y", *(["z"] if "z:" in define else []))
    assert made["b/c.yaml"] == b"new\n" and made["a/c.yaml"] == b"old\n"
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == made


@needs_make
def test_a_default_rule_names_no_file_called_default(make_repo, tmp_path, capsys):
    repo = make_repo({"s.yaml": "new\n", "Makefile": ".DEFAULT:\n\tcp s.yaml $@\n"},
                     commit=True)
    made = _make(repo, tmp_path, "out.yaml")
    assert made["out.yaml"] == b"new\n"  # make ran it for a target it had no rule for
    assert ".DEFAULT" not in _discover(capsys).partition("not understood")[0]
    main(["fix", "--all-files"])
    assert ".DEFAULT" not in snapshot_tree(repo)


@needs_make
def test_a_makefile_beside_a_gnumakefile_is_not_read(make_repo, tmp_path):
    repo = make_repo({"s.yaml": "new\n", "c.yaml": "old\n", "d.yaml": "old\n",
                      "GNUmakefile": "x:\n\tcp s.yaml d.yaml\n",
                      "Makefile": "x:\n\tcp s.yaml c.yaml\n"}, commit=True)
    made = _make(repo, tmp_path, "x")
    assert made["c.yaml"] == b"old\n" and made["d.yaml"] == b"new\n"
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == made


@pytest.mark.parametrize(("lines", "flavour"), [
    (["A0 := ab"] + [f"A{i} := $(A{i - 1})$(A{i - 1})" for i in range(1, 34)], "immediate"),
    (["A0 = ab"] + [f"A{i} = $(A{i - 1})$(A{i - 1})" for i in range(1, 23)], "recursive"),
])
def test_expansion_has_a_budget_that_ends_in_not_understood(make_repo, capsys, lines, flavour):
    last = lines[-1].split()[0]
    makefile = "\n".join(lines) + f"\nx:\n\tcp s.yaml $({last}).yaml\n"
    make_repo({"s.yaml": "new\n", "Makefile": makefile}, commit=True)
    start = time.monotonic()
    out = _discover(capsys)
    assert time.monotonic() - start < 5, flavour
    assert "Makefile:" in out and "cp s.yaml" in out, out
