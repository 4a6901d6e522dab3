"""The commands a report tells the user to run, as this user can run them.

Read from the context specsync was started from (`$PRE_COMMIT`, the
`.pre-commit-config.yaml` beside it, `PATH`), never printed here.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.drift.results import Drift
    from specsync.repo.git import Repo


def fix_command(repo: Repo, worktree: bool = False) -> str:
    """The one command that regenerates the copies, as this user can run it."""
    flags = " --worktree" if worktree else ""
    if os.environ.get("PRE_COMMIT") == "1":
        try:
            with open(os.path.join(repo.root, ".pre-commit-config.yaml"), "rb") as f:
                has_fix_hook = b"specsync-fix" in f.read()
        except OSError:
            has_fix_hook = False
        if has_fix_hook:
            return "pre-commit run --hook-stage manual specsync-fix --all-files"
    return direct_fix_command(flags)


def direct_fix_command(flags: str = "") -> str:
    """`specsync fix`, by its full path when another (or no) specsync is on PATH."""
    import shutil
    import sys

    mine = os.path.join(os.path.dirname(sys.executable), "specsync")
    on_path = shutil.which("specsync")
    if not os.path.exists(mine) or (
        on_path is not None and os.path.realpath(on_path) == os.path.realpath(mine)
    ):
        return f"specsync fix{flags}"
    return f"{mine} fix{flags}"


def fix_for(drift: Drift, fix_command: str) -> str:
    """The command that fixes this drift: with --force when its copy was edited directly;
    none for a file new in a pruned folder (no flag makes fix delete it)."""
    if drift.new:
        return ""
    return with_force(fix_command) if drift.edited else fix_command


def with_force(fix_command: str) -> str:
    """The fix command that also discards edits: `pre-commit run` passes no options."""
    if fix_command.startswith("pre-commit "):
        return direct_fix_command(" --force")
    return f"{fix_command} --force"


def closing(count: int, what: str, fix_command: str, edited: int, edited_hint: str,
            ) -> list[str]:
    """The last lines of a report: how many are off, then the command that fixes them
    (unless every one was edited by hand), then what to do about the edited ones.

    `what` spells its plural as `{singular-ending|plural-ending}`: `cop{y|ies}`.
    """
    lines = ["", summary(count, what)]
    if edited < count:
        lines.append(f"fix: {fix_command}")
    if edited:
        lines.append(edited_hint)
    return lines


def summary(count: int, what: str) -> str:
    """`specsync: 2 copies out of sync.`: `what` spells its plural as `cop{y|ies}`."""
    head, _, rest = what.partition("{")
    one, _, rest = rest.partition("|")
    many, _, tail = rest.partition("}")
    return f"specsync: {count} {head}{one if count == 1 else many}{tail}."
