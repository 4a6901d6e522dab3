"""Explain how a copy's data differs from its source's, in the spec's own words.

`==` finds the smallest subtrees that differ (300-4000x cheaper than DeepDiff
on a whole spec); each difference becomes one `Change`. Lists under `enum`,
`required`, `tags` and `type` are compared as sets of values (what the copy
lacks, what it has extra, or order-only). Other lists are trimmed of their
equal ends; when what is left both moved and changed, DeepDiff pairs up the
items (only those items, and only below a size limit).
"""
from __future__ import annotations

from typing import Any, NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

SET_KEYS = frozenset({"enum", "required", "tags", "type"})
MAX_CHANGES = 1000  # changes collected per copy; the rest are only counted
PAIR_MAX_NODES = 50_000  # list items handed to DeepDiff, counted as nodes
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


class Change(NamedTuple):
    doc: str
    path: Path
    kind: str  # key-missing key-extra changed item-missing item-extra values order summary
    message: str
    lacks: tuple[Any, ...] = ()
    extra: tuple[Any, ...] = ()

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    @property
    def where(self) -> str:
        """`(doc)/json/pointer`, the part after `COPY::`."""
        prefix = f"({self.doc})" if self.doc else ""
        return prefix + (self.pointer or ("" if prefix else "(whole document)"))


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


class Walker:
    """Collects the changes between copy and source subtrees, up to MAX_CHANGES."""

    def __init__(self, limit: int = MAX_CHANGES) -> None:
        self.changes: list[Change] = []
        self.total = 0
        self.limit = limit
        self.doc = ""

    def add(self, path: Path, kind: str, message: str, lacks: tuple[Any, ...] = (),
            extra: tuple[Any, ...] = ()) -> None:
        self.total += 1
        if self.total <= self.limit:
            self.changes.append(Change(self.doc, path, kind, message, lacks, extra))

    @property
    def full(self) -> bool:
        return self.total >= self.limit

    def region(self, region: Region) -> None:
        self.doc = region.doc
        self.walk(region.path, region.copy, region.source)

    def walk(self, path: Path, copy: Any, source: Any) -> None:
        if self.full:
            return
        if not path and ABSENT in (copy, source):
            where = "missing from the copy" if copy is ABSENT else "only in the copy"
            self.add(path, "document-" + where.split(maxsplit=1)[0], f"document {where}")
        elif copy is ABSENT:
            self.add(path, "key-missing", f"key missing from the copy: {short(source)}")
        elif source is ABSENT:
            self.add(path, "key-extra", f"key only in the copy: {short(copy)}")
        elif same(copy, source) and type(copy) is type(source):
            return  # a region whose text differs but whose data does not
        elif isinstance(copy, dict) and isinstance(source, dict):
            self._dicts(path, copy, source)
        elif isinstance(copy, list) and isinstance(source, list):
            self._lists(path, copy, source)
        else:
            self.add(path, "changed", f"changed {short(copy)} -> {short(source)}")

    def _dicts(self, path: Path, copy: dict[Any, Any], source: dict[Any, Any]) -> None:
        for key, value in source.items():
            if key not in copy:
                self.walk((*path, key), ABSENT, value)
            elif not same(copy[key], value):
                self.walk((*path, key), copy[key], value)
        for key, value in copy.items():
            if key not in source:
                self.walk((*path, key), value, ABSENT)

    def _lists(self, path: Path, copy: list[Any], source: list[Any]) -> None:
        if (path and path[-1] in SET_KEYS and all(map(is_scalar, copy))
                and all(map(is_scalar, source))):
            self._values(path, copy, source)
            return
        start, copy_mid, source_mid = trim(copy, source)
        if not copy_mid or not source_mid:
            for i, item in enumerate(source_mid):
                self.add((*path, start + i), "item-missing",
                         f"list item missing from the copy: {short(item)}")
            for i, item in enumerate(copy_mid):
                self.add((*path, start + i), "item-extra", f"list item only in the copy: "
                         f"{short(item)}")
        elif len(copy_mid) == len(source_mid):
            for i, (a, b) in enumerate(zip(copy_mid, source_mid, strict=True)):
                if not same(a, b):
                    self.walk((*path, start + i), a, b)
        else:
            self._pair(path, start, copy_mid, source_mid)

    def _values(self, path: Path, copy: list[Any], source: list[Any]) -> None:
        lacks, extra = multiset_difference(source, copy), multiset_difference(copy, source)
        if not lacks and not extra:
            start, copy_mid, source_mid = trim(copy, source)
            where = f"item {start}" if len(copy_mid) == 1 else \
                f"items {start}-{start + len(copy_mid) - 1}"
            self.add(path, "order", f"order-only: {where} are {values_text(copy_mid)} in the "
                     f"copy, {values_text(source_mid)} in the source")
            return
        parts = []
        if lacks:
            parts.append(f"the copy lacks {values_text(lacks)}")
        if extra:
            parts.append(f"{'it' if lacks else 'the copy'} has extra {values_text(extra)}")
        self.add(path, "values", "; ".join(parts), tuple(lacks), tuple(extra))

    def _pair(self, path: Path, start: int, copy: list[Any], source: list[Any]) -> None:
        from specsync.documents import expanded_size

        if expanded_size(copy, PAIR_MAX_NODES) + expanded_size(source, PAIR_MAX_NODES) \
                > PAIR_MAX_NODES:
            self.add((*path, start), "summary",
                     f"{len(copy)} list items in the copy differ from {len(source)} in the "
                     f"source (too many to pair up; see --diff)")
            return
        if all(map(is_scalar, copy)) and all(map(is_scalar, source)):
            pairs, missing, extra = pair_scalars(copy, source)
        else:
            pairs, missing, extra = pair_items(copy, source)
        steps = sorted([(j, 0, -1, j) for j in missing] + [(i, 1, i, -1) for i in extra]
                       + [(i, 2, i, j) for i, j in pairs])
        for index, _, i, j in steps:
            where = (*path, start + index)
            if i < 0:
                self.add(where, "item-missing", f"list item missing from the copy: "
                         f"{short(source[j])}")
            elif j < 0:
                self.add(where, "item-extra", f"list item only in the copy: {short(copy[i])}")
            else:
                self.walk(where, copy[i], source[j])


