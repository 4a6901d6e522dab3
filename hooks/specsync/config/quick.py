"""Read the everyday shapes of `.specsync.yaml` by hand, without ruamel.yaml; decline the rest.

Importing ruamel.yaml costs more than a whole in-sync check, and a fresh clone (every CI
run) has no cached config, so the usual configs are read here: block mappings of plain
keys, block and one-line flow lists, plain scalars that are strings, `true`/`false` or
small decimal integers, and one-line quoted scalars without escapes, with full-line
comments and comments after a value. Everything else - anchors, aliases, tags, block or
multi-line scalars, flow mappings, empty values, escapes, tabs, duplicate keys, document
markers past a first `---`, characters outside printable ASCII and plain Unicode text -
returns None, and ruamel.yaml (the reference) reads the file. The result carries the same
positions as ruamel's round-trip nodes (`.lc.key/value/item`), so the checker reports the
same lines; `tests/config/quick_test.py` checks both readers agree wherever this one answers.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Mark = tuple[int, int]  # 0-based line and column, as ruamel.yaml counts them
Line = tuple[int, int, str]  # line number, indentation, the text after it (right-stripped)

_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_FIRST_KEY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_PLAIN_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_/")
_DIGITS = frozenset("0123456789")
_FLOW_STOP = frozenset(",[]{}#:")
# words a YAML 1.1 or 1.2 resolver may read as something else than a string
_WORDS = frozenset(("null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf",
                    ".nan"))


class Declined(Exception):
    """Not a shape this reader is sure of."""


class Marks:
    """What ruamel.yaml's `.lc` answers for a node: its position and its keys', values' and
    items' positions."""

    __slots__ = ("col", "items", "keys", "line", "values")

    def __init__(self, mark: Mark) -> None:
        self.line, self.col = mark
        self.keys: dict[str, Mark] = {}
        self.values: dict[str, Mark] = {}
        self.items: list[Mark] = []

    def key(self, key: str) -> Mark:
        return self.keys[key]

    def value(self, key: str) -> Mark:
        return self.values[key]

    def item(self, index: int) -> Mark:
        return self.items[index]


class Mapping(dict):  # type: ignore[type-arg]
    __slots__ = ("lc",)
    lc: Marks


class Sequence(list):  # type: ignore[type-arg]
    __slots__ = ("lc",)
    lc: Marks


def read(text: str) -> Mapping | None:
    """The top mapping of `text` (empty for a file of nothing but comments), or None when
    ruamel.yaml must read it."""
    if not _plain_text(text):
        return None
    try:
        return _Reader(text).top()
    except (Declined, IndexError):
        return None


def _plain_text(text: str) -> bool:
    """Printable ASCII, newlines and Unicode text that no YAML reader treats specially."""
    for char in set(text):
        if " " <= char <= "~" or char == "\n":
            continue
        if char < "\xa0" or char in "\u2028\u2029\ufeff\ufffe\uffff" or \
                "\ud800" <= char <= "\udfff":
            return False
    return True


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines: list[Line] = []
        for number, raw in enumerate(text.split("\n")):
            body = raw.rstrip(" ")
            content = body.lstrip(" ")
            if not content or content.startswith("#"):
                continue
            if content.startswith(("%", "---", "...")):
                if self.lines or number or content != "---":  # a first `---` line only
                    raise Declined
                continue
            self.lines.append((number, len(body) - len(content), content))
        self.at = 0

    def top(self) -> Mapping:
        if not self.lines:
            return _mapping((0, 0))
        if self.lines[0][1] != 0:
            raise Declined
        top = self.mapping(0)
        if self.at != len(self.lines):
            raise Declined  # something left of or beyond the structure
        return top

    def mapping(self, indent: int) -> Mapping:
        number, _, _ = self.lines[self.at]
        node = _mapping((number, indent))
        while self.at < len(self.lines):
            number, at, content = self.lines[self.at]
            if at < indent or (at == indent and _is_item(content)):
                break
            if at > indent:
                raise Declined
            end = _key_end(content)
            if end < 0:
                raise Declined
            key = content[:end]
            if key in node or key.lower() in _WORDS:
                raise Declined
            node.lc.keys[key] = (number, indent)
            rest = content[end + 1:]
            value_col = indent + len(content) - len(rest.lstrip(" "))
            rest = rest.lstrip(" ")
            self.at += 1
            if rest and not rest.startswith("#"):
                mark = (number, value_col)
                node[key] = _inline(rest, mark)
                self._nothing_below(indent)
            else:
                mark, node[key] = self.nested(indent)
            node.lc.values[key] = mark
        return node

    def nested(self, indent: int) -> tuple[Mark, Any]:
        """The block under a key at `indent`: more indented, or a list at the same column."""
        if self.at == len(self.lines):
            raise Declined  # an empty value
        number, at, content = self.lines[self.at]
        if at > indent or (at == indent and _is_item(content)):
            node = self.sequence(at) if _is_item(content) else self.mapping(at)
            return (number, at), node
        raise Declined  # an empty value

    def sequence(self, indent: int) -> Sequence:
        number, _, _ = self.lines[self.at]
        node = _sequence((number, indent))
        while self.at < len(self.lines):
            number, at, content = self.lines[self.at]
            if at != indent or not _is_item(content):
                if at > indent:
                    raise Declined
                break
            rest = content[1:].lstrip(" ")
            col = indent + len(content) - len(rest)
            if not rest or rest.startswith(("#", "-")):
                raise Declined  # a nested block, a list in a list
            if _key_end(rest) >= 0:  # `- key: value ...`: a mapping at the key's column
                self.lines[self.at] = (number, col, rest)
                node.append(self.mapping(col))
            else:
                node.append(_inline(rest, (number, col)))
                self.at += 1
                self._nothing_below(indent)
            node.lc.items.append((number, col))
        return node

    def _nothing_below(self, indent: int) -> None:
        """A one-line value ends its entry: a more indented line next would continue it."""
        if self.at < len(self.lines) and self.lines[self.at][1] > indent:
            raise Declined


