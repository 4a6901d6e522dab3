"""Drifted copies whose fixed bytes already sit in the working tree, waiting for `git add`.

After `specsync fix` (or a hand fix) the user often commits without staging; the block
report then says `git add` rather than the same fix command again (issue 14, the
`git add` loop). Asked only on the drift path, of the staged snapshot: the working tree's
ids come from `repo.staging.worktree_ids` (one git call, or pre-commit's stash patch),
the expected bytes are hashed as `git add` would store them at the copy's path.
"""
from __future__ import annotations

from specsync.drift.results import REMOVED
from specsync.repo import convert, staging

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.drift.results import Drift
    from specsync.repo.snapshot import Snapshot


def already_fixed(snap: Snapshot, drifts: Sequence[Drift]) -> list[str]:
    """The drifted copies whose working-tree file holds what fix would write, sorted;
    none outside the index (pruned copies are left to fix's own "already deleted")."""
    if snap.kind != "index" or not drifts:
        return []
    paths = sorted({d.copy for d in drifts})
    on_disk = staging.worktree_ids(snap.repo, paths, {p: snap.object_id(p) for p in paths})
    filters = convert.apply(snap)
    fixed = []
    for drift in drifts:
        there = on_disk.get(drift.copy)
        if drift.status == REMOVED or drift.expected is None or there is None:
            continue  # a pruned copy: fix itself says when it is already deleted
        if there != snap.object_id(drift.copy) and staging.same_object(there, (
                convert.clean_id(snap.repo, drift.copy, drift.expected) if filters
                else _blob_id(drift.expected, snap.id_end - 7))):
            fixed.append(drift.copy)
    return sorted(fixed)


def _blob_id(data: bytes, width: int) -> str:
    """The id git gives `data` as a blob without filters (SHA-1, or SHA-256 ids)."""
    import hashlib

    digest = hashlib.sha256 if width == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()
