"""Name a change's place in the spec's own vocabulary: `schema AuditEvent.event_category
enum`, `POST /audit/events request body .id`, `ClusterPolicy v1 .spec.interval`.

One namer per document kind, behind the `NAMERS` table; `kind_of` tells the kind from the
document's root (when a region holds it) or from a cheap look at the source text (the
report may hold only the differing blocks). A namer gets a `Doc`: the kind plus a way to
look up values the regions hold (a parameter's `name`, a CRD version's `name`).
"""
from __future__ import annotations

import re
from typing import Any

from specsync.explain.values import ABSENT, Path, Region

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_TOP = re.compile(r"""^["']?(openapi|swagger|\$schema)["']?[ \t]*:""", re.MULTILINE)
_CRD = re.compile(r"""^kind:[ \t]*["']?CustomResourceDefinition\b""", re.MULTILINE)
_NAMES = re.compile(r"^( +)names:[ \t]*\r?$", re.MULTILINE)


class Doc:
    """One document of a report: its kind and the values its differing regions hold."""

    def __init__(self, kind: str, regions: list[Region], crd_kind: str = "") -> None:
        self.kind = kind
        self.regions = regions
        self.crd_kind = crd_kind
        self._seen: dict[Path, Any] = {}

    def value(self, path: Path) -> Any:
        """The value at `path` (the source's, else the copy's), or ABSENT when no region
        holds it; each path is looked up once."""
        if path not in self._seen:
            self._seen[path] = self._find(path)
        return self._seen[path]

    def _find(self, path: Path) -> Any:
        for region in self.regions:
            n = len(region.path)
            if region.path == path[:n]:
                for side in (region.source, region.copy):
                    found = _get(side, path[n:])
                    if found is not ABSENT:
                        return found
        return ABSENT


def _get(value: Any, path: Path) -> Any:
    for key in path:
        held = key in value if isinstance(value, dict) else isinstance(value, list) and \
            isinstance(key, int) and 0 <= key < len(value)
        if not held:
            return ABSENT
        value = value[key]
    return value


def kind_of(root: Any, text: str | None) -> str | None:
    """`openapi`, `swagger`, `crd`, `jsonschema` or None, from the root mapping when
    known, else from the top-level keys of the (block YAML) text."""
    if isinstance(root, dict):
        if "openapi" in root:
            return "openapi"
        if "swagger" in root:
            return "swagger"
        if root.get("kind") == "CustomResourceDefinition":
            return "crd"
        return "jsonschema" if "$schema" in root else None
    if text is None:
        return None
    if _CRD.search(text):
        return "crd"
    top = _TOP.search(text)
    if top is None:
        return None
    return {"openapi": "openapi", "swagger": "swagger"}.get(top.group(1), "jsonschema")


def crd_kind(root: Any, text: str | None) -> str:
    """spec.names.kind, from the root or the first `kind:` below `names:` in the text."""
    if isinstance(root, dict):
        found = _get(root, ("spec", "names", "kind"))
        if not isinstance(found, str):
            found = _get(root, ("metadata", "name"))  # the CRD's name, plural.group
        return found if isinstance(found, str) else ""
    names = _NAMES.search(text or "")
    if names is None or text is None:
        return ""
    kind = re.compile(rf"^ {{{len(names.group(1)) + 1},}}kind:[ \t]*[\"']?(\w+)",
                      re.MULTILINE).search(text, names.end())
    return kind.group(1) if kind else ""


def schema_path(path: Path, start: str = "") -> str:
    """`.a.b[] enum` for properties a, b, the items below, then a keyword."""
    out = start
    i = 0
    while i < len(path):
        key = path[i]
        if key in ("properties", "patternProperties") and i + 1 < len(path):
            out += f".{path[i + 1]}"
            i += 2
            continue
        if key == "items":
            out += "[]"
        elif key == "additionalProperties" and i + 1 < len(path):
            out += ".*"
        elif key in ("allOf", "oneOf", "anyOf") and i + 1 < len(path):
            out += f" {key}[{path[i + 1]}]"
            i += 1
        else:
            out += f" {key}" if not isinstance(key, int) else f"[{key}]"
        i += 1
    return out.strip()


