"""The bytes of each path as git will commit them, as they are on disk, or at a rev.

A snapshot lists its files with their git object ids when it knows them (the
index and a rev do; the working tree does not), so that two paths with the
same id are known to be byte-identical without reading either.
"""
from __future__ import annotations

import os

from specsync.repo import git

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from collections.abc import Set as AbstractSet
    from typing import Literal

    Kind = Literal["index", "worktree", "rev"]  # what a snapshot is of

REGULAR = ("100644", "100755")
SYMLINK = "120000"
GITLINK = "160000"
# what `git add -N` stages: the empty blob's id, in SHA-1 and SHA-256 repositories
EMPTY_BLOBS = frozenset(("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
                         "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"))
_INTENT_TO_ADD = 0x20000000  # the index entry flag `git ls-files --debug` shows


class Snapshot:
    """Files of one state of the repository, with lazily read contents."""

    kind: Kind = "index"
    label = "staged"

    def __init__(self, repo: git.Repo, listing: dict[str, str], id_length: int = 40) -> None:
        self.repo = repo
        # path -> "<mode> <object id>[...]" for regular files, links and submodules, as git
        # lists them: sliced only when asked (tuples for 20,000 files cost more than git)
        self.listing = listing
        self.id_end = 7 + id_length
        self._sorted: list[str] | None = None
        self.unmerged: set[str] = set()
        self.gitlinks = True  # whether a submodule may be among the entries
        self.symlinks = True  # whether a symlink may be among the entries
        self.attributes: bool | None = None  # whether attributes may convert bytes (convert.py)

    def ids_with_tail(self, tails: AbstractSet[str], width: int) -> dict[str, str]:
        """path -> object id ("" when unknown) of the paths whose last `width` characters
        are one of `tails` (found by C search, see `tails.with_tail`)."""
        from specsync.repo.tails import with_tail

        return with_tail(self.listing, sorted(tails), width, self.id_end)

    def paths(self) -> Iterable[str]:
        return self.listing.keys()

    def mode(self, path: str) -> str | None:
        entry = self.listing.get(path)
        return entry[:6] if entry else None

    def object_id(self, path: str) -> str | None:
        entry = self.listing.get(path)
        return entry[7 : self.id_end] if entry else None

    def exists(self, path: str) -> bool:
        return path in self.listing

    def intent_to_add(self, path: str) -> bool:
        """`path` is only marked with `git add -N`: its entry holds the empty blob's id but
        nothing is staged. Asked of git only for an entry that holds the empty blob."""
        if self.kind != "index" or self.object_id(path) not in EMPTY_BLOBS:
            return False
        _, out = git.run(["--literal-pathspecs", "ls-files", "--debug", "--", path],
                         self.repo.root)
        for line in out.decode("ascii", "replace").splitlines():
            if "flags:" in line:
                return bool(int(line.rsplit(":", 1)[1].strip(), 16) & _INTENT_TO_ADD)
        return False

    def listed(self, path: str) -> bool:
        """git lists `path` as an entry (a file, a symlink or a submodule), whatever the disk
        holds (`exists` of the working tree asks the disk)."""
        return path in self.listing

    def tracked(self, path: str) -> bool:
        """Git tracks `path` (only such files may ever be deleted as prune extras)."""
        return path in self.listing

    def is_dir(self, path: str) -> bool:
        return bool(self.under(path.rstrip("/") + "/"))

    def sorted_paths(self) -> list[str]:
        """Every listed path, sorted once (git lists them sorted: a linear sort)."""
        if self._sorted is None:
            self._sorted = sorted(self.listing)
        return self._sorted

    def under(self, folder: str) -> list[str]:
        """The listed files below `folder` (empty, or ending in /), found by bisection."""
        from bisect import bisect_left

        paths = self.sorted_paths()
        if not folder:
            return paths
        return paths[bisect_left(paths, folder) : bisect_left(paths, folder[:-1] + "0")]

    def expand(self, pattern: str) -> list[str]:
        """A file, a folder (all files below it) or a config glob -> the files it names."""
        from specsync.globs import is_glob, match

        if is_glob(pattern):
            return match(pattern, self.sorted_paths())
        if pattern.endswith("/"):
            return self.under(pattern)
        if self.exists(pattern):
            return [pattern]
        return self.under(pattern + "/")

    def same_ids(self, paths: Sequence[str], others: Sequence[str]) -> bool:
        """Whether each path is staged exactly like its partner in `others` (same object id
        and mode, no merge conflict, no submodule, no symlink, no `git add -N` entry): byte
        equality without reading a blob."""
        get = self.listing.get
        mine = [*map(get, paths)]
        if None in mine or mine != [*map(get, others)]:
            return False
        if (self.gitlinks or self.symlinks) and any(
                m.startswith((GITLINK, SYMLINK)) for m in mine):  # type: ignore[union-attr]
            return False
        ids = " ".join(mine)  # type: ignore[arg-type]
        return not any(f" {empty} " in ids for empty in EMPTY_BLOBS)  # one C scan each

    def read(self, paths: Iterable[str]) -> dict[str, bytes]:
        """Contents of the paths that exist, read with one `git cat-file --batch`."""
        wanted = {p: self.listing[p][7 : self.id_end] for p in paths if p in self.listing}
        blobs = git.read_blobs(self.repo, set(wanted.values()))
        return {p: blobs[oid] for p, oid in wanted.items() if oid in blobs}


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


def index(repo: git.Repo) -> Snapshot:
    """The index (honours GIT_INDEX_FILE, as `git commit <path>` sets it)."""
    _, out = git.run(["ls-files", "-s", "-z"], repo.root)
    return Snapshot(repo, {}) if not out else _parse_index(repo, os.fsdecode(out))


def _parse_index(repo: git.Repo, text: str) -> Snapshot:
    """`<mode> SP <oid> SP <stage> TAB <path> NUL` records into a snapshot.

    Splitting at tabs and NULs at once leaves metadata and paths alternating,
    so the mapping is built in C (a loop over 20,000 records cost more than git
    listing them). Records are looked at one by one only when a path holds a
    tab or a path has merge conflicts (stages 1-3).
    """
    width = text.index("\t")  # of "100644 <oid> 0"
    tabs = text.count("\t")
    parts = text.replace("\t", "\0").split("\0")
    parts.pop()  # after the last NUL
    if len(parts) != 2 * tabs:  # a path with a tab in it
        return _parse_records(repo, text, width - 9)
    metas = parts[0::2]
    joined = "".join(metas)
    stages = joined[width - 1 :: width]
    if len(joined) != width * len(metas) or stages.count("0") != len(stages):
        return _parse_records(repo, text, width - 9)
    snap = Snapshot(repo, dict(zip(parts[1::2], metas, strict=True)), width - 9)
    modes = joined[1::width]  # the second digit: 160000, 120000; files are 100644, 100755
    snap.gitlinks = "6" in modes
    snap.symlinks = "2" in modes
    return snap


def _parse_records(repo: git.Repo, text: str, id_length: int) -> Snapshot:
    records = text.split("\0")
    records.pop()
    entries: dict[str, str] = {}
    unmerged: set[str] = set()
    for record in records:
        meta, _, path = record.partition("\t")
        if meta.endswith(" 0"):
            entries[path] = meta
        else:
            unmerged.add(path)
    snap = Snapshot(repo, entries, id_length)
    snap.unmerged = unmerged
    return snap


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
