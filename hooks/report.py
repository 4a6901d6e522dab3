"""Render results as text: a headline per copy, a short diff, then the fix command."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.errors import InputError
    from hooks.results import Drift, Outcome

DIFF_LINES = 20


def _diff(drift: Drift, label: str, full: bool, cwd: str) -> list[str]:
    from hooks.textdiff import unified

    if drift.expected is None or drift.actual is None:
        return []
    lines = unified(drift.actual, drift.expected, f"{drift.copy} ({label})",
                    f"{drift.copy} (expected, from {drift.source})", cwd)
    if full or len(lines) <= DIFF_LINES + 2:
        return lines
    cut = len(lines) - DIFF_LINES - 2
    return [*lines[: DIFF_LINES + 2], f"... {cut} more diff lines; run with --diff to see all"]


def drift_text(drifts: Sequence[Drift], *, label: str, full_diff: bool, cwd: str) -> list[str]:
    out: list[str] = []
    for drift in sorted(drifts, key=lambda d: d.copy):
        out.append(drift.headline)
        if drift.note:
            out.append(f"  {drift.copy}: {drift.note}")
        out.append(f"  declared at {drift.origin}")
        out.extend(f"  {line}" for line in _diff(drift, label, full_diff, cwd))
    return out


def check_text(
    drifts: Sequence[Drift], *, label: str, full_diff: bool, cwd: str, fix_command: str,
) -> str:
    edited = [d for d in drifts if d.edited]
    lines = drift_text(drifts, label=label, full_diff=full_diff, cwd=cwd)
    count = len(drifts)
    lines.append("")
    lines.append(f"specsync: {count} cop{'y' if count == 1 else 'ies'} out of sync.")
    if len(edited) < count:
        lines.append(f"fix: {fix_command}")
    if edited:
        names = " ".join(d.copy for d in edited)
        lines.append(f"edited copies: make the change in the source, or discard the copies' "
                     f"edits with: {fix_command} --force  ({names})")
    return "\n".join(lines)


def fix_text(outcomes: Sequence[Outcome]) -> str:
    return "\n".join(o.message for o in sorted(outcomes, key=lambda o: o.drift.copy))


def problems_text(problems: Sequence[InputError]) -> str:
    return "\n".join(p.render() for p in problems)
