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


def add_command(root: str, paths: Iterable[str], ignored: Mapping[str, str] | None = None,
                ) -> str:
    """`git add NAMES` as the user can run it where they are (`repo.here`), with `-f` when
    some are ignored (git refuses those otherwise)."""
    from specsync.repo.here import args

    return f"git add{' -f' if ignored else ''} {args(root, paths)}"


def stashed_ids(paths: list[str]) -> dict[str, str | None] | None:
    """path -> the (abbreviated) object id of the user's working-tree file, for the paths
    pre-commit put aside (None: deleted); None when no pre-commit stash is in play.

    pre-commit hides unstaged changes from its hooks: it saves them as a patch in its
    store folder, named `patch<time>-<its pid>`, and checks the index out over them.
    That patch (`git diff-index --binary`) then says what the user's files hold, by
    the abbreviated object id of each new file (at least 7 hex digits: compare with
    `same_object`); a path it does not name holds what the index does. Asked only on
    the drift path.
    """
    patch = _pre_commit_patch() if os.environ.get("PRE_COMMIT") == "1" else None
    return None if patch is None else _ids_in_patch(patch, paths)


def _pre_commit_patch() -> bytes | None:
    """The unstaged changes the pre-commit that started this hook put aside, if any."""
    home = os.environ.get("PRE_COMMIT_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pre-commit")
    tail = f"-{os.getppid()}"
    try:
        names = [n for n in os.listdir(home) if n.startswith("patch") and n.endswith(tail)]
    except OSError:
        return None
    for name in sorted(names, reverse=True):  # the newest first (same-length times)
        try:
            with open(os.path.join(home, name), "rb") as f:
                return f.read()
        except OSError:
            continue
    return None


def _ids_in_patch(patch: bytes, paths: list[str]) -> dict[str, str | None]:
    """path -> its post-image id in a `--binary` diff (None: deleted); absent: unchanged
    (the caller's staged id applies). One pass over the patch's header lines."""
    wanted = set(paths)
    ids: dict[str, str | None] = {}
    path: str | None = None
    for line in patch.split(b"\n"):
        if line.startswith(b"diff --git a/"):
            path = _b_side(line)
        elif path is not None and path in wanted and line.startswith(b"index ") and b".." in line:
            new = line[6:].split(b"..", 1)[1].split(b" ", 1)[0].decode("ascii", "replace")
            ids[path] = new if new.strip("0") else None
            path = None
    return ids


def _b_side(header: bytes) -> str | None:
    """The path of `diff --git a/P b/P` (the same P twice: no renames); None when quoted."""
    rest = header[len(b"diff --git a/"):]
    half = (len(rest) - 3) // 2  # "P b/P": both halves the same length
    if rest[half:half + 3] != b" b/" or rest[:half] != rest[half + 3:]:
        return None
    return os.fsdecode(rest[:half])


def same_object(oid: str, other: str) -> bool:
    """Whether `other` (a full id) is `oid`, which may be abbreviated as in a patch's
    `index` line (git abbreviates to at least 7 hex digits)."""
    return len(oid) >= 7 and other.startswith(oid)
