"""`--format sarif`: a SARIF 2.1.0 log for code scanning (GitHub, GitLab, IDEs): one result
per drifted copy, located at the copy (relative to `%SRCROOT%`, the repository root) and
its first differing line, with the change lines as the message; a rule per drift class.
A missing copy is located where its link is declared, as in `--format github`."""
from __future__ import annotations

from specsync import __version__
from specsync.errors import at
from specsync.explain.analysis import Explainer
from specsync.repo.staging import add_command
from specsync.report.hints import fix_for
from specsync.report.json_format import utf8_safe
from specsync.report.text import change_lines, headline, stage_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from specsync.drift.results import Drift
    from specsync.explain.analysis import Analysis
    from specsync.pipeline import Findings

SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
          "sarif-schema-2.1.0.json")
INFORMATION_URI = "https://github.com/specsync/specsync"
ROOT = "%SRCROOT%"

# rule id -> what it means; a result's rule is its drift class (or generated/input)
RULES = {
    "content": "A copy's data differs from its source",
    "documentation-only": "A copy differs from its source in descriptions, examples or titles only",
    "formatting-only": "A copy holds its source's data, formatted differently",
    "whitespace-only": "A copy differs from its source in whitespace only",
    "line-endings-only": "A copy differs from its source in line endings only",
    "missing": "A declared copy does not exist",
    "removed": "A copy whose source was removed",
    "generated": "A generated output does not match specsync.lock",
    "input": "specsync could not read a file it needs",
}


def uri(path: str) -> str:
    """A repository path as a relative URI reference: each byte of the name as git has it
    (an undecodable one held as a surrogate escape), percent-encoded where URIs need it."""
    import os
    from urllib.parse import quote

    return quote(os.fsencode(path), safe="/")


def location(path: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(path), "uriBaseId": ROOT}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def result(rule: str, text: list[str], where: dict[str, Any] | None,
           properties: dict[str, Any] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"ruleId": rule, "ruleIndex": list(RULES).index(rule),
                             "level": "error", "message": {"text": "\n".join(text)},
                             "locations": [where] if where else []}
    if properties:
        found["properties"] = properties
    return found


def drift_result(drift: Drift, analysis: Analysis, fix_command: str,
                 waiting: bool = False, root: str = "") -> dict[str, Any]:
    """A drifted copy's result; `waiting`: already fixed in the working tree, so its message
    ends with the `git add` that stages it (run from the user's folder in the repository
    at `root`) rather than the fix command."""
    text = [headline(drift, analysis)]
    text.extend(s for s in (drift.note, analysis.problem, analysis.detail) if s)
    text.extend(change_lines(drift, analysis, verbose=True))
    fix = fix_for(drift, fix_command)
    if waiting:
        text.append(stage_line(root, [drift.copy]))
    elif fix:
        text.append(f"fix: {fix}")
    where = location(*at(drift.origin)) if drift.actual is None else \
        location(drift.copy, analysis.first_line)
    properties = {"source": drift.source, "copy": drift.copy, "declaredAt": drift.origin,
                  "editedDirectly": drift.edited, "fix": fix, "alreadyFixed": waiting}
    if waiting:
        properties["stage"] = add_command(root, [drift.copy])
    return result(analysis.cls, text, where, properties)


def log(found: Findings, fix_command: str) -> dict[str, Any]:
    """The SARIF log: one run of specsync over the repository."""
    explainer = Explainer()
    results = [result("input", [p.render()], location(p.path, p.line) if p.path else None)
               for p in found.problems]
    for g in sorted(found.generated, key=lambda g: (g.subject, g.status)):
        results.append(result("generated", [g.message, *g.details, f"fix: {fix_command}"],
                              location(*at(g.origin)), {"status": g.status}))
    ready = set(found.waiting)
    for drift in sorted(found.drifts, key=lambda d: d.copy):
        results.append(drift_result(drift, explainer.analyze(drift), fix_command,
                                    drift.copy in ready, found.repo.root))
    root = found.repo.root.rstrip("/") + "/"
    driver = {"name": "specsync", "version": __version__, "informationUri": INFORMATION_URI,
              "rules": [{"id": rule, "shortDescription": {"text": text}}
                        for rule, text in RULES.items()]}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": driver},
        "originalUriBaseIds": {ROOT: {"uri": "file://" + uri(root)}},
        "results": results,
    }]}


def render(found: Findings, fix_command: str, *, verbose: bool, full_diff: bool) -> str:
    import json

    return utf8_safe(json.dumps(log(found, fix_command), indent=2, ensure_ascii=False))
