"""Pair the items of two lists that differ: trim equal ends, pair by identity keys
(`name`, `id`, `$ref`...), else by similarity (DeepDiff, only on what is left and only
below a size limit), and count what one side lacks."""
from __future__ import annotations

from typing import Any

from specsync.explain.values import same


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
