from __future__ import annotations

import os

import pytest
from specsync.commands.check import main
from specsync.report.hints import direct_fix_command

from tests.conftest import SOURCE_ROOT, MakeRepo
from tests.helpers import (
    CONFIG,
    COPY_A,
    COPY_B,
    SOURCE,
    SPEC,
    STALE,
    git,
    snapshot_tree,
    write,
)


def fix_command() -> str:
    """What the report names outside pre-commit (PRE_COMMIT is unset in the tests)."""
    return direct_fix_command()


IN_SYNC = {".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: SPEC, COPY_B: SPEC}


def test_in_sync_exits_0_silently(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(IN_SYNC)
    assert main([]) == 0
    assert capsys.readouterr() == ("", "")


def test_no_config_and_nothing_declared_is_in_sync(make_repo: MakeRepo) -> None:
    make_repo({SOURCE: SPEC, COPY_A: STALE})
    assert main(["--all-files"]) == 0


def test_stale_source_change_names_both_copies(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo({**IN_SYNC, COPY_A: STALE, COPY_B: STALE})
    assert main([SOURCE]) == 1
    out = capsys.readouterr().out
    assert f"{COPY_B}, {COPY_A}: out of sync with {SOURCE}" in out  # one way: one headline
    assert "  declared at .specsync.yaml:2" in out
    assert '  info.version: changed "1.4" -> "1.5"' in out
    assert '  +  version: "1.5"' not in out  # the text diff only with --diff
    assert out.splitlines()[-1] == f"fix: {fix_command()}"
    assert "specsync: 2 copies out of sync." in out


def test_copies_that_disagree_with_each_other_are_each_reported(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo({**IN_SYNC, COPY_B: STALE})
    assert main(["--all-files"]) == 1
    out = capsys.readouterr().out
    assert COPY_B in out
    assert COPY_A not in out


def test_missing_copy_is_drift(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: SPEC})
    assert main([]) == 1
    assert f"{COPY_B}: missing copy of {SOURCE}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("filenames", "expected"),
    [
        pytest.param(["README.md"], 0, id="unrelated-file"),
        pytest.param([SOURCE], 1, id="source"),
        pytest.param([COPY_B], 1, id="copy"),
        pytest.param([".specsync.yaml"], 1, id="config"),
        pytest.param(["README.md", "--all-files"], 1, id="all-files"),
        pytest.param([], 1, id="no-filenames-means-all"),
    ],
)
def test_either_side_triggers(make_repo: MakeRepo, filenames: list[str], expected: int) -> None:
    make_repo({**IN_SYNC, COPY_B: STALE, "README.md": "hello\n"})
    assert main(filenames) == expected


def test_filenames_relative_to_a_subfolder(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_B: STALE})
    os.chdir(repo / "pkg")
    assert main(["audit/openapi_spec_data.yaml"]) == 1


def test_staged_content_is_compared_not_the_working_tree(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_B: STALE})
    write(repo, {COPY_B: SPEC})  # fixed on disk, not staged
    assert main([]) == 1
    assert main(["--worktree"]) == 0
    git(repo, "add", COPY_B)
    write(repo, {COPY_B: STALE})  # staged fix, stale on disk
    assert main([]) == 0
    assert main(["--worktree"]) == 1


def test_rev_reads_a_commit(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_B: STALE}, commit=True)
    write(repo, {COPY_B: SPEC})
    git(repo, "add", COPY_B)
    assert main([]) == 0
    assert main(["--rev", "HEAD"]) == 1
    git(repo, "commit", "-qm", "fix copy")
    assert main(["--rev", "HEAD"]) == 0
    assert main(["--rev", "HEAD~1"]) == 1


