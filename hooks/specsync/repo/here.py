"""Where the user is, so that a printed command with paths runs as printed.

specsync names files from the top of the work tree, but git reads a pathspec from the
folder it runs in: `git add docs/c.yaml` typed in `docs/` fails. Every command a report
prints with repository paths (`git add`, `git commit --`, `git rm`) spells them through
`args`, relative to the user's folder, which is, in order:

- the top, in CI: a command printed there is run by a developer at home;
- `GIT_PREFIX` (when it names a folder of the work tree): git sets it, for its hooks
  and `!` aliases, to the folder the user ran git in; a hook runs at the top (pre-commit
  keeps the environment for its hooks);
- the current folder, when it is below the top (specsync typed in a subfolder);
- `PWD`, when it names a folder below the top: a program that changed to the top
  (`pre-commit run` typed in a subfolder) leaves the shell's `PWD` as it was;
- else the top: paths as they are.

From the environment and two `realpath`s: no git call, asked only when such a line is
printed.
"""
from __future__ import annotations

import os
import posixpath

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

# set by the CI services themselves: GitHub, GitLab, CircleCI, Travis, Buildkite, Bitbucket
# and Woodpecker set CI; Azure Pipelines TF_BUILD; Jenkins JENKINS_URL
CI_VARS = ("CI", "TF_BUILD", "JENKINS_URL")


def in_ci() -> bool:
    """Whether a CI service runs this (its variables set, and not to false)."""
    return any(os.environ.get(name, "").lower() not in ("", "0", "false") for name in CI_VARS)


def user_folder(root: str) -> str:
    """The user's folder relative to the top `root`, `/`-separated; "" for the top (and
    when `root` is not known)."""
    if not root or in_ci():
        return ""
    top = os.path.realpath(root)
    prefix = os.environ.get("GIT_PREFIX", "").strip("/")
    if prefix and not os.path.isabs(prefix):
        inside = _below(top, os.path.join(top, prefix))
        if inside:
            return inside
    for where in (os.getcwd(), os.environ.get("PWD", "")):
        if where and os.path.isabs(where):
            inside = _below(top, where)
            if inside:
                return inside
    return ""


def _below(top: str, folder: str) -> str:
    """`folder` relative to `top` when it is an existing folder strictly below it, else ""."""
    real = os.path.realpath(folder)
    if not os.path.isdir(real):
        return ""
    rel = os.path.relpath(real, top)
    if rel in (os.curdir, os.pardir) or rel.startswith(os.pardir + os.sep):
        return ""
    return rel.replace(os.sep, "/")


def relative(root: str, paths: Iterable[str]) -> list[str]:
    """Repository paths as the user's folder reaches them (`../api/s.yaml`)."""
    folder = user_folder(root)
    if not folder:
        return list(paths)
    return [posixpath.relpath(p, folder) for p in paths]


def args(root: str, paths: Iterable[str]) -> str:
    """Repository paths as shell words for a git command run from the user's folder
    (`--` first when one of them starts with `-`)."""
    import shlex

    names = relative(root, paths)
    dashes = "-- " if any(p.startswith("-") for p in names) else ""
    return dashes + " ".join(shlex.quote(p) for p in names)
