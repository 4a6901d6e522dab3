"""An in-sync verdict remembered with what it read: a later check of an index that
differs from that one only at paths the verdict never read says "in sync" again
without listing the index.

A check settled by object ids depends on two things only: the file names (globs,
folders, which files exist) and the entries (mode, object id) of the paths it
looked at (the config, sources and copies, the files discovery read). The
snapshot keeps those paths and the folders whose records decided (`Snapshot.track`);
a run that settled everything (`pipeline.collect`) stores them with the state of
the index it read (`repo.since`: a commit and the index's diff against it). The
next check diffs the index against the same commit: when no name was added or
removed and no changed path is one the verdict read, the verdict stands, at the
cost of one `git diff-index` (about half a `git ls-files -s`) and no work per file.

Nothing is remembered from a run that asked anything besides the index (HEAD for
a removed source, the disk or ignore rules for a build output: `Snapshot.outside`),
that wanted every entry, or whose index changed while it ran; nor by a first run
in a fresh clone (no `.git/specsync` yet: CI runs once, and the diff would be
spent for nothing). The code that decided is part of the record: the version, the
folder of the package and the modification times of every one of its modules, not
only of those the run imported: a run answered from the caches never imported the
parsers and finders that filled them, which a fresh clone's check runs; and another
installation of the same version (a hook environment of another commit) is other code.
"""
from __future__ import annotations

import os

from specsync import __version__
from specsync.repo import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from specsync.repo.git import Repo
    from specsync.repo.snapshot import Snapshot

CACHE_NAME = "verdict.cache"
PACKAGE = cache.PACKAGE  # specsync's folder
REBASE = 512  # diff records beyond which the remembered state moves to HEAD's commit

Marked = tuple[tuple[tuple[bytes, ...], str], ...]  # (marks, NUL-joined paths) per kind
Read = tuple[str, tuple[str, ...], Marked, tuple[str, ...], str]  # what it read, and code
Record = tuple[str, bytes, str, tuple[str, ...], Marked, tuple[str, ...], str]


class Since:
    """This run's view of the remembered verdict: `holds` when it answers this index."""

    __slots__ = ("base", "diff", "holds", "repo", "stamp")

    def __init__(self, repo: Repo, stamp: tuple[int, int, int] | None) -> None:
        self.repo = repo
        self.stamp = stamp  # of the index file, before anything read it
        self.base: str | None = None  # the commit the remembered state is diffed against
        self.diff: bytes | None = None  # this index's diff against it
        self.holds = False


def index_stamp(repo: Repo) -> tuple[int, int, int] | None:
    """The index file's (mtime ns, size, inode): equal stamps, one index (GIT_INDEX_FILE
    too: `git commit PATHS` checks a temporary index)."""
    path = os.environ.get("GIT_INDEX_FILE") or os.path.join(repo.git_dir, "index")
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _load(repo: Repo) -> Record | None:
    found = cache.load(repo.git_dir, CACHE_NAME, __version__)
    if not isinstance(found, tuple) or len(found) != 7:
        return None
    return found


def attempt(repo: Repo) -> Since:
    """Whether the remembered verdict answers the index as it is now. Asked only where
    specsync ran before (`git.ran_here`): a first run in a fresh clone keeps nothing."""
    run = Since(repo, index_stamp(repo))
    record = _load(repo)
    if record is None:
        return run
    from specsync.repo import since

    base, then, looked, folders, marked, files, code = record
    if run.stamp is None or _code(files) != code:
        return run
    now = since.diff(repo, base)
    if now is None:
        return run
    run.base, run.diff = base, now
    run.holds = _holds(repo, since.changes(then, now), looked, folders, marked)
    if run.holds and now.count(b"\0") > 2 * REBASE:  # far from HEAD: move closer
        _store(run, (looked, folders, marked, files, code), len(base))
    return run


def _holds(repo: Repo, found: tuple[dict[str, str], bool] | None, looked: str,
           folders: tuple[str, ...], marked: Marked) -> bool:
    """No name added or removed, no changed entry the verdict read, and no changed
    candidate of discovery that now holds a mark of its kind."""
    if found is None or found[1]:
        return False
    from specsync.repo import since

    changed = found[0]
    if since.touches(changed, looked, folders):
        return False
    for marks, paths in marked:
        gained = [oid for p, oid in changed.items() if f"\0{p}\0" in paths]
        if gained and since.marked(repo, gained, marks):
            return False
    return True


def remember(snap: Snapshot, run: Since) -> None:
    """Keep the in-sync verdict this run reached for the index it read (`snap`, tracked)."""
    if snap.looked is None or snap.outside:
        return
    files = _modules()
    marked = tuple((marks, _joined(paths)) for marks, paths in snap.marks_only.items())
    _store(run, (_joined(snap.looked), tuple(snap.folders), marked, files, _code(files)),
           snap.id_end - 7)


def _modules() -> tuple[str, ...]:
    """Every module of the package, as paths inside its folder."""
    found: list[str] = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        inside = os.path.relpath(folder, PACKAGE)
        found += [name if inside == "." else os.path.join(inside, name)
                  for name in names if name.endswith(".py")]
    return tuple(sorted(found))


def _code(files: tuple[str, ...]) -> str:
    """The running code: `cache.code_stamp` of `files`, found in the running package."""
    return cache.code_stamp([os.path.join(PACKAGE, f) for f in files])


def _joined(paths: Iterable[str]) -> str:
    return "\0" + "\0".join(sorted(paths)) + "\0"


def _store(run: Since, read: Read, width: int) -> None:
    """Keep `read` (what the verdict read, and the code that reached it) with the state of
    the index: this run's diff, or one against HEAD when there is none or it grew long."""
    from specsync.repo import since

    base, now = run.base, run.diff
    if base is None or now is None or now.count(b"\0") > 2 * REBASE:
        # HEAD's commit; before the first commit, the empty tree (while the index is small)
        base = since.head(run.repo) or since.EMPTY_TREES[width == 64]
        now = since.diff(run.repo, base)
        if now is not None and base in since.EMPTY_TREES and now.count(b"\0") > 2 * REBASE:
            return
    if now is None or index_stamp(run.repo) != run.stamp:
        return  # git could not diff, or the index changed while this run read it
    record: Record = (base, now, *read)
    cache.store(run.repo.git_dir, CACHE_NAME, __version__, record)
