"""What a check found: one record per drifted copy, rendered later by a reporter."""
from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.config import GeneratedSpec

MISSING = "missing"  # the copy does not exist
DIFFERS = "differs"  # the copy's bytes are not the expected bytes
REMOVED = "removed"  # a pruned copy whose source was removed


@dataclass(frozen=True)
class Drift:
    copy: str
    source: str | None  # for REMOVED: the source the copy would come from, now gone
    status: str
    expected: bytes | None  # None: the copy should not exist
    actual: bytes | None  # None: the copy does not exist
    origin: str  # where the link was declared: `.specsync.yaml:4`, `pkg/x.go:12`
    mode: str = "100644"  # git mode for a copy that fix creates
    edited: bool = False  # the copy changed in this commit and its source did not
    note: str | None = None  # why, in the user's terms, when bytes alone do not say

    @property
    def headline(self) -> str:
        if self.status == MISSING:
            return f"{self.copy}: missing copy of {self.source}"
        if self.status == REMOVED:
            return f"{self.copy}: source was removed (no {self.source}); fix deletes it (prune)"
        if self.edited:
            return (f"{self.copy}: was edited directly; make the change in {self.source} "
                    f"(out of sync with {self.source})")
        return f"{self.copy}: out of sync with {self.source}"


@dataclass(frozen=True)
class Outcome:
    """What fix did (or refused to do) for one drifted copy."""

    drift: Drift
    action: str  # "wrote", "deleted", "stage", "refused", "failed"
    message: str


# what a generated entry or a locked copy found against specsync.lock
STALE = "stale"  # sources changed since the lock, outputs did not: regenerate
HAND_EDITED = "hand-edited"  # outputs changed since the lock, sources did not
BOTH_CHANGED = "both-changed"  # sources and outputs changed: regenerated but not locked?
UNLOCKED = "unlocked"  # no line in specsync.lock yet
NO_OUTPUT = "no-output"  # none of the outputs exists
LOCK_OUTDATED = "lock-outdated"  # a locked copy is in sync but the lock records other bytes
ORPHAN = "orphan"  # a lock line whose entry is no longer configured


@dataclass(frozen=True)
class LockDrift:
    """A generated entry (or a locked copy) that does not match `specsync.lock`."""

    subject: str  # the entry's outputs, or the locked copy, as the lock names it
    status: str
    message: str  # one line that ends with what to run
    origin: str  # where the entry is declared
    key: str  # the lock line's `kind key`
    entry: GeneratedSpec | None = None  # the generated entry, when it is one
    details: tuple[str, ...] = ()
