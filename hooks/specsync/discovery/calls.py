"""Recipe lines and go:generate directives that run a tracked shell script.

`./hack/x.sh`, `bash hack/x.sh ARGS`, `sh -e x.sh`, `$(SHELL) scripts/x.sh` (make's
SHELL is /bin/sh), `../scripts/x.sh` from a Makefile in a subfolder: the script runs in
the caller's folder. A recipe line is one such command (a `cd` or a list around it is
not followed); an argument make cannot expand is unknown to the script (`$1`).
"""
from __future__ import annotations

from specsync.discovery import script_words, shell
from specsync.discovery.make_vars import ROOT
from specsync.discovery.script_params import SHEBANG_SHELLS, interpreter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader
    from specsync.discovery.script_result import Result

SHELLS = frozenset(("sh", "bash", "/bin/sh", "/bin/bash", "/bin/dash"))


def recipe_argv(raw: str, expand: object) -> list[str | None] | None:
    """The words of a recipe line that is one simple command, each expanded by make
    (`expand(word) -> str`, raising `shell.Unsupported`) or None when it cannot be."""
    words: list[str | None] = []
    for word in _make_words(raw.lstrip(" \t@-+")):
        if any(c in word for c in "\"'\\;&|<>()`") and "$(" not in word and "${" not in word:
            return None  # quoting and operators: read by the shell reader or not at all
        try:
            text = expand(word)  # type: ignore[operator]
        except shell.Unsupported:
            words.append(None)
            continue
        if any(c in text for c in " \t\n\"'\\;&|<>()`$"):
            return None
        words.append(text)
    return words


def _make_words(text: str) -> list[str]:
    """Blank-separated words, a make reference `$(...)`/`${...}` (blanks and all) in one."""
    words: list[str] = []
    depth = 0
    start = -1
    for i, c in enumerate(text):
        if c in " \t\n" and not depth:
            if start >= 0:
                words.append(text[start:i])
                start = -1
            continue
        start = i if start < 0 else start
        if c in "({" and (depth or (i and text[i - 1] == "$")):
            depth += 1
        elif c in ")}" and depth:
            depth -= 1
    if start >= 0:
        words.append(text[start:])
    return words


def run_recipe_line(raw: str, expand: object, where: tuple[str, str, Reader | None],
                    disk: tuple[set[str], set[str]]) -> Result | None:
    """The result of the script a recipe line runs, or None when it runs none."""
    cwd, via, read = where
    argv = recipe_argv(raw, expand)
    if argv is None or read is None:
        return None
    found = call(argv, cwd, read)
    if found is None:
        return None
    from specsync.discovery import script  # with re: only when a tracked script runs

    return script.run(found, argv, (cwd, via, read), disk)


def run_argv(argv: list[str], where: tuple[str, str, Reader | None]) -> Result | None:
    """A go:generate directive that runs a script (`bash x.sh`, `./x.sh`)."""
    cwd, via, read = where
    if read is None:
        return None
    words: list[str | None] = list(argv)
    found = call(words, cwd, read)
    if found is None:
        return None
    from specsync.discovery import script  # with re: only when a tracked script runs

    return script.run(found, words, (cwd, via, read))


def call(argv: list[str | None], cwd: str, read: Reader | None,
         ) -> tuple[str, bytes, int] | None:
    """(the script's repository path, its bytes, index of its first argument) when `argv`
    runs a tracked shell script: `sh|bash [-eux] PATH ARGS` or `PATH ARGS` with a slash."""
    if not argv or argv[0] is None or read is None:
        return None
    at = 0
    if argv[0] in SHELLS:
        at = 1
        while at < len(argv) and (argv[at] or "").startswith("-"):
            if not set((argv[at] or "")[1:]) <= set("euxvo") or argv[at] == "-o":
                return None  # `sh -c`, options that take values
            at += 1
    elif "/" not in argv[0]:
        return None
    if at >= len(argv) or not argv[at]:
        return None
    path = script_words.normal(argv[at] or "", f"{ROOT}/{cwd}" if cwd else ROOT)
    if not path.startswith(ROOT + "/"):
        return None
    path = path[len(ROOT) + 1 :]
    data = read.read(path)
    if data is None:
        return None
    words = interpreter(data) if at == 0 else None
    if words is not None and (not words or words[0] not in SHEBANG_SHELLS):
        return None  # python, node...: not a shell script
    return path, data, at + 1
