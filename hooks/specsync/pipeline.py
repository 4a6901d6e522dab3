"""The one path shared by check and fix: config -> links -> snapshot -> drift.

Nothing here prints or writes: `collect` returns `Findings`; the commands render
them and decide the exit code, and only `fix` hands the drift to the writers.
"""
from __future__ import annotations

import gc
import os

from specsync.config import load_with_pairs, plain_pairs
from specsync.errors import at
from specsync.repo import git, snapshot

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from specsync.config.model import Config, LinkSpec
    from specsync.drift.results import Drift
    from specsync.errors import InputError
    from specsync.links import Pair
    from specsync.lock.results import LockDrift
    from specsync.repo.verdict import Since


class Findings:
    """Everything one run found, before anything is printed or written."""

    __slots__ = ("changed", "drifts", "generated", "linked", "problems", "repo", "snapshot",
                 "waiting")

    def __init__(self, repo: git.Repo, snap: snapshot.Snapshot, changed: set[str] | None,
                 drifts: list[Drift], problems: list[InputError]) -> None:
        self.repo = repo
        self.snapshot = snap
        self.changed = changed
        self.drifts = drifts
        self.problems = problems
        self.generated: list[LockDrift] = []  # generated outputs / locked copies vs the lock
        self.waiting: list[str] = []  # drifted copies already fixed on disk (check sets it)
        # what the links are, asked only by hand or --verbose (free until called)
        self.linked: Callable[[], Linked] = _no_links


class Linked:
    """The links a run looked at: how many, their (source, copy) pairs, and every file
    they involve (sources, copies, the files that declare them)."""

    __slots__ = ("files", "links", "pairs")

    def __init__(self, links: int, pairs: list[tuple[str, str]], declared: set[str]) -> None:
        self.links = links
        self.pairs = pairs
        self.files = declared.union(*pairs)


def _no_links() -> Linked:
    return Linked(0, [], set())


def _plain_linked(sources: Sequence[str], copies: Sequence[str]) -> Callable[[], Linked]:
    from specsync import CONFIG_NAME

    return lambda: Linked(len(set(sources)), list(zip(sources, copies, strict=True)),
                          {CONFIG_NAME})


def _resolved_linked(links: Sequence[LinkSpec], snap: snapshot.Snapshot,
                     config: Config) -> Callable[[], Linked]:
    """For links settled without being resolved: resolved only when asked."""

    def linked() -> Linked:
        from specsync.links import resolve

        pairs = resolve(links, snap, claimed(config))[0]
        return _pairs_linked(links, pairs, config)()

    return linked


def _pairs_linked(links: Sequence[LinkSpec], pairs: Sequence[Pair],
                  config: Config) -> Callable[[], Linked]:
    return lambda: Linked(len(links), [(p.source, p.copy) for p in pairs],
                          {config.path, *(_origin_file(link) for link in links)})


def take_snapshot(repo: git.Repo, worktree: bool, rev: str | None) -> snapshot.Snapshot:
    if rev is not None or worktree:
        from specsync.repo import states

        return states.at_rev(repo, rev) if rev is not None else states.worktree(repo)
    return snapshot.index(repo)


def changed_paths(repo: git.Repo, filenames: Sequence[str], all_files: bool) -> set[str] | None:
    """Repo-relative names of the files pre-commit passed; None means every link."""
    if all_files or not filenames:
        return None
    here = os.getcwd()
    changed = set()
    for name in filenames:
        rel = os.path.relpath(os.path.join(here, name), repo.root)
        if not rel.startswith(".." + os.sep) and rel != "..":
            changed.add(rel.replace(os.sep, "/"))
    return changed


def all_links(config: Config, snap: snapshot.Snapshot,
              found: list[LinkSpec] | None = None) -> list[LinkSpec]:
    """Configured links, then discovered ones (configured copies win).

    `found`: the links discovery already found in this run, if any.
    """
    from specsync.discovery import links_for

    return links_for(config, snap, found)


def _origin_file(link: LinkSpec) -> str:
    return at(link.origin)[0]


def _triggered(pair: Pair, changed: set[str], snap: snapshot.Snapshot) -> bool:
    return (
        pair.source in changed
        or pair.copy in changed
        or _origin_file(pair.link) in changed
        or not snap.exists(pair.copy)  # a deleted copy is never among the changed files
        or (pair.link.lock and "specsync.lock" in changed)
    )


def claimed(config: Config) -> list[str]:
    """What entries other than links own, as files, folders or globs: never a prune extra.

    One ownership set per config: a generated entry's sources and outputs, the
    lock and the config itself belong to specsync as much as any link's copy.
    """
    from specsync.lock.lockfile import LOCK_NAME

    found = [LOCK_NAME, config.path]
    for spec in config.generated:
        found.extend((*spec.sources, *spec.outputs))
    return found


