"""Where a file's state comes from: the snapshot compared with HEAD, asked of git once.

Which file names a run was given says nothing about what this commit changes:
pre-commit passes every file with --all-files, and never a deleted one. HEAD
does: a copy that differs from HEAD while its source does not was edited
directly; a file HEAD does not have was never written by specsync; a file HEAD
has and the snapshot lacks is deleted by this commit.

Nothing here runs unless a run has drift (or a deletion) to explain, and then
once per snapshot: the in-sync path never pays for it.
"""
from __future__ import annotations

import os

from specsync.repo import git

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.repo.snapshot import Snapshot

ADDED = "A"  # in the snapshot, not in HEAD
DELETED = "D"  # in HEAD, not in the snapshot


class Provenance:
    """path -> git's status letter (A, M, D, T, U) for every file that differs from HEAD.

    The index is compared with `git diff-index --cached HEAD`; the working tree
    with `git diff HEAD` (which looks past stat-only changes); a commit (`--rev`)
    is its own reference: nothing in it counts as changed. Before the first
    commit every file is new.
    """

    __slots__ = ("born", "status")

    def __init__(self, snap: Snapshot) -> None:
        self.born = True
        self.status: dict[str, str] = {}
        if snap.kind != "rev":
            found = _against_head(snap)
            if found is None:
                self.born = False
            else:
                self.status = found

    def changed(self, path: str) -> bool:
        """`path` differs from HEAD: edited, added, deleted or changed in type."""
        return path in self.status or not self.born

    def new(self, path: str) -> bool:
        """HEAD has no `path`: nothing specsync committed can be there."""
        return self.status.get(path) == ADDED or not self.born

    def deleted(self) -> set[str]:
        return {p for p, s in self.status.items() if s == DELETED}


_last: list[tuple[Snapshot, Provenance]] = []  # one snapshot per run: remember the last one


def against_head(snap: Snapshot) -> Provenance:
    """The snapshot's provenance, asked of git the first time it is needed."""
    if _last and _last[0][0] is snap:
        return _last[0][1]
    head = Provenance(snap)
    _last[:] = [(snap, head)]
    return head


def _against_head(snap: Snapshot) -> dict[str, str] | None:
    """Status by path, or None when HEAD does not exist yet (an unborn branch)."""
    if snap.kind == "index":
        args = ["diff-index", "--cached", "--no-renames", "--name-status", "-z", "HEAD", "--"]
    else:  # the working tree: porcelain diff refreshes stat data in memory, as status does
        args = ["diff", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color",
                "--name-status", "-z", "HEAD", "--"]
    try:
        _, out = git.run(args, snap.repo.root)
    except git.GitFailed:
        code, _ = git.run(["rev-parse", "--verify", "--quiet", "HEAD"], snap.repo.root,
                          ok=(0, 1))
        if code == 1:
            return None
        raise
    fields = out.split(b"\0")
    return {os.fsdecode(path): status.decode()[:1]
            for status, path in zip(fields[0::2], fields[1::2], strict=False) if path}
