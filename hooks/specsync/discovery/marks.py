"""Which candidates hold their kind's marks (`//go:generate`, `cp `): asked of git grep.

A cold run asks git grep which candidates hold a mark instead of reading them all
(`grep_marked`); a candidate that holds none declares nothing. A run that
remembers its verdict (repo/verdict.py) keeps such candidates under their marks
(`only_marks`): a later change to one matters only if it brings a mark.
"""
from __future__ import annotations

import os

from specsync.registry import DISCOVERY_KINDS
from specsync.repo import git

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.repo.snapshot import Snapshot

# up to this many candidates git grep reads them on one thread: its worker threads cost
# more CPU than they save (3,030 .go files: 26 ms of CPU with 2 threads, 17 ms with one,
# and no sooner done on 2 CPUs)
GREP_ONE_THREAD = 20_000

# a first run that did not list the candidates guesses their number as a share of the files
# (1 in 4: a Go-heavy tree such as kubernetes, 57% .go files of 28,000, stays on one thread)
UNLISTED_SHARE = 4

Files = dict[str, str]
Plain = dict[str, tuple[object, ...]]


def grep_marked(snap: Snapshot, paths: list[str] | None, everything: bool,
                marks: tuple[bytes, ...], pathspecs: Sequence[str], *,
                which: bool = True) -> dict[str, set[bytes]]:
    """The paths among `paths` that hold one of `marks`, with the marks each holds, asked
    of git grep in one run. `which`: each match (`-o`), so that one kind's mark found in
    another kind's file, a `cp ` in a .go file, does not make it read; else (one kind's
    marks) the files that hold any, each said to hold them all (`-l`: git stops reading a
    file at its first match). `everything`: grep `pathspecs` (the caller's excludes
    among them) rather than naming each path. `paths` None: every file the pathspecs
    name (a first run that did not list the candidates, scan.py `_named`)."""
    # --text: a file the attributes say is no text (`-diff`, `binary`) is searched too, and a
    # match is printed as one, not as "Binary file ... matches" (which hid it and the next)
    args = ["--literal-pathspecs", "grep", "-o" if which else "-l", "-z", "--text",
            "--no-line-number", "--no-column", "--no-color", "-F"]
    for mark in marks:
        args += ["-e", os.fsdecode(mark)]
    if (len(paths) if paths is not None else snap.size() // UNLISTED_SHARE) <= GREP_ONE_THREAD:
        args.insert(2, "--threads=1")
    if snap.kind == "index":
        args.insert(2, "--cached")
    elif snap.kind == "worktree":
        args.insert(2, "--untracked")
    prefix = ""
    if snap.kind == "rev":
        args.append(snap.label)  # verified by states.at_rev; refs never start with "-"
        prefix = snap.label + ":"
    if everything or paths is None:
        args = [a for a in args if a != "--literal-pathspecs"]
        args += ["--", *pathspecs]
    else:
        args += ["--", *paths]
    _, out = git.run(args, snap.repo.root, ok=(0, 1))
    wanted = None if paths is None else set(paths)
    if not which:  # PATH NUL for each file
        found = (os.fsdecode(name).removeprefix(prefix) for name in out.split(b"\0")[:-1])
        return {path: set(marks) for path in found if wanted is None or path in wanted}
    hits: dict[str, set[bytes]] = {}
    at = 0
    while (end := out.find(b"\0", at)) >= 0:  # PATH NUL MATCH NL (a path may hold a NL)
        stop = out.find(b"\n", end)
        stop = len(out) if stop < 0 else stop
        path = os.fsdecode(out[at:end]).removeprefix(prefix)
        if wanted is None or path in wanted:
            hits.setdefault(path, set()).add(out[end + 1 : stop])
        at = stop + 1
    return hits


def only_marks(snap: Snapshot, kinds: Sequence[str], files: Files, found: Plain,
                outer: set[str]) -> None:
    """For a run that remembers its verdict (repo/verdict.py): what scanning read goes to
    the entries the verdict read (`outer`), but for the candidates that declare nothing
    and that no declaring file reads: those are kept under the marks of their kind, as a
    change to one matters only if it brings a mark (a `//go:generate` line). A path the
    search by name ending found that is no candidate (a Dockerfile, a .go file below a
    vendor/ folder, a Makefile a GNUmakefile shadows) and that nothing read matters by
    its name alone, which the verdict keeps anyway: it is dropped."""
    scanned = snap.looked
    assert scanned is not None
    read = {path for v in found.values() if len(v) > 3 and v[3]
            for path, _ in v[3]}  # type: ignore[attr-defined]
    tails = {t for k in kinds for t in DISCOVERY_KINDS[k].tails}
    scanned.difference_update([p for p in scanned if p[-3:] in tails and p not in files
                               and p not in read])
    unmarked = {t for k in kinds if not DISCOVERY_KINDS[k].marks
                for t in DISCOVERY_KINDS[k].tails}
    for kind in kinds:
        row = DISCOVERY_KINDS[kind]
        if row.marks:
            quiet = [p for p in files if p[-3:] in row.tails and p[-3:] not in unmarked
                     and p not in found and p not in read]
            scanned.difference_update(quiet)
            snap.marks_only.setdefault(row.marks, []).extend(quiet)
    outer.update(scanned)
