"""Generated outputs and locked copies against `specsync.lock`: stale, hand-edited, or ok.

No generator runs here. Each entry's sources and outputs are reduced to two
digests of their git object ids and compared with the lock's line: sources
changed alone -> stale; outputs changed alone -> edited by hand. Copies of a
`lock: true` link are checked against the object id the lock recorded.
"""
from __future__ import annotations

from specsync.errors import InputError, at, error_at
from specsync.globs import covers
from specsync.lock import lockfile
from specsync.repo.blobs import object_ids

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from specsync.config.model import Config, GeneratedSpec
    from specsync.drift.results import Drift
    from specsync.links import Pair
    from specsync.lock.results import LockDrift, Status
    from specsync.repo.snapshot import Snapshot


class Resolved:
    """A generated entry with its patterns expanded to the snapshot's files."""

    __slots__ = ("key", "outputs", "sources", "spec")

    def __init__(self, spec: GeneratedSpec, sources: list[str], outputs: list[str]) -> None:
        self.spec = spec
        self.key = lockfile.generated_key(spec.outputs)
        self.sources = sources
        self.outputs = outputs


def triggered(spec: GeneratedSpec, changed: set[str] | None) -> bool:
    if changed is None or lockfile.LOCK_NAME in changed:
        return True
    if at(spec.origin)[0] in changed:
        return True
    patterns = spec.sources + spec.outputs
    return any(covers(p, path) for path in changed for p in patterns)


def problem(spec: GeneratedSpec, message: str) -> InputError:
    return error_at(spec.origin, message)


def resolve(spec: GeneratedSpec, snap: Snapshot) -> tuple[Resolved | None, list[InputError]]:
    problems = []
    sources: list[str] = []
    for pattern in spec.sources:
        found = snap.expand(pattern)
        if not found and not any(covers(pattern, p) for p in snap.unmerged):
            problems.append(problem(spec, f"source {pattern!r} of the generated entry matches "
                                     f"no {snap.label} file"))
        sources.extend(found)
    outputs = [p for pattern in spec.outputs for p in snap.expand(pattern)]
    patterns = spec.sources + spec.outputs
    for path in sorted(snap.unmerged):
        if any(covers(p, path) for p in patterns):
            problems.append(problem(spec, f"{path!r} has unresolved merge conflicts; resolve "
                                     "them and stage the result first"))
    if problems:
        return None, problems
    return Resolved(spec, sorted(set(sources)), sorted(set(outputs))), []


def digests(entry: Resolved, ids: dict[str, str]) -> tuple[str, str]:
    """(sources digest, outputs digest) from the files' object ids."""
    return (lockfile.digest({p: ids[p] for p in entry.sources if p in ids}),
            lockfile.digest({p: ids[p] for p in entry.outputs if p in ids}))


def judge(entry: Resolved, lock: lockfile.Lock | None, ids: dict[str, str],
          changed: set[str] | None) -> LockDrift | None:
    """What is wrong with one generated entry, or None when the lock agrees."""
    sources, outputs = digests(entry, ids)
    recorded = lock.generated(entry.key) if lock is not None else None
    if recorded == (sources, outputs) and entry.outputs:
        return None
    from specsync.lock import results

    if not any(p in ids for p in entry.outputs):
        status = results.NO_OUTPUT
    elif recorded is None:
        status = results.UNLOCKED
    elif recorded[1] == outputs:
        status = results.STALE
    elif recorded[0] == sources:
        status = results.HAND_EDITED
    else:
        status = results.BOTH_CHANGED
    return _finding(entry, status, changed)


def _finding(entry: Resolved, status: Status, changed: set[str] | None) -> LockDrift:
    from specsync.lock import results

    spec = entry.spec
    subject = ", ".join(spec.outputs)
    command = spec.command
    details: tuple[str, ...] = ()
    if status == results.NO_OUTPUT:
        message = f"{subject}: missing; regenerate with {command}"
    elif status == results.UNLOCKED:
        message = (f"{subject}: not recorded in {lockfile.LOCK_NAME}; generate it with "
                   f"{command}, then run `specsync lock` (or run `specsync fix`)")
    elif status == results.STALE:
        message = f"{subject}: stale: regenerate with {command}"
        details = (f"sources changed since {lockfile.LOCK_NAME} was written: "
                   f"{', '.join(spec.sources)}",)
    elif status == results.HAND_EDITED:
        edited = [p for p in entry.outputs if changed is not None and p in changed]
        message = (f"{', '.join(edited) or subject} was edited by hand; change the source "
                   "and regenerate")
        details = (f"its sources did not change since {lockfile.LOCK_NAME} was written; "
                   f"to discard the edit, regenerate with: {command}",)
    else:
        message = (f"{subject}: sources and outputs both changed since {lockfile.LOCK_NAME} "
                   f"was written; if the outputs were regenerated, record them with "
                   f"`specsync lock`, else regenerate with {command}")
    return results.LockDrift(subject, status, message, spec.origin,
                             lockfile.generated_line(entry.key, "", "")[0],
                             entry=spec, details=details)


def _copy_findings(drifts: Sequence[Drift], pairs: Sequence[Pair], lock: lockfile.Lock | None,
                   ids: dict[str, str]) -> tuple[list[LockDrift], list[Drift]]:
    """Locked copies: in-sync copies the lock disagrees on, as findings; and `drifts` with
    the locked copies' hand edits marked."""
    drifts = list(drifts)
    drifted = {d.copy: i for i, d in enumerate(drifts)}
    findings = []
    for pair in pairs:
        oid = ids.get(pair.copy)
        recorded = lock.copy(pair.copy) if lock is not None else None
        if pair.copy in drifted:
            i = drifted[pair.copy]
            if recorded is not None and oid != recorded and oid is not None:
                drifts[i] = _hand_edited(drifts[i])
            continue
        if oid is not None and oid != recorded:
            from specsync.lock import results

            what = "not recorded in" if recorded is None else "out of date in"
            findings.append(results.LockDrift(
                pair.copy, results.LOCK_OUTDATED,
                f"{pair.copy}: {what} {lockfile.LOCK_NAME} (lock: true); run `specsync lock`",
                pair.link.origin, lockfile.copy_line(pair.copy, "")[0]))
    return findings, drifts


