"""A copy that a command run after it names again is not a plain copy.

`cp spec.yaml copy.yaml` followed by `sed -i ... copy.yaml` (or `yq -i`, or a
script given the name) leaves a patched copy: comparing it with its source
would be a false alarm, and `fix` would undo the patch. The command after the
copy is the next line of the same Makefile recipe (make.py), or a later
`//go:generate` directive of the same package, in the order go generate runs
them (here): a package's files by name, then those of its external test
package (`x_test`), each file's directives top to bottom. The same order decides
which directives a failing one stops (`stopped_by`).
"""
from __future__ import annotations

import posixpath

from specsync.discovery.model import GO_STOPS, Op, Unknown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def named_by(op: Op, text: str, folder: str) -> str | None:
    """The name under which `text`, a command run from `folder`, mentions what `op` writes.

    The destination as the command would spell it (relative to `folder`) or as
    a repository path; for a copy into a folder, each copied file's name in it.
    Textual on purpose: any mention, whatever the command, means "not a plain copy".
    """
    here = folder or "."
    names = [posixpath.relpath(posixpath.join(op.dest, posixpath.basename(s.removesuffix("/."))),
                               here) for s in op.sources]
    shown = posixpath.relpath(op.dest or ".", here)
    if shown != ".":
        names += [shown, op.dest]
    return next((n for n in names if n in text), None)


_ENDS = frozenset(" \t\n'\";|&()<>")  # what ends a word
_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+@=,-/")
_MOVES = frozenset(("cd", "pushd", "-C", "--directory", "--chdir"))  # run from elsewhere


def named_below(op: Op, text: str, folder: str) -> tuple[str | None, tuple[str, ...]]:
    """named_by, except that the copy folder followed by a literal path below it
    (`dest/other.yaml`: no wildcard, no `$`, no `..`) names that path, not the copies:
    those paths come back (repository paths), for resolve to hold against the copies once
    globs meet the tree. A command that may run from another folder (`cd`, `make -C`)
    names whatever it names relative to it: any mention then names the copies."""
    here = folder or "."
    names = [posixpath.relpath(posixpath.join(op.dest, posixpath.basename(s.removesuffix("/."))),
                               here) for s in op.sources]
    hit = next((n for n in names if n in text), None)
    shown = posixpath.relpath(op.dest or ".", here)
    if hit is not None or shown == ".":
        return hit, ()
    below: list[str] = []
    moves = not _MOVES.isdisjoint(text.split())
    for spelled, base in ((shown, here), (op.dest, ".")):
        start = text.find(spelled)
        while start >= 0:
            end = start + len(spelled)
            rest = _literal(text, end)
            if moves or rest is None:
                return spelled, ()
            below.append(posixpath.normpath(posixpath.join(base, spelled, rest)))
            start = text.find(spelled, end)
    return None, tuple(dict.fromkeys(below))


def _literal(text: str, end: int) -> str | None:
    """The literal path after `/` at `end` up to the end of its word, or None."""
    if text[end : end + 1] != "/":
        return None
    stop = end + 1
    while stop < len(text) and text[stop] not in _ENDS:
        stop += 1
    rest = text[end + 1 : stop].rstrip("/")
    parts = rest.split("/")
    if not rest or not _NAME.issuperset(rest) or ".." in parts or "." in parts:
        return None
    return rest


def _runs_after(op: Op, other: Unknown) -> bool:
    """Whether go generate may run the directive `other` after `op` (same package folder).

    It runs the files of package `x` by name (its `_test.go` files among them), then
    those of `x_test`. Which of the two a `_test.go` file belongs to is its package
    clause, not recorded here: a test file may run after any file (not guessing).
    """
    if other.path == op.path:
        return other.line > op.line
    return other.path.endswith("_test.go") or other.path > op.path


def edited_go_copies(ops: Sequence[Op], unknown: Sequence[Unknown],
                     ) -> tuple[list[Op], list[Unknown]]:
    """The go:generate copies that no later directive of their package names, and one
    "not understood" record for each copy that one does."""
    later: dict[str, list[Unknown]] = {}
    for item in unknown:
        if item.text and item.path.endswith(".go"):
            later.setdefault(posixpath.dirname(item.path), []).append(item)
    if not later:
        return list(ops), []
    kept: list[Op] = []
    edited: list[Unknown] = []
    for op in ops:
        folder = posixpath.dirname(op.path)
        hit = None
        if op.path.endswith(".go"):
            hit = next(((other, name) for other in later.get(folder, ())
                        if _runs_after(op, other)
                        and (name := named_by(op, other.text, folder)) is not None), None)
        if hit is None:
            kept.append(op)
            continue
        other, name = hit
        where = f"line {other.line}" if other.path == op.path else other.origin
        edited.append(Unknown(op.path, op.line, "", f"{where} (run after this copy by go "
                              f"generate) also names {name}: not a plain copy"))
    return kept, edited


def stopped_by(ops: Sequence[Op], failed: Sequence[Unknown]) -> tuple[list[Op], list[Unknown]]:
    """The ops that still run when the go:generate directives `failed` fail (a cp whose
    source is nowhere, that cp refuses, or one that a failure may stop first), and one
    "not understood" record for each op that does not (but the failing ones: their own
    record says why): go generate stops a package at its first failing directive. The
    directives after it in its file never run (nor the rest of its `sh -c` script); those
    of the package's other files may run before it or never (go's file order, test
    packages apart): not guessed either."""
    stops: dict[str, list[Unknown]] = {}
    for item in failed:
        stops.setdefault(posixpath.dirname(item.path), []).append(item)
    kept: list[Op] = []
    stopped: list[Unknown] = []
    for op in ops:
        stop = next((u for u in stops.get(posixpath.dirname(op.path), ())
                     if op.path.endswith(".go") and (u.path != op.path or u.line <= op.line)),
                    None)
        if stop is None:
            kept.append(op)
        elif (stop.path, stop.line) != (op.path, op.line):  # the failing line says why itself
            stopped.append(Unknown(op.path, op.line, "", f"{GO_STOPS}"
                                   f"{stop.origin} when it fails, so this line may never run"))
    return kept, stopped
