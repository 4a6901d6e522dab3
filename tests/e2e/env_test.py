"""What each hook manager puts in a hook's environment: specsync tells them apart by
exactly these variables (report/runners.py), so a manager that changes them fails here."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import MakeRepo
from tests.e2e.flow import shell, user_env
from tests.helpers import git

LOCAL_HOOK = ("repos:\n  - repo: local\n    hooks:\n      - id: dump\n        name: dump\n"
              "        entry: {dump}\n        language: system\n        always_run: true\n")
LEFTHOOK = "pre-commit:\n  commands:\n    dump:\n      run: {dump}\n"


@pytest.mark.parametrize(("install", "config"), [
    ("pre-commit install", ".pre-commit-config.yaml"),
    ("prek install", ".pre-commit-config.yaml"),
    ("lefthook install", "lefthook.yml"),
    ("plain", ""),
])
def test_what_each_manager_sets(make_repo: MakeRepo, tmp_path: Path, install: str,
                                config: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREK_HOME", str(tmp_path / "prek-home"))
    out = tmp_path / "env.txt"
    dump = tmp_path / "dump.sh"
    dump.write_text(f'#!/bin/sh\nenv > "{out}"\n')
    dump.chmod(dump.stat().st_mode | stat.S_IXUSR)
    files = {"a.txt": "a\n"}
    if config:
        files[config] = (LEFTHOOK if config == "lefthook.yml" else LOCAL_HOOK).format(dump=dump)
    repo = make_repo(files, commit=True)
    env = user_env(tmp_path / "tools", ("pre-commit", "prek", "lefthook"))
    if install == "plain":
        hook = repo / ".git" / "hooks" / "pre-commit"
        hook.write_text(f'#!/bin/sh\nexec "{dump}"\n')
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    else:
        assert shell(repo, install, env).returncode == 0
    (repo / "a.txt").write_text("b\n")
    git(repo, "add", "a.txt")
    assert shell(repo, "git commit -qm change", env).returncode == 0
    seen = dict(line.split("=", 1) for line in out.read_text().splitlines() if "=" in line)
    assert seen["GIT_INDEX_FILE"]  # git's own, for any hook
    noise = ("GIT_", "SHLVL", "PWD", "OLDPWD", "_", "LC_CTYPE")  # git's and the shells'
    added = {k for k in seen if k not in env and not k.startswith(noise)}
    assert added == SETS[install.split(maxsplit=1)[0]], added
    if "PREK_HOOK_STAGE" in added:
        assert seen["PREK_HOOK_STAGE"] == "pre-commit"


# what each one adds to the environment of the hook it runs (lefthook: nothing at all)
SETS = {"pre-commit": {"PRE_COMMIT"}, "prek": {"PRE_COMMIT", "PREK_HOOK_STAGE"},
        "lefthook": set(), "plain": set()}