def dotted(path: Path) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".")


def _openapi(doc: Doc, path: Path) -> str:
    head = path[:2]
    if head == ("components", "schemas") and len(path) > 2:
        return "schema " + schema_path(path[3:], str(path[2]))
    if path[:1] == ("definitions",) and len(path) > 1:
        return "schema " + schema_path(path[2:], str(path[1]))
    if head in (("components", "parameters"), ("components", "responses"),
                ("components", "requestBodies")) and len(path) > 2:
        what = {"parameters": "parameter", "responses": "response",
                "requestBodies": "request body"}[str(path[1])]
        return _join(f"{what} {path[2]}", _operation_part(doc, path[:3], path[3:]))
    if path[:1] == ("paths",) and len(path) > 1:
        if len(path) == 2:
            return f"path {path[1]}"
        if str(path[2]).lower() in METHODS:
            return _join(f"{str(path[2]).upper()} {path[1]}",
                         _operation_part(doc, path[:3], path[3:]))
        return _join(f"path {path[1]}", _operation_part(doc, path[:2], path[2:]))
    return dotted(path)


def _join(head: str, rest: str) -> str:
    return f"{head} {rest}" if rest else head


def _operation_part(doc: Doc, base: Path, rest: Path) -> str:
    """`request body .a enum`, `response 200`, `query parameter limit`, or dotted."""
    if not rest:
        return ""
    if rest[0] == "requestBody":
        return _join("request body", _content(rest[1:]))
    if rest[0] == "responses" and len(rest) > 1:
        return _join(f"response {rest[1]}", _content(rest[2:]))
    if rest[0] == "parameters" and len(rest) > 1:
        param = doc.value((*base, "parameters", rest[1]))
        where = f"parameter {rest[1]}"
        if isinstance(param, dict) and isinstance(param.get("name"), str):
            if param.get("in") == "body":
                return _join("request body", schema_path(rest[3:]) if rest[2:3] == (
                    "schema",) else dotted(rest[2:]))
            where = f"{param.get('in', '')} parameter {param['name']}".strip()
        tail = rest[3:] if rest[2:3] == ("schema",) else rest[2:]
        return _join(where, schema_path(tail))
    return dotted(rest)


def _content(rest: Path) -> str:
    """Below a request body or response: `content/MEDIA/schema/...` or Swagger's `schema`."""
    if rest[:1] == ("content",) and len(rest) > 2 and rest[2] == "schema":
        return schema_path(rest[3:])
    if rest[:1] == ("schema",):
        return schema_path(rest[1:])
    return dotted(rest)


def _crd(doc: Doc, path: Path) -> str:
    if path[:2] != ("spec", "versions") or len(path) < 3:
        return dotted(path)
    version = doc.value(path[:3])
    name = version.get("name") if isinstance(version, dict) else None
    head = f"{doc.crd_kind} {name if isinstance(name, str) else f'versions[{path[2]}]'}"
    rest = path[3:]
    if rest[:2] == ("schema", "openAPIV3Schema"):
        return _join(head.strip(), schema_path(rest[2:]) or ".")
    return _join(head.strip(), dotted(rest))


def _jsonschema(doc: Doc, path: Path) -> str:
    if path[:1] in (("$defs",), ("definitions",)) and len(path) > 1:
        return f"{path[0]} {path[1]} " + (schema_path(path[2:]) or ".")
    return schema_path(path) or "(root)"


NAMERS: dict[str, Callable[[Doc, Path], str]] = {
    "openapi": _openapi,
    "swagger": _openapi,
    "crd": _crd,
    "jsonschema": _jsonschema,
}


def name(doc: Doc | None, path: Path) -> str | None:
    """The change's place in the document kind's vocabulary, or None for other data."""
    return None if doc is None else NAMERS[doc.kind](doc, path)
