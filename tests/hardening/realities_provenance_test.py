"""Provenance comes from HEAD vs the index, never from the file names a run was given.

Issue 12: "edited directly" decided from argv (D4), a prune extra that HEAD
never had (D2), prune taking files other entries own (D8), and deletions of a
generated entry's files that pre-commit never passes (S1). Each runs real git;
D2, D4 and S1 also the real pre-commit under a real `git commit`.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from specsync.cli import main

from tests.conftest import MakeRepo
from tests.helpers import git, pre_commit, read, write

BIN = Path(sys.executable).parent
SPEC = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1.0'\n"
LINK = "links:\n  - source: api/openapi.yaml\n    copies: [pkg/spec.yaml]\n"
PRUNE = "links:\n  - source: crd/*.yaml\n    copies: [chart/]\n    prune: true\n"


def hooks(fix_stage: str = "manual") -> str:
    """Both hooks as `repo: local` entries running this venv's specsync, as a user would
    install them: file names passed, always run, one process at a time."""
    def hook(name: str, extra: str = "") -> str:
        return (f"      - id: specsync-{name}\n        name: specsync {name}\n"
                f"        entry: {BIN / 'specsync'} {name}\n        language: system\n"
                "        pass_filenames: true\n        always_run: true\n"
                f"        require_serial: true\n{extra}")

    return ("repos:\n  - repo: local\n    hooks:\n" + hook("check")
            + hook("fix", f"        stages: [{fix_stage}]\n"))


def installed(make_repo: MakeRepo, files: dict[str, str]) -> Path:
    repo = make_repo({**files, ".pre-commit-config.yaml": hooks()}, commit=True)
    proc = pre_commit(repo, "install")
    assert proc.returncode == 0, proc.stdout + (proc.stderr or '')
    return repo


def commit(repo: Path, message: str = "change") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["git", "-C", str(repo), "commit", "-m", message],  # hooks: stderr
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False, env=env)


def manual_fix(repo: Path) -> subprocess.CompletedProcess[str]:
    return pre_commit(repo, "run", "--hook-stage", "manual", "specsync-fix", "--all-files")


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD"))


# D4 ---------------------------------------------------------------------------------------

def test_a_copy_edited_directly_is_kept_however_fix_is_run(make_repo, capsys):
    """Decided from HEAD vs the index: the README's manual hook (--all-files), `fix` with no
    names and `fix COPY` all refuse; only --force discards the edit."""
    repo = installed(make_repo, {".specsync.yaml": LINK, "api/openapi.yaml": SPEC,
                                 "pkg/spec.yaml": SPEC})
    patched = SPEC.replace("title: t", "title: hand-patched")
    write(repo, {"pkg/spec.yaml": patched})
    git(repo, "add", "pkg/spec.yaml")
    proc = commit(repo)
    assert proc.returncode != 0
    assert "pkg/spec.yaml: was edited directly; make the change in api/openapi.yaml" in (
        proc.stdout)
    assert commits(repo) == 1

    proc = manual_fix(repo)
    assert proc.returncode == 1, proc.stdout + (proc.stderr or '')
    assert "pkg/spec.yaml: was edited directly" in proc.stdout
    assert read(repo, "pkg/spec.yaml") == patched.encode()
    for argv in (["fix"], ["fix", "--all-files"], ["fix", "pkg/spec.yaml"]):
        capsys.readouterr()
        assert main(argv) == 1, argv
        assert "pkg/spec.yaml: was edited directly" in capsys.readouterr().out, argv
        assert read(repo, "pkg/spec.yaml") == patched.encode(), argv
    assert main(["fix", "--force"]) == 1
    assert read(repo, "pkg/spec.yaml") == SPEC.encode()


def test_naming_an_untouched_copy_of_a_changed_source_is_no_direct_edit(make_repo, capsys):
    repo = make_repo({".specsync.yaml": LINK, "api/openapi.yaml": SPEC, "pkg/spec.yaml": SPEC},
                     commit=True)
    write(repo, {"api/openapi.yaml": SPEC.replace("1.0", "1.1")})
    git(repo, "add", "api/openapi.yaml")
    for argv in (["check", "pkg/spec.yaml"], ["check", "--all-files"], ["check"]):
        assert main(argv) == 1, argv
        out = capsys.readouterr().out
        assert "pkg/spec.yaml: out of sync with api/openapi.yaml" in out, argv
        assert "edited directly" not in out and "--force" not in out, argv
    assert main(["fix", "pkg/spec.yaml"]) == 1
    assert read(repo, "pkg/spec.yaml") == SPEC.replace("1.0", "1.1").encode()


def test_edited_directly_in_the_working_tree_mode(make_repo, capsys):
    """--worktree compares the working tree with HEAD: an unstaged copy edit counts too."""
    repo = make_repo({".specsync.yaml": LINK, "api/openapi.yaml": SPEC, "pkg/spec.yaml": SPEC},
                     commit=True)
    write(repo, {"pkg/spec.yaml": SPEC + "x: 1\n"})
    assert main(["check", "--worktree"]) == 1
    assert "pkg/spec.yaml: was edited directly" in capsys.readouterr().out
    assert main(["check"]) == 0  # nothing staged: the commit is in sync


# D2 ---------------------------------------------------------------------------------------

def test_prune_never_deletes_a_file_head_does_not_have(make_repo, capsys):
    """A never-committed file staged in a mirrored folder is the user's: the commit is
    blocked with what to do, and neither the hook, `fix FILE` nor --force deletes it."""
    repo = installed(make_repo, {".specsync.yaml": PRUNE, "crd/a.yaml": "kind: A\n",
                                 "chart/a.yaml": "kind: A\n"})
    write(repo, {"chart/mine.yaml": "hand-written\n"})
    git(repo, "add", "chart/mine.yaml")
    proc = commit(repo, "add my own chart file")
    assert proc.returncode != 0
    assert ("chart/mine.yaml: added in this commit to a pruned copy folder, but there is no "
            "crd/mine.yaml; add that source, or move the file out of the folder") in proc.stdout
    assert "fix deletes it" not in proc.stdout
    assert commits(repo) == 1

    proc = manual_fix(repo)
    assert "Deleting" not in proc.stdout
    assert "chart/mine.yaml: added in this commit, not written by specsync" in proc.stdout
    for argv in (["fix", "chart/mine.yaml"], ["fix"], ["fix", "--force"]):
        capsys.readouterr()
        assert main(argv) == 1, argv
        assert "(not deleted)" in capsys.readouterr().out
        assert read(repo, "chart/mine.yaml") == b"hand-written\n", argv
    assert git(repo, "ls-files", "chart/mine.yaml") == "chart/mine.yaml\n"

    write(repo, {"crd/mine.yaml": "hand-written\n"})  # what the message says: add the source
    git(repo, "add", "crd/mine.yaml")
    proc = commit(repo, "with its source")
    assert proc.returncode == 0, proc.stdout + (proc.stderr or '')


def test_prune_still_deletes_what_head_has_once_its_source_is_gone(make_repo, capsys):
    repo = installed(make_repo, {".specsync.yaml": PRUNE, "crd/a.yaml": "kind: A\n",
                                 "crd/old.yaml": "kind: Old\n", "chart/a.yaml": "kind: A\n",
                                 "chart/old.yaml": "kind: Old\n"})
    git(repo, "rm", "-q", "crd/old.yaml")
    proc = commit(repo)
    assert proc.returncode != 0
    assert "chart/old.yaml: source was removed (no crd/old.yaml); fix deletes it" in proc.stdout
    proc = manual_fix(repo)
    assert "Deleting chart/old.yaml (its source crd/old.yaml was removed)" in proc.stdout
    assert not (repo / "chart/old.yaml").exists()


def test_prune_keeps_a_copy_edited_in_this_commit_unless_forced(make_repo, capsys):
    repo = make_repo({".specsync.yaml": PRUNE, "crd/a.yaml": "kind: A\n", "chart/a.yaml":
                      "kind: A\n", "crd/old.yaml": "o\n", "chart/old.yaml": "o\n"}, commit=True)
    git(repo, "rm", "-q", "crd/old.yaml")
    write(repo, {"chart/old.yaml": "o, edited\n"})
    git(repo, "add", "chart/old.yaml")
    assert main(["check", "README.md"]) == 1
    assert "but the copy was edited in this commit" in capsys.readouterr().out
    assert main(["fix"]) == 1
    assert "delete it with --force (not deleted)" in capsys.readouterr().out
    assert read(repo, "chart/old.yaml") == b"o, edited\n"
    assert main(["fix", "--force"]) == 1
    assert not (repo / "chart/old.yaml").exists()


# D8 ---------------------------------------------------------------------------------------

GENERATED = PRUNE.replace("crd/*.yaml", "crd/**") + """\
generated:
  - sources: [chart/gen.sh]
    outputs: [chart/gen.yaml, chart/out/]
    command: sh chart/gen.sh
