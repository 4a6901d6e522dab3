"""Configured links settled by object ids without building one: glob and folder mirrors.

`plain_pairs` settles a config of plain file copies from the cache alone. A
config with globs (`source: src/*.yaml`, `copies: [dst/]`, `**` forms, prune
or not) is settled here the same way: the files below each glob's literal
folder come out of the sorted snapshot by bisection, each copy's path is the
source's path moved into the copy folder, and one `same_ids` compares every
pair's object ids and modes. No `Pair` is made and no source is checked one
by one.

This lane only ever says "nothing to report"; it declines (returns False) on
anything the general path (`links.resolve`, `drift.compare`) would have to
look at: a glob that matches nothing, a copy two sources write, two paths
that differ only in case, a tracked file in a pruned folder that the link
does not write, a transformed copy, a lock, generated entries, a snapshot
without object ids. The general path then gives the verdict, so the two
never disagree (tests/config/settled_test.py checks it on generated trees).
"""
from __future__ import annotations

from specsync.globs import glob_base, is_glob, match
from specsync.repo.snapshot import EMPTY_BLOBS, GITLINK, SYMLINK

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.config.model import LinkSpec
    from specsync.repo.snapshot import Snapshot


def _one_star(segment: str) -> tuple[str, str] | None:
    """`head*tail` with no other wildcard: (head, tail); None for any other segment."""
    if segment.count("*") != 1 or "?" in segment or "[" in segment:
        return None
    head, _, tail = segment.partition("*")
    return head, tail


def glob_files(pattern: str, snap: Snapshot) -> list[str]:
    """The files a config glob names, looking only at the paths below its literal folder.

    `base/head*tail` and `base/**/head*tail` (the usual mirror globs) are answered with
    string tests on the name, and at C speed when every path below the folder matches;
    any other pattern goes to `globs.match`, the reference.
    """
    base = glob_base(pattern)
    paths = snap.under(base)
    rest = pattern[len(base):]
    deep = rest.startswith("**/")
    name = rest[3:] if deep else rest
    star = _one_star(name)
    if star is None or "/" in name or not paths:
        return match(pattern, paths)
    head, tail = star
    joined = "\0".join(paths) + "\0"
    flat = deep or joined.count("/") == len(paths) * base.count("/")  # no subfolder
    if flat and not head and joined.count(tail + "\0") == len(paths):
        return paths  # every file below the folder matches (each path ends once)
    size = len(head) + len(tail)
    if deep:
        names = ((p, p.rpartition("/")[2]) for p in paths if p.endswith(tail))
        return [p for p, n in names if n.startswith(head) and len(n) >= size]
    at = len(base)
    return [p for p in paths if p.endswith(tail) and p.find("/", at) < 0
            and p.startswith(head, at) and len(p) - at >= size]


def _sources(link: LinkSpec, snap: Snapshot) -> tuple[list[str], str]:
    """The link's sources as `links._expand` lays them out, and their base folder."""
    if not is_glob(link.source):
        folder = link.source.rpartition("/")[0]
        return [link.source], folder + "/" if folder else ""
    base = glob_base(link.source)
    found = glob_files(link.source, snap)
    # a link's own copy folders never feed it; only a folder inside the base (or holding
    # it) can hold one of the files found
    folders = tuple(c.path for c in link.copies if c.path.endswith("/")
                    and (c.path.startswith(base) or base.startswith(c.path)))
    return [p for p in found if not p.startswith(folders)] if folders else found, base


def _moved(found: list[str], base: str, folder: str) -> list[str]:
    """`folder + path[len(base):]` of every path (all below `base`), in C: a NUL starts
    every path, so each replacement is the start of one path."""
    joined = "\0" + "\0".join(found)
    return joined.replace("\0" + base, "\0" + folder).split("\0")[1:]


def _pruned_clean(link: LinkSpec, base: str, folder: str, made: list[str],
                  snap: Snapshot) -> bool:
    """Every tracked file the prune pattern names in `folder` is one this link writes."""
    rest = link.source[len(base):] if is_glob(link.source) else \
        link.source.rpartition("/")[2]
    written = set(made)
    return all(p in written for p in glob_files(folder + rest, snap))


def _distinct_in_case(paths: Sequence[str]) -> bool:
    """No two different paths that macOS and Windows take for one file."""
    joined = "\0".join(paths)
    if joined.casefold() == joined:  # every path is its own case fold: one C pass
        return True
    unique = set(paths)
    return len({p.casefold() for p in unique}) == len(unique)


Records = tuple[str, int, int]  # git's text of the index and the offsets of a folder's records
CHUNK = 1 << 15  # characters looked at per step where a folder's records are copied: a
# copy of a whole large folder costs its size again in fresh pages, a chunk is reused


