"""Config globs: `*`, `?`, `[...]` within a folder, `**` across folders.

The glob engine of `.specsync.yaml` paths (link sources, generated entries).
Discovery has its own shell-glob reader (`discovery.shell_glob`, on these tokens): sh does
not match dotfiles and reads `**` as `*`.

Matching takes time linear in the path for a given pattern, by construction:
a pattern is a list of tokens, and the matcher keeps the set of token
positions the path read so far can be at (a Thompson NFA), so no input makes
it backtrack. Patterns whose `**` are whole folder names (`a/**/b`, `a/**`)
take a faster road with the same bound: folders are compared one by one, and
a `**` folder is a star over whole folders (the classic greedy wildcard walk,
O(pattern x path) at worst). Neither needs `re`.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

GLOB_CHARS = frozenset("*?[")

# tokens: (kind, data); kinds below. data: the literal char, or a class (negated, ranges)
LIT, ANY, STAR, CLASS, DEEP, DEEP_DIR = "lit", "any", "star", "class", "deep", "deep/"
Token = tuple[str, object]
Ranges = tuple[bool, tuple[tuple[str, str], ...]]


def is_glob(path: str) -> bool:
    return not GLOB_CHARS.isdisjoint(path)


def _class(body: str) -> Ranges:
    """A bracket body: `!` first negates, `^` first is literal (as in fnmatch), `a-z` is a
    range of code points, `-` first or last is literal, anything else stands for itself."""
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    ranges = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            ranges.append((body[i], body[i + 2]))
            i += 3
        else:
            ranges.append((body[i], body[i]))
            i += 1
    return negated, tuple(ranges)


def tokens(pattern: str) -> list[Token]:
    """The pattern as tokens: `**/` is any run of whole folders, another `**` any text."""
    out: list[Token] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append((DEEP_DIR, None))
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append((DEEP, None))
            i += 2
            continue
        end = pattern.find("]", i + 2) if c == "[" else -1
        if c == "*":
            out.append((STAR, None))
        elif c == "?":
            out.append((ANY, None))
        elif end >= 0:
            out.append((CLASS, _class(pattern[i + 1 : end])))
            i = end
        else:
            out.append((LIT, c))
        i += 1
    return out


def in_class(ranges: Ranges, c: str) -> bool:
    negated, spans = ranges
    return c != "/" and any(lo <= c <= hi for lo, hi in spans) != negated


def _step(token: Token, c: str) -> bool:
    """Whether the one-character token takes `c`."""
    kind, data = token
    if kind == LIT:
        return c == data
    if kind == CLASS:
        return in_class(data, c)  # type: ignore[arg-type]
    return c != "/"  # ANY


def nfa_match(toks: list[Token], path: str) -> bool:
    """The whole path against the tokens, one character at a time over a set of states.

    A state is (token index, inside): `inside` only for `**/` once it has read part of a
    folder name. O(len(tokens) x len(path)), whatever the pattern.
    """
    end = len(toks)

    def closure(states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
        todo = list(states)
        while todo:
            i, inside = todo.pop()
            if not inside and i < end and toks[i][0] in (STAR, DEEP, DEEP_DIR) \
                    and (i + 1, False) not in states:
                states.add((i + 1, False))
                todo.append((i + 1, False))
        return states

    states = closure({(0, False)})
    for c in path:
        nxt: set[tuple[int, bool]] = set()
        for i, inside in states:
            if i == end:
                continue
            kind = toks[i][0]
            if kind == STAR:
                if c != "/":
                    nxt.add((i, False))
            elif kind == DEEP:
                if c != "\n":  # `.` in the regex this engine replaced
                    nxt.add((i, False))
            elif kind == DEEP_DIR:
                if c != "/":
                    nxt.add((i, True))
                elif inside:
                    nxt.add((i, False))
            elif _step(toks[i], c):
                nxt.add((i + 1, False))
        if not nxt:
            return False
        states = closure(nxt)
    return (end, False) in states


def fits(toks: list[Token], name: str) -> bool:
    """One folder name against the tokens of one folder (`*` `?` `[...]` letters): the
    greedy walk that goes back only to the last `*`, O(len(tokens) x len(name))."""
    p = n = 0
    star, mark = -1, 0
    while n < len(name):
        if p < len(toks) and toks[p][0] == STAR:
            star, mark, p = p, n, p + 1
        elif p < len(toks) and _step(toks[p], name[n]):
            p, n = p + 1, n + 1
        elif star >= 0:
            mark += 1
            p, n = star + 1, mark
        else:
            return False
    return all(t[0] == STAR for t in toks[p:])


# one folder of a pattern: a literal name, (head, tail) for `head*tail`, the tokens of
# any other name, or None for `**/`
Folder = str | tuple[str, str] | list[Token] | None


def _folders(toks: list[Token]) -> list[Folder] | None:
    """The tokens as one entry per folder, or None when a `**` is not a whole folder name
    (`a**b`, `x**/y`): then only the character walk knows."""
    folders: list[Folder] = []
    current: list[Token] = []
    start = True  # at the start of a folder name
    for i, token in enumerate(toks):
        kind = token[0]
        if kind == DEEP_DIR:
            if not start:
                return None
            folders.append(None)
        elif kind == DEEP:  # `a/**` is `a/**/` and one more folder, any name
            if not start or i != len(toks) - 1:
                return None
            return [*folders, None, [(STAR, None)]]
        elif token == (LIT, "/"):
            folders.append(_folder(current))
            current = []
            start = True
        else:
            current.append(token)
            start = False
    folders.append(_folder(current))
    return folders


def _folder(toks: list[Token]) -> Folder:
    kinds = [t[0] for t in toks]
    if STAR not in kinds and all(k == LIT for k in kinds):
        return "".join(str(t[1]) for t in toks)
    if kinds.count(STAR) == 1 and kinds.count(LIT) == len(kinds) - 1:
        star = kinds.index(STAR)
        return (_folder(toks[:star]), _folder(toks[star + 1 :]))  # type: ignore[return-value]
    return toks


def _fits_folder(here: str | tuple[str, str] | list[Token], name: str) -> bool:
    if isinstance(here, str):
        return here == name
    if isinstance(here, tuple):
        head, tail = here
        return len(name) >= len(head) + len(tail) and name.startswith(head) \
            and name.endswith(tail)
    return fits(here, name)


def _walk(folders: list[Folder], names: list[str]) -> bool:
    """Folder names against folder patterns, a `**/` (None) standing for any run of them."""
    p = n = 0
    star, mark = -1, 0
    while n < len(names):
        here = folders[p] if p < len(folders) else ""
        if here is None:
            star, mark, p = p, n, p + 1
        elif p < len(folders) and _fits_folder(here, names[n]):
            p, n = p + 1, n + 1
        elif star >= 0:
            mark += 1
            p, n = star + 1, mark
        else:
            return False
    return all(f is None for f in folders[p:])


class Glob:
    """A config glob compiled once; `fullmatch(path)` in time linear in the path."""

    __slots__ = ("folders", "pattern", "tail", "toks")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.toks = tokens(pattern)
        self.folders = _folders(self.toks)
        tail = len(self.toks)
        while tail and self.toks[tail - 1][0] == LIT:
            tail -= 1
        self.tail = "".join(str(t[1]) for t in self.toks[tail:])  # every match ends so

    def fullmatch(self, path: str) -> bool:
        if not path.endswith(self.tail):
            return False
        if self.folders is None or "\n" in path:
            return nfa_match(self.toks, path)
        names = path.split("/")
        if "" in names:  # `**/` takes only non-empty folder names: the character walk
            return nfa_match(self.toks, path)
        return _walk(self.folders, names)


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
    glob = Glob(pattern)
    base = glob_base(pattern)
    return sorted(p for p in paths if p.startswith(base) and glob.fullmatch(p))


def covers(pattern: str, path: str) -> bool:
    """Whether `path` is the file, lies in the folder, or matches the glob `pattern` names."""
    if is_glob(pattern):
        return Glob(pattern).fullmatch(path)
    return path == pattern or path.startswith(pattern.rstrip("/") + "/")