def _mapping(mark: Mark) -> Mapping:
    node = Mapping()
    node.lc = Marks(mark)
    return node


def _sequence(mark: Mark) -> Sequence:
    node = Sequence()
    node.lc = Marks(mark)
    return node


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _key_end(content: str) -> int:
    """Where the `:` of a plain `key:` at the start of `content` is, else -1."""
    if not content or content[0] not in _FIRST_KEY:
        return -1
    end = 1
    while end < len(content) and content[end] in _KEY_CHARS:
        end += 1
    if content[end:end + 1] != ":" or content[end + 1:end + 2] not in ("", " "):
        return -1
    return end


def _inline(text: str, mark: Mark) -> Any:
    """A one-line value: a quoted or plain scalar, or a flow list of them."""
    if text.startswith("["):
        return _flow(text, mark)
    if text[0] in "'\"":
        value, end = _quoted(text, 0)
        _comment_only(text[end:])
        return value
    cut = text.find(" #")
    return _plain(text if cut < 0 else text[:cut].rstrip(" "))


def _flow(text: str, mark: Mark) -> Sequence:
    node = _sequence(mark)
    pos = _skip(text, 1)
    if text[pos] == "]":
        _comment_only(text[pos + 1:])
        return node
    while True:
        node.lc.items.append((mark[0], mark[1] + pos))
        if text[pos] in "'\"":
            value, pos = _quoted(text, pos)
        else:
            end = pos
            while text[end] not in _FLOW_STOP:
                end += 1
            value = _plain(text[pos:end].rstrip(" "))
            pos = end
        node.append(value)
        pos = _skip(text, pos)
        if text[pos] == "]":
            _comment_only(text[pos + 1:])
            return node
        if text[pos] != ",":
            raise Declined
        pos = _skip(text, pos + 1)
        if text[pos] in "],":
            raise Declined  # a trailing comma, an empty item


def _skip(text: str, pos: int) -> int:
    return len(text) - len(text[pos:].lstrip(" ")) if pos < len(text) else pos


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A quoted scalar on one line: (value, the index after its closing quote)."""
    quote = text[start]
    pos = start + 1
    parts = []
    while True:
        end = text.find(quote, pos)
        if end < 0:
            raise Declined  # it goes on past the line
        parts.append(text[pos:end])
        if quote == "'" and text[end + 1:end + 2] == "'":
            parts.append("'")
            pos = end + 2
            continue
        value = "".join(parts)
        if quote == '"' and "\\" in value:
            raise Declined  # escapes: the reference reads them
        return value, end + 1


def _comment_only(rest: str) -> None:
    """What may follow a value on its line: nothing, or a comment after a space."""
    if rest and not (rest[0] == " " and rest.lstrip(" ").startswith("#")):
        raise Declined


def _plain(text: str) -> Any:
    """A plain scalar as YAML 1.2 resolves it: a string, a boolean or a decimal integer;
    anything that might resolve otherwise declines."""
    if not text:
        raise Declined
    if text[0] in _DIGITS:
        if len(text) > 18 or not all(c in _DIGITS for c in text) or \
                (text[0] == "0" and len(text) > 1):
            raise Declined
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    first = text[0]
    if first == "." and text[1:2] and (text[1] in _FIRST_KEY or text[1] in "./"):
        first = "a"  # `.github/...`, `./x`: no number starts like that
    if first not in _PLAIN_FIRST or text.lower() in _WORDS or ": " in text or \
            text.endswith(":") or " #" in text:
        raise Declined
    return text