def _whole_folder(link: LinkSpec, snap: Snapshot) -> tuple[str, Records] | None:
    """(base, records) when the link's glob names every file below its literal folder and
    no copy folder of the link lies in that folder or holds it: counted on git's records
    of that folder (`Snapshot.records`), no path split out."""
    if not is_glob(link.source):
        return None
    base = glob_base(link.source)
    records = snap.records(base)
    rest = link.source[len(base):]
    deep = rest.startswith("**/")
    name = rest[3:] if deep else rest
    star = _one_star(name)
    if records is None or records[1] == records[2] or star is None or star[0] or "/" in name \
            or any(c.path.endswith("/") and (c.path.startswith(base) or base.startswith(c.path))
                   for c in link.copies):
        return None
    text, first, end = records
    count = text.count("\0", first, end)  # one NUL ends each record; metadata holds no "/"
    if text.count(star[1] + "\0", first, end) != count or not (
            deep or text.count("/", first, end) == count * base.count("/")):
        return None
    return base, records


def _same_moved(base: Records, folder: Records, old: str, new: str) -> bool:
    """Whether `folder`'s records are `base`'s with `old` replaced by `new` in each (as
    one `replace` and one comparison would say), a chunk of whole records at a time."""
    text, at, end = base
    _, to, stop = folder
    while at < end:
        cut = text.find("\0", min(at + CHUNK, end - 1), end) + 1  # a record's end
        part = text[at:cut].replace(old, new)
        if not text.startswith(part, to, stop):
            return False
        at, to = cut, to + len(part)
    return to == stop


def _mirrored(whole: tuple[str, Records], folder: str, snap: Snapshot) -> bool:
    """Whether `folder` holds exactly the files below the base, each staged like its source
    (mode and object id; no submodule, symlink or `git add -N` entry): git's records of the
    two folders, one with the base moved to `folder`, compare equal (`same_ids` on git's
    text; the prune check holds too: nothing else is below `folder`)."""
    base, records = whole
    copies = snap.records(folder)
    if copies is None or not _same_moved(records, copies, "\t" + base, "\t" + folder):
        return False  # a tab starts each path: one replacement per record
    text, first, end = records
    if text.find("0000 ", first, end) >= 0 and (  # 1x0000 modes
            text.startswith((GITLINK, SYMLINK), first) or
            text.find(f"\0{GITLINK} ", first, end) >= 0 or
            text.find(f"\0{SYMLINK} ", first, end) >= 0):
        return False
    return not any(text.find(f" {empty} 0\t", first, end) >= 0 for empty in EMPTY_BLOBS
                   if len(empty) == snap.id_end - 7)


def settled(links: Sequence[LinkSpec], snap: Snapshot) -> bool:
    """Whether every link (configured or discovered) is in sync by object ids, with nothing
    to report. The caller makes sure the config holds no generated entries."""
    if snap.kind == "worktree" or not links:
        return False
    sources: list[str] = []
    copies: list[str] = []
    mirrors: list[tuple[str, str]] = []  # (base, copy folder) settled on git's records
    groups = 0  # (link, copy) groups: one group's copies are distinct by construction
    for link in links:
        if link.lock or any(spec.transformed for spec in link.copies):
            return False
        whole = _whole_folder(link, snap)
        found: list[str] | None = None
        if whole is None:
            found, base = _sources(link, snap)
            if not found:
                return False
        for spec in link.copies:
            groups += 1
            if whole is not None and spec.path.endswith("/") and _mirrored(whole, spec.path,
                                                                           snap):
                mirrors.append((whole[0], spec.path))
                snap.rest_on(whole[0])  # every entry below both folders decided
                snap.rest_on(spec.path)
                continue
            if found is None:
                found, base = _sources(link, snap)
            if not spec.path.endswith("/"):
                if len(found) != 1:
                    return False  # several sources into one file: a clash
                made = [spec.path]
            else:
                made = _moved(found, base, spec.path)
                if link.prune and not _pruned_clean(link, base, spec.path, made, snap):
                    return False
            sources += found
            copies += made
    return snap.same_ids(sources, copies) and _distinct(groups, sources, copies, mirrors, snap)


def _distinct(groups: int, sources: list[str], copies: list[str],
              mirrors: list[tuple[str, str]], snap: Snapshot) -> bool:
    """No copy written twice, no two paths one file on macOS or Windows; the paths of
    folders settled on their records are split out only when needed."""
    if mirrors and (groups > 1 or any(
            (base + folder).casefold() != base + folder for base, folder in mirrors)):
        for base, folder in mirrors:
            sources += snap.under(base)
            copies += snap.under(folder)
        mirrors = []
    if groups > 1 and len(set(copies)) != len(copies):
        return False
    # a copy folder's records are its base's, moved: the base's are checked
    return all(_own_fold(snap.records(base)) for base, _ in mirrors) and \
        _distinct_in_case([*sources, *copies])


def _own_fold(records: Records | None) -> bool:
    """Every character of the records is its own case fold, a chunk at a time."""
    if records is None:
        return True
    text, first, end = records
    for at in range(first, end, CHUNK):
        part = text[at : min(at + CHUNK, end)]
        if part.casefold() != part:
            return False
    return True
