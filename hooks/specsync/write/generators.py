"""Regenerate generated outputs: run each entry's command, then update the lock.

Commands come from `.specsync.yaml` only (entries found elsewhere run only
with `run_discovered: true`), are printed before they run, run from the
repository root without a shell (unless `shell: true`) and with a timeout
(`runner`), and their output is shown when they fail. A command does not run
over the user's work at its outputs, and the files it touches outside them
are named (`guards`). The lock is updated only for an entry whose command
succeeded and changed what the changed sources call for; a run stopped by a
signal leaves it as it was.
"""
from __future__ import annotations

import contextlib

from specsync import links
from specsync.config import load as load_config
from specsync.errors import InputError, Interrupted, at
from specsync.lock import entries, lockfile
from specsync.lock.results import HAND_EDITED, LOCK_OUTDATED, ORPHAN, LockDrift
from specsync.repo import git, snapshot, states
from specsync.repo.blobs import hash_files
from specsync.write import guards, runner

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from specsync.config.model import Config, GeneratedSpec
    from specsync.pipeline import Findings
    from specsync.write.runner import Ran

    Say = Callable[[Sequence[str]], None]

OUTPUT_TAIL = 40  # lines of a failed command's output to show


def runnable(spec: GeneratedSpec, config: Config) -> bool:
    """Commands from the config run; commands from discovered directives need opting in."""
    return at(spec.origin)[0] == config.path or config.run_discovered


def _tail(output: str) -> list[str]:
    lines = output.rstrip("\n").splitlines()
    if not lines:
        return ["  | (no output)"]
    cut = lines[-OUTPUT_TAIL:]
    more = [f"  | ... {len(lines) - len(cut)} earlier lines"] if len(lines) > len(cut) else []
    return more + [f"  | {line}" for line in cut]


class Session:
    """One `specsync fix` over generated entries: what it knows and what it already ran."""

    def __init__(self, found: Findings, config: Config, before: lockfile.Lock | None,
                 force: bool, say: Say) -> None:
        self.found = found
        self.say = say
        self.repo = found.repo
        self.config = config
        self.before = before
        self.force = force
        self.ran: dict[tuple[str, bool], Ran] = {}  # one `go generate ./...` for many entries
        self._worktree: snapshot.Snapshot | None = None
        self._disk_lock: lockfile.Lock | None = None
        self._disk_lock_read = False

    def refusal(self, finding: LockDrift) -> str | None:
        """Why this entry's command must not run now, or None."""
        spec = finding.entry
        assert spec is not None
        if not runnable(spec, self.config):
            return (f"{finding.subject}: not regenerated: the command comes from "
                    f"{spec.origin}, and only commands in {self.config.path} run unless it "
                    "says run_discovered: true")
        ran = (spec.command, spec.shell) in self.ran  # its files are now that run's
        in_way = [] if ran else self.in_the_way(spec)
        if in_way:
            return (f"{finding.subject}: not regenerated: untracked {guards.names(in_way)} "
                    "would be overwritten or deleted by the command; move them away (or git "
                    "add them) first")
        if self.force:
            return None
        if finding.status == HAND_EDITED:
            return (f"{finding.message} (not regenerated; `specsync fix --force` regenerates "
                    "over the edit)")
        if self.found.snapshot.kind == "index":
            outputs = [p for o in spec.outputs for p in self.found.snapshot.expand(o)]
            dirty = guards.dirty(self.repo, outputs)
            if dirty:
                return (f"{finding.subject}: not regenerated: {', '.join(sorted(dirty))} has "
                        "unstaged changes; stage or stash them first, or use --force")
        return None

    def in_the_way(self, spec: GeneratedSpec) -> list[str]:
        """Untracked files at the outputs, unless they are what specsync.lock records (a
        fix wrote them and they wait to be staged)."""
        if self._worktree is None:
            self._worktree = states.worktree(self.repo)
        found = guards.in_the_way(spec, self._worktree)
        if not found:
            return []
        if not self._disk_lock_read:
            self._disk_lock_read = True
            with contextlib.suppress(InputError):  # a broken lock records nothing
                self._disk_lock = lockfile.on_disk(self.repo.root)
        lock = self._disk_lock
        recorded = lock.generated(lockfile.generated_key(spec.outputs)) if lock else None
        entry, _ = entries.resolve(spec, self._worktree)
        if recorded is None or entry is None:
            return found
        ids = hash_files(self.repo, entry.outputs)
        return [] if entries.digests(entry, ids)[1] == recorded[1] else found

    def run_once(self, finding: LockDrift) -> Ran:
        spec = finding.entry
        assert spec is not None
        key = (spec.command, spec.shell)
        if key not in self.ran:
            self.say([f"Running `{spec.command}` for {finding.subject} (declared at "
                      f"{spec.origin})"])
            watch = guards.Watch(self.repo)
            self.ran[key] = runner.run(spec, self.repo.root)
            self._worktree = None  # the command changed what is on disk
            outputs = [o for g in self.config.generated if (g.command, g.shell) == key
                       for o in g.outputs]
            self.say(watch.report(finding.subject, outputs))
        return self.ran[key]

    def regenerate(self, finding: LockDrift) -> tuple[list[str], tuple[str, str] | None]:
        """Run one entry's command: (what to say, the new lock line or None)."""
        spec = finding.entry
        assert spec is not None
        ran = self.run_once(finding)
        if ran.problem is not None:
            return [f"{finding.subject}: `{spec.command}` {ran.problem}; "
                    f"{lockfile.LOCK_NAME} not updated", *_tail(ran.output)], None
        try:
            entry, (sources, outputs) = _after(spec, self.repo)
        except InputError as e:
            return [f"{finding.subject}: {e.message}; {lockfile.LOCK_NAME} not updated"], None
        before = self.before
        recorded = before.generated(entry.key) if before is not None else None
        if not entry.outputs:
            return [f"{finding.subject}: `{spec.command}` succeeded but none of the outputs "
                    f"exists; {lockfile.LOCK_NAME} not updated", *_tail(ran.output)], None
        if recorded is not None and recorded[1] == outputs and recorded[0] != sources:
            return [f"{finding.subject}: `{spec.command}` succeeded but changed nothing in "
                    f"the outputs although the sources changed; {lockfile.LOCK_NAME} not "
                    "updated. Check that the command writes these outputs; if the change "
                    "does not affect them, record it with `specsync lock`",
                    *_tail(ran.output)], None
        return ([f"Regenerated {finding.subject}"],
                lockfile.generated_line(entry.key, sources, outputs))

    def one(self, finding: LockDrift) -> tuple[list[str], dict[str, str | None], bool]:
        """(what to say, lock line updates, whether it is settled) for one finding."""
        if finding.status == ORPHAN:
            return [], {finding.key: None}, True
        if finding.status == LOCK_OUTDATED:
            return [], _copy_line_now(self.repo, finding), True
        refusal = self.refusal(finding)
        if refusal is not None:
            return [refusal], {}, False
        lines, line = self.regenerate(finding)
        if line is None:
            return lines, {}, False
        return lines, {line[0]: line[1]}, True


