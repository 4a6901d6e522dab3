"""The config checker: collects `.specsync.yaml:LINE: what is wrong` errors, and finds
the line of any node (ruamel.yaml round-trip nodes carry their positions).

Shared by the parsers of links (`config.parse`) and generated entries
(`config.generated`), so both report alike and one run shows every mistake.
"""
from __future__ import annotations

import posixpath

from specsync.errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Checker:
    """Collects the problems of one config file."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[InputError] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(InputError(self.name, message, line))

    def keys(self, node: Any, line: int, allowed: tuple[str, ...], what: str) -> bool:
        if not isinstance(node, dict):
            self.error(line, f"{what} must be a mapping, not {kind(node)}")
            return False
        ok = True
        for key in node:
            if key not in allowed:
                import difflib

                hint = difflib.get_close_matches(str(key), allowed, n=1)
                also = f"did you mean {hint[0]!r}?" if hint else f"expected {', '.join(allowed)}"
                self.error(key_line(node, key, line), f"unknown key {key!r} in {what} ({also})")
                ok = False
        return ok

    def path(self, value: Any, line: int, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.error(line, f"{what} must be a path (a non-empty string), not {kind(value)}")
            return None
        problem = path_problem(value)
        if problem:
            self.error(line, f"{what} {value!r} {problem}")
            return None
        folder = value.endswith("/")
        return posixpath.normpath(value) + ("/" if folder else "")


def path_problem(value: str) -> str | None:
    """Why a configured path cannot be used, or None."""
    if "\0" in value or "\n" in value:
        return "contains a NUL or newline character"
    if value.startswith("/") or (len(value) > 1 and value[1] == ":") or value.startswith("\\"):
        return "is absolute; paths are relative to the repository root"
    norm = posixpath.normpath(value)
    if norm == ".." or norm.startswith("../"):
        return "is outside the repository"
    if norm == ".":
        return "is the repository root"
    if ".git" in norm.lower().split("/"):
        return "is inside a .git folder"
    return None


def kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def line_of(node: Any, default: int) -> int:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else default


def key_line(node: Any, key: Any, default: int) -> int:
    try:
        return int(node.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def item_line(node: Any, index: int, default: int) -> int:
    try:
        return int(node.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return default


def value_line(node: Any, key: Any, default: int) -> int:
    try:
        return int(node.lc.value(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def surrogate_line(top: Any) -> int | None:
    """The line of the first string (key or value) holding a lone surrogate, which a
    `"\\ud800"` escape makes: no file name or header can hold it. None when there is none."""
    stack: list[tuple[Any, int]] = [(top, 1)]
    while stack:
        node, line = stack.pop()
        if isinstance(node, str):
            if any("\ud800" <= char <= "\udfff" for char in node):
                return line
        elif isinstance(node, dict):
            for key, value in node.items():
                stack.append((key, key_line(node, key, line)))
                stack.append((value, value_line(node, key, line)))
        elif isinstance(node, list):
            stack.extend((item, item_line(node, i, line)) for i, item in enumerate(node))
    return None
