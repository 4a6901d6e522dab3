"""Other tracked files a finder reads (a script a recipe runs, an included .mk file).

A finder is given one declaring file's bytes; to follow a script or an include it asks
a `Reader`, which reads from the snapshot (never the working tree of another state),
keeps a budget of files and bytes (a file read again costs one of `MAX_AGAIN` reads, not
the budget), and remembers the object id of every path it was
asked about ("" for a path that is not a tracked regular file), so the cached result
of the declaring file is dropped as soon as any of them changes (see scan.py).
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.repo.snapshot import Snapshot

MAX_FILES = 32  # other files one declaring file may read
MAX_BYTES = 1 << 20  # their total size
MAX_AGAIN = 256  # reads of a file read before (a .mk file several included files include)
GLOB_KEY = "\0glob:"  # a remembered wildcard expansion among the reads


class Reader:
    """Reads tracked files of `snap` for one declaring file, within a budget."""

    __slots__ = ("_memo", "again", "done", "ids", "left_bytes", "left_files", "snap")

    def __init__(self, snap: Snapshot | None, memo: dict[str, bytes | None] | None = None,
                 ) -> None:
        self.snap = snap
        self._memo = memo if memo is not None else {}  # shared by the finders of one scan
        self.ids: dict[str, str] = {}
        self.left_files = MAX_FILES
        self.left_bytes = MAX_BYTES
        self.again = MAX_AGAIN
        self.done: set[str] = set()  # paths read (within the budget) before

    def exists(self, path: str) -> bool:
        """Whether `path` is a tracked regular file (remembered like a read)."""
        if self.snap is None:
            return False
        from specsync.repo.snapshot import REGULAR

        self.ids[path] = self.snap.object_id(path) or ""
        return self.snap.mode(path) in REGULAR

    def read(self, path: str) -> bytes | None:
        """The bytes of `path`, None when it is no tracked regular file or the budget is
        spent (the caller says why it cannot follow it)."""
        if not self.exists(path):
            return None
        if path in self.done:
            self.again -= 1
            return self._memo[path] if self.again >= 0 else None
        if self.left_files <= 0:
            return None
        if path not in self._memo:
            from specsync.repo.blobs import read_verified

            assert self.snap is not None
            self._memo[path] = read_verified(self.snap, [path]).get(path)
        data = self._memo[path]
        if data is None or len(data) > self.left_bytes:
            return None
        self.left_files -= 1
        self.left_bytes -= len(data)
        self.done.add(path)
        return data

    def files(self, pattern: str) -> list[str] | None:
        """The tracked files an sh wildcard (a repository path) names, remembered like a
        read; None without a snapshot, when it names folders or nothing, or when sh may
        expand it differently."""
        if self.snap is None:
            return None
        found = _expand(self.snap, pattern)
        if found:
            self.ids[GLOB_KEY + pattern] = "\n".join(found)
        return found or None

    def reads(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.ids.items()))


def still_valid(reads: object, snap: Snapshot) -> bool:
    """Whether every file a cached result read still has the id it had (and every
    wildcard it expanded still names the same files)."""
    if not reads:
        return True
    return all(("\n".join(_expand(snap, path[len(GLOB_KEY):]) or ())
                if path.startswith(GLOB_KEY) else snap.object_id(path) or "") == oid
               for path, oid in reads)  # type: ignore[attr-defined]


def _expand(snap: Snapshot, pattern: str) -> list[str] | None:
    """The files `pattern` names as sh expands it, or None (folders, or refused)."""
    from specsync.discovery.shell_glob import Refused, expand, literal_base

    try:
        files, folders = expand(pattern, snap.under(literal_base(pattern)))
    except Refused:
        return None
    return None if folders else files
