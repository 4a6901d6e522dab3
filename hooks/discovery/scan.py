"""Which files declare copies, and what they declare, cached by git object id.

The candidates (.go files, Makefiles) come from the snapshot's file list, which
the index listing already holds with object ids: no file is read to decide
that nothing changed. The cache in the git dir maps each candidate to its
object id and to what its finder returned, so a run re-reads only the files
whose id changed; a cold run asks `git grep` which .go files hold a
`//go:generate` line instead of reading them all.
"""
from __future__ import annotations

import marshal
import os

from hooks import VERSION, git
from hooks.snapshot import REGULAR

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.discovery.model import Op, Unknown
    from hooks.snapshot import Snapshot

CACHE_NAME = "discovery.cache"
MAKEFILES = frozenset(("GNUmakefile", "makefile", "Makefile"))
READ_LIMIT = 64  # more changed .go files than this: let git grep pick the ones to read
_MODULES = ("scan.py", "go.py", "make.py", "shell.py", "model.py")

Files = dict[str, str]
Plain = dict[str, tuple[object, ...]]


def candidates(snap: Snapshot, kinds: Sequence[str]) -> Files:
    """path -> object id of every file a finder of `kinds` may have to read."""
    ends = {end for kind, end in (("go", ".go"), ("make", "ile")) if kind in kinds}
    if not ends:
        return {}
    # one slice and one set lookup per path: several times faster than str.endswith
    found = {p: e[1] for p, e in snap.entries.items() if p[-3:] in ends}
    for path in [p for p in found if p[-3:] == "ile"]:
        if path.rpartition("/")[2] not in MAKEFILES:
            del found[path]  # Dockerfile, Gemfile...
    return found


def listing(files: Files) -> tuple[str, str]:
    """The candidates as two strings: comparing is a memcmp, loading is a copy."""
    return "\0".join(files), "\0".join(files.values())


def _unlist(listed: tuple[str, str] | None) -> Files:
    if not listed or not listed[0]:
        return {}
    return dict(zip(listed[0].split("\0"), listed[1].split("\0"), strict=True))


def _key(kinds: Sequence[str]) -> str:
    here = os.path.dirname(__file__)
    stamps = [os.stat(os.path.join(here, name)).st_mtime_ns for name in _MODULES]
    return f"{VERSION}:{','.join(kinds)}:{stamps}"


def _load(path: str, key: str) -> tuple[tuple[str, str] | None, Plain]:
    try:
        with open(path, "rb") as f:
            cached_key, listed, found = marshal.load(f)
        if cached_key == key:
            return listed, found
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return None, {}


def _store(path: str, key: str, listed: tuple[str, str], found: Plain) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            marshal.dump((key, listed, found), f)
        os.replace(tmp, path)
    except OSError:
        pass


def scan(snap: Snapshot, kinds: Sequence[str]) -> tuple[list[Op], list[Unknown]]:
    """Every copy the declaring files of `snap` perform, and what is not understood."""
    files = candidates(snap, kinds)
    if not files:
        return [], []
    cacheable = snap.kind != "worktree"  # the working tree has no object ids
    cache = os.path.join(snap.repo.git_dir, "specsync", CACHE_NAME)
    key = _key(kinds) if cacheable else ""
    listed = listing(files)
    old_listed, found = _load(cache, key) if cacheable else (None, {})
    if not cacheable or old_listed != listed:
        old = _unlist(old_listed)
        changed = [p for p, oid in files.items() if not oid or old.get(p) != oid]
        found = {p: v for p, v in found.items() if p in files and old.get(p) == files[p]}
        found.update(_parse(snap, changed, len(changed) == len(files)))
        if cacheable:
            _store(cache, key, listed, found)
    return _records(found)


def _records(found: Plain) -> tuple[list[Op], list[Unknown]]:
    if not found:
        return [], []
    from hooks.discovery.model import Found

    ops: list[Op] = []
    unknown: list[Unknown] = []
    for path in sorted(found):
        record = Found.from_plain(found[path])
        ops.extend(record.ops)
        unknown.extend(record.unknown)
    return ops, unknown


def _parse(snap: Snapshot, changed: list[str], everything: bool) -> Plain:
    from hooks.discovery import go, make

    go_files = [p for p in changed if p.endswith(".go") and go.is_candidate(p)]
    if len(go_files) > READ_LIMIT:
        go_files = grep_directives(snap, go_files, everything)
    makefiles = [p for p in changed if make.is_candidate(p)]
    contents = read_verified(snap, go_files + makefiles)
    plain: Plain = {}
    for path, data in contents.items():
        if path.endswith(".go"):
            if go.MARK not in data:
                continue
            record = go.find(path, data)
        else:
            record = make.find(path, data)
        if record.ops or record.unknown:
            plain[path] = record.plain()
    return plain


def read_verified(snap: Snapshot, paths: list[str]) -> dict[str, bytes]:
    """The staged bytes of `paths`: from disk when they hash to the staged object id
    (no git process), else through one `git cat-file --batch`."""
    found: dict[str, bytes] = {}
    if snap.kind == "index" and len(paths) <= READ_LIMIT:
        import hashlib
        import stat

        for path in paths:
            oid = snap.object_id(path) or ""
            full = os.path.join(snap.repo.root, path)
            try:  # never through a symlink (a committed `x.go -> /dev/zero`) or into a FIFO
                if snap.mode(path) not in REGULAR or not stat.S_ISREG(os.lstat(full).st_mode):
                    continue
                with open(full, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            algorithm = hashlib.sha256 if len(oid) == 64 else hashlib.sha1
            blob = algorithm(b"blob %d\0" % len(data))
            blob.update(data)
            if blob.hexdigest() == oid:
                found[path] = data
    rest = [p for p in paths if p not in found]
    if rest:
        found.update(snap.read(rest))
    return found


def grep_directives(snap: Snapshot, paths: list[str], everything: bool) -> list[str]:
    """The paths among `paths` that hold `//go:generate`, asked of git grep in one run."""
    args = ["--literal-pathspecs", "grep", "-l", "-z", "-F", "-e", "//go:generate"]
    if snap.kind == "index":
        args.insert(2, "--cached")
    elif snap.kind == "worktree":
        args.insert(2, "--untracked")
    prefix = ""
    if snap.kind == "rev":
        args.append(snap.label)  # verified by snapshot.at_rev; refs never start with "-"
        prefix = snap.label + ":"
    if everything:
        args = [a for a in args if a != "--literal-pathspecs"]
        args += ["--", "*.go"]
    else:
        args += ["--", *paths]
    _, out = git.run(args, snap.repo.root, ok=(0, 1))
    wanted = set(paths)
    hits = (os.fsdecode(p).removeprefix(prefix) for p in out.split(b"\0") if p)
    return [p for p in hits if p in wanted]
