"""What a generated entry or a locked copy found against `specsync.lock`: one record each.

Built only once something is off (`dataclasses` stays off the in-sync path).
"""
from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    from specsync.config.model import GeneratedSpec

    Status = Literal["stale", "hand-edited", "both-changed", "unlocked", "no-output",
                     "lock-outdated", "orphan", "unstaged"]

STALE: Status = "stale"  # sources changed since the lock, outputs did not: regenerate
HAND_EDITED: Status = "hand-edited"  # outputs changed since the lock, sources did not
BOTH_CHANGED: Status = "both-changed"  # sources and outputs changed: regenerated but not locked?
UNLOCKED: Status = "unlocked"  # no line in specsync.lock yet
NO_OUTPUT: Status = "no-output"  # none of the outputs exists
LOCK_OUTDATED: Status = "lock-outdated"  # a locked copy is in sync but the lock records other bytes
ORPHAN: Status = "orphan"  # a lock line whose entry is no longer configured
UNSTAGED: Status = "unstaged"  # the working tree agrees with the lock; the index does not


@dataclass(frozen=True)
class LockDrift:
    """A generated entry (or a locked copy) that does not match `specsync.lock`."""

    subject: str  # the entry's outputs, or the locked copy, as the lock names it
    status: Status
    message: str  # one line that ends with what to run
    origin: str  # where the entry is declared
    key: str  # the lock line's `kind key`
    entry: GeneratedSpec | None = None  # the generated entry, when it is one
    details: tuple[str, ...] = ()
