"""`.specsync.yaml`: the model, and loading it from a snapshot (cached).

Parsing and validating (ruamel.yaml, slow to import) lives in `config_parse`;
this module only holds the model and a cache keyed by the file's git object
id, so an unchanged config costs one small `marshal.load` per run.
"""
from __future__ import annotations

import marshal
import os

from hooks import VERSION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.snapshot import Snapshot

CONFIG_NAME = ".specsync.yaml"
DISCOVERY_KINDS = ("go", "make")
DEFAULT_TIMEOUT = 600.0  # seconds a generator command may run (`timeout:`)


class CopySpec:
    """One copy of a link, as written in the config."""

    __slots__ = ("compare", "header", "indent", "line", "path", "select", "transform")

    def __init__(
        self,
        path: str,
        line: int,
        *,
        transform: str | None = None,
        indent: int = 2,
        select: str | None = None,
        header: str | None = None,
        compare: str = "bytes",
    ) -> None:
        self.path = path
        self.line = line
        self.transform = transform
        self.indent = indent
        self.select = select
        self.header = header
        self.compare = compare

    def plain(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _COPY_FIELDS)

    @property
    def transformed(self) -> bool:
        """The expected bytes are computed from the source (`select: ""` and `header: ""`
        count: they rewrite the source too)."""
        return bool(self.transform) or self.select is not None or self.header is not None

    @property
    def is_plain_copy(self) -> bool:
        """Byte-for-byte copy: the expected bytes are the source's bytes."""
        return not self.transformed and self.compare == "bytes"


_COPY_FIELDS = ("path", "line", "transform", "indent", "select", "header", "compare")


class LinkSpec:
    """A source and its copies; `origin` says where it was declared."""

    __slots__ = ("copies", "line", "lock", "origin", "prune", "source")

    def __init__(
        self,
        source: str,
        copies: list[CopySpec],
        origin: str,
        line: int,
        *,
        prune: bool = False,
        lock: bool = False,
    ) -> None:
        self.source = source
        self.copies = copies
        self.origin = origin
        self.line = line
        self.prune = prune
        self.lock = lock


