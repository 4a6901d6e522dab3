"""The JSON Schema of `.specsync.yaml`, with the names the registry holds.

The schema ships in the package (`specsync.schema.json`, for editors and the
tests) and this repository publishes a copy (`schema/specsync.schema.json`, a
link of its own `.specsync.yaml`). Its `transform` and `discover` enums are
the registry's rows: `python -m specsync.config.schema` writes them into the
shipped file, keeping the rest of its text as it is; `specsync fix` then
brings the published copy along.
"""
from __future__ import annotations

import os
import re
import sys

from specsync.registry import DISCOVERY_KINDS, TRANSFORMS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

SCHEMA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "specsync.schema.json")
# the enum each table fills: `"transform": { "enum": [...] }`, and under `"discover"` the
# list form's `"items": { "enum": [...] }`
_TRANSFORM = re.compile(r'("transform":\s*\{\s*"enum":\s*)\[[^\]]*\]')
_DISCOVER = re.compile(r'("discover":\s*\{[^\]]*?"items":\s*\{\s*"enum":\s*)\[[^\]]*\]', re.S)


def _names(names: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{n}"' for n in names) + "]"


def with_registry(text: str) -> str:
    """The schema text with its enums set to the registry's names."""
    out = text
    for pattern, names in ((_TRANSFORM, TRANSFORMS), (_DISCOVER, DISCOVERY_KINDS)):
        out, count = pattern.subn(lambda m, n=names: m.group(1) + _names(n), out)  # type: ignore[misc]
        if count != 1:
            raise ValueError(f"the schema has {count} places for {pattern.pattern!r}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Write the registry's names into the shipped schema; 1 when it changed."""
    path = (list(argv) if argv is not None else sys.argv[1:]) or [SCHEMA]
    with open(path[0], encoding="utf-8") as f:
        text = f.read()
    new = with_registry(text)
    if new == text:
        return 0
    from specsync.repo.atomic import write_atomic

    write_atomic(path[0], new.encode(), os.stat(path[0]).st_mode & 0o777)
    print(f"Updating {path[0]} from the registry")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
