"""Which files may declare copies: the candidates, found by the ends of their names.

A finder of a kind (registry.DISCOVERY_KINDS) reads .go files, Makefiles or shell scripts;
the index listing names them with their object ids, so no file is read to list them.
Third-party code (any path below a `vendor/`, `node_modules/` or `testdata/` folder) is
never a candidate: go generate skips it, and nobody runs a vendored Makefile. A repository
with no candidate loads no scanner (`discovery.discovered`).
"""
from __future__ import annotations

from specsync.registry import DISCOVERY_KINDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from specsync.repo.snapshot import Snapshot

THIRD_PARTY = frozenset(("vendor", "node_modules", "testdata"))  # folders never scanned
TOP_THIRD_PARTY = tuple(f"{name}/" for name in sorted(THIRD_PARTY))  # not even looked at
# a first run (nothing cached) in a repository of more files than this asks git grep to name
# the candidates with marks (scan.py `_named`): searching every path's ending for `.go` costs
# more than the git process (~1.5 ms; the candidates' blobs are read either way). CPU of a
# first run, by name / named: 7,002-file operator 47.9 / 43.5 ms, kyverno (9,479 files)
# 178 / 164 ms, 60,000-file monorepo 124 / 114 ms
NAMED_ABOVE = 4_096

Files = dict[str, str]


def by_name_first(snap: Snapshot) -> bool:
    """Whether the candidates are listed by name before anything is read: always, but on a
    first run in a repository of more than NAMED_ABOVE files (git grep names them then)."""
    return snap.size() <= NAMED_ABOVE


def candidates(snap: Snapshot, kinds: Sequence[str]) -> Files:
    """path -> object id of every file a finder of `kinds` may have to read."""
    rows = [DISCOVERY_KINDS[k] for k in kinds if k in DISCOVERY_KINDS]
    if not rows:
        return {}
    found = snap.ids_with_tail({tail for row in rows for tail in row.tails}, 3,
                               TOP_THIRD_PARTY)
    for path in [p for p in found if third_party(p)]:
        del found[path]
    for row in rows:
        if row.names is not None:  # Dockerfile, Gemfile... are no Makefiles
            for path in [p for p in found if p[-3:] in row.tails]:
                if path.rpartition("/")[2] not in row.names or _shadowed(path, found):
                    del found[path]
    return found


def among(snap: Snapshot, kinds: Sequence[str], paths: Iterable[str]) -> Files:
    """The candidates of `kinds` among `paths` (the files git grep named on a first run,
    scan.py `_named`): the test of `candidates`, without searching the listing."""
    rows = [DISCOVERY_KINDS[k] for k in kinds if k in DISCOVERY_KINDS]
    return {path: snap.object_id(path) or "" for path in sorted(paths)
            if any(path[-3:] in row.tails
                   and (row.names is None or path.rpartition("/")[2] in row.names)
                   for row in rows) and not third_party(path)}


def third_party(path: str) -> bool:
    """A path below a vendor/, node_modules/ or testdata/ folder, at any depth."""
    if "vendor/" not in path and "node_modules/" not in path and "testdata/" not in path:
        return False  # three substring scans: the common answer without a split
    path = "/" + path  # a folder of that name: at the start, or after a slash
    return "/vendor/" in path or "/node_modules/" in path or "/testdata/" in path


def _shadowed(path: str, found: Files) -> bool:
    """make reads the first of GNUmakefile, makefile, Makefile that a folder holds."""
    folder, _, name = path.rpartition("/")
    prefix = folder + "/" if folder else ""
    earlier = {"makefile": ("GNUmakefile",), "Makefile": ("GNUmakefile", "makefile")}
    return any(prefix + first in found for first in earlier.get(name, ()))
