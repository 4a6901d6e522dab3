"""Find the parts of two block-style YAML texts that can differ, without parsing them whole.

Loading a 10 MB spec takes seconds even with the C parser, while a stale copy
usually differs in a few lines. In block YAML a key's value is the text from its
line down to the next line at its own indentation, so the children of a mapping
can be cut apart by their indentation alone. Children whose text is equal on
both sides hold equal data and are skipped; the others are cut again until they
are small, then parsed. Anything this cannot cut with certainty (anchors and
aliases, flow style, directives, odd indentation) returns None, and the caller
parses the whole documents instead.
"""
from __future__ import annotations

import re

from specsync.documents import DataError
from specsync.explain.budget import CUT_BYTES_PER_STEP, CUT_KEY_STEPS
from specsync.explain.semantic import ABSENT, Region

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from specsync.explain.budget import Budget

    Load = Callable[[str], Any]  # text -> the one document it holds

LEAF_BYTES = 4096  # a differing block this small is parsed rather than cut again

# a mapping key at the start of a line (plain, or quoted), then its inline value
_KEY = re.compile(
    r""" *("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s#'"?{}\[\],&*!|>%@`-][^#\n]*?"""
    r"""|-[^\s#\n][^#\n]*?) *:(?: ([^\n]*?))?\r?$""")
_LIST_ITEM = re.compile(r" *-(?:[ \r\n]|$)")
_PLAIN_KEY = re.compile(r"[A-Za-z_$/][\w$./{}-]*")
_NOT_STRINGS = frozenset({"true", "false", "null", "~"})
# anchors, aliases, merge keys and directives tie blocks together: give up.
# (Each pattern starts with a literal so that the regex engine skips ahead fast.)
_TIES = (
    re.compile(r"&(?<![^\s\[{,]&)[^\s,\[\]{}]+[ \t]*(?:\r?$|[,\]}#])", re.MULTILINE),
    re.compile(r"\*(?<![^\s\[{,]\*)[^\s,\[\]{}]+[ \t]*(?:\r?$|[,\]}#])", re.MULTILINE),
    re.compile(r"<<[ \t]*:"),
    re.compile(r"\n%"),
)
_SIGNIFICANT = re.compile(r"( *)(?=[^ \r\n#])")
_FIRST = re.compile(r"^( *)[^ \r\n#]", re.MULTILINE)
_DATA = re.compile(r"^[ \t]*[^ \t\r\n#]", re.MULTILINE)
_DOC = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|$)")
_DOC_AT_START = re.compile(r"(?:---|\.\.\.)(?=[ \t\r\n]|$)")


def documents(text: str) -> list[str] | None:
    """The texts of the documents in a YAML stream; None when a marker line holds content."""
    docs = []
    pos = 0
    marks = [(m.start() + 1, m.end()) for m in _DOC.finditer(text)]  # marker, then its rest
    first = _DOC_AT_START.match(text)
    if first is not None:
        marks.insert(0, (0, first.end()))
    for m_start, m_end in marks:
        docs.append(text[pos:m_start])
        end = text.find("\n", m_end)
        end = len(text) if end < 0 else end + 1
        rest = text[m_end:end].strip()
        if rest and not rest.startswith("#"):
            return None
        pos = end
    docs.append(text[pos:])
    # a part without data (before the first `---`, after a final `...`, a trailing `---`)
    # is not a document, as `documents.stream_documents` reads a parsed stream
    kept = [d for d in docs if has_data(d)]
    return kept or docs[:1]


def has_data(text: str) -> bool:
    """Whether `text` holds more than blank lines and comments: a document, read alone."""
    return _DATA.search(text) is not None


def regions(copy: str, source: str, load: Load, limit: int | None = None,
            budget: Budget | None = None) -> list[Region] | None:
    """The differing blocks of one document on each side, or None: parse it whole.

    The limit first: the bytes of the blocks that differ are counted by cutting the
    texts alone, and past `limit` bytes `OverLimit` is raised before anything is parsed
    (parsing 3 MB of blocks only to find them over it took seconds). Cutting draws on
    `budget` too (a long flat mapping has 10^5 keys to cut; deep nesting rescans the text
    below each level): past it, OverLimit.
    """
    if copy.startswith("%") or source.startswith("%") or any(
            tie.search(text) for tie in _TIES for text in (copy, source)):
        return None
    cuts = _Cuts(copy, source, budget)
    copy_kids, source_kids = cuts.kids(0, 0, len(copy)), cuts.kids(1, 0, len(source))
    if copy_kids is None or source_kids is None:
        return None
    if limit is not None and _Sizer(cuts, limit).compare(copy_kids, source_kids) > limit:
        raise OverLimit
    cutter = _Cutter(cuts, load)
    return cutter.found if cutter.compare(copy_kids, source_kids, ()) else None


