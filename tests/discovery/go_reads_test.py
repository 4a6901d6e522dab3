"""Discovery reads only what the project's own make and go generate would run (issue 13).

Third-party code (vendor/, node_modules/, testdata/ at any depth) is never scanned; a
go:generate `cp` whose source is nowhere is reported, not dropped; and which go files and
directives count is what go 1.19+ `go generate` does on linux/amd64, checked against the
real go toolchain: `fix` writes exactly the files `go generate ./...` writes.
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

needs_go = pytest.mark.skipif(shutil.which("go") is None and not os.environ.get("CI"),
                              reason="the go toolchain is not installed (tests/run installs it)")
GO_MOD = "module example.com/m\n\ngo 1.19\n"
SRC = "the source\n"
GOGO = "vendor/github.com/gogo/protobuf/protoc-gen-gogo/descriptor/"


# item 6: a vendored Makefile whose "copy" differs by design is not the project's copy
@pytest.mark.parametrize("folder", [GOGO, "web/node_modules/lib/", "testdata/",
                                    "internal/x/testdata/"])
def test_third_party_code_is_never_scanned(make_repo: MakeRepo, folder: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({
        f"{folder}Makefile": "regenerate:\n\tcp gogo.pb.go gogo.pb.golden\n",
        f"{folder}gogo.pb.go": "package descriptor\n",
        f"{folder}gogo.pb.golden": "package descriptor // golden, differs by design\n",
        f"{folder}gen.go": "package descriptor\n\n//go:generate cp gogo.pb.go other.go\n",
        f"{folder}other.go": "package descriptor // differs\n",
        "api/spec.yaml": SRC, "charts/spec.yaml": SRC,
        "Makefile": "sync:\n\tcp api/spec.yaml charts/spec.yaml\n",
    })
    assert main(["check", "--all-files"]) == 0
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    assert "charts/spec.yaml" in out  # the project's own Makefile is still read
    assert "gogo" not in out and "other.go" not in out


def test_a_folder_merely_named_like_third_party_is_scanned(make_repo: MakeRepo) -> None:
    make_repo({"vendored/Makefile": "sync:\n\tcp a.txt b.txt\n", "vendored/a.txt": SRC,
               "vendored/b.txt": "stale\n", "my_testdata/x": ""})
    assert main(["check", "--all-files"]) == 1


def test_third_party_go_files_stay_out_of_the_cold_grep(make_repo: MakeRepo) -> None:
    """More candidates than GREP_ABOVE: git grep picks them, its pathspec excludes vendor/."""
    files = {f"pkg/p{i}/gen.go": f"package p{i}\n\n//go:generate cp ../../api/spec.yaml "
             "spec.yaml\n" for i in range(70)}
    files |= {f"pkg/p{i}/spec.yaml": SRC for i in range(70)}
    files |= {f"vendor/v{i}/gen.go": f"package v{i}\n\n//go:generate cp a b\n" for i in range(70)}
    make_repo({**files, "api/spec.yaml": SRC, "pkg/p3/spec.yaml": "stale\n"})
    assert main(["check", "--all-files"]) == 1
    assert main(["fix", "--all-files"]) == 1


# item 8: a go:generate cp whose source resolves inside the repo to no file
WRONG_DEPTH = "package y\n\n//go:generate cp ../../api/spec.yaml spec.yaml\n"


def test_a_source_that_is_nowhere_is_not_understood(make_repo: MakeRepo,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({"api/spec.yaml": SRC, "pkg/x/y/gen.go": WRONG_DEPTH, "pkg/x/y/spec.yaml": SRC})
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    assert "pkg/x/y/gen.go:3" in out
    assert "copies pkg/api/spec.yaml, which does not exist" in out


@pytest.mark.parametrize("how", ["ignored", "built"])
def test_a_build_output_source_stays_a_build_output(make_repo: MakeRepo, how: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    files = {"pkg/x/y/gen.go": WRONG_DEPTH, "pkg/x/y/spec.yaml": SRC}
    repo = make_repo({**files, ".gitignore": "/pkg/api/\n"} if how == "ignored" else files)
    if how == "built":  # untracked, on disk: what a build step made
        (repo / "pkg/api").mkdir()
        (repo / "pkg/api/spec.yaml").write_text(SRC)
    assert main(["discover"]) == 0
    assert "does not exist" not in capsys.readouterr().out
    assert main(["check", "--all-files"]) == 0


# the go generate gaps: each case is its own package (an error stops the whole package)
CP = "//go:generate cp ../../src.txt {}\n"
GO_CASES = {
    "plus-ignore/a.go": "// +build ignore\n\npackage p\n\n" + CP.format("out.txt"),
    "plus-no-blank/a.go": "// +build ignore\npackage p\n\n" + CP.format("out.txt"),
    "plus-or/a.go": "// +build windows linux,amd64\n\npackage p\n\n" + CP.format("out.txt"),
    "plus-and/a.go": "// +build linux,arm64\n\npackage p\n\n" + CP.format("out.txt"),
    "build-ignore/a.go": "//go:build ignore\n\npackage p\n\n" + CP.format("out.txt"),
    "build-expr/a.go": "//go:build !windows && (linux || darwin) && generate\n\npackage p\n\n"
                       + CP.format("out.txt"),
    "build-tool-tag/a.go": "//go:build tools\n\npackage p\n\n" + CP.format("out.txt"),
    "build-wins/a.go": "//go:build linux\n// +build ignore\n\npackage p\n\n" + CP.format("o.txt"),
    "build-malformed/a.go": "//go:build (linux\n\npackage p\n\n" + CP.format("out.txt"),
    "build-double-not/a.go": "//go:build !!linux\n\npackage p\n\n" + CP.format("out.txt"),
    "build-twice/a.go": "//go:build linux\n//go:build amd64\n\npackage p\n\n"
                        + CP.format("out.txt"),
    "build-in-doc/a.go": "/*\n//go:build ignore\n*/\n\npackage p\n\n" + CP.format("out.txt"),
    "build-after-package/a.go": "package p\n\n//go:build ignore\n" + CP.format("out.txt"),
    "suffix/x_windows.go": "package p\n\n" + CP.format("win.txt"),
    "suffix/x_arm64.go": "package p\n\n" + CP.format("arm.txt"),
    "suffix/x_linux_amd64.go": "package p\n\n" + CP.format("linux.txt"),
    "suffix/x_linux_test.go": "package p\n\n" + CP.format("test.txt"),
    "suffix/x_windows_amd64.go": "package p\n\n" + CP.format("winamd.txt"),
    "suffix/linux.go": "package p\n\n" + CP.format("plain.txt"),
    "command-twice/a.go": "package p\n\n//go:generate -command c cp\n" + CP.format("one.txt")
                          + "//go:generate -command c cp\n" + "//go:generate c ../../src.txt "
                          "two.txt\n" + CP.format("three.txt"),
    "command-expanded/a.go": "package p\n\n//go:generate -command c$GOLINE cp\n"
                             "//go:generate c3 ../../src.txt out.txt\n",
    "command-alone/a.go": "package p\n\n//go:generate -command\n" + CP.format("out.txt"),
    "after-failing/a.go": "package p\n\n" + CP.format("one.txt") + '//go:generate cp "a\n'
                          + CP.format("two.txt"),
    "no-arguments/a.go": "package p\n\n//go:generate   \n" + CP.format("out.txt"),
    "not-a-directive/a.go": "package p\n\n//go:generate\n" + CP.format("out.txt"),
    "too-long/a.go": "package p\n\n" + CP.format("one.txt") + "//go:generate cp ../../src.txt "
                     + "x" * 4100 + "\n" + CP.format("two.txt"),
    "long-comment/a.go": "package p\n\n// " + "x" * 5000 + "\n" + CP.format("out.txt"),
    "just-fits/a.go": "package p\n\n//go:generate cp ../../src.txt" + " " * 4057 + "fits.txt\n",
    "one-too-long/a.go": "package p\n\n//go:generate cp ../../src.txt" + " " * 4058 + "long.txt\n",
    "no-newline/a.go": "package p\n\n" + CP.format("one.txt") + CP.format("two.txt")[:-1],
    "crlf/a.go": "package p\r\n\r\n" + CP.format("out.txt").replace("\n", "\r\n"),
}


def _go_generate(repo: Path, tmp: Path) -> str:
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               CGO_ENABLED="1", GOPATH=str(tmp / "gopath"),
               GOCACHE=os.environ.get("SPECSYNC_GOCACHE") or str(tmp / "gocache"))
    proc = subprocess.run(["go", "generate", "./..."], cwd=repo, env=env, capture_output=True,
                          text=True, check=False)
    return proc.stderr


@needs_go
def test_fix_writes_what_go_generate_writes(make_repo: MakeRepo, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"go.mod": GO_MOD, "src.txt": SRC,
                      **{f"pkg/{path}": text for path, text in GO_CASES.items()}})
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    errors = _go_generate(reference, tmp_path)
    assert "multiply defined" in errors and "directive too long" in errors  # go fails there
    main(["fix", "--all-files"])
    assert snapshot_tree(repo) == snapshot_tree(reference)
    capsys.readouterr()
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    for where, what in [("command-twice/a.go:5", "command 'c' multiply defined"),
                        ("command-alone/a.go:3", "no command specified for -command"),
                        ("after-failing/a.go:4", "mismatched quoted string"),
                        ("no-arguments/a.go:3", "no arguments to directive"),
                        ("too-long/a.go:4", "directive too long"),
                        ("no-newline/a.go:4", "unexpected EOF")]:
        assert f"pkg/{where}" in out and what in out, (where, out)
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


def test_a_constraint_on_a_newer_go_is_not_understood(make_repo: MakeRepo,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({"src.txt": SRC, "pkg/p/a.go": "//go:build go1.21\n\npackage p\n\n"
               + CP.format("out.txt"), "pkg/p/out.txt": "stale\n"})
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    assert "pkg/p/a.go:1" in out and "depends on the go toolchain" in out
    assert main(["check", "--all-files"]) == 0  # no link is guessed


@needs_go
def test_a_failing_directive_stops_the_other_files_of_its_package(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """go runs a.go's copy, then b.go fails and c.go never runs: neither is guessed."""
    repo = make_repo({"go.mod": GO_MOD, "src.txt": SRC,
                      "pkg/q/a.go": "package q\n\n" + CP.format("one.txt"),
                      "pkg/q/b.go": "package q\n\n//go:generate cp \"a\n",
                      "pkg/q/c.go": "package q\n\n" + CP.format("three.txt"),
                      "pkg/r/a.go": "package r\n\n" + CP.format("other.txt")})
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    assert "mismatched quoted string" in _go_generate(reference, tmp_path)
    assert (reference / "pkg/q/one.txt").exists() and not (reference / "pkg/q/three.txt").exists()
    assert main(["discover"]) == 0
    out = capsys.readouterr().out
    assert "pkg/r/a.go:3: src.txt -> pkg/r/other.txt" in out  # another package runs on
    for line in ("pkg/q/a.go:3", "pkg/q/c.go:3"):
        assert f"{line}: go generate stops this package at pkg/q/b.go:3" in out, out
    assert "-> pkg/q/" not in out
