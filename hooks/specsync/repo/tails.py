"""The paths of a large listing that end in one of a few tails, found at C speed.

Discovery's candidates (`.go` files, Makefiles) are a few percent of a large
index. Testing every path in Python (a slice and a set lookup each) cost ~5 ms
on 60,000 paths; here the paths are joined once and each `tail NUL` is found
by `str.find`, so Python touches only the paths that match.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


def with_tail(listing: dict[str, str], tails: Iterable[str], width: int,
              id_end: int) -> dict[str, str]:
    """path -> `listing[path][7:id_end]` of the paths ending in one of `tails` (each
    `width` characters long), tail by tail in the order given."""
    joined = "\0".join(listing) + "\0"  # a NUL ends every path; no path holds one
    get = listing.__getitem__
    found = {}
    for tail in tails:
        if len(tail) != width:
            continue
        needle = tail + "\0"
        at = joined.find(needle)
        while at >= 0:
            stop = at + width
            path = joined[joined.rfind("\0", 0, at) + 1 : stop]
            found[path] = get(path)[7:id_end]
            at = joined.find(needle, stop + 1)
    return found
