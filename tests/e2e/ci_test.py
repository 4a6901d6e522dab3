"""Issue 14: in CI (`pre-commit run --from-ref/--to-ref` on a pushed range, `specsync check
--rev`), the printed command is the one a developer runs at home, never a path of the CI
machine: run verbatim in the developer's clone, it fixes what CI reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeRepo
from tests.e2e.flow import (
    IN_SYNC,
    NEW,
    SPECSYNC,
    commit,
    printed,
    shell,
    user_env,
)
from tests.e2e.managers_test import pre_commit_config
from tests.helpers import git, read, write


@pytest.mark.usefixtures("shared_home")
def test_ci_range_prints_what_a_developer_runs(make_repo: MakeRepo, tmp_path: Path,
                                              hook_repo: tuple[Path, str]) -> None:
    dev = make_repo({**IN_SYNC, ".pre-commit-config.yaml": pre_commit_config(hook_repo, "manual")},
                    commit=True, name="dev")
    env = user_env(tmp_path / "tools")
    origin = tmp_path / "origin.git"
    git(dev, "clone", "-q", "--bare", str(dev), str(origin))
    git(dev, "remote", "add", "origin", str(origin))
    write(dev, {"s.yaml": NEW})
    git(dev, "commit", "-qam", "spec only", "--no-verify")  # the hook was skipped at home
    git(dev, "push", "-q", "origin", "main")

    ci_env = {**env, "CI": "true"}
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(origin), str(ci))
    assert shell(ci, "pre-commit install-hooks", ci_env).returncode == 0
    run = shell(ci, "pre-commit run --from-ref HEAD~1 --to-ref HEAD", ci_env)
    assert run.returncode == 1, run.stdout
    fix = printed(run.stdout, "fix: ")
    assert fix == "pre-commit run --hook-stage manual specsync-fix --all-files"
    rev = shell(ci, f"{SPECSYNC} check --rev HEAD", ci_env)  # specsync installed in CI
    assert rev.returncode == 1, rev.stdout
    assert printed(rev.stdout, "fix: ") == fix

    assert shell(dev, "pre-commit install", env).returncode == 0
    ran = shell(dev, fix, env)  # at home, verbatim
    assert ran.returncode == 1, ran.stdout
    assert read(dev, "c.yaml") == NEW.encode()
    assert shell(dev, printed(ran.stdout, "stage: "), env).returncode == 0
    assert commit(dev, env).returncode == 0
    git(dev, "push", "-q", "origin", "main")
    git(ci, "pull", "-q", "--ff-only")
    again = shell(ci, "pre-commit run --from-ref HEAD~2 --to-ref HEAD", ci_env)
    assert again.returncode == 0, again.stdout
    assert shell(ci, f"{SPECSYNC} check --rev HEAD", ci_env).returncode == 0
