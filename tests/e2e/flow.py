"""The user's path through each hook manager, as a person takes it: a real repository, the
manager's hook installed by the manager itself, a real `git commit` of the source alone, then
the `fix:` line of the block copied and run verbatim through a shell, `git add` of what it
says, and the commit again.

Everything runs with the user's PATH: the managers' commands are on it, `specsync` is not
(a user who installed the hook through pre-commit has no `specsync` command), so a printed
`specsync fix` that only runs inside the hook's environment fails the test.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import git, read, write

BIN = Path(sys.executable).parent
SPECSYNC = str(BIN / "specsync")  # this worktree's console script
CONFIG = "links:\n  - source: s.yaml\n    copies:\n      - c.yaml\n"
SPEC = "a: 1\nb: 2\n"
NEW = "a: 1\nb: 3\n"
IN_SYNC = {".specsync.yaml": CONFIG, "s.yaml": SPEC, "c.yaml": SPEC}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def user_env(tools: Path, managers: tuple[str, ...] = ("pre-commit", "lefthook")
             ) -> dict[str, str]:
    """The environment of the user's shell: the hook managers they installed on PATH
    (through `tools`), no folder that holds a `specsync` command, no colours."""
    tools.mkdir(exist_ok=True)
    for name in managers:
        link = tools / name
        if not link.exists():
            link.symlink_to(BIN / name)
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, "specsync"))]
    return {**os.environ, "PATH": os.pathsep.join([str(tools), *dirs]), "NO_COLOR": "1"}


def shell(repo: Path, command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`command` through `sh -c`, as typed at a prompt in `repo`; stderr in stdout."""
    return subprocess.run(["sh", "-c", command], cwd=repo, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)


def commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return shell(repo, "git commit -m change", env)


def printed(out: str, prefix: str) -> str:
    """The one line of the output that starts with `prefix` (after the indent and colours a
    manager adds), without the prefix."""
    lines = [line for line in (_ANSI.sub("", raw).strip() for raw in out.splitlines())
             if line.startswith(prefix)]
    assert len(lines) == 1, out
    return lines[0][len(prefix):]


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD"))


def block_then_fix(repo: Path, env: dict[str, str]) -> tuple[str, str]:
    """Commit the source alone: blocked. Run the printed fix verbatim, `git add` what it
    says, commit: passes. Returns the fix command it ran and the block's output."""
    before = commits(repo)
    write(repo, {"s.yaml": NEW})
    git(repo, "add", "s.yaml")
    blocked = commit(repo, env)
    assert blocked.returncode == 1, blocked.stdout
    assert "c.yaml: out of sync with s.yaml" in blocked.stdout
    assert commits(repo) == before
    command = printed(blocked.stdout, "fix: ")
    ran = shell(repo, command, env)
    assert ran.returncode == 1, ran.stdout  # fix wrote the copy: stage it
    assert read(repo, "c.yaml") == NEW.encode()
    stage = printed(ran.stdout, "stage: ")
    assert stage == "git add c.yaml"
    assert shell(repo, stage, env).returncode == 0
    done = commit(repo, env)
    assert done.returncode == 0, done.stdout
    assert commits(repo) == before + 1
    assert git(repo, "show", "HEAD:c.yaml") == NEW
    return command, blocked.stdout


def edit_then_force(repo: Path, env: dict[str, str]) -> str:
    """Edit the copy directly and commit it: blocked. Run the printed command that discards
    the edit verbatim, `git add`, commit: passes. Returns that command."""
    write(repo, {"c.yaml": NEW + "c: edited\n", "notes.txt": "a change of its own\n"})
    git(repo, "add", "c.yaml", "notes.txt")
    blocked = commit(repo, env)
    assert blocked.returncode == 1, blocked.stdout
    line = printed(blocked.stdout, "edited copies: ")
    command = line.partition(" with: ")[2].rpartition("  (")[0]
    ran = shell(repo, command, env)
    assert ran.returncode == 1, ran.stdout
    assert read(repo, "c.yaml") == NEW.encode()
    assert shell(repo, printed(ran.stdout, "stage: "), env).returncode == 0
    done = commit(repo, env)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:c.yaml") == NEW
    return command
