"""`--format json`: one object holding every result with all its changes (up to the
kept limit), for tools."""
from __future__ import annotations

from specsync.explain.analysis import Analysis, Explainer
from specsync.repo.staging import add_command
from specsync.report.hints import fix_for
from specsync.report.text import only_staging

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Sequence
    from typing import Any

    from specsync.drift.results import Drift
    from specsync.errors import InputError
    from specsync.lock.results import LockDrift
    from specsync.pipeline import Findings

JSON_FORMAT_VERSION = 1


def _drift_object(drift: Drift, analysis: Analysis, fix_command: str,
                  stage: str | None = None) -> dict[str, Any]:
    return {
        "copy": drift.copy,
        "source": drift.source,
        "status": drift.status,
        "class": analysis.cls,
        "edited": drift.edited,
        "declared_at": drift.origin,
        "first_line": analysis.first_line,
        "note": drift.note,
        "ignored": drift.ignored,
        "versions": [v._asdict() for v in analysis.versions],
        "changes": [{
            "document": c.doc or None,
            "pointer": c.pointer,
            "path": c.name,
            "impact": c.impact or None,
            "documentation": c.documentation,
            "kind": c.kind,
            "message": c.message,
            **({"lacks": list(c.lacks), "extra": list(c.extra)} if c.kind == "values" else {}),
        } for c in analysis.changes],
        "changes_total": analysis.total,
        "skipped": analysis.skipped,
        "problem": analysis.problem,
        "detail": analysis.detail,
        "fix": fix_for(drift, fix_command),
        "already_fixed": stage is not None,  # the working tree holds what fix writes
        "stage": stage,
    }


def check_json(drifts: Sequence[Drift], problems: Sequence[InputError], fix_command: str,
               generated: Sequence[LockDrift] = (), *, waiting: Sequence[str] = (),
               root: str = "") -> str:
    """The report; `waiting`: the copies already fixed in the working tree (each says so
    with its `git add`; the top-level `stage` stages them all, and `fix` is null when
    they are all that is left, as the text report drops its fix line); the `git add`
    commands run from the user's folder in the repository at `root`."""
    import json

    explainer = Explainer()
    ready = set(waiting)
    report = {
        "format_version": JSON_FORMAT_VERSION,
        "in_sync": not drifts and not problems and not generated,
        "drifts": [_drift_object(d, explainer.analyze(d), fix_command,
                                 add_command(root, [d.copy]) if d.copy in ready else None)
                   for d in sorted(drifts, key=lambda d: d.copy)],
        "generated": [{"subject": g.subject, "status": g.status, "message": g.message,
                       "declared_at": g.origin, "details": list(g.details)}
                      for g in sorted(generated, key=lambda g: (g.subject, g.status))],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
        "fix": fix_command if generated or (drifts and not only_staging(drifts, ready))
        else None,
        "stage": add_command(root, sorted(ready)) if ready else None,
    }
    return utf8_safe(json.dumps(report, indent=2, ensure_ascii=False, default=str))


def utf8_safe(text: str) -> str:
    """The report as valid UTF-8 for every JSON reader: a name's undecodable byte (held as
    a surrogate escape) becomes the visible text `\\xff`, any other lone surrogate
    `\\ud800`; names git gave as UTF-8 stay as they are."""
    import re

    return re.sub("[\ud800-\udfff]", _visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\\\u{code:04x}"


def render(found: Findings, fix_command: str, *, verbose: bool, full_diff: bool) -> str:
    return check_json(found.drifts, found.problems, fix_command, found.generated,
                      waiting=found.waiting, root=found.repo.root)
