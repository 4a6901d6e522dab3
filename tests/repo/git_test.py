from __future__ import annotations

import mmap
import os
from pathlib import Path

import pytest
from specsync.errors import InputError
from specsync.repo import git

from tests.conftest import MakeRepo
from tests.helpers import git as run_git


def test_run_feeds_and_drains_large_pipes_without_deadlock(make_repo: MakeRepo) -> None:
    repo = make_repo({"big.txt": "x" * 3_000_000})
    oid = run_git(repo, "rev-parse", ":big.txt").strip()
    requests = (oid + "\n") * 3000  # ~120 KB in: more than a pipe buffer each way
    _, out = git.run(["cat-file", "--batch-check"], str(repo), data=requests.encode())
    assert out.count(b"\n") == 3000
    _, out = git.run(["cat-file", "--batch"], str(repo), data=f"{oid}\n".encode())
    assert len(out) > 3_000_000


def test_run_raises_with_git_message(make_repo: MakeRepo) -> None:
    repo = make_repo({"a": "1"})
    with pytest.raises(git.GitFailed) as info:
        git.run(["rev-parse", "--verify", "nope"], str(repo))
    assert info.value.returncode == 128
    assert "fatal" in info.value.stderr


def test_find_repo_from_the_top_and_from_a_subfolder(make_repo: MakeRepo) -> None:
    repo = make_repo({"sub/a": "1"})
    top = git.find_repo(str(repo))
    assert (top.root, top.git_dir) == (str(repo), str(repo / ".git"))
    sub = git.find_repo(str(repo / "sub"))
    assert Path(sub.root).resolve() == repo.resolve()
    assert Path(sub.git_dir).resolve() == (repo / ".git").resolve()


def test_find_repo_in_a_linked_worktree(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"a": "1"}, commit=True)
    run_git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    found = git.find_repo(str(tmp_path / "wt"))
    assert found.root == str(tmp_path / "wt")
    assert Path(found.git_dir).resolve() == (repo / ".git" / "worktrees" / "wt").resolve()


def test_find_repo_honours_relative_git_dir(make_repo: MakeRepo,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({"a": "1"})
    monkeypatch.setenv("GIT_DIR", ".git")
    monkeypatch.setenv("GIT_WORK_TREE", ".")
    found = git.find_repo(str(repo))
    assert Path(found.root).resolve() == repo.resolve()
    assert os.environ["GIT_DIR"] == str(repo / ".git")


def test_find_repo_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(InputError) as info:
        git.find_repo(str(tmp_path))
    assert info.value.render() == f"not a git repository: {tmp_path}"


def test_missing_git_is_an_input_error(make_repo: MakeRepo,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({"a": "1"})
    monkeypatch.setenv("PATH", str(repo))
    with pytest.raises(InputError) as info:
        git.run(["status"], str(repo))
    assert info.value.render() == "git is not installed or not on PATH"


@pytest.mark.parametrize("mapped", [True, False], ids=["mapped", "copied"])
def test_run_mapped_hands_over_the_output(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
                                          mapped: bool) -> None:
    """`run_mapped` gives `use` what `run` returns, whether the output is large enough to
    be mapped (MAP_ABOVE) or is copied, and fails as `run` does."""
    if mapped:
        monkeypatch.setattr(git, "MAP_ABOVE", 0)
    repo = make_repo({f"d{i}/é{i}.yaml": f"{i}\n" for i in range(50)})
    args = ["ls-files", "-s", "-z"]
    seen: list[type] = []

    def use(out: bytes | mmap.mmap) -> bytes:
        seen.append(type(out))
        return bytes(out)

    assert git.run_mapped(args, str(repo), use) == git.run(args, str(repo))[1]
    assert (seen[0] is bytes) != mapped
    with pytest.raises(git.GitFailed):
        git.run_mapped(["ls-files", "--no-such-option"], str(repo), use)
