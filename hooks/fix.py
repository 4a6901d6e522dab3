"""`specsync fix` (hook `specsync-fix`): regenerate drifted copies from their sources."""
from __future__ import annotations

import sys

from hooks import options, pipeline
from hooks.errors import one_line_errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.results import Outcome

DESCRIPTION = ("Write each drifted copy from its staged source (atomically, keeping its mode); "
               "exit 1 when anything was written, so the new bytes can be staged.")


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    opts = options.read("specsync fix", DESCRIPTION, argv, fix=True)
    found = pipeline.collect(opts)
    if found.problems:
        from hooks.report import problems_text

        print(problems_text(found.problems), file=sys.stderr)
    if not found.drifts:
        from hooks.atomic import sweep

        sweep(found.repo)  # temp files of a fix that was killed
        return max(2 if found.problems else 0, _generated(found, opts, ()))
    from hooks import fixer
    from hooks.report import fix_text

    outcomes = fixer.fix(found.repo, found.snapshot, found.drifts, force=opts.force)
    print(fix_text(outcomes))
    regenerated = _generated(found, opts, outcomes)
    if any(o.action == "failed" for o in outcomes) or found.problems:
        return 2
    # a copy that only waits to be staged was not written now: nothing to redo
    return max(regenerated, 1 if any(o.action != "stage" for o in outcomes) else 0)


def _generated(found: pipeline.Found, opts: pipeline.Options, outcomes: Sequence[Outcome]) -> int:
    """Generated outputs and locked copies: run their commands, keep specsync.lock current."""
    if not found.generated and not outcomes:
        return 0
    from hooks import regenerate

    return regenerate.fix(
        found, force=opts.force,
        written=[o.drift.copy for o in outcomes if o.action in ("wrote", "stage")],
        deleted=[o.drift.copy for o in outcomes if o.action == "deleted"],
    )


if __name__ == "__main__":
    raise SystemExit(main())
