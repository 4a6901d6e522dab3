"""What a generator's command may touch: its declared outputs, nothing else.

Before it runs: tracked outputs with unstaged changes (`dirty`) and untracked
files at an output path or inside an output folder (`in_the_way`) are the
user's work. The first may be overwritten with `--force`; the second never:
git has no copy of an untracked file. After it runs: tracked files outside
its outputs that it changed or deleted are named (`Watch`), so that a
"Regenerated" line never hides them.
"""
from __future__ import annotations

import os

from specsync.globs import covers
from specsync.repo import git
from specsync.repo.blobs import hash_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from specsync.config.model import GeneratedSpec
    from specsync.repo.snapshot import Snapshot

SHOWN = 5  # file names listed in one line at most


def dirty(repo: git.Repo, paths: Iterable[str] | None = None) -> set[str]:
    """Tracked files (among `paths`, or all) whose working-tree bytes differ from the
    staged ones, deleted ones included."""
    wanted = sorted(set(paths)) if paths is not None else []
    if paths is not None and not wanted:
        return set()
    _, out = git.run(["diff-files", "--name-only", "-z", "--", *wanted], repo.root)
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


def in_the_way(spec: GeneratedSpec, worktree: Snapshot) -> list[str]:
    """Files on disk at the entry's output paths or below its output folders that git does
    not track (ignored files aside): the command would overwrite or delete them."""
    found = {p for o in spec.outputs for p in worktree.expand(o) if not worktree.tracked(p)}
    return sorted(found)


def names(paths: Sequence[str]) -> str:
    shown = ", ".join(paths[:SHOWN])
    return shown if len(paths) <= SHOWN else f"{shown} and {len(paths) - SHOWN} more"


class Watch:
    """The tracked files a command changes: `diff-files` before and after it runs, and the
    bytes of those already changed before (a command may rewrite the user's edit)."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.before = dirty(repo)
        self.ids = hash_files(repo, self.before) if self.before else {}

    def report(self, subject: str, outputs: Sequence[str]) -> list[str]:
        """One line naming the files outside `outputs` the command changed or deleted."""
        now = hash_files(self.repo, self.before) if self.before else {}
        touched = (dirty(self.repo) - self.before) | {
            p for p in self.before if now.get(p) != self.ids.get(p)}
        touched = {p for p in touched if not any(covers(o, p) for o in outputs)}
        if not touched:
            return []
        gone = sorted(p for p in touched
                      if not os.path.lexists(os.path.join(self.repo.root, p)))
        changed = [p + (" (it had unstaged changes)" if p in self.before else "")
                   for p in sorted(touched - set(gone))]
        what = " and ".join(f"{verb} {names(paths)}" for verb, paths in
                            (("changed", changed), ("deleted", gone)) if paths)
        return [f"{subject}: the command also {what}, outside its declared outputs; restore "
                "them (git checkout -- FILE) or add them to outputs"]
