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

    from specsync.repo.listing import Listing

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

    def __init__(self, repo: git.Repo, listing: dict[str, str] | Listing,
                 id_length: int = 40) -> None:
        self.repo = repo
        # path -> "<mode> <object id>[...]" of files, links and submodules as git lists them,
        # sliced when asked; the index's stays git's text (repo/listing.py) until all are wanted
        self._lazy = listing if not isinstance(listing, dict) else None
        self._listing = listing if isinstance(listing, dict) else None
        self.id_end = 7 + id_length
        self._sorted: list[str] | None = None
        self.unmerged: set[str] = set()
        self.attributes: bool | None = None  # whether attributes may convert bytes (convert.py)

    @property
    def listing(self) -> dict[str, str]:
        """path -> entry of every listed path (built from git's text on first use)."""
        if self._listing is None:
            self._listing = self._lazy.full()  # type: ignore[union-attr]
        return self._listing

    def _entry(self, path: str) -> str | None:
        if self._lazy is not None:
            return self._lazy.get(path)
        return self.listing.get(path)

    def ids_with_tail(self, tails: AbstractSet[str], width: int,
                      skip: tuple[str, ...] = ()) -> dict[str, str]:
        """path -> object id ("" when unknown) of the paths whose last `width` characters
        are one of `tails` (found by C search, see `tails.with_tail`), but for those below
        the folders `skip` (each ending in /: their records are not looked at)."""
        if self._lazy:
            return self._lazy.with_tail(sorted(tails), width, self.id_end, skip)
        from specsync.repo.tails import with_tail

        found = with_tail(self.listing, sorted(tails), width, self.id_end)
        return {p: oid for p, oid in found.items() if not p.startswith(skip)} if skip else found

    def records(self, folder: str) -> tuple[str, int, int] | None:
        """git's own records of the files below `folder` (`<mode> <id> 0 TAB <path> NUL`
        each), as git's text and the offsets they lie between, when the snapshot still
        holds that text (config/settled.py reads them there, without a copy)."""
        return None if self._lazy is None else (self._lazy.text, *self._lazy.span(folder))

    def paths(self) -> Iterable[str]:
        return self.sorted_paths() if self._lazy is not None else self.listing.keys()

    def mode(self, path: str) -> str | None:
        entry = self._entry(path)
        return entry[:6] if entry else None

    def object_id(self, path: str) -> str | None:
        entry = self._entry(path)
        return entry[7 : self.id_end] if entry else None

    def exists(self, path: str) -> bool:
        return self._entry(path) is not None

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
        return self._entry(path) is not None

    tracked = listed  # git tracks `path` (only such files may be deleted as prune extras)

    def is_dir(self, path: str) -> bool:
        return bool(self.under(path.rstrip("/") + "/"))

    def sorted_paths(self) -> list[str]:
        """Every listed path, sorted once (git lists them sorted: a linear sort)."""
        if self._sorted is None:
            lazy = self._lazy
            self._sorted = lazy.under("") if lazy is not None else sorted(self.listing)
        return self._sorted

    def under(self, folder: str) -> list[str]:
        """The listed files below `folder` (empty, or ending in /), found by bisection."""
        from bisect import bisect_left

        if self._lazy is not None and self._sorted is None and folder:
            return self._lazy.under(folder)
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
        metas = self._lazy.metas if self._lazy else lambda ps: [*map(self.listing.get, ps)]
        mine = metas(paths)
        if None in mine or mine != metas(others):
            return False
        # "<mode> <id>[ 0]" joined: a mode or an id is a whole word, found by C scans
        ids = " " + " ".join(mine) + " "  # type: ignore[arg-type]
        return not any(f" {word} " in ids for word in (GITLINK, SYMLINK, *EMPTY_BLOBS)
                       if len(word) in (6, self.id_end - 7))

    def read(self, paths: Iterable[str]) -> dict[str, bytes]:
        """Contents of the paths that exist, read with one `git cat-file --batch`."""
        entries = {p: self._entry(p) for p in paths}
        wanted = {p: e[7 : self.id_end] for p, e in entries.items() if e is not None}
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
    """The index (honours GIT_INDEX_FILE, as `git commit <path>` sets it).

    The listing stays git's text, read where a question points (repo/listing.py);
    a listing with merge conflicts (stages 1-3), a tab in a path or bytes that are
    not UTF-8 is split record by record instead.
    """
    from specsync.repo.listing import Listing, split_records

    lazy = git.run_mapped(["ls-files", "-s", "-z"], repo.root, Listing.read)
    if not lazy:
        return Snapshot(repo, {})
    if isinstance(lazy, str):  # not read in place: split
        entries, unmerged = split_records(lazy)
        snap = Snapshot(repo, entries, lazy.index("\t") - 9)
        snap.unmerged = unmerged
        return snap
    return Snapshot(repo, lazy, lazy.width - 10)


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
