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
import re

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
        bash: bool | None

        def statement(self, stmt: Statement) -> None: ...

_FILES = frozenset(("-f", "-e"))
_STRINGS = (frozenset(("=", "!=")), frozenset(("=", "==", "!=")))  # [ ], [[ ]]
_INTEGERS = frozenset(("-eq", "-ne", "-lt", "-le", "-gt", "-ge"))
_DECIMAL = re.compile(r"^-?(0|[1-9][0-9]{0,17})$")


def run(stmt: Statement, script: Running) -> bool:
    """Run the branch of `stmt` that runs (through `script.statement`); False when the
    conditions cannot be decided (nothing run)."""
    body = taken(stmt, script)
    for inner in body or ():
        script.statement(inner)
    return body is not None


def taken(stmt: Statement, script: Running) -> list[Statement] | None:
    """The statements of the branch that runs ([] when none does), or None."""
    for condition, body in stmt.branches:
        if condition is None:
            return body
        holds = _holds(condition, script)
        if holds is None:
            return None
        if holds:
            return body
    return []


def _holds(condition: str, script: Running) -> bool | None:
    double = condition.lstrip("! \t").startswith("[[")
    if double and script.bash is not True:
        return None  # `[[` is bash's: sh runs a command of that name, if any
    try:
        text = script_words.line(condition, script.env, split=False, empty=double)
        commands = shell.split(relative(text, script.sh.cwd))
    except Unsupported:
        return None
    if len(commands) != 1 or commands[0].redirects:
        return None
    words = [(w.text, w.glob) for w in commands[0].words]
    negate = words[:1] == [("!", False)]
    words = words[1:] if negate else words
    if words[:1] and words[0][0] in ("[", "[["):  # a lone `[` is no wildcard to sh
        if words[-1:] != [("]" if words[0][0] == "[" else "]]", False)]:
            return None
        words = words[1:-1]
    elif words[:1] == [("test", False)]:
        words = words[1:]
    else:
        return None
    if words[:1] == [("!", False)]:
        negate, words = not negate, words[1:]
    if any(glob for _, glob in words):
        return None  # a pattern (`[[ $x == a* ]]`) or a wildcard sh expands
    texts = [text for text, _ in words]
    if len(texts) == 2 and texts[0] in _FILES:
        holds = _exists(texts[1], script.sh, script.read)
    elif len(texts) == 2 and texts[0] in ("-z", "-n"):
        holds = (texts[1] == "") == (texts[0] == "-z")
    elif len(texts) == 3 and texts[1] in _STRINGS[double]:
        holds = (texts[0] == texts[2]) == (texts[1] != "!=")
    elif len(texts) == 3 and texts[1] in _INTEGERS:
        holds = _compare(texts[0], texts[1], texts[2])
    else:
        return None
    return None if holds is None else holds != negate


def _compare(left: str, op: str, right: str) -> bool | None:
    """An integer test of two decimal integers (no leading zero: `[[ ]]` reads it octal)."""
    if not (_DECIMAL.match(left) and _DECIMAL.match(right)):
        return None
    a, b = int(left), int(right)
    return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b,
            "-ge": a >= b}[op]


def _exists(word: str, sh: shell.Interpreter, read: Reader) -> bool | None:
    if sh.cwd == shell.UNKNOWN_CWD:  # only a path anchored to the repository is known
        if not word.startswith(shell.ROOT + "/"):
            return None
        word = word[len(shell.ROOT) + 1 :]
    path = posixpath.normpath(posixpath.join("" if sh.cwd == shell.UNKNOWN_CWD else sh.cwd,
                                             word))
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
