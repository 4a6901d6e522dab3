"""`specsync fix` (hook `specsync-fix`): regenerate drifted copies from their sources."""
from __future__ import annotations

import sys

from specsync import pipeline
from specsync.commands import one_line_errors, options
from specsync.errors import one_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.write.copies import Outcome

DESCRIPTION = ("Write each drifted copy from its staged source (atomically, keeping its mode); "
               "exit 1 when anything was written, so the new bytes can be staged.")


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    opts = options.read("specsync fix", DESCRIPTION, argv, fix=True)
    found = pipeline.collect(opts.filenames, all_files=opts.all_files, worktree=opts.worktree)
    if found.problems:
        from specsync.report.text import problems_text

        print(problems_text(found.problems), file=sys.stderr)
    if not found.drifts:
        from specsync.repo.atomic import sweep

        sweep(found.repo)  # temp files of a fix that was killed
        regenerated = _generated(found, opts, ())  # runs even when a link has a problem
        return 2 if found.problems else 1 if regenerated else 0
    from specsync.report.text import fix_text
    from specsync.write import copies

    outcomes = copies.fix(found.repo, found.snapshot, found.drifts, force=opts.force)
    print(fix_text(outcomes))
    regenerated = _generated(found, opts, outcomes)
    if any(o.action == "failed" for o in outcomes) or found.problems:
        return 2
    # a copy that only waits to be staged was not written now: nothing to redo
    return 1 if regenerated or any(o.action != "stage" for o in outcomes) else 0


def _generated(found: pipeline.Findings, opts: options.Options,
               outcomes: Sequence[Outcome]) -> bool:
    """Generated outputs and locked copies: run their commands, keep specsync.lock current;
    whether anything was written or is left to do."""
    if not found.generated and not outcomes:
        return False
    from specsync.write import generators

    return generators.fix(
        found, force=opts.force,
        written=[o.drift.copy for o in outcomes if o.action in ("wrote", "stage")],
        deleted=[o.drift.copy for o in outcomes if o.action == "deleted"],
        say=_say,
    )


def _say(lines: Sequence[str]) -> None:
    if lines:
        print(one_lines(lines), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
