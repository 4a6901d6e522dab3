"""What a stale copy will do wrong, for the changes whose consequence is definite, and
which changes are documentation only (descriptions, examples, titles: no impact).

`impact(kind, change)` returns one sentence or ""; it reads only the change (its path,
kind, values), so the work is linear in the changes reported.
"""
from __future__ import annotations

from specsync.explain import domain
from specsync.explain.domain import METHODS, dotted
from specsync.explain.values import ABSENT, short, values_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.explain.budget import Budget
    from specsync.explain.semantic import Change, Walker
    from specsync.explain.values import Path, Region

DOCUMENTATION_ONLY = "documentation-only"
NAME_STEPS = 20  # naming one change and finding its impact (~20 us, linear in the changes)

DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples",
                      "externalDocs", "$comment"})
# keys whose children are names the user chose, not keywords
NAMED_MAPS = frozenset({"properties", "patternProperties", "schemas", "definitions", "$defs",
                        "paths", "parameters", "responses", "requestBodies", "headers",
                        "securitySchemes", "content", "callbacks", "links", "examples"})
CHECKS = frozenset({"type", "format", "pattern", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
                    "multipleOf", "uniqueItems", "additionalProperties", "const", "nullable",
                    "minProperties", "maxProperties"})


def documentation(kind: str, path: Path) -> bool:
    """The change is in a description, example or title (or OpenAPI's `info`)."""
    if kind in ("openapi", "swagger") and path[:1] in (("info",), ("tags",),
                                                       ("externalDocs",)):
        return path[:2] != ("info", "version")  # a version says which API: not prose
    for i, key in enumerate(path):
        if key in DOC_KEYS and (i == 0 or path[i - 1] not in NAMED_MAPS):
            return True
    return False


def _subject(path: Path) -> str:
    """The property a keyword at path[-1] applies to: `event_category`, `operations[]` for
    the items of a list property, or `the value`."""
    if len(path) >= 3 and path[-3] in ("properties", "patternProperties"):
        return str(path[-2])
    if len(path) >= 4 and path[-2] == "items" and path[-4] in ("properties",
                                                               "patternProperties"):
        return f"{path[-3]}[]"
    return "the value"


def impact(kind: str, change: Change, param: str = "") -> str:
    """One sentence on what a validator or server built from the copy does differently,
    or "" when the consequence is not definite."""
    path = change.path
    if not path or documentation(kind, path):
        return ""
    key = path[-1]
    if kind in ("openapi", "swagger"):
        found = _operations(path, change.kind)
        if found:
            return found
    if kind == "crd" and change.kind in ("key-missing", "key-extra") and len(path) >= 2 \
            and path[-2] == "properties" and "openAPIV3Schema" in path:
        field = "." + dotted(tuple(p for i, p in enumerate(path[path.index(
            "openAPIV3Schema") + 1:]) if i % 2 == 1))
        if change.kind == "key-missing":
            return (f"the API server prunes `{field}` on write when the copy's CRD is "
                    "installed")
        return f"the copy's CRD keeps `{field}`, which the source's API server prunes"
    if kind == "crd" and path[-1] == "served" and path[:2] == ("spec", "versions") \
            and len(path) == 4 and change.kind == "changed":
        if change.old is True and change.new is False:
            return ("the API server with the copy's CRD installed still serves this version, "
                    "which the source no longer serves")
        if change.old is False and change.new is True:
            return ("the API server with the copy's CRD installed does not serve this version: "
                    "requests to it fail, which the source serves")
    subject = param or _subject(path)
    if change.kind == "values":
        who = ("the API server with the copy's CRD installed" if kind == "crd" else
               "a service validating with the copy")
        return _values(key, subject, change.lacks, change.extra, who)
    who = ("the API server with the copy's CRD installed" if kind == "crd" else
           "a service validating with the copy")
    found = _bound(key, subject, change, who) or _one_side(kind, key, subject, change, who)
    if found:
        return found
    if key in CHECKS and change.kind in ("changed", "key-missing", "key-extra"):
        return (f"a validator built from the copy checks {subject} with `{key}: "
                f"{_text(change.old)}` where the source has `{key}: {_text(change.new)}`")
    return ""


def _one_side(kind: str, key: object, subject: str, change: Change, who: str) -> str:
    """An enum only one side has, or `additionalProperties` true on one side and false on
    the other (absent is true): which values get through one side only."""
    name = f"`{subject}`" if subject != "the value" else "values"
    old, new = change.old, change.new
    if key == "enum" and change.kind in ("key-missing", "key-extra") and len(change.path) >= 2 \
            and change.path[-2] not in NAMED_MAPS:
        values = new if change.kind == "key-missing" else old
        if isinstance(values, list) and values:
            listed = values_text(values)
            if change.kind == "key-missing":
                return f"{who} accepts {name} other than {listed}, which the source rejects"
            return f"{who} rejects {name} other than {listed}, which the source allows"
    if key == "additionalProperties" and kind != "crd" and all(
            v is ABSENT or isinstance(v, bool) for v in (old, new)):
        copy_open, source_open = old is not False, new is not False
        what = f"{name if name != 'values' else 'objects'} with properties it does not declare"
        if copy_open and not source_open:
            return f"{who} accepts {what}, which the source rejects"
        if source_open and not copy_open:
            return f"{who} rejects {what}, which the source accepts"
    return ""


