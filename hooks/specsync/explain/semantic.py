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

from specsync.explain.lists import multiset_difference, pair_items, pair_scalars, trim
from specsync.explain.values import (
    ABSENT,
    Path,
    Region,
    changed_text,
    is_scalar,
    pointer,
    same,
    short,
    values_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from specsync.explain.budget import Budget

__all__ = ["ABSENT", "MAX_CHANGES", "Change", "Region", "Walker", "explain", "same", "short"]

SET_KEYS = frozenset({"enum", "required", "tags", "type"})
MAX_CHANGES = 1000  # changes collected per copy; the rest are only counted
PAIR_MAX_NODES = 50_000  # list items handed to DeepDiff, counted as nodes

class Change(NamedTuple):
    doc: str
    path: Path
    kind: str  # key-missing key-extra changed item-missing item-extra values order summary
    message: str
    lacks: tuple[Any, ...] = ()
    extra: tuple[Any, ...] = ()
    old: Any = ABSENT  # the copy's value (changed, key-extra)
    new: Any = ABSENT  # the source's value (changed, key-missing)
    name: str | None = None  # the place in the spec's vocabulary (explain.domain)
    impact: str = ""  # what the copy will do wrong (explain.impact), or ""
    documentation: bool = False  # a description, example or title only

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    @property
    def where(self) -> str:
        """`(doc)/json/pointer`, the part after `COPY::`."""
        prefix = f"({self.doc})" if self.doc else ""
        return prefix + (self.pointer or ("" if prefix else "(whole document)"))


class Walker:
    """Collects the changes between copy and source subtrees, up to MAX_CHANGES."""

    def __init__(self, limit: int = MAX_CHANGES, budget: Budget | None = None,
                 skip: Callable[[Path], bool] | None = None) -> None:
        self.budget = budget  # pairing list items draws on it
        self.skip = skip  # paths whose changes are not counted (`ignore:`)
        self.changes: list[Change] = []
        self.total = 0
        self.limit = limit
        self.doc = ""

    def add(self, path: Path, kind: str, message: str, lacks: tuple[Any, ...] = (),
            extra: tuple[Any, ...] = (), *, old: Any = ABSENT, new: Any = ABSENT) -> None:
        if self.skip is not None and self.skip(path):
            return
        self.total += 1
        if self.total <= self.limit:
            self.changes.append(Change(self.doc, path, kind, message, lacks, extra, old, new))

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
            self.add(path, "key-missing", f"key missing from the copy: {short(source)}",
                     new=source)
        elif source is ABSENT:
            self.add(path, "key-extra", f"key only in the copy: {short(copy)}", old=copy)
        elif same(copy, source) and type(copy) is type(source):
            return  # a region whose text differs but whose data does not
        elif isinstance(copy, dict) and isinstance(source, dict):
            self._dicts(path, copy, source)
        elif isinstance(copy, list) and isinstance(source, list):
            self._lists(path, copy, source)
        else:
            self.add(path, "changed", f"changed {changed_text(copy, source)}", old=copy,
                     new=source)

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
        from specsync.explain.budget import NOTE, PAIR_NODE_STEPS

        nodes = expanded_size(copy, PAIR_MAX_NODES) + expanded_size(source, PAIR_MAX_NODES)
        over = nodes > PAIR_MAX_NODES
        if over or (self.budget is not None and not self.budget.take(nodes * PAIR_NODE_STEPS)):
            self.add((*path, start), "summary",
                     f"{len(copy)} list items in the copy differ from {len(source)} in the "
                     f"source (too many to pair up{'' if over else ' in the ' + NOTE}; "
                     "see --diff)")
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


def explain(regions: list[Region], budget: Budget | None = None,
            skip: Callable[[Path], bool] | None = None) -> Walker:
    """The changes in `regions`, but those at paths `skip` says (a copy's `ignore:`)."""
    walker = Walker(budget=budget, skip=skip)
    for region in regions:
        walker.region(region)
    return walker
