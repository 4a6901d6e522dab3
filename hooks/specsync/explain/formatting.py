"""Say which formatting differs when the parsed data is equal (`formatting-only`).

Linear in the size of the two texts: the common first and last lines are found by
byte comparisons, only the lines between are split and told apart, and key order is
read from the parsed regions the semantic walk already holds (no second parse), else
from the indentation of the lines. What it says, first found first: a missing or extra
`---` / `...`, the final newline, blank lines, line endings, comment lines, then the
first pair of lines
that differ once comments and blank lines are set aside: indentation, trailing
whitespace, quoting, an inline comment, key order (at its JSON pointer), or another
style (flow vs block lists, folded text) — each with the line of the copy and of the
source it is first seen on.
"""
from __future__ import annotations

from typing import Any

from specsync.explain.values import Region, pointer

MAX_SHOWN = 60  # characters of a line quoted in the sentence
_QUOTES = str.maketrans("", "", "'\"")


class _Lines:
    """One side's text around where the two sides differ: the lines of the middle part (the
    common first and last lines are left out: they are the same on both sides), numbered
    as in the whole file, and what is read from the whole (C-speed byte operations)."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.final_newline = data.endswith(b"\n")
        self.crlf = b"\r\n" in data
        self.first = _edge(data.decode("utf-8", "replace").split("\n", 40)[:40])
        self.last = _edge(data[-4096:].decode("utf-8", "replace").split("\n")[::-1])
        self.documents = [d.strip().removeprefix(b"---").strip()
                          for d in (b"\n" + data).split(b"\n---") if d.strip()]
        offset = data.count(b"\n", 0, start) + 1
        middle = data[start:end].decode("utf-8", "replace")
        self.all = middle.split("\n")
        if self.all[-1] == "":
            self.all.pop()  # what follows the last newline (or an empty middle) is no line
        self.comments = [(i + offset, line.strip()) for i, line in enumerate(self.all)
                         if line.lstrip().startswith("#")]
        self.body = [(i + offset, line.rstrip("\r")) for i, line in enumerate(self.all)
                     if line.strip() and not line.lstrip().startswith("#")]


def _edge(lines: list[str]) -> str:
    """The first line that holds something other than a comment."""
    return next((t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#")),
                "")


def common_prefix(a: bytes, b: bytes) -> int:
    """How many first bytes `a` and `b` share (binary search over slices: C-speed)."""
    low, high = 0, min(len(a), len(b))
    while low < high:  # the first `low` bytes are equal
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _middle(expected: bytes, actual: bytes) -> tuple[int, int, int]:
    """(start, end in `expected`, end in `actual`) of the lines that differ: everything
    before `start` and after each end is the same on both sides, whole lines. Binary
    searches over byte slices: C-speed comparisons, no Python loop per line."""
    start = expected.rfind(b"\n", 0, common_prefix(expected, actual)) + 1
    room = min(len(expected), len(actual)) - start
    low, high = 0, room
    while low < high:  # the last `low` bytes are equal
        mid = (low + high + 1) // 2
        if expected[len(expected) - mid:len(expected) - low] == \
                actual[len(actual) - mid:len(actual) - low]:
            low = mid
        else:
            high = mid - 1
    tail = expected.find(b"\n", len(expected) - low)  # a whole line of the common end
    keep = 0 if tail < 0 else len(expected) - tail - 1
    return start, len(expected) - keep, len(actual) - keep


def describe(expected: bytes, actual: bytes, regions: list[Region]) -> str:
    """One sentence for `formatting-only`: which formatting differs, with the first lines
    it shows on."""
    return "the parsed data is equal; only formatting differs: " + "; ".join(
        findings(expected, actual, regions) or ["comments, quoting, indentation or key order"])


def whitespace(expected: bytes, actual: bytes, regions: list[Region] | None) -> str:
    """For `whitespace-only`: `only whitespace differs (the parsed data is equal):
    indentation (first at ...)`; `regions` None: the file is not data."""
    said = findings(expected, actual, regions or [])
    return ("only whitespace differs" + (" (the parsed data is equal)" if regions is not None
                                         else "") + (": " + "; ".join(said) if said else ""))


def findings(expected: bytes, actual: bytes, regions: list[Region]) -> list[str]:
    """What differs in the form of the text, first found first (empty: nothing named)."""
    start, end_source, end_copy = _middle(expected, actual)
    copy, source = _Lines(actual, start, end_copy), _Lines(expected, start, end_source)
    return [f for f in (_markers(copy, source), _endings(copy, source),
                        _comments(copy, source), _lines(copy, source, regions)) if f]


def _markers(copy: _Lines, source: _Lines) -> str:
    said = []
    for marker, where, mine_at, theirs_at in (("---", "leading", copy.first, source.first),
                                              ("...", "trailing", copy.last, source.last)):
        mine = mine_at == marker or mine_at.startswith(marker + " ")
        theirs = theirs_at == marker or theirs_at.startswith(marker + " ")
        if mine != theirs:
            said.append(f"the copy {'has an extra' if mine else 'lacks the'} {where} "
                        f"'{marker}'")
    return "; ".join(said)


def _endings(copy: _Lines, source: _Lines) -> str:
    said = []
    if copy.final_newline != source.final_newline:
        said.append(f"the copy {'ends with' if copy.final_newline else 'lacks'} the final "
                    "newline")
    blank = sum(not line.strip() for line in copy.all) - sum(not line.strip()
                                                              for line in source.all)
    if blank:
        said.append(f"the copy has {abs(blank)} blank line{'' if abs(blank) == 1 else 's'} "
                    f"{'more' if blank > 0 else 'fewer'}")
    if copy.crlf != source.crlf:
        said.append(f"line endings: {'CRLF' if copy.crlf else 'LF'} in the copy, "
                    f"{'CRLF' if source.crlf else 'LF'} in the source")
    return "; ".join(said)


def _comments(copy: _Lines, source: _Lines) -> str:
    """The first comment line only one side has (a multiset difference: linear)."""
    from collections import Counter

    theirs = Counter(text for _, text in source.comments)
    mine = Counter(text for _, text in copy.comments)
    extra = next(((n, t) for n, t in copy.comments if mine[t] > theirs[t]), None)
    lacks = next(((n, t) for n, t in source.comments if theirs[t] > mine[t]), None)
    said = []
    if extra:
        said.append(f"a comment only the copy has (line {extra[0]}: {_show(extra[1])})")
    if lacks:
        said.append(f"a comment the copy lacks (source line {lacks[0]}: {_show(lacks[1])})")
    return "; ".join(said)


def _lines(copy: _Lines, source: _Lines, regions: list[Region]) -> str:
    """The first pair of data lines that differ, and how."""
    pairs = zip(_data(copy), _data(source), strict=False)
    first = next(((c, s) for c, s in pairs if c[1] != s[1]), None)
    if first is None:
        return ""  # the data lines are equal: markers, comments or endings said it all
    (cn, c), (sn, s) = first
    where = f"first at copy line {cn}: {_show(c)}, source line {sn}: {_show(s)}"
    if c.rstrip() == s.rstrip():
        return f"trailing whitespace ({where})"
    if c.lstrip() == s.lstrip():
        return f"indentation ({where})"
    if c.strip() == s.strip():
        return f"indentation and trailing whitespace ({where})"
    if c.split() == s.split():
        return f"spacing within a line ({where})"
    if c.translate(_QUOTES) == s.translate(_QUOTES):
        return f"quoting of a value ({where})"
    if _code(c) == _code(s):
        return f"an inline comment ({where})"
    if _documents_moved(copy, source):
        return f"the documents are in another order ({where})"
    order = _key_order(regions)
    if order is None and _same_lines(copy, source):
        order = _parents(copy, cn)
    if order is not None:
        return f"key order differs at {order} ({where})"
    return f"the style of a value, such as a flow [list] vs a block list ({where})"


def _data(side: _Lines) -> list[tuple[int, str]]:
    """The data lines without the document markers `---` and `...` on their own."""
    return [(n, t) for n, t in side.body if t.rstrip() not in ("---", "...")]


def _same_lines(copy: _Lines, source: _Lines) -> bool:
    """The same data lines in another order (a multiset comparison: linear)."""
    from collections import Counter

    return Counter(t.strip() for _, t in copy.body) == Counter(t.strip() for _, t in source.body)


def _documents_moved(copy: _Lines, source: _Lines) -> bool:
    from collections import Counter

    mine, theirs = copy.documents, source.documents
    return len(mine) > 1 and mine != theirs and Counter(mine) == Counter(theirs)


def _parents(copy: _Lines, number: int) -> str:
    """The JSON pointer of the mapping that holds the copy's line `number`, read from the
    indentation of the `key:` lines above it (one backward pass)."""
    lines = {n: t for n, t in copy.body}
    indent = _indent(lines[number])
    path: list[str] = []
    for n, text in reversed(copy.body):
        if n >= number or _indent(text) >= indent:
            continue
        key = text.strip().removeprefix("- ").split(":", 1)[0].strip("'\"")
        if text.rstrip().endswith(":") and not text.lstrip().startswith("- "):
            path.append(key)
        indent = _indent(text)
        if indent == 0:
            break
    return pointer(tuple(reversed(path))) or "the top level"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _code(line: str) -> str:
    cut = line.find(" #")
    return (line if cut < 0 else line[:cut]).rstrip()


def _key_order(regions: list[Region]) -> str | None:
    """The JSON pointer of the first mapping whose keys are in another order (one walk over
    the regions' parsed data, iterative: no recursion limit)."""
    for region in regions:
        stack: list[tuple[tuple[Any, ...], Any, Any]] = [(tuple(region.path), region.copy,
                                                          region.source)]
        while stack:
            path, copy, source = stack.pop()
            if isinstance(copy, dict) and isinstance(source, dict):
                if list(copy) != list(source) and copy.keys() == source.keys():
                    where = pointer(path) or "the top level"
                    return f"({region.doc}){where}" if region.doc else where
                stack.extend(((*path, k), copy[k], source[k]) for k in reversed(source)
                             if k in copy)
            elif isinstance(copy, list) and isinstance(source, list):
                stack.extend(((*path, i), c, s) for i, (c, s)
                             in reversed(list(enumerate(zip(copy, source, strict=False)))))
    return None


def _show(line: str) -> str:
    """The line as it is (its indentation and trailing spaces are what may differ)."""
    text = line.rstrip("\r\n")
    return repr(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "...")
