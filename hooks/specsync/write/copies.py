"""Write the expected bytes into drifted copies: atomically, safely, never losing an edit.

Each write goes to a temp file in the copy's own folder and is renamed over the
copy, so a reader sees the old bytes or the new ones, never half a file. Whatever
git does not track at a copy's path (a file, a symlink dangling or not, a FIFO)
is the user's and is never replaced, whatever the flags and the snapshot. A
tracked copy is not written when that would lose unstaged edits or an edit
made directly in this commit, unless --force; nor when its folder leads out of
the repository.
"""
from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace

from specsync.drift.results import MISSING, REMOVED, Drift
from specsync.repo import git
from specsync.repo.atomic import journal, note_folders, recover, repo_lock, write_atomic
from specsync.repo.disk import Found, found_at, inside
from specsync.repo.snapshot import SYMLINK, Snapshot

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Action = Literal["wrote", "deleted", "stage", "refused", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What fix did (or refused to do) for one drifted copy."""

    drift: Drift
    action: Action
    message: str  # one line for the user


class Refused(Exception):
    pass


def safe_target(repo: git.Repo, copy: str) -> str:
    """The absolute path to write `copy` to, after checking where its folder leads."""
    root = os.path.realpath(repo.root)
    target = os.path.join(root, copy)
    folder = os.path.dirname(target)
    existing = folder
    while not os.path.lexists(existing):
        existing = os.path.dirname(existing)
    real = os.path.realpath(existing)
    if not inside(real, root):
        raise Refused(f"{copy}: its folder leads outside the repository (through a symlink); "
                      "not written")
    if inside(real, os.path.realpath(repo.git_dir)):
        raise Refused(f"{copy}: its folder leads into the git directory; not written")
    if os.path.isdir(target) and not os.path.islink(target):
        raise Refused(f"{copy}: is a folder in the working tree; not written")
    return target


def _mode_for(target: str, drift: Drift) -> int:
    try:
        st = os.lstat(target)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if drift.mode == "100755" else 0o666) & ~umask


def _guard(drift: Drift, snapshot: Snapshot, there: Found, dirty: set[str],
           force: bool) -> Outcome | None:
    """Why this copy must not be written, or None.

    Whatever is at the path and git does not track is the user's: refused whatever the
    flags and the snapshot. `--force` only discards edits of tracked copies.
    """
    if drift.edited and not force:
        return Outcome(drift, "refused", f"{drift.copy}: was edited directly; make the change "
                       f"in {drift.source}, or discard the edit with --force (not written)")
    if snapshot.kind == "index" and snapshot.mode(drift.copy) == SYMLINK:
        if there.kind == "file" and there.data == drift.expected:
            relink = _relink_hint(snapshot.repo.root, drift.copy)
            return Outcome(drift, "stage", f"{drift.copy}: already written as a file, but it "
                           f"is a symlink in the index; {relink}")
    elif there.data is not None and there.data == drift.expected:
        return Outcome(drift, "stage", f"{drift.copy}: already regenerated in the working "
                       "tree, not staged yet")
    if there.kind not in ("nothing", "folder") and not snapshot.tracked(drift.copy):
        return Outcome(drift, "refused", f"{drift.copy}: an untracked {there.kind} is in the "
                       "way; move it or add it, then run fix again (not written)")
    if drift.copy in dirty and not force:
        return Outcome(drift, "refused", f"{drift.copy}: has unstaged changes; stage or stash "
                       "them first, or use --force (not written)")
    return None


def _relink_hint(root: str, copy: str) -> str:
    """The commands that replace the index's symlink by the file written at `copy`."""
    from specsync.repo.here import args

    name = args(root, [copy])
    return f"stage it as a file: git rm -q --cached {name} && git add {name}"


def _may_hold_edits(drift: Drift, snapshot: Snapshot, there: Found) -> bool:
    """Whether the working-tree file may hold edits git has not staged (asked of git)."""
    if drift.status == REMOVED:
        return True  # a deleted edit is gone for good
    if not snapshot.tracked(drift.copy):
        return False  # untracked: refused whatever git says
    if snapshot.kind == "index":
        return there.data is None or there.data != drift.actual  # staged bytes: nothing lost
    return True  # the working tree: drift.actual is the disk itself, git knows the index


def _unstaged(repo: git.Repo, suspects: Sequence[str]) -> set[str]:
    """Of `suspects`, the copies whose working-tree file differs from the staged one."""
    if not suspects:
        return set()
    _, out = git.run(["--literal-pathspecs", "diff-files", "--name-only", "-z", "--", *suspects],
                     repo.root)
    dirty = {os.fsdecode(p) for p in out.split(b"\0") if p}
    return dirty | _hidden_edits(repo, [p for p in suspects if p not in dirty])


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _hidden_edits(repo: git.Repo, paths: Sequence[str]) -> set[str]:
    """Edits git does not report: files marked assume-unchanged or skip-worktree.

    Their working-tree bytes are hashed (with the path's filters, as `git add`
    would) and compared with the staged object id.
    """
    if not paths:
        return set()
    _, out = git.run(["--literal-pathspecs", "ls-files", "-v", "-s", "-z", "--", *paths],
                     repo.root)
    staged = {}  # "h 100644 <id> 0<TAB>path": a lower-case tag or S marks a hidden entry
    for record in out.split(b"\0"):
        meta, _, path = record.partition(b"\t")
        hidden = record[:1].islower() or record[:1] == b"S"
        if hidden and _regular(os.path.join(repo.root, os.fsdecode(path))):
            staged[os.fsdecode(path)] = meta.split()[2].decode()
    if not staged:
        return set()
    _, out = git.run(["hash-object", "--", *staged], repo.root)
    return {p for p, oid in zip(staged, out.decode().split(), strict=True) if oid != staged[p]}


def _removal_guard(drift: Drift, snapshot: Snapshot, there: Found,
                   dirty: set[str], force: bool) -> Outcome | None:
    """Why a pruned extra must not be deleted, or None (links.py found it tracked)."""
    if there.kind == "nothing":
        if snapshot.kind == "index":
            return Outcome(drift, "stage", f"{drift.copy}: already deleted in the working "
                           "tree, not staged yet")
        return Outcome(drift, "stage", f"{drift.copy}: already deleted")
    if drift.new:  # not in HEAD: specsync never wrote it, whatever the flags say
        return Outcome(drift, "refused", f"{drift.copy}: added in this commit, not written by "
                       f"specsync (there is no {drift.source}); add that source, or move the "
                       "file out of the pruned folder (not deleted)")
    if not snapshot.tracked(drift.copy):
        return Outcome(drift, "refused", f"{drift.copy}: is not tracked by git (not deleted)")
    if drift.copy in dirty and not force:
        return Outcome(drift, "refused", f"{drift.copy}: has unstaged changes; stage or stash "
                       "them first, or use --force (not deleted)")
    if drift.edited and not force:
        return Outcome(drift, "refused", f"{drift.copy}: was edited in this commit although "
                       f"its source {drift.source} was removed; delete it with --force "
                       "(not deleted)")
    return None


def _apply(repo: git.Repo, drift: Drift) -> Outcome:
    try:
        target = safe_target(repo, drift.copy)
    except Refused as e:
        return Outcome(drift, "refused", str(e))
    try:
        if drift.status == REMOVED:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
            return Outcome(drift, "deleted",
                           f"Deleting {drift.copy} (its source {drift.source} was removed)")
        assert drift.expected is not None
        write_atomic(target, drift.expected, _mode_for(target, drift))
    except OSError as e:
        return Outcome(drift, "failed", f"{drift.copy}: could not write: {e.strerror or e}")
    verb = "Creating" if drift.status == MISSING else "Fixing"
    return Outcome(drift, "wrote", f"{verb} {drift.copy} (from {drift.source})")


def _checkout_forms(repo: git.Repo, snapshot: Snapshot,
                    drifts: Sequence[Drift]) -> dict[str, bytes | str]:
    """copy -> the bytes to write (the expected bytes as git checks them out at the copy's
    path) or why `git add` could never store them; empty without attributes files."""
    wanted = [d for d in drifts if d.expected is not None and d.status != REMOVED]
    if not wanted:
        return {}
    from specsync.repo import convert

    if not convert.apply(snapshot):
        return {}
    return {d.copy: convert.write_form(repo, d.copy, d.source or d.copy, d.expected or b"")
            for d in wanted}


def _written_as(drift: Drift, form: bytes | str | None) -> Drift:
    return replace(drift, expected=form) if isinstance(form, bytes) else drift


def fix(repo: git.Repo, snapshot: Snapshot, drifts: Sequence[Drift], *,
        force: bool = False) -> list[Outcome]:
    """Write every drifted copy that can be written safely; say what happened to each."""
    outcomes = []
    forms = _checkout_forms(repo, snapshot, drifts)
    drifts = [_written_as(d, forms.get(d.copy)) for d in drifts]
    with repo_lock(repo):
        recover(repo)
        note_folders(repo, {os.path.dirname(os.path.join(repo.root, d.copy)) for d in drifts})
        there = {d.copy: found_at(os.path.join(repo.root, d.copy)) for d in drifts}
        dirty = _unstaged(repo, [d.copy for d in drifts
                                 if _may_hold_edits(d, snapshot, there[d.copy])])
        for drift in drifts:
            why = forms.get(drift.copy)
            if isinstance(why, str):  # git add would never store what fix writes
                outcomes.append(Outcome(drift, "refused", why))
                continue
            guard = _removal_guard if drift.status == REMOVED else _guard
            refusal = guard(drift, snapshot, there[drift.copy], dirty, force)
            outcome = refusal if refusal is not None else _apply(repo, drift)
            if outcome.action == "wrote" and snapshot.kind == "index" \
                    and snapshot.mode(drift.copy) == SYMLINK:
                outcome = Outcome(drift, "wrote", f"{outcome.message}; it is a symlink in the "
                                  f"index, {_relink_hint(snapshot.repo.root, drift.copy)}")
            outcomes.append(outcome)
        with contextlib.suppress(OSError):
            os.unlink(journal(repo))
    return outcomes
