"""Which files declare copies, and what they declare, cached by git object id.

The candidates (.go files, Makefiles) come from the snapshot's file list, which
the index listing already holds with object ids: no file is read to decide
that nothing changed. The cache in the git dir maps each candidate to its
object id and to what its finder returned, so a run re-reads only the files
whose id changed; a cold run asks `git grep` which .go files hold a
`//go:generate` line instead of reading them all. Third-party code (any path
below a `vendor/`, `node_modules/` or `testdata/` folder) is never a candidate:
go generate skips it, and nobody runs a vendored Makefile.
"""
from __future__ import annotations

import os

from specsync.discovery.candidates import THIRD_PARTY, Files, among, by_name_first, candidates
from specsync.registry import DISCOVERY_KINDS, load, source_file
from specsync.repo import cache
from specsync.repo.cache import code_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    from specsync.discovery.model import Op, Proposal, Unknown
    from specsync.repo.snapshot import Snapshot

CACHE_NAME = "discovery.cache"
# the code whose output the cache holds (each kind's finder module is added to these)
_MODULES = ("scan.py", "candidates.py", "model.py", "shell.py", "shell_syntax.py", "make_vars.py",
            "make_lines.py", "order.py", "go_build.py", "later.py", "generators.py",
            "generator_rules.py", "generator_args.py", "controller_gen.py", "protoc.py",
            "make_generators.py", "reader.py", "script.py", "script_words.py",
            "script_text.py", "script_sed.py", "script_loops.py", "script_if.py", "includes.py",
            "calls.py", "make_scripts.py", "make_rules.py", "script_params.py",
            "script_funcs.py", "script_result.py", "script_source.py",
            "script_lex.py", "make_conds.py", "make_eval.py")
GREP_ABOVE = 64  # more changed candidates than this: let git grep pick the ones to read
_EXCLUDE = tuple(f":(exclude,glob)**/{name}/**" for name in sorted(THIRD_PARTY))

Plain = dict[str, tuple[object, ...]]


def listing(files: Files) -> tuple[str, str]:
    """The candidates as two strings: comparing is a memcmp, loading is a copy."""
    return "\0".join(files), "\0".join(files.values())


def _unlist(listed: tuple[str, str] | None) -> Files:
    if not listed or not listed[0]:
        return {}
    return dict(zip(listed[0].split("\0"), listed[1].split("\0"), strict=True))


def _key(kinds: Sequence[str]) -> str:
    here = os.path.dirname(__file__)
    files = [os.path.join(here, name) for name in _MODULES]  # and each kind's finder
    files += [source_file(DISCOVERY_KINDS[k].module) for k in kinds if k in DISCOVERY_KINDS]
    return f"{','.join(kinds)}:{code_stamp(files)}"


def _load(git_dir: str, key: str) -> tuple[tuple[str, str] | None, Plain]:
    cached = cache.load(git_dir, CACHE_NAME, key)
    if isinstance(cached, tuple) and len(cached) == 2:
        return cached
    return None, {}


def scan(snap: Snapshot, kinds: Sequence[str], files: Files | None = None
         ) -> tuple[list[Op], list[Unknown]]:
    """Every copy the declaring files of `snap` perform, and what is not understood.
    `files`: the candidates, when the caller listed them already (a run that keeps a verdict
    lists them itself, apart from what the rest of the run reads)."""
    ops, unknown, _ = scan_all(snap, kinds, files)
    return ops, unknown


def scan_all(snap: Snapshot, kinds: Sequence[str], files: Files | None = None
             ) -> tuple[list[Op], list[Unknown], list[Proposal]]:
    """`scan`, and the generator lines that name their inputs and outputs."""
    outer = snap.looked
    if outer is None:
        return _records(_found(snap, kinds, files)[1])
    snap.looked = set()  # what scanning reads, set apart from what the rest of the run reads
    try:
        files, found = _found(snap, kinds)
        from specsync.discovery.marks import only_marks

        only_marks(snap, kinds, files, found, outer)
    finally:
        snap.looked = outer
    return _records(found)


def _found(snap: Snapshot, kinds: Sequence[str], files: Files | None = None
           ) -> tuple[Files, Plain]:
    """The candidates (`files`, when listed already), and what each that declares something
    declares (cached)."""
    cacheable = snap.kind != "worktree"  # the working tree has no object ids
    key = _key(kinds) if cacheable else ""
    old_listed, found = _load(snap.repo.git_dir, key) if cacheable else (None, {})
    if files is None and old_listed is None and cacheable and snap.looked is None \
            and not by_name_first(snap):
        return _named(snap, kinds, key)
    files = candidates(snap, kinds) if files is None else files
    if not files:
        return files, {}
    listed = listing(files)
    stale = _stale(found, snap)
    if not cacheable or old_listed != listed or stale:
        old = _unlist(old_listed)
        for path in stale:
            old.pop(path, None)
        changed = [p for p, oid in files.items() if not oid or old.get(p) != oid]
        found = {p: v for p, v in found.items() if p in files and old.get(p) == files[p]}
        found.update(_parse(snap, kinds, changed, len(changed) == len(files)))
        if cacheable:
            cache.store(snap.repo.git_dir, CACHE_NAME, key, (listed, found))
    return files, found


