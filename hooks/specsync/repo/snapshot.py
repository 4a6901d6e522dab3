"""The bytes of each path as git will commit them, as they are on disk, or at a rev.

A snapshot lists its files with their git object ids when it knows them (the
index and a rev do; the working tree does not), so that two paths with the
same id are known to be byte-identical without reading either. The index's is
here; the working tree's and a rev's are in `repo.states`.
"""
from __future__ import annotations

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
        # what a run that remembers its verdict read (repo/verdict.py): the paths whose
        # entries it was told, the folders whose every entry decided; `looked` None: not kept,
        # or every entry was wanted; `outside`: it asked more than the index (HEAD, disk)
        self.looked: set[str] | None = None
        self.folders: list[str] = []
        self.outside = False
        # discovery's candidates that declare nothing: they matter again only once they
        # hold one of the marks (`//go:generate`...), which git grep can tell (scan.py)
        self.marks_only: dict[tuple[bytes, ...], list[str]] = {}

    def track(self) -> None:
        """Keep what this run reads of the entries, for `verdict.remember`."""
        self.looked = set()

    @property
    def listing(self) -> dict[str, str]:
        """path -> entry of every listed path (built from git's text on first use)."""
        self.looked = None  # every entry: nothing narrower to remember
        return self._all()

    def _all(self) -> dict[str, str]:
        if self._listing is None:
            self._listing = self._lazy.full()  # type: ignore[union-attr]
        return self._listing

    def _entry(self, path: str) -> str | None:
        if self.looked is not None:
            self.looked.add(path)
        if self._lazy is not None:
            return self._lazy.get(path)
        return self._all().get(path)

    def ids_with_tail(self, tails: AbstractSet[str], width: int,
                      skip: tuple[str, ...] = ()) -> dict[str, str]:
        """path -> object id ("" when unknown) of the paths whose last `width` characters
        are one of `tails` (found by C search, see `listing.with_tail`), but for those below
        the folders `skip` (each ending in /: their records are not looked at)."""
        if self._lazy:
            found = self._lazy.with_tail(sorted(tails), width, self.id_end, skip)
        else:
            from specsync.repo.listing import with_tail

            found = with_tail(self._all(), sorted(tails), width, self.id_end)
            if skip:
                found = {p: oid for p, oid in found.items() if not p.startswith(skip)}
        if self.looked is not None:
            self.looked.update(found)
        return found

    def records(self, folder: str) -> tuple[str, int, int] | None:
        """git's own records of the files below `folder` (`<mode> <id> 0 TAB <path> NUL`
        each), as git's text and the offsets they lie between, when the snapshot still
        holds that text (config/settled.py reads them there, without a copy). A verdict
        that rests on what they hold says so (`rest_on`): their names alone are kept anyway."""
        if self._lazy is None:
            return None
        return self._lazy.text, *self._lazy.span(folder)

    def rest_on(self, folder: str) -> None:
        """This run's verdict rests on every entry below `folder` (its records compared)."""
        if self.looked is not None:
            self.folders.append(folder)

    def size(self) -> int:
        """How many entries the snapshot lists (no entry is split to count them)."""
        return self._lazy.count if self._lazy is not None else len(self._all())

    def paths(self) -> Iterable[str]:
        return self.sorted_paths() if self._lazy is not None else self._all().keys()

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
        self.outside = True  # a flag no diff of the index shows: no verdict rests on it
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
            self._sorted = lazy.under("") if lazy is not None else sorted(self._all())
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
        metas = self._lazy.metas if self._lazy else lambda ps: [*map(self._all().get, ps)]
        if self.looked is not None:
            self.looked.update(paths, others)
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
