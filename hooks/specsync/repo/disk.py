"""Reading the working tree safely: never through a symlink where bytes are wanted, never
into a FIFO (open() would block), never out of the repository; and saying what is at a
path without following it (what fix must not overwrite)."""
from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Kind = Literal["nothing", "file", "symlink", "folder", "special file"]


def read_file(full: str) -> bytes:
    """A regular file's bytes; a symlink's target name; never blocks on a FIFO."""
    mode = os.lstat(full).st_mode
    if stat.S_ISLNK(mode):
        return os.fsencode(os.readlink(full))
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(full)
    if not stat.S_ISREG(mode):
        raise OSError(0, "not a regular file")
    with open(full, "rb") as f:
        return f.read()


def inside(path: str, folder: str) -> bool:
    """`path` is `folder` or below it (both absolute, already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def regular_bytes(full: str) -> bytes | None:
    """A regular file's bytes; None for anything else (a symlink, a FIFO, missing)."""
    try:
        if not stat.S_ISREG(os.lstat(full).st_mode):
            return None
        with open(full, "rb") as f:
            return f.read()
    except OSError:
        return None


class Found:
    """What the working tree holds at a path, judged with lstat (a symlink is a symlink,
    dangling or not; a FIFO is never opened), and a regular file's bytes."""

    __slots__ = ("data", "kind")

    def __init__(self, kind: Kind, data: bytes | None = None) -> None:
        self.kind: Kind = kind
        self.data = data  # a readable regular file's bytes, else None


def kind_at(full: str) -> Kind:
    """What is at `full`, judged with lstat and nothing read; "nothing" also when a folder
    on the way is missing, is a file, or cannot be searched."""
    try:
        mode = os.lstat(full).st_mode
    except OSError:
        return "nothing"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):
        return "special file"  # a FIFO, a socket, a device
    return "file"


def found_at(full: str) -> Found:
    """What is at `full` (`kind_at`), with a regular file's bytes (then nothing can be
    written there either when it is "nothing")."""
    kind = kind_at(full)
    if kind != "file":
        return Found(kind)
    try:
        with open(full, "rb") as f:
            return Found("file", f.read())
    except OSError:  # unreadable: still a file that is there
        return Found("file")
