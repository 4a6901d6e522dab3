"""What the user still has to stage, and the `git add` line that stages it.

Asked only after fix wrote something or found something left to stage (never on
the in-sync path): one `git status` over the named paths, and one
`git check-ignore` when some of them are ignored (`git add` refuses those
without `-f`, so the line has to say so and name the rule).
"""
from __future__ import annotations

import os

from specsync.repo import git

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


def unstaged(repo: git.Repo, paths: Iterable[str]) -> tuple[list[str], dict[str, str]]:
    """(the paths whose working-tree state the index lacks: changed, deleted or untracked;
    {ignored path among them: the rule that ignores it, `FILE:LINE: PATTERN`})."""
    wanted = sorted(set(paths))
    if not wanted:
        return [], {}
    _, out = git.run(["--literal-pathspecs", "--no-optional-locks", "status", "--porcelain=v1",
                      "-z", "--untracked-files=all", "--ignored=traditional", "--no-renames",
                      "--", *wanted], repo.root)
    found: dict[str, None] = {}
    ignored = []
    for record in out.split(b"\0"):
        code, path = record[:2], os.fsdecode(record[3:])
        if not record or code[1:] == b" ":  # staged as it is on disk
            continue
        found[path] = None
        if code == b"!!":
            ignored.append(path)
    return sorted(found), _rules(repo, ignored)


def _rules(repo: git.Repo, ignored: list[str]) -> dict[str, str]:
    if not ignored:
        return {}
    _, out = git.run(["check-ignore", "-v", "-z", "--stdin"], repo.root,
                     data=git.stdin_paths(ignored, b"\0"), ok=(0, 1))
    fields = [os.fsdecode(f) for f in out.split(b"\0")]
    rules = {fields[i + 3]: f"{fields[i]}:{fields[i + 1]}: {fields[i + 2]}"
             for i in range(0, len(fields) - 3, 4)}
    return {p: rules.get(p, "an ignore rule") for p in ignored}


def quoted(paths: Iterable[str]) -> str:
    """Names as one shell word each (`--` first when one of them starts with `-`)."""
    import shlex

    names = list(paths)
    dashes = "-- " if any(p.startswith("-") for p in names) else ""
    return dashes + " ".join(shlex.quote(p) for p in names)


def add_command(paths: Iterable[str], ignored: Mapping[str, str] | None = None) -> str:
    """`git add NAMES`, with `-f` when some are ignored (git refuses those otherwise)."""
    return f"git add{' -f' if ignored else ''} {quoted(paths)}"