def trim(copy: list[Any], source: list[Any]) -> tuple[int, list[Any], list[Any]]:
    """Drop the equal items at both ends: (offset, copy middle, source middle)."""
    n = min(len(copy), len(source))
    start = 0
    while start < n and same(copy[start], source[start]):
        start += 1
    end = 0
    while end < n - start and same(copy[-1 - end], source[-1 - end]):
        end += 1
    return start, copy[start: len(copy) - end], source[start: len(source) - end]


def pair_scalars(copy: list[Any], source: list[Any]) -> tuple[
        list[tuple[int, int]], list[int], list[int]]:
    from difflib import SequenceMatcher

    pairs: list[tuple[int, int]] = []
    missing: list[int] = []
    extra: list[int] = []
    matcher = SequenceMatcher(None, [_hashable(v) for v in copy],
                              [_hashable(v) for v in source], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag != "equal":
            extra.extend(range(i1, i2))
            missing.extend(range(j1, j2))
    return pairs, missing, extra


IDENTITY_KEYS = ("name", "id", "operationId", "$ref", "key", "url")


def pair_items(copy: list[Any], source: list[Any]) -> tuple[
        list[tuple[int, int]], list[int], list[int]]:
    """Items with the same `name` (or id, `$ref`...) pair up; DeepDiff pairs the rest by
    similarity (an item can change too much for that: a parameter that lost an enum value)."""
    pairs, copy_rest, source_rest = _pair_by_identity(copy, source)
    if not copy_rest or not source_rest:
        return pairs, source_rest, copy_rest
    more, missing, extra = _pair_by_similarity([copy[i] for i in copy_rest],
                                               [source[j] for j in source_rest])
    pairs += [(copy_rest[i], source_rest[j]) for i, j in more]
    return (sorted(pairs), [source_rest[j] for j in missing],
            [copy_rest[i] for i in extra])


def _identity(item: Any) -> tuple[str, Any, Any] | None:
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            value = item.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return key, value, _hashable(item.get("in"))
    return None


def _unique_identities(items: list[Any]) -> dict[Any, int]:
    seen: dict[Any, int] = {}
    twice = set()
    for i, item in enumerate(items):
        ident = _identity(item)
        if ident is not None:
            if ident in seen:
                twice.add(ident)
            seen[ident] = i
    return {k: i for k, i in seen.items() if k not in twice}


def _pair_by_identity(copy: list[Any], source: list[Any]) -> tuple[
        list[tuple[int, int]], list[int], list[int]]:
    in_copy, in_source = _unique_identities(copy), _unique_identities(source)
    pairs = sorted((in_copy[k], in_source[k]) for k in in_copy.keys() & in_source.keys())
    paired_copy, paired_source = {i for i, _ in pairs}, {j for _, j in pairs}
    return (pairs, [i for i in range(len(copy)) if i not in paired_copy],
            [j for j in range(len(source)) if j not in paired_source])


def _pair_by_similarity(copy: list[Any], source: list[Any]) -> tuple[
        list[tuple[int, int]], list[int], list[int]]:
    from deepdiff import DeepDiff

    tree = DeepDiff(copy, source, ignore_order=True, view="tree", cache_size=5000)
    missing = sorted({lv.path(output_format="list", use_t2=True)[0]
                      for lv in tree.get("iterable_item_added", ())})
    extra = sorted({lv.path(output_format="list")[0]
                    for lv in tree.get("iterable_item_removed", ())})
    pairs: dict[int, int] = {}
    for report, levels in tree.items():
        if report in ("iterable_item_added", "iterable_item_removed"):
            continue
        for lv in levels:
            i = lv.path(output_format="list")[0]
            pairs.setdefault(i, lv.path(output_format="list", use_t2=True)[0])
    return sorted(pairs.items()), missing, extra


def _hashable(value: Any) -> Any:
    return (type(value).__name__, value)


def multiset_difference(a: list[Any], b: list[Any]) -> list[Any]:
    """Items of `a` (in order, with repeats) that `b` does not have."""
    from collections import Counter

    left = Counter(map(_hashable, b))
    out = []
    for value in a:
        key = _hashable(value)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(value)
    return out


def values_text(values: list[Any]) -> str:
    shown = ", ".join(short(v, 200) for v in values[:MAX_VALUES])
    more = len(values) - MAX_VALUES
    return shown + (f" and {more} more" if more > 0 else "")


def short(value: Any, width: int = WIDTH) -> str:
    """JSON-like text of `value`, cut to `width` characters (never walks more)."""
    text = _render(value, width + 1)
    return text if len(text) <= width else text[: width - 3] + "..."


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


# Version fields shown in the headline when they differ: (label, path)
VERSION_FIELDS: tuple[tuple[str, Path], ...] = (
    ("info.version", ("info", "version")),
    ("version", ("version",)),
    ("apiVersion", ("apiVersion",)),
    ("$id", ("$id",)),
)


class Version(NamedTuple):
    field: str
    copy: str
    source: str


def versions(regions: list[Region]) -> list[Version]:
    """Version fields that differ, found in the regions that differ."""
    found: list[Version] = []
    for region in regions:
        if not region.path and ABSENT in (region.copy, region.source):
            continue  # a whole document is missing: the change says so
        label = f"({region.doc}) " if region.doc else ""
        for name, path in VERSION_FIELDS:
            pair = _resolve(region, path)
            if pair is not None and not same(*pair):
                found.append(Version(label + name, *map(_version_text, pair)))
        pair = _resolve(region, ("spec", "versions"))
        if pair is not None:
            names = tuple(_version_names(v) for v in pair)
            if names[0] != names[1]:
                found.append(Version(label + "spec.versions[*].name",
                                     *map(_version_text, names)))
    return found


def _resolve(region: Region, path: Path) -> tuple[Any, Any] | None:
    n = len(region.path)
    if region.path != path[:n]:
        return None
    return _get(region.copy, path[n:]), _get(region.source, path[n:])


def _get(value: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return ABSENT
        value = value[key]
    return value


def _version_names(value: Any) -> Any:
    if not isinstance(value, list):
        return ABSENT
    return [v.get("name") for v in value if isinstance(v, dict)]


def _version_text(value: Any) -> str:
    return "none" if value is ABSENT else short(value, 40)


def explain(regions: list[Region]) -> Walker:
    walker = Walker()
    for region in regions:
        walker.region(region)
    return walker
