"""`include`, `-include` and `sinclude` in a Makefile: the files make would read.

The names are expanded with the variables set so far and taken from make's folder (the
Makefile's, `$(CURDIR)`); a wildcard in a file name (`targets/*.mk`) names the tracked
files it matches, sorted (where C and a UTF-8 locale agree on the order). make.py reads
each file in place (its variables, rules and own includes) and adds its name to
MAKEFILE_LIST. An include that is not followed - a name
that does not expand, another wildcard, a path outside the repository, a file that is not
tracked (make would look in its include folders, or build it first), or one beyond the
depth or the Reader's budget - leaves every variable unknown (Makefile.include). A file
included under a make conditional is read under it: what it sets is unknown, and its
recipe lines run only under the conditional.
"""
from __future__ import annotations

import posixpath

from specsync.discovery.make_vars import ROOT, Vars, try_expand
from specsync.discovery.shell_syntax import GLOB

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Protocol, TypeVar

    from specsync.discovery.reader import Reader

    class Reading(Protocol):
        """The Makefile being read (make.Makefile), as far as an include touches it."""

        vars: Vars
        folder: str
        reader: Reader | None
        nested: int
        path: str

        def include(self) -> None: ...

    M = TypeVar("M", bound=Reading)

MAX_DEPTH = 8  # includes within includes


def read_in(mk: M, line: str, read_lines: Callable[[M, str], None]) -> None:
    """Read the files an include line names in place, or leave every variable unknown."""
    found = files(line, mk.vars, mk.folder, mk.reader) if mk.nested < MAX_DEPTH else None
    if found is None:
        mk.include()
        return
    for name, path, data in found:
        listed = mk.vars.get("MAKEFILE_LIST")
        if listed is not None:
            mk.vars["MAKEFILE_LIST"] = (f"{listed[0]} {name}", False)
        outer = mk.path
        mk.path, mk.nested = path, mk.nested + 1
        read_lines(mk, data.decode("utf-8", "surrogateescape"))  # a rule ends with its file
        mk.path, mk.nested = outer, mk.nested - 1


def files(line: str, vars: Vars, folder: str, reader: Reader | None,
          ) -> list[tuple[str, str, bytes]] | None:
    """(name as written, repository path, bytes) of each file one include line names, or
    None when they cannot all be followed exactly."""
    if reader is None:
        return None
    parts = line.strip().split(None, 1)
    expanded = try_expand(parts[1] if len(parts) > 1 else "", vars)
    if expanded is None:
        return None
    out: list[tuple[str, str, bytes]] = []
    for name, path in _names(expanded.split(), folder, reader):
        data = None if path is None else reader.read(path)
        if path is None or data is None:
            return None
        out.append((name, path, data))
    return out


def _names(words: list[str], folder: str, reader: Reader) -> list[tuple[str, str | None]]:
    """(name as make lists it, repository path or None) of each file the words name: a
    wildcard in the last part of a name is expanded as make's glob does, sorted; where the
    order could depend on the locale's collation, or nothing matches, it is not followed."""
    out: list[tuple[str, str | None]] = []
    for word in words:
        head, _, tail = word.rpartition("/")
        if GLOB.isdisjoint(word):
            out.append((word, _path(word, folder)))
            continue
        base = _path(head or ".", folder) if GLOB.isdisjoint(head) else None
        found = None if base is None else reader.files(
            posixpath.join(base, tail) if base != "." else tail)
        names = [posixpath.basename(p) for p in found or ()]
        if not found or names != sorted(names, key=_collated) or names != sorted(names):
            return [(word, None)]
        out += [(f"{head}/{n}" if head else n, p) for n, p in zip(names, found, strict=True)]
    return out


def _collated(name: str) -> tuple[str, str]:
    """A stand-in for a UTF-8 locale's order: letters and digits first, case ignored."""
    return "".join(c for c in name.lower() if c.isalnum()), name


def _path(name: str, folder: str) -> str | None:
    if not GLOB.isdisjoint(name):
        return None
    if name.startswith(ROOT + "/"):
        path = posixpath.normpath(name[len(ROOT) + 1 :])
    elif name.startswith("/"):
        return None
    else:
        path = posixpath.normpath(posixpath.join(folder, name))
    if path.startswith("../") or path in (".", ".."):
        return None
    return path
