"""Discovery against the real tools: what `go generate` and `make` (running `cp`) write is
the reference, and a copy whose result discovery cannot predict is "not understood".

F2: a `//go:generate cp` that a later directive of the package edits is no plain copy.
F3: `cp -r DIR DEST` nests into an existing DEST, and a DEST only the first run lacks is
not guessed; `cp SRC .` is read, not a traceback.
X7: a discovered source that the commit removes (`git mv`, `git rm`) is reported.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from specsync.cli import main

from tests.conftest import MakeRepo
from tests.discovery.real_make import needs_make
from tests.helpers import git, read, snapshot_tree

needs_go = pytest.mark.skipif(shutil.which("go") is None and not os.environ.get("CI"),
                              reason="the go toolchain is not installed (tests/run installs it)")

SPEC = "openapi: 3.0.3\nservers:\n  - url: SERVER\n"
GO_MOD = "module example.com/m\n\ngo 1.19\n"
EMBED = """\
package x

import _ "embed"

{directives}
//go:embed openapi_spec_data.yaml
var Spec []byte
"""
CP = "//go:generate cp ../../api/openapi.yaml openapi_spec_data.yaml"
SED = "//go:generate sed -i s/SERVER/prod/ openapi_spec_data.yaml"
COPY = "pkg/x/openapi_spec_data.yaml"


def _run(args: list[str], cwd: Path, tmp: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.update(GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local", CGO_ENABLED="0",
               GOPATH=str(tmp / "gopath"), GOCACHE=os.environ.get("SPECSYNC_GOCACHE") or
               str(tmp / "gocache"))
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, check=False)


def _generated(make_repo: MakeRepo, tmp: Path, files: dict[str, str],
               command: list[str]) -> Path:
    """A repository holding what the real tool wrote, committed."""
    repo = make_repo(files)
    proc = _run(command, repo, tmp)
    assert proc.returncode == 0, proc.stderr.decode()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "generated")
    return repo


def _discover(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["discover"]) == 0
    return capsys.readouterr().out


# F2 -------------------------------------------------------------------------------------

@needs_go
@pytest.mark.parametrize("layout", [
    {"pkg/x/embed.go": EMBED.format(directives=f"{CP}\n{SED}")},
    {"pkg/x/embed.go": EMBED.format(directives=CP),  # a later file of the package
     "pkg/x/patch.go": f"package x\n\n{SED}\n"},
    {"pkg/x/z.go": EMBED.format(directives=CP),  # package x_test runs after package x
     "pkg/x/a_test.go": f"package x_test\n\n{SED}\n"},
], ids=["next-line", "later-file", "external-test-file"])
def test_a_go_generate_copy_edited_by_a_later_directive_is_not_understood(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    layout: dict[str, str],
) -> None:
    files = {"go.mod": GO_MOD, "api/openapi.yaml": SPEC, **layout}
    repo = _generated(make_repo, tmp_path, files, ["go", "generate", "./..."])
    assert b"url: prod" in read(repo, COPY)  # what go generate made: a patched copy
    out = _discover(capsys)
    assert "discovered 0 links:" in out
    assert "also names openapi_spec_data.yaml: not a plain copy" in out
    assert main(["check", "--all-files"]) == 0
    assert main(["fix", "--all-files"]) == 0
    assert b"url: prod" in read(repo, COPY)  # the patch survives


@needs_go
def test_a_directive_that_runs_before_the_copy_leaves_a_plain_copy(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    files = {"go.mod": GO_MOD, "api/openapi.yaml": SPEC, COPY: SPEC,
             "pkg/x/a.go": f"package x\n\n{SED}\n",  # runs first: cp then overwrites
             "pkg/x/embed.go": EMBED.format(directives=CP)}
    repo = _generated(make_repo, tmp_path, files, ["go", "generate", "./..."])
    assert read(repo, COPY) == SPEC.encode()
    assert "pkg/x/embed.go:5: api/openapi.yaml -> pkg/x/openapi_spec_data.yaml" in \
        _discover(capsys)
    (repo / "api/openapi.yaml").write_text(SPEC + "info: {}\n")
    git(repo, "add", "-A")
    assert main(["check"]) == 1


# F3 -------------------------------------------------------------------------------------

CRD = "kind: CustomResourceDefinition\nmetadata:\n  name: foos.example.com\n"
CHART = {"config/crd/bases/foo.yaml": CRD, "config/crd/bases/v1/bar.yaml": CRD,
         "charts/app/Chart.yaml": "name: app\n"}


@needs_make
@pytest.mark.parametrize("recipe", [
    "cp -r config/crd/bases charts/app/crds",
    "cp -r config/crd/bases charts/app/crds/",
    "mkdir -p charts/app/crds && cp -r config/crd/bases charts/app/crds",
    "rm -rf charts/app/crds && cp -r config/crd/bases charts/app/crds",
    "cp -r config/crd/bases/. charts/app/crds",
    "@mkdir -p charts/app/crds\n\tcp -r config/crd/bases charts/app/crds",
    "-rm -rf charts/app/crds\n\tcp -r config/crd/bases charts/app/crds",
], ids=["existing", "existing-slash", "made", "removed-first", "contents",
        "made-on-an-earlier-line", "removed-on-an-earlier-line"])
def test_fix_lays_cp_r_out_as_real_make_does_on_every_run(
    make_repo: MakeRepo, tmp_path: Path, recipe: str,
) -> None:
    # a tracked file in the folder keeps it there; only what the recipe does otherwise
    readme = {} if "rm" in recipe or "mkdir" in recipe else {"charts/app/crds/README.md": "x\n"}
    repo = make_repo({**CHART, **readme, "Makefile": f"crds:\n\t{recipe}\n"}, commit=True)
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    for _ in range(2):  # the same layout on a second run: nothing depends on the first
        proc = _run(["make", "-s", "crds"], reference, tmp_path)
        assert proc.returncode == 0, proc.stderr.decode()
        first = snapshot_tree(reference)
    assert main(["check", "--all-files"]) == 1
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == first
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


@needs_make
@pytest.mark.parametrize("tracked", [
    {},  # charts/app/crds does not exist: the first run makes it
    {"charts/app/crds/foo.yaml": CRD, "charts/app/crds/v1/bar.yaml": CRD},  # a first run's
], ids=["not-there", "first-run-committed"])
def test_cp_r_into_a_folder_only_the_first_run_lacks_is_not_understood(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    tracked: dict[str, str],
) -> None:
    repo = make_repo({**CHART, **tracked,
                      "Makefile": "crds:\n\tcp -r config/crd/bases charts/app/crds\n"},
                     commit=True)
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    runs = []
    for _ in range(2):
        assert _run(["make", "-s", "crds"], reference, tmp_path).returncode == 0
        runs.append(sorted(p for p in snapshot_tree(reference) if p.startswith("charts/")))
    assert "charts/app/crds/bases/foo.yaml" in runs[1]  # a run nests where one did not
    out = _discover(capsys)
    assert "discovered 0 links:" in out
    assert ("Makefile:2: the first run copies "
            "config/crd/bases to charts/app/crds, every later run to "
            "charts/app/crds/bases") in out
    assert main(["check", "--all-files"]) == 0


@needs_make
@pytest.mark.parametrize(("makefile", "path"), [
    ("x:\n\tcp config/crd/bases/foo.yaml .\n", "Makefile"),
    ("x:\n\tcp ../config/crd/bases/foo.yaml .\n\tcp ../config/crd/bases/v1/bar.yaml ..\n",
     "charts/Makefile"),
    ("x:\n\tcp config/crd/bases/foo.yaml .\n\tsed -i s/foos/bars/ foo.yaml\n", "Makefile"),
], ids=["root", "subfolder-and-parent", "edited-after"])
def test_cp_into_the_current_folder_is_read_as_make_runs_it(
    make_repo: MakeRepo, tmp_path: Path, makefile: str, path: str,
) -> None:
    repo = make_repo({**CHART, path: makefile, "foo.yaml": "old\n", "charts/foo.yaml": "old\n"},
                     commit=True)
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    proc = _run(["make", "-s", "-C", str(Path(path).parent), "x"], reference, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    if "sed" in makefile:  # a patched copy: not understood, left alone
        assert main(["discover"]) == 0
        assert main(["check", "--all-files"]) == 0
        return
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == snapshot_tree(reference)


# X7 -------------------------------------------------------------------------------------

X7_FILES = {"go.mod": GO_MOD, "api/openapi.yaml": SPEC, COPY: SPEC,
            "pkg/x/embed.go": EMBED.format(directives=CP)}
X7_LINE = "pkg/x/embed.go:5: source 'api/openapi.yaml' does not exist in the staged files\n"


@pytest.mark.parametrize("how", [
    ["mv", "api/openapi.yaml", "api/openapi-v1.yaml"], ["rm", "-q", "api/openapi.yaml"]])
def test_a_discovered_source_the_commit_removes_is_reported(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], how: list[str],
) -> None:
    repo = make_repo(X7_FILES, commit=True)
    git(repo, *how)
    capsys.readouterr()
    # a moved source: the closest tracked path is suggested (issue 14 defect 4)
    line = X7_LINE.replace("\n", " (did you mean 'api/openapi-v1.yaml'?)\n") \
        if how[0] == "mv" else X7_LINE
    assert main(["check"]) == 2
    assert capsys.readouterr().err == line
    assert main(["check", "README.md"]) == 2  # whatever the commit's other files
    assert main(["check", "--worktree"]) == 2
    git(repo, "commit", "-qm", "moved")
    capsys.readouterr()
    assert main(["check", "--rev", "HEAD"]) == 2
    assert capsys.readouterr().err == line.replace("staged", "HEAD")


def test_a_source_no_commit_ever_had_is_still_a_build_output(make_repo: MakeRepo) -> None:
    make_repo({**X7_FILES, "pkg/x/embed.go": EMBED.format(directives=CP.replace(
        "api/openapi.yaml", "build/openapi.yaml"))}, commit=True)
    assert main(["check", "--all-files"]) == 0
