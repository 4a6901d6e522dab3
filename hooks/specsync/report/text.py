"""Render results as text: a headline per copy with its class, what differs in the spec's
terms (or a short text diff when the data cannot say), then the fix command."""
from __future__ import annotations

from specsync.errors import one_lines
from specsync.report.hints import closing, with_force

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from specsync.drift.results import Drift
    from specsync.errors import InputError
    from specsync.explain.analysis import Analysis, Explainer
    from specsync.explain.semantic import Change
    from specsync.lock.results import LockDrift
    from specsync.pipeline import Findings
    from specsync.write.copies import Outcome

DIFF_LINES = 20
CHANGE_LINES = 20  # semantic change lines per copy unless --verbose

_COLORS = {"head": "1", "class": "33", "where": "36", "-": "31", "+": "32", "@": "36"}


def use_color(stream: object) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (FORCE_COLOR forces it)."""
    import os

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, what: str, color: bool) -> str:
    return f"\033[{_COLORS[what]}m{text}\033[0m" if color else text


def _diff(drift: Drift, label: str, full: bool, cwd: str) -> list[str]:
    from specsync.explain.textdiff import unified

    if drift.expected is None or drift.actual is None:
        return []
    lines = unified(drift.actual, drift.expected, f"{drift.copy} ({label})",
                    f"{drift.copy} (expected, from {drift.source})", cwd)
    if full or len(lines) <= DIFF_LINES + 2:
        return lines
    cut = len(lines) - DIFF_LINES - 2
    return [*lines[: DIFF_LINES + 2], f"... {cut} more diff lines; run with --diff to see all"]


def headline(drift: Drift, analysis: Analysis, color: bool = False) -> str:
    """The drift's headline with its class and the versions that differ."""
    return f"{paint(drift.headline, 'head', color)} {paint(_tag(analysis), 'class', color)}"


def _tag(analysis: Analysis) -> str:
    """`[class; version pair ...]`."""
    tags = [analysis.cls, *(f"{v.field} {v.copy} in the copy, {v.source} in the source"
                            for v in analysis.versions)]
    return "[" + "; ".join(tags) + "]"


def change_lines(drift: Drift, analysis: Analysis, verbose: bool, color: bool = False,
                 label: str | None = None) -> list[str]:
    """`COPY::/pointer: message` lines, capped unless verbose, with the count of the rest."""
    shown = analysis.changes if verbose else analysis.changes[:CHANGE_LINES]
    lines = []
    for c in shown:
        where = place(drift.copy if label is None else label, c, verbose)
        lines.append(f"{paint(where, 'where', color)}: {c.message}")
        if c.impact:
            lines.append(f"  impact: {c.impact}")
    from specsync.explain.semantic import MAX_CHANGES

    stopped = analysis.total >= MAX_CHANGES  # the walk stopped there: there may be more
    rest = analysis.total - len(shown)
    if rest > 0:
        lines.append(f"... {'at least ' if stopped else ''}{rest} more "
                     f"change{'' if rest == 1 else 's'}; run with --verbose to see all")
    elif stopped:
        lines.append(f"... the report stops at {MAX_CHANGES} changes; run with --diff for the "
                     "whole text diff")
    return lines


def place(copy: str, change: Change, verbose: bool) -> str:
    """`schema AuditEvent.x enum` (with `(COPY::/pointer)` when verbose), or
    `COPY::/pointer` for data of no known kind."""
    at = f"{copy}::{change.where}" if copy else change.where  # no copy: a group's lines
    if change.name is None:
        return at
    doc = f"({change.doc}) " if change.doc and not change.doc.startswith(
        "CustomResourceDefinition ") else ""
    return doc + change.name + (f" ({at})" if verbose else "")


def explanation(drift: Drift, analysis: Analysis, verbose: bool, color: bool = False,
                ) -> list[str]:
    """The headline, then what is wrong in the spec's terms, one line each."""
    out = [headline(drift, analysis, color)]
    if drift.ignored:
        out.append(f"  {drift.copy}: {ignored_line(drift.ignored)}")
    if drift.note:
        out.append(f"  {drift.copy}: {drift.note}")
    if analysis.problem:
        out.append(f"  {analysis.problem}")
    if analysis.detail:
        out.append(f"  {drift.copy}: {analysis.detail}")
    out.extend(f"  {line}" for line in change_lines(drift, analysis, verbose, color))
    if analysis.skipped:
        out.append(f"  ... {analysis.skipped}")
    return out


def ignored_line(count: int) -> str:
    """What the copy's `ignore:` patterns left out of the report (said once per copy)."""
    return f"{count} difference{'' if count == 1 else 's'} ignored by ignore:"


def _text_diff_wanted(analysis: Analysis) -> bool:
    return not analysis.changes and analysis.cls not in ("line-endings-only", "missing")


def drift_text(
    drifts: Sequence[Drift], *, label: str, full_diff: bool, cwd: str, verbose: bool = False,
    color: bool = False,
) -> list[str]:
    from specsync.explain import budget
    from specsync.explain.analysis import Explainer

    explainer = Explainer()
    diffs = budget.Budget.for_diffs()
    out: list[str] = []
    for group, analysis in grouped(drifts, explainer):
        drift = group[0]
        if len(group) > 1:
            out.extend(group_explanation(group, analysis, verbose, color))
            continue
        out.extend(explanation(drift, analysis, verbose, color))
        out.append(f"  declared at {drift.origin}")
        if full_diff or _text_diff_wanted(analysis):
            steps = budget.diff_steps(drift.actual or b"", drift.expected or b"")
            if full_diff or diffs.take(steps):
                out.extend(f"  {_paint_diff(line, color)}"
                           for line in _diff(drift, label, full_diff, cwd))
            else:
                out.append(f"  ... text diff not shown ({budget.NOTE}); run with --diff to "
                           "see it")
    return out


