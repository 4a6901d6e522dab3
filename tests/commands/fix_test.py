from __future__ import annotations

import os
import stat

import pytest
from specsync.commands import check, fix

from tests.conftest import MakeRepo
from tests.helpers import CONFIG, COPY_A, COPY_B, SOURCE, SPEC, STALE, git, read, write

IN_SYNC = {".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: SPEC, COPY_B: SPEC}


def test_nothing_to_do(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(IN_SYNC)
    assert fix.main([]) == 0
    assert capsys.readouterr() == ("", "")


def test_rewrites_stale_and_creates_missing_copies(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: STALE})
    assert fix.main([]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"Creating {COPY_B} (from {SOURCE})",
        f"Fixing {COPY_A} (from {SOURCE})",
        f"stage: git add {COPY_B} {COPY_A}",
    ]
    assert read(repo, COPY_A) == SPEC.encode()
    assert read(repo, COPY_B) == SPEC.encode()


def test_fix_twice_then_check_passes(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo({**IN_SYNC, COPY_A: STALE})
    assert fix.main([]) == 1
    capsys.readouterr()
    assert fix.main([]) == 1  # already written, but the staged copy is still stale
    assert capsys.readouterr().out == (
        f"{COPY_A}: already regenerated in the working tree, not staged yet\n"
        f"stage: git add {COPY_A}\n")
    git(repo, "add", "-A")
    assert fix.main([]) == 0
    assert check.main([]) == 0
    assert capsys.readouterr().out == ""


def test_reads_the_staged_source(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_A: STALE})
    write(repo, {SOURCE: SPEC + "# unstaged edit of the source\n"})
    assert fix.main([]) == 1
    assert read(repo, COPY_A) == SPEC.encode()


def test_keeps_the_copy_mode(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_A: STALE})
    os.chmod(repo / COPY_A, 0o755)
    git(repo, "add", COPY_A)
    assert fix.main([]) == 1
    assert stat.S_IMODE(os.stat(repo / COPY_A).st_mode) == 0o755


def test_new_copy_takes_the_source_mode(make_repo: MakeRepo) -> None:
    repo = make_repo({".specsync.yaml": "links:\n  - source: run.sh\n    copies: [bin/run.sh]\n",
                      "run.sh": "#!/bin/sh\necho hi\n"})
    os.chmod(repo / "run.sh", 0o755)
    git(repo, "add", "run.sh")
    assert fix.main([]) == 1
    assert os.access(repo / "bin/run.sh", os.X_OK)


def test_keeps_bytes_exactly(make_repo: MakeRepo) -> None:
    data = b"\xef\xbb\xbfa: 1\r\nb: \xff\r\n"  # BOM, CRLF, not UTF-8
    repo = make_repo({".specsync.yaml": "links:\n  - source: a.yaml\n    copies: [b.yaml]\n",
                      "a.yaml": data})
    assert fix.main([]) == 1
    assert read(repo, "b.yaml") == data


def test_refuses_to_overwrite_unstaged_edits(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo({**IN_SYNC, COPY_A: STALE})
    write(repo, {COPY_A: STALE + "# my unstaged work\n"})
    assert fix.main([]) == 1
    assert capsys.readouterr().out == (
        f"{COPY_A}: has unstaged changes; stage or stash them first, or use --force "
        "(not written)\n")
    assert read(repo, COPY_A) == (STALE + "# my unstaged work\n").encode()
    assert fix.main(["--force"]) == 1
    assert read(repo, COPY_A) == SPEC.encode()


def test_refuses_a_copy_edited_directly(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo(IN_SYNC, commit=True)
    edited = SPEC + "# edited by hand\n"
    write(repo, {COPY_B: edited})
    git(repo, "add", COPY_B)
    assert fix.main([COPY_B]) == 1
    assert capsys.readouterr().out == (
        f"{COPY_B}: was edited directly; make the change in {SOURCE}, or discard the edit "
        "with --force (not written)\n")
    assert read(repo, COPY_B) == edited.encode()
    assert fix.main(["--force", COPY_B]) == 1
    assert read(repo, COPY_B) == SPEC.encode()


def test_edit_of_source_and_copy_together_is_not_a_direct_edit(make_repo: MakeRepo) -> None:
    repo = make_repo(IN_SYNC, commit=True)
    write(repo, {SOURCE: SPEC + "x: 1\n", COPY_B: SPEC + "y: 2\n"})
    git(repo, "add", "-A")
    assert fix.main([SOURCE, COPY_B]) == 1
    assert read(repo, COPY_B) == (SPEC + "x: 1\n").encode()


def test_refuses_an_untracked_file_in_the_way(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo({".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: SPEC})
    write(repo, {COPY_B: "my own notes\n"})
    assert fix.main([]) == 1
    assert "an untracked file is in the way" in capsys.readouterr().out
    assert read(repo, COPY_B) == b"my own notes\n"


def test_refuses_a_folder_that_leads_outside_the_repo(
    make_repo: MakeRepo, tmp_path: object, capsys: pytest.CaptureFixture[str],
) -> None:
    outside = os.path.join(str(tmp_path), "outside")
    os.mkdir(outside)
    repo = make_repo({".specsync.yaml": "links:\n  - source: a.yaml\n    copies: [out/b.yaml]\n",
                      "a.yaml": "a: 1\n"})
    os.symlink(outside, repo / "out")
    assert fix.main([]) == 1
    assert os.listdir(outside) == []
    assert "leads outside the repository" in capsys.readouterr().out


def test_no_temp_files_are_left(make_repo: MakeRepo) -> None:
    repo = make_repo({**IN_SYNC, COPY_A: STALE})
    assert fix.main([]) == 1
    folder = (repo / COPY_A).parent
    assert sorted(os.listdir(folder)) == ["openapi_spec_data.yaml"]


def test_worktree_mode_fixes_from_disk(make_repo: MakeRepo) -> None:
    repo = make_repo(IN_SYNC)
    write(repo, {SOURCE: STALE})
    assert fix.main(["--worktree"]) == 1
    assert read(repo, COPY_A) == STALE.encode()
    assert check.main(["--worktree"]) == 0


def test_only_triggered_links_are_fixed(make_repo: MakeRepo) -> None:
    config = CONFIG + "  - source: other.yaml\n    copies: [other-copy.yaml]\n"
    repo = make_repo({**IN_SYNC, ".specsync.yaml": config, COPY_A: STALE,
                      "other.yaml": "a: 1\n", "other-copy.yaml": "a: 0\n"})
    assert fix.main(["other.yaml"]) == 1
    assert read(repo, "other-copy.yaml") == b"a: 1\n"
    assert read(repo, COPY_A) == STALE.encode()


def test_fix_refuses_rev(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(IN_SYNC)
    with pytest.raises(SystemExit) as info:
        fix.main(["--rev", "HEAD"])
    assert info.value.code == 2
