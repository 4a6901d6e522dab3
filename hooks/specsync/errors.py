"""Errors that end in exit code 2: a user's input is wrong, or git failed (the commands
turn them into one line and exit 2); and a signal that ends the run (one line, 128 + its
number)."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from re import Match


class InputError(Exception):
    """A one-line problem with the user's input: `path:line: what is wrong`.

    Raised for problems that stop the whole run (not a git repository, a
    broken config); problems with one link are collected as records instead.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return one_line(f"{where}: {self.message}" if where else self.message)


def one_line(text: str) -> str:
    """`text` as one line of output: control characters in it (a newline or `::warning`
    in a file name, a terminal escape) are shown as visible escapes (`\\n`, `\\r`,
    `\\x1b`), so no name can start a line of its own (a GitHub workflow command) or
    drive the terminal. Tabs and specsync's own colour codes (`ESC[...m`) stay.

    Every printer applies it to each line it prints; a name inside a line is escaped
    with it, whatever message carries the name.
    """
    if text.isprintable():
        return text
    import re

    return re.sub(r"\x1b\[[0-9;]*m|[\x00-\x08\x0a-\x1f\x7f-\x9f]", _visible, text)


def one_lines(lines: Iterable[str]) -> str:
    """Lines joined for printing, each one made `one_line`."""
    return "\n".join(one_line(line) for line in lines)


def _visible(match: Match[str]) -> str:
    char = match.group()
    if len(char) > 1:  # a colour code
        return char
    return {"\n": "\\n", "\r": "\\r"}.get(char, f"\\x{ord(char):02x}")


def at(origin: str) -> tuple[str, int | None]:
    """Where a link or entry is declared, `file:line`, as (file, line)."""
    name, _, number = origin.rpartition(":")
    return (name, int(number)) if number.isdigit() else (origin, None)


def error_at(origin: str, message: str) -> InputError:
    """A problem of the link or entry declared at `origin`."""
    name, line = at(origin)
    return InputError(name, message, line)


class GitFailed(Exception):
    """git itself failed in a way specsync did not expect; its first line says why."""

    def __init__(self, args: Sequence[str], returncode: int, stderr: bytes) -> None:
        self.returncode = returncode
        self.stderr = stderr.decode("utf-8", "replace").strip()
        first = self.stderr.splitlines()[0] if self.stderr else f"exit code {returncode}"
        super().__init__(f"git {' '.join(args[:2])}: {first}")


_SIGNALS = {1: "SIGHUP", 2: "SIGINT", 15: "SIGTERM"}


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP ended the run; `detail` says what was stopped.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the
    way up swallows it.
    """

    def __init__(self, signum: int, detail: str = "") -> None:
        self.signum = signum
        self.detail = detail
        super().__init__(signum)

    def render(self) -> str:
        name = _SIGNALS.get(self.signum, f"signal {self.signum}")
        return one_line(f"specsync: interrupted by {name}"
                        + (f": {self.detail}" if self.detail else ""))
