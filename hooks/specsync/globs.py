"""Config globs: `*`, `?`, `[...]` within a folder, `**` across folders.

The glob engine of `.specsync.yaml` paths (link sources, generated entries).
Discovery keeps its own shell-glob matcher (`discovery.resolve.fits`): sh does
not match dotfiles and reads `**` as `*`, and it needs no `re` on the hot path.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

GLOB_CHARS = frozenset("*?[")


def is_glob(path: str) -> bool:
    return not GLOB_CHARS.isdisjoint(path)


def glob_regex(pattern: str) -> str:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append("\\[")
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                elif body.startswith("^"):  # literal, as in fnmatch
                    body = "\\" + body
                out.append(f"(?!/)[{body}]")
                i = end
        else:
            out.append("\\" + c if c in ".^$+{}()|\\" else c)
        i += 1
    return "".join(out)


def glob_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard: `a/b/*.yaml` -> `a/b/`."""
    parts = pattern.split("/")
    static = []
    for part in parts[:-1]:
        if is_glob(part):
            break
        static.append(part)
    return "".join(p + "/" for p in static)


def match(pattern: str, paths: Iterable[str]) -> list[str]:
    import re

    regex = re.compile(glob_regex(pattern))
    base = glob_base(pattern)
    return sorted(p for p in paths if p.startswith(base) and regex.fullmatch(p))


def covers(pattern: str, path: str) -> bool:
    """Whether `path` is the file, lies in the folder, or matches the glob `pattern` names."""
    if is_glob(pattern):
        return bool(match(pattern, [path]))
    return path == pattern or path.startswith(pattern.rstrip("/") + "/")
