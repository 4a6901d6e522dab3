"""Laying copy commands out as cp does, one link per file, against the staged file list."""
from __future__ import annotations

import pytest
from specsync.discovery import resolve, shell
from specsync.repo import snapshot
from specsync.repo.git import find_repo

from tests.conftest import MakeRepo

TREE = {
    "src/a.yaml": "a", "src/b.yaml": "b", "src/sub/c.yaml": "c",
    "existing/keep.txt": "k",
    "nested/keep.txt": "k", "nested/src/a.yaml": "old",
    "out.txt": "o",
}


def layout(make_repo: MakeRepo, script: str, files: dict[str, str] | None = None,
           ) -> list[tuple[str, str]]:
    repo = make_repo(files or TREE)
    snap = snapshot.index(find_repo(str(repo)))
    links, unknown = resolve.to_links(shell.interpret(script, "Makefile", 1, ""), snap)
    assert [u.reason for u in unknown] == []
    return [(link.source, link.copies[0].path) for link in links]


CASES = [
    ("file-to-new-name", "cp src/a.yaml out.txt", [("src/a.yaml", "out.txt")]),
    ("file-into-existing-folder", "cp src/a.yaml existing", [("src/a.yaml", "existing/a.yaml")]),
    ("glob-into-folder", "cp src/*.yaml existing/",
     [("src/a.yaml", "existing/a.yaml"), ("src/b.yaml", "existing/b.yaml")]),
    ("recursive-to-removed-folder", "rm -rf existing/new && cp -r src existing/new",
     [("src/a.yaml", "existing/new/a.yaml"), ("src/b.yaml", "existing/new/b.yaml"),
      ("src/sub/c.yaml", "existing/new/sub/c.yaml")]),
    ("recursive-into-nested-layout", "cp -r src nested",
     [("src/a.yaml", "nested/src/a.yaml"), ("src/b.yaml", "nested/src/b.yaml"),
      ("src/sub/c.yaml", "nested/src/sub/c.yaml")]),
    ("recursive-contents", "cp -r src/. existing",
     [("src/a.yaml", "existing/a.yaml"), ("src/b.yaml", "existing/b.yaml"),
      ("src/sub/c.yaml", "existing/sub/c.yaml")]),
    ("recursive-into-made-folder", "mkdir -p existing/m && cp -r src existing/m",
     [("src/a.yaml", "existing/m/src/a.yaml"), ("src/b.yaml", "existing/m/src/b.yaml"),
      ("src/sub/c.yaml", "existing/m/src/sub/c.yaml")]),
    ("recursive-glob", "cp -r src/* existing/",
     [("src/a.yaml", "existing/a.yaml"), ("src/b.yaml", "existing/b.yaml"),
      ("src/sub/c.yaml", "existing/sub/c.yaml")]),
    ("chain", "cp src/a.yaml existing/x.yaml && cp existing/x.yaml out.txt",
     [("src/a.yaml", "existing/x.yaml"), ("src/a.yaml", "out.txt")]),
    ("untracked-source", "cp build/app.yaml existing/", []),
    ("untracked-folder", "cp src/a.yaml dist/a.yaml", []),
]


@pytest.mark.parametrize(("script", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_layout(make_repo: MakeRepo, script: str, expected: list[tuple[str, str]]) -> None:
    assert layout(make_repo, script) == expected


@pytest.mark.parametrize(("script", "reason"), [
    ("cp src/*.yaml out.txt", "copies several files to the one file out.txt"),
    ("cp src existing/", "cp without -r does not copy the folder src"),
    ("cat src > x.txt", "cp without -r does not copy the folder src"),
], ids=["glob-to-one-file", "folder-without-r", "cat-a-folder"])
def test_what_cp_would_refuse_is_not_understood(make_repo: MakeRepo, script: str,
                                                reason: str) -> None:
    repo = make_repo(TREE)
    snap = snapshot.index(find_repo(str(repo)))
    links, unknown = resolve.to_links(shell.interpret(script, "Makefile", 7, ""), snap)
    assert links == []
    assert [(u.origin, u.reason) for u in unknown] == [("Makefile:7", reason)]


@pytest.mark.parametrize(("pattern", "name", "fits"), [
    ("*.yaml", "a.yaml", True),
    ("*.yaml", "a.yml", False),
    ("*", ".hidden", False),
    (".[!.]*", ".hidden", True),
    ("[.]*", ".hidden", False),
    ("?hidden", ".hidden", False),
    ("[!a]*", ".hidden", False),
    ("a?c*", "abcdef", True),
    ("*b*b", "abab", True),
    ("*b*b", "abba", False),
    ("**", "x", True),
    ("", "", True),
])
def test_fits_like_the_shell(pattern: str, name: str, fits: bool) -> None:
    assert resolve.fits(pattern, name) is fits


def test_glob_expansion_without_re_agrees_with_the_links_matcher() -> None:
    paths = ["a/x.yaml", "a/y.yml", "a/b/z.yaml", "a/.h.yaml", "b/x.yaml", "ab/x.yaml"]
    assert resolve.expand_glob("a/*.yaml", paths) == ["a/x.yaml"]
    assert resolve.expand_glob("*/x.yaml", paths) == ["a/x.yaml", "ab/x.yaml", "b/x.yaml"]
    assert resolve.expand_glob("a/[xy].yaml", paths) == ["a/x.yaml"]  # falls back to re


def test_two_declarations_of_one_copy_from_different_sources_are_not_guessed(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo(TREE)
    snap = snapshot.index(find_repo(str(repo)))
    ops = [*shell.interpret("cp src/a.yaml out.txt", "Makefile", 3, ""),
           *shell.interpret("cp src/b.yaml out.txt", "pkg/gen.go", 5, ""),
           *shell.interpret("cp src/a.yaml existing/a.yaml", "Makefile", 4, "")]
    links, unknown = resolve.to_links(ops, snap)
    assert [(link.source, link.copies[0].path) for link in links] == [
        ("src/a.yaml", "existing/a.yaml")]
    assert [(u.origin, u.reason) for u in unknown] == [
        ("pkg/gen.go:5", "writes out.txt from src/b.yaml, but Makefile:3 writes it from "
                         "src/a.yaml")]


class _NoFullScan(snapshot.Snapshot):
    """A snapshot that fails when anything walks its whole file list."""

    def paths(self):  # type: ignore[no-untyped-def]
        raise AssertionError("a glob looked at every path of the snapshot")


@pytest.mark.parametrize("script", ["cp src/*.yaml existing/", "cp -r src/* existing/",
                                    "cp src/[ab].yaml existing/"])
def test_globs_look_only_below_their_folder(make_repo: MakeRepo, script: str) -> None:
    """A recipe glob is answered from the sorted file list by bisection to its literal
    folder: the cost follows the files below it, not the size of the repository."""
    files = {**TREE, **{f"pad/f{i}.txt": "p" for i in range(50)}}
    repo = make_repo(files)
    snap = snapshot.index(find_repo(str(repo)))
    snap.__class__ = _NoFullScan
    links, unknown = resolve.to_links(shell.interpret(script, "Makefile", 1, ""), snap)
    assert unknown == []
    assert ("src/a.yaml", "existing/a.yaml") in [(k.source, k.copies[0].path) for k in links]
