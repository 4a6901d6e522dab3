"""Make's variable expansion, limited to variables: `$(NAME)`, `${NAME}`, `$X`, `$$`, and the
automatic variables of explicit rules. A function, a reference to an unknown or
uncertain variable, or a self-reference raises `shell.Unsupported` with a reason."""
from __future__ import annotations

from specsync.discovery import shell

_MAX_DEPTH = 32

def _find_close(text: str, i: int, close: str) -> int:
    opening = text[i]
    depth = 0
    for j in range(i, len(text)):
        if text[j] == opening:
            depth += 1
        elif text[j] == close:
            depth -= 1
            if depth == 0:
                return j
    raise shell.Unsupported("has an unterminated $( reference")


def expand(text: str, vars: dict[str, tuple[str, bool] | None],
           auto: dict[str, str] | None = None, depth: int = 0) -> str:
    """Make's variable expansion, limited to variables; `Unsupported` for anything else."""
    if "$" not in text:
        return text
    if depth > _MAX_DEPTH:
        raise shell.Unsupported("has a variable that refers to itself")
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "$" or i + 1 == len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt in "({":
            end = _find_close(text, i + 1, ")" if nxt == "(" else "}")
            name, i = text[i + 2 : end], end + 1
        else:
            name, i = nxt, i + 2
        out.append(_lookup(name, vars, auto, depth))
    return "".join(out)


def _lookup(name: str, vars: dict[str, tuple[str, bool] | None],
            auto: dict[str, str] | None, depth: int) -> str:
    if name in "@<^+*?|%" and len(name) == 1:
        if auto is None or name not in auto:
            raise shell.Unsupported(f"uses ${name} outside an explicit rule")
        return auto[name]
    if any(c in name for c in " \t,:$"):
        raise shell.Unsupported(f"uses the make function or reference $({name})")
    if name == "MAKE":
        return "make"
    if name not in vars:
        raise shell.Unsupported(f"cannot expand $({name}): it is not set in this Makefile")
    value = vars[name]
    if value is None:
        raise shell.Unsupported(f"cannot expand $({name}): it is set conditionally, more than "
                                "once or by a shell command")
    text, recursive = value
    return expand(text, vars, None, depth + 1) if recursive else text


def try_expand(text: str, vars: dict[str, tuple[str, bool] | None]) -> str | None:
    try:
        return expand(text, vars)
    except shell.Unsupported:
        return None
