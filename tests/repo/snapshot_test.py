from __future__ import annotations

import os

import pytest
from specsync.repo import git, snapshot, states

from tests.conftest import MakeRepo
from tests.helpers import git as run_git
from tests.helpers import write


def test_index_lists_modes_and_ids(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.yaml": "a: 1\n", "b.yaml": "a: 1\n", "c.yaml": "c: 1\n"})
    os.symlink("a.yaml", repo / "link.yaml")
    run_git(repo, "add", "link.yaml")
    snap = snapshot.index(git.find_repo(str(repo)))
    assert snap.object_id("a.yaml") == snap.object_id("b.yaml") != snap.object_id("c.yaml")
    assert snap.mode("link.yaml") == snapshot.SYMLINK
    assert snap.read(["a.yaml", "c.yaml", "link.yaml", "missing"]) == {
        "a.yaml": b"a: 1\n", "c.yaml": b"c: 1\n", "link.yaml": b"a.yaml"}


def test_index_reads_staged_bytes_not_disk(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.yaml": "staged\n"})
    write(repo, {"a.yaml": "on disk\n"})
    snap = snapshot.index(git.find_repo(str(repo)))
    assert snap.read(["a.yaml"]) == {"a.yaml": b"staged\n"}
    disk = states.worktree(git.find_repo(str(repo)))
    assert disk.read(["a.yaml"]) == {"a.yaml": b"on disk\n"}
    assert disk.object_id("a.yaml") is None


def test_read_many_blobs_in_one_batch(make_repo: MakeRepo) -> None:
    files = {f"f{i}.txt": f"content {i % 50}\n" * (i + 1) for i in range(300)}
    repo = make_repo(files)
    snap = snapshot.index(git.find_repo(str(repo)))
    assert snap.read(files) == {k: v.encode() for k, v in files.items()}


def test_worktree_lists_untracked_files(make_repo: MakeRepo) -> None:
    repo = make_repo({"a": "1"})
    write(repo, {"new/b": "2", ".gitignore": "ignored\n", "ignored": "3"})
    snap = states.worktree(git.find_repo(str(repo)))
    assert sorted(snap.paths()) == [".gitignore", "a", "new/b"]
    assert snap.is_dir("new") and not snap.is_dir("a")


def test_rev_lists_a_commit(make_repo: MakeRepo) -> None:
    repo = make_repo({"a": "1\n"}, commit=True)
    write(repo, {"a": "2\n"})
    run_git(repo, "commit", "-qam", "two")
    snap = states.at_rev(git.find_repo(str(repo)), "HEAD~1")
    assert snap.read(["a"]) == {"a": b"1\n"}
    assert snap.label == "HEAD~1"


@pytest.mark.parametrize("mapped", [False, True], ids=["copied", "mapped"])
def test_unmerged_entries_are_set_apart(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
                                        mapped: bool) -> None:
    """Also when git's listing is read in place (a large index: `git.MAP_ABOVE`)."""
    if mapped:
        monkeypatch.setattr(git, "MAP_ABOVE", 0)
    repo = make_repo({"a": "base\n"}, commit=True)
    run_git(repo, "checkout", "-qb", "other")
    write(repo, {"a": "other\n"})
    run_git(repo, "commit", "-qam", "other")
    run_git(repo, "checkout", "-q", "main")
    write(repo, {"a": "main\n"})
    run_git(repo, "commit", "-qam", "main")
    run_git(repo, "merge", "other", check=False)
    snap = snapshot.index(git.find_repo(str(repo)))
    assert snap.unmerged == {"a"}
    assert not snap.exists("a")


@pytest.mark.parametrize("mapped", [False, True], ids=["copied", "mapped"])
def test_names_that_are_not_utf8_are_listed(make_repo: MakeRepo,
                                            monkeypatch: pytest.MonkeyPatch,
                                            mapped: bool) -> None:
    """A listing that is not UTF-8 is split record by record, its names escaped as
    `os.fsdecode` does, whether git's output was mapped or copied."""
    if mapped:
        monkeypatch.setattr(git, "MAP_ABOVE", 0)
    repo = make_repo({"a.yaml": "a\n"})
    name = os.fsdecode(b"caf\xe9.yaml")
    (repo / name).write_text("b\n")
    run_git(repo, "add", "-A")
    snap = snapshot.index(git.find_repo(str(repo)))
    assert sorted(snap.listing) == ["a.yaml", name]
    assert snap.read([name]) == {name: b"b\n"}
