"""From copy commands to one link per copied file, as `cp` would lay them out.

Globs and folders are expanded against the snapshot's file list. A command
whose source is not tracked (a build output) or whose copy would land below
no folder with tracked files, or in an ignored path, is left out: the copy is
not part of the repository, so there is nothing to keep in sync. A source
that HEAD tracks but the snapshot lacks (renamed or removed) is no build
output: its link stays, and checking it reports the missing source. A
go:generate source that is nowhere (not tracked, not on disk, not ignored)
is no build output either but a wrong path (a `../` too few or too many):
it is listed as not understood, with the path it resolves to.
"""
from __future__ import annotations

import os
import posixpath

from specsync.config.model import CopySpec, LinkSpec
from specsync.discovery.cp_fails import Unresolved, fails
from specsync.discovery.model import INTO_AUTO, INTO_DIR, INTO_FILE, INTO_MADE, Op, Unknown
from specsync.discovery.shell_glob import (
    Refused,
    expand,
    literal_base,
    name_fits,
    name_pattern,
    takes,
)
from specsync.globs import is_glob

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from collections.abc import Set as AbstractSet

    from specsync.repo.snapshot import Snapshot


class Tree:
    """Questions about the snapshot's files, answered without reading any."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.removed: set[str] = set()  # sources this snapshot lacks but its parent has
        self.absent: list[tuple[Op, str]] = []  # go:generate sources that are not tracked
        self.outside = False  # whether HEAD, the disk or ignore rules were asked too

    def is_file(self, path: str) -> bool:
        return self.snap.mode(path) is not None

    def is_dir(self, path: str) -> bool:
        if not path:
            return True
        return not self.is_file(path) and self.snap.is_dir(path)

    def under(self, folder: str) -> list[str]:
        return self.snap.under(folder + "/" if folder else "")

    def glob(self, pattern: str) -> list[str]:
        """The files a shell glob names: only the paths below its literal folder are
        looked at (found by bisection), not every path of the snapshot."""
        return expand_glob(pattern, self.snap.under(literal_base(pattern)))


def fits(pattern: str, name: str) -> bool:
    """One folder name against a shell wildcard, as sh matches it (no leading-dot match)."""
    return name_fits(name_pattern(pattern), name)


def expand_glob(pattern: str, paths: Iterable[str]) -> list[str]:
    """The files a shell glob names, as sh expands it."""
    base = literal_base(pattern)
    return expand(pattern, (p for p in paths if p.startswith(base)))[0]


def _expand(op: Op, path: str, tree: Tree) -> list[tuple[str, list[str], bool]]:
    """The names sh hands to cp for the glob `path`, with the files under each."""
    base = literal_base(path).rstrip("/")
    try:
        files = tree.glob(path)  # what the memo remembers cheaply
    except Refused:
        tree.under(base)  # the memo must see the files that made it refuse
        raise
    folders = expand(path, tree.under(base))[1] if op.recursive else []
    if not files and not folders and tree.is_dir(base):
        raise Unresolved(f"{path} matches no file: sh passes it on as it is, and cp fails")
    tops = [(f, [f], False) for f in files]
    if op.recursive:
        tops += [(top, tree.under(top), False) for top in folders]
    return sorted(tops)


def _tops(op: Op, source: str, tree: Tree, made: AbstractSet[str],
          ) -> list[tuple[str, list[str], bool]]:
    """What the shell hands to cp for one source word: (path, files under it, contents)."""
    contents = source.endswith("/.")
    path = source.removesuffix("/.")
    if is_glob(path):
        return _expand(op, path, tree)
    if (tree.is_file(path) or path in made) and not contents:
        return [(path, [path], False)]
    if tree.is_dir(path):
        if not op.recursive:
            raise Unresolved(f"cp without -r does not copy the folder {path}")
        return [(path, tree.under(path), contents)]
    if path in tree.removed:  # the link stays, and checking it says the source is gone
        return [(path, [path], False)]
    if op.path.endswith(".go"):
        tree.absent.append((op, path))  # a build output, or a wrong path: see nowhere()
    return []  # never tracked: a build output, nothing to keep in sync


def pairs(op: Op, tree: Tree, made: AbstractSet[str] | None = None) -> list[tuple[str, str]]:
    """(source file, copy file) for every file the command copies and no later `rm` removes.

    `made`: copies that earlier commands create, so a later `cp` can copy them on.
    """
    laid_out = _pairs(op, tree, made or set())
    for path, where in op.patched:
        hit = next((c for _, c in laid_out if c == path or c.startswith(path + "/")), None)
        if hit is not None:
            raise Unresolved(f"{where} also names {hit}")
    if not op.dropped:
        return laid_out
    return [(s, c) for s, c in laid_out if not any(_removes(r, c) for r in op.dropped)]


def _removes(removed: str, copy: str) -> bool:
    """Whether `rm` of `removed` (a path or glob; "P/": everything below P) takes `copy`."""
    below = removed.endswith("/")
    want = removed.rstrip("/")
    depth = want.count("/") + 1
    parts = copy.count("/") + 1
    if parts < depth or (parts > depth and not below):
        return False
    return takes(want, copy)


def _pairs(op: Op, tree: Tree, made: AbstractSet[str]) -> list[tuple[str, str]]:
    tops = [t for s in op.sources for t in _tops(op, s, tree, made)]
    if not tops:
        return []
    top, files, contents = tops[0]
    if len(tops) == 1 and files != [top] and not contents and op.into in (INTO_AUTO, INTO_DIR):
        into_dir = _folder_exists(op, top, files, tree)  # `cp -r DIR DEST`
    else:
        into_dir = op.into in (INTO_DIR, INTO_MADE) or (
            op.into != INTO_FILE and not op.fresh and tree.is_dir(op.dest))
    out: list[tuple[str, str]] = []
    if fails(op, tree, into_dir, tops):  # or copies into a folder git does not track
        return []
    if not into_dir:
        if len(tops) > 1:
            raise Unresolved(f"copies several files to the one file {op.dest}")
        if files == [top]:
            return [(top, op.dest)]
        if op.into == INTO_FILE:
            raise Unresolved(f"writes the folder {top} into one file")
        return [(f, op.dest + f[len(top):]) for f in files]
    for top, files, contents in tops:
        if files == [top]:
            out.append((top, posixpath.join(op.dest, posixpath.basename(top))))
            continue
        base = op.dest if contents else posixpath.join(op.dest, posixpath.basename(top))
        out.extend((f, base + f[len(top):]) for f in files)
    return out


def _folder_exists(op: Op, top: str, files: list[str], tree: Tree) -> bool:
    """`cp -r DIR DEST` copies DIR into DEST/DIR when DEST is a folder as cp runs, and makes
    DEST a copy of DIR when it does not exist: whether DEST exists each time cp runs.

    It does when it holds tracked files cp does not write (a folder the command made with
    `mkdir -p` never gets here); it does not when the command removed it first (`rm -rf`).
    Otherwise the first run makes DEST and every later run nests into DEST/DIR: not guessed.
    """
    if op.fresh:
        return False
    if tree.is_file(op.dest):
        raise Unresolved(f"cp -r cannot copy the folder {top} onto the file {op.dest}")
    written = {op.dest + f[len(top):] for f in files}
    if any(p not in written for p in tree.under(op.dest)):
        return True
    if not tree.is_dir(op.dest) and not _in_tracked_folder(op.dest, tree):
        return False  # a build output: its copies are left out below
    name = posixpath.basename(top)
    raise Unresolved(f"the first run copies {top} to {op.dest}, every later run to "
                     f"{op.dest}/{name} (cp -r into a folder that may not exist yet; remove "
                     f"{op.dest} first, or copy {top}/. into it)")


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


def removed(snap: Snapshot, ops: Sequence[Op], tree: Tree) -> set[str]:
    """The named sources this snapshot lacks but HEAD has (the commit before `--rev`): a
    `git mv` or `git rm` left the command naming a file that no longer exists, which is
    no build output. One `git ls-tree`, and only when some source is not tracked."""
    wanted = {p for op in ops for s in op.sources if not is_glob(p := s.removesuffix("/."))
              and not tree.is_file(p) and not tree.is_dir(p)}
    if not wanted or snap.kind not in ("index", "worktree", "rev"):
        return set()
    tree.outside = True
    from specsync.repo import git

    parent = f"{snap.label}^" if snap.kind == "rev" else "HEAD"
    code, out = git.run(["--literal-pathspecs", "ls-tree", "-z", "--name-only", parent, "--",
                         *sorted(wanted)], snap.repo.root, ok=(0, 128))
    return {os.fsdecode(p) for p in out.split(b"\0") if p} & wanted if code == 0 else set()


def nowhere(tree: Tree) -> list[Unknown]:
    """The go:generate sources that are not tracked, not on disk and not ignored: not a
    build output (none was built there, and nothing keeps one out of git) but a path that
    names no file, most often a `../` too few or too many. One `git check-ignore`, and
    only when such a source exists."""
    root = tree.snap.repo.root
    tree.outside = tree.outside or bool(tree.absent)
    absent = [(op, p) for op, p in tree.absent
              if not os.path.lexists(os.path.join(root, *p.split("/")))]
    ignored = _ignored(tree.snap, sorted({p for _, p in absent}))
    return [Unknown(op.path, op.line, "", f"copies {path}, which does not exist (not tracked, "
                    "not built, not ignored): is the path right?")
            for op, path in absent if path not in ignored]


def to_links(ops: Sequence[Op], snap: Snapshot,
             tree: Tree | None = None) -> tuple[list[LinkSpec], list[Unknown]]:
    """One link per copied file, and the commands that cannot be laid out.

    Every question about the snapshot's files goes through `tree` (the memo records
    them); anything else it asks (HEAD, the disk, ignore rules) sets `tree.outside`.
    """
    tree = tree or Tree(snap)
    tree.removed = removed(snap, ops, tree)
    found: dict[str, tuple[str, Op]] = {}
    unknown: list[Unknown] = []
    clashes: set[str] = set()
    for op in ops:
        try:
            laid_out = pairs(op, tree, found.keys())  # a view: a copy per op was quadratic
        except (Unresolved, Refused) as e:
            unknown.append(Unknown(op.path, op.line, "", str(e)))
            continue
        if not laid_out and op.into == INTO_FILE and op.dest in found:
            laid_out = [(" ".join(op.sources), op.dest)]  # `cat untracked > copy` truncates it
        for source, copy in laid_out:
            first = found.setdefault(copy, (source, op))
            if first[0] != source:
                clashes.add(copy)
                unknown.append(Unknown(op.path, op.line, "", f"writes {copy} from {source}, "
                                       f"but {first[1].origin} writes it from {first[0]}"))
    for copy in clashes:
        del found[copy]
    unknown += nowhere(tree)
    missing = [c for c in found if not tree.is_file(c)]
    drop = {c for c in missing if not _in_tracked_folder(c, tree)}
    asked = [c for c in missing if c not in drop]
    tree.outside = tree.outside or bool(asked)
    drop |= _ignored(snap, asked)
    _reroot(found)
    order = sorted(found.items(), key=lambda kv: (kv[1][1].path, kv[1][1].line, kv[0]))
    links = [LinkSpec(source, [CopySpec(copy, op.line)], op.origin, op.line)
             for copy, (source, op) in order if copy not in drop and copy != source]
    if any(op.cleared for op in ops):  # `rm` before `cp`: mirrored folders
        from specsync.discovery.mirror import mirrors

        links, more = mirrors(ops, links, tree)
        unknown += more
    return links, unknown
