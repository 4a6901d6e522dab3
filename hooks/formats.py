"""Render results for tools: `--format json` (one object) and `--format github`.

`json` holds every result with all its changes (up to the kept limit); `github`
prints one workflow annotation per copy, at the first line of the copy that
differs (a missing copy is annotated where its link is declared).
"""
from __future__ import annotations

from hooks.errors import at
from hooks.explain import Analysis, Explainer
from hooks.pipeline import with_force
from hooks.report import change_lines, headline

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from hooks.errors import InputError
    from hooks.results import Drift, LockDrift

JSON_FORMAT_VERSION = 1


def _fix_for(drift: Drift, fix_command: str) -> str:
    return with_force(fix_command) if drift.edited else fix_command


def _drift_object(drift: Drift, analysis: Analysis, fix_command: str) -> dict[str, Any]:
    return {
        "copy": drift.copy,
        "source": drift.source,
        "status": drift.status,
        "class": analysis.cls,
        "edited": drift.edited,
        "declared_at": drift.origin,
        "first_line": analysis.first_line,
        "note": drift.note,
        "versions": [v._asdict() for v in analysis.versions],
        "changes": [{
            "document": c.doc or None,
            "pointer": c.pointer,
            "kind": c.kind,
            "message": c.message,
            **({"lacks": list(c.lacks), "extra": list(c.extra)} if c.kind == "values" else {}),
        } for c in analysis.changes],
        "changes_total": analysis.total,
        "problem": analysis.problem,
        "detail": analysis.detail,
        "fix": _fix_for(drift, fix_command),
    }


def check_json(drifts: Sequence[Drift], problems: Sequence[InputError], fix_command: str,
               generated: Sequence[LockDrift] = ()) -> str:
    import json

    explainer = Explainer()
    report = {
        "format_version": JSON_FORMAT_VERSION,
        "in_sync": not drifts and not problems and not generated,
        "drifts": [_drift_object(d, explainer.analyze(d), fix_command)
                   for d in sorted(drifts, key=lambda d: d.copy)],
        "generated": [{"subject": g.subject, "status": g.status, "message": g.message,
                       "declared_at": g.origin, "details": list(g.details)}
                      for g in sorted(generated, key=lambda g: (g.subject, g.status))],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
        "fix": fix_command if drifts or generated else None,
    }
    return json.dumps(report, indent=2, ensure_ascii=False, default=str)


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(file: str, line: int | None, title: str, lines: Sequence[str]) -> str:
    where = f"file={_escape(file, True)}"
    if line is not None:
        where += f",line={line}"
    return f"::error {where},title={_escape(title, True)}::{_escape(chr(10).join(lines))}"


def check_github(drifts: Sequence[Drift], problems: Sequence[InputError], *, fix_command: str,
                 verbose: bool, generated: Sequence[LockDrift] = ()) -> str:
    explainer = Explainer()
    out = [annotation(p.path, p.line, "specsync", [p.message]) for p in problems]
    for g in sorted(generated, key=lambda g: (g.subject, g.status)):
        out.append(annotation(*at(g.origin), f"specsync: {g.status}", [g.message, *g.details]))
    for drift in sorted(drifts, key=lambda d: d.copy):
        analysis = explainer.analyze(drift)
        body = [headline(drift, analysis)]
        body.extend(s for s in (drift.note, analysis.problem, analysis.detail) if s)
        body.extend(change_lines(drift, analysis, verbose))
        body.append(f"fix: {_fix_for(drift, fix_command)}")
        file, line = drift.copy, analysis.first_line
        if drift.actual is None:
            file, line = at(drift.origin)
        out.append(annotation(file, line, f"specsync: {analysis.cls}", body))
    if drifts:
        count = len(drifts)
        out.append(f"specsync: {count} cop{'y' if count == 1 else 'ies'} out of sync.")
    if drifts or generated:
        out.append(f"fix: {fix_command}")
    return "\n".join(out)
