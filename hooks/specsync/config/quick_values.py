"""One-line values of `.specsync.yaml` for `config.quick`: scalars, flow lists and flow
mappings, read exactly as ruamel.yaml reads them (with their positions), or Declined.

A plain scalar is a string, `true`/`false` or a small decimal integer; anything a YAML
1.1 or 1.2 resolver might read otherwise, escapes, nesting beyond a list in a mapping, and
text after a value other than a comment decline.
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
WORDS = frozenset(("null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf",
                    ".nan"))


class Declined(Exception):
    """Not a shape this reader is sure of."""


class Marks:
    """What ruamel.yaml's `.lc` answers: a node's position, its keys', values', items'."""

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


def new_mapping(mark: Mark) -> Mapping:
    (node := Mapping()).lc = Marks(mark)
    return node


def new_sequence(mark: Mark) -> Sequence:
    (node := Sequence()).lc = Marks(mark)
    return node


def is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def key_end(content: str) -> int:
    """Where the `:` of a plain `key:` at the start of `content` is, else -1."""
    if not content or content[0] not in _FIRST_KEY:
        return -1
    end = 1
    while end < len(content) and content[end] in _KEY_CHARS:
        end += 1
    if content[end:end + 1] != ":" or content[end + 1:end + 2] not in ("", " "):
        return -1
    return end


def inline(text: str, mark: Mark) -> Any:
    """A one-line value: a quoted or plain scalar, or a flow list or mapping of them."""
    if text[0] in "[{":
        node, end = _flow(text, 0, mark)
        _comment_only(text[end:])
        return node
    if text[0] in "'\"":
        value, end = _quoted(text, 0)
        _comment_only(text[end:])
        return value
    cut = text.find(" #")
    return _plain(text if cut < 0 else text[:cut].rstrip(" "))


def _flow(text: str, start: int, mark: Mark) -> tuple[Any, int]:
    """The flow list of scalars, or flow mapping of plain keys to scalars or such lists, at
    text[start] (`mark`: where text[0] is): (the node, the index after it)."""
    line, col = mark
    mapping = text[start] == "{"
    close = "}" if mapping else "]"
    node: Any = new_mapping((line, col + start)) if mapping else new_sequence((line, col + start))
    pos = _skip(text, start + 1)
    if text[pos] == close:
        return node, pos + 1
    while True:
        if mapping:
            end = key_end(text[pos:])
            key = text[pos:pos + end]
            if end < 0 or key in node or key.lower() in WORDS:
                raise Declined
            node.lc.keys[key] = (line, col + pos)
            pos = _skip(text, pos + end + 1)
            node.lc.values[key] = (line, col + pos)
            value, pos = _flow(text, pos, mark) if text[pos] == "[" else _scalar(text, pos)
            node[key] = value
        else:
            node.lc.items.append((line, col + pos))
            value, pos = _scalar(text, pos)
            node.append(value)
        pos = _skip(text, pos)
        if text[pos] == close:
            return node, pos + 1
        if text[pos] != ",":
            raise Declined
        pos = _skip(text, pos + 1)
        if text[pos] in ",]}":
            raise Declined  # a trailing comma, an empty item


def _scalar(text: str, pos: int) -> tuple[Any, int]:
    """A quoted or plain scalar inside a flow collection: (value, the index after it)."""
    if text[pos] in "'\"":
        return _quoted(text, pos)
    end = pos
    while text[end] not in _FLOW_STOP:
        end += 1
    return _plain(text[pos:end].rstrip(" ")), end


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
    if first not in _PLAIN_FIRST or text.lower() in WORDS or ": " in text or \
            text.endswith(":") or " #" in text:
        raise Declined
    return text
