"""When `cp` (or `cat >`) itself fails, so a copy a command names is never made.

Found by the differential tests against the real make and go generate: cp copies files
into `DEST/` only when DEST is a folder as it runs (not a folder that is missing, that the
command removed first, or that is a file), and `cat a > DIR` or `cp -T a DIR` fail on a
folder. A folder on disk that git does not track takes the copies without failing: they
are not part of the repository, so there is nothing to keep in sync.
"""
from __future__ import annotations

import os
import posixpath

from specsync.discovery.model import INTO_DIR, INTO_FILE, INTO_MADE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    from specsync.discovery.model import Op, Unknown
    from specsync.repo.snapshot import Snapshot

    class Tree(Protocol):  # resolve.Tree (not imported: resolve imports this module)
        snap: Snapshot
        outside: bool

        def is_file(self, path: str) -> bool: ...

        def is_dir(self, path: str) -> bool: ...


CLASH = "writes "  # how resolve.to_links' reason for a copy written from two sources starts


class Unresolved(Exception):
    """A command whose copies cannot be laid out (resolve.to_links lists it)."""


def fails(op: Op, tree: Tree, into_dir: bool, tops: list[tuple[str, list[str], bool]],
          ) -> bool:
    """Whether cp copies nothing that git tracks because it fails (`why`), or copies into
    a folder git does not track; `Unresolved` for a failing go:generate command, whose
    failure stops the rest of its package (`failures`)."""
    reason = why(op, tree, into_dir, tops)
    if reason and op.path.endswith(".go"):
        raise Unresolved(reason)
    return reason is not None


def failures(unknown: Sequence[Unknown]) -> list[Unknown]:
    """The go:generate commands whose cp fails (the rest of their package never runs):
    every one that resolve could not lay out but a clash of two sources."""
    return [u for u in unknown if u.path.endswith(".go") and not u.reason.startswith(CLASH)]


def why(op: Op, tree: Tree, into_dir: bool, tops: list[tuple[str, list[str], bool]],
        ) -> str | None:
    """Why cp fails before it copies (None: as far as the tree shows it does not; "": it
    copies into a folder git does not track). `tops`: what the shell hands to cp, each with
    the files under it; `cp -r DIR DEST` with one DIR makes DEST when it is missing."""
    folders = [top for top, files, _ in tops if files != [top]]
    inside = next((f for f in folders if op.dest == f or op.dest.startswith(f + "/")), None)
    if inside is not None:
        return f"cp fails: it copies the folder {inside} into itself"
    one_folder = len(op.sources) == len(tops) == len(folders) == 1
    if folders and not into_dir and not op.fresh and tree.is_file(op.dest):
        return f"cp fails: it copies the folder {folders[0]} onto the file {op.dest}"
    if op.into != INTO_MADE and not op.fresh and (
            file := below_a_file(op.dest if into_dir else posixpath.dirname(op.dest), tree)):
        return f"cp fails: it copies into {op.dest}, and {file} is a file"
    if into_dir and op.into == INTO_DIR and not one_folder and (
            op.fresh or not tree.is_dir(op.dest)):
        tree.outside = tree.outside or not op.fresh  # the disk was asked (discovery.memo)
        if op.fresh or not os.path.isdir(os.path.join(tree.snap.repo.root, op.dest)):
            gone = "the command removed it first" if op.fresh else "it does not exist"
            return f"cp fails: it copies into the folder {op.dest}/, and {gone}"
        return ""
    if not into_dir and op.into == INTO_FILE and op.dest and tree.is_dir(op.dest):
        return f"fails: it writes the folder {op.dest} as a file"
    return None


def below_a_file(folder: str, tree: Tree) -> str | None:
    """The tracked file on the way to `folder` (or `folder` itself), where cp needs a
    folder (`cp a b out/x.yaml` with out/x.yaml a file: "not a directory")."""
    while folder:
        if tree.is_file(folder):
            return folder
        folder = posixpath.dirname(folder)
    return None
