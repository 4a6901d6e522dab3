"""The commands a report tells the user to run, as this user can run them.

Read from the context specsync was started from (the hook manager, CI, the
`.pre-commit-config.yaml` beside it, `PATH`: see `runners`), never printed here.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from specsync.drift.results import Drift
    from specsync.repo.git import Repo
    from specsync.repo.snapshot import Snapshot


FORCE_VAR = "SPECSYNC_FORCE"  # `fix` reads it as --force: what a hook manager can pass


def fix_command(repo: Repo, worktree: bool = False) -> str:
    """The one command that regenerates the copies, as this user can run it where they
    started specsync: the manager's own command when it has a specsync-fix hook, else
    specsync by the path that runs; in CI, what a developer runs at home."""
    flags = " --worktree" if worktree else ""
    if partial_commit(repo):  # the commit takes the named paths from the working tree
        return direct_fix_command(" --worktree")
    from specsync.report.runners import fix_hook_stages, hook_command, hook_runner, in_ci

    runner, ci = hook_runner(), in_ci()
    if runner or ci:
        stages = fix_hook_stages(repo.root)
        if stages:
            return hook_command(runner or "pre-commit", stages)
    if ci:  # the CI machine's paths mean nothing at home
        return f"specsync fix{flags}"
    return direct_fix_command(flags)


def setup_hint(repo: Repo) -> str:
    """Under pre-commit or prek (or in CI for a repository that uses specsync's hooks)
    without a specsync-fix hook: what to add to `.pre-commit-config.yaml`, else ""."""
    from specsync.report import runners

    runner = runners.hook_runner()
    if runner is None and not (runners.in_ci() and runners.uses_specsync_hooks(repo.root)):
        return ""
    if partial_commit(repo) or runners.fix_hook_stages(repo.root):
        return ""
    return runners.setup_hint(runner or "pre-commit")


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
    from specsync.repo.here import args
    from specsync.repo.provenance import against_head

    head = against_head(snap)  # the commit's own paths: its index against HEAD
    committed = set(paths) | (set(head.status) if head.born else set(snap.paths()))
    return ("partial commit: `git commit -- PATHS` commits from a temporary index that "
            "`git add` cannot change; once the copies are written, commit them too: "
            f"git commit -- {args(snap.repo.root, sorted(committed))}")


def stage_lines(snap: Snapshot, names: Sequence[str], ignored: Mapping[str, str],
                ) -> list[str]:
    """The one command that stages what fix left in the working tree (then a line per
    ignored file: `git add` refuses it without -f)."""
    if partial_commit(snap.repo):
        return [partial_commit_line(snap, names)]
    from specsync.repo.staging import add_command

    lines = [f"stage: {add_command(snap.repo.root, names, ignored)}"]
    lines += [f"  {path} is ignored by {rule}; -f stages it anyway (or configure a copy "
              "outside the ignored folder)" for path, rule in sorted(ignored.items())]
    return lines


def direct_fix_command(flags: str = "") -> str:
    """`specsync fix`, by its full path unless the `specsync` on the user's PATH is this
    one (under pre-commit or prek, PATH starts with the hook's environment, which is not
    on the user's)."""
    import shutil
    import sys

    mine = os.path.join(os.path.dirname(sys.executable), "specsync")
    if not os.path.exists(mine):
        return f"specsync fix{flags}"
    path = os.environ.get("PATH", "")
    from specsync.report.runners import hook_runner

    if hook_runner() is not None:
        own = os.path.realpath(os.path.dirname(mine))
        path = os.pathsep.join(d for d in path.split(os.pathsep)
                               if d and os.path.realpath(d) != own)
    on_path = shutil.which("specsync", path=path)
    if on_path is not None and os.path.realpath(on_path) == os.path.realpath(mine):
        return f"specsync fix{flags}"
    import shlex

    return f"{shlex.quote(mine)} fix{flags}"


def fix_for(drift: Drift, fix_command: str) -> str:
    """The command that fixes this drift: with --force when its copy was edited directly;
    none for a file new in a pruned folder (no flag makes fix delete it)."""
    if drift.new:
        return ""
    return with_force(fix_command) if drift.edited else fix_command


def with_force(fix_command: str) -> str:
    """The fix command that also discards edits: `pre-commit run` and `prek run` pass a
    hook no options, but they pass it the environment (`SPECSYNC_FORCE=1`)."""
    if fix_command.startswith(("pre-commit ", "prek ")):
        return f"{FORCE_VAR}=1 {fix_command}"
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
