"""Errors that end in exit code 2: a user's input is wrong, or git failed (the commands
turn them into one line and exit 2)."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


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
        return f"{where}: {self.message}" if where else self.message


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
