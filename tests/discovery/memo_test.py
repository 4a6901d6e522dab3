"""The memo of resolved discovery: reused when nothing it asked changed, never stale."""
from __future__ import annotations

from pathlib import Path

import pytest
from specsync.commands.check import main as check
from specsync.discovery import memo

from tests.conftest import MakeRepo
from tests.helpers import git

FILES = {
    "Makefile": "sync:\n\tcp config/crds/*.yaml charts/crds/\n",
    "config/crds/a.yaml": "kind: A\n", "charts/crds/a.yaml": "kind: A\n",
    "config/crds/b.yaml": "kind: B\n", "charts/crds/b.yaml": "kind: B\n",
    "docs/readme.md": "docs\n",
}


def _no_resolution(*args: object, **kwargs: object) -> object:
    raise AssertionError("laid the copies out again")


def test_warm_run_with_no_relevant_change_resolves_nothing(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(FILES)
    assert check(["--all-files"]) == 0
    assert (repo / ".git/specsync" / memo.CACHE_NAME).exists()
    (repo / "docs/other.md").write_text("unrelated\n")  # a change no glob looks at
    git(repo, "add", "-A")
    monkeypatch.setattr(memo, "lay_out", _no_resolution)
    assert check(["--all-files"]) == 0


def test_file_added_under_a_globbed_folder_is_seen(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    assert check(["--all-files"]) == 0
    (repo / "config/crds/c.yaml").write_text("kind: C\n")  # its copy is missing
    git(repo, "add", "-A")
    assert check(["--all-files"]) == 1
    assert check(["--all-files"]) == 1  # and stays seen once remembered


def test_file_removed_under_a_globbed_folder_is_seen(make_repo: MakeRepo) -> None:
    files = {**FILES, "charts/crds/b.yaml": "kind: old B\n"}
    repo = make_repo(files)
    assert check(["--all-files"]) == 1  # b's copy is stale
    git(repo, "rm", "-q", "--cached", "config/crds/b.yaml")
    Path(repo / "config/crds/b.yaml").unlink()
    assert check(["--all-files"]) == 0  # no recipe copies b any more


def test_copy_folder_change_is_seen(make_repo: MakeRepo) -> None:
    """Whether the destination is a folder decides the layout: a question remembered too."""
    files = {"Makefile": "sync:\n\tcp config/a.yaml out\n", "config/a.yaml": "a\n",
             "out/a.yaml": "a\n"}
    repo = make_repo(files)
    assert check(["--all-files"]) == 0  # out is a folder: out/a.yaml
    git(repo, "rm", "-q", "--cached", "out/a.yaml")
    (repo / "out/a.yaml").unlink()
    (repo / "out").rmdir()
    (repo / "out").write_text("b\n")
    git(repo, "add", "-A")
    assert check(["--all-files"]) == 1  # out is now the copy itself, and differs


def test_glob_over_a_big_folder_is_checked_by_its_answer(make_repo: MakeRepo) -> None:
    """Beyond memo.BELOW_LIMIT files below a glob's folder, the glob's own answer is what
    is remembered: a new file it names is still seen."""
    files = {**FILES, **{f"config/crds/n{i}.txt": "x\n" for i in range(memo.BELOW_LIMIT + 1)}}
    repo = make_repo(files)
    assert check(["--all-files"]) == 0
    (repo / "config/crds/more.txt").write_text("not named by the glob\n")
    git(repo, "add", "-A")
    assert check(["--all-files"]) == 0
    (repo / "config/crds/c.yaml").write_text("kind: C\n")
    git(repo, "add", "-A")
    assert check(["--all-files"]) == 1
