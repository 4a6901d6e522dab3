"""The drift report end to end: `specsync check` in real repositories, every format."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from specsync.commands.check import main
from specsync.report.hints import fix_command as _fix_command

from tests.conftest import SOURCE_ROOT, MakeRepo
from tests.helpers import CONFIG, COPY_A, COPY_B, SOURCE, SPEC, STALE

ENUM = "/components/schemas/AuditEvent/properties/event_category/enum"
NAMED = "schema AuditEvent.event_category enum"
IMPACT = ("impact: a service validating with the copy rejects `event_category: "
          '"workflowexecution"`, which the source allows')
ROOT = SOURCE_ROOT


def fix_command() -> str:
    return _fix_command(None)  # type: ignore[arg-type]


def stale_repo(make_repo: MakeRepo, stale: str = STALE, **more: str) -> Path:
    return make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: SPEC, COPY_B: stale,
                      **more})


def test_the_motivating_incident(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    stale_repo(make_repo)
    assert main([]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f'{COPY_B}: out of sync with {SOURCE} [content; info.version "1.4" in the copy, '
        f'"1.5" in the source]',
        f'  {NAMED}: the copy lacks "workflowexecution"',
        f"    {IMPACT}",
        '  info.version: changed "1.4" -> "1.5"',
        "  declared at .specsync.yaml:2",
        "",
        "specsync: 1 copy out of sync.",
        f"fix: {fix_command()}",
    ]


MANY = SPEC.replace("workflowexecution]", "workflowexecution]\n" + "".join(
    f"        field{i}: {i}\n" for i in range(25)))


@pytest.mark.parametrize(
    ("args", "shown", "tail"),
    [
        pytest.param([], 20, ["  ... 5 more changes; run with --verbose to see all"], id="capped"),
        pytest.param(["--verbose"], 25, [], id="verbose"),
    ],
)
def test_changes_are_capped_and_counted(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], args: list[str], shown: int,
    tail: list[str],
) -> None:
    make_repo({".specsync.yaml": CONFIG, SOURCE: MANY, COPY_A: MANY, COPY_B: SPEC})
    assert main(args) == 1
    lines = capsys.readouterr().out.splitlines()
    changes = [line for line in lines if line.startswith("  schema AuditEvent.")]
    assert changes[0] == ("  schema AuditEvent.field0" + (
        f" ({COPY_B}::/components/schemas/AuditEvent/properties/field0)" if args else "")
        + ": key missing from the copy: 0")
    assert len(changes) == shown
    assert lines[1 + shown: 1 + shown + len(tail)] == tail


def test_diff_adds_the_unified_diff(make_repo: MakeRepo,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    stale_repo(make_repo)
    assert main(["--diff"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:6] == [
        f'  {NAMED}: the copy lacks "workflowexecution"',
        f"    {IMPACT}",
        '  info.version: changed "1.4" -> "1.5"',
        "  declared at .specsync.yaml:2",
        f"  --- {COPY_B} (staged)",
    ]
    assert '  -  version: "1.4"' in lines
    assert '  +  version: "1.5"' in lines


def test_formatting_only_shows_the_text_diff(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    stale_repo(make_repo, SPEC.replace("components:", "# schemas\ncomponents:"))
    assert main([]) == 1
    assert capsys.readouterr().out.splitlines()[:8] == [
        f"{COPY_B}: out of sync with {SOURCE} [formatting-only]",
        f"  {COPY_B}: the parsed data is equal; only formatting differs: a comment only the "
        "copy has (line 5: '# schemas')",
        "  declared at .specsync.yaml:2",
        f"  --- {COPY_B} (staged)",
        f"  +++ {COPY_B} (expected, from {SOURCE})",
        "  @@ -2,7 +2,6 @@ openapi: 3.0.3",
        "   info:",
        "     title: data storage",
    ]


def test_invalid_yaml_is_reported_with_the_text_diff(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    stale_repo(make_repo, SPEC.replace("  title:", "title:"))
    assert main([]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[:4] == [
        f"{COPY_B}: out of sync with {SOURCE} [content]",
        f"  {COPY_B}:4:3: not valid YAML: this key is indented differently from the keys "
        "above it (more than the line before)",
        "  declared at .specsync.yaml:2",
        f"  --- {COPY_B} (staged)",
    ]
    assert "Traceback" not in out + err


def test_json_format(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    stale_repo(make_repo)
    assert main(["--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "format_version": 1,
        "in_sync": False,
        "drifts": [{
            "copy": COPY_B,
            "source": SOURCE,
            "status": "differs",
            "class": "content",
            "edited": False,
            "declared_at": ".specsync.yaml:2",
            "first_line": 4,
            "note": None,
            "ignored": 0,
            "versions": [{"field": "info.version", "copy": '"1.4"', "source": '"1.5"'}],
            "changes": [
                {"document": None, "pointer": ENUM, "path": NAMED,
                 "impact": IMPACT.removeprefix("impact: "), "documentation": False,
                 "kind": "values", "message": 'the copy lacks "workflowexecution"',
                 "lacks": ["workflowexecution"], "extra": []},
                {"document": None, "pointer": "/info/version", "path": "info.version",
                 "impact": None, "documentation": False, "kind": "changed",
                 "message": 'changed "1.4" -> "1.5"'},
            ],
            "changes_total": 2,
            "skipped": None,
            "problem": None,
            "detail": None,
            "fix": fix_command(),
            "already_fixed": False,
            "stage": None,
        }],
        "generated": [],
        "problems": [],
        "fix": fix_command(),
        "stage": None,
    }


def test_json_format_in_sync(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    stale_repo(make_repo, SPEC)
    assert main(["--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "format_version": 1, "in_sync": True, "drifts": [], "generated": [], "problems": [],
        "fix": None, "stage": None}


def test_github_format(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    stale_repo(make_repo)
    os.remove(COPY_A)  # staged, so still there for check; removed from the index next
    subprocess.run(["git", "rm", "-q", "--cached", COPY_A], check=True)
    assert main(["--format", "github"]) == 1
    fix = fix_command()
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={COPY_B},line=4,title=specsync%3A content::"
        f'{COPY_B}: out of sync with {SOURCE} [content; info.version "1.4" in the copy, '
        f'"1.5" in the source]%0A{NAMED}: the copy lacks "workflowexecution"%0A'
        f'  {IMPACT}%0Ainfo.version: changed "1.4" -> "1.5"%0Afix: {fix}',
        f"::error file=.specsync.yaml,line=2,title=specsync%3A missing::"
        f"{COPY_A}: missing copy of {SOURCE} [missing]%0Afix: {fix}",
        "specsync: 2 copies out of sync.",
        f"fix: {fix}",
    ]


@pytest.mark.parametrize(
    ("env", "colored"),
    [
        pytest.param({}, False, id="not-a-terminal"),
        pytest.param({"FORCE_COLOR": "1"}, True, id="forced"),
        pytest.param({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, id="no-color-wins"),
    ],
)
def test_colour(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch, env: dict[str, str], colored: bool) -> None:
    stale_repo(make_repo)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([]) == 1
    out = capsys.readouterr().out
    assert ("\033[" in out) is colored
    if colored:
        assert f"\033[36m{NAMED}\033[0m: the copy lacks" in out


def imported(repo: Path, *args: str) -> set[str]:
    """Modules a real `specsync check` process imports (python -X importtime)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "specsync.cli", "check",
                           "--all-files", *args], cwd=repo, capture_output=True, text=True,
                          env=env, check=False)
    return {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:")}


HEAVY = ("ruamel", "deepdiff")


def test_in_sync_path_imports_neither_ruamel_nor_deepdiff(make_repo: MakeRepo) -> None:
    repo = stale_repo(make_repo, SPEC)
    imported(repo)  # the first run parses the config (with ruamel.yaml) and caches it
    modules = imported(repo)
    assert "specsync.commands.check" in modules
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []


def test_deepdiff_is_imported_only_to_pair_list_items(make_repo: MakeRepo) -> None:
    repo = stale_repo(make_repo)
    imported(repo)
    modules = imported(repo)
    assert "ruamel.yaml" in modules
    assert "deepdiff" not in modules
    params = "p:\n  - {n: a, in: q}\n  - {n: b, in: q}\n"
    repo = make_repo({".specsync.yaml": "links:\n  - source: s.yaml\n    copies: [c.yaml]\n",
                      "s.yaml": params, "c.yaml": params.replace("n: a, in: q", "n: a, in: p")
                      .replace("  - {n: b", "  - {n: x, in: q}\n  - {n: b")})
    assert "deepdiff" in imported(repo)


@pytest.mark.parametrize(
    ("args", "last"),
    [
        pytest.param([], "  ... at least 980 more changes; run with --verbose to see all",
                     id="capped"),
        pytest.param(["--verbose"], "  ... the report stops at 1000 changes; run with --diff "
                     "for the whole text diff", id="verbose"),
    ],
)
def test_a_huge_drift_is_counted_as_at_least(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], args: list[str], last: str,
) -> None:
    source = "".join(f"k{i}: {i}\n" for i in range(1, 1500))
    make_repo({".specsync.yaml": "links:\n  - source: s.yaml\n    copies: [c.yaml]\n",
               "s.yaml": source, "c.yaml": source.replace(": ", ": -")})
    assert main(args) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "  c.yaml::/k1: changed -1 -> 1"
    shown = 1000 if args else 20
    assert lines[shown] == f"  c.yaml::/k{shown}: changed -{shown} -> {shown}"
    assert lines[shown + 1] == last


def test_machine_formats_carry_generated_entries(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.gen_helpers import OUTPUT_DIR, command, generated_repo

    generated_repo(make_repo)
    assert main(["--all-files", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)  # nothing but the one object on stdout
    assert report["in_sync"] is False
    assert [(g["subject"], g["message"]) for g in report["generated"]] == [
        (OUTPUT_DIR, f"{OUTPUT_DIR}: missing; regenerate with {command()}")]
    assert main(["--all-files", "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=.specsync.yaml,line=")
    assert first.endswith(f"::{OUTPUT_DIR}: missing; regenerate with {command()}")
