"""Issue 14: the commands a report prints run as printed from where the user is. git reads
a pathspec from its current folder, so in `docs/` a printed `git add docs/c.yaml` fails;
specsync by hand in a subfolder, `git commit` typed in a subfolder (its hook runs at the
top, with GIT_PREFIX), and `pre-commit run` typed there (it changes to the top; the shell's
PWD stays) print paths from that folder. In CI, paths stay from the top. Each printed
command is run verbatim, by `sh`, from the subfolder."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from specsync.cli import main

from tests.helpers import git, pre_commit, write

CONFIG = ("links:\n  - source: api/s.yaml\n    copies:\n      - docs/c.yaml\n"
          "      - web/d.yaml\n")
SPEC = "a: 1\nb: 2\n"
NEW = "a: 1\nb: 3\n"


def changed(make_repo, **more: str) -> Path:
    """A synced repo whose source change is staged; the copies are stale."""
    repo = make_repo({".specsync.yaml": CONFIG, "api/s.yaml": SPEC, "docs/c.yaml": SPEC,
                      "web/d.yaml": SPEC, **more}, commit=True)
    write(repo, {"api/s.yaml": NEW})
    git(repo, "add", "api/s.yaml")
    return repo


def run_here(folder: Path, command: str) -> None:
    """Run a printed command as the user would paste it, from `folder`."""
    done = subprocess.run(["sh", "-c", command], cwd=folder, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, (command, done.stderr)


def command_after(text: str, marker: str) -> str:
    line = next(x for x in text.splitlines() if marker in x)
    return line.split(marker, 1)[1]


def test_fix_then_check_by_hand_in_a_subfolder_print_git_add_that_works_there(
        make_repo, monkeypatch, capsys):
    repo = changed(make_repo)
    docs = repo / "docs"
    monkeypatch.chdir(docs)
    monkeypatch.setenv("PWD", str(docs))
    assert main(["fix"]) == 1
    assert "stage: git add c.yaml ../web/d.yaml" in capsys.readouterr().out
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    line = ("docs/c.yaml, web/d.yaml are already fixed in your working tree: "
            "git add c.yaml ../web/d.yaml")
    assert line in out.splitlines(), out
    run_here(docs, command_after(out, "working tree: "))
    assert main(["check"]) == 0
    assert git(repo, "show", ":web/d.yaml") == NEW


def test_json_stage_in_a_subfolder_runs_there(make_repo, monkeypatch, capsys):
    repo = changed(make_repo)
    web = repo / "web"
    monkeypatch.chdir(web)
    write(repo, {"docs/c.yaml": NEW})
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["stage"] == "git add ../docs/c.yaml"
    assert [d["copy"] for d in report["drifts"]] == ["docs/c.yaml", "web/d.yaml"]
    run_here(web, report["stage"])
    assert git(repo, "show", ":docs/c.yaml") == NEW


def test_unstaged_files_by_hand_are_named_as_git_add_takes_them_there(make_repo, monkeypatch,
                                                                        capsys):
    repo = make_repo({".specsync.yaml": CONFIG, "api/s.yaml": SPEC, "docs/c.yaml": SPEC,
                      "web/d.yaml": SPEC}, commit=True)
    write(repo, {"api/s.yaml": NEW})
    monkeypatch.chdir(repo / "docs")
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert "specsync: 1 file with unstaged changes was not checked: ../api/s.yaml " in err
    run_here(repo / "docs", "git add ../api/s.yaml")


def test_in_ci_paths_stay_from_the_top(make_repo, monkeypatch, capsys):
    changed(make_repo)
    monkeypatch.setenv("CI", "true")
    monkeypatch.chdir("docs")
    assert main(["fix"]) == 1
    assert "stage: git add docs/c.yaml web/d.yaml" in capsys.readouterr().out


def test_git_commit_typed_in_a_subfolder_names_git_add_from_there(make_repo):
    """A plain `.git/hooks/pre-commit`: git runs it at the top with GIT_PREFIX=docs/."""
    repo = changed(make_repo)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m specsync check\n')
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    docs = repo / "docs"
    write(repo, {"docs/c.yaml": NEW, "web/d.yaml": NEW})  # fixed, not staged
    env = {**os.environ, "PWD": str(docs)}
    blocked = subprocess.run(["git", "commit", "-m", "x"], cwd=docs, env=env,
                             capture_output=True, text=True, check=False)
    assert blocked.returncode == 1
    said = blocked.stdout + blocked.stderr  # git sends a hook's output to stderr
    command = command_after(said, "working tree: ")
    assert command == "git add c.yaml ../web/d.yaml", said
    run_here(docs, command)
    done = subprocess.run(["git", "commit", "-m", "x"], cwd=docs, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("typed", ["git commit", "pre-commit run"])
def test_real_pre_commit_from_a_subfolder(make_repo, hook_repo, shared_home, typed):
    """`git commit` in docs/ (pre-commit's hook runs at the top; git's GIT_PREFIX says
    docs/), and `pre-commit run` typed in docs/ (pre-commit changes to the top; PWD stays):
    the printed `git add` works in docs/."""
    path, rev = hook_repo
    config = (f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
              "      - id: specsync-check\n      - id: specsync-fix\n        stages: [manual]\n")
    repo = changed(make_repo, **{".pre-commit-config.yaml": config})
    assert pre_commit(repo, "install").returncode == 0
    docs = repo / "docs"
    env = {**os.environ, "PWD": str(docs)}
    exe = str(Path(sys.executable).with_name("pre-commit"))
    fixed = subprocess.run([exe, "run", "--hook-stage", "manual", "specsync-fix",
                            "--all-files"], cwd=docs, env=env, capture_output=True, text=True,
                           check=False)
    assert fixed.returncode == 1, fixed.stdout
    assert "stage: git add c.yaml ../web/d.yaml" in fixed.stdout, fixed.stdout
    if typed == "git commit":
        blocked = subprocess.run(["git", "commit", "-m", "x"], cwd=docs, env=env,
                                 capture_output=True, text=True, check=False)
    else:
        blocked = subprocess.run([exe, "run", "specsync-check"], cwd=docs, env=env,
                                 capture_output=True, text=True, check=False)
    said = blocked.stdout + blocked.stderr  # git sends a hook's output to stderr
    assert blocked.returncode == 1, said
    command = command_after(said, "working tree: ")
    assert command == "git add c.yaml ../web/d.yaml", said
    run_here(docs, command)
    done = subprocess.run(["git", "commit", "-m", "x"], cwd=docs, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:web/d.yaml") == NEW
