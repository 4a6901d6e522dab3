"""`--format github`: one workflow annotation per copy, at the first line of the copy that
differs (a missing copy is annotated where its link is declared)."""
from __future__ import annotations

from specsync.errors import at, one_line
from specsync.explain.analysis import Explainer
from specsync.report.hints import fix_for, summary
from specsync.report.text import change_lines, headline, only_staging, stage_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.drift.results import Drift
    from specsync.errors import InputError
    from specsync.lock.results import LockDrift
    from specsync.pipeline import Findings


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(file: str, line: int | None, title: str, lines: Sequence[str]) -> str:
    """One workflow command, one line: `file=` is the name in GitHub's escaping (`%0A`,
    `%25`: GitHub decodes it back to the file; other control characters, which GitHub
    cannot decode, as `errors.one_line` shows them), the message's lines are joined by
    `%0A` and each shows control characters as `errors.one_line` does."""
    where = f"file={one_line(_escape(file, True))}"
    if line is not None:
        where += f",line={line}"
    body = "\n".join(one_line(text) for text in lines)
    return f"::error {where},title={_escape(one_line(title), True)}::{_escape(body)}"


def check_github(drifts: Sequence[Drift], problems: Sequence[InputError], *, fix_command: str,
                 verbose: bool, generated: Sequence[LockDrift] = (),
                 waiting: Sequence[str] = (), root: str = "") -> str:
    """The annotations, then the summary and the command lines; a copy in `waiting` (already
    fixed in the working tree) ends with its `git add` instead of the fix command."""
    explainer = Explainer()
    ready = set(waiting)
    out = [annotation(p.path, p.line, "specsync", [p.message]) for p in problems]
    for g in sorted(generated, key=lambda g: (g.subject, g.status)):
        out.append(annotation(*at(g.origin), f"specsync: {g.status}", [g.message, *g.details]))
    for drift in sorted(drifts, key=lambda d: d.copy):
        analysis = explainer.analyze(drift)
        body = [headline(drift, analysis)]
        body.extend(s for s in (drift.note, analysis.problem, analysis.detail) if s)
        body.extend(change_lines(drift, analysis, verbose))
        if analysis.skipped:
            body.append(f"... {analysis.skipped}")
        fix = fix_for(drift, fix_command)
        if drift.copy in ready:
            body.append(stage_line(root, [drift.copy]))
        elif fix:
            body.append(f"fix: {fix}")
        file, line = drift.copy, analysis.first_line
        if drift.actual is None:
            file, line = at(drift.origin)
        out.append(annotation(file, line, f"specsync: {analysis.cls}", body))
    if drifts:
        count = len(drifts)
        out.append(summary(count, "cop{y|ies} out of sync"))
    if ready:
        out.append(one_line(stage_line(root, sorted(ready))))
    if generated or (drifts and not only_staging(drifts, ready)):
        out.append(one_line(f"fix: {fix_command}"))
    return "\n".join(out)


def render(found: Findings, fix_command: str, *, verbose: bool, full_diff: bool) -> str:
    return check_github(found.drifts, found.problems, fix_command=fix_command,
                        verbose=verbose, generated=found.generated, waiting=found.waiting,
                        root=found.repo.root)
