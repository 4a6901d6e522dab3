"""Copies of one source that differ from it in the same way are reported once, under a
headline naming all of them."""
from __future__ import annotations

import pytest
from specsync.commands.check import main
from specsync.report.hints import fix_command as _fix_command

from tests.conftest import MakeRepo
from tests.helpers import CONFIG, COPY_A, COPY_B, SOURCE, SPEC, STALE


def fix_command() -> str:
    return _fix_command(None)  # type: ignore[arg-type]


def test_identical_drift_is_printed_once(make_repo: MakeRepo,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: STALE, COPY_B: STALE})
    assert main([]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f'{COPY_B}, {COPY_A}: out of sync with {SOURCE} [content; info.version "1.4" in the '
        'copy, "1.5" in the source]',
        '  schema AuditEvent.event_category enum: the copy lacks "workflowexecution"',
        "    impact: a service validating with the copy rejects `event_category: "
        '"workflowexecution"`, which the source allows',
        '  info.version: changed "1.4" -> "1.5"',
        "  declared at .specsync.yaml:2",
        "",
        "specsync: 2 copies out of sync.",
        f"fix: {fix_command()}",
    ]


def test_verbose_keeps_the_pointers_once(make_repo: MakeRepo,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: STALE, COPY_B: STALE})
    assert main(["--verbose"]) == 1
    assert capsys.readouterr().out.splitlines()[3] == \
        '  info.version (/info/version): changed "1.4" -> "1.5"'


def test_copies_that_differ_differently_keep_their_own_lines(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: STALE,
               COPY_B: SPEC.replace('"1.5"', '"1.3"')})
    assert main([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f'{COPY_B}: out of sync with {SOURCE} [content; '
                        'info.version "1.3" in the copy, "1.5" in the source]')
    assert lines[3] == (f'{COPY_A}: out of sync with {SOURCE} [content; info.version "1.4" '
                        'in the copy, "1.5" in the source]')


def test_data_of_no_known_kind_groups_with_bare_pointers(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    config = "links:\n  - source: a.yaml\n    copies: [b/a.yaml, c/a.yaml]\n"
    make_repo({".specsync.yaml": config, "a.yaml": "x: 1\n", "b/a.yaml": "x: 2\n",
               "c/a.yaml": "x: 2\n"})
    assert main([]) == 1
    assert capsys.readouterr().out.splitlines()[:3] == [
        "b/a.yaml, c/a.yaml: out of sync with a.yaml [content]",
        "  /x: changed 2 -> 1",
        "  declared at .specsync.yaml:2",
    ]
