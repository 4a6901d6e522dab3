"""Reading the working tree safely: never through a symlink where bytes are wanted, never
into a FIFO (open() would block), never out of the repository."""
from __future__ import annotations

import os
import stat


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
