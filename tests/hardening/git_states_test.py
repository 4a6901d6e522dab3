"""Git states a hook meets: unborn, merging, rebasing, detached, partial commits, eol
conversion, flagged index entries, and GIT_DIR/GIT_WORK_TREE set by an outer hook."""
from __future__ import annotations

import os
import subprocess

import pytest
from specsync.cli import main

from tests.helpers import git, read, write

CONFIG = "links:\n  - source: s.yaml\n    copies:\n      - c.yaml\n"
SPEC = "a: 1\nb: 2\n"
NEW = "a: 1\nb: 3\n"


def synced(make_repo, **kwargs):
    return make_repo({".specsync.yaml": CONFIG, "s.yaml": SPEC, "c.yaml": SPEC}, **kwargs)


def stage(repo, files):
    write(repo, files)
    git(repo, "add", "--", *files)


def test_unborn_branch(make_repo, capsys):
    repo = make_repo({".specsync.yaml": CONFIG, "s.yaml": SPEC})
    assert git(repo, "rev-parse", "--verify", "-q", "HEAD", check=False) == ""
    assert main(["check"]) == 1
    assert main(["fix"]) == 1
    git(repo, "add", "c.yaml")
    assert main(["check"]) == 0
    capsys.readouterr()
    assert main(["check", "--rev", "HEAD"]) == 2
    assert capsys.readouterr().err == "--rev: 'HEAD' is not a commit in this repository\n"


def _conflict(repo, path):
    git(repo, "checkout", "-qb", "other")
    stage(repo, {path: "other: 1\n"})
    git(repo, "commit", "-qm", "other")
    git(repo, "checkout", "-q", "main")
    stage(repo, {path: "mine: 1\n"})
    git(repo, "commit", "-qm", "mine")
    git(repo, "merge", "-q", "other", check=False)
    assert git(repo, "ls-files", "-u", "--", path)


@pytest.mark.parametrize("path", ["s.yaml", "c.yaml"], ids=["source", "copy"])
def test_merge_in_progress_with_unmerged_entries(make_repo, capsys, path):
    repo = synced(make_repo, commit=True)
    _conflict(repo, path)
    on_disk = read(repo, path)
    for command in ("check", "fix"):
        assert main([command]) == 2
        assert capsys.readouterr().err == (
            f".specsync.yaml:2: {'source' if path == 's.yaml' else 'copy'} {path!r} has "
            "unresolved merge conflicts; resolve them and stage the result first\n")
    assert read(repo, path) == on_disk  # the conflict markers are the user's to resolve


def test_rebase_in_progress(make_repo, capsys):
    repo = synced(make_repo, commit=True)
    stage(repo, {"s.yaml": NEW, "c.yaml": NEW})
    git(repo, "commit", "-qm", "second")
    git(repo, "-c", "sequence.editor=sed -i -e s/^pick/edit/", "rebase", "-qi", "HEAD~1")
    assert (repo / ".git" / "rebase-merge").is_dir()
    assert main(["check"]) == 0
    stage(repo, {"s.yaml": SPEC})
    assert main(["check"]) == 1
    assert main(["fix"]) == 1
    assert read(repo, "c.yaml") == SPEC.encode()
    assert (repo / ".git" / "rebase-merge").is_dir()


def test_detached_head(make_repo, capsys):
    repo = synced(make_repo, commit=True)
    git(repo, "checkout", "-q", "--detach")
    stage(repo, {"s.yaml": NEW})
    assert main(["fix"]) == 1
    git(repo, "add", "c.yaml")
    assert main(["check"]) == 0
    assert main(["check", "--rev", "HEAD"]) == 0


