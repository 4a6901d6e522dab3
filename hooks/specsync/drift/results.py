"""What a check found: one record per drifted copy, rendered later by a reporter.

Built only once something drifted (`dataclasses` stays off the in-sync path).
"""
from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Status = Literal["missing", "differs", "removed"]

MISSING: Status = "missing"  # the copy does not exist
DIFFERS: Status = "differs"  # the copy's bytes are not the expected bytes
REMOVED: Status = "removed"  # a pruned copy whose source was removed


@dataclass(frozen=True)
class Drift:
    copy: str
    source: str | None  # for REMOVED: the source the copy would come from, now gone
    status: Status
    expected: bytes | None  # None: the copy should not exist
    actual: bytes | None  # None: the copy does not exist
    origin: str  # where the link was declared: `.specsync.yaml:4`, `pkg/x.go:12`
    mode: str = "100644"  # git mode for a copy that fix creates
    edited: bool = False  # the copy changed in this commit (vs HEAD) and its source did not
    new: bool = False  # REMOVED only: HEAD has no such file; the user's, never deleted
    note: str | None = None  # why, in the user's terms, when bytes alone do not say
    ignored: int = 0  # differences the copy's `ignore:` patterns cover (not in `expected`)
    ignore: tuple[str, ...] = ()  # those patterns, when some difference was ignored
    shown: bytes | None = None  # with `ignore`: the expected bytes before the copy's own
    # values were put back; the report compares these (cut into the blocks that differ,
    # where a rewritten `expected` would differ everywhere) and skips the ignored changes

    @property
    def headline(self) -> str:
        if self.status == MISSING:
            return f"{self.copy}: missing copy of {self.source}"
        if self.status == REMOVED and self.new:
            return (f"{self.copy}: added in this commit to a pruned copy folder, but there is "
                    f"no {self.source}; add that source, or move the file out of the folder")
        if self.status == REMOVED and self.edited:
            return (f"{self.copy}: source was removed (no {self.source}), but the copy was "
                    "edited in this commit; fix deletes it (prune) only with --force")
        if self.status == REMOVED:
            return f"{self.copy}: source was removed (no {self.source}); fix deletes it (prune)"
        if self.edited:
            return (f"{self.copy}: was edited directly; make the change in {self.source} "
                    f"(out of sync with {self.source})")
        return f"{self.copy}: out of sync with {self.source}"
