"""The bytes a copy must hold: its source's bytes, or a declared transform of them.

Transforms are deterministic, byte for byte (the README's "Transforms" section is
the reference; the transform tests pin every rule). Each transform is a row of
`registry.TRANSFORMS` naming its output format and the module whose `dump(value,
indent)` writes it (`to_json`, `to_yaml` here):
- `select: /json/pointer`: only that subtree (RFC 6901: `~1` is `/`, `~0` is `~`),
  written in the source's own format.
- `header`: one line (`{source}` replaced by the source path) and a newline,
  written before the content.
"""
from __future__ import annotations

from specsync.drift.transforms.errors import TransformError
from specsync.registry import SELECT_WRITERS, TRANSFORMS, load

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from specsync.config.model import CopySpec

__all__ = ["TransformError", "expected", "header_line", "output_format", "pointer"]


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


def expected(spec: CopySpec, source: str, data: bytes,
             parsed: dict[str, Any] | None = None) -> bytes:
    """What `spec`'s copy must contain, given its source's bytes.

    `parsed` keeps each source's parsed document across calls, so a source with
    several transformed copies is parsed once.
    """
    out = data
    if spec.transform or spec.select is not None:
        doc = _document(source, data, {} if parsed is None else parsed)
        value = pointer(doc, spec.select, source) if spec.select is not None else doc
        try:
            out = writer(spec, source, data).dump(value, spec.indent)
        except TransformError as e:
            raise TransformError(f"{source}: {e}") from None
    if spec.header is not None:
        out = header_line(spec, source) + out
    return out


def output_format(spec: CopySpec, source: str, data: bytes | None = None) -> str:
    """"json" or "yaml": what the transform writes; `select` alone keeps the source's."""
    if spec.transform:
        return TRANSFORMS[spec.transform].output
    from specsync.documents import is_json

    return "json" if is_json(source, data or b"") else "yaml"


def writer(spec: CopySpec, source: str, data: bytes) -> Any:
    """The module that writes the copy: its transform's own, or for `select` alone the
    writer of the source's format (`registry.SELECT_WRITERS`)."""
    if spec.transform:
        return load(TRANSFORMS[spec.transform].module)
    return load(SELECT_WRITERS[output_format(spec, source, data)])


def _document(source: str, data: bytes, parsed: dict[str, Any]) -> Any:
    """The one document in `source` (parsed once per run); errors are TransformErrors."""
    from specsync.documents import DataError, load_documents

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
