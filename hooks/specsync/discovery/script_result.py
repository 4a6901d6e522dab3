"""What one run of a script does (`Result`), and the copies that later commands of it
may patch or that a failing run leaves in doubt: those are not understood.

A later command that may write files nobody can name (a value specsync does not know, a
`cd` it cannot follow) unlinks every copy made before it. Any other one is read as the
later lines of a recipe are (later.py, order.named_below): a mention of a copy, or of its
folder alone, means the copy may be patched; the copy folder followed by a literal path
below it (`dest/a.yaml`) names that path only. The copy keeps that path in `Op.patched`,
and resolve refuses a copy at or below it once the glob meets the tree. A loop unrolled
per file (script_loops) records each pass's command with that pass's values, so a pass
that writes `dest/$(basename "$f")` names its own file, not the files earlier passes
copied."""
from __future__ import annotations

from specsync.discovery.model import Op, Unknown
from specsync.discovery.order import named_below, named_by
from specsync.discovery.shell import UNKNOWN_CWD

# (ops made before it, line, text, folder it runs in, whether it may write anything)
Other = tuple[int, int, str, str, bool]


class Result:
    """What one run of a script does: its copies, what is not understood, its text (every
    file it read, and its values) and whether it may write files nobody can name."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.unknown: list[Unknown] = []
        self.text: list[str] = []
        self.blind = ""  # why it may write any file (a command with an unknown value)


def _blind(folder: str) -> str:
    if folder == UNKNOWN_CWD:
        return "a value it does not know or a path relative to the folder it is run from"
    return "a value it does not know"


def by(via: str) -> str:
    """The words naming what runs the script, for a reason."""
    return f" (run by {via})" if via else ""


def patched(ops: list[Op], others: list[Other], via: str, failed: str, result: Result,
            ) -> Result:
    """Move each copy that a later "other" command names (or may name) to not understood."""
    for index, op in enumerate(ops):
        op.via = via
        hit = None
        for before, line, text, folder, blind in others:
            if before <= index:
                continue
            below: tuple[str, ...] = ()
            if blind:
                name: str | None = _blind(folder)
            elif folder == UNKNOWN_CWD:
                name = named_by(op, text, folder)
            else:
                name, below = named_below(op, text, folder)
            if name is not None:
                hit = (line, name)
                break
            op.patched += tuple((path, f"line {line} of the script") for path in below)
        if failed:
            result.unknown.append(Unknown(op.path, op.line, "", failed + by(via)))
        elif hit is None:
            result.ops.append(op)
        else:
            result.unknown.append(Unknown(op.path, op.line, "", f"line {hit[0]} of the script "
                                          f"(run after this copy) also names {hit[1]}: not a "
                                          f"plain copy{by(via)}"))
    return result
