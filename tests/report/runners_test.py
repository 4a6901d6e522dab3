"""Issue 14: the fix command fits the context specsync was started from (hook manager, CI,
a shell), read from the variables each one sets (tests/e2e/env_test.py checks them)."""
from __future__ import annotations

import pytest
from specsync.commands import check, fix, options
from specsync.report import hints

from tests.conftest import MakeRepo
from tests.helpers import git, read, write

CONFIG = "links:\n  - source: s.yaml\n    copies: [c.yaml]\n"
CHECK_ONLY = "repos:\n  - repo: x\n    rev: v1\n    hooks:\n      - id: specsync-check\n"
WITH_FIX = CHECK_ONLY + "      - id: specsync-fix\n        stages: [manual]\n"


def drifted(make_repo: MakeRepo, hooks: str | None) -> None:
    files = {".specsync.yaml": CONFIG, "s.yaml": "a: 1\n", "c.yaml": "a: 1\n"}
    if hooks is not None:
        files[".pre-commit-config.yaml"] = hooks
    repo = make_repo(files, commit=True)
    write(repo, {"s.yaml": "a: 2\n"})
    git(repo, "add", "s.yaml")


def report(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert check.main([]) == 1
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(("hooks", "fix_line", "hint"), [
    (None, "fix: specsync fix", False),  # `specsync check --rev` in CI, specsync installed
    (CHECK_ONLY, "fix: specsync fix", True),
    (WITH_FIX, "fix: pre-commit run --hook-stage manual specsync-fix --all-files", False),
], ids=["no-hooks", "check-hook-only", "fix-hook"])
def test_ci_prints_what_a_developer_runs_at_home(make_repo: MakeRepo, capsys, monkeypatch,
                                                 *, hooks, fix_line, hint) -> None:
    drifted(make_repo, hooks)
    monkeypatch.setenv("CI", "true")
    out = report(capsys)
    assert fix_line in out
    assert any(line.startswith("to fix through pre-commit, add ") for line in out) == hint


def test_ci_false_is_not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from specsync.report.runners import in_ci

    monkeypatch.setenv("CI", "false")
    assert not in_ci()
    monkeypatch.setenv("TF_BUILD", "True")
    assert in_ci()


def test_prek_is_told_from_pre_commit(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    """prek sets PRE_COMMIT=1 as pre-commit does, and PREK_HOOK_STAGE: its users may not
    have a `pre-commit` command at all."""
    drifted(make_repo, WITH_FIX)
    monkeypatch.setenv("PRE_COMMIT", "1")
    monkeypatch.setenv("PREK_HOOK_STAGE", "pre-commit")
    assert "fix: prek run --hook-stage manual specsync-fix --all-files" in report(capsys)


def test_no_fix_hook_under_pre_commit_is_not_bare_specsync(make_repo: MakeRepo, capsys,
                                                           monkeypatch, tmp_path) -> None:
    """pre-commit puts the hook environment's bin first on PATH: `specsync` found there is
    not on the user's PATH, so the report names it by its full path."""
    import os
    import sys

    drifted(make_repo, CHECK_ONLY)
    monkeypatch.setenv("PRE_COMMIT", "1")
    bin_dir = os.path.dirname(sys.executable)
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ["PATH"])
    out = report(capsys)
    assert f"fix: {os.path.join(bin_dir, 'specsync')} fix" in out
    assert out[-1] == ("to fix through pre-commit, add to the specsync repo's `hooks:` in "
                       ".pre-commit-config.yaml: `- id: specsync-fix` with `stages: [manual]`, "
                       "then run: pre-commit run --hook-stage manual specsync-fix --all-files")


def test_specsync_force_is_force_for_fix_only(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    """`SPECSYNC_FORCE=1 pre-commit run ... specsync-fix`: pre-commit passes the environment
    where it cannot pass --force."""
    repo = make_repo({".specsync.yaml": CONFIG, "s.yaml": "a: 1\n", "c.yaml": "a: 1\n"},
                     commit=True)
    write(repo, {"c.yaml": "a: 1\nb: mine\n"})
    git(repo, "add", "c.yaml")
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert fix.main([]) == 1
    out = capsys.readouterr().out
    assert read(repo, "c.yaml") == b"a: 1\nb: mine\n"
    assert out.splitlines()[-1] == ("to discard the edits not overwritten above: "
                                    f"{hints.direct_fix_command(' --force')}")
    assert hints.FORCE_VAR == options.FORCE_VAR
    monkeypatch.setenv("SPECSYNC_FORCE", "1")
    assert check.main([]) == 1  # check has nothing to force
    assert fix.main([]) == 1
    assert read(repo, "c.yaml") == b"a: 1\n"
    monkeypatch.setenv("SPECSYNC_FORCE", "0")
    assert options.read("specsync fix", "", [], fix=True).force is False


@pytest.mark.parametrize(("command", "forced"), [
    ("prek run specsync-fix --all-files", "SPECSYNC_FORCE=1 prek run specsync-fix --all-files"),
    ("specsync fix", "specsync fix --force"),
])
def test_with_force(command: str, forced: str) -> None:
    assert hints.with_force(command) == forced


def test_hand_edited_generated_output_under_pre_commit(make_repo: MakeRepo, capsys,
                                                     monkeypatch) -> None:
    """A generated output edited by hand: fix run by pre-commit says how to discard it
    through pre-commit, and that command does."""
    from tests.gen_helpers import OUTPUT, commit_all, generated_repo

    repo = generated_repo(make_repo)
    assert fix.main(["--all-files"]) == 1
    write(repo, {".pre-commit-config.yaml": WITH_FIX})
    commit_all(repo, "generate")
    write(repo, {OUTPUT: read(repo, OUTPUT).decode() + "PATCHED = True\n"})
    git(repo, "add", OUTPUT)
    capsys.readouterr()
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert fix.main(["--all-files"]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == ("to discard the edits not overwritten above: SPECSYNC_FORCE=1 "
                    "pre-commit run --hook-stage manual specsync-fix --all-files")
    assert b"PATCHED" in read(repo, OUTPUT)
    monkeypatch.setenv("SPECSYNC_FORCE", "1")
    assert fix.main(["--all-files"]) == 1
    assert b"PATCHED" not in read(repo, OUTPUT)
