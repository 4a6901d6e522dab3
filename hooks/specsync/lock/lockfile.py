"""`specsync.lock`: one sorted line per generated entry and per locked copy.

    generated pkg/client/ sources=<sha256> outputs=<sha256>
    copy pkg/audit/openapi_spec_data.yaml blob=<git object id>

A digest is the sha256 of a manifest of `<object id> <path>` lines, one per
file, so it changes when any byte, name, added or removed file changes. The
index (and a commit) already holds every file's object id: in the usual
check nothing is read but the lock itself. One line per entry, sorted, keeps
merges clean; on a conflict, keep either side and run `specsync lock`.
"""
from __future__ import annotations

import os

from specsync.errors import InputError
from specsync.repo.blobs import hasher, read_verified
from specsync.repo.disk import regular_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from specsync.repo.git import Repo
    from specsync.repo.snapshot import Snapshot

LOCK_NAME = "specsync.lock"
HEADER = (
    "# specsync.lock: what generated outputs and locked copies were made from.\n"
    "# Written by `specsync lock` and `specsync fix`; do not edit. On a merge conflict,\n"
    "# keep either side and run `specsync lock`.\n"
)
GENERATED = "generated"
COPY = "copy"
_QUOTED = {"%": "%25", " ": "%20", "\t": "%09", "\n": "%0A", "\r": "%0D", ",": "%2C"}
_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


def quote(path: str) -> str:
    """A path as one space-free UTF-8 field of a lock line (an undecodable byte of a name,
    held as a surrogate escape, is `%XX` like the characters of `_QUOTED`)."""
    if path.isprintable() and not any(c in path for c in _QUOTED):
        return path
    return "".join(_QUOTED.get(c) or (f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff"
                                      else c) for c in path)


def unquote(field: str) -> str:
    if "%" not in field:
        return field
    import re

    def byte(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return chr(0xDC00 + code) if code >= 0x80 else chr(code)

    return re.sub("%([0-9A-F]{2})", byte, field)


def generated_key(outputs: Iterable[str]) -> str:
    """The lock's name for a generated entry: its outputs, sorted, comma-separated."""
    return ",".join(sorted(quote(o) for o in outputs))


class Lock:
    """Parsed lock lines: `kind key` -> the rest of the line, and where each was."""

    __slots__ = ("lines", "where")

    def __init__(self, lines: dict[str, str] | None = None,
                 where: dict[str, int] | None = None) -> None:
        self.lines = lines if lines is not None else {}
        self.where = where if where is not None else {}

    def generated(self, key: str) -> tuple[str, str] | None:
        """(sources digest, outputs digest) recorded for a generated entry."""
        rest = self.lines.get(f"{GENERATED} {key}")
        if rest is None:
            return None
        fields = dict(f.partition("=")[::2] for f in rest.split(" "))
        return fields.get("sources", ""), fields.get("outputs", "")

    def copy(self, path: str) -> str | None:
        rest = self.lines.get(f"{COPY} {quote(path)}")
        return rest.partition("=")[2] if rest is not None else None

    def render(self) -> bytes:
        body = "".join(f"{k} {v}\n" for k, v in sorted(self.lines.items()))
        return (HEADER + body).encode()


def generated_line(key: str, sources: str, outputs: str) -> tuple[str, str]:
    return f"{GENERATED} {key}", f"sources={sources} outputs={outputs}"


def copy_line(path: str, oid: str) -> tuple[str, str]:
    return f"{COPY} {quote(path)}", f"blob={oid}"


def parse(data: bytes, name: str = LOCK_NAME) -> Lock:
    """Lines of a lock file; a line that is not one (a conflict marker) is an InputError."""
    lock = Lock()
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(_MARKERS):
            raise InputError(name, "has merge conflict markers; keep either side and run "
                             "`specsync lock`", number)
        kind, _, rest = line.partition(" ")
        key, _, value = rest.partition(" ")
        if kind not in (GENERATED, COPY) or not key or "=" not in value:
            raise InputError(name, "not a lock line; run `specsync lock` to rewrite the file",
                             number)
        entry = f"{kind} {key}"
        if entry in lock.where:  # a bad merge: which line is right is not knowable
            raise InputError(name, f"has two lines for {kind} {key} (lines "
                             f"{lock.where[entry]} and {number}); keep one and run "
                             "`specsync lock`", number)
        lock.lines[entry] = value
        lock.where[entry] = number
    return lock


def digest(ids: Mapping[str, str]) -> str:
    """One digest for many files: sha256 of their sorted `<object id> <path>` lines."""
    manifest = "".join(f"{ids[p]} {p}\n" for p in sorted(ids))
    return str(hasher("sha256")(manifest.encode("utf-8", "surrogateescape")).hexdigest())


def read(snapshot: Snapshot) -> Lock | None:
    """The lock as it is in `snapshot`, None when there is none.

    The index holds its object id: when the file on disk hashes to it (the
    usual case), the disk bytes are used and no git process is started.
    """
    if LOCK_NAME in snapshot.unmerged:
        from specsync.repo.here import args

        raise InputError(LOCK_NAME, "has unresolved merge conflicts; keep either side (git "
                         f"checkout --theirs {args(snapshot.repo.root, [LOCK_NAME])}) and run "
                         "`specsync lock`")
    if not snapshot.exists(LOCK_NAME):
        return None
    data = read_verified(snapshot, [LOCK_NAME]).get(LOCK_NAME)
    return parse(data) if data is not None else None


def _disk(root: str) -> bytes | None:
    return regular_bytes(os.path.join(root, LOCK_NAME))


def on_disk(root: str) -> Lock | None:
    """The lock in the working tree (the file `lock` and `fix` rewrite), None when there is
    none; a file that is not a lock is an InputError."""
    data = _disk(root)
    if data is None:
        if os.path.lexists(os.path.join(root, LOCK_NAME)):  # a symlink, a folder, a FIFO
            raise InputError(LOCK_NAME, "is not a regular file")
        return None
    return parse(data)


def write(repo: Repo, lock: Lock) -> bool:
    """Write the lock atomically when its bytes change; say whether they did."""
    from specsync.repo.atomic import write_atomic

    data = lock.render()
    if _disk(repo.root) == data:
        return False
    target = os.path.join(repo.root, LOCK_NAME)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    write_atomic(target, data, mode)
    return True