def _hand_edited(drift: Drift) -> Drift:
    import dataclasses

    return dataclasses.replace(drift, edited=True, note=(
        f"its bytes match neither its source nor what {lockfile.LOCK_NAME} recorded"))


def _orphans(lock: lockfile.Lock, known: set[str]) -> list[LockDrift]:
    if known.issuperset(lock.lines):
        return []
    from specsync.lock import results

    return [
        results.LockDrift(key.partition(" ")[2], results.ORPHAN,
                          f"{lockfile.LOCK_NAME}:{lock.where[key]}: records "
                          f"{lockfile.unquote(key.partition(' ')[2])!r}, which is not "
                          "configured; run `specsync lock`", lockfile.LOCK_NAME, key)
        for key in sorted(set(lock.lines) - known)
    ]


def known_keys(config: Config, locked_copies: Iterable[str]) -> set[str]:
    keys = {lockfile.generated_line(lockfile.generated_key(g.outputs), "", "")[0]
            for g in config.generated}
    keys.update(lockfile.copy_line(c, "")[0] for c in locked_copies)
    return keys


def check(snap: Snapshot, changed: set[str] | None, drifts: Sequence[Drift], config: Config,
          pairs: Sequence[Pair]) -> tuple[list[LockDrift], list[InputError], list[Drift]]:
    """The generated entries' and locked copies' findings, the problems that stopped any,
    and `drifts` with a locked copy's drift marked as edited by hand where the lock says so."""
    specs = [g for g in config.generated if triggered(g, changed)]
    locked = [p for p in pairs if p.link.lock]
    if not specs and not locked:
        return [], [], list(drifts)
    try:
        lock = lockfile.read(snap)
    except InputError as e:
        return [], [e], list(drifts)
    entries = []
    problems: list[InputError] = []
    for spec in specs:
        entry, found = resolve(spec, snap)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    wanted = {p for e in entries for p in (*e.sources, *e.outputs)}
    ids = object_ids(snap, wanted | {p.copy for p in locked})
    findings = [f for f in (judge(e, lock, ids, changed) for e in entries) if f is not None]
    copy_findings, drifts = _copy_findings(drifts, locked, lock, ids)
    findings.extend(copy_findings)
    findings = _restate_unstaged(snap, findings)
    whole = changed is None or bool({lockfile.LOCK_NAME, config.path} & changed)
    if lock is not None and whole:
        findings.extend(_orphans(lock, known_keys(config, (p.copy for p in locked))))
    return findings, problems, drifts


def unstaged(snap: Snapshot, specs: Sequence[GeneratedSpec]) -> dict[str, list[str]]:
    """Entries regenerated and recorded on disk but not staged: {lock key: files to stage}.

    An entry counts when its sources on disk are the staged ones and the lock on disk
    records its files on disk; the files to stage are its outputs (and the lock) whose
    working-tree bytes the index lacks. Asked of the index only, once something is off: it
    lists the working tree and hashes the entries' files on disk.
    """
    if snap.kind != "index" or not specs:
        return {}
    from specsync.repo import states
    from specsync.repo.blobs import hash_files

    try:
        disk_lock = lockfile.on_disk(snap.repo.root)
        staged_lock = lockfile.read(snap)
    except InputError:
        return {}
    if disk_lock is None:
        return {}
    tree = states.worktree(snap.repo)
    both = [(resolve(s, tree)[0], resolve(s, snap)[0]) for s in specs]
    pairs = [(d, i) for d, i in both if d is not None and i is not None]
    on_disk = hash_files(snap.repo, {p for d, _ in pairs for p in (*d.sources, *d.outputs)})
    staged = object_ids(snap, {p for _, i in pairs for p in (*i.sources, *i.outputs)})
    found = {}
    for disk, index in pairs:
        wanted = digests(disk, on_disk)
        if wanted[0] != digests(index, staged)[0] or disk_lock.generated(disk.key) != wanted:
            continue  # the sources on disk are not the staged ones, or the lock disagrees
        files = [p for p in sorted({*disk.outputs, *index.outputs})
                 if on_disk.get(p) != staged.get(p)]
        line = lockfile.generated_line(disk.key, "", "")[0]
        if disk_lock.lines.get(line) != (staged_lock.lines.get(line) if staged_lock else None):
            files.append(lockfile.LOCK_NAME)
        if files:
            found[disk.key] = files
    return found


def _restate_unstaged(snap: Snapshot, findings: list[LockDrift]) -> list[LockDrift]:
    """Findings the working tree already settles become "not staged" (with what to add)."""
    specs = [f.entry for f in findings if f.entry is not None]
    ready = unstaged(snap, specs) if specs and snap.kind == "index" else {}
    if not ready:
        return findings
    from specsync.lock import results
    from specsync.repo.staging import add_command

    out = []
    for f in findings:
        files = ready.get(lockfile.generated_key(f.entry.outputs)) if f.entry else None
        if files is None:
            out.append(f)
            continue
        names, command = ", ".join(files), add_command(snap.repo.root, files)
        out.append(results.LockDrift(
            f.subject, results.UNSTAGED, f"{f.subject}: regenerated and recorded in "
            f"{lockfile.LOCK_NAME}, but not staged; stage {names}: {command}",
            f.origin, f.key, entry=f.entry))
    return out
