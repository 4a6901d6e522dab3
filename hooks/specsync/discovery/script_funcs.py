"""The shell functions a script defines, and the ones a command calls.

A definition (`name() { ...; }`, `function name { ...; }`) runs nothing: what its body
does counts only where a command calls it, with the functions that body calls in turn.
"""
from __future__ import annotations

import re

_CALL = re.compile(r"(?:^|[\s;&|(])([A-Za-z_][\w-]*)(?=\s|$|;|\))")  # a command word
_FUNCTION = re.compile(r"^(?:function\s+([A-Za-z_][\w-]*)|([A-Za-z_][\w-]*)\s*\(\s*\))")


def defined(text: str) -> str:
    """The name of the function a compound command defines, or ""."""
    match = _FUNCTION.match(text)
    return (match.group(1) or match.group(2)) if match else ""


def called(text: str, functions: dict[str, str]) -> list[str]:
    """The functions `text` calls, and the ones their bodies call (in order, once each)."""
    out: list[str] = []
    todo = [text]
    while todo:
        here = todo.pop()
        for name in dict.fromkeys(_CALL.findall(here)):
            if name in functions and name not in out:
                out.append(name)
                todo.append(functions[name].partition("{")[2] or functions[name])
    return out