def test_unknown_rev_is_an_input_error(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo(IN_SYNC, commit=True)
    assert main(["--rev", "no-such-branch"]) == 2
    assert capsys.readouterr().err == "--rev: 'no-such-branch' is not a commit in this repository\n"


def test_edited_copy_is_called_out(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(IN_SYNC, commit=True)
    write(repo, {COPY_A: SPEC + "# tweak\n"})
    git(repo, "add", COPY_A)
    assert main([COPY_A]) == 1
    out = capsys.readouterr().out
    assert f"{COPY_A}: was edited directly; make the change in {SOURCE}" in out
    assert "--force" in out


def test_long_diffs_are_capped_unless_asked(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    long_spec = "".join(f"line{i}: {i}\n" for i in range(100))
    make_repo({".specsync.yaml": "links:\n  - source: a.yaml\n    copies: [b.yaml]\n",
               "a.yaml": long_spec, "b.yaml": long_spec.replace(": ", ":  ")})
    assert main([]) == 1
    out = capsys.readouterr().out
    assert "more diff lines; run with --diff to see all" in out
    assert "line99" not in out
    assert main(["--diff"]) == 1
    full = capsys.readouterr().out
    assert "+line99: 99" in full
    assert "more diff lines" not in full


def test_non_utf8_copies_are_compared_by_bytes(make_repo: MakeRepo) -> None:
    make_repo({".specsync.yaml": "links:\n  - source: a.bin\n    copies: [b.bin]\n",
               "a.bin": b"\xff\xfe\x00binary\x00", "b.bin": b"\xff\xfe\x00binary\x01"})
    assert main([]) == 1


def test_check_never_writes(make_repo: MakeRepo) -> None:
    repo = make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: STALE})
    before = snapshot_tree(repo)
    index_before = git(repo, "ls-files", "-s")
    assert main([]) == 1
    assert snapshot_tree(repo) == before
    assert git(repo, "ls-files", "-s") == index_before


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param({".specsync.yaml": "links: [\n"},
                     ".specsync.yaml:2: not valid YAML: expected the node content, but found "
                     "'<stream end>'", id="invalid-yaml"),
        pytest.param({".specsync.yaml": "links:\n  - source: nope.yaml\n    copies: [b.yaml]\n"},
                     ".specsync.yaml:2: source 'nope.yaml' does not exist in the staged files",
                     id="missing-source"),
        pytest.param({".specsync.yaml": "links:\n  - source: api\n    copies: [b.yaml]\n",
                      "api/x.yaml": "x: 1\n"},
                     ".specsync.yaml:2: source 'api' is a folder; use a glob such as api/*.yaml",
                     id="source-is-folder"),
        pytest.param({".specsync.yaml": "links:\n  - source: a.yaml\n    copies: [pkg]\n",
                      "a.yaml": "x: 1\n", "pkg/x.yaml": "y: 1\n"},
                     ".specsync.yaml:2: copy 'pkg' is a folder; end it with / to copy into it",
                     id="copy-is-folder"),
    ],
)
def test_input_errors_exit_2_with_one_line(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], files: dict[str, str],
    message: str,
) -> None:
    make_repo(files)
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert "Traceback" not in captured.out + captured.err


def test_not_a_git_repository(tmp_path: object, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(str(tmp_path))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("not a git repository: ")


def test_unmerged_source_says_so(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(IN_SYNC, commit=True)
    git(repo, "checkout", "-qb", "other")
    write(repo, {SOURCE: SPEC + "x: other\n"})
    git(repo, "commit", "-qam", "other")
    git(repo, "checkout", "-q", "main")
    write(repo, {SOURCE: SPEC + "x: main\n"})
    git(repo, "commit", "-qam", "main")
    git(repo, "merge", "other", check=False)
    assert main([]) == 2
    assert capsys.readouterr().err == (
        f".specsync.yaml:2: source '{SOURCE}' has unresolved merge conflicts; "
        "resolve them and stage the result first\n")


def test_config_cache_follows_config_changes(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_B: STALE})
    assert main([]) == 1
    write(repo, {".specsync.yaml": CONFIG.replace(f"      - {COPY_B}\n", "")})
    git(repo, "add", ".specsync.yaml")
    assert main([]) == 0
    assert (repo / ".git" / "specsync" / "config.cache").exists()


def test_unreadable_file_in_worktree_mode(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo(IN_SYNC)
    os.remove(repo / COPY_B)
    os.mkfifo(repo / COPY_B)  # opening it would block; a symlink reads as its target's name
    assert main(["--worktree"]) == 2
    assert capsys.readouterr().err == f"{COPY_B}: cannot be read: not a regular file\n"


def test_force_hint_under_pre_commit_names_a_runnable_command(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`pre-commit run` passes no options to a hook: --force must go to specsync itself."""
    repo = make_repo({**IN_SYNC, ".pre-commit-config.yaml": "- id: specsync-fix\n"},
                     commit=True)
    write(repo, {COPY_A: SPEC + "# tweak\n"})
    git(repo, "add", COPY_A)
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert main([COPY_A]) == 1
    out = capsys.readouterr().out.splitlines()
    (edited,) = [line for line in out if line.startswith("edited copies: ")]
    assert "pre-commit run" not in edited
    assert f"{direct_fix_command(' --force')}  ({COPY_A})" in edited
    assert out[-1].startswith("to fix through pre-commit, add")  # no specsync-fix hook


def test_output_closed_early_is_one_line(make_repo: MakeRepo) -> None:
    """`specsync check | head -1`: no BrokenPipeError traceback."""
    import subprocess
    import sys

    make_repo({**IN_SYNC, COPY_A: "".join(f"line {i}\n" for i in range(20_000)),
               COPY_B: STALE})
    proc = subprocess.Popen([sys.executable, "-m", "specsync.cli", "check", "--diff"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": os.getcwd() + os.pathsep
                                 + str(SOURCE_ROOT)})
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 2
    assert err == "specsync: the output was closed before the report was written\n"
