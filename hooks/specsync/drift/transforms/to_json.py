"""`transform: yaml-to-json` (and `select` on a JSON source): JSON as `json.dumps` writes it.

`json.dumps(value, indent=INDENT or None, ensure_ascii=False)` plus one newline;
keys in source order; dates as ISO 8601 strings, `!!binary` as base64; NaN is an
error, and so are two keys of one mapping that JSON writes alike (`200` and `'200'`:
a reader would keep one of them).
"""
from __future__ import annotations

from specsync.drift.transforms.errors import TransformError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _json_default(value: Any) -> Any:
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} has no JSON form")


def _key_text(key: Any) -> Any:
    """The name `json.dumps` writes for a mapping key (other types fail in json.dumps)."""
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, (int, float)):
        import json

        return json.dumps(key)
    return key


def check_keys(value: Any) -> None:
    """Refuse a mapping two of whose keys JSON would write as the same name."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            seen: dict[Any, Any] = {}
            for key, item in node.items():
                name = _key_text(key)
                if isinstance(name, str) and name in seen:
                    raise TransformError(
                        f"cannot be written as JSON: keys {seen[name]!r} and {key!r} of "
                        f"{where or '/'} would both be written as \"{name}\"")
                seen[name] = key
                step = str(name).replace("~", "~0").replace("/", "~1")
                stack.append((item, f"{where}/{step}"))
        elif isinstance(node, list):
            stack.extend((item, f"{where}/{i}") for i, item in enumerate(node))


def dump(value: Any, indent: int) -> bytes:
    import json

    check_keys(value)
    try:
        text = json.dumps(value, indent=indent or None, ensure_ascii=False,
                          default=_json_default, allow_nan=False)
        return text.encode() + b"\n"
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800" escape
        raise TransformError("cannot be written as UTF-8 JSON: it holds a lone surrogate "
                             "(a \\uD800-\\uDFFF escape without its pair)") from None
    except (TypeError, ValueError) as e:
        raise TransformError(f"cannot be written as JSON: {e}") from None
