"""The bytes a copy must hold: its source's bytes, or a declared transform of them.

Transforms are deterministic, byte for byte (the README's "Transforms" section is
the reference; tests/transform_test.py pins every rule):
- JSON (`yaml-to-json`, `select` on a JSON source): `json.dumps(value,
  indent=INDENT or None, ensure_ascii=False)` plus one newline; keys in source
  order; dates as ISO 8601 strings, `!!binary` as base64; NaN is an error.
- YAML (`json-to-yaml`, `select` on a YAML source): ruamel.yaml's safe dumper in
  block style, keys in source order, mappings indented by max(INDENT, 2), dashes
  at the parent's column, no folding, UTF-8 as is; strings YAML 1.1 would read
  as booleans or base-60 numbers (`yes`, `on`, `1:20`) are single-quoted.
- `select: /json/pointer`: only that subtree (RFC 6901: `~1` is `/`, `~0` is `~`).
- `header`: one line (`{source}` replaced by the source path) and a newline,
  written before the content.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from hooks.config import CopySpec


class TransformError(Exception):
    """The transform cannot be applied to this source."""


def header_line(spec: CopySpec, source: str) -> bytes:
    assert spec.header is not None
    # a path git gave us undecodable bytes for goes back as those bytes
    return spec.header.replace("{source}", source).encode("utf-8", "surrogateescape") + b"\n"


def pointer(value: Any, path: str, source: str) -> Any:
    """The subtree of `value` at JSON pointer `path` (`""` and `/` are the whole document)."""
    if path in ("", "/"):
        return value
    walked = ""
    for raw in path[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif (isinstance(value, list) and token.isdigit() and token == str(int(token))
              and int(token) < len(value)):
            value = value[int(token)]
        else:
            where = f"{walked} is {_kind(value)}" if not isinstance(value, (dict, list)) else (
                f"no {token!r} under {walked or 'the top'}")
            raise TransformError(f"select {path} not found in {source} ({where})")
        walked += "/" + raw
    return value


def _kind(value: Any) -> str:
    return "empty" if value is None else f"a {type(value).__name__}, not a mapping or list"


def _json_default(value: Any) -> Any:
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} has no JSON form")


def dump_json(value: Any, indent: int) -> bytes:
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


# Strings a YAML 1.1 reader (PyYAML, Go's yaml.v2) takes for a boolean or a
# base-60 number; YAML 1.2 leaves them plain, so they are quoted explicitly.
_YAML11 = r"""(?x)
    y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
  | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
"""


# Unicode line breaks YAML folds to a space unless they are escaped (\N \L \P).
_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def _representer() -> Any:
    import re

    from ruamel.yaml.representer import SafeRepresenter

    yaml11 = re.compile(_YAML11)

    class Representer(SafeRepresenter):
        def represent_str(self, data: str) -> Any:
            if yaml11.fullmatch(data):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
            if not _LINE_BREAKS.isdisjoint(data):  # escaped only in double quotes
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return super().represent_str(data)

    Representer.add_representer(str, Representer.represent_str)
    return Representer


def dump_yaml(value: Any, indent: int) -> bytes:
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RepresenterError

    out = YAML(typ="safe", pure=True)
    out.Representer = _representer()
    out.default_flow_style = False
    out.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out.width = 1 << 30
    out.allow_unicode = True
    out.map_indent = max(indent, 2)
    stream = io.StringIO()
    try:
        out.dump(value, stream)
    except RepresenterError as e:
        raise TransformError(f"cannot be written as YAML: {e}") from None
    return stream.getvalue().encode()


def expected(spec: CopySpec, source: str, data: bytes,
             parsed: dict[str, Any] | None = None) -> bytes:
    """What `spec`'s copy must contain, given its source's bytes.

    `parsed` keeps each source's parsed document across calls, so a source with
    several transformed copies is parsed once.
    """
    out = data
    if spec.transform or spec.select is not None:
        from hooks.parse import is_json

        doc = _document(source, data, {} if parsed is None else parsed)
        value = pointer(doc, spec.select, source) if spec.select is not None else doc
        as_json = spec.transform == "yaml-to-json" or (
            spec.transform is None and is_json(source, data))
        try:
            out = dump_json(value, spec.indent) if as_json else dump_yaml(value, spec.indent)
        except TransformError as e:
            raise TransformError(f"{source}: {e}") from None
    if spec.header is not None:
        out = header_line(spec, source) + out
    return out


def _document(source: str, data: bytes, parsed: dict[str, Any]) -> Any:
    """The one document in `source` (parsed once per run); errors are TransformErrors."""
    from hooks.parse import DataError, load_documents

    if source not in parsed:
        try:
            parsed[source] = load_documents(source, data)
        except DataError as e:
            parsed[source] = TransformError(f"{e.where(source)}: {e.message}")
    docs = parsed[source]
    if isinstance(docs, TransformError):
        raise docs
    if len(docs) != 1:
        raise TransformError(f"{source} holds {len(docs)} YAML documents; "
                             "transform and select need exactly one")
    return docs[0]