def grouped(drifts: Sequence[Drift], explainer: Explainer,
            ) -> list[tuple[list[Drift], Analysis]]:
    """The drifts in copy order, those of one source that differ from it in the same way
    (same class, versions and changes) as one group at the first one's place."""
    groups: dict[object, tuple[list[Drift], Analysis]] = {}
    for drift in sorted(drifts, key=lambda d: d.copy):
        analysis = explainer.analyze(drift)
        key: object = id(drift)
        if analysis.changes and not (drift.edited or drift.note or analysis.problem):
            key = (drift.source, drift.status, analysis.cls, tuple(analysis.versions),
                   analysis.total, drift.ignored, tuple((c.doc, c.path, c.kind, c.message, c.impact)
                                         for c in analysis.changes))
        groups.setdefault(key, ([], analysis))[0].append(drift)
    return list(groups.values())


def group_explanation(group: list[Drift], analysis: Analysis, verbose: bool, color: bool,
                      ) -> list[str]:
    """One headline naming every copy, the change lines once, where they are declared."""
    copies = ", ".join(d.copy for d in group)
    head = f"{copies}: out of sync with {group[0].source}"
    out = [f"{paint(head, 'head', color)} {paint(_tag(analysis), 'class', color)}"]
    if group[0].ignored:
        out.append(f"  each: {ignored_line(group[0].ignored)}")
    out.extend(f"  {line}" for line in change_lines(group[0], analysis, verbose, color,
                                                    label=""))
    origins = dict.fromkeys(d.origin for d in group)
    out.append(f"  declared at {', '.join(origins)}")
    return out


def _paint_diff(line: str, color: bool) -> str:
    if not color or line.startswith(("--- ", "+++ ")) or line[:1] not in "-+@":
        return line
    return paint(line, line[0], color)


def check_text(
    drifts: Sequence[Drift], *, label: str, full_diff: bool, cwd: str, fix_command: str,
    verbose: bool = False, color: bool = False, waiting: Sequence[str] = (),
) -> str:
    """The drift report; `waiting`: the copies already fixed in the working tree, for
    which the closing lines say `git add` instead of the fix command."""
    ready = set(waiting)
    edited = [d for d in drifts if d.edited and not d.new and d.copy not in ready]
    new = [d for d in drifts if d.new]  # the user's files in a pruned folder: no fix command
    lines = drift_text(drifts, label=label, full_diff=full_diff, cwd=cwd, verbose=verbose,
                       color=color)
    hints = []
    if edited:
        hints.append("edited copies: make the change in the source, or discard the copies' "
                     f"edits with: {with_force(fix_command)}  ({' '.join(d.copy for d in edited)})")
    if new:
        hints.append("new files in pruned folders: add their sources, or move them out of the "
                     f"folder; fix never deletes them  ({' '.join(d.copy for d in new)})")
    tail = closing(len(drifts), "cop{y|ies} out of sync", fix_command, len(edited) + len(new),
                   hints[0] if hints else "")
    if ready:  # after the summary; the fix line only while some copy still needs fix
        if only_staging(drifts, ready):
            tail = [line for line in tail if not line.startswith("fix: ")]
        tail.insert(2, stage_line(cwd, waiting))
    lines += tail + hints[1:]
    return one_lines(lines)


def only_staging(drifts: Sequence[Drift], waiting: Set[str]) -> bool:
    """Whether every copy fix could write is already fixed in the working tree: the
    report then names no fix command (files new in pruned folders have none)."""
    return bool(waiting) and all(d.copy in waiting for d in drifts if not d.new)


def stage_line(root: str, waiting: Sequence[str]) -> str:
    """`a.yaml is already fixed in your working tree: git add a.yaml` (the command as the
    user can run it where they are)."""
    from specsync.repo.staging import add_command

    names = sorted(waiting)
    verb = "is" if len(names) == 1 else "are"
    return (f"{', '.join(names)} {verb} already fixed in your working tree: "
            f"{add_command(root, names)}")


def lock_text(findings: Sequence[LockDrift], fix_command: str) -> str:
    """Generated entries and locked copies that do not match specsync.lock."""
    from specsync.lock.lockfile import LOCK_NAME
    from specsync.lock.results import HAND_EDITED

    lines = []
    for finding in sorted(findings, key=lambda f: (f.subject, f.status)):
        lines.append(finding.message)
        lines.extend(f"  {d}" for d in finding.details)
        if finding.origin != LOCK_NAME:
            lines.append(f"  declared at {finding.origin}")
    edited = sum(f.status == HAND_EDITED for f in findings)
    lines += closing(len(findings), f"entr{{y|ies}} not as {LOCK_NAME} records", fix_command,
                     edited, "edited outputs: change the source and regenerate, or discard "
                     f"the edits with: {with_force(fix_command)}")
    return one_lines(lines)


def fix_text(outcomes: Sequence[Outcome]) -> str:
    return one_lines(o.message for o in sorted(outcomes, key=lambda o: o.drift.copy))


def problems_text(problems: Sequence[InputError]) -> str:
    return one_lines(p.render() for p in problems)


def render(found: Findings, fix_command: str, *, verbose: bool, full_diff: bool) -> str:
    """`--format text`: the drift report, then the generated entries' (problems go to
    stderr, printed by the command)."""
    import sys

    parts = []
    if found.drifts:
        parts.append(check_text(
            found.drifts, label=found.snapshot.label, full_diff=full_diff,
            cwd=found.repo.root, fix_command=fix_command, verbose=verbose,
            color=use_color(sys.stdout), waiting=found.waiting))
    if found.generated:
        parts.append(lock_text(found.generated, fix_command))
    return "\n".join(parts)
