"""Decide which copies drifted: object ids first, then bytes, then the copy's level.

Two staged files with the same git object id hold the same bytes, so a plain
copy that is in sync is settled without reading a single blob. Only the rest
is read, in one batch, and compared at its `compare:` level.
"""
from __future__ import annotations

from hooks.errors import InputError
from hooks.snapshot import GITLINK, SYMLINK

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.config import CopySpec
    from hooks.links import Extra, Pair
    from hooks.results import Drift
    from hooks.snapshot import Snapshot

BOM = b"\xef\xbb\xbf"


def text_form(data: bytes) -> bytes:
    """`compare: text`: no BOM, LF line endings, no trailing newlines."""
    if data.startswith(BOM):
        data = data[3:]
    return data.replace(b"\r\n", b"\n").rstrip(b"\n")


def same_data(path: str, expected: bytes, actual: bytes) -> bool:
    from hooks.parse import DataError, load_documents

    try:
        return load_documents(path, expected) == load_documents(path, actual)
    except DataError:
        return False


def equal_at_level(spec: CopySpec, expected: bytes, actual: bytes) -> bool:
    if expected == actual:
        return True
    if spec.compare == "text":
        return text_form(expected) == text_form(actual)
    if spec.compare == "data":
        return text_form(expected) == text_form(actual) or same_data(spec.path, expected, actual)
    return False


def _in_sync_by_id(pair: Pair, snapshot: Snapshot) -> bool:
    if not pair.spec.is_plain_copy:
        return False
    source_id = snapshot.object_id(pair.source)
    return source_id is not None and source_id == snapshot.object_id(pair.copy)


def _problem(pair: Pair, message: str) -> InputError:
    name, _, line = pair.link.origin.rpartition(":")
    return InputError(name, message, int(line) if line.isdigit() else None)


def _copy_problem(pair: Pair, snapshot: Snapshot) -> InputError | None:
    if pair.copy in snapshot.unmerged:
        return _problem(pair, f"copy {pair.copy!r} has unresolved merge conflicts; "
                        "resolve them and stage the result first")
    if snapshot.mode(pair.copy) == GITLINK:
        return _problem(pair, f"copy {pair.copy!r} is a submodule, not a file")
    if not snapshot.exists(pair.copy) and snapshot.is_dir(pair.copy):
        return _problem(pair, f"copy {pair.copy!r} is a folder; end it with / to copy into it")
    parts = pair.copy.split("/")
    for end in range(1, len(parts)):
        parent = "/".join(parts[:end])
        if parent in snapshot.entries:  # a submodule (or a file) where a folder should be
            mode = snapshot.mode(parent)
            kind = ("a submodule" if mode in (GITLINK, None) else
                    "a symlink" if mode == SYMLINK else "a file")
            return _problem(pair, f"copy {pair.copy!r} is inside {parent!r}, which is {kind}; "
                            "specsync writes only files of this repository")
    return None


def find_drift(
    pairs: Sequence[Pair],
    extras: Sequence[Extra],
    snapshot: Snapshot,
    changed: set[str] | None,
) -> tuple[list[Drift], list[InputError]]:
    """Every drifted copy among `pairs`, and the problems that stopped a comparison."""
    todo = [p for p in pairs if not _in_sync_by_id(p, snapshot)]
    if not todo and not extras:
        return [], []
    from hooks import results, transform

    problems: list[InputError] = []
    checked = []
    for pair in todo:
        problem = _copy_problem(pair, snapshot)
        if problem is None:
            checked.append(pair)
        else:
            problems.append(problem)
    data = snapshot.read({p.source for p in checked} | {p.copy for p in checked})
    drifts: list[Drift] = []
    expected_cache: dict[tuple[str, object], bytes] = {}
    for pair in checked:
        spec = pair.spec
        key = (pair.source, (spec.transform, spec.indent, spec.select, spec.header))
        if pair.source not in data:  # on disk but unreadable (--worktree)
            problems.append(_problem(pair, f"source {pair.source!r} cannot be read from the "
                                     f"{snapshot.label} files"))
            continue
        if key not in expected_cache:
            try:
                expected_cache[key] = transform.expected(spec, pair.source, data[pair.source])
            except transform.TransformError as e:
                problems.append(_problem(pair, f"copy {pair.copy!r}: {e}"))
                continue
        expected = expected_cache[key]
        actual = data.get(pair.copy)
        if actual is not None and equal_at_level(spec, expected, actual):
            continue
        edited = (changed is not None and pair.copy in changed and pair.source not in changed)
        drifts.append(results.Drift(
            copy=pair.copy, source=pair.source,
            status=results.DIFFERS if actual is not None else results.MISSING,
            expected=expected, actual=actual, origin=pair.link.origin,
            mode=snapshot.mode(pair.source) or "100644", edited=edited,
            note=_header_note(spec, pair.source, actual),
        ))
    for extra in extras:
        drifts.append(results.Drift(
            copy=extra.copy, source=None, status=results.REMOVED, expected=None,
            actual=None, origin=extra.link.origin,
        ))
    return drifts, problems


def _header_note(spec: CopySpec, source: str, actual: bytes | None) -> str | None:
    if spec.header is None or actual is None:
        return None
    from hooks.transform import header_line

    want = header_line(spec, source)
    if actual.startswith(want):
        return None
    first = actual.split(b"\n", 1)[0]
    prefix = spec.header.split("{source}", 1)[0].encode()
    if "{source}" in spec.header and prefix and first.startswith(prefix):
        return f"its generated header names another source: {first.decode(errors='replace')}"
    return "its generated header is missing"
