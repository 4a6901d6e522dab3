"""Run git and find the repository: the only module that spawns processes.

`subprocess` costs more to import than specsync's whole in-sync check, so git
is started with `os.posix_spawnp`; its output goes to memory files, read once it has
exited (or, when git reads input too, its pipes are drained with `select.poll`).
"""
from __future__ import annotations

import os

from specsync.errors import GitFailed, InputError

__all__ = ["GitFailed", "Repo", "find_repo", "read_blobs", "run", "run_mapped", "state_path"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from mmap import mmap
    from typing import TypeVar

    T = TypeVar("T")

_CHUNK = 1 << 16
MAP_ABOVE = 1 << 20  # output bytes worth mapping rather than copying (see `run_mapped`)


STATE_FOLDER = "specsync"  # specsync's own files in the git dir: caches, the fix lock


def state_path(git_dir: str, name: str) -> str:
    """Where specsync keeps its file `name` for the repository of `git_dir`."""
    return os.path.join(git_dir, STATE_FOLDER, name)


def ran_here(repo: Repo) -> bool:
    """Whether specsync ran in this clone before (its folder in the git dir exists): not a
    first run in a fresh clone, such as CI's."""
    return os.path.isdir(os.path.join(repo.git_dir, STATE_FOLDER))


class Repo:
    """Where the work tree and the git directory are."""

    __slots__ = ("git_dir", "root")

    def __init__(self, root: str, git_dir: str) -> None:
        self.root = root
        self.git_dir = git_dir


def _pump(pid: int, stdin: int, stdout: int, stderr: int, data: bytes) -> tuple[bytes, bytes]:
    import select  # only when git reads input: output alone goes to memory files

    out: list[bytes] = []
    err: list[bytes] = []
    sinks = {stdout: out, stderr: err}
    poller = select.poll()
    poller.register(stdout, select.POLLIN)
    poller.register(stderr, select.POLLIN)
    view = memoryview(data)
    if stdin >= 0:
        os.set_blocking(stdin, False)
        poller.register(stdin, select.POLLOUT)
    while sinks or stdin >= 0:
        for fd, _event in poller.poll():
            if fd == stdin:
                try:
                    view = view[os.write(stdin, view[:_CHUNK]):]
                except (BrokenPipeError, BlockingIOError) as e:
                    if isinstance(e, BlockingIOError):
                        continue
                    view = view[:0]
                if not view:
                    poller.unregister(stdin)
                    os.close(stdin)
                    stdin = -1
                continue
            chunk = os.read(fd, _CHUNK)
            if chunk:
                sinks[fd].append(chunk)
            else:
                poller.unregister(fd)
                os.close(fd)
                del sinks[fd]
    return b"".join(out), b"".join(err)


def _spawn_to_memory(argv: list[str], read: Callable[[int], T]) -> tuple[int, T, bytes]:
    """Run git with its output going to in-memory files, read once it has exited.

    A pipe wakes this process for every few KB git writes (hundreds of times
    for `ls-files -s` on 20,000 files); a memory file takes it all in one read.
    """
    out = os.memfd_create("git-stdout", os.MFD_CLOEXEC)
    err = os.memfd_create("git-stderr", os.MFD_CLOEXEC)
    try:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, out, 1),
            (os.POSIX_SPAWN_DUP2, err, 2),
        ]
        try:
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
        except FileNotFoundError:
            raise InputError("", "git is not installed or not on PATH") from None
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), read(out), _read_all(err)
    finally:
        os.close(out)
        os.close(err)


def _read_all(fd: int) -> bytes:
    return os.pread(fd, os.lseek(fd, 0, os.SEEK_END), 0)


def _spawn(argv: list[str], data: bytes | None) -> tuple[int, bytes, bytes]:
    if data is None and hasattr(os, "memfd_create") and hasattr(os, "posix_spawnp"):
        return _spawn_to_memory(argv, _read_all)
    if not hasattr(os, "posix_spawnp"):  # pragma: no cover (Windows)
        import subprocess

        proc = subprocess.run(argv, input=data or b"", capture_output=True, check=False)
        return proc.returncode, proc.stdout, proc.stderr
    in_r, in_w = os.pipe() if data is not None else (os.open(os.devnull, os.O_RDONLY), -1)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    actions = [
        (os.POSIX_SPAWN_DUP2, in_r, 0),
        (os.POSIX_SPAWN_DUP2, out_w, 1),
        (os.POSIX_SPAWN_DUP2, err_w, 2),
    ]
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    except FileNotFoundError:
        for fd in (in_r, in_w, out_r, out_w, err_r, err_w):
            if fd >= 0:
                os.close(fd)
        raise InputError("", "git is not installed or not on PATH") from None
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    out, err = _pump(pid, in_w, out_r, err_r, data or b"")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


