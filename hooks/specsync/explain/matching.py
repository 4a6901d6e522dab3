"""Pair the documents of two YAML streams: by kind and metadata.name where both have them,
else by position; keep the pairs whose data differs."""
from __future__ import annotations

from specsync.explain import semantic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def match_documents(copy: list[Any], source: list[Any]) -> list[semantic.Region]:
    return match(list(enumerate(copy)), list(enumerate(source)),
                  single=len(copy) == len(source) == 1)


def _identity(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return None
    meta = doc.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    kind = doc.get("kind")
    return f"{kind} {name}" if isinstance(kind, str) and isinstance(name, str) else None


def match(copy: list[tuple[int, Any]], source: list[tuple[int, Any]], *, single: bool,
           ) -> list[semantic.Region]:
    """Documents paired by kind and metadata.name where both have them, else by position."""
    if single:
        return [semantic.Region("", (), copy[0][1], source[0][1])]
    by_id = {_identity(doc): (i, doc) for i, doc in copy if _identity(doc) is not None}
    regions = []
    used: set[int] = set()
    rest = []
    for j, doc in source:
        ident = _identity(doc)
        if ident is not None and ident in by_id:
            i, other = by_id.pop(ident)
            used.add(i)
            regions.append(semantic.Region(ident, (), other, doc))
        else:
            rest.append((j, doc))
    copy_rest = [(i, doc) for i, doc in copy if i not in used]
    for k, (j, doc) in enumerate(rest):
        label = _identity(doc) or f"document {j + 1}"
        other = copy_rest[k][1] if k < len(copy_rest) else semantic.ABSENT
        regions.append(semantic.Region(label, (), other, doc))
    regions.extend(semantic.Region(_identity(doc) or f"document {i + 1}", (), doc,
                                   semantic.ABSENT) for i, doc in copy_rest[len(rest):])
    return [r for r in regions if r.copy is semantic.ABSENT or r.source is semantic.ABSENT
            or not semantic.same(r.copy, r.source)]