def test_partial_commit_index(make_repo, capsys, monkeypatch):
    """`git commit s.yaml` runs hooks on a temporary index named by GIT_INDEX_FILE."""
    repo = synced(make_repo, commit=True)
    stage(repo, {"s.yaml": NEW, "c.yaml": NEW})  # the real index is in sync
    assert main(["check"]) == 0
    env = {**os.environ, "GIT_INDEX_FILE": str(repo / ".git" / "partial-index")}
    subprocess.run(["git", "read-tree", "HEAD"], cwd=repo, env=env, check=True)
    subprocess.run(["git", "add", "s.yaml"], cwd=repo, env=env, check=True)
    monkeypatch.setenv("GIT_INDEX_FILE", ".git/partial-index")  # relative, as git sets it
    assert main(["check"]) == 1  # the partial commit holds the new source, the old copy
    assert "c.yaml: out of sync with s.yaml" in capsys.readouterr().out
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert main(["check"]) == 0


def _status(repo):
    return git(repo, "status", "--porcelain")


@pytest.mark.parametrize("setup", ["autocrlf", "eol-crlf-attribute"])
def test_crlf_conversion(make_repo, capsys, setup):
    """Staged bytes are LF; the copy on disk is CRLF; fix leaves nothing to stage twice."""
    repo = synced(make_repo, commit=True)
    if setup == "autocrlf":
        git(repo, "config", "core.autocrlf", "true")
    else:
        stage(repo, {".gitattributes": "c.yaml text eol=crlf\n"})
        git(repo, "commit", "-qm", "attributes")
    os.unlink(repo / "c.yaml")
    git(repo, "checkout", "--", "c.yaml")
    assert read(repo, "c.yaml") == SPEC.replace("\n", "\r\n").encode()
    assert main(["check"]) == 0
    stage(repo, {"s.yaml": NEW})
    assert main(["fix"]) == 1
    git(repo, "add", "c.yaml")
    assert main(["check"]) == 0
    assert main(["fix"]) == 0  # idempotent
    assert git(repo, "show", ":c.yaml") == NEW  # the staged copy is LF like its source
    assert _status(repo) == "M  c.yaml\nM  s.yaml\n"


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_flagged_copy_with_hidden_edits_is_not_overwritten(make_repo, capsys, flag):
    repo = synced(make_repo, commit=True)
    git(repo, "update-index", flag, "c.yaml")
    write(repo, {"c.yaml": "my unstaged edit\n"})  # git status does not show it
    assert _status(repo) == ""
    stage(repo, {"s.yaml": NEW})
    assert main(["fix"]) == 1
    assert capsys.readouterr().out == ("c.yaml: has unstaged changes; stage or stash them "
                                       "first, or use --force (not written)\n")
    assert read(repo, "c.yaml") == b"my unstaged edit\n"
    assert main(["fix", "--force"]) == 1
    assert read(repo, "c.yaml") == NEW.encode()


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_flagged_copy_without_edits_is_fixed(make_repo, capsys, flag):
    repo = synced(make_repo, commit=True)
    git(repo, "update-index", flag, "c.yaml")
    stage(repo, {"s.yaml": NEW})
    assert main(["fix"]) == 1
    assert read(repo, "c.yaml") == NEW.encode()


def test_git_dir_and_work_tree_set_by_an_outer_hook(tmp_path, capsys, monkeypatch):
    """A bare repository with a separate work tree, as GIT_DIR/GIT_WORK_TREE name them."""
    bare, work = tmp_path / "store.git", tmp_path / "work tree"
    work.mkdir()
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    monkeypatch.setenv("GIT_DIR", str(bare))
    monkeypatch.setenv("GIT_WORK_TREE", str(work))
    write(work, {".specsync.yaml": CONFIG, "s.yaml": SPEC, "sub/x": ""})
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    monkeypatch.chdir(work / "sub")
    assert main(["fix"]) == 1
    assert read(work, "c.yaml") == SPEC.encode()
    assert not (work / "sub" / "c.yaml").exists()
    assert (bare / "specsync" / "fix.lock").exists()  # the lock lives in the git dir
    monkeypatch.setenv("GIT_DIR", os.path.relpath(bare, work / "sub"))  # relative values
    monkeypatch.setenv("GIT_WORK_TREE", "..")
    subprocess.run(["git", "add", "../c.yaml"], cwd=work / "sub", check=True)
    assert main(["check"]) == 0
