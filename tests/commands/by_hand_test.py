"""Issue 14 defect 3, silent by hand: `specsync check` run by a person (no hook manager,
no git hook, no CI) names the involved files whose changes it did not read because they
are not staged; `--verbose` in sync says what was checked. Under a hook nothing changes."""
from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from specsync.cli import main

from tests.helpers import git, write

CONFIG = ("links:\n  - source: s.yaml\n    copies: [c.yaml, d.yaml]\n"
          "  - source: t.yaml\n    copies: [e.yaml]\n")
SPEC = "a: 1\nb: 2\n"
NEW = "a: 1\nb: 3\n"


def synced(make_repo):
    return make_repo({".specsync.yaml": CONFIG, "s.yaml": SPEC, "c.yaml": SPEC,
                      "d.yaml": SPEC, "t.yaml": SPEC, "e.yaml": SPEC, "other.txt": "x"},
                     commit=True)


def test_unstaged_source_is_named_by_hand(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW, "other.txt": "y"})  # other.txt is in no link
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("specsync: 1 file with unstaged changes was not checked: s.yaml "
                            "(git add it, or use --worktree)\n")
    assert main(["check", "--worktree"]) == 1  # the suggested flag exists and reads the disk


def test_unstaged_typo_in_the_config_is_named_and_worktree_reads_it(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {".specsync.yaml": CONFIG.replace("copies: [e.yaml]", "copie: [e.yaml]"),
                 "t.yaml": NEW})
    assert main(["check"]) == 0
    assert capsys.readouterr().err == (
        "specsync: 2 files with unstaged changes were not checked: .specsync.yaml, t.yaml "
        "(git add them, or use --worktree)\n")
    assert main(["check", "--worktree"]) == 2
    assert capsys.readouterr().err == (
        ".specsync.yaml:5: unknown key 'copie' in link (did you mean 'copies'?)\n")


def test_a_config_never_added_is_named(make_repo, capsys):
    repo = make_repo({"s.yaml": SPEC, "c.yaml": "stale\n"}, commit=True)
    write(repo, {".specsync.yaml": "links:\n  - source: s.yaml\n    copies: [c.yaml]\n"})
    assert main(["check"]) == 0
    assert ".specsync.yaml (git add it, or use --worktree)" in capsys.readouterr().err


def test_many_files_are_counted_and_three_named(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {name: NEW for name in ("s.yaml", "c.yaml", "d.yaml", "t.yaml", "e.yaml")})
    assert main(["check"]) == 0
    assert capsys.readouterr().err == (
        "specsync: 5 files with unstaged changes were not checked: c.yaml, d.yaml, e.yaml, "
        "... (git add them, or use --worktree)\n")


@pytest.mark.parametrize(("var", "value"), [("PRE_COMMIT", "1"), ("GIT_INDEX_FILE", "x"),
                                            ("CI", "true"), ("TF_BUILD", "True"),
                                            ("JENKINS_URL", "http://ci")])
def test_hook_managers_and_ci_get_no_line(make_repo, capsys, monkeypatch, var, value):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW})
    if var == "GIT_INDEX_FILE":
        value = str(repo / ".git" / "index")
    monkeypatch.setenv(var, value)
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""


def test_ci_false_is_by_hand(make_repo, capsys, monkeypatch):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW})
    monkeypatch.setenv("CI", "false")
    assert main(["check"]) == 0
    assert "not checked" in capsys.readouterr().err


def test_staged_changes_are_no_news(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW, "c.yaml": NEW, "d.yaml": NEW})
    git(repo, "add", "-A")
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""


def test_verbose_in_sync_says_what_was_checked(make_repo, capsys, monkeypatch):
    synced(make_repo)
    assert main(["check", "--verbose"]) == 0
    assert capsys.readouterr().out == "specsync: 2 links, 3 copies in sync (index)\n"
    assert main(["check", "-v"]) == 0  # the second run is settled by object ids
    assert capsys.readouterr().out == "specsync: 2 links, 3 copies in sync (index)\n"
    assert main(["check", "-v", "--worktree"]) == 0
    assert capsys.readouterr().out == "specsync: 2 links, 3 copies in sync (working tree)\n"
    assert main(["check", "-v", "--rev", "HEAD"]) == 0
    assert capsys.readouterr().out == "specsync: 2 links, 3 copies in sync (at HEAD)\n"
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert main(["check", "-v"]) == 0
    assert capsys.readouterr().out == "specsync: 2 links, 3 copies in sync (index)\n"
    assert main(["check"]) == 0
    assert capsys.readouterr().out == ""


def test_verbose_counts_discovered_and_globbed_links(make_repo, capsys):
    make_repo({".specsync.yaml": "links:\n  - source: api/*.yaml\n    copies: [pkg/]\n",
               "api/a.yaml": SPEC, "api/b.yaml": SPEC, "pkg/a.yaml": SPEC, "pkg/b.yaml": SPEC,
               "Makefile": "gen:\n\tcp api/a.yaml web/a.yaml\n", "web/a.yaml": SPEC},
              commit=True)
    assert main(["check", "-v"]) == 0
    assert capsys.readouterr().out == "specsync: 2 links, 3 copies in sync (index)\n"


def test_a_real_git_hook_is_not_by_hand(make_repo):
    """A plain `.git/hooks/pre-commit` running check: git sets GIT_INDEX_FILE; the commit's
    output has no line about the unstaged file."""
    repo = synced(make_repo)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m specsync check\n')
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    write(repo, {"s.yaml": NEW, "other.txt": "y"})
    git(repo, "add", "other.txt")
    done = subprocess.run(["git", "-C", str(repo), "commit", "-m", "x"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "not checked" not in done.stdout + done.stderr
