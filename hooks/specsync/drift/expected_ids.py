"""Remembered object ids of transformed copies, so an unchanged one costs no parse.

The expected bytes of a transformed copy depend only on the source's bytes
(its object id), the source's path (`{source}` in a header), the transform's
settings and the code that writes them. The git object id of those bytes is
stored under that key in the cache (`expected.cache`); when the staged copy has
that id, it is in sync without reading, parsing or importing anything.
"""
from __future__ import annotations

import os

from specsync.registry import SELECT_WRITERS, TRANSFORMS, source_file
from specsync.repo import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.config.model import CopySpec
    from specsync.repo.git import Repo

CACHE_NAME = "expected.cache"
MAX_ENTRIES = 4096
Key = tuple[object, ...]


_stamp: list[str] = []


def stamp() -> str:
    """What else decides the bytes: specsync's transform and YAML-reading code, the YAML
    library, and which of its parsers runs (C or pure Python; they read alike, see
    `specsync.yaml12`, but a copy must never pass on a cache made by the other).

    All found without importing ruamel.yaml (whose import alone costs more than an
    in-sync check): code by file modification times, the parser by where the first
    `_ruamel_yaml` on the module path is an extension module.
    """
    if not _stamp:
        import sys

        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transforms")
        files = [os.path.join(here, "__init__.py")]
        modules = {row.module for row in TRANSFORMS.values()} | set(SELECT_WRITERS.values())
        modules |= {"specsync.documents", "specsync.yaml12", "specsync.drift.ignore",
                    "specsync.config.pointers", "specsync.drift.levels"}
        files += sorted(source_file(m) for m in modules)
        for folder in sys.path:
            ruamel = os.path.join(folder or ".", "ruamel", "yaml", "__init__.py")
            if os.path.exists(ruamel):
                files.append(ruamel)
                break
        _stamp.append(f"{cache.code_stamp(files)}:{yaml_parser(sys.path)}")
    return _stamp[0]


def yaml_parser(path: list[str]) -> str:
    """"c" when the first `_ruamel_yaml` module on `path` is ruamel.yaml.clib's extension
    (what `ruamel.yaml.cyaml` imports), else "pure"."""
    import _imp

    for folder in path:
        base = os.path.join(folder or ".", "_ruamel_yaml")
        if any(os.path.exists(base + suffix) for suffix in _imp.extension_suffixes()):
            return "c"
        if os.path.exists(base + ".py") or os.path.isdir(base):
            return "pure"
    return "pure"


def key(spec: CopySpec, source: str, source_id: str, copy: str = "") -> Key:
    """What a copy's expected id depends on; a copy with `ignore:` keeps its own values at
    the ignored places, so its id (the copy's, found in sync) is its own: the copy's path
    and the patterns are part of its key."""
    base = (stamp(), source, source_id, spec.transform, spec.indent, spec.select, spec.header)
    return (*base, copy, spec.ignore) if spec.ignore else base


class ExpectedIds:
    """The cache file, read once, written back only when it learned something."""

    def __init__(self, repo: Repo) -> None:
        self.git_dir = repo.git_dir
        loaded = cache.load(repo.git_dir, CACHE_NAME, "ids")
        self.ids: dict[Key, str] = dict(loaded) if isinstance(loaded, dict) else {}
        self.changed = False

    def get(self, k: Key) -> str | None:
        return self.ids.get(k)

    def put(self, k: Key, data: bytes) -> None:
        from specsync.repo.blobs import blob_id  # only when a copy was computed

        oid = blob_id(data, len(str(k[2])))
        if self.ids.get(k) != oid:
            self.ids.pop(k, None)  # re-inserted last: the oldest entries go first
            self.ids[k] = oid
            self.changed = True

    def save(self) -> None:
        """Best effort: a cache that cannot be written only costs time."""
        if self.changed:
            keep = dict(list(self.ids.items())[-MAX_ENTRIES:])
            cache.store(self.git_dir, CACHE_NAME, "ids", keep)
