"""Atomic writes, one fix at a time, and cleaning up after a fix that was killed.

A copy is written to a temp file in its own folder and renamed over the copy,
so a reader sees the old bytes or the new ones, never half a file. Before a fix
writes, it notes the folders it writes to in a journal in the git dir; a run
that finds the journal (the fix that wrote it was killed) removes the temp
files left there. Only `os` is needed, so a fix with nothing to do stays cheap.
"""
from __future__ import annotations

import contextlib
import os

from specsync.repo.git import state_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from specsync.repo.git import Repo

TMP_MARK = ".specsync-tmp-"  # temp files are TMP_MARK + 16 hex digits (older runs: .NAME + it)
# set for a generator's command (write.runner): the fix that runs it, and the entry's file:line
NESTED_PID = "SPECSYNC_FIX_PID"
NESTED_ENTRY = "SPECSYNC_FIX_ENTRY"


@contextlib.contextmanager
def repo_lock(repo: Repo, who: str = "fix") -> Iterator[None]:
    """One fix (or lock) at a time per repository (two hooks, two terminals); `who` names
    the command that takes it. A wait is announced on stderr; a wait that could never end
    (a generated command runs `specsync fix` under the fix that runs it) is an InputError."""
    path = state_path(repo.git_dir, "fix.lock")
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only git dir: go on unlocked, each write is still atomic
        yield
        return
    try:
        _take(fd, who)
        yield
    finally:
        os.close(fd)


def _take(fd: int, who: str) -> None:
    """Lock `fd` for this process and write its pid into the file (for whoever waits)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        _refuse_nested(holder, who)
        pid = f" (pid {holder})" if holder is not None else ""
        os.write(2, f"specsync: waiting for another specsync fix or lock in this repository"
                    f"{pid} to finish\n".encode())
        fcntl.flock(fd, fcntl.LOCK_EX)
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, b"%d\n" % os.getpid(), 0)


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _refuse_nested(holder: int | None, who: str) -> None:
    """The lock's holder is the fix whose generated command runs this one: waiting would
    last until that command's timeout."""
    if holder is None or os.environ.get(NESTED_PID) != str(holder):
        return
    from specsync.errors import InputError, error_at

    message = (f"the command runs `specsync {who}`, which would wait for the `specsync fix` "
               f"that runs it (pid {holder}); remove it from the command")
    origin = os.environ.get(NESTED_ENTRY, "")
    raise error_at(origin, message) if origin else InputError("specsync", message)


def clean_stale_temps(folder: str) -> None:
    """Remove temp files a killed fix left behind (called under the repo lock)."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and TMP_MARK in entry.name:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def journal(repo: Repo) -> str:
    return state_path(repo.git_dir, "fix.pending")


def recover(repo: Repo) -> None:
    """Remove the temp files a killed fix left in the folders it was writing.

    Called under the repo lock: the journal names those folders until the run
    that wrote it has finished.
    """
    try:
        with open(journal(repo), "rb") as f:
            folders = f.read().split(b"\0")
    except OSError:
        return
    for folder in folders:
        if folder:
            clean_stale_temps(os.fsdecode(folder))
    with contextlib.suppress(OSError):
        os.unlink(journal(repo))


def sweep(repo: Repo) -> None:
    """`recover` for a run with nothing to write (cheap when no fix was killed)."""
    if os.path.exists(journal(repo)):
        with repo_lock(repo):
            recover(repo)


def note_folders(repo: Repo, folders: Iterable[str]) -> None:
    """Name the folders this fix is about to write in (see `recover`)."""
    with contextlib.suppress(OSError), open(journal(repo), "wb") as f:
        f.write(b"\0".join(os.fsencode(folder) for folder in sorted(folders)))
        f.flush()
        os.fsync(f.fileno())


def write_atomic(target: str, data: bytes, mode: int) -> None:
    """Write `data` to `target` through a temp file renamed over it.

    The temp name has a fixed length and does not embed the target's name, so every
    name the file system takes (up to 255 bytes) can be written.
    """
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    clean_stale_temps(folder)
    import secrets

    tmp = os.path.join(folder, f"{TMP_MARK}{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