def _after(spec: GeneratedSpec, repo: git.Repo) -> tuple[entries.Resolved, tuple[str, str]]:
    """The entry as the command left it on disk, and its (sources, outputs) digests."""
    snap = states.worktree(repo)
    entry, problems = entries.resolve(spec, snap)
    if entry is None:
        raise problems[0]
    ids = hash_files(repo, [*entry.sources, *entry.outputs])
    return entry, entries.digests(entry, ids)


def _copy_updates(repo: git.Repo, config: Config, written: set[str],
                  deleted: set[str]) -> dict[str, str | None]:
    """Lock lines of locked copies that fix wrote or deleted."""
    locked = [link for link in config.links if link.lock]
    if not locked or not (written or deleted):
        return {}
    pairs, _, _ = links.resolve(locked, states.worktree(repo))
    mine = {p.copy for p in pairs}
    updates: dict[str, str | None] = {}
    ids = hash_files(repo, written & mine)
    for copy, oid in ids.items():
        key, rest = lockfile.copy_line(copy, oid)
        updates[key] = rest
    for copy in deleted:
        updates[lockfile.copy_line(copy, "")[0]] = None
    return updates


def _copy_line_now(repo: git.Repo, finding: LockDrift) -> dict[str, str | None]:
    ids = hash_files(repo, [finding.subject])
    if finding.subject not in ids:
        return {}
    key, rest = lockfile.copy_line(finding.subject, ids[finding.subject])
    return {key: rest}


def _write(repo: git.Repo, updates: dict[str, str | None]) -> list[str]:
    """Apply line updates to the lock on disk."""
    if not updates:
        return []
    try:
        lock = lockfile.on_disk(repo.root) or lockfile.Lock()
    except InputError as e:
        return [f"{e.render()} (not updated)"]
    for key, rest in updates.items():
        if rest is None:
            lock.lines.pop(key, None)
        else:
            lock.lines[key] = rest
    return [f"Updating {lockfile.LOCK_NAME}"] if lockfile.write(repo, lock) else []


def fix(found: Findings, *, force: bool, written: Iterable[str] = (),
        deleted: Iterable[str] = (), say: Say) -> bool:
    """Regenerate what is stale and update the lock; `say` receives what happened, as it
    happens (a command's line before it runs).

    Whether anything was written, or is left to do.
    """
    from specsync.repo.atomic import repo_lock

    repo = found.repo
    config = load_config(found.snapshot)
    try:
        before = lockfile.read(found.snapshot)
    except InputError:
        before = None  # already reported by the check
    said = left = False
    with repo_lock(repo):
        session = Session(found, config, before, force, say)
        updates = _copy_updates(repo, config, set(written), set(deleted))
        for finding in sorted(found.generated, key=lambda f: f.subject):
            try:
                lines, update, ok = session.one(finding)
            except Interrupted as e:
                e.detail += f"; {lockfile.LOCK_NAME} not updated"
                raise
            say(lines)
            updates.update(update)
            left = left or not ok
            said = said or bool(lines)
        lines = _write(repo, updates)
        say(lines)
    return said or bool(lines) or left
