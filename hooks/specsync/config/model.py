"""`.specsync.yaml` as records: links, their copies, generated entries, the config.

Hand-written `__slots__` classes, not dataclasses: 10,000 links are rebuilt from
the cache on every run, and `dataclasses`/`typing` cost more to import than the
whole in-sync check. `plain`/`from_plain` turn them into marshal-able tuples.
"""
from __future__ import annotations

from specsync import CONFIG_NAME
from specsync.registry import DISCOVERY_KINDS as _KINDS

DISCOVERY_KINDS = tuple(_KINDS)
DEFAULT_TIMEOUT = 600.0  # seconds a generator command may run (`timeout:`)


class CopySpec:
    """One copy of a link, as written in the config."""

    __slots__ = ("compare", "header", "ignore", "indent", "line", "path", "select", "transform")

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
        ignore: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.line = line
        self.transform = transform
        self.indent = indent
        self.select = select
        self.header = header
        self.compare = compare
        self.ignore = ignore  # `compare: data` only: where the copy may differ (config.pointers)

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


_COPY_FIELDS = ("path", "line", "transform", "indent", "select", "header", "compare", "ignore")


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
                 spec.compare, spec.ignore) = fields
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
