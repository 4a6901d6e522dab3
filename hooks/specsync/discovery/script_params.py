"""What a script knows of its variables and positional parameters, and `${...}` forms.

A script run with known arguments (none for a script run by hand, the words of the
recipe or go:generate line otherwise) knows `$#` and that every parameter past the last
argument is unset: `${1:-WORD}` and `${1-WORD}` are then WORD, and a bare `$1` is empty -
or, under `set -u`, stops the script with an error (`Unbound`). Whether `set -u` is on is
followed through the script's top-level `set` commands; a script run by hand whose
shebang line sets options may be run without them (`bash x.sh`), so there it is unknown
and a bare unset parameter is not understood. `shift` and `set --` make every positional
parameter unknown.
"""
from __future__ import annotations

from specsync.discovery.shell_syntax import Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAME = _NAME_START | frozenset("0123456789")
_PLAIN = _NAME | frozenset("/.-+=,:@%^")  # a default WORD taken as it is written
POSITIONAL = tuple(str(n) for n in range(1, 10))


class Unbound(Exception):
    """A bare reference to an unset parameter under `set -u`: the shell stops the script
    with an error there (not an `Unsupported`: no statement handler may go on after it)."""


class Env:
    """What the script knows: variables (None: set to something unknown), the globs among
    them (a `for` variable over a wildcard), where it runs, the names known to be unset,
    and whether `set -u` is on (None: unknown)."""

    def __init__(self, cwd: Callable[[], str], vars: dict[str, str | None],
                 globs: set[str]) -> None:
        self.cwd = cwd  # the absolute folder the script is in now (a ROOT path)
        self.vars = vars
        self.globs = globs
        self.unset: set[str] = set()
        self.nounset: bool | None = False

    def lookup(self, name: str) -> str:
        if name in self.unset:
            if self.nounset is None:
                raise Unsupported(f"uses ${name}, which is not set (whether set -u stops "
                                  "the script there depends on how it is run)")
            if self.nounset:
                raise Unbound(f"${name} is not set and set -u is on: the script stops there")
            return ""
        if name not in self.vars:
            raise Unsupported(f"uses ${name}, which the script does not set")
        value = self.vars[name]
        if value is None:
            raise Unsupported(f"uses ${name}, which is set to something specsync does not "
                              "know (a command's output, an argument, a condition)")
        return value

    def start(self, argv: list[str | None], at: int, data: bytes) -> bool | None:
        """Set `$0` to `argv[at - 1]`, the positional parameters to the words after it
        (None: unknown), and the options the shell of `argv[:at - 1]` (or the script's
        `#!` line) starts with; whether bash runs it (None: not known)."""
        self.vars["0"] = argv[at - 1]
        self.arguments(argv[at:])
        bash, self.nounset = shell_of(data, argv[: at - 1])
        return bash

    def arguments(self, args: list[str | None]) -> None:
        """The positional parameters of a run with `args` (None: an unknown word)."""
        for n, name in enumerate(POSITIONAL):
            if n < len(args):
                self.vars[name] = args[n]
            else:
                self.unset.add(name)
        self.vars["#"] = str(len(args))

    def forget_arguments(self, options: bool = False) -> None:
        """`shift`, `set -- ...`: the positional parameters are no longer known (nor,
        with `options`, whether `set -u` is on)."""
        for name in (*POSITIONAL, "#"):
            self.vars[name] = None
            self.unset.discard(name)
        if options:
            self.nounset = None

    def options(self, words: list[str]) -> None:
        """`set -eu`, `set -o nounset`, `set +u`...: whether set -u is on after them."""
        rest = iter(words)
        for word in rest:
            if word in ("-o", "+o"):
                if next(rest, "") == "nounset":
                    self.nounset = word == "-o"
            elif word[:1] in "-+" and "u" in word[1:]:
                self.nounset = word[0] == "-"

    def assigned(self, name: str) -> None:
        self.unset.discard(name)


def braced(inner: str, env: Env) -> tuple[str, str]:
    """(value, name) of `${inner}`: `NAME`, `N`, `BASH_SOURCE[0]`, `NAME:-WORD`, `NAME-WORD`
    (WORD plain text); anything else raises `Unsupported`."""
    name, op, word = inner, "", ""
    for at, c in enumerate(inner):
        if c not in _NAME and not (c == "[" and inner.startswith("BASH_SOURCE[0]")):
            name = inner[:at]
            op = ":-" if inner.startswith(":-", at) else c
            word = inner[at + len(op) :]
            break
        if c == "[":
            name, op = "BASH_SOURCE", "" if inner == "BASH_SOURCE[0]" else "?"
            break
    if not name or not (name[0] in _NAME_START or name.isdigit()) or op not in ("", ":-", "-"):
        raise Unsupported(f"uses ${{{inner}}}, beyond plain substitution")
    if not op:
        return env.lookup(name), name
    if any(c not in _PLAIN for c in word):
        raise Unsupported(f"uses ${{{inner}}}, whose default is not plain text")
    if name in env.unset:
        return word, name
    value = env.lookup(name)
    return (word if op == ":-" and not value else value), name


def shell_of(data: bytes, runner: list[str | None]) -> tuple[bool | None, bool | None]:
    """(whether bash runs the script, whether `set -u` is on at its start; None: unknown):
    `runner` is what runs it (`[bash, -eu]`, `[None]` for some shell nobody names), or []
    when it is run as a program (its `#!` line decides)."""
    if runner:
        name = runner[0]
        flags = [f for f in runner[1:] if f]
        if name is None:
            return None, False if not flags else None
        return name.rpartition("/")[2] == "bash", any("u" in f[1:] for f in flags)
    words = interpreter(data)
    if words is None:
        return None, False  # the shell that runs it decides
    if words[:1] and words[0].startswith("-"):
        return None, None  # env -S ...
    if not words:
        return None, False
    flags = [w for w in words[1:] if w.startswith("-")]
    return words[0] == "bash", any("u" in f[1:] for f in flags)


SHEBANG_SHELLS = frozenset(("sh", "bash", "dash"))  # a `#!` line naming one: a shell script


def interpreter(data: bytes) -> list[str] | None:
    """The words of the script's `#!` line, the program's name first (without its folder;
    what `env` runs when it is env), or None when the script has no `#!` line."""
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    if not first.startswith("#!"):
        return None
    words = first[2:].split()
    if words[:1] and words[0].rpartition("/")[2] == "env":
        words = words[1:]
    return [words[0].rpartition("/")[2], *words[1:]] if words else []
