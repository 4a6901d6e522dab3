"""The vocabulary of a data comparison: paths, regions, equality with types, short values.

Shared by the walker (`semantic`), the list pairing (`lists`) and the version
headline (`versions`); it imports none of them.
"""
from __future__ import annotations

from typing import Any, NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

WIDTH = 60  # values in messages are shortened to this many characters
MAX_VALUES = 20  # values listed in one "lacks"/"has extra" message

Path = tuple[Any, ...]


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()  # one side has no value at this path


class Region(NamedTuple):
    """A subtree that may differ: where it is and its value on each side."""

    doc: str  # "" for a single document, else a label like "CustomResourceDefinition x"
    path: Path
    copy: Any
    source: Any


def pointer(path: Path) -> str:
    """RFC 6901: `~` is `~0`, `/` is `~1`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def same(a: Any, b: Any) -> bool:
    """Equal data, types included: `==` says `1 == 1.0 == True`; marshal (C, fast) does not.

    Key order also makes marshal differ; the walker then finds nothing below, as it should.
    """
    if a != a and b != b:  # noqa: PLR0124 (NaN is the one value not equal to itself)
        return True
    if a != b:
        return False
    import marshal

    try:
        return marshal.dumps(a) == marshal.dumps(b)
    except ValueError:  # dates and other values marshal cannot write
        return True


def values_text(values: list[Any]) -> str:
    shown = ", ".join(short(v, 200) for v in values[:MAX_VALUES])
    more = len(values) - MAX_VALUES
    return shown + (f" and {more} more" if more > 0 else "")


def short(value: Any, width: int = WIDTH) -> str:
    """JSON-like text of `value`, cut to `width` characters (never walks more)."""
    text = _render(value, width + 1)
    return text if len(text) <= width else text[: width - 3] + "..."


def changed_text(old: Any, new: Any, width: int = WIDTH) -> str:
    """`OLD -> NEW`, each cut to `width`; two long strings that begin alike are shown from
    a little before their first difference, so the part that changed is in view."""
    if not (isinstance(old, str) and isinstance(new, str)) or \
            max(len(old), len(new)) <= width - 2:
        return f"{short(old, width)} -> {short(new, width)}"
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    cut = max(0, start - _BEFORE)
    if cut < width // 2:  # the change is already in view
        return f"{short(old, width)} -> {short(new, width)}"
    return f"{_from(old, cut, width)} -> {_from(new, cut, width)}"


_BEFORE = 12  # characters shown before the first difference of two long strings


def _from(text: str, cut: int, width: int) -> str:
    """`"...TEXT[cut:]"` as JSON-like text, cut to `width`."""
    shown = '"...' + _scalar(text[cut:cut + width])[1:]
    if cut + width < len(text) or len(shown) > width:
        shown = shown[: width - 3] + "..."
    return shown


def _render(value: Any, budget: int) -> str:
    if isinstance(value, dict):
        return _join("{", "}", (f"{_scalar(k)}: {_render(v, budget)}"
                                for k, v in value.items()), budget)
    if isinstance(value, list):
        return _join("[", "]", (_render(v, budget) for v in value), budget)
    return _scalar(value)


def _join(open_: str, close: str, parts: Iterable[str], budget: int) -> str:
    out: str = open_
    for i, part in enumerate(parts):
        out += (", " if i else "") + part
        if len(out) > budget:
            return out
    return out + close


def _scalar(value: Any) -> str:
    import json

    if value is None or isinstance(value, (bool, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, (int, float)):
        return repr(value)
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat() if isoformat else value)
