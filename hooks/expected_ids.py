"""Remembered object ids of transformed copies, so an unchanged one costs no parse.

The expected bytes of a transformed copy depend only on the source's bytes
(its object id), the source's path (`{source}` in a header), the transform's
settings and specsync's version. The git object id of those bytes is stored
under that key in `.git/specsync/expected.cache`; when the staged copy has
that id, it is in sync without reading, parsing or importing anything.
"""
from __future__ import annotations

import marshal
import os

from hooks import VERSION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.config import CopySpec
    from hooks.git import Repo

MAX_ENTRIES = 4096
Key = tuple[object, ...]


_stamp: list[str] = []


def stamp() -> str:
    """What else decides the bytes: specsync's transform code and the YAML library.

    Both are identified by file modification times, found without importing
    ruamel.yaml (whose import alone costs more than an in-sync check).
    """
    if not _stamp:
        import sys

        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transform.py")
        parts = [VERSION, str(os.stat(here).st_mtime_ns)]
        for folder in sys.path:
            try:
                parts.append(str(os.stat(os.path.join(folder or ".", "ruamel", "yaml",
                                                      "__init__.py")).st_mtime_ns))
                break
            except OSError:
                continue
        _stamp.append(":".join(parts))
    return _stamp[0]


def key(spec: CopySpec, source: str, source_id: str) -> Key:
    return (stamp(), source, source_id, spec.transform, spec.indent, spec.select, spec.header)


def blob_id(data: bytes, like: str) -> str:
    """The git object id of a blob holding `data`, in the hash of the id `like`."""
    import hashlib

    algo = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return algo(b"blob %d\0" % len(data) + data).hexdigest()


class ExpectedIds:
    """The cache file, read once, written back only when it learned something."""

    def __init__(self, repo: Repo) -> None:
        self.path = os.path.join(repo.git_dir, "specsync", "expected.cache")
        self.ids: dict[Key, str] = {}
        self.changed = False
        try:
            with open(self.path, "rb") as f:
                loaded = marshal.load(f)
            if isinstance(loaded, dict):
                self.ids = loaded
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def get(self, k: Key) -> str | None:
        return self.ids.get(k)

    def put(self, k: Key, data: bytes) -> None:
        oid = blob_id(data, str(k[2]))
        if self.ids.get(k) != oid:
            self.ids.pop(k, None)  # re-inserted last: the oldest entries go first
            self.ids[k] = oid
            self.changed = True

    def save(self) -> None:
        """Best effort: a cache that cannot be written only costs time."""
        if not self.changed:
            return
        keep = dict(list(self.ids.items())[-MAX_ENTRIES:])
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            tmp = f"{self.path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                marshal.dump(keep, f)
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            pass
