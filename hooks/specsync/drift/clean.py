"""Copies that differ byte for byte, judged again as git stores them (issue 12 D6, F1, X12).

A copy is what `cp` of the checked-out source gives, and git compares files in their
clean form for their own path. So when attributes may convert bytes, a copy whose
bytes differ is in sync after all when `git add` would store, at the copy's path, the
same object for it as for the expected bytes made from the checked-out source: a
filtered (LFS-style) source, `eol=crlf` on one side, a legacy CRLF source under
`text=auto`. Runs only for copies already found to differ, only with attributes.
"""
from __future__ import annotations

import contextlib

from specsync.repo import convert

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.links import Pair
    from specsync.repo.snapshot import Snapshot

    Suspect = tuple[Pair, bytes, "bytes | None"]  # pair, expected bytes, the copy's bytes


def still_differ(snapshot: Snapshot, suspects: list[Suspect],
                 sources: dict[str, bytes]) -> list[Suspect]:
    """The suspects that differ in clean form too, each with the expected bytes made from
    its checked-out source (what fix writes, in the copy's checkout form); the caller
    compares those at the copy's `compare:` level once more."""
    from specsync.drift import transforms

    repo = snapshot.repo
    worktree = snapshot.kind == "worktree"
    on_disk = convert.clean_ids_on_disk(
        repo, [p.copy for p, _, actual in suspects if actual is not None]) if worktree else {}
    checked_out: dict[str, bytes] = {}
    still = []
    for pair, raw, actual in suspects:
        expected = raw
        oid = snapshot.object_id(pair.content)
        if oid is not None and pair.content in sources:  # (--worktree: the disk holds it)
            if pair.content not in checked_out:
                checked_out[pair.content] = convert.checkout_of(repo, oid, pair.content)
            if checked_out[pair.content] != sources[pair.content]:
                with contextlib.suppress(transforms.TransformError):  # reported as stored
                    expected = transforms.expected(pair.spec, pair.source,
                                                   checked_out[pair.content], {})
        copy_id = on_disk.get(pair.copy) if worktree else snapshot.object_id(pair.copy)
        if copy_id is None or copy_id != convert.clean_id(repo, pair.copy, expected):
            still.append((pair, expected, actual))
    return still
