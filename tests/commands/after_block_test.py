"""Issue 14, the user's path after the block: the `git add` loop. When the working tree
already holds the fixed copy, the block report says `git add`, not the fix command again.
Real git, and the real pre-commit with a real `git commit` (pre-commit hides unstaged
changes from its hooks: the report must still see them)."""
from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

from specsync.cli import main

from tests.helpers import git, pre_commit, write

CONFIG = "links:\n  - source: s.yaml\n    copies:\n      - c.yaml\n      - d.yaml\n"
SPEC = "a: 1\nb: 2\n"
NEW = "a: 1\nb: 3\n"
FIXED = "c.yaml is already fixed in your working tree: git add c.yaml"


def commit(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), "commit", "-m", "change"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False)


def synced(make_repo, **more: str) -> Path:
    return make_repo({".specsync.yaml": CONFIG, "s.yaml": SPEC, "c.yaml": SPEC,
                      "d.yaml": SPEC, **more}, commit=True)


def test_check_after_fix_says_git_add_not_fix_again(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW})
    git(repo, "add", "s.yaml")
    assert main(["fix"]) == 1
    assert "stage: git add c.yaml d.yaml" in capsys.readouterr().out
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "c.yaml, d.yaml are already fixed in your working tree: git add c.yaml d.yaml" in out
    assert "fix:" not in out, out
    git(repo, "add", "c.yaml", "d.yaml")
    assert main(["check"]) == 0


def test_only_the_copies_fixed_on_disk_are_named_and_fix_stays_for_the_rest(make_repo,
                                                                             capsys):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW, "c.yaml": NEW})
    git(repo, "add", "s.yaml")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert FIXED in lines
    assert lines.index(FIXED) < next(i for i, x in enumerate(lines) if x.startswith("fix: "))
    assert "d.yaml is already" not in "\n".join(lines)


def test_a_copy_edited_on_disk_differently_is_not_called_fixed(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW, "c.yaml": "a: 1\nb: 4\n"})
    git(repo, "add", "s.yaml")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "already fixed" not in out
    assert "fix: " in out


def test_crlf_filters_judge_the_disk_as_git_add_would_store_it(make_repo, capsys):
    repo = synced(make_repo, **{".gitattributes": "*.yaml text eol=crlf\n"})
    write(repo, {"s.yaml": NEW})
    git(repo, "add", "s.yaml")
    assert main(["fix"]) == 1
    capsys.readouterr()
    assert main(["check"]) == 1
    assert "are already fixed in your working tree" in capsys.readouterr().out


def test_real_pre_commit_blocked_commit_names_the_git_add(make_repo, hook_repo, shared_home):
    """fix, forget `git add`, commit: the block names the `git add`; run it; commit passes.
    pre-commit stashes the unstaged fixed copies before the hook runs."""
    path, rev = hook_repo
    config = (f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
              "      - id: specsync-check\n      - id: specsync-fix\n        stages: [manual]\n")
    repo = synced(make_repo, **{".pre-commit-config.yaml": config})
    assert pre_commit(repo, "install").returncode == 0
    write(repo, {"s.yaml": NEW})
    git(repo, "add", "s.yaml")
    assert commit(repo).returncode == 1
    fixed = pre_commit(repo, "run", "--hook-stage", "manual", "specsync-fix", "--all-files")
    assert fixed.returncode == 1
    assert "stage: git add c.yaml d.yaml" in fixed.stdout
    again = commit(repo)  # forgot the git add
    assert again.returncode == 1, again.stdout
    line = next(x for x in again.stdout.splitlines() if "already fixed" in x)
    assert line == ("c.yaml, d.yaml are already fixed in your working tree: "
                    "git add c.yaml d.yaml"), again.stdout
    assert "fix: " not in again.stdout
    subprocess.run(shlex.split(line.rsplit(": ", 1)[1]), cwd=repo, check=True)
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:c.yaml") == NEW


def half_fixed(make_repo) -> Path:
    """s.yaml changed and staged; c.yaml already fixed on disk (not staged), d.yaml not."""
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW, "c.yaml": NEW})
    git(repo, "add", "s.yaml")
    return repo


def test_json_says_which_copies_are_already_fixed_and_their_git_add(make_repo, capsys):
    half_fixed(make_repo)
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    c, d = report["drifts"]
    assert (c["copy"], c["already_fixed"], c["stage"]) == ("c.yaml", True, "git add c.yaml")
    assert (d["copy"], d["already_fixed"], d["stage"]) == ("d.yaml", False, None)
    assert report["stage"] == "git add c.yaml"
    assert report["fix"] is not None  # d.yaml still needs fix


def test_json_names_no_fix_when_every_copy_only_waits_for_git_add(make_repo, capsys):
    repo = synced(make_repo)
    write(repo, {"s.yaml": NEW})
    git(repo, "add", "s.yaml")
    assert main(["fix"]) == 1
    capsys.readouterr()
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [d["already_fixed"] for d in report["drifts"]] == [True, True]
    assert (report["fix"], report["stage"]) == (None, "git add c.yaml d.yaml")
    subprocess.run(shlex.split(report["stage"]), cwd=repo, check=True)
    assert main(["check", "--format", "json"]) == 0


def test_github_annotation_of_an_already_fixed_copy_ends_with_its_git_add(make_repo,
                                                                           capsys):
    half_fixed(make_repo)
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    c = next(x for x in lines if x.startswith("::error file=c.yaml,"))
    d = next(x for x in lines if x.startswith("::error file=d.yaml,"))
    assert c.endswith(f"%0A{FIXED}"), c
    assert "fix: " not in c
    assert "%0Afix: " in d and "already fixed" not in d
    assert lines[-2:] == [FIXED, lines[-1]] and lines[-1].startswith("fix: "), lines


def test_sarif_result_of_an_already_fixed_copy_says_so(make_repo, capsys):
    half_fixed(make_repo)
    assert main(["check", "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    c, d = sorted(results, key=lambda r: r["properties"]["copy"])
    assert c["message"]["text"].splitlines()[-1] == FIXED
    assert (c["properties"]["alreadyFixed"], c["properties"]["stage"]) == (True, "git add c.yaml")
    assert d["message"]["text"].splitlines()[-1].startswith("fix: ")
    assert d["properties"]["alreadyFixed"] is False and "stage" not in d["properties"]
