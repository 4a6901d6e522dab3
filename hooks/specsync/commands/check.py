"""`specsync check` (hook `specsync-check`): block the commit when a copy drifted."""
from __future__ import annotations

import sys

from specsync.commands import by_hand, one_line_errors, options, remembered

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from specsync import pipeline

DESCRIPTION = "Fail when a copy's staged bytes differ from what its source says they must be."


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    opts = options.read("specsync check", DESCRIPTION, argv, fix=False)
    quiet = opts.format == "text" and not (opts.verbose or opts.worktree or opts.rev
                                           or by_hand())
    run = remembered() if quiet else None  # a quiet check of the index may answer from it
    if run is not None and run.holds:
        return 0
    from specsync import pipeline

    found = pipeline.collect(opts.filenames, all_files=opts.all_files, worktree=opts.worktree,
                             rev=opts.rev, remember=run)
    if found.problems:
        from specsync.report.text import problems_text

        print(problems_text(found.problems), file=sys.stderr)
    if found.drifts or found.generated or opts.format != "text":
        from specsync.registry import OUTPUT_FORMATS, load
        from specsync.report.hints import fix_command, partial_commit

        fix = fix_command(found.repo, opts.worktree) if found.drifts or found.generated else ""
        if found.drifts and not partial_commit(found.repo):
            from specsync.drift.waiting import already_fixed

            found.waiting = already_fixed(found.snapshot, found.drifts)
        reporter = load(OUTPUT_FORMATS[opts.format].module)
        print(reporter.render(found, fix, verbose=opts.verbose, full_diff=opts.diff))
        if fix:
            stream = sys.stdout if opts.format == "text" else sys.stderr
            _partial_commit(found, stream)
            _setup_hint(found, stream)
    _by_hand(found, opts)
    return 2 if found.problems else 1 if found.drifts or found.generated else 0


def _by_hand(found: pipeline.Findings, opts: options.Options) -> None:
    """By hand: name the involved files the staged check did not read (stderr). With
    `--verbose`, in sync: say what was in sync, by hand or not."""
    if by_hand():
        from specsync.commands.unstaged import unstaged_line

        line = unstaged_line(found)
        if line:
            print(line, file=sys.stderr)
    if opts.verbose and opts.format == "text" and not (
            found.problems or found.drifts or found.generated):
        print(summary_line(found, opts.rev))


def summary_line(found: pipeline.Findings, rev: str | None) -> str:
    """`specsync: 3 links, 7 copies in sync (index)`: what an in-sync check looked at."""
    linked = found.linked()
    kind = found.snapshot.kind
    where = "index" if kind == "index" else "working tree" if kind == "worktree" else f"at {rev}"
    links, copies = linked.links, len(linked.pairs)
    return (f"specsync: {links} link{'' if links == 1 else 's'}, {copies} "
            f"cop{'y' if copies == 1 else 'ies'} in sync ({where})")


def _partial_commit(found: pipeline.Findings, stream: TextIO) -> None:
    """In `git commit -- PATHS`, say that the copies must be named in the commit too."""
    from specsync.report.hints import partial_commit, partial_commit_line

    if not partial_commit(found.repo):
        return
    paths = [d.copy for d in found.drifts]
    paths += [o for f in found.generated if f.entry is not None for o in f.entry.outputs]
    if found.generated:
        from specsync.lock.lockfile import LOCK_NAME

        paths.append(LOCK_NAME)
    print(partial_commit_line(found.snapshot, paths), file=stream)


def _setup_hint(found: pipeline.Findings, stream: TextIO) -> None:
    """Under a hook manager with no specsync-fix hook: the lines that would add one."""
    from specsync.report.hints import setup_hint

    hint = setup_hint(found.repo)
    if hint:
        print(hint, file=stream)


if __name__ == "__main__":
    raise SystemExit(main())
