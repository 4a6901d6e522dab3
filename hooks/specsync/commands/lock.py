"""`specsync lock`: record the generated outputs and locked copies as they are on disk.

Run it after generating by hand (or after taking either side of a conflict in
`specsync.lock`): it rewrites the whole file from the working tree, one line
per entry, and never runs a generator. `specsync check` never writes the lock.
"""
from __future__ import annotations

import sys

from specsync import links
from specsync.commands import one_line_errors
from specsync.commands.usage import Parser
from specsync.config import load as load_config
from specsync.config.model import Config
from specsync.errors import InputError, one_lines
from specsync.lock import entries, lockfile
from specsync.repo import git, snapshot, states
from specsync.repo.atomic import repo_lock
from specsync.repo.blobs import hash_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

DESCRIPTION = (f"Rewrite {lockfile.LOCK_NAME} from the files on disk: the digests of each "
               "generated entry's sources and outputs, and the bytes of each locked copy. "
               "Runs no generator.")


def _unmerged(repo: git.Repo) -> set[str]:
    return snapshot.index(repo).unmerged - {lockfile.LOCK_NAME}


def record(repo: git.Repo, config: Config,
           snap: snapshot.Snapshot) -> tuple[lockfile.Lock, list[InputError]]:
    """A fresh lock for every configured entry and locked copy, and what stopped any."""
    resolved: list[entries.Resolved] = []
    problems: list[InputError] = []
    for spec in config.generated:
        entry, found = entries.resolve(spec, snap)
        problems.extend(found)
        if entry is not None:
            resolved.append(entry)
    pairs, _, more = links.resolve([link for link in config.links if link.lock], snap)
    problems.extend(more)
    wanted = {p for e in resolved for p in (*e.sources, *e.outputs)} | {p.copy for p in pairs}
    ids = hash_files(repo, wanted)
    lock = lockfile.Lock()
    for entry in resolved:
        if not any(p in ids for p in entry.outputs):
            problems.append(entries.problem(
                entry.spec, f"none of the outputs {', '.join(entry.spec.outputs)} exists; "
                f"generate them first ({entry.spec.command})"))
            continue
        key, rest = lockfile.generated_line(entry.key, *entries.digests(entry, ids))
        lock.lines[key] = rest
    for pair in pairs:
        if pair.copy in ids:
            key, rest = lockfile.copy_line(pair.copy, ids[pair.copy])
            lock.lines[key] = rest
    return lock, problems


def _notes(old: lockfile.Lock | None, new: lockfile.Lock) -> list[str]:
    """Entries whose sources changed while their outputs did not: probably not regenerated."""
    if old is None:
        return []
    notes = []
    for key in sorted(new.lines):
        kind, _, name = key.partition(" ")
        before = old.generated(name) if kind == lockfile.GENERATED else None
        now = new.generated(name)
        if before and now and before[0] != now[0] and before[1] == now[1]:
            notes.append(f"note: {lockfile.unquote(name)}: sources changed but outputs did "
                         "not; if it was not regenerated, run `specsync fix`")
    return notes


def _old(repo: git.Repo) -> lockfile.Lock | None:
    try:
        return lockfile.on_disk(repo.root)
    except InputError:
        return None


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    Parser(prog="specsync lock", description=DESCRIPTION).parse_args(argv)
    repo = git.find_repo()
    snap = states.worktree(repo)
    config = load_config(snap)
    snap.unmerged = _unmerged(repo)  # the entries' own conflicts stop them; the lock's not
    lock, problems = record(repo, config, snap)
    if problems:
        print(one_lines(p.render() for p in problems), file=sys.stderr)
        print(f"specsync: {lockfile.LOCK_NAME} not written", file=sys.stderr)
        return 2
    notes = _notes(_old(repo), lock)
    if not lock.lines and not snap.exists(lockfile.LOCK_NAME):
        print(f"specsync: nothing to lock: {config.path} has no generated entries and no "
              "link with lock: true")
        return 0
    with repo_lock(repo, who="lock"):
        wrote = lockfile.write(repo, lock)
    count = len(lock.lines)
    what = "Wrote" if wrote else "Up to date:"
    print(f"{what} {lockfile.LOCK_NAME} ({count} entr{'y' if count == 1 else 'ies'})")
    if notes:
        print(one_lines(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
