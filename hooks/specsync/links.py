"""From configured (and discovered) links to concrete source -> copy file pairs.

Globs and folder copies are expanded against the snapshot's file list, and
every pair is checked against it: a missing source, a source that is a folder
or has merge conflicts is a problem of that link, collected, not raised.
"""
from __future__ import annotations

import os
import posixpath

from specsync.errors import InputError, at, error_at
from specsync.globs import covers, glob_base, is_glob, match
from specsync.repo.snapshot import GITLINK, REGULAR, SYMLINK

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.config.model import CopySpec, LinkSpec
    from specsync.repo.snapshot import Snapshot

class Pair:
    """One source file and one copy file that must hold the expected bytes."""

    __slots__ = ("content", "copy", "link", "source", "spec")

    def __init__(self, source: str, copy: str, spec: CopySpec, link: LinkSpec,
                 content: str | None = None) -> None:
        self.source = source
        self.copy = copy
        self.spec = spec
        self.link = link
        # the file whose bytes the copy receives: the source, or the tracked file a
        # symlinked source leads to (as `cp` follows it)
        self.content = content or source


class Extra:
    """A tracked file in a pruned copy folder whose source (`gone`) does not exist.

    `new`: HEAD does not have it, so specsync never wrote it: the user's file,
    reported and never deleted. `edited`: it differs from HEAD (changed in this
    commit), deleted only with --force.
    """

    __slots__ = ("copy", "edited", "gone", "link", "new", "spec")

    def __init__(self, copy: str, gone: str, spec: CopySpec, link: LinkSpec, *,
                 new: bool = False, edited: bool = False) -> None:
        self.copy = copy
        self.gone = gone
        self.spec = spec
        self.link = link
        self.new = new
        self.edited = edited


def _source_problem(link: LinkSpec, snapshot: Snapshot, source: str,
                    targets: dict[str, str]) -> InputError | None:
    """Why `source` cannot be copied, or None; a symlinked source's target goes to `targets`."""
    mode = snapshot.mode(source)
    if mode in REGULAR and source not in snapshot.unmerged and not snapshot.intent_to_add(source):
        return None  # the common case, answered before building any message
    name, line = at(link.origin)
    if source in snapshot.unmerged:
        return InputError(name, f"source {source!r} has unresolved merge conflicts; "
                          "resolve them and stage the result first", line)
    if mode == SYMLINK:
        target, why = follow(snapshot, source)
        if target is None:
            return InputError(name, f"source {source!r} is a symlink {why}; name the file "
                              "itself as the source", line)
        targets[source] = target
        return None
    if mode is not None and mode != GITLINK:  # an intent-to-add entry (git add -N)
        from specsync.repo.staging import add_command

        return InputError(name, f"source {source!r} is not staged (only marked with git add "
                          f"-N); stage it first: {add_command(snapshot.repo.root, [source])}",
                          line)
    if snapshot.exists(source):
        if mode == GITLINK:
            return InputError(name, f"source {source!r} is a submodule, not a file", line)
        return None
    if snapshot.is_dir(source):
        return InputError(name, f"source {source!r} is a folder; use a glob such as "
                          f"{source.rstrip('/')}/*.yaml", line)
    from specsync.repo.closest import suggestion

    return InputError(name, f"source {source!r} does not exist in the {snapshot.label} files"
                      f"{suggestion(snapshot, source)}", line)


def follow(snapshot: Snapshot, path: str) -> tuple[str | None, str]:
    """Where the symlink `path` leads, the way `cp` follows it: (the tracked regular file,
    "") or (None, why not: it leaves the repository, dangles, or loops)."""
    current = path
    for _ in range(40):  # the kernel's own limit on nested links
        if snapshot.mode(current) != SYMLINK:
            break
        text = os.fsdecode(snapshot.read([current]).get(current, b""))
        target = posixpath.normpath(posixpath.join(posixpath.dirname(current), text))
        if not text or text.startswith("/") or target == ".." or target.startswith("../"):
            return None, f"to {text!r}, which is outside the repository"
        current = target
    else:
        return None, "in a loop of symlinks"
    if snapshot.mode(current) in REGULAR and snapshot.tracked(current) \
            and not snapshot.intent_to_add(current):
        return current, ""
    return None, f"to {current!r}, which is not a tracked file in the {snapshot.label} files"


def _copy_path(spec: CopySpec, source: str, base: str) -> str:
    if spec.path.endswith("/"):
        return spec.path + (source[len(base):] if source.startswith(base) else source)
    return spec.path


