"""The commands a report tells the user to run, as this user can run them.

Read from the context specsync was started from (`$PRE_COMMIT`, the
`.pre-commit-config.yaml` beside it, `PATH`), never printed here.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from specsync.drift.results import Drift
    from specsync.repo.git import Repo
    from specsync.repo.snapshot import Snapshot


def fix_command(repo: Repo, worktree: bool = False) -> str:
    """The one command that regenerates the copies, as this user can run it."""
    flags = " --worktree" if worktree else ""
    if partial_commit(repo):  # the commit takes the named paths from the working tree
        return direct_fix_command(" --worktree")
    if os.environ.get("PRE_COMMIT") == "1":
        stages = fix_hook_stages(repo.root)
        if stages:
            if "manual" in stages:
                return f"pre-commit run --hook-stage manual {FIX_HOOK} --all-files"
            if "pre-commit" in stages:  # it ran in this commit too; this runs it again
                return f"pre-commit run {FIX_HOOK} --all-files"
            return f"pre-commit run --hook-stage {stages[0]} {FIX_HOOK} --all-files"
    return direct_fix_command(flags)


FIX_HOOK = "specsync-fix"
_LEGACY_STAGES = {"commit": "pre-commit", "merge-commit": "pre-merge-commit", "push": "pre-push"}
_ALL_STAGES = ["manual"]  # pre-commit's default: every stage, the manual one among them


def fix_hook_stages(root: str) -> list[str] | None:
    """The stages `.pre-commit-config.yaml` gives the specsync-fix hook (its `stages`, else
    the top-level `default_stages`, else every stage), None when it is not configured."""
    path = os.path.join(root, ".pre-commit-config.yaml")
    try:
        with open(path, "rb") as f:
            data = f.read(1 << 20)
    except OSError:
        return None
    if FIX_HOOK.encode() not in data:
        return None
    from specsync.documents import DataError, decode, load_yaml_documents

    try:
        docs = load_yaml_documents(decode(data))
    except (DataError, ValueError):
        return None
    config = docs[0] if docs and isinstance(docs[0], dict) else {}
    repos = config.get("repos")
    for repo in repos if isinstance(repos, list) else ():
        hooks = repo.get("hooks") if isinstance(repo, dict) else None
        for hook in hooks if isinstance(hooks, list) else ():
            if isinstance(hook, dict) and hook.get("id") == FIX_HOOK:
                stages = hook.get("stages") or config.get("default_stages") or _ALL_STAGES
                if not isinstance(stages, list):
                    return None
                return [_LEGACY_STAGES.get(str(s), str(s)) for s in stages]
    return None


def partial_commit(repo: Repo) -> bool:
    """Whether git runs this hook on a temporary index of its own (`git commit -- PATHS`),
    which `git add` cannot reach. `git commit -a` uses `index.lock`, which becomes the
    index: that one is not partial."""
    index = os.environ.get("GIT_INDEX_FILE")
    if not index:
        return False
    own = os.path.realpath(os.path.join(repo.git_dir, "index"))
    return os.path.realpath(index) not in (own, own + ".lock")


def partial_commit_line(snap: Snapshot, paths: Iterable[str]) -> str:
    """What to do in a partial commit: commit the copies (and what it named) too."""
    from specsync.repo.provenance import against_head
    from specsync.repo.staging import quoted

    head = against_head(snap)  # the commit's own paths: its index against HEAD
    committed = set(paths) | (set(head.status) if head.born else set(snap.paths()))
    return ("partial commit: `git commit -- PATHS` commits from a temporary index that "
            "`git add` cannot change; once the copies are written, commit them too: "
            f"git commit -- {quoted(sorted(committed))}")


def stage_lines(snap: Snapshot, names: Sequence[str], ignored: Mapping[str, str],
                ) -> list[str]:
    """The one command that stages what fix left in the working tree (then a line per
    ignored file: `git add` refuses it without -f)."""
    if partial_commit(snap.repo):
        return [partial_commit_line(snap, names)]
    from specsync.repo.staging import add_command

    lines = [f"stage: {add_command(names, ignored)}"]
    lines += [f"  {path} is ignored by {rule}; -f stages it anyway (or configure a copy "
              "outside the ignored folder)" for path, rule in sorted(ignored.items())]
    return lines


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
