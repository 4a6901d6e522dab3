"""The words a script's `for NAME in WORDS` loop takes, one file at a time where needed.

A word with wildcards stays one pattern (`cp "$f" dest/` copies what the pattern names)
unless the loop body computes something from the variable with a command substitution
(`$(basename "$f" | sed ...)`): then the pattern is expanded as sh expands it, against the
tracked files (discovery.shell_glob), and the body runs once per file. The Reader
remembers the expansion, so a file added to or removed from the folder drops the cached
result. A pattern that names folders, matches nothing, or that sh may expand differently
stays one pattern.
"""
from __future__ import annotations

import posixpath

from specsync.discovery.shell import ROOT, UNKNOWN_CWD

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader
    from specsync.discovery.script_text import Statement
    from specsync.discovery.shell_syntax import Command


def each(words: list[Command], stmt: Statement, cwd: str, read: Reader,
         ) -> list[tuple[str, bool]]:
    """(value, still a wildcard) for every turn of the loop."""
    per_file = _computes_from(stmt)
    out: list[tuple[str, bool]] = []
    for word in words[0].words if words else ():
        pattern = _repo_path(word.text, cwd) if word.glob and per_file else None
        found = read.files(pattern) if pattern is not None else None
        if found and cwd == UNKNOWN_CWD:  # from where nobody knows: as repository paths
            out += [(f"{ROOT}/{path}", False) for path in found]
        elif found:
            out += [(posixpath.relpath(path, cwd or "."), False) for path in found]
        else:
            out.append((word.text, word.glob))
    return out


def _computes_from(stmt: Statement) -> bool:
    name = stmt.name
    texts = [s.text for s in stmt.body]
    return any("$(" in t and (f"${name}" in t or f"${{{name}}}" in t) for t in texts)


def _repo_path(text: str, cwd: str) -> str | None:
    if cwd == UNKNOWN_CWD:
        return posixpath.normpath(text[len(ROOT) + 1 :]) if text.startswith(ROOT + "/") else None
    return posixpath.normpath(posixpath.join(cwd, text)) if cwd else posixpath.normpath(text)
