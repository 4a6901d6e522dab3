"""The one cache in the git dir: small marshal files, each holding a key and a value.

A value is valid only for its key, which names everything it depends on: the
object ids it was computed from and the code that computed it (`code_stamp`).
Reading is one `marshal.loads` of the whole file (loading object by object
costs 10x more on 10,000 links) and happens once per file per run. The cache
is best effort: a file that cannot be read or written only costs time.
"""
from __future__ import annotations

import marshal
import os

from specsync import __version__
from specsync.repo.git import state_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

# file -> (mtime, size, record): a second reader in the same run reads no file
_read: dict[str, tuple[int, int, object]] = {}


def load(git_dir: str, name: str, key: object) -> object | None:
    """The value stored in `name` for `key`; None when there is none, or another key's."""
    path = state_path(git_dir, name)
    try:
        st = os.stat(path)
    except OSError:
        return None
    known = _read.get(path)
    if known is None or known[:2] != (st.st_mtime_ns, st.st_size):
        try:
            with open(path, "rb") as f:
                record: object = marshal.loads(f.read())
        except (OSError, ValueError, EOFError, TypeError):
            record = None
        known = (st.st_mtime_ns, st.st_size, record)
        _read[path] = known
    record = known[2]
    if isinstance(record, tuple) and len(record) == 2 and record[0] == key:
        value: object = record[1]
        return value
    return None


def store(git_dir: str, name: str, key: object, value: object) -> None:
    """Write `value` for `key` (temp file, then rename: a reader never sees half)."""
    path = state_path(git_dir, name)
    _read.pop(path, None)
    try:
        data = marshal.dumps((key, value))  # type: ignore[arg-type]
    except ValueError:  # a value marshal cannot write: nothing to keep
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


_stamps: dict[tuple[str, ...], str] = {}
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # specsync's folder


def code_stamp(files: Iterable[str]) -> str:
    """specsync's version, the folder it runs from (another installation of the same version,
    a hook environment of another commit, is other code) and the modification times of the
    code files that decide a value (they change in development without the version
    changing); worked out once per run."""
    key = tuple(files)
    if key not in _stamps:
        stamps = []
        for path in key:
            try:
                stamps.append(str(os.stat(path).st_mtime_ns))
            except OSError:
                stamps.append("-")
        _stamps[key] = f"{__version__}:{PACKAGE}:{','.join(stamps)}"
    return _stamps[key]
