"""`compare: data` with `ignore:`: a copy whose parsed data differs from the expected data
only where its patterns (`config.pointers`) point is in sync.

The differences are the smallest locations where the two documents disagree (a value
or a type, a key on one side only, a list of another length); those an `ignore:`
pattern covers are counted, not reported. A drifted copy's expected bytes keep the
copy's own values at the ignored locations, so `fix` brings the rest from the source
without clobbering what the user declared may differ, and check and fix stay one
path: the bytes fix writes are the bytes check compares with. When the copy differs
at no ignored location, those are the source's (transformed) bytes, unchanged; else
the merged data is written by the copy's writer (its transform's, or that of the
source's format: JSON as `json.dumps`, YAML in block style), so comments and layout
of the source are not carried into such a copy.
"""
from __future__ import annotations

from specsync.config.pointers import Patterns
from specsync.drift.levels import same_types, strip_header, text_form
from specsync.drift.transforms import header_line, writer
from specsync.registry import TRANSFORMS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from specsync.config.model import CopySpec

Path = tuple[object, ...]


class Judged:
    """Whether the copy passes, the bytes it must hold, the differences left out."""

    __slots__ = ("expected", "ignored", "in_sync")

    def __init__(self, in_sync: bool, expected: bytes, ignored: int) -> None:
        self.in_sync = in_sync
        self.expected = expected
        self.ignored = ignored


def judge(spec: CopySpec, source: str, expected: bytes, actual: bytes,
          copy: str | None = None) -> Judged:
    """`actual` against `expected` with the copy's `ignore:` patterns."""
    from specsync.documents import DataError, load_documents

    if text_form(expected) == text_form(actual):
        return Judged(True, expected, 0)
    header_ok = spec.header is None or text_form(expected.split(b"\n", 1)[0]) == \
        text_form(actual.split(b"\n", 1)[0])
    written_as = f"expected.{TRANSFORMS[spec.transform].output}" if spec.transform else source
    body = strip_header(spec, expected)
    try:
        want = load_documents(written_as, body)
        have = load_documents(copy or spec.path, strip_header(spec, actual))
    except DataError:
        return Judged(False, expected, 0)
    if len(want) != len(have):
        return Judged(False, expected, 0)
    patterns = Patterns(spec.ignore)
    kept = 0
    ignored: list[list[Path]] = []
    for w, h in zip(want, have, strict=True):
        found = differences(w, h, same_types)
        ignored.append([p for p in found if patterns.covers(p)])
        kept += len(found) - len(ignored[-1])
    count = sum(map(len, ignored))
    if (header_ok and not kept) or not count:
        return Judged(header_ok and not kept, expected, count)
    docs = [graft(w, h, paths) for w, h, paths in zip(want, have, ignored, strict=True)]
    out = writer(spec, source, body)
    parts = [out.dump(doc, spec.indent) for doc in docs]
    merged = parts[0] if len(parts) == 1 else b"".join(b"---\n" + p for p in parts)
    if spec.header is not None:
        merged = header_line(spec, source) + merged
    return Judged(False, merged, count)


def differences(want: Any, have: Any, same_types: Any) -> list[Path]:
    """The smallest locations where `have` differs from `want` in value or type."""
    out: list[Path] = []
    stack: list[tuple[Path, Any, Any]] = [((), want, have)]
    while stack:
        path, a, b = stack.pop()
        if type(a) is not type(b):
            out.append(path)
        elif isinstance(a, dict):
            if a == b and same_types(a, b):
                continue
            for key, value in a.items():
                if key in b:
                    stack.append(((*path, key), value, b[key]))
                else:
                    out.append((*path, key))
            out.extend((*path, key) for key in b if key not in a)
        elif isinstance(a, list):
            if len(a) != len(b):
                out.append(path)
            elif not (a == b and same_types(a, b)):
                stack.extend(((*path, i), x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)))
        elif a != b:
            out.append(path)
    return out


def graft(want: Any, have: Any, paths: list[Path]) -> Any:
    """`want` with `have`'s values (or their absence) at `paths`; `want` is not changed:
    the containers on the way to each path are copied once."""
    root: list[Any] = [want]
    copied = {id(root)}
    for path in paths:
        node: Any = root
        for key in (0, *path[:-1]) if path else ():
            child = node[key]
            if id(child) not in copied:
                child = child.copy()
                copied.add(id(child))
                node[key] = child
            node = child
        if not path:
            continue  # never covered: a pattern never names the whole document
        parent = have
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        if isinstance(parent, dict) and last not in parent:
            del node[last]
        else:
            node[last] = parent[last]
    return root[0]

