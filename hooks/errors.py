"""Errors that end in exit code 2: a user's input is wrong, not specsync."""
from __future__ import annotations


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
