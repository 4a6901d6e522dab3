"""Read the everyday shapes of `.specsync.yaml` by hand, without ruamel.yaml; decline the rest.

Importing ruamel.yaml costs more than a whole in-sync check, and a fresh clone (every CI
run) has no cached config. Read here: block mappings of plain keys, block lists, one-line
flow lists and mappings, plain scalars that are strings, `true`/`false` or small decimal
integers, one-line quoted scalars without escapes, comments on their own line or after a
value. Anything else (anchors, aliases, tags, block or multi-line scalars, nested flow,
empty values, escapes, tabs, duplicate keys, markers past a first `---`, odd characters)
returns None: ruamel.yaml, the reference, reads it. Positions are ruamel's (`.lc`), so the
checker reports the same lines; `tests/config/quick_test.py` checks the two agree.
"""
from __future__ import annotations

from specsync.config.quick_values import (
    WORDS,
    Declined,
    Line,
    Mapping,
    Mark,
    Sequence,
    inline,
    is_item,
    key_end,
    new_mapping,
    new_sequence,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
            return new_mapping((0, 0))
        if self.lines[0][1] != 0:
            raise Declined
        top = self.mapping(0)
        if self.at != len(self.lines):
            raise Declined  # something left of or beyond the structure
        return top

    def mapping(self, indent: int) -> Mapping:
        number, _, _ = self.lines[self.at]
        node = new_mapping((number, indent))
        while self.at < len(self.lines):
            number, at, content = self.lines[self.at]
            if at < indent or (at == indent and is_item(content)):
                break
            if at > indent:
                raise Declined
            end = key_end(content)
            if end < 0:
                raise Declined
            key = content[:end]
            if key in node or key.lower() in WORDS:
                raise Declined
            node.lc.keys[key] = (number, indent)
            rest = content[end + 1:]
            value_col = indent + len(content) - len(rest.lstrip(" "))
            rest = rest.lstrip(" ")
            self.at += 1
            if rest and not rest.startswith("#"):
                mark = (number, value_col)
                node[key] = inline(rest, mark)
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
        if at > indent or (at == indent and is_item(content)):
            node = self.sequence(at) if is_item(content) else self.mapping(at)
            return (number, at), node
        raise Declined  # an empty value

    def sequence(self, indent: int) -> Sequence:
        number, _, _ = self.lines[self.at]
        node = new_sequence((number, indent))
        while self.at < len(self.lines):
            number, at, content = self.lines[self.at]
            if at != indent or not is_item(content):
                if at > indent:
                    raise Declined
                break
            rest = content[1:].lstrip(" ")
            col = indent + len(content) - len(rest)
            if not rest or rest.startswith(("#", "-")):
                raise Declined  # a nested block, a list in a list
            if key_end(rest) >= 0:  # `- key: value ...`: a mapping at the key's column
                self.lines[self.at] = (number, col, rest)
                node.append(self.mapping(col))
            else:
                node.append(inline(rest, (number, col)))
                self.at += 1
                self._nothing_below(indent)
            node.lc.items.append((number, col))
        return node

    def _nothing_below(self, indent: int) -> None:
        """A one-line value ends its entry: a more indented line next would continue it."""
        if self.at < len(self.lines) and self.lines[self.at][1] > indent:
            raise Declined
