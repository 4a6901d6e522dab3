"""Shell globs as sh expands them in a recipe or a script, apart from config globs.

sh splits a pattern at `/` and matches each folder name on its own: `*` and `?`
never cross a `/` (so `**` is `*`: one folder, no globstar), `[...]` is a
bracket expression (`[!x]` negates, `a-z` a range of code points, `]` first is a
member), and a name that starts with `.` is matched only by a literal `.` (never
by `*`, `?` or `[.]`). What the shells disagree on is refused: `[^x]` (a
negation in bash, a literal `^` in dash), `[[:class:]]` and the other `[[`
forms (locale-dependent), a pattern that matches `.` or `..` (dash lists them),
and `?` or `[...]` against a name that is not ASCII (dash matches bytes, bash
characters). A pattern that matches nothing stays as it is, and `cp` fails on it.

Quoted wildcard characters arrive written as `[*]` (see shell_syntax.Word).
"""
from __future__ import annotations

from specsync.globs import ANY, CLASS, LIT, STAR, Token, fits
from specsync.globs import GLOB_CHARS as GLOB

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


class Refused(Exception):
    """sh would expand the pattern in a way specsync does not model."""


Name = str | list[Token]  # a literal folder name, or the tokens of a pattern


def _bracket(seg: str, i: int) -> tuple[Token, int] | None:
    """The bracket expression at `seg[i]` == "[" and the index after it; None when no `]`
    closes it (then `[` is an ordinary letter)."""
    j = i + 1
    negated = j < len(seg) and seg[j] == "!"
    j += negated
    if j < len(seg) and seg[j] == "^":
        raise Refused("uses [^...]: a negation in bash and a literal ^ in dash")
    body_start = j
    if j < len(seg) and seg[j] == "]":
        j += 1
    end = seg.find("]", j)
    if end < 0:
        return None
    body = seg[body_start:end]
    if "[:" in body or "[." in body or "[=" in body:
        raise Refused("uses [[:class:]]; it and the other [[ forms depend on the locale")
    spans = []
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            spans.append((body[k], body[k + 2]))  # a reversed range holds nothing
            k += 3
        else:
            spans.append((body[k], body[k]))
            k += 1
    return (CLASS, (negated, tuple(spans))), end + 1


def name_pattern(seg: str) -> Name:
    """One folder name of a pattern, as tokens (or the literal name it is)."""
    toks: list[Token] = []
    i = 0
    while i < len(seg):
        c = seg[i]
        if c == "*":
            if not toks or toks[-1][0] != STAR:
                toks.append((STAR, None))
        elif c == "?":
            toks.append((ANY, None))
        elif c == "[" and (found := _bracket(seg, i)) is not None:
            toks.append(found[0])
            i = found[1]
            continue
        else:
            toks.append((LIT, c))
        i += 1
    if all(t[0] == LIT for t in toks):
        return "".join(str(t[1]) for t in toks)
    if toks[0] == (LIT, ".") and (fits(toks[1:], "") or fits(toks[1:], ".")):
        raise Refused("matches . or .., which dash lists and bash does not")
    return toks


def name_fits(pattern: Name, name: str) -> bool:
    """Whether sh's pattern for one folder name takes `name` (no leading-dot match)."""
    if isinstance(pattern, str):
        return pattern == name
    if name.startswith(".") and pattern[0] != (LIT, "."):
        return False
    if not name.isascii() and any(t[0] in (ANY, CLASS) for t in pattern):
        raise Refused(f"meets the name {name!r}, which is not ASCII: dash matches ? and "
                      "[...] against bytes, bash against characters")
    return fits(pattern, name)


def compile_pattern(pattern: str) -> list[Name]:
    """A shell glob as one pattern per folder name; `Refused` for what shells disagree on."""
    return [name_pattern(seg) for seg in pattern.split("/")]


def expand(pattern: str, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """(files, folders) that sh lists for `pattern`, given the files in `paths` (under the
    pattern's literal folder, see `literal_base`), each sorted."""
    try:
        return _expand(pattern, paths)
    except Refused as e:
        raise Refused(f"the shell glob {pattern} {e}") from None


def _test(pattern: Name) -> Callable[[str], bool]:
    """`name_fits` of one folder name, made once per pattern: `*tail` (the usual `*.yaml`:
    a star, then letters only) is a test of the name's end, done in C."""
    if isinstance(pattern, str):
        return pattern.__eq__
    if pattern[0][0] == STAR and all(t[0] == LIT for t in pattern[1:]):
        tail = "".join(str(t[1]) for t in pattern[1:])
        return lambda name: name.endswith(tail) and not name.startswith(".")
    return lambda name: name_fits(pattern, name)


def _expand(pattern: str, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    tests = [_test(n) for n in compile_pattern(pattern)]
    depth = len(tests)
    files: list[str] = []
    folders: set[str] = set()
    for path in paths:
        parts = path.split("/", depth)
        if len(parts) < depth or not all(
                fit(p) for fit, p in zip(tests, parts, strict=False)):
            continue
        if len(parts) == depth:
            files.append(path)
        else:
            folders.add(path[: -len(parts[-1]) - 1])
    return sorted(files), sorted(folders)


def literal_base(pattern: str) -> str:
    """The folders of `pattern` before the first one with a wildcard character:
    `a/b/*.yaml` -> `a/b/` (every name the pattern lists lies below it)."""
    base = []
    for part in pattern.split("/")[:-1]:
        if not GLOB.isdisjoint(part):
            break
        base.append(part)
    return "".join(p + "/" for p in base)


def takes(pattern: str, path: str) -> bool:
    """Whether `path` is one of the names `pattern` (a glob or a plain path) lists, or
    lies below one of them."""
    parts = path.split("/")
    try:
        names = compile_pattern(pattern)
        return len(parts) >= len(names) and all(
            name_fits(n, p) for n, p in zip(names, parts, strict=False))
    except Refused as e:
        raise Refused(f"the shell glob {pattern} {e}") from None
