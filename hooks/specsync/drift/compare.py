"""Decide which copies drifted: object ids first, then bytes, then the copy's level.

Two staged files with the same git object id hold the same bytes, so a plain
copy that is in sync is settled without reading a single blob. Only the rest
is read, in one batch, and compared at its `compare:` level.
"""
from __future__ import annotations

from specsync.errors import InputError, error_at
from specsync.repo.snapshot import GITLINK, SYMLINK

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.config.model import CopySpec
    from specsync.drift.expected_ids import ExpectedIds
    from specsync.drift.ignore import Judged
    from specsync.drift.results import Drift
    from specsync.links import Extra, Pair
    from specsync.repo.snapshot import Snapshot

    Found = tuple[Pair, bytes, "bytes | None", "str | None"]  # expected, actual, note


def equal_at_level(spec: CopySpec, source: str, expected: bytes, actual: bytes,
                   copy: str | None = None) -> bool:
    """Whether `actual` passes for `expected` at the copy's `compare:` level."""
    if expected == actual:
        return True
    from specsync.drift.levels import same_data, text_form

    if spec.compare == "text":
        return text_form(expected) == text_form(actual)
    if spec.compare == "data" and spec.ignore:
        from specsync.drift.ignore import judge

        return judge(spec, source, expected, actual, copy).in_sync
    if spec.compare == "data":
        return (text_form(expected) == text_form(actual)
                or same_data(spec, source, expected, actual, copy))
    return False


def _in_sync_by_id(pair: Pair, snapshot: Snapshot, ids: ExpectedIds | None) -> bool:
    """Settled by object ids alone: the copy has the source's id, or (transformed) the id
    its expected bytes had when they were last computed from this very source."""
    source_id = snapshot.object_id(pair.content)
    copy_id = snapshot.object_id(pair.copy)
    if source_id is None or copy_id is None or snapshot.mode(pair.copy) == SYMLINK:
        return False
    if source_id == copy_id and not pair.spec.transformed:
        return True
    if not pair.spec.transformed and not pair.spec.ignore:
        return False
    from specsync.drift.expected_ids import key

    return ids is not None and ids.get(key(pair.spec, pair.content, source_id, pair.copy)) \
        == copy_id


def _expected_ids(pairs: Sequence[Pair], snapshot: Snapshot) -> ExpectedIds | None:
    if snapshot.kind == "worktree" or not any(p.spec.transformed or p.spec.ignore
                                              for p in pairs):
        return None
    from specsync.drift.expected_ids import ExpectedIds

    return ExpectedIds(snapshot.repo)


def _problem(pair: Pair, message: str) -> InputError:
    return error_at(pair.link.origin, message)


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
        if snapshot.listed(parent):  # a submodule (or a file) where a folder should be
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
) -> tuple[list[Drift], list[InputError]]:
    """Every drifted copy among `pairs`, and the problems that stopped a comparison."""
    ids = _expected_ids(pairs, snapshot)
    todo = [p for p in pairs if not _in_sync_by_id(p, snapshot, ids)]
    if not todo and not extras:
        return [], []
    from specsync.drift import transforms

    problems: list[InputError] = []
    checked = []
    for pair in todo:
        problem = _copy_problem(pair, snapshot)
        if problem is None:
            checked.append(pair)
        else:
            problems.append(problem)
    data = snapshot.read({p.content for p in checked} | {p.copy for p in checked})
    found: list[Found] = []
    ignoring: dict[Pair, tuple[Judged, bytes]] = {}  # `ignore:` copies: judged, shown bytes
    cache: dict[tuple[object, ...], bytes] = {}
    parsed: dict[str, object] = {}
    for pair in checked:
        spec = pair.spec
        key = (pair.source, spec.transform, spec.indent, spec.select, spec.header)
        if pair.content not in data:  # on disk but unreadable (--worktree)
            problems.append(_problem(pair, f"source {pair.source!r} cannot be read from the "
                                     f"{snapshot.label} files"))
            continue
        if key not in cache:
            try:
                cache[key] = transforms.expected(spec, pair.source, data[pair.content], parsed)
            except transforms.TransformError as e:
                problems.append(_problem(pair, f"copy {pair.copy!r}: {e}"))
                continue
            _remember(ids, pair, snapshot, cache[key])
        actual = data.get(pair.copy)
        if snapshot.mode(pair.copy) == SYMLINK:  # whatever it points at: not a file
            found.append((pair, cache[key], actual, _symlink_note(snapshot, pair.copy)))
        elif actual is not None and spec.ignore:
            try:
                judged = _judge(pair, cache[key], actual, ids, snapshot)
            except transforms.TransformError as e:
                problems.append(_problem(pair, f"copy {pair.copy!r}: {e}"))
                continue
            if not judged.in_sync:
                found.append((pair, judged.expected, actual, None))
                ignoring[pair] = (judged, cache[key])
        elif actual is None or not equal_at_level(spec, pair.source, cache[key], actual,
                                                  pair.copy):
            found.append((pair, cache[key], actual, None))
    drifts = [_drift(pair, expected, actual, snapshot, note=note, ignoring=ignoring.get(pair))
              for pair, expected, actual, note in _clean_form(snapshot, found, data)]
    drifts.extend(_removed(extra) for extra in extras)
    if ids is not None:
        ids.save()
    return drifts, problems


