"""Drifted copies whose fixed bytes already sit in the working tree, waiting for `git add`.

After `specsync fix` (or a hand fix) the user often commits without staging; the block
report then says `git add` rather than the same fix command again (issue 14, the
`git add` loop). Asked only on the drift path, of the staged snapshot, and never fatal
(a hint: a git failure leaves it out). The working tree is read from the disk (the
drifted copies only; no git call without attributes files), or, when pre-commit hid the
unstaged changes from its hooks, from the patch it keeps them in
(`repo.staging.stashed_ids`).
"""
from __future__ import annotations

import os

from specsync.drift.results import REMOVED
from specsync.repo import convert, staging
from specsync.repo.disk import regular_bytes
from specsync.repo.git import GitFailed

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.drift.results import Drift
    from specsync.repo.snapshot import Snapshot


def already_fixed(snap: Snapshot, drifts: Sequence[Drift]) -> list[str]:
    """The drifted copies whose working-tree file holds what fix would write, sorted;
    none outside the index (pruned copies are left to fix's own "already deleted")."""
    wanted = [d for d in drifts if d.status != REMOVED and d.expected is not None]
    if snap.kind != "index" or not wanted:
        return []
    try:
        stashed = staging.stashed_ids(sorted({d.copy for d in wanted}))
        if stashed is not None:
            return sorted(d.copy for d in wanted if _in_patch(snap, d, stashed))
        return sorted(d.copy for d in wanted if _on_disk(snap, d))
    except GitFailed:
        return []


def _in_patch(snap: Snapshot, drift: Drift, stashed: dict[str, str | None]) -> bool:
    there = stashed.get(drift.copy)
    if there is None:
        return False  # unchanged (the index's bytes, which drifted) or deleted
    return staging.same_object(there, _clean_id(snap, drift.copy, drift.expected or b""))


def _on_disk(snap: Snapshot, drift: Drift) -> bool:
    data = regular_bytes(os.path.join(snap.repo.root, drift.copy))
    if data is None:
        return False
    if data == drift.expected:  # written by fix: its checkout form
        return True
    if not convert.apply(snap):
        return False
    return convert.clean_id(snap.repo, drift.copy, data) == \
        convert.clean_id(snap.repo, drift.copy, drift.expected or b"")


def _clean_id(snap: Snapshot, copy: str, data: bytes) -> str:
    """The id `git add` stores for `data` at `copy` (hashed here without attributes)."""
    if convert.apply(snap):
        return convert.clean_id(snap.repo, copy, data)
    import hashlib

    digest = hashlib.sha256 if snap.id_end - 7 == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()
