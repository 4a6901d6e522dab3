"""`.specsync.yaml`: loaded from a snapshot here, cached by the file's git object id; the
records (`model`), the parser and checker (`parse`, `checker`, `generated`) and the JSON
Schema writer (`schema`) are the submodules.

Parsing and validating (ruamel.yaml, slow to import) lives in `config.parse`;
an unchanged config costs one small `marshal.loads` per run. The cache also
holds, for a config of nothing but plain copies, its (sources, copies) pairs,
which the pipeline settles by object ids without building a single link.
"""
from __future__ import annotations

import marshal
import os

from specsync import CONFIG_NAME
from specsync.errors import InputError
from specsync.repo import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.config.model import Config
    from specsync.repo.snapshot import Snapshot

CACHE_NAME = "config.cache"
_PARSERS = ("__init__.py", "model.py", "parse.py", "checker.py", "copies.py", "pointers.py",
            "generated.py", "quick.py", "quick_values.py")

Pairs = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _cache_key(snapshot: Snapshot, data: bytes | None) -> str:
    oid = snapshot.object_id(CONFIG_NAME)
    if oid is None:
        from specsync.repo.blobs import blob_id

        oid = "disk:" + blob_id(data or b"")
    # the code that parses the config is part of the key (it changes in development)
    here = os.path.dirname(__file__)
    files = [os.path.join(here, name) for name in _PARSERS]
    base = os.path.dirname(here)  # transform names; YAML wording and bounds
    files += [os.path.join(base, "registry.py"), os.path.join(base, "documents.py")]
    return f"{cache.code_stamp(files)}:{oid}"


def _cached(snapshot: Snapshot, key: str) -> tuple[Pairs | None, bytes] | None:
    """(plain pairs, the marshalled config) stored for `key`."""
    found = cache.load(snapshot.repo.git_dir, CACHE_NAME, key)
    return found if isinstance(found, tuple) else None


def load(snapshot: Snapshot) -> Config:
    """The config as it is in `snapshot`, or an empty one when there is none."""
    return load_with_pairs(snapshot)[0]


def load_with_pairs(snapshot: Snapshot) -> tuple[Config, Pairs | None]:
    """The config, and its plain pairs (see `plain_pairs`) when it is nothing but plain
    copies: a first run (no cache yet) settles them like a warm one, without building
    links or importing the settled lane."""
    from specsync.config.model import Config  # not needed when object ids settled everything

    if not snapshot.exists(CONFIG_NAME):
        return Config([], exists=False), None
    data = None if snapshot.object_id(CONFIG_NAME) else _read(snapshot)
    key = _cache_key(snapshot, data)
    cached = _cached(snapshot, key)
    if cached is not None:
        return Config.from_plain(marshal.loads(cached[1])), cached[0]
    from specsync.config import parse

    config = parse.parse(data if data is not None else _read(snapshot), CONFIG_NAME)
    pairs = _pairs_of(config)
    cache.store(snapshot.repo.git_dir, CACHE_NAME, key,
                (pairs, marshal.dumps(config.plain())))  # type: ignore[arg-type]
    return config, pairs


def plain_pairs(snapshot: Snapshot) -> Pairs | None:
    """(sources, copies, discovery kinds) when the cached config is nothing but plain copies.

    That is: every source and copy a file path (no glob, no folder, no
    transform, compared as bytes; no prune, lock or generated entries). Such
    links are settled by comparing object ids, without being built. None
    otherwise, or when the cache does not hold this config yet.
    """
    if snapshot.object_id(CONFIG_NAME) is None:
        return None
    cached = _cached(snapshot, _cache_key(snapshot, None))
    return None if cached is None else cached[0]


def _pairs_of(config: Config) -> Pairs | None:
    from specsync.config.model import Config
    from specsync.globs import is_glob  # written with the cache only, never on the hot path

    if Config(config.links, config.discover).plain() != config.plain():
        return None  # more than links in the config (generated entries...)
    sources: list[str] = []
    copies: list[str] = []
    for link in config.links:
        if link.prune or link.lock or is_glob(link.source):
            return None
        for copy in link.copies:
            if not copy.is_plain_copy or copy.path.endswith("/"):
                return None
            sources.append(link.source)
            copies.append(copy.path)
    return tuple(sources), tuple(copies), tuple(config.discover)


def _read(snapshot: Snapshot) -> bytes:
    if snapshot.mode(CONFIG_NAME) not in ("100644", "100755"):
        raise InputError(CONFIG_NAME, "must be a regular file")
    from specsync.repo.blobs import read_verified  # from disk when it hashes to the staged id

    data = read_verified(snapshot, [CONFIG_NAME]).get(CONFIG_NAME)
    if data is None:
        raise InputError(CONFIG_NAME, f"cannot be read from the {snapshot.label} files")
    return data
