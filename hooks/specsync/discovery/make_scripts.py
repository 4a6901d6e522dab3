"""The shell scripts that the lines of one Makefile recipe run (see calls and script).

Each runs from make's folder, after the folders earlier lines of the recipe made or
removed. Its copies are checked against the later lines of the recipe like a line's own
(later.Later); its text (and whether it may write files nobody can name) is what later
checks the copies of earlier lines against.
"""
from __future__ import annotations

from specsync.discovery import calls, shell
from specsync.discovery.make_lines import mentions_copy
from specsync.discovery.model import Found, Unknown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from specsync.discovery.later import Later
    from specsync.discovery.reader import Reader
    from specsync.discovery.script_result import Result


def run(lines: list[tuple[int, str]], where: tuple[str, str, Reader | None, set[int]],
        texts: list[tuple[int, str]], expand: Callable[[str], str],
        ) -> dict[int, Result]:
    """The scripts the lines of one recipe run, by line index: `where` is (the file the
    recipe is written in, make's folder, the reader, the lines under a conditional)."""
    path, folder, reader, conditional = where
    if reader is None:
        return {}
    runs: dict[int, Result] = {}
    disk: tuple[set[str], set[str]] = (set(), set())
    for index, (number, raw) in enumerate(lines):
        if not mentions_copy(raw):
            result = calls.run_recipe_line(raw, expand, (folder, f"{path}:{number}", reader),
                                           (set(disk[0]), set(disk[1])))
            if result is not None:
                runs[index] = result
        if number not in conditional:
            shell.folders(texts[index][1].lstrip(" \t@-+"), folder, disk)
    return runs


def ops(found: Found, refuse: str, result: Result, context: tuple[Later, int]) -> None:
    """The copies of the script a recipe line runs, or why they are not understood."""
    found.unknown.extend(result.unknown)
    if not result.ops:
        return
    later, index = context
    try:
        if refuse:
            raise shell.Unsupported(refuse)
        later.apply(result.ops, index)
    except shell.Unsupported as e:
        found.unknown.extend(Unknown(op.path, op.line, "", f"{e} (run by {op.via})")
                             for op in result.ops)
        return
    found.ops.extend(result.ops)