def _judge(pair: Pair, expected: bytes, actual: bytes, ids: ExpectedIds | None,
           snapshot: Snapshot) -> Judged:
    """A copy with `ignore:` against its expected bytes; found in sync, its object id is
    remembered so that the next run settles it by ids."""
    from specsync.drift.ignore import judge

    judged = judge(pair.spec, pair.source, expected, actual, pair.copy)
    if judged.in_sync:
        _remember(ids, pair, snapshot, actual)
    return judged


def _clean_form(snapshot: Snapshot, found: list[Found], data: dict[str, bytes]) -> list[Found]:
    """Drop the copies that differ only as git's checkout conversions make them differ
    (drift/clean.py); asked of git only when some attributes file exists."""
    if not any(note is None for *_, note in found):
        return found
    from specsync.repo import convert

    if not convert.apply(snapshot):
        return found
    from specsync.drift.clean import still_differ

    still = {s[0]: s[1] for s in still_differ(
        snapshot, [(p, e, a) for p, e, a, note in found if note is None], data)}
    return [(pair, still.get(pair, expected), actual, note)
            for pair, expected, actual, note in found
            if note is not None or (pair in still and (actual is None or not equal_at_level(
                pair.spec, pair.source, still[pair], actual, pair.copy)))]


def _remember(ids: ExpectedIds | None, pair: Pair, snapshot: Snapshot, data: bytes) -> None:
    """The id of a transformed copy's expected bytes, or of a copy found in sync with its
    `ignore:` patterns, under the source's id."""
    source_id = snapshot.object_id(pair.content)
    if ids is not None and source_id is not None and (pair.spec.transformed or
                                                      pair.spec.ignore):
        from specsync.drift.expected_ids import key

        ids.put(key(pair.spec, pair.content, source_id, pair.copy), data)


def _symlink_note(snapshot: Snapshot, copy: str) -> str:
    if snapshot.kind == "worktree":
        return "is a symlink, not a file; fix replaces it with the file"
    from specsync.repo.here import args

    name = args(snapshot.repo.root, [copy])
    return (f"is a symlink in the {'index' if snapshot.kind == 'index' else snapshot.label}; "
            f"git rm --cached it and add the file: git rm -q --cached {name} && git add {name}")


def edited_directly(pair: Pair, snapshot: Snapshot) -> bool:
    """The copy differs from HEAD and its source does not: this commit edits the copy itself.

    Decided from the snapshot against HEAD, never from the file names a run was
    given (pre-commit passes all of them with --all-files, `fix` none).
    """
    from specsync.repo.provenance import against_head  # one git call, only once drifted

    head = against_head(snapshot)
    return head.changed(pair.copy) and not head.changed(pair.source) \
        and not head.changed(pair.content)


def _drift(pair: Pair, expected: bytes, actual: bytes | None, snapshot: Snapshot, *,
           note: str | None = None, ignoring: tuple[Judged, bytes] | None = None) -> Drift:
    from specsync.drift import results  # dataclasses: only once something drifted

    ignored = ignoring[0].ignored if ignoring else 0

    return results.Drift(
        copy=pair.copy, source=pair.source,
        status=results.DIFFERS if actual is not None else results.MISSING,
        expected=expected, actual=actual, origin=pair.link.origin,
        mode=snapshot.mode(pair.content) or "100644",
        edited=actual is not None and edited_directly(pair, snapshot),
        note=note or _header_note(pair.spec, pair.source, actual) or (
            _missing_note(snapshot, pair.copy) if actual is None else None),
        ignored=ignored, ignore=pair.spec.ignore if ignored else (),
        shown=ignoring[1] if ignoring and ignored else None,
    )


def _missing_note(snapshot: Snapshot, copy: str) -> str | None:
    """A missing copy whose name is close to a file beside it: maybe a typo (a copy in a
    new folder is common, so only its own folder is searched)."""
    from specsync.repo.closest import closest_path

    found = closest_path(snapshot, copy, anywhere=False)
    return None if found is None else (f"no such file yet: fix creates it, unless "
                                       f"{found!r} was meant")


def _removed(extra: Extra) -> Drift:
    from specsync.drift import results

    return results.Drift(copy=extra.copy, source=extra.gone, status=results.REMOVED,
                         expected=None, actual=None, origin=extra.link.origin,
                         edited=extra.edited or extra.new, new=extra.new)


def _header_note(spec: CopySpec, source: str, actual: bytes | None) -> str | None:
    """Why a generated copy's first line is not the header it must carry, or None."""
    if spec.header is None or actual is None:
        return None
    from specsync.drift.levels import text_form
    from specsync.drift.transforms import header_line

    want = header_line(spec, source).rstrip(b"\n")
    first = text_form(actual.split(b"\n", 1)[0].rstrip(b"\r"))
    if first == want:
        return None
    shown = first.decode(errors="replace")
    prefix = spec.header.split("{source}", 1)[0].encode()
    if "{source}" in spec.header and prefix and first.startswith(prefix):
        return f"its generated header names another source: {shown}"
    return f"its generated header is missing (first line: {shown[:80]!r})"
