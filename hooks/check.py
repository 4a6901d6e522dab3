"""`specsync check` (hook `specsync-check`): block the commit when a copy drifted."""
from __future__ import annotations

import sys

from hooks import options, pipeline
from hooks.errors import one_line_errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

DESCRIPTION = "Fail when a copy's staged bytes differ from what its source says they must be."


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    opts = options.read("specsync check", DESCRIPTION, argv, fix=False)
    found = pipeline.collect(opts)
    fix = pipeline.fix_command(found.repo, opts) if found.drifts or found.generated else ""
    if found.problems:
        from hooks.report import problems_text

        print(problems_text(found.problems), file=sys.stderr)
    if opts.format != "text":
        print(_machine_report(found, opts, fix))
    elif found.drifts:
        from hooks.report import check_text, use_color

        print(check_text(
            found.drifts, label=found.snapshot.label, full_diff=opts.diff,
            cwd=found.repo.root, fix_command=fix,
            verbose=opts.verbose, color=use_color(sys.stdout),
        ))
    if found.generated and opts.format == "text":
        from hooks.generated import check_text as generated_text

        print(generated_text(found.generated, fix))
    return 2 if found.problems else 1 if found.drifts or found.generated else 0


def _machine_report(found: pipeline.Found, opts: pipeline.Options, fix: str) -> str:
    from hooks import formats

    if opts.format == "json":
        return formats.check_json(found.drifts, found.problems, fix, found.generated)
    return formats.check_github(found.drifts, found.problems, fix_command=fix,
                                verbose=opts.verbose, generated=found.generated)


if __name__ == "__main__":
    raise SystemExit(main())
