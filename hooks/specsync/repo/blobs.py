"""git object ids of bytes and of files on disk, and reading staged files from disk.

One definition of a blob's id (`blob <size>\\0<bytes>`, sha1 or sha256) serves
the lock digests, the remembered ids of transformed copies and the reads that
trust the disk when it hashes to the staged id. The hashers come from the
interpreter's built-in modules: importing `hashlib` (and OpenSSL) costs more
than an in-sync check.
"""
from __future__ import annotations

import os
import sys

from specsync.repo import git
from specsync.repo.snapshot import REGULAR

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from specsync.repo.git import Repo
    from specsync.repo.snapshot import Snapshot

READ_LIMIT = 64  # files read and hashed from disk at most; more go to one `git cat-file`

_HASHERS: dict[str, Callable[[bytes], Any]] = {}


def hasher(name: str) -> Callable[[bytes], Any]:
    """sha1 or sha256, from the built-in `_sha1`/`_sha2` modules when they exist.

    The module that holds `name` is tried first: every other one tried is an import (or a
    search of sys.path that fails) paid on each run that hashes. `_sha2` holds no sha1;
    before Python 3.12 sha256 is in `_sha256`.
    """
    if name in _HASHERS:
        return _HASHERS[name]
    home = "_sha1" if name == "sha1" else "_sha2" if sys.version_info >= (3, 12) else "_sha256"
    for module in dict.fromkeys((home, f"_{name}", "_sha2", "_sha1")):
        try:
            found = getattr(__import__(module), name, None)
        except ImportError:
            continue
        if found is not None:
            _HASHERS[name] = found
            return found  # type: ignore[no-any-return]
    import hashlib  # pragma: no cover

    return getattr(hashlib, name)  # type: ignore[no-any-return]  # pragma: no cover


def blob_id(data: bytes, length: int = 40) -> str:
    """git's object id for a blob holding `data` (sha1, or sha256 for 64-digit ids)."""
    make = hasher("sha256" if length == 64 else "sha1")
    return str(make(b"blob %d\0" % len(data) + data).hexdigest())


def read_verified(snap: Snapshot, paths: Iterable[str]) -> dict[str, bytes]:
    """The snapshot's bytes of `paths`, from disk when they hash to the staged object id
    (no git process), else through one `git cat-file --batch`."""
    from specsync.repo.disk import regular_bytes

    wanted = list(paths)
    found: dict[str, bytes] = {}
    if snap.kind == "index" and len(wanted) <= READ_LIMIT:
        for path in wanted:
            oid = snap.object_id(path)
            if oid is None or snap.mode(path) not in REGULAR:
                continue
            data = regular_bytes(os.path.join(snap.repo.root, path))
            if data is not None and blob_id(data, len(oid)) == oid:
                found[path] = data
    rest = [p for p in wanted if p not in found]
    if rest:
        found.update(snap.read(rest))
    return found


def _on_disk(repo: Repo, paths: Iterable[str]) -> tuple[list[str], set[str]]:
    """(regular files, symlinks) among `paths`, judged by `lstat` as git judges them: a
    symlink is an entry of its own whether it points to a file, a folder or nothing."""
    from specsync.repo.disk import kind_at

    files: list[str] = []
    links: set[str] = set()
    for path in paths:
        kind = kind_at(os.path.join(repo.root, path))
        if kind == "symlink":
            links.add(path)
            files.append(path)
        elif kind == "file":
            files.append(path)
    return files, links


def hash_files(repo: Repo, paths: Iterable[str]) -> dict[str, str]:
    """The object ids `git add` would store for the files on disk: a regular file through
    git's filters (`git hash-object`), a symlink as its link text whether or not it
    resolves (as the index holds it); a folder, a FIFO or nothing has none."""
    files, links = _on_disk(repo, paths)
    plain = [p for p in files if "\n" not in p and p not in links]
    found: dict[str, str] = {}
    if plain:
        _, out = git.run(["hash-object", "--stdin-paths"], repo.root,
                         data=git.stdin_paths(plain))
        found.update(zip(plain, out.decode().split(), strict=True))
    length = len(next(iter(found.values()), "x" * 40))
    for odd in set(files) - set(plain):  # git stores a symlink's target; hash odd names here
        full = os.path.join(repo.root, odd)
        if odd in links:
            found[odd] = blob_id(os.fsencode(os.readlink(full)), length)
        else:
            with open(full, "rb") as f:
                found[odd] = blob_id(f.read(), length)
    return found


def object_ids(snap: Snapshot, paths: Iterable[str]) -> dict[str, str]:
    """Object ids of the paths that exist: from the index or commit, or hashed from disk."""
    if snap.kind != "worktree":
        return {p: oid for p in paths if (oid := snap.object_id(p)) is not None}
    return hash_files(snap.repo, paths)