class OverLimit(Exception):
    """The blocks that differ are more than `regions` may parse."""


class _Cuts:
    """`_children` of the two texts (0: copy, 1: source), each cut made once: the sizing
    walk and the parsing walk visit the same blocks."""

    def __init__(self, copy: str, source: str, budget: Budget | None) -> None:
        self.texts = (copy, source)
        self.made: dict[tuple[int, int, int], dict[str, Child] | None] = {}
        self.budget = budget

    def kids(self, side: int, start: int, end: int) -> dict[str, Child] | None:
        key = (side, start, end)
        if key not in self.made:
            budget = self.budget
            if budget is not None and not budget.take((end - start) // CUT_BYTES_PER_STEP):
                raise OverLimit
            most = None if budget is None else budget.left // CUT_KEY_STEPS
            made = _children(self.texts[side], start, end, most)
            if budget is not None and not budget.take(len(made or ()) * CUT_KEY_STEPS):
                raise OverLimit
            self.made[key] = made
        return self.made[key]

    def pair(self, c: Child, s: Child) -> tuple[dict[str, Child], dict[str, Child]] | None:
        """The children of two differing blocks when both are cut further, else None
        (the blocks are parsed as leaves)."""
        copy, source = self.texts
        small = c[1] - c[0] <= LEAF_BYTES and s[1] - s[0] <= LEAF_BYTES
        c_body = copy.find("\n", c[0], c[1])
        s_body = source.find("\n", s[0], s[1])
        if small or _inline(c[2]) or _inline(s[2]) or c_body < 0 or s_body < 0:
            return None
        copy_kids = self.kids(0, c_body + 1, c[1])
        source_kids = self.kids(1, s_body + 1, s[1])
        return (copy_kids, source_kids) if copy_kids and source_kids else None


Child = tuple[int, int, str]  # start, end, inline value of the key line


def _children(text: str, start: int, end: int, most: int | None = None,
              ) -> dict[str, Child] | None:
    """The keys of the block mapping in text[start:end], by their text as written; more
    than `most` keys: OverLimit."""
    first = _FIRST.search(text, start, end)
    if first is None:
        return {}
    indent = len(first.group(1))
    if _LIST_ITEM.match(text, first.start()):
        return None  # a list, not a mapping
    kids: dict[str, Child] = {}
    last: str | None = None
    for at, width in _line_starts(text, start, end, indent):
        if width != indent:
            return None  # a line left of the block's indentation
        eol = text.find("\n", at, end)
        key = _KEY.match(text, at, end if eol < 0 else eol)
        if key is None or key.group(1) in kids:
            return None
        if most is not None and len(kids) >= most:
            raise OverLimit
        if last is not None:
            kids[last] = (kids[last][0], at, kids[last][2])
        last = key.group(1)
        kids[last] = (at, end, (key.group(2) or "").strip())
    return kids


def _line_starts(text: str, start: int, end: int, indent: int) -> Iterator[tuple[int, int]]:
    """(offset, indentation) of the lines in text[start:end] indented `indent` or less
    that hold data, except `- item` lines at `indent` (the list value of the key above,
    as in `key:\n- item`); `start` is the start of a line."""
    first = _SIGNIFICANT.match(text, start, end)
    if first is not None and len(first.group(1)) <= indent:
        yield start, len(first.group(1))
    # a literal first, and lookaheads only: the fastest form on big texts
    pattern = re.compile(rf"\n(?! {{{indent + 1}}})(?! {{{indent}}}-(?:[ \r\n]|$))")
    for m in pattern.finditer(text, start, end):
        line = _SIGNIFICANT.match(text, m.end(), end)
        if line is not None:
            yield m.end(), len(line.group(1))


def _inline(value: str) -> bool:
    return bool(value) and not value.startswith("#")


class _Cutter:
    """Walks the two texts' key blocks together, collecting the regions that differ."""

    def __init__(self, cuts: _Cuts, load: Load) -> None:
        self.cuts = cuts
        self.copy, self.source = cuts.texts
        self.load = load
        self.found: list[Region] = []

    def compare(self, copy_kids: dict[str, Child], source_kids: dict[str, Child],
                path: tuple[Any, ...]) -> bool:
        """Regions in the source's key order, then the keys only the copy has."""
        lone_copy = dict(_leaf(self.copy, c, self.load, "copy")
                         for k, c in copy_kids.items() if k not in source_kids)
        for raw, s in source_kids.items():
            c = copy_kids.get(raw)
            if c is None:
                key, value = _leaf(self.source, s, self.load, "source")
                self.found.append(Region("", (*path, key), lone_copy.pop(key, ABSENT), value))
            elif self.copy[c[0]:c[1]] != self.source[s[0]:s[1]] and not self.descend(
                    c, s, (*path, _key(raw, self.load))):
                return False
        self.found.extend(Region("", (*path, key), value, ABSENT)
                          for key, value in lone_copy.items())
        return True

    def descend(self, c: Child, s: Child, path: tuple[Any, ...]) -> bool:
        kids = self.cuts.pair(c, s)
        return self.leaves(c, s, path) if kids is None else self.compare(*kids, path)

    def leaves(self, c: Child, s: Child, path: tuple[Any, ...]) -> bool:
        c_key, c_value = _leaf(self.copy, c, self.load, "copy")
        s_key, s_value = _leaf(self.source, s, self.load, "source")
        if c_key != s_key or c_key != path[-1]:
            return False
        self.found.append(Region("", path, c_value, s_value))
        return True


class _Sizer:
    """`_Cutter`'s walk without parsing: the bytes of the blocks it would parse."""

    def __init__(self, cuts: _Cuts, limit: int) -> None:
        self.cuts = cuts
        self.limit = limit
        self.total = 0

    def compare(self, copy_kids: dict[str, Child], source_kids: dict[str, Child]) -> int:
        copy, source = self.cuts.texts
        self.total += sum(c[1] - c[0] for k, c in copy_kids.items() if k not in source_kids)
        for raw, s in source_kids.items():
            if self.total > self.limit:
                break
            c = copy_kids.get(raw)
            if c is None:
                self.total += s[1] - s[0]
            elif copy[c[0]:c[1]] != source[s[0]:s[1]]:
                kids = self.cuts.pair(c, s)
                if kids is None:
                    self.total += (c[1] - c[0]) + (s[1] - s[0])
                else:
                    self.compare(*kids)
        return self.total


def _leaf(text: str, child: Child, load: Load, side: str) -> tuple[Any, Any]:
    """Parse one key's block on its own: (key, value)."""
    block = text[child[0]:child[1]]
    indent = len(block) - len(block.lstrip(" "))
    if indent:
        block = re.sub(rf"^ {{0,{indent}}}", "", block, flags=re.MULTILINE)
    try:
        data = load(block)
    except DataError as e:
        raise BlockError(side, e, text.count("\n", 0, child[0]), indent) from None
    if not isinstance(data, dict) or len(data) != 1:
        raise Untied("a block did not parse to one key")
    return next(iter(data.items()))


def _key(raw: str, load: Load) -> Any:
    if _PLAIN_KEY.fullmatch(raw) and raw.lower() not in _NOT_STRINGS:
        return raw
    try:
        data = load(f"{raw}: 0")
    except DataError:
        raise Untied("a key did not parse") from None
    if not isinstance(data, dict) or len(data) != 1:
        raise Untied("a key did not parse")
    return next(iter(data))


class Untied(Exception):
    """The cut was wrong after all: parse the whole documents."""


class BlockError(Exception):
    """A block did not parse; `error` points into the whole text (lines and columns)."""

    def __init__(self, side: str, error: DataError, lines_before: int, indent: int) -> None:
        super().__init__(error.message)
        self.side = side
        line = None if error.line is None else error.line + lines_before
        column = None if error.column is None else error.column + indent
        self.error = DataError(error.message, line, column)
