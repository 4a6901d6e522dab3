"""From copy commands to one link per copied file, as `cp` would lay them out.

Globs and folders are expanded against the snapshot's file list. A command
whose source is not tracked (a build output) or whose copy would land below
no folder with tracked files, or in an ignored path, is left out: the copy is
not part of the repository, so there is nothing to keep in sync.
"""
from __future__ import annotations

import os
import posixpath

from specsync.config.model import CopySpec, LinkSpec
from specsync.discovery.model import INTO_DIR, INTO_FILE, INTO_MADE, Op, Unknown
from specsync.globs import glob_base, is_glob, match

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from collections.abc import Set as AbstractSet

    from specsync.repo.snapshot import Snapshot


class Unresolved(Exception):
    pass


class Tree:
    """Questions about the snapshot's files, answered without reading any."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap

    def is_file(self, path: str) -> bool:
        return self.snap.mode(path) is not None

    def is_dir(self, path: str) -> bool:
        if not path:
            return True
        return not self.is_file(path) and self.snap.is_dir(path)

    def under(self, folder: str) -> list[str]:
        return self.snap.under(folder + "/" if folder else "")


def fits(pattern: str, name: str) -> bool:
    """One path segment against a shell wildcard of `*` and `?` (no leading-dot match)."""
    if name.startswith(".") and not pattern.startswith("."):
        return False
    p = n = 0
    star, mark = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] in ("?", name[n]):
            p, n = p + 1, n + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark, p = p, n, p + 1
        elif star >= 0:
            mark += 1
            p, n = star + 1, mark
        else:
            return False
    return pattern[p:].strip("*") == ""


def expand_glob(pattern: str, paths: Iterable[str]) -> list[str]:
    """The files a shell glob names, as sh expands it (without importing re when it can)."""
    if "[" in pattern or "**" in pattern:
        return match(pattern, paths)
    base = glob_base(pattern)
    parts = pattern.split("/")
    depth = len(parts) - 1
    return sorted(
        p for p in paths
        if p.startswith(base) and p.count("/") == depth
        and all(fits(a, b) for a, b in zip(parts, p.split("/"), strict=True))
    )


def _tops(op: Op, source: str, tree: Tree, made: AbstractSet[str],
          ) -> list[tuple[str, list[str], bool]]:
    """What the shell hands to cp for one source word: (path, files under it, contents)."""
    contents = source.endswith("/.")
    path = source.removesuffix("/.")
    if is_glob(path):
        files = expand_glob(path, tree.snap.paths())
        tops = [(f, [f], False) for f in files]
        if op.recursive:
            nested: dict[str, list[str]] = {}
            depth = path.count("/") + 1
            for f in match(path + "/**", tree.snap.paths()):
                nested.setdefault("/".join(f.split("/")[:depth]), []).append(f)
            tops += [(top, found, False) for top, found in sorted(nested.items())]
        return tops
    if (tree.is_file(path) or path in made) and not contents:
        return [(path, [path], False)]
    if tree.is_dir(path):
        if not op.recursive:
            raise Unresolved(f"cp without -r does not copy the folder {path}")
        return [(path, tree.under(path), contents)]
    return []  # not tracked: a build output, nothing to keep in sync


def pairs(op: Op, tree: Tree, made: AbstractSet[str] | None = None) -> list[tuple[str, str]]:
    """(source file, copy file) for every file the command copies.

    `made`: copies that earlier commands create, so a later `cp` can copy them on.
    """
    tops = [t for s in op.sources for t in _tops(op, s, tree, made or set())]
    if not tops:
        return []
    into_dir = op.into in (INTO_DIR, INTO_MADE) or (
        op.into != INTO_FILE and not op.fresh and tree.is_dir(op.dest))
    out: list[tuple[str, str]] = []
    if not into_dir:
        if len(tops) > 1:
            raise Unresolved(f"copies several files to the one file {op.dest}")
        top, files, _ = tops[0]
        if files == [top]:
            return [(top, op.dest)]
        if op.into == INTO_FILE:
            raise Unresolved(f"writes the folder {top} into one file")
        return [(f, op.dest + f[len(top):]) for f in files]
    for top, files, contents in tops:
        if files == [top]:
            out.append((top, posixpath.join(op.dest, posixpath.basename(top))))
            continue
        name = posixpath.basename(top)
        base = op.dest if contents else posixpath.join(op.dest, name)
        if not contents and len(tops) == 1 and op.into != INTO_MADE and not is_glob(op.sources[0]):
            # `cp -r dir dest` nests only when dest existed before: a tracked dest/dir/ says
            # so; otherwise the tracked files are what a run into a fresh dest produced
            base = base if tree.is_dir(base) else op.dest
        out.extend((f, base + f[len(top):]) for f in files)
    return out


def _reroot(found: dict[str, tuple[str, Op]]) -> None:
    """`cp a b; cp b c`: once the commands ran, c holds a's bytes."""
    for copy, (first, op) in list(found.items()):
        seen = {copy}
        source = first
        while source in found and source not in seen:
            seen.add(source)
            source = found[source][0]
        found[copy] = (source, op)


def _in_tracked_folder(copy: str, tree: Tree) -> bool:
    """A copy at the top, or below a folder that holds tracked files (not a build output)."""
    folder = posixpath.dirname(copy)
    if not folder:
        return True
    while folder:
        if tree.is_dir(folder):
            return True
        folder = posixpath.dirname(folder)
    return False


def _ignored(snap: Snapshot, paths: list[str]) -> set[str]:
    if not paths:
        return set()
    from specsync.repo import git

    _, out = git.run(["check-ignore", "--stdin", "-z"], snap.repo.root,
                     data=git.stdin_paths(paths, b"\0"), ok=(0, 1))
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


def to_links(ops: Sequence[Op], snap: Snapshot) -> tuple[list[LinkSpec], list[Unknown]]:
    """One link per copied file, and the commands that cannot be laid out."""
    tree = Tree(snap)
    found: dict[str, tuple[str, Op]] = {}
    unknown: list[Unknown] = []
    clashes: set[str] = set()
    for op in ops:
        try:
            laid_out = pairs(op, tree, found.keys())  # a view: a copy per op was quadratic
        except Unresolved as e:
            unknown.append(Unknown(op.path, op.line, "", str(e)))
            continue
        for source, copy in laid_out:
            first = found.setdefault(copy, (source, op))
            if first[0] != source:
                clashes.add(copy)
                unknown.append(Unknown(op.path, op.line, "", f"writes {copy} from {source}, "
                                       f"but {first[1].origin} writes it from {first[0]}"))
    for copy in clashes:
        del found[copy]
    missing = [c for c in found if not snap.exists(c)]
    drop = {c for c in missing if not _in_tracked_folder(c, tree)}
    drop |= _ignored(snap, [c for c in missing if c not in drop])
    _reroot(found)
    order = sorted(found.items(), key=lambda kv: (kv[1][1].path, kv[1][1].line, kv[0]))
    return [
        LinkSpec(source, [CopySpec(copy, op.line)], op.origin, op.line)
        for copy, (source, op) in order if copy not in drop and copy != source
    ], unknown
