"""The line syntax of Makefiles: logical lines, comments, directives, assignments.

Read as GNU make reads them: backslash continuations join (recipe lines keep
theirs for the shell), `#` starts a comment unless escaped, a variable's value
keeps its trailing blanks (`D := charts # c` is "charts "), and `export`,
`override` and `private` may precede `define` as they precede an assignment.
"""
from __future__ import annotations

from specsync.discovery.make_vars import find_close
from specsync.discovery.shell_syntax import Unsupported


def logical_lines(text: str) -> list[tuple[int, str, bool]]:
    """(line number, text, starts with a tab) with backslash continuations joined.

    Recipe lines keep `\\` + newline (the shell sees them) minus the next
    line's leading tab; other lines join with one space, as make does.
    """
    out: list[tuple[int, str, bool]] = []
    physical = text.split("\n")
    i = 0
    while i < len(physical):
        start = i
        line = physical[i].rstrip("\r")
        recipe = line.startswith("\t")
        while _continued(line) and i + 1 < len(physical):
            i += 1
            nxt = physical[i].rstrip("\r")
            if recipe:
                line = line + "\n" + (nxt[1:] if nxt.startswith("\t") else nxt)
            else:
                line = line[:-1].rstrip() + " " + nxt.lstrip()
        out.append((start + 1, line, recipe))
        i += 1
    return out


def _continued(line: str) -> bool:
    stripped = len(line) - len(line.rstrip("\\"))
    return stripped % 2 == 1


def strip_comment(line: str) -> str:
    i = line.find("#")
    while i >= 0:
        if i == 0 or line[i - 1] != "\\":
            return line[:i]
        i = line.find("#", i + 1)
    return line


def assignment(line: str) -> tuple[str, str, str] | None:
    for prefix in ("export ", "override ", "private "):
        if line.startswith(prefix):
            line = line[len(prefix):].lstrip()
    eq = line.find("=")
    colon = line.find(":")
    if eq <= 0:
        return None
    start = eq
    while start > 0 and line[start - 1] in ":?+!" and eq - start < 3:
        start -= 1
    if colon >= 0 and colon < start:
        return None  # a rule (or a target-specific variable)
    name = line[:start].strip()
    if not name or any(c in name for c in " \t"):
        return None
    return name, line[start : eq + 1], line[eq + 1 :].lstrip()  # make keeps trailing blanks


def directive(words: list[str]) -> str:
    """The directive a line starts with, after `export`/`override`/`private` (`export define`)."""
    for word in words:
        if word not in ("export", "override", "private"):
            return word
    return words[0]


def define_step(words: list[str]) -> int:
    """+1 for a nested `define`, -1 for `endef` (a comment may follow), 0 for a body line."""
    if words and words[0] == "endef":
        return -1
    return int(bool(words) and directive(words) == "define")


_COPY_WORDS = frozenset(("cp", "cat"))


def mentions_copy(text: str) -> bool:
    """Whether a recipe line names `cp` or `cat` as a command word."""
    return mentions(text, _COPY_WORDS)


def mentions(text: str, words: frozenset[str]) -> bool:
    """Whether a recipe line names one of `words` as a command word."""
    for sep in ";&|()":
        text = text.replace(sep, " ")
    return any(w.lstrip("@-+") in words for w in text.split())


def evals(line: str) -> tuple[list[str], bool]:
    """The names `$(eval NAME := ...)` calls on a line (at the top or in a recipe) set, and
    whether another `$(eval ...)` there may define anything."""
    names: list[str] = []
    opaque = False
    for opening in ("$(eval ", "${eval ", "$(eval\t", "${eval\t"):
        start = line.find(opening)
        while start >= 0:
            try:
                close = ")" if line[start + 1] == "(" else "}"
                inner = line[start + 7 : find_close(line, start + 1, close)]
            except Unsupported:
                inner = ""
            assign = assignment(inner.strip())
            if assign is None or "$" in assign[0] or "\n" in inner:
                opaque = True
            else:
                names.append(assign[0])
            start = line.find(opening, start + 1)
    return names, opaque
