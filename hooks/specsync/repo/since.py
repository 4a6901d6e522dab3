"""What changed in the index since a remembered state of it, without listing every file.

A state of the index is remembered as a commit and git's raw diff of the index
against that commit (`git diff-index --cached`: one record per path that
differs, nothing for the rest). A later index diffed against the same commit
differs from the remembered one at exactly the paths whose records differ, or
that only one of the two diffs holds; and its file names are the same unless one
of those paths exists in one state only. Git reads the index and the commit's
trees and prints a few records: at 60,000 files about half the cost of `git
ls-files -s`, and no Python work per file.

Any commit will do as the base (the diff is exact against whatever it is); HEAD's
keeps the diff small. It is read from the git dir's files (`head`); before the
first commit, or where refs are stored another way (reftable), the base is the
empty tree, and only a small index is remembered (repo/verdict.py).
"""
from __future__ import annotations

import os

from specsync.repo import git

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

HEX = "0123456789abcdef"
# the empty tree's id in SHA-1 and SHA-256 repositories: git knows it without storing it
EMPTY_TREES = ("4b825dc642cb6eb9a060e54bf8d69288fbee4904",
               "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321")
ABSENT = b"000000"  # the mode of the side of a record where the path is not


def head(repo: git.Repo) -> str | None:
    """HEAD's commit id as the git dir's files say (a loose ref, then packed-refs); None
    for an unborn branch, a reftable repository or anything unexpected."""
    try:
        with open(os.path.join(repo.git_dir, "HEAD"), "rb") as f:
            text = f.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        return None
    common = _common_dir(repo.git_dir)
    for _ in range(5):  # a symbolic ref may name another one
        if not text.startswith("ref: "):
            return text if len(text) in (40, 64) and not text.strip(HEX) else None
        ref = text[5:].strip()
        if not ref.startswith("refs/") or ".." in ref:
            return None
        text = _loose(common, ref) or _packed(common, ref) or ""
    return None


def _common_dir(git_dir: str) -> str:
    """A linked worktree's git dir names the shared one in `commondir`."""
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as f:
            return os.path.normpath(os.path.join(git_dir, f.read().strip()))
    except OSError:
        return git_dir


def _loose(common: str, ref: str) -> str | None:
    try:
        with open(os.path.join(common, *ref.split("/")), "rb") as f:
            return f.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        return None


def _packed(common: str, ref: str) -> str | None:
    try:
        with open(os.path.join(common, "packed-refs"), "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    at = data.find(f" {ref}\n")
    if at < 0 and data.endswith(f" {ref}"):
        at = len(data) - len(ref) - 1
    if at < 0:
        return None
    start = data.rfind("\n", 0, at) + 1
    return data[start:at]


def diff(repo: git.Repo, base: str) -> bytes | None:
    """git's raw diff of the index against commit `base` (NUL-terminated fields); None
    when git cannot make it (the commit was pruned, the repository is odd). Against the
    commit itself, never what `git replace` put in its place: a replacement made after a
    verdict was remembered would hide the index entries that differ from its tree."""
    try:
        _, out = git.run(["--no-replace-objects", "diff-index", "--cached", "-z", "--raw",
                          "--no-renames", "--ignore-submodules=none", base, "--"], repo.root)
    except git.GitFailed:
        return None
    return out


def records(out: bytes) -> dict[bytes, bytes] | None:
    """path -> `:<mode> <mode> <id> <id> <status>` of a raw diff; None when it holds a
    merge conflict (its records say nothing exact) or is not a diff-index output."""
    fields = out.split(b"\0")
    if fields[-1]:
        return None
    fields.pop()
    if len(fields) % 2:
        return None
    found = dict(zip(fields[1::2], fields[0::2], strict=True))
    for meta in found.values():
        if not meta.startswith(b":") or meta.endswith(b"U"):
            return None
    return found


def changes(then: bytes, now: bytes) -> tuple[dict[str, str], bool] | None:
    """The paths whose entries differ between the two states of the index that the raw
    diffs `then` and `now` (against one commit) describe, each with its object id now
    (the base commit's when `now` does not list it), and whether the file names differ
    (a path exists in one state only); None when either holds a conflict."""
    old, new = records(then), records(now)
    if old is None or new is None:
        return None
    changed: dict[str, str] = {}
    renamed = False
    for path in old.keys() | new.keys():
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        # `:<mode> <mode> <id> <id> <status>`: the second id is the index's, the first
        # the commit's
        ids = (after or before or b"").split(b" ")
        changed[os.fsdecode(path)] = (ids[3] if after is not None else ids[2]).decode()
        if _exists(before, after) != _exists(after, before):
            renamed = True
    return changed, renamed


def _exists(mine: bytes | None, other: bytes | None) -> bool:
    """Whether a path is in the state whose record is `mine` (None: it is as in the base
    commit, whose side `other` shows)."""
    if mine is not None:
        return mine[8:14] != ABSENT  # `:<src mode> <dst mode> ...`
    assert other is not None
    return other[1:7] != ABSENT


def touches(changed: Iterable[str], looked: str, folders: tuple[str, ...]) -> bool:
    """Whether a changed path is one whose entry a run read (`looked`: NUL-joined, with a
    NUL at each end) or lies below a folder whose records it read."""
    return any(path.startswith(folders) or f"\0{path}\0" in looked for path in changed)


def marked(repo: git.Repo, oids: list[str], marks: tuple[bytes, ...]) -> bool:
    """Whether a blob among `oids` holds one of `marks` (one `git cat-file --batch`, which
    reads no index; True for a blob git does not have)."""
    try:
        blobs = git.read_blobs(repo, oids)
    except git.GitFailed:
        return True
    return len(blobs) < len(set(oids)) or any(m in data for data in blobs.values()
                                              for m in marks)
