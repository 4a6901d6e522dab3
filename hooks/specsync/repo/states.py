"""The other states a snapshot can be of: the files on disk (`--worktree`, and what fix
and the generators look at) and a commit's tree (`--rev`)."""
from __future__ import annotations

import os

from specsync.repo import git
from specsync.repo.snapshot import SYMLINK, Snapshot

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from specsync.repo.snapshot import Kind


class WorktreeSnapshot(Snapshot):
    """The files on disk; the index only says which files exist (for globs)."""

    kind: Kind = "worktree"
    label = "working tree"

    def __init__(self, repo: git.Repo, listing: dict[str, str], untracked: set[str]) -> None:
        super().__init__(repo, listing)
        self.untracked = untracked

    def tracked(self, path: str) -> bool:
        return path in self.listing and path not in self.untracked

    def object_id(self, path: str) -> str | None:
        return None

    def same_ids(self, paths: Sequence[str], others: Sequence[str]) -> bool:
        return False

    def mode(self, path: str) -> str | None:
        full = os.path.join(self.repo.root, path)
        if os.path.islink(full):
            return SYMLINK
        if os.path.isfile(full):
            return "100755" if os.access(full, os.X_OK) else "100644"
        return None

    def exists(self, path: str) -> bool:
        return os.path.lexists(os.path.join(self.repo.root, path))

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(os.path.join(self.repo.root, path))

    def read(self, paths: Iterable[str]) -> dict[str, bytes]:
        """Like git: a symlink's bytes are its target's name; nothing is read
        through a folder that leads out of the work tree or into the git dir."""
        from specsync.repo.disk import inside, read_file

        found = {}
        root = os.path.realpath(self.repo.root)
        git_dir = os.path.realpath(self.repo.git_dir)
        for path in paths:
            full = os.path.join(root, path)
            folder = os.path.realpath(os.path.dirname(full))
            if not inside(folder, root) or inside(folder, git_dir):
                continue
            try:
                found[path] = read_file(full)
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                continue
            except OSError as e:
                from specsync.errors import InputError

                raise InputError(path, f"cannot be read: {e.strerror or e}") from None
        return found


class RevSnapshot(Snapshot):
    """A commit's tree (`--rev`)."""

    kind: Kind = "rev"

    def __init__(self, repo: git.Repo, entries: dict[str, str], rev: str, id_length: int) -> None:
        super().__init__(repo, entries, id_length)
        self.label = rev


def _split_z(out: bytes) -> list[bytes]:
    records = out.split(b"\0")
    if records and not records[-1]:
        records.pop()
    return records


def worktree(repo: git.Repo) -> Snapshot:
    """Files on disk; tracked and untracked-but-not-ignored files are listed.

    `-t` tags each name (`?` for an untracked file), so one git call says both
    which files exist and which of them git tracks.
    """
    _, out = git.run(["ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard"],
                     repo.root)
    listing: dict[str, str] = {}
    untracked: set[str] = set()
    for record in _split_z(out):
        path = os.fsdecode(record[2:])
        listing[path] = ""
        if record[:1] == b"?":
            untracked.add(path)
    return WorktreeSnapshot(repo, listing, untracked)


def at_rev(repo: git.Repo, rev: str) -> Snapshot:
    """A commit's tree, for CI (`--rev origin/main`)."""
    try:
        git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{tree}}"],
                repo.root)
    except git.GitFailed:
        from specsync.errors import InputError

        raise InputError("--rev", f"{rev!r} is not a commit in this repository") from None
    _, out = git.run(["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", rev], repo.root)
    entries: dict[str, str] = {}
    id_length = 40
    for record in _split_z(out):
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind in ("blob", "commit"):
            entries[os.fsdecode(raw_path)] = f"{mode} {oid}"
            id_length = len(oid)
    return RevSnapshot(repo, entries, rev, id_length)
