"""`transform: yaml-to-json` (and `select` on a JSON source): JSON as `json.dumps` writes it.

`json.dumps(value, indent=INDENT or None, ensure_ascii=False)` plus one newline;
keys in source order; dates as ISO 8601 strings, `!!binary` as base64; NaN is an
error.
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


def dump(value: Any, indent: int) -> bytes:
    import json

    try:
        text = json.dumps(value, indent=indent or None, ensure_ascii=False,
                          default=_json_default, allow_nan=False)
        return text.encode() + b"\n"
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800" escape
        raise TransformError("cannot be written as UTF-8 JSON: it holds a lone surrogate "
                             "(a \\uD800-\\uDFFF escape without its pair)") from None
    except (TypeError, ValueError) as e:
        raise TransformError(f"cannot be written as JSON: {e}") from None
