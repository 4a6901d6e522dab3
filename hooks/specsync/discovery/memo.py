"""Resolved discovery, remembered: a warm run with no relevant change lays nothing out.

`resolve.to_links` is a function of the copy commands (the ops the declaring
files yield) and of the answers to the questions it asks about the staged
file list: is this a file, a folder, which files lie below a folder, which
files a glob names (a function of the files below the glob's folder: those
are remembered instead, when they are few). The memo keys a result by the ops
themselves (marshalled: whatever changed in a Makefile, an included file or a
go file, if the commands differ the key differs) and by the code stamp, and
stores next to it every question asked with its answer. A later run re-asks
those questions (each a dict lookup or a bisection in the sorted file list)
and reuses the result only if every answer is the same: a file added to or
removed from a globbed folder changes that answer, so the result is laid out
again.

A resolution that also asked something outside the staged file list (HEAD
for a removed source, the disk and ignore rules for a build output) is not
remembered: those answers are not in the key. The working tree (no object
ids, files on disk) is never remembered either.
"""
from __future__ import annotations

import marshal
import os

from specsync.config.model import CopySpec, LinkSpec
from specsync.discovery.model import Unknown
from specsync.discovery.resolve import Tree
from specsync.discovery.resolve import to_links as lay_out
from specsync.globs import glob_base
from specsync.repo import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.discovery.model import Op
    from specsync.repo.snapshot import Snapshot

CACHE_NAME = "resolved.cache"
_MODULES = ("memo.py", "resolve.py", "model.py", "shell_glob.py", "mirror.py", "cp_fails.py")
BELOW_LIMIT = 512  # files below a glob's folder worth remembering instead of its answer

Question = tuple[str, str]  # (kind, path or pattern)


class Recording(Tree):
    """A Tree that writes down each question about the file list and its answer."""

    def __init__(self, snap: Snapshot) -> None:
        super().__init__(snap)
        self.asked: dict[Question, object] = {}

    def is_file(self, path: str) -> bool:
        found = super().is_file(path)
        self.asked["file", path] = found
        return found

    def is_dir(self, path: str) -> bool:
        found = super().is_dir(path)
        self.asked["dir", path] = found
        return found

    def under(self, folder: str) -> list[str]:
        found = super().under(folder)
        self.asked["under", folder] = "\0".join(found)
        return found

    def glob(self, pattern: str) -> list[str]:
        """A glob's answer is a function of the files below its folder: those are what is
        remembered (a bisection and a join to check, no matching), unless they are many."""
        found = super().glob(pattern)
        base = glob_base(pattern)
        below = self.snap.under(base)
        if len(below) <= BELOW_LIMIT:
            self.asked["below", base] = "\0".join(below)
        else:
            self.asked["glob", pattern] = "\0".join(found)
        return found


def _answer(tree: Tree, kind: str, arg: str) -> object:
    if kind == "file":
        return tree.is_file(arg)
    if kind == "dir":
        return tree.is_dir(arg)
    if kind == "under":
        return "\0".join(tree.under(arg))
    if kind == "below":
        return "\0".join(tree.snap.under(arg))
    return "\0".join(tree.glob(arg))


def _key(ops: Sequence[Op]) -> tuple[str, bytes]:
    here = os.path.dirname(__file__)
    files = [os.path.join(here, name) for name in _MODULES]
    files.append(os.path.join(os.path.dirname(here), "config", "model.py"))
    files.append(os.path.join(os.path.dirname(here), "globs.py"))  # shell_glob's tokens
    return cache.code_stamp(files), marshal.dumps(tuple(op.plain() for op in ops))  # type: ignore[misc]


def to_links(ops: Sequence[Op], snap: Snapshot) -> tuple[list[LinkSpec], list[Unknown]]:
    """`resolve.to_links` (`lay_out`), from the memo when every answer it used still holds."""
    if snap.kind != "index":
        return lay_out(ops, snap)
    key = _key(ops)
    found = cache.load(snap.repo.git_dir, CACHE_NAME, key)
    if isinstance(found, tuple) and len(found) == 3:
        asked, links, unknown = found
        tree = Tree(snap)
        if all(_answer(tree, kind, arg) == answer for (kind, arg), answer in asked):
            return ([LinkSpec(s, [CopySpec(c, line)], origin, line, prune=prune)
                     for s, c, origin, line, prune in links],
                    [Unknown.from_plain(u) for u in unknown])
    recording = Recording(snap)
    result = lay_out(ops, snap, recording)
    if recording.outside:
        snap.outside = True  # nor is a verdict that rests on it (repo/verdict.py)
    else:
        cache.store(snap.repo.git_dir, CACHE_NAME, key, (
            tuple(recording.asked.items()),
            tuple((k.source, k.copies[0].path, k.origin, k.line, k.prune) for k in result[0]),
            tuple(u.plain() for u in result[1])))
    return result