"""
GEN_SH = "printf 'kind: Generated\\n' > chart/gen.yaml\nmkdir -p chart/out\n" \
         "printf 'x\\n' > chart/out/x.yaml\n"


def test_prune_never_takes_what_another_entry_owns(make_repo, capsys):
    """A generated entry's outputs (a file, a folder) and its source in a pruned folder
    are owned: check passes, fix deletes nothing, run after run."""
    repo = make_repo({".specsync.yaml": GENERATED, "crd/a.yaml": "kind: A\n",
                      "chart/a.yaml": "kind: A\n", "chart/gen.sh": GEN_SH})
    subprocess.run(["sh", "chart/gen.sh"], cwd=repo, check=True)
    assert main(["lock"]) == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    capsys.readouterr()
    for _ in range(3):
        assert main(["check", "--all-files"]) == 0, capsys.readouterr()
        assert main(["fix", "--all-files"]) == 0, capsys.readouterr()
        out = capsys.readouterr().out
        assert "Deleting" not in out
        assert read(repo, "chart/gen.yaml") == b"kind: Generated\n"
        assert read(repo, "chart/out/x.yaml") == b"x\n"
        assert read(repo, "chart/gen.sh") == GEN_SH.encode()
        assert git(repo, "status", "--porcelain") == ""


# S1 ---------------------------------------------------------------------------------------

GEN_CONFIG = """\
generated:
  - sources: [api/openapi.yaml, api/extra.yaml]
    outputs: [gen/out.txt]
    command: sh gen.sh