def _expand(link: LinkSpec, snapshot: Snapshot) -> tuple[list[str], str, InputError | None]:
    if not is_glob(link.source):
        folder = link.source.rpartition("/")[0]  # posixpath.dirname, without its overhead
        return [link.source], folder + "/" if folder else "", None
    # a link's own copy folders never feed it (`specs/**` into `specs/mirror/`)
    folders = tuple(c.path for c in link.copies if c.path.endswith("/"))
    base = glob_base(link.source)
    sources = [p for p in match(link.source, snapshot.under(base))
               if not p.startswith(folders)]
    if not sources:
        # also with prune: a mistyped glob must not make every copy an extra
        return [], base, error_at(
            link.origin, f"source {link.source!r} matches no {snapshot.label} file")
    return sources, base, None


def _extras(link: LinkSpec, base: str, snapshot: Snapshot, owned: set[str],
            claimed: Sequence[str]) -> list[Extra]:
    """Files in a pruned link's copy folders that specsync can prove it manages, unsourced.

    A file qualifies only when git tracks it, it matches the link's own pattern
    moved into the copy folder, no entry of the config owns it (`owned` paths,
    `claimed` patterns), and the source it would come from is not there. Only a
    file HEAD has can be something specsync wrote: one new in this commit is
    the user's (flagged `new`), one changed in it was edited (flagged `edited`).
    """
    rest = link.source[len(base):] if is_glob(link.source) else posixpath.basename(link.source)
    found = []
    for spec in link.copies:
        if not spec.path.endswith("/"):
            continue
        for path in match(spec.path + rest, snapshot.under(glob_base(spec.path + rest))):
            gone = base + path[len(spec.path):]
            if path in owned or snapshot.exists(gone) or any(covers(c, path) for c in claimed):
                continue
            if snapshot.tracked(path) and snapshot.exists(path):
                from specsync.repo.provenance import against_head  # only with a candidate

                head = against_head(snapshot)
                new = head.new(path)
                found.append(Extra(path, gone, spec, link, new=new,
                                   edited=not new and head.changed(path)))
    return found


def resolve(
    links: Sequence[LinkSpec], snapshot: Snapshot, claimed: Sequence[str] = (),
) -> tuple[list[Pair], list[Extra], list[InputError]]:
    """Every concrete pair, every prune extra, and the problems of links that cannot resolve.

    `claimed`: files, folders and globs other entries of the config own (generated
    sources and outputs, the lock, the config): never a prune extra.
    """
    pairs: list[Pair] = []
    problems: list[InputError] = []
    owners: dict[str, Pair] = {}
    pruned: list[tuple[LinkSpec, str]] = []
    unresolved: list[LinkSpec] = []
    for link in links:
        sources, base, problem = _expand(link, snapshot)
        targets: dict[str, str] = {}
        bad = [problem] if problem else [
            p for p in (_source_problem(link, snapshot, s, targets) for s in sources) if p]
        if bad:
            problems.extend(bad)
            unresolved.append(link)
            continue
        for spec in link.copies:
            for source in sources:
                pair = Pair(source, _copy_path(spec, source, base), spec, link,
                            targets.get(source))
                first = owners.setdefault(pair.copy, pair)
                if first is not pair:
                    problems.append(_clash(pair, first))
                    continue
                pairs.append(pair)
        if link.prune:
            pruned.append((link, base))
    # extras last: a file any link copies or reads is never one of them, and
    # nothing is pruned from a folder that a link which did not resolve writes to
    owned = set(owners) | {p.source for p in pairs} | {p.content for p in pairs}
    owned.update(c.path for link in links for c in link.copies)
    owned.update(at(link.origin)[0] for link in links)  # a config, a Makefile, a go file
    blocked = tuple(c.path for link in unresolved for c in link.copies if c.path.endswith("/"))
    extras = [e for link, base in pruned for e in _extras(link, base, snapshot, owned, claimed)
              if not e.copy.startswith(blocked)]
    return _case_clashes(pairs, problems), extras, problems


def _case_clashes(pairs: list[Pair], problems: list[InputError]) -> list[Pair]:
    """Drop copies whose path differs only in case from another copy or a source:
    on macOS and Windows they are one file, and fix would flip it back and forth."""
    seen: dict[str, str] = {}
    for pair in pairs:
        seen.setdefault(pair.source.casefold(), pair.source)
    kept = []
    for pair in pairs:
        other = seen.setdefault(pair.copy.casefold(), pair.copy)
        if other != pair.copy:
            problems.append(error_at(pair.link.origin, f"copy {pair.copy!r} differs only in "
                                     f"case from {other!r}; they are one file on macOS and "
                                     "Windows"))
            continue
        kept.append(pair)
    return kept


def _clash(pair: Pair, first: Pair) -> InputError:
    return error_at(pair.link.origin, f"copy {pair.copy!r} would receive both "
                    f"{first.source!r} ({first.link.origin}) and {pair.source!r}")