def _named(snap: Snapshot, kinds: Sequence[str], key: str) -> tuple[Files, Plain]:
    """A first run in a large repository: the candidates of the kinds with marks are the
    files git grep names (a .go file without `//go:generate` declares nothing), found
    without searching every path's ending; only the kinds without marks (Makefiles) are
    searched by name. What the cache keeps is then only these candidates: the next run
    lists them all and has git grep look at the others once."""
    marked = [k for k in kinds if k in DISCOVERY_KINDS and DISCOVERY_KINDS[k].marks]
    files = candidates(snap, [k for k in kinds if k not in marked])
    hits = None
    if marked:
        hits = _grep(snap, marked, None, True)
        files.update(among(snap, marked, hits))
    found = _parse(snap, kinds, list(files), True, hits) if files else {}
    cache.store(snap.repo.git_dir, CACHE_NAME, key, (listing(files), found))
    return files, found


def _grep(snap: Snapshot, kinds: Sequence[str], paths: list[str] | None,
          everything: bool) -> dict[str, set[bytes]]:
    """One git grep for the marks of every kind in `kinds` (`marks.grep_marked`): among
    `paths`, or every file their pathspecs name when `paths` is None or `everything`
    changed (third-party folders excluded)."""
    from specsync.discovery.marks import grep_marked

    specs = [*(s for k in kinds for s in DISCOVERY_KINDS[k].pathspecs), *_EXCLUDE]
    marks = tuple(dict.fromkeys(m for k in kinds for m in DISCOVERY_KINDS[k].marks))
    return grep_marked(snap, paths, everything, marks, specs, which=len(kinds) > 1)


def _stale(found: Plain, snap: Snapshot) -> list[str]:
    """Cached results that read another file (a script, an included file) since changed."""
    if not any(len(v) > 3 and v[3] for v in found.values()):
        return []
    from specsync.discovery.reader import still_valid

    return [p for p, v in found.items() if len(v) > 3 and not still_valid(v[3], snap)]


def _records(found: Plain) -> tuple[list[Op], list[Unknown], list[Proposal]]:
    if not found:
        return [], [], []
    from specsync.discovery.model import Found

    ops: list[Op] = []
    unknown: list[Unknown] = []
    generated: list[Proposal] = []
    run = _run_by_others(found)
    for path in sorted(found):
        if path in run:
            continue  # a script the build runs: read as its callers run it
        record = Found.from_plain(found[path])
        ops.extend(record.ops)
        unknown.extend(record.unknown)
        generated.extend(record.generated)
    return (*_stopped(ops, unknown), generated)


def _run_by_others(found: Plain) -> set[str]:
    """The scripts (kind `script`) that another declaring file read: a recipe or a
    go:generate line runs them, or a script sources them."""
    scripts = {p for p in found if p.endswith((".sh", ".bash"))}
    if not scripts:
        return scripts
    read = {path for p, v in found.items() if len(v) > 3 and v[3]
            for path, _ in v[3] if path != p}  # type: ignore[attr-defined]
    return scripts & read


def _stopped(ops: list[Op], unknown: list[Unknown]) -> tuple[list[Op], list[Unknown]]:
    """A directive that fails stops go generate for the rest of its package: the copies
    other .go files of that folder declare may run before it or never (go's file order,
    cgo files after the others, _test packages apart: not modelled), so not guessed."""
    from specsync.discovery.model import GO_FAILS, GO_STOPS, Unknown

    stops: dict[str, list[Unknown]] = {}
    for u in unknown:
        if u.reason.startswith(GO_FAILS):
            stops.setdefault(u.path.rpartition("/")[0], []).append(u)
    if not stops:
        return ops, unknown
    kept: list[Op] = []
    for op in ops:
        stop = next((u for u in stops.get(op.path.rpartition("/")[0], ()) if u.path != op.path
                     and op.path.endswith(".go")), None)
        if stop is None:
            kept.append(op)
            continue
        unknown.append(Unknown(op.path, op.line, "", f"{GO_STOPS}"
                               f"{stop.origin}; whether this line runs first depends on "
                               "go's file order"))
    return kept, unknown


def _parse(snap: Snapshot, kinds: Sequence[str], changed: list[str],
           everything: bool, hits: dict[str, set[bytes]] | None = None) -> Plain:
    """What each changed candidate declares, read by the finder of its kind. `hits`: the
    marks each file holds, when git grep was asked already (`_named`)."""
    from specsync.discovery.reader import Reader
    from specsync.repo.blobs import read_verified

    memo: dict[str, bytes | None] = {}
    by_kind: list[tuple[ModuleType, tuple[bytes, ...], list[str]]] = []
    for kind in kinds:
        row = DISCOVERY_KINDS[kind]
        finder = load(row.module)
        paths = [p for p in changed if p[-3:] in row.tails and finder.is_candidate(p)]
        by_kind.append((finder, row.marks, paths))
    # the kinds with a mark and candidates: a repository without scripts greps for go's only
    marked = [(k, marks, paths) for k, (_, marks, paths) in zip(kinds, by_kind, strict=True)
              if marks and paths]
    if hits is None and sum(len(paths) for _, _, paths in marked) > GREP_ABOVE:
        hits = _grep(snap, [k for k, _, _ in marked],
                     [p for _, _, paths in marked for p in paths], everything)
    if hits is not None:
        by_kind = [(f, marks, [p for p in paths if not hits.get(p, {b""}).isdisjoint(marks)]
                    if marks else paths) for f, marks, paths in by_kind]
    contents = read_verified(snap, [p for _, _, paths in by_kind for p in paths])
    plain: Plain = {}
    for finder, marks, paths in by_kind:
        for path in paths:
            data = contents.get(path)
            if data is None or (marks and not any(m in data for m in marks)):
                continue
            reader = Reader(snap, memo)
            record = finder.find(path, data, reader)
            record.reads = reader.reads()
            if record.ops or record.unknown or record.generated or record.reads:
                plain[path] = record.plain()
    return plain
