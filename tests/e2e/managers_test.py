"""Issue 14: every printed command runs as printed, under each hook manager with the real
tool (pre-commit, prek, lefthook, a plain `.git/hooks/pre-commit`). The hooks repository is
this worktree, committed into a scratch repository (`hook_repo`), as users reference it."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import MakeRepo
from tests.e2e.flow import (
    IN_SYNC,
    SPECSYNC,
    block_then_fix,
    commit,
    edit_then_force,
    shell,
    user_env,
)
from tests.helpers import git, write
from tests.readme_test import block as readme_block


def pre_commit_config(hook_repo: tuple[Path, str], fix_stages: str | None) -> str:
    """The `.pre-commit-config.yaml` a user writes (pre-commit and prek read the same)."""
    path, rev = hook_repo
    config = (f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
              "      - id: specsync-check\n")
    if fix_stages is not None:
        config += f"      - id: specsync-fix\n        stages: [{fix_stages}]\n"
    return config


@pytest.fixture(scope="session")
def prek_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prek-home")


def installed(make_repo: MakeRepo, tmp_path: Path, files: dict[str, str], install: str,
              managers: tuple[str, ...] = ("pre-commit", "lefthook"),
              ) -> tuple[Path, dict[str, str]]:
    """A committed repository with the manager's hook installed by the manager itself."""
    repo = make_repo({**IN_SYNC, **files}, commit=True)
    env = user_env(tmp_path / "tools", managers)
    done = shell(repo, install, env)
    assert done.returncode == 0, done.stdout
    return repo, env


@pytest.mark.usefixtures("shared_home")
def test_pre_commit_with_a_manual_fix_hook(make_repo: MakeRepo, tmp_path: Path,
                                           hook_repo: tuple[Path, str]) -> None:
    repo, env = installed(make_repo, tmp_path,
                          {".pre-commit-config.yaml": pre_commit_config(hook_repo, "manual")},
                          "pre-commit install")
    fix, _ = block_then_fix(repo, env)
    assert fix == "pre-commit run --hook-stage manual specsync-fix --all-files"
    force = edit_then_force(repo, env)  # pre-commit cannot pass --force: the environment can
    assert force == f"SPECSYNC_FORCE=1 {fix}"


@pytest.mark.usefixtures("shared_home")
def test_pre_commit_without_a_fix_hook(make_repo: MakeRepo, tmp_path: Path,
                                       hook_repo: tuple[Path, str]) -> None:
    """Only specsync-check configured: the printed command is the hook environment's own
    specsync by its full path (it runs), and the report says what to add to the config."""
    repo, env = installed(make_repo, tmp_path,
                          {".pre-commit-config.yaml": pre_commit_config(hook_repo, None)},
                          "pre-commit install")
    fix, blocked = block_then_fix(repo, env)
    assert ("to fix through pre-commit, add to the specsync repo's `hooks:` in "
            ".pre-commit-config.yaml: `- id: specsync-fix` with `stages: [manual]`, then run: "
            "pre-commit run --hook-stage manual specsync-fix --all-files") in blocked
    assert fix.startswith("/") and fix.endswith("/bin/specsync fix"), fix
    assert fix != f"{SPECSYNC} fix"  # pre-commit's environment, not the one running the test
    force = edit_then_force(repo, env)
    assert force == f"{fix} --force"


def test_prek(make_repo: MakeRepo, tmp_path: Path, hook_repo: tuple[Path, str],
              prek_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREK_HOME", str(prek_home))
    repo, env = installed(make_repo, tmp_path,
                          {".pre-commit-config.yaml": pre_commit_config(hook_repo, "manual")},
                          "prek install", ("prek",))  # prek users have no pre-commit
    fix, _ = block_then_fix(repo, env)
    assert fix == "prek run --hook-stage manual specsync-fix --all-files"
    assert edit_then_force(repo, env) == f"SPECSYNC_FORCE=1 {fix}"


def test_lefthook(make_repo: MakeRepo, tmp_path: Path) -> None:
    """lefthook sets no variable of its own: specsync prints the path lefthook's command
    line ran it by (not on the user's PATH here)."""
    config = readme_block("lefthook-config")  # run as the README shows it, but specsync is
    assert "run: specsync " in config         # not on this user's PATH: lefthook runs it by path
    config = config.replace("run: specsync ", f"run: {SPECSYNC} ")
    repo, env = installed(make_repo, tmp_path, {"lefthook.yml": config}, "lefthook install")
    fix, _ = block_then_fix(repo, env)
    assert fix == f"{SPECSYNC} fix"
    assert edit_then_force(repo, env) == f"{fix} --force"


def test_plain_git_hook(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, env = installed(make_repo, tmp_path, {}, "true")
    hook = repo / ".git" / "hooks" / "pre-commit"
    script = readme_block("git-hook")  # the README's hook, with specsync by its full path
    assert "exec specsync " in script
    hook.write_text(script.replace("exec specsync ", f'exec "{SPECSYNC}" '))
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    fix, _ = block_then_fix(repo, env)
    assert fix == f"{SPECSYNC} fix"
    assert edit_then_force(repo, env) == f"{fix} --force"


@pytest.mark.usefixtures("shared_home")
def test_pre_commit_everyday_commits_keep_a_verdict_and_a_drift_still_blocks(
        make_repo: MakeRepo, tmp_path: Path, hook_repo: tuple[Path, str]) -> None:
    """Real commits through pre-commit's own hook environment: commits of a file no link
    reads go through and leave a remembered verdict (the hook's installed specsync keeps
    it), and the next commit of the source alone is still blocked and fixed as printed."""
    repo, env = installed(make_repo, tmp_path,
                          {".pre-commit-config.yaml": pre_commit_config(hook_repo, "manual"),
                           "notes.txt": "0\n"}, "pre-commit install")
    for i in range(1, 4):
        write(repo, {"notes.txt": f"{i}\n"})
        git(repo, "add", "notes.txt")
        done = commit(repo, env)
        assert done.returncode == 0, done.stdout
    assert (repo / ".git" / "specsync" / "verdict.cache").exists()
    fix, _ = block_then_fix(repo, env)
    assert fix == "pre-commit run --hook-stage manual specsync-fix --all-files"
