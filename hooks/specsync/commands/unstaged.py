"""The files `specsync check` did not read because their changes are not staged, said
only when a person runs it by hand (`commands.by_hand`: no hook manager, git hook or CI).

A hook sees the staged files as the commit will; a person
who edited a file and did not stage it expects the check to have read it, so by hand
check says which involved files it did not read (one `git diff --name-only` of the
whole tree, by hand only: never on a hook's in-sync path; the links are resolved only
when that names a file).
"""
from __future__ import annotations

import os

from specsync import CONFIG_NAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.pipeline import Findings

_NAMED = 3  # file names a line shows before "..."


def unstaged_line(found: Findings) -> str:
    """`2 files with unstaged changes were not checked: ... (git add them, or use
    --worktree)`, or "" when every involved file is staged as it is on disk; the names as
    `git add` takes them where the user is (`repo.here`)."""
    if found.snapshot.kind != "index":
        return ""
    from specsync.repo import git

    _, out = git.run(["--no-optional-locks", "diff", "--name-only", "-z", "--no-renames"],
                     found.repo.root)
    changed = {os.fsdecode(p) for p in out.split(b"\0") if p}
    # the links are resolved only when some file has unstaged changes: resolving every
    # link of a 10,000-file glob mirror costs ~150 ms, the diff of a clean tree a stat each
    names = changed & (found.linked().files | {CONFIG_NAME}) if changed else set()
    names -= found.snapshot.unmerged  # a merge conflict is reported as one already
    if not found.snapshot.listed(CONFIG_NAME) and os.path.isfile(
            os.path.join(found.repo.root, CONFIG_NAME)):
        names.add(CONFIG_NAME)  # a config never added: nothing of it was read
    if not names:
        return ""
    from specsync.repo.here import relative

    shown = relative(found.repo.root, sorted(names)[:_NAMED])  # as `git add` takes them
    more = ", ..." if len(names) > _NAMED else ""
    one = len(names) == 1
    return (f"specsync: {len(names)} file{'' if one else 's'} with unstaged changes "
            f"{'was' if one else 'were'} not checked: {', '.join(shown)}{more} "
            f"(git add {'it' if one else 'them'}, or use --worktree)")
