"""`rm` before `cp` in one recipe: the folder is a mirror, and its files without a source are stale.

`rm -rf D` (or `rm -f D/*.yaml`) and then `cp ... D/` leaves in D only what the
cp writes: a tracked file there that no copy refills is deleted by every run of
make. When the command's copies are exactly the links a config entry
`source: S/..., copies: [D/], prune: true` would lay out, and the files that
entry would call extras are exactly the ones make deletes and nothing refills,
discovery reports the command as that entry: `check` lists the stale files as
prune does, and `fix` deletes them under the same guards (never a file added or
edited in this commit, never an untracked or unstaged change). Anything else
the `rm` deletes and no copy refills is listed as not understood, never ignored.
"""
from __future__ import annotations

import posixpath

from specsync.config.model import CopySpec, LinkSpec
from specsync.discovery.model import Op, Unknown
from specsync.discovery.shell_glob import Refused, expand, literal_base
from specsync.globs import glob_base, is_glob, match

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class Tree(Protocol):
        """The questions resolve.Tree answers (and the memo records)."""

        def is_file(self, path: str) -> bool: ...
        def under(self, folder: str) -> list[str]: ...


def removed_files(removal: str, tree: Tree) -> list[str]:
    """The tracked files `rm` of `removal` deletes ("P/": P with everything below it)."""
    below = removal.endswith("/")
    path = removal.rstrip("/")
    if is_glob(path):
        files, folders = expand(path, tree.under(literal_base(path).rstrip("/")))
        return files + [f for d in folders if below for f in tree.under(d)]
    if tree.is_file(path):
        return [path]
    return tree.under(path) if below else []


def _prune_link(op: Op, own: list[LinkSpec], stale: set[str], refilled: set[str],
                tree: Tree) -> LinkSpec | None:
    """The `prune: true` entry equal to `op` here, or None."""
    if len(op.sources) != 1 or not own:
        return None
    source = op.sources[0].removesuffix("/.")
    if is_glob(source):
        candidates = [(source, op.dest)]
    else:
        candidates = [(source + "/**", op.dest),
                      (source + "/**", posixpath.join(op.dest, posixpath.basename(source)))]
    want = {(link.source, link.copies[0].path) for link in own}
    for pattern, land in candidates:
        if not land:
            continue
        base = glob_base(pattern)
        sources = [p for p in match(pattern, tree.under(base.rstrip("/")))
                   if not p.startswith(land + "/")]
        if {(s, f"{land}/{s[len(base):]}") for s in sources} != want:
            continue
        extras = {p for p in match(f"{land}/{pattern[len(base):]}", tree.under(land))
                  if not tree.is_file(base + p[len(land) + 1:])}
        if extras - refilled != stale:
            return None
        return LinkSpec(pattern, [CopySpec(land + "/", op.line)], op.origin, op.line, prune=True)
    return None


def mirrors(ops: Sequence[Op], links: list[LinkSpec], tree: Tree,
            ) -> tuple[list[LinkSpec], list[Unknown]]:
    """`links` with each mirroring command that left stale files as its prune entry, and
    the commands whose `rm` deletes files that no copy refills otherwise."""
    refilled = {link.copies[0].path for link in links}
    per_origin: dict[str, int] = {}
    per_clear: dict[tuple[str, tuple[str, ...]], int] = {}
    for op in ops:
        per_origin[op.origin] = per_origin.get(op.origin, 0) + 1
        per_clear[op.path, op.cleared] = per_clear.get((op.path, op.cleared), 0) + 1
    unknown: list[Unknown] = []
    for op in ops:
        if not op.cleared:
            continue
        try:
            stale = {f for r in op.cleared for f in removed_files(r, tree)} - refilled
        except Refused as e:
            unknown.append(Unknown(op.path, op.line, "", f"cannot tell what the rm before "
                                   f"this cp deletes: {e}"))
            continue
        if not stale:
            continue
        own = [link for link in links if link.origin == op.origin]
        entry = None
        if per_origin[op.origin] == 1 and per_clear[op.path, op.cleared] == 1:
            entry = _prune_link(op, own, stale, refilled, tree)
        if entry is None:
            first = sorted(stale)[0]
            more = f" and {len(stale) - 1} more tracked files" if len(stale) > 1 else ""
            unknown.append(Unknown(op.path, op.line, "", f"the rm before this cp deletes "
                                   f"{first}{more}, which no copy refills (delete them, or "
                                   "declare the folder in .specsync.yaml with prune: true)"))
            continue
        at = links.index(own[0])
        links = [*links[:at], entry, *(k for k in links[at:] if k.origin != op.origin)]
    return links, unknown
