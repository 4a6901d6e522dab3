"""Target 5: the hook under pre-commit, against the same CLI run bare.

pre-commit starts itself (a Python program with many imports), reads its
config, lists the files and runs the hook: what it adds is the framework's
own cost, the same for any hook. The hook is declared as a local repo hook
with the manifest's entry, installed by pre-commit from this working tree.
"""
from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator

from bench import fixtures, install
from bench.harness import Cmd, Goal, Group, clean_env
from bench.insync import COPIES, SOURCE
from bench.runner import Context

CONFIG = """\
repos:
  - repo: local
    hooks:
      - id: specsync-check
        name: specsync check
        entry: specsync check
        language: python
        additional_dependencies: ["{root}"]
        pass_filenames: true
        require_serial: true
"""


def _pre_commit() -> str | None:
    here = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    return here if os.path.exists(here) else shutil.which("pre-commit")


def groups(ctx: Context) -> Iterator[Group]:
    title = "under pre-commit: 300 KB spec and 3 copies"
    pre_commit = _pre_commit()
    if pre_commit is None:
        yield Group(title, [], note="pre-commit is not installed")
        return
    spec = fixtures.spec(300 * fixtures.KB)
    files = {SOURCE: spec, **dict.fromkeys(COPIES, spec),
             ".specsync.yaml": fixtures.config([(SOURCE, COPIES)]),
             ".pre-commit-config.yaml": CONFIG.format(root=install.ROOT).encode()}
    repo = fixtures.repo(ctx.folder("precommit"), files)
    # one pre-commit environment per version of the sources, like the bench virtualenv
    home = os.path.join(os.path.dirname(ctx.bin), "pre-commit-home")
    env = clean_env({"PRE_COMMIT_HOME": home})
    bare = Cmd("bare: specsync check --all-files", [ctx.specsync("check", "--all-files")],
               repo, setup=fixtures.WARM)
    hook = Cmd("pre-commit run specsync-check --all-files",
               [[pre_commit, "run", "specsync-check", "--all-files"]], repo, env=env,
               setup=fixtures.WARM)
    yield Group(title, [bare, hook], {hook.name: [Goal("ratio", None, bare.name),
                                                  Goal("delta", None, bare.name)]})
