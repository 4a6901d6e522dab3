"""Shared fixtures: real git repositories in tmp_path, built from a dict of files."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Files, git, write

PROJECT = Path(__file__).resolve().parents[1]
SOURCE_ROOT = PROJECT / "hooks"  # the folder that holds the `specsync` package

# variables an outer git hook or the developer's shell could leak into the tests
# (and the hook managers' and CI's, which change the commands a report prints)
_GIT_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
             "GIT_COMMON_DIR", "GIT_PREFIX", "PRE_COMMIT", "NO_COLOR", "FORCE_COLOR",
             "PREK_HOOK_STAGE", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "SPECSYNC_FORCE",
             "CI", "TF_BUILD", "JENKINS_URL", "LEFTHOOK")


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = specsync tests\n\temail = tests@specsync.invalid\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
        "[core]\n\tautocrlf = false\n[advice]\n\tdetachedHead = false\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(home / "pre-commit-cache"))
    for var in _GIT_VARS:
        monkeypatch.delenv(var, raising=False)


MakeRepo = Callable[..., Path]


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeRepo:
    """`make_repo({path: content}, commit=False)`: a git repo with the files staged.

    The current directory becomes the repo, as it is when pre-commit runs a hook.
    """
    counter = iter(range(1000))

    def make(files: Files, *, commit: bool = False, name: str = "") -> Path:
        repo = tmp_path / (name or f"repo{next(counter)}")
        repo.mkdir()
        git(repo, "init", "-q")
        write(repo, files)
        git(repo, "add", "-A")
        if commit:
            git(repo, "commit", "-qm", "initial")
        monkeypatch.chdir(repo)
        return repo

    return make


# The real pre-commit, shared by the end-to-end tests of several modules: one hook
# repository and one pre-commit home per session, so the hook's venv is built once.
@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project's working tree, committed into a scratch repo pre-commit can clone."""
    dest = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(
        ["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        src = PROJECT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "snapshot", "--no-verify"]):
        subprocess.run(["git", "-C", str(dest), *args], check=True, env=env)
    rev = subprocess.run(["git", "-C", str(dest), "rev-parse", "HEAD"], capture_output=True,
                         text=True, check=True, env=env).stdout.strip()
    return dest, rev


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def shared_home(pre_commit_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(pre_commit_home))
