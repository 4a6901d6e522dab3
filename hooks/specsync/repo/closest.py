"""The tracked path a mistyped one most likely meant: `s.yml` -> `s.yaml`,
`api/opnapi/v1.yaml` -> `api/openapi/v1.yaml`. Asked only on an error path.

A suggestion needs a close file name (difflib's ratio at least `CUTOFF`), not just a
shared folder: first among the files of the same folder (found by bisection), then
among every file whose name is close, the one whose whole path is closest. One pass
over the set of file names, whatever the size of the repository.
"""
from __future__ import annotations

import difflib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.repo.snapshot import Snapshot

CUTOFF = 0.75  # a typo, not a different file


def closest_path(snapshot: Snapshot, path: str, *, anywhere: bool = True) -> str | None:
    """The listed path closest to `path`, or None when no file name is close enough
    (`anywhere` False: only in the same folder)."""
    folder, _, name = path.rpartition("/")
    prefix = folder + "/" if folder else ""
    here = {p[len(prefix):]: p for p in snapshot.under(prefix) if "/" not in p[len(prefix):]}
    close = difflib.get_close_matches(name, list(here), n=1, cutoff=CUTOFF)
    if close:
        return here[close[0]]
    if not anywhere:
        return None
    names = set(difflib.get_close_matches(
        name, list({p.rpartition("/")[2] for p in snapshot.paths()}), n=5, cutoff=CUTOFF))
    candidates = [p for p in snapshot.paths() if p.rpartition("/")[2] in names and p != path]
    best = difflib.get_close_matches(path, candidates, n=1, cutoff=0.0)
    return best[0] if best else None


def suggestion(snapshot: Snapshot, path: str) -> str:
    """` (did you mean 'PATH'?)` for the closest listed path, or ""."""
    found = closest_path(snapshot, path)
    return f" (did you mean {found!r}?)" if found else ""