def run(
    args: Sequence[str],
    cwd: str,
    data: bytes | None = None,
    ok: tuple[int, ...] = (0,),
) -> tuple[int, bytes]:
    """Run `git -C cwd ARGS`, feed it `data`, return (exit code, stdout).

    An exit code outside `ok` raises GitFailed with git's own message.
    """
    code, out, err = _spawn(["git", "-C", cwd, *args], data)
    if code not in ok:
        raise GitFailed(list(args), code, err)
    return code, out


def run_mapped(args: Sequence[str], cwd: str, use: Callable[[bytes | mmap], T]) -> T:
    """`use(output)` of `git -C cwd ARGS`, failing as `run` does. An output of more than
    MAP_ABOVE bytes (`ls-files -s` of tens of thousands of files) is the memory file git
    wrote, mapped for the call rather than copied out: a copy costs its size again in
    fresh pages (~1 ms a MB), more than reading it."""
    if not (hasattr(os, "memfd_create") and hasattr(os, "posix_spawnp")):  # pragma: no cover
        return use(run(args, cwd)[1])
    code, out, err = _spawn_to_memory(["git", "-C", cwd, *args], lambda fd: _mapped(fd, use))
    if code:
        raise GitFailed(list(args), code, err)
    return out


def _mapped(fd: int, use: Callable[[bytes | mmap], T]) -> T:
    size = os.lseek(fd, 0, os.SEEK_END)
    if size <= MAP_ABOVE:
        return use(os.pread(fd, size, 0))
    import mmap

    flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)  # every page in one call
    with mmap.mmap(fd, size, flags=flags, prot=mmap.PROT_READ) as view:
        return use(view)


def _dot_git(folder: str) -> str | None:
    """The git dir of `folder` when it is plainly the top of a work tree."""
    dot = os.path.join(folder, ".git")
    if os.path.isdir(dot):
        return dot
    try:
        with open(dot, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    if head.startswith(b"gitdir: "):
        target = os.fsdecode(head[8:].strip())
        return os.path.normpath(os.path.join(folder, target))
    return None


def find_repo(cwd: str | None = None) -> Repo:
    """The repository around `cwd`: its top folder and its git dir.

    pre-commit runs hooks from the top of the work tree, so the common case
    is answered by looking for `.git`; anything unusual (a subfolder, GIT_DIR
    or GIT_WORK_TREE set by an outer hook) is asked of git itself.
    """
    here = os.path.abspath(cwd or os.curdir)
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        value = os.environ.get(var)
        if value and not os.path.isabs(value):  # every git call here runs with -C
            os.environ[var] = os.path.join(here, value)
    if "GIT_DIR" not in os.environ and "GIT_WORK_TREE" not in os.environ:
        git_dir = _dot_git(here)
        if git_dir is not None and os.path.isfile(os.path.join(git_dir, "HEAD")):
            return Repo(here, git_dir)
    try:
        _, out = run(["rev-parse", "--show-toplevel", "--absolute-git-dir"], here)
    except GitFailed as e:
        if "not a git repository" in e.stderr:
            raise InputError("", f"not a git repository: {here}") from None
        if "must be run in a work tree" in e.stderr or "--show-toplevel" in e.stderr:
            raise InputError("", f"not inside a git work tree: {here}") from None
        raise InputError("", str(e)) from None
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 2 or not lines[0]:
        raise InputError("", f"not inside a git work tree: {here}")
    return Repo(lines[0], lines[1])


def stdin_paths(paths: Iterable[str], end: bytes = b"\n") -> bytes:
    """Names for a git command's stdin, each as its bytes on disk (`os.fsencode`: a name
    git gave as undecodable bytes goes back as those bytes), each followed by `end`.

    The one rule for names leaving specsync: everything sent to git or the OS is
    `os.fsencode`d (argv and `open` do that themselves), never `str.encode()`.
    """
    return b"".join(os.fsencode(p) + end for p in paths)


def read_blobs(repo: Repo, oids: Iterable[str]) -> dict[str, bytes]:
    """Many blobs through one `git cat-file --batch`."""
    wanted = sorted(oids)
    if not wanted:
        return {}
    _, out = run(["cat-file", "--batch"], repo.root, data=stdin_paths(wanted))
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in wanted:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].split(b" ")
        pos = eol + 1
        if len(header) != 3:  # "<oid> missing"
            continue
        size = int(header[2])
        if header[1] == b"blob":
            blobs[oid] = out[pos : pos + size]
        pos += size + 1
    return blobs
