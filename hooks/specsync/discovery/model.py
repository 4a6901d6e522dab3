"""Records that discovery produces: copy commands it understood, and the ones it did not.

Both are plain enough to cache with `marshal` (see `plain` / `from_plain`).
Paths are repository-relative and `/`-separated; sources may be shell globs.
"""
from __future__ import annotations

# where an Op's destination goes
INTO_DIR = "dir"  # a folder: each source lands under it by name (`cp a b dir/`)
INTO_FILE = "file"  # the file itself (`cat a > b`, `cp -T`)
INTO_AUTO = "auto"  # a folder if one exists there, else the file (`cp a b`)
INTO_MADE = "made"  # a folder the same command created first (`mkdir -p d && cp -r s d`)


class Op:
    """One copy a command performs: `cp [-r] SOURCES DEST` or `cat SOURCE > DEST`."""

    __slots__ = ("cleared", "dest", "dropped", "fresh", "into", "line", "patched", "path",
                 "recursive", "sources", "via")

    def __init__(
        self,
        path: str,
        line: int,
        sources: tuple[str, ...],
        dest: str,
        into: str,
        *,
        recursive: bool = False,
        fresh: bool = False,
        dropped: tuple[str, ...] = (),
        cleared: tuple[str, ...] = (),
        via: str = "",
        patched: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.path = path  # the file that declares it (a .go file, a Makefile, a script)
        self.line = line
        self.sources = sources
        self.dest = dest
        self.into = into
        self.recursive = recursive
        self.fresh = fresh  # the command removed `dest` first (`rm -rf dest && cp -r ...`)
        # what `rm` removes after the copy (paths or globs; "P/": everything below P): the
        # copies it names are gone when the commands have run, so they are not links
        self.dropped = dropped
        # what `rm` removed at or below `dest` before the copy (same notation): the folder
        # may be a mirror (discovery.mirror)
        self.cleared = cleared
        self.via = via  # what runs the script that declares it ("Makefile:77"), or ""
        # (path, which line): a later command that may write files names this path below
        # `dest` ("line 3 of the same recipe"); a copy at or below it is not a plain copy
        # (resolve.pairs)
        self.patched = patched

    @property
    def origin(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where} (run by {self.via})" if self.via else where

    def plain(self) -> tuple[object, ...]:
        return (self.path, self.line, self.sources, self.dest, self.into, self.recursive,
                self.fresh, self.dropped, self.cleared, self.via, self.patched)

    @classmethod
    def from_plain(cls, plain: tuple[object, ...]) -> Op:
        path, line, sources, dest, into, recursive, fresh, dropped, cleared, via, patched = plain
        return cls(path, line, sources, dest, into,  # type: ignore[arg-type]
                   recursive=recursive, fresh=fresh, dropped=dropped,  # type: ignore[arg-type]
                   cleared=cleared, via=via, patched=patched)  # type: ignore[arg-type]


GO_FAILS = "go generate fails: "  # a directive whose error stops the rest of its package
GO_STOPS = "go generate stops this package at "  # a directive that may never run


class Unknown:
    """A directive or recipe that may copy files but that specsync cannot interpret."""

    __slots__ = ("line", "path", "reason", "text")

    def __init__(self, path: str, line: int, text: str, reason: str) -> None:
        self.path = path
        self.line = line
        self.text = text
        self.reason = reason

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.line}"

    def plain(self) -> tuple[object, ...]:
        return (self.path, self.line, self.text, self.reason)

    @classmethod
    def from_plain(cls, plain: tuple[object, ...]) -> Unknown:
        path, line, text, reason = plain
        return cls(path, line, text, reason)  # type: ignore[arg-type]


class Proposal:
    """A generator line (go:generate or a recipe) that names its inputs and outputs: a
    `generated:` entry `specsync discover` proposes. `sources` and `outputs` are paths,
    folders (ending in /) or config globs as the line names them; `checks` are what only
    the snapshot can settle (`discovery.proposals`: "KIND ARG" strings); `run` says how
    to rerun it from the root: "go" (go generate of the declaring folder) or "make TARGET"."""

    __slots__ = ("checks", "line", "outputs", "path", "run", "sources", "tool")

    def __init__(self, path: str, line: int, tool: str, sources: tuple[str, ...],  # noqa: PLR0917
                 outputs: tuple[str, ...], run: str, checks: tuple[str, ...] = ()) -> None:
        self.path = path
        self.line = line
        self.tool = tool
        self.sources = sources
        self.outputs = outputs
        self.run = run
        self.checks = checks

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.line}"

    def plain(self) -> tuple[object, ...]:
        return (self.path, self.line, self.tool, self.sources, self.outputs, self.run,
                self.checks)

    @classmethod
    def from_plain(cls, plain: tuple[object, ...]) -> Proposal:
        path, line, tool, sources, outputs, run, checks = plain
        return cls(path, line, tool, sources, outputs, run, checks)  # type: ignore[arg-type]


class Found:
    """What one declaring file yields, and the other files read to know it."""

    __slots__ = ("generated", "ops", "reads", "unknown")

    def __init__(self, ops: list[Op] | None = None, unknown: list[Unknown] | None = None,
                 generated: list[Proposal] | None = None,
                 reads: tuple[tuple[str, str], ...] = ()) -> None:
        self.ops = ops if ops is not None else []
        self.unknown = unknown if unknown is not None else []
        self.generated = generated if generated is not None else []
        # (path, object id or "" when absent) of every other file read (a script, an
        # included .mk): the cached result holds while each still has that id
        self.reads = reads

    def plain(self) -> tuple[object, ...]:
        return (tuple(o.plain() for o in self.ops), tuple(u.plain() for u in self.unknown),
                tuple(g.plain() for g in self.generated), self.reads)

    @classmethod
    def from_plain(cls, plain: tuple[object, ...]) -> Found:
        ops, unknown, generated, reads = plain
        return cls([Op.from_plain(o) for o in ops],  # type: ignore[attr-defined]
                   [Unknown.from_plain(u) for u in unknown],  # type: ignore[attr-defined]
                   [Proposal.from_plain(g) for g in generated],  # type: ignore[attr-defined]
                   reads)  # type: ignore[arg-type]
