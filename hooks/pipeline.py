"""The one path shared by check and fix: config -> links -> snapshot -> drift.

Nothing here prints or writes; `check.main` and `fix.main` render the result
and decide the exit code, and only `fix` hands the drift to the fixer.
"""
from __future__ import annotations

import os

from hooks import config as config_mod
from hooks import git, links, snapshot
from hooks.errors import at

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.config import LinkSpec
    from hooks.errors import InputError
    from hooks.results import Drift, LockDrift


class Options:
    """What the user asked for; built by `cli.parse`."""

    __slots__ = ("all_files", "diff", "filenames", "force", "format", "rev", "verbose",
                 "worktree")

    def __init__(
        self,
        filenames: Sequence[str] = (),
        *,
        all_files: bool = False,
        worktree: bool = False,
        rev: str | None = None,
        diff: bool = False,
        verbose: bool = False,
        format: str = "text",
        force: bool = False,
    ) -> None:
        self.filenames = filenames
        self.all_files = all_files
        self.worktree = worktree
        self.rev = rev
        self.diff = diff
        self.verbose = verbose
        self.format = format
        self.force = force


class Found:
    """Everything one run found, before anything is printed or written."""

    __slots__ = ("changed", "drifts", "generated", "problems", "repo", "snapshot")

    def __init__(self, repo: git.Repo, snap: snapshot.Snapshot, changed: set[str] | None,
                 drifts: list[Drift], problems: list[InputError]) -> None:
        self.repo = repo
        self.snapshot = snap
        self.changed = changed
        self.drifts = drifts
        self.problems = problems
        self.generated: list[LockDrift] = []  # generated outputs / locked copies vs the lock


def take_snapshot(repo: git.Repo, opts: Options) -> snapshot.Snapshot:
    if opts.rev is not None:
        return snapshot.at_rev(repo, opts.rev)
    if opts.worktree:
        return snapshot.worktree(repo)
    return snapshot.index(repo)


def changed_paths(repo: git.Repo, opts: Options) -> set[str] | None:
    """Repo-relative names of the files pre-commit passed; None means every link."""
    if opts.all_files or not opts.filenames:
        return None
    here = os.getcwd()
    changed = set()
    for name in opts.filenames:
        rel = os.path.relpath(os.path.join(here, name), repo.root)
        if not rel.startswith(".." + os.sep) and rel != "..":
            changed.add(rel.replace(os.sep, "/"))
    return changed


def all_links(config: config_mod.Config, snap: snapshot.Snapshot,
              found: list[LinkSpec] | None = None) -> list[LinkSpec]:
    """Configured links, then discovered ones (configured copies win).

    `found`: the links discovery already found in this run, if any.
    """
    from hooks.discovery import links_for

    return links_for(config, snap, found)


def _origin_file(link: LinkSpec) -> str:
    return at(link.origin)[0]


def _triggered(pair: links.Pair, changed: set[str], snap: snapshot.Snapshot) -> bool:
    return (
        pair.source in changed
        or pair.copy in changed
        or _origin_file(pair.link) in changed
        or not snap.exists(pair.copy)  # a deleted copy is never among the changed files
        or (pair.link.lock and "specsync.lock" in changed)
    )


def _discover(snap: snapshot.Snapshot, kinds: tuple[str, ...]) -> list[LinkSpec]:
    if not kinds:
        return []
    from hooks.discovery import discovered

    return discovered(snap, kinds)[0]


def _beyond(found: list[LinkSpec], configured_copies: Sequence[str]) -> bool:
    """Whether discovery found a link whose copy no configured link names."""
    if not found:
        return False
    from hooks.discovery import covered

    configured = set(configured_copies)
    return any(not covered(link.copies[0].path, configured) for link in found)


def collect(opts: Options, cwd: str | None = None) -> Found:
    repo = git.find_repo(cwd)
    snap = take_snapshot(repo, opts)
    plain = config_mod.plain_pairs(snap)
    found = None  # discovered links, found once per run
    if plain is not None and snap.same_ids(plain[0], plain[1]):
        found = _discover(snap, plain[2])
        if not _beyond(found, plain[1]):
            return Found(repo, snap, changed_paths(repo, opts), [], [])  # settled by object ids
    config = config_mod.load(snap)
    changed = changed_paths(repo, opts)
    pairs, extras, problems = links.resolve(all_links(config, snap, found), snap)
    if changed is not None:
        pairs = [p for p in pairs if _triggered(p, changed, snap)]
    if not pairs and not extras:
        return _generated(Found(repo, snap, changed, [], problems), config, pairs)
    from hooks.compare import find_drift

    drifts, more = find_drift(pairs, extras, snap, changed)
    return _generated(Found(repo, snap, changed, drifts, problems + more), config, pairs)


def _generated(found: Found, config: config_mod.Config, pairs: list[links.Pair]) -> Found:
    """Generated outputs and locked copies against specsync.lock join the link drift."""
    if config.generated or any(link.lock for link in config.links):
        from hooks import generated

        generated.check(found, config, pairs)
    return found


def fix_command(repo: git.Repo, opts: Options) -> str:
    """The one command that regenerates the copies, as this user can run it."""
    flags = " --worktree" if opts.worktree else ""
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


def with_force(fix_command: str) -> str:
    """The fix command that also discards edits: `pre-commit run` passes no options."""
    if fix_command.startswith("pre-commit "):
        return direct_fix_command(" --force")
    return f"{fix_command} --force"
