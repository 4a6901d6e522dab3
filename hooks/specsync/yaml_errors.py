"""YAML syntax errors in plain words: `line 7: this key is indented differently from the
keys above it` instead of `expected <block end>, but found '<block mapping start>'`.

ruamel.yaml's pure parser and libyaml (its C parser) word the same mistakes in their
grammar's terms, and differently from each other; the kinds below are told apart by
those words and by the line the error points at. Only on the error path: nothing here
is imported while a document loads. An error no kind matches keeps the parser's words.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    # (problem, context, the document's lines, line, column, context line, context column)
    # -> (line, column, sentence) or None; lines and columns count from 0
    Where = tuple[int, int]
    Kind = Callable[[str, str, list[str], Where, "Where | None"], "tuple[Where, str] | None"]


def plain(problem: str, context: str, text: str, mark: Where, context_mark: Where | None,
          ) -> tuple[Where, str] | None:
    """Where the mistake is and what it is in plain words, or None (keep the parser's)."""
    lines = text.split("\n")
    for kind in _KINDS:
        found = kind(problem, context, lines, mark, context_mark)
        if found is not None:
            return found
    return None


def _line(lines: list[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_key(line: str) -> bool:
    body = line.strip()
    return not body.startswith(("- ", "#")) and (": " in body or body.endswith(":"))


def _above(lines: list[str], number: int) -> str:
    """The nearest line above `number` that holds something (not blank, not a comment)."""
    for i in range(min(number, len(lines)) - 1, -1, -1):
        body = lines[i].strip()
        if body and not body.startswith("#"):
            return lines[i]
    return ""


def _tab(problem: str, context: str, lines: list[str], mark: Where,
         cm: Where | None) -> tuple[Where, str] | None:
    line = _line(lines, mark[0])
    if "cannot start any token" not in problem:
        return None
    char = line[mark[1]] if mark[1] < len(line) else ""
    if char == "\t" or "'\\t'" in problem:
        return mark, "a tab character cannot indent YAML; use spaces"
    if char:
        return mark, f"{char!r} cannot start a value; put the value in quotes"
    return None


def _colon_in_value(problem: str, context: str, lines: list[str], mark: Where,
                    cm: Where | None) -> tuple[Where, str] | None:
    if "mapping values are not allowed" not in problem:
        return None
    line = _line(lines, mark[0])
    before = line[:mark[1]].strip()
    if ": " in before:
        return mark, ("a second ': ' on this line; a value that contains ': ' must be "
                      "quoted")
    if _indent(line) > _indent(_above(lines, mark[0])):
        return (mark[0], _indent(line)), ("this key is indented differently from the keys "
                                          "above it (more than the line before)")
    return mark, "a ':' where no key can start; quote the value that contains it"


def _indentation(problem: str, context: str, lines: list[str], mark: Where,
                 cm: Where | None) -> tuple[Where, str] | None:
    if not (problem.startswith("expected <block end>") or problem in (
            "did not find expected key", "did not find expected '-' indicator")):
        return None
    line = _line(lines, mark[0])
    at = (mark[0], _indent(line))
    if mark[1] > _indent(line):
        return mark, "unexpected text after a value on this line (quote the whole value)"
    above = _above(lines, mark[0])
    item = line.lstrip(" ").startswith("-")
    if _indent(line) == _indent(above) and item != above.lstrip(" ").startswith("-"):
        if item:
            return at, "a list item cannot stand among the keys of a mapping"
        return at, "a key cannot stand among the items of a list"
    if item:
        return at, "this list item is indented differently from the items above it"
    if _is_key(line):
        return at, "this key is indented differently from the keys above it"
    return at, "this line is indented differently from the lines above it"


def _unclosed(problem: str, context: str, lines: list[str], mark: Where,
              cm: Where | None) -> tuple[Where, str] | None:
    where = cm or mark
    if "quoted scalar" in context and "end of stream" in problem:
        return where, "this quoted value is never closed (a quote is missing)"
    for opener, closer, what in (("[", "]", "list"), ("{", "}", "mapping")):
        if f"',' or '{closer}'" in problem:
            return where, (f"this '{opener}' {what} is not closed by '{closer}' (or an item "
                           "in it lacks its comma)")
    return None


def _no_colon(problem: str, context: str, lines: list[str], mark: Where,
              cm: Where | None) -> tuple[Where, str] | None:
    if "could not find expected ':'" not in problem:
        return None
    return cm or mark, "this line is not 'key: value' (a ':' is missing, or it is indented wrongly)"


def _duplicate(problem: str, context: str, lines: list[str], mark: Where,
               cm: Where | None) -> tuple[Where, str] | None:
    if problem.startswith("found duplicate key "):
        key = problem[len("found duplicate key "):].split(" with value ", 1)[0]
        return mark, f"the key {key} appears twice in the same mapping"
    if "duplicate anchor" in context:
        return mark, "this anchor is defined twice (anchors are names: each once)"
    return None


def _other(problem: str, context: str, lines: list[str], mark: Where,
           cm: Where | None) -> tuple[Where, str] | None:
    if problem.startswith("found undefined alias"):
        return mark, "this alias ('*name') refers to no anchor ('&name') above it"
    if problem.startswith("found unknown escape character"):
        return mark, ("an unknown backslash escape in a double-quoted value; use single "
                      "quotes, or write '\\\\' for a backslash")
    return None


_KINDS: tuple[Kind, ...] = (_tab, _colon_in_value, _indentation, _unclosed, _no_colon,
                            _duplicate, _other)