def with_deletions(changed: set[str] | None, snap: snapshot.Snapshot,
                   config: Config) -> set[str] | None:
    """`changed` plus the files this commit deletes, when a generated entry could miss them.

    pre-commit never passes a deleted file, so a commit that deletes a generated
    output or source and changes anything else would not trigger its entry;
    HEAD says what the commit deletes (one git call, only when an entry is not
    triggered already).
    """
    if changed is None:
        return None
    from specsync.lock.entries import triggered

    if all(triggered(g, changed) for g in config.generated):
        return changed
    from specsync.repo.provenance import against_head

    return changed | against_head(snap).deleted()


def _discover(snap: snapshot.Snapshot, kinds: tuple[str, ...]) -> list[LinkSpec]:
    if not kinds:
        return []
    from specsync.discovery import discovered

    return discovered(snap, kinds)[0]


def _mirrors_settled(links: list[LinkSpec], snap: snapshot.Snapshot) -> bool:
    """Every link (globs, folder copies, discovered ones too) in sync by object ids; no link
    at all (no config, and discovery found none) is nothing to report either."""
    if not links:
        return True
    from specsync.config.settled import settled

    return settled(links, snap)


def _beyond(found: list[LinkSpec], configured_copies: Sequence[str]) -> bool:
    """Whether discovery found a link whose copy no configured link names."""
    if not found:
        return False
    from specsync.discovery import covered

    configured = set(configured_copies)
    return any(not covered(link.copies[0].path, configured) for link in found)


def _remember(snap: snapshot.Snapshot, run: Since | None) -> None:
    if run is not None:
        from specsync.repo.verdict import remember

        remember(snap, run)


def _settle(repo: git.Repo, snap: snapshot.Snapshot, changed: set[str] | None,
            remember: Since | None) -> Findings | tuple[Config, list[LinkSpec] | None]:
    """Findings when object ids settle every link (nothing to compare, nothing resolved),
    else the config and the links discovery found (None when it did not run)."""
    plain = plain_pairs(snap)
    loaded = None  # a first run (no cached config) parses it here, for its plain pairs
    if plain is None and snap.kind != "worktree":
        loaded = load_with_pairs(snap)
        plain = loaded[1]
    found = None  # discovered links, found once per run
    if plain is not None:
        sources, copies, kinds = plain
        if snap.same_ids(sources, copies):
            found = _discover(snap, kinds)
            if not _beyond(found, copies):
                settled = Findings(repo, snap, changed, [], [])  # settled by object ids
                settled.linked = _plain_linked(sources, copies)
                _remember(snap, remember)
                return settled
    config = (loaded or load_with_pairs(snap))[0]
    # no plain pairs, or plain pairs in sync and discovered links beyond them
    if (plain is None or found is not None) and not config.generated \
            and snap.kind != "worktree":
        found = found if found is not None else _discover(snap, config.discover)
        if _mirrors_settled(all_links(config, snap, found), snap):
            settled = Findings(repo, snap, changed, [], [])  # globs too, settled by object ids
            settled.linked = _resolved_linked(all_links(config, snap, found), snap, config)
            _remember(snap, remember)
            return settled
    return config, found


def collect(filenames: Sequence[str] = (), *, all_files: bool = False, worktree: bool = False,
            rev: str | None = None, cwd: str | None = None,
            remember: Since | None = None) -> Findings:
    """What drifted among the links `filenames` trigger (all of them when none are given),
    in the staged files, the working tree (`worktree`) or a commit (`rev`).

    `remember`: keep an in-sync verdict of the index settled by object ids, with what it
    read (repo/verdict.py), for the next check to reuse while nothing it read changes.
    """
    repo = git.find_repo(cwd) if remember is None else remember.repo
    snap = take_snapshot(repo, worktree, rev)
    if remember is not None and snap.kind == "index":
        snap.track()
    else:
        remember = None
    changed = changed_paths(repo, filenames, all_files)
    settled = _settle(repo, snap, changed, remember)
    if isinstance(settled, Findings):
        return settled
    config, found = settled
    gc.enable()  # paused for the run (cli._run): comparing and reporting make cycles
    from specsync.links import resolve  # not needed when object ids settled everything

    links = all_links(config, snap, found)
    pairs, extras, problems = resolve(links, snap, claimed(config))
    every = pairs
    if changed is not None:
        pairs = [p for p in pairs if _triggered(p, changed, snap)]
    drifts: list[Drift] = []
    if pairs or extras:
        from specsync.drift.compare import find_drift

        drifts, more = find_drift(pairs, extras, snap)
        problems += more
    findings = Findings(repo, snap, changed, drifts, problems)
    findings.linked = _pairs_linked(links, every, config)
    if config.generated or any(link.lock for link in config.links):
        from specsync.lock import entries

        changed = with_deletions(changed, snap, config)
        findings.generated, more, findings.drifts = entries.check(snap, changed, drifts,
                                                                   config, pairs)
        findings.problems += more
    return findings