# a bound's key: (upper?, what lies past the bound {n}, the other end's word)
_BOUNDS = {
    "maximum": (True, "above {n}", "up to"), "minimum": (False, "below {n}", "down to"),
    "maxLength": (True, "longer than {n} characters", "up to"),
    "minLength": (False, "shorter than {n} characters", "down to"),
    "maxItems": (True, "with more than {n} items", "up to"),
    "minItems": (False, "with fewer than {n} items", "down to"),
}


def _bound(key: object, subject: str, change: Change, who: str) -> str:
    """The values a moved bound lets through on one side only: `a service validating with
    the copy rejects `limit` above 1000 (up to 5000), which the source allows`."""
    if not isinstance(key, str) or key not in _BOUNDS:
        return ""
    old, new = change.old, change.new  # the copy's bound, the source's (ABSENT: none)
    if any(v is not ABSENT and (isinstance(v, bool) or not isinstance(v, (int, float)))
           for v in (old, new)) or old == new:
        return ""
    upper, past, end = _BOUNDS[key]
    name = f"`{subject}`" if subject != "the value" else subject
    # the copy's bound is the tighter one: it rejects what lies past it
    copy_tighter = new is ABSENT or (old is not ABSENT and (old < new if upper else old > new))
    inner, outer = (old, new) if copy_tighter else (new, old)
    beyond = "" if outer is ABSENT else f" ({end} {outer})"
    what = f"{name} {past.format(n=inner)}{beyond}"
    if copy_tighter:
        return f"{who} rejects {what}, which the source allows"
    return f"{who} accepts {what}, which the source rejects"


def _text(value: object) -> str:
    return "none" if value is ABSENT else short(value, 40)


# what a value list the copy lacks / has extra means, per key ({who}: who rejects; {what}:
# the values; {subject}: the field)
_SETS = {
    "enum": ("{who} rejects {what}, which the source allows",
             "the copy accepts {what}, which the source rejects"),
    "required": ("the copy accepts objects without {what}, which the source requires",
                 "the copy rejects objects without {what}, which the source accepts"),
    "type": ("the copy rejects {subject} of type {what}, which the source allows",
             "the copy accepts {subject} of type {what}, which the source rejects"),
}


def _values(key: object, subject: str, lacks: tuple[object, ...],
            extra: tuple[object, ...], who: str) -> str:
    if not isinstance(key, str) or key not in _SETS:
        return ""
    parts = []
    for template, values in zip(_SETS[key], (lacks, extra), strict=True):
        if values:
            what = _pairs(subject, values) if key == "enum" else values_text(list(values))
            parts.append(template.format(who=who, what=what, subject=subject))
    return "; ".join(parts)


def _pairs(subject: str, values: tuple[object, ...]) -> str:
    if len(values) == 1 and subject == "the value":
        return f"`{short(values[0], 200)}`"
    if len(values) == 1:
        return f"`{subject}: {short(values[0], 200)}`"
    return f"{subject} {values_text(list(values))}"


def _operations(path: Path, kind: str) -> str:
    if path[0] != "paths" or kind not in ("key-missing", "key-extra") or len(path) > 3:
        return ""
    if len(path) == 2:
        what = f"`{path[1]}`"
    elif str(path[2]).lower() in METHODS:
        what = f"`{str(path[2]).upper()} {path[1]}`"
    else:
        return ""
    if kind == "key-missing":
        return f"the copy has no {what}: requests to it are rejected as unknown"
    return f"the copy still has {what}, which the source does not: it accepts requests there"


def annotate(walker: Walker, regions: list[Region], text: str | None, budget: Budget,
             ) -> tuple[list[Change], str]:
    """The walker's changes named and with their impacts (those with one first), and the
    class: `documentation-only` when every change is, else `content`. The report's budget
    pays for the look at the source text and a few steps per change; past it the changes
    keep their JSON pointers."""
    from specsync.explain.budget import CUT_BYTES_PER_STEP

    scan = len(text or "") // CUT_BYTES_PER_STEP
    if not budget.take(scan + NAME_STEPS * len(walker.changes)):
        return walker.changes, "content"
    docs = _docs(regions, text)
    out = []
    for change in walker.changes:
        doc = docs.get(change.doc)
        if doc is None:
            out.append(change)
            continue
        name = _parameter(doc, change.path)
        out.append(change._replace(
            name=domain.name(doc, change.path) if change.path else None,
            impact=impact(doc.kind, change, name),
            documentation=documentation(doc.kind, change.path)))
    out.sort(key=lambda c: not c.impact)
    only_docs = walker.total == len(out) and all(c.documentation for c in out)
    return out, DOCUMENTATION_ONLY if only_docs and out else "content"


def _docs(regions: list[Region], text: str | None) -> dict[str, domain.Doc]:
    """Each document label's kind (documents of no known kind are left out)."""
    by_label: dict[str, list[Region]] = {}
    for region in regions:
        by_label.setdefault(region.doc, []).append(region)
    docs = {}
    for label, held in by_label.items():
        root = next((side for r in held if not r.path for side in (r.source, r.copy)
                     if isinstance(side, dict)), None)
        source_text = None if label else text
        kind = domain.kind_of(root, source_text)
        if kind is not None:
            crd = domain.crd_kind(root, source_text) if kind == "crd" else ""
            docs[label] = domain.Doc(kind, held, crd)
    return docs


def _parameter(doc: domain.Doc, path: Path) -> str:
    """The name of the parameter a keyword at path[-1] is on directly, or ""."""
    if "parameters" not in path[:-2]:
        return ""
    at = path.index("parameters") + 2
    if path[at:-1] not in ((), ("schema",)):
        return ""
    param = doc.value(path[:at])
    name = param.get("name") if isinstance(param, dict) else None
    return name if isinstance(name, str) else ""