"""


def _generated_repo(make_repo: MakeRepo) -> Path:
    files = {".specsync.yaml": GEN_CONFIG, "api/openapi.yaml": "openapi: 3.0.3\n",
             "api/extra.yaml": "x: 1\n", "README.md": "readme\n",
             "gen.sh": "mkdir -p gen\ncat api/openapi.yaml api/extra.yaml > gen/out.txt\n"}
    repo = make_repo(files)
    subprocess.run(["sh", "gen.sh"], cwd=repo, check=True)
    assert main(["lock"]) == 0
    write(repo, {".pre-commit-config.yaml": hooks()})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    proc = pre_commit(repo, "install")
    assert proc.returncode == 0, proc.stdout + (proc.stderr or '')
    return repo


def test_deleting_a_generated_output_or_source_is_seen_beside_other_files(make_repo, capsys):
    """pre-commit passes only README.md: the deletions vs HEAD still trigger the entry."""
    repo = _generated_repo(make_repo)
    for deleted, code, says in (
        ("gen/out.txt", 1, "gen/out.txt: missing; regenerate with sh gen.sh"),
        ("api/extra.yaml", 2, ".specsync.yaml:2: source 'api/extra.yaml' of the generated "
         "entry matches no staged file"),
    ):
        git(repo, "rm", "-q", deleted)
        write(repo, {"README.md": "readme\nmore\n"})
        git(repo, "add", "README.md")
        capsys.readouterr()
        assert main(["check", "README.md"]) == code, deleted
        assert says in "".join(capsys.readouterr()), deleted
        proc = commit(repo)
        assert proc.returncode != 0, deleted
        assert says in proc.stdout, deleted
        assert commits(repo) == 1
        git(repo, "reset", "-q", "--hard", "HEAD")
    write(repo, {"README.md": "readme\nmore\n"})
    git(repo, "add", "README.md")
    proc = commit(repo)  # a commit that deletes nothing still passes
    assert proc.returncode == 0, proc.stdout + (proc.stderr or '')
