"""Which files discovery reads, how it asks git, and its cache in the git dir."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from specsync.commands.check import main as check
from specsync.discovery import candidates, scan
from specsync.discovery.marks import grep_marked
from specsync.repo import blobs, snapshot, states
from specsync.repo import git as repo_git
from specsync.repo.git import Repo, find_repo

from tests.commands.discover_test import FILES, GEN
from tests.conftest import SOURCE_ROOT, MakeRepo
from tests.helpers import git


def test_cache_is_reused_and_follows_changes(make_repo: MakeRepo) -> None:
    repo = make_repo({**FILES, "pkg/a/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml":
                      "kind: CRD\n"})
    assert check(["--all-files"]) == 0
    cache = Path(repo / ".git/specsync" / scan.CACHE_NAME)
    stamp = cache.stat().st_mtime_ns
    assert check(["--all-files"]) == 0
    assert cache.stat().st_mtime_ns == stamp  # nothing changed: not rewritten
    (repo / "Makefile").write_text(FILES["Makefile"].replace("crd.yaml $(", "spec.yaml $("))
    git(repo, "add", "Makefile")
    assert check(["--all-files"]) == 1  # the changed Makefile was read again


@pytest.mark.parametrize("take", [
    snapshot.index, states.worktree, lambda repo: states.at_rev(repo, "HEAD"),
], ids=["index", "worktree", "rev"])
def test_git_grep_picks_the_files_with_directives(
    make_repo: MakeRepo, take: Callable[[Repo], snapshot.Snapshot],
) -> None:
    files = {f"pkg/p{i}/x.go": f"package p{i}\n" for i in range(scan.GREP_ABOVE + 5)}
    files["pkg/p3/x.go"] = GEN.replace("package a", "package p3")
    files["pkg/p[4]/x.go"] = "package p4\n//go:generate true\n"
    repo = make_repo({**files, "spec.yaml": "v: 2\n", "pkg/p3/spec.yaml": "v: 1\n"},
                     commit=True)
    snap = take(find_repo(str(repo)))
    paths = [p for p in snap.paths() if p.endswith(".go")]
    marks = (b"//go:generate",)
    assert sorted(grep_marked(snap, paths, True, marks, ["*.go"])) == [
        "pkg/p3/x.go", "pkg/p[4]/x.go"]
    assert grep_marked(snap, ["pkg/p[4]/x.go", "pkg/p5/x.go"], False, marks, ["*.go"]
                            ) == {"pkg/p[4]/x.go": {b"//go:generate"}}
    ops, unknown = scan.scan(snap, ("go",))
    assert [o.origin for o in ops] == ["pkg/p3/x.go:3"]
    assert [u.origin for u in unknown] == ["pkg/p3/x.go:4", "pkg/p[4]/x.go:2"]


def _greps(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument lists of the git grep runs from here on."""
    greps: list[list[str]] = []
    real_run = repo_git.run

    def run(args: list[str], *rest: object, **kw: object) -> tuple[int, bytes]:
        if "grep" in args:
            greps.append(args)
        return real_run(args, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(repo_git, "run", run)
    return greps


HOT_PATH = """
import sys
sys.argv = ["specsync", "check", "--all-files"]
from specsync.cli import main
code = main()
heavy = ("ruamel", "deepdiff", "typing", "dataclasses", "subprocess", "json", "tempfile",
         "pathlib", "specsync.discovery.go", "specsync.discovery.make", "specsync.discovery.shell")
print(code, sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy))
"""


def test_in_sync_with_discovered_links_stays_on_the_light_path(make_repo: MakeRepo) -> None:
    repo = make_repo({**FILES, "pkg/a/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml":
                      "kind: CRD\n", "Makefile": "x:\n\tcp -f *.yaml charts/app/crds/\n",
                      "charts/app/crds/spec.yaml": "v: 2\n"})
    project = str(SOURCE_ROOT)
    argv = [sys.executable, "-S", "-c", f"import sys; sys.path.insert(0, {project!r})\n" + HOT_PATH]
    runs = [subprocess.run(argv, cwd=repo, capture_output=True, text=True, check=False)
            for _ in range(2)]  # cold: parses and caches; warm: the cache only
    assert runs[0].stdout.startswith("0 ")
    assert "'specsync.discovery.make'" in runs[0].stdout  # the cold run parsed the Makefile
    assert runs[1].stdout == "0 []\n", runs[1].stderr




def test_one_git_grep_picks_go_files_and_scripts(make_repo: MakeRepo,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold run with many candidates of both kinds asks git grep once; a .go file that
    only holds `cp ` and a script that only holds `//go:generate` are not read."""
    files = {f"pkg/p{i}/x.go": f"package p{i}\n// cp the file\n" for i in range(40)}
    files |= {f"hack/s{i}.sh": "#!/bin/sh\necho //go:generate\n" for i in range(40)}
    files["pkg/p3/x.go"] = GEN.replace("package a", "package p3")
    files["hack/sync.sh"] = ('#!/bin/sh\nD="$(dirname "$0")"\ncp "$D/../spec.yaml" '
                             '"$D/../pkg/p3/spec.yaml"\n')
    repo = make_repo({**files, "spec.yaml": "v: 2\n", "pkg/p3/spec.yaml": "v: 1\n"},
                     commit=True)
    greps = _greps(monkeypatch)
    read: list[str] = []
    real_read = blobs.read_verified

    def read_verified(snap: snapshot.Snapshot, paths: list[str]) -> dict[str, bytes]:
        read.extend(paths)
        return real_read(snap, paths)

    monkeypatch.setattr(blobs, "read_verified", read_verified)
    ops, _ = scan.scan(snapshot.index(find_repo(str(repo))), ("go", "make", "script"))
    assert len(greps) == 1
    assert sorted(read) == ["hack/sync.sh", "pkg/p3/x.go"]
    assert sorted(o.origin for o in ops) == ["hack/sync.sh:3", "pkg/p3/x.go:3"]


def test_without_scripts_git_grep_asks_only_for_go_s_mark(make_repo: MakeRepo,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """No script among the candidates: the scripts' marks and pathspecs are not asked for,
    and git lists the files (`-l`, it stops at a file's first match), as it did before
    scripts were a kind."""
    files = {f"pkg/p{i}/x.go": f"package p{i}\n// cp the file\n"
             for i in range(scan.GREP_ABOVE + 5)}
    files["pkg/p3/x.go"] = GEN.replace("package a", "package p3")
    repo = make_repo({**files, "spec.yaml": "v: 2\n", "pkg/p3/spec.yaml": "v: 1\n"},
                     commit=True)
    greps = _greps(monkeypatch)
    ops, _ = scan.scan(snapshot.index(find_repo(str(repo))), ("go", "make", "script"))
    assert sorted(o.origin for o in ops) == ["pkg/p3/x.go:3"]
    [args] = greps
    assert "-l" in args and "-o" not in args
    assert "*.sh" not in args and "cp " not in args, args


def test_attributes_hide_no_mark_from_git_grep(make_repo: MakeRepo) -> None:
    """git grep takes a file the attributes say is no text (`-diff`, `binary`) as binary: for
    a match it prints "Binary file ... matches" where the path and the mark should be,
    which lost that file and the next one. A fresh clone's check reads what a warm check
    reads (grep is told every file is text)."""
    files = {f"pkg/p{i}/x.go": f"package p{i}\n" for i in range(scan.GREP_ABOVE + 5)}
    files["pkg/p3/x.go"] = GEN.replace("package a", "package p3")
    files["hack/sync.sh"] = '#!/bin/sh\ncd "$(dirname "$0")/.."\ncp crd.yaml web/crd.yaml\n'
    repo = make_repo({**files, ".gitattributes": "hack/*.sh -diff\n", "spec.yaml": "v: 2\n",
                      "pkg/p3/spec.yaml": "v: 1\n", "crd.yaml": "kind: CRD\n",
                      "web/crd.yaml": "kind: old\n"}, commit=True)
    ops, _ = scan.scan(snapshot.index(find_repo(str(repo))), ("go", "make", "script"))
    assert sorted(o.origin for o in ops) == ["hack/sync.sh:3", "pkg/p3/x.go:3"]
    cold = subprocess.run([sys.executable, "-m", "specsync", "check", "--all-files"],
                          capture_output=True, text=True, check=False, cwd=repo)
    assert cold.returncode == 1
    assert "web/crd.yaml" in cold.stdout and "pkg/p3/spec.yaml" in cold.stdout


# every kind of candidate a first run in a large repository must still find (or skip)
NAMED_FILES = {
    "pkg/p3/x.go": GEN.replace("package a", "package p3"),
    "pkg/p5/x.go": "package p5\n// cp the file, no directive\n",
    "pkg/p[4]/x.go": "package p4\n//go:generate true\n",
    "vendor/v/x.go": "package v\n//go:generate cp a b\n",
    "web/node_modules/m/x.go": "package m\n//go:generate cp a b\n",
    "hack/sync.sh": '#!/bin/sh\ncd "$(dirname "$0")/.."\ncp crd.yaml web/crd.yaml\n',
    "hack/gen.sh": "#!/bin/sh\necho //go:generate\n",
    "hack/tool.bash": '#!/bin/bash\ncd "$(dirname "$0")/.."\ncat crd.yaml > web/crd2.yaml\n',
    "Makefile": "sync:\n\tcp crd.yaml web/crd3.yaml\n",
    "GNUmakefile": "sync:\n\tcp crd.yaml web/crd4.yaml\n",
    "sub/Makefile": "sync:\n\tcp ../crd.yaml ../web/crd5.yaml\n",
    "vendor/v/Makefile": "sync:\n\tcp a b\n",
    "Dockerfile": "FROM x\n",
    "spec.yaml": "v: 2\n", "pkg/p3/spec.yaml": "v: 1\n", "crd.yaml": "kind: CRD\n",
    "web/crd.yaml": "kind: CRD\n", "web/crd2.yaml": "kind: old\n",
    "web/crd3.yaml": "kind: CRD\n", "web/crd5.yaml": "kind: CRD\n",
}


@pytest.mark.parametrize("take", [
    snapshot.index, lambda repo: states.at_rev(repo, "HEAD"),
], ids=["index", "rev"])
def test_a_first_run_in_a_large_repository_lets_git_grep_name_the_candidates(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
    take: Callable[[Repo], snapshot.Snapshot],
) -> None:
    """Above NAMED_ABOVE files a first run does not search every path for `.go` or `.sh`:
    git grep names the files that hold a mark. It finds what the search by name finds;
    the cache then holds only those candidates, so the next run lists them all, has git
    grep look at the rest once, and finds the same again; the run after that greps
    nothing."""
    files = {**NAMED_FILES, **{f"pkg/q{i}/x.go": f"package q{i}\n" for i in range(80)}}
    repo = make_repo(files, commit=True)
    greps = _greps(monkeypatch)
    kinds = ("go", "make", "script")
    monkeypatch.setattr(candidates, "NAMED_ABOVE", 10**9)  # the search by name, as in a small repo
    expected = scan.scan(take(find_repo(str(repo))), kinds)
    assert sorted(o.origin for o in expected[0]) == [
        "GNUmakefile:2", "hack/sync.sh:3", "hack/tool.bash:3", "pkg/p3/x.go:3",
        "sub/Makefile:2"]
    cache = repo / ".git/specsync" / scan.CACHE_NAME
    cache.unlink()
    monkeypatch.setattr(candidates, "NAMED_ABOVE", 0)
    greps.clear()
    runs = [scan.scan(take(find_repo(str(repo))), kinds) for _ in range(3)]
    assert [[o.plain() for o in r[0]] for r in runs] == [[o.plain() for o in expected[0]]] * 3
    assert [[u.plain() for u in r[1]] for r in runs] == [[u.plain() for u in expected[1]]] * 3
    assert len(greps) == 2  # the first run, and once more by the second
    assert "*.go" in greps[0] and "--literal-pathspecs" not in greps[0]
    assert "pkg/q7/x.go" in greps[1]  # the second names the candidates the first never listed


def test_a_first_run_in_a_large_repository_checks_like_a_small_one(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """End to end through `check`: the drift a first run reports does not depend on how it
    found its candidates, nor does the second run's."""
    repo = make_repo(NAMED_FILES, commit=True)
    outs = []
    for above in (10**9, 0):
        monkeypatch.setattr(candidates, "NAMED_ABOVE", above)
        shutil.rmtree(repo / ".git/specsync", ignore_errors=True)
        codes = [check(["--all-files"]) for _ in range(2)]
        outs.append((codes, capsys.readouterr().out))
    assert outs[0] == outs[1]
    assert outs[0][0] == [1, 1]
    assert "web/crd2.yaml" in outs[0][1] and "pkg/p3/spec.yaml" in outs[0][1]
