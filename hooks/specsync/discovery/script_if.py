"""Which branch of a script's `if` runs, when its conditions test files the script names.

A condition decided here is `[ -f P ]`, `[ -e P ]`, `test -f P` (and `!` before the test or
inside the brackets) with P one known path in the repository that no earlier command of the
script made, removed or copied to. It is decided against the committed tree, as in a fresh
clone: a tracked regular file exists, anything else does not (a tracked symlink, a folder
and a path below one the script touched leave it undecided). The Reader remembers each path
it was asked about, so adding or removing that file drops the cached result. Any other
condition (strings, exit codes, `[[ ]]`, `-d`, a wildcard) leaves the whole `if` undecided:
a copy inside it stays not understood.
"""
from __future__ import annotations

import posixpath

from specsync.discovery import script_words, shell
from specsync.discovery.make_vars import relative
from specsync.discovery.shell_syntax import Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    from specsync.discovery.reader import Reader
    from specsync.discovery.script_text import Statement

    class Running(Protocol):  # script._Run (not imported: script imports this module)
        env: script_words.Env
        sh: shell.Interpreter
        read: Reader

        def statement(self, stmt: Statement) -> None: ...

_TESTS = frozenset(("-f", "-e"))


def run(stmt: Statement, script: Running) -> bool:
    """Run the branch of `stmt` that runs (through `script.statement`); False when the
    conditions cannot be decided (nothing run)."""
    body = taken(stmt, script.env, script.sh, script.read)
    for inner in body or ():
        script.statement(inner)
    return body is not None


def taken(stmt: Statement, env: script_words.Env, sh: shell.Interpreter, read: Reader,
          ) -> list[Statement] | None:
    """The statements of the branch that runs ([] when none does), or None."""
    for condition, body in stmt.branches:
        if condition is None:
            return body
        holds = _holds(condition, env, sh, read)
        if holds is None:
            return None
        if holds:
            return body
    return []


def _holds(condition: str, env: script_words.Env, sh: shell.Interpreter, read: Reader,
           ) -> bool | None:
    try:
        text = script_words.line(condition, env, split=False)
        commands = shell.split(relative(text, sh.cwd))
    except Unsupported:
        return None
    if len(commands) != 1 or commands[0].redirects:
        return None
    words = [(w.text, w.glob) for w in commands[0].words]
    negate = words[:1] == [("!", False)]
    words = words[1:] if negate else words
    if words[:1] and words[0][0] == "[":  # a lone `[` is no wildcard to sh
        if words[-1:] != [("]", False)]:
            return None
        words = words[1:-1]
    elif words[:1] == [("test", False)]:
        words = words[1:]
    else:
        return None
    if words[:1] == [("!", False)]:
        negate, words = not negate, words[1:]
    if len(words) != 2 or words[0][0] not in _TESTS or words[1][1]:
        return None
    exists = _exists(words[1][0], sh, read)
    return None if exists is None else exists != negate


def _exists(word: str, sh: shell.Interpreter, read: Reader) -> bool | None:
    path = posixpath.normpath(posixpath.join(sh.cwd, word))
    if word.startswith("/") or path.startswith("../") or path == "..":
        return None
    touched = sh.made | sh.removed | {op.dest for op in sh.ops}
    if any(_related(path, t) for t in touched) or read.snap is None:
        return None
    found = read.exists(path)
    if not found and read.snap.mode(path) is not None:
        return None  # a symlink or submodule: what it leads to is not looked at
    if not found and read.snap.under(path + "/"):
        return None  # a folder
    return found


def _related(path: str, other: str) -> bool:
    other = other.rstrip("/")
    return path == other or path.startswith(other + "/") or other.startswith(path + "/")
