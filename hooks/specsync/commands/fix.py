"""`specsync fix` (hook `specsync-fix`): regenerate drifted copies from their sources."""
from __future__ import annotations

import sys

from specsync.commands import one_line_errors, options, remembered
from specsync.errors import one_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync import pipeline
    from specsync.write.copies import Outcome

DESCRIPTION = ("Write each drifted copy from its staged source (atomically, keeping its mode); "
               "exit 1 when anything was written, so the new bytes can be staged.")


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    opts = options.read("specsync fix", DESCRIPTION, argv, fix=True)
    run = None if opts.worktree else remembered()
    if run is not None and run.holds:  # the index in sync by the verdict: nothing to write
        from specsync.repo.atomic import sweep

        sweep(run.repo)  # temp files of a fix that was killed
        return 0
    from specsync import pipeline

    found = pipeline.collect(opts.filenames, all_files=opts.all_files, worktree=opts.worktree,
                             remember=run)
    if found.problems:
        from specsync.report.text import problems_text

        print(problems_text(found.problems), file=sys.stderr)
    if not found.drifts:
        from specsync.repo.atomic import sweep

        sweep(found.repo)  # temp files of a fix that was killed
        said: list[str] = []
        regenerated = _generated(found, opts, (), said)  # runs even when a link has a problem
        _force_line(found, said, opts.worktree)
        left = _left_to_stage(found, ())
        return 2 if found.problems else 1 if regenerated or left else 0
    from specsync.report.text import fix_text
    from specsync.write import copies

    outcomes = copies.fix(found.repo, found.snapshot, found.drifts, force=opts.force)
    print(fix_text(outcomes))
    said = [o.message for o in outcomes if o.action == "refused"]
    _generated(found, opts, outcomes, said)
    _force_line(found, said, opts.worktree)
    _left_to_stage(found, outcomes)
    if any(o.action == "failed" for o in outcomes) or found.problems:
        return 2
    # a staged copy still differs from what it must be, whatever fix wrote or left to
    # stage: the commit must not go through until it is staged
    return 1


def _generated(found: pipeline.Findings, opts: options.Options,
               outcomes: Sequence[Outcome], said: list[str]) -> bool:
    """Generated outputs and locked copies: run their commands, keep specsync.lock current;
    whether anything was written or is left to do (an entry only waiting to be staged
    is left to `_left_to_stage`). What the generators say is added to `said`."""
    if not found.generated and not outcomes:
        return False
    from specsync.lock.results import UNSTAGED

    stale = [f for f in found.generated if f.status != UNSTAGED]
    if not stale and not outcomes:
        return False
    from specsync.write import generators

    def say(lines: Sequence[str]) -> None:
        said.extend(lines)
        _say(lines)

    everything, found.generated = found.generated, stale
    try:
        return generators.fix(
            found, force=opts.force,
            written=[o.drift.copy for o in outcomes if o.action in ("wrote", "stage")],
            deleted=[o.drift.copy for o in outcomes if o.action == "deleted"],
            say=say,
        )
    finally:
        found.generated = everything


def _left_to_stage(found: pipeline.Findings, outcomes: Sequence[Outcome]) -> bool:
    """Print the one command that stages what fix wrote or found waiting (the copies, the
    regenerated outputs, the lock), as this commit can take it; whether there is any."""
    if found.snapshot.kind != "index" or not (outcomes or found.generated):
        return False
    from specsync.lock.entries import unstaged as settled_entries
    from specsync.lock.lockfile import LOCK_NAME
    from specsync.repo import staging

    paths = {o.drift.copy for o in outcomes if o.action in ("wrote", "stage", "deleted")}
    specs = [f.entry for f in found.generated if f.entry is not None]
    for files in settled_entries(found.snapshot, specs).values():
        paths.update(files)
    paths.add(LOCK_NAME)  # fix may have updated it; listed only when it differs from the index
    names, ignored = staging.unstaged(found.repo, paths)
    if not names:
        return False
    from specsync.report.hints import stage_lines

    _say(stage_lines(found.snapshot, names, ignored))
    return True


def _force_line(found: pipeline.Findings, said: Sequence[str], worktree: bool) -> None:
    """Under pre-commit or prek, which cannot pass --force: when fix left an edit that
    --force discards (its line says so), the command that discards it."""
    if not any("--force" in line for line in said):
        return  # (the in-sync path imports nothing more)
    from specsync.report.runners import hook_runner

    if hook_runner() is None:
        return
    from specsync.report.hints import fix_command, with_force

    command = with_force(fix_command(found.repo, worktree))
    _say([f"to discard the edits not overwritten above: {command}"])


def _say(lines: Sequence[str]) -> None:
    if lines:
        print(one_lines(lines), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