class GeneratedSpec:
    """Outputs that a command generates from sources (`generated:` in the config)."""

    __slots__ = ("command", "line", "origin", "outputs", "shell", "sources", "timeout")

    def __init__(
        self,
        sources: tuple[str, ...],
        outputs: tuple[str, ...],
        command: str,
        origin: str,
        line: int,
        *,
        shell: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.sources = sources
        self.outputs = outputs
        self.command = command
        self.origin = origin
        self.line = line
        self.shell = shell
        self.timeout = timeout

    def plain(self) -> tuple[object, ...]:
        return (self.sources, self.outputs, self.command, self.origin, self.line, self.shell,
                self.timeout)


class Config:
    __slots__ = ("discover", "exists", "generated", "links", "path", "run_discovered")

    def __init__(
        self,
        links: list[LinkSpec],
        discover: tuple[str, ...] = DISCOVERY_KINDS,
        *,
        path: str = CONFIG_NAME,
        exists: bool = True,
        generated: list[GeneratedSpec] | None = None,
        run_discovered: bool = False,
    ) -> None:
        self.links = links
        self.discover = discover
        self.path = path
        self.exists = exists
        self.generated = generated or []
        self.run_discovered = run_discovered

    def plain(self) -> tuple[object, ...]:
        links = tuple(
            (link.source, tuple(c.plain() for c in link.copies), link.origin, link.line,
             link.prune, link.lock)
            for link in self.links
        )
        generated = tuple(g.plain() for g in self.generated)
        return (links, self.discover, generated, self.run_discovered)

    @classmethod
    def from_plain(cls, plain: tuple[object, ...]) -> Config:
        raw_links, discover, raw_generated, run_discovered = plain
        links = []
        new = object.__new__  # 10,000 links: keyword-argument __init__ calls cost 3x more
        for source, copies, origin, line, prune, lock in raw_links:  # type: ignore[attr-defined]
            specs = []
            for fields in copies:
                spec = new(CopySpec)
                (spec.path, spec.line, spec.transform, spec.indent, spec.select, spec.header,
                 spec.compare) = fields
                specs.append(spec)
            link = new(LinkSpec)
            link.source, link.copies, link.origin, link.line = source, specs, origin, line
            link.prune, link.lock = prune, lock
            links.append(link)
        generated = [
            GeneratedSpec(src, out, cmd, origin, line, shell=shell, timeout=timeout)
            for src, out, cmd, origin, line, shell, timeout in raw_generated  # type: ignore[attr-defined]
        ]
        return cls(links, discover, generated=generated,  # type: ignore[arg-type]
                   run_discovered=bool(run_discovered))


_PARSERS = ("config.py", "config_parse.py", "config_generated.py")


def _cache_key(snapshot: Snapshot, data: bytes | None) -> str:
    oid = snapshot.object_id(CONFIG_NAME)
    if oid is None:
        import hashlib

        oid = hashlib.sha1(data or b"", usedforsecurity=False).hexdigest()
    # the code that parses the config is part of the key (it changes in development)
    here = os.path.dirname(__file__)
    stamp = sum(os.stat(os.path.join(here, name)).st_mtime_ns for name in _PARSERS)
    return f"{VERSION}:{stamp}:{oid}"


def load(snapshot: Snapshot) -> Config:
    """The config as it is in `snapshot`, or an empty one when there is none."""
    if not snapshot.exists(CONFIG_NAME):
        return Config([], exists=False)
    data = None if snapshot.object_id(CONFIG_NAME) else _read(snapshot)
    key = _cache_key(snapshot, data)
    cache = os.path.join(snapshot.repo.git_dir, "specsync", "config.cache")
    cached = _cached(cache, key)
    if cached is not None:
        return Config.from_plain(marshal.loads(cached[1]))
    from hooks import config_parse

    config = config_parse.parse(data if data is not None else _read(snapshot), CONFIG_NAME)
    _store(cache, key, config)
    return config


Pairs = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def plain_pairs(snapshot: Snapshot) -> Pairs | None:
    """(sources, copies, discovery kinds) when the cached config is nothing but plain copies.

    That is: every source and copy a file path (no glob, no folder, no
    transform, compared as bytes; no prune, lock or generated entries). Such
    links are settled by comparing object ids, without being built. None
    otherwise, or when the cache does not hold this config yet.
    """
    oid = snapshot.object_id(CONFIG_NAME)
    if oid is None:
        return None
    cached = _cached(os.path.join(snapshot.repo.git_dir, "specsync", "config.cache"),
                     _cache_key(snapshot, None))
    return None if cached is None else cached[0]


_last: dict[str, tuple[str, tuple[Pairs | None, bytes]]] = {}


def _cached(cache: str, key: str) -> tuple[Pairs | None, bytes] | None:
    """(plain pairs, the marshalled config) stored for `key`; read once per run."""
    if cache not in _last:
        try:
            with open(cache, "rb") as f:
                stored_key, pairs, packed = marshal.loads(f.read())  # load(f): object by object
            _last[cache] = (stored_key, (pairs, packed))
        except (OSError, ValueError, EOFError, TypeError):
            return None
    stored_key, record = _last[cache]
    return record if stored_key == key else None


def _pairs_of(config: Config) -> Pairs | None:
    from hooks.links import is_glob  # written with the cache only, never on the hot path

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
    from hooks.errors import InputError

    if snapshot.mode(CONFIG_NAME) not in ("100644", "100755"):
        raise InputError(CONFIG_NAME, "must be a regular file")
    data = snapshot.read([CONFIG_NAME]).get(CONFIG_NAME)
    if data is None:
        raise InputError(CONFIG_NAME, f"cannot be read from the {snapshot.label} files")
    return data


def _store(cache: str, key: str, config: Config) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    _last.pop(cache, None)
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = f"{cache}.{os.getpid()}.tmp"
        record = (key, _pairs_of(config), marshal.dumps(config.plain()))  # type: ignore[arg-type]
        with open(tmp, "wb") as f:
            marshal.dump(record, f)
        os.replace(tmp, cache)
    except OSError:
        pass
