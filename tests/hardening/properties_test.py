"""Properties over random trees of sources, copies and edits (hypothesis).

- `fix` then `check` passes;
- `fix` is idempotent;
- `fix` changes no file that is not a declared copy;
- `check` writes nothing (work tree and index unchanged).
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from hypothesis import given
from hypothesis import strategies as st
from specsync.cli import main

from tests.hardening.budget import budget
from tests.helpers import git, snapshot_tree, write

NAMES = st.sampled_from(["a.yaml", "b c.json", "-d.yaml", "é.yml", "e", "x.sql"])
FOLDERS = st.sampled_from(["", "api/", "pkg/x/", "spaced dir/", "-dash/"])
CONTENT = st.one_of(st.binary(max_size=64), st.text(max_size=64).map(str.encode),
                    st.sampled_from([b"", b"a: 1\n", b"a: 1\r\n", b"\xef\xbb\xbfa: 1\n"]))
STATE = st.sampled_from(["synced", "stale", "missing"])


class Tree(NamedTuple):
    files: dict[str, bytes]  # committed
    staged: dict[str, bytes]  # then staged on top (source edits, stale copies)
    copies: list[str]


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    files: dict[str, bytes] = {}
    staged: dict[str, bytes] = {}
    copies: list[str] = []
    links = []
    for i in range(draw(st.integers(1, 3))):
        source = f"src{i}/{draw(FOLDERS)}{draw(NAMES)}"
        content = draw(CONTENT)
        files[source] = content
        mine = []
        for j in range(draw(st.integers(1, 3))):
            copy = f"copies{i}{j}/{draw(FOLDERS)}{draw(NAMES)}"
            mine.append(copy)
            state = draw(STATE)
            if state == "synced":
                files[copy] = content
            elif state == "stale":
                files[copy] = draw(CONTENT)
        if draw(st.booleans()):
            staged[source] = draw(CONTENT)  # an edit of the source, staged
        copies += mine
        items = ", ".join(f'"{c}"' for c in mine)
        links.append(f'  - source: "{source}"\n    copies: [{items}]\n')
    for k in range(draw(st.integers(0, 3))):  # bystanders that no link mentions
        files[f"other/{k}{draw(NAMES)}"] = draw(CONTENT)
    files[".specsync.yaml"] = ("links:\n" + "".join(links)).encode()
    return Tree(files, staged, copies)


@contextlib.contextmanager
def repo_of(tree: Tree):
    with tempfile.TemporaryDirectory(prefix="specsync-prop-") as tmp:
        repo = Path(tmp)
        git(repo, "init", "-q")
        write(repo, tree.files)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "tree")
        write(repo, tree.staged)
        git(repo, "add", "-A")
        here = os.getcwd()
        os.chdir(repo)
        try:
            yield repo
        finally:
            os.chdir(here)


def run(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


def state(repo: Path) -> tuple[dict[str, bytes], str]:
    return snapshot_tree(repo), git(repo, "ls-files", "-s")


@budget(15)
@given(trees())
def test_fix_then_check_passes(tree):
    with repo_of(tree) as repo:
        assert run("fix") in (0, 1)
        git(repo, "add", "-A")
        assert run("check") == 0
        assert run("check", "--worktree") == 0


@budget(15)
@given(trees())
def test_fix_is_idempotent(tree):
    with repo_of(tree) as repo:
        first = run("fix")
        after_one = state(repo)
        assert run("fix") == first  # copies written only wait to be staged: still not done
        assert state(repo) == after_one
        git(repo, "add", "-A")
        staged = state(repo)
        assert run("fix") == 0
        assert state(repo) == staged


@budget(15)
@given(trees())
def test_fix_changes_only_declared_copies(tree):
    with repo_of(tree) as repo:
        before, index = state(repo)
        run("fix")
        after, index_after = state(repo)
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        assert changed <= set(tree.copies)
        assert index_after == index  # fix writes files; staging them is the user's call


@budget(15)
@given(trees(), st.sampled_from([[], ["--worktree"], ["--all-files"], ["--diff"]]))
def test_check_writes_nothing(tree, args):
    with repo_of(tree) as repo:
        before = state(repo)
        assert run("check", *args) in (0, 1)
        assert state(repo) == before
