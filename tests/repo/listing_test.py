"""repo.listing: lookups on git's own text answer exactly as the full mapping does.

The listings are written by git itself (`git update-index --index-info` then
`git ls-files -s -z`), so the order is git's byte order, with names that sort
around '/' ('a/b', 'a.b', 'a-b', 'a b', 'a0'), non-ASCII names, every mode
(files, executables, symlinks, submodules), conflict stages and tabs in names.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from specsync.repo import git, listing, snapshot
from specsync.repo.listing import Listing, split_records, with_tail

SEGMENTS = ["a", "b", "a.b", "a-b", "a b", "a0", "a!", "A", "é", "中", "x.go", "Makefile",
            "\U0001f600", "a\tb", "z"]
MODES = ["100644", "100755", "120000", "160000"]
PROBES = ["", "a", "a/", "a.b", "a-b", "a/b", "a/b/", "a0/", "b/a", "é/", "zz", "\U0001f600/"]


def _entries(segments: list[str], stages: list[int]
             ) -> st.SearchStrategy[list[tuple[str, int, int, str]]]:
    path = st.lists(st.sampled_from(segments), min_size=1, max_size=4).map("/".join)
    entry = st.tuples(st.sampled_from(MODES), st.integers(0, 6), st.sampled_from(stages), path)
    return st.lists(entry, max_size=120, unique_by=lambda e: e[3])


def entries() -> st.SearchStrategy[list[tuple[str, int, int, str]]]:
    """Mostly listings read lazily (stage 0, no tab), some with conflicts and tabs."""
    clean = [s for s in SEGMENTS if "\t" not in s]
    return st.one_of(_entries(clean, [0]), _entries(clean, [0]),
                     _entries(SEGMENTS, [0] * 12 + [1, 2, 3]))


def _files_and_folders(paths: list[str]) -> list[str]:
    """Paths made unambiguous as git's index requires: no path is also a folder."""
    kept: list[str] = []
    for p in sorted(paths, key=len):
        parts = p.split("/")
        if any("/".join(parts[:i]) in kept for i in range(1, len(parts))):
            continue
        if any(k.startswith(p + "/") for k in kept):
            continue
        kept.append(p)
    return kept


def _info(rows: list[tuple[str, int, int, str]]) -> str:
    keep = set(_files_and_folders([r[3] for r in rows]))
    return "".join(f"{m} {n + 1:040x} {s}\t{p}\0" for m, n, s, p in rows if p in keep)


def _rendered(rows: list[tuple[str, int, int, str]]) -> bytes:
    """What git lists for `rows`: records sorted by the path's bytes, then stage."""
    records = _info(rows).encode().split(b"\0")[:-1]
    return b"".join(r + b"\0" for r in sorted(
        records, key=lambda r: (r.partition(b"\t")[2], r.partition(b"\t")[0][-1:])))


def _listing(repo: Path, rows: list[tuple[str, int, int, str]]) -> bytes:
    """git's own `ls-files -s -z` of an index holding `rows`."""
    (repo / ".git" / "index").unlink(missing_ok=True)
    info = _info(rows)
    subprocess.run(["git", "update-index", "-z", "--index-info"], cwd=repo, check=True,
                   input=info.encode())
    return subprocess.run(["git", "ls-files", "-s", "-z"], cwd=repo, check=True,
                          capture_output=True).stdout


@pytest.fixture(scope="module")
def bare_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("listing")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _folders(paths: list[str]) -> set[str]:
    found = set(PROBES)
    for p in paths:
        parts = p.split("/")
        found.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
        found.add(p)
        found.add(p + "/")
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(rows=entries())
def test_git_lists_entries_as_rendered(bare_repo: Path,
                                       rows: list[tuple[str, int, int, str]]) -> None:
    """The generated listings below are git's: same records, same byte order."""
    assert _listing(bare_repo, rows) == _rendered(rows)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.data_too_large])
@given(rows=entries())
def test_lazy_lookups_are_the_full_mapping(rows: list[tuple[str, int, int, str]]) -> None:
    out = _rendered(rows)
    if not out:
        return
    text = out.decode("utf-8", "surrogateescape")
    full, unmerged = split_records(text)
    lazy = Listing.of(out)
    for chunk in (1, 7):  # the shape is seen a chunk at a time: the same verdict
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(listing, "SHAPE_CHUNK", chunk)
            assert (Listing.of(out) is None) == (lazy is None)
    if unmerged or "\t" in "".join(full):
        assert lazy is None  # conflicts and tabs are split record by record
        return
    assert lazy is not None
    names = sorted(full)
    for spread, step in ((listing.SPREAD, listing.STEP), (1, 97)):  # bisection, sampled
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(listing, "SPREAD", spread)
            patch.setattr(listing, "STEP", step)
            _same_answers(Listing(lazy.text, lazy.width, lazy.count), full, names)
    tails = ["x.go", "le", ".b", "a", "y.go", "z.b", "é.b"]  # some end alike: one search
    for dense in (0, 3, 10**9):  # the C search, a switch half way, the test of every path
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(listing, "DENSE", dense)
            for width in (1, 2, 3, 4):
                assert lazy.with_tail(tails, width, 47) == with_tail(full, tails, width, 47)
                for skip in (("a/",), ("a/", "a/b/", "b/"), ("A/", "z/"), ("a0/", "é/")):
                    want = {p: oid for p, oid in with_tail(full, tails, width, 47).items()
                            if not p.startswith(skip)}
                    assert lazy.with_tail(tails, width, 47, skip) == want
    assert lazy.full() == full


def _same_answers(lazy: Listing, full: dict[str, str], names: list[str]) -> None:
    assert lazy.under("") == names  # git's order is Python's order of the decoded names
    for probe in sorted(_folders(names)):
        assert lazy.get(probe) == full.get(probe)
        if not probe or probe.endswith("/"):
            below = [p for p in names if p.startswith(probe)]
            assert lazy.under(probe) == below
            assert lazy.records(probe) == "".join(f"{full[p]}\t{p}\0" for p in below)
    asked = [*names, *PROBES]
    for chunk in (asked, asked[::-1], asked[: len(asked) // 2]):
        assert lazy.metas(chunk) == [full.get(p) for p in chunk]


def test_many_lookups_slice_their_range(bare_repo: Path) -> None:
    """More than SPREAD paths are found in the slice between the first and the last."""
    rows = [("100644", i % 7, 0, f"d{i % 3}/f{i:03d}") for i in range(300)]
    lazy = Listing.of(_listing(bare_repo, rows))
    assert lazy is not None
    full = lazy.full()
    lazy._full = None
    wanted = [f"d1/f{i:03d}" for i in range(300)]
    assert len(wanted) > listing.SPREAD
    assert lazy.metas(wanted) == [full.get(p) for p in wanted]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(rows=entries())
def test_snapshot_answers_alike_lazy_and_full(bare_repo: Path,
                                              rows: list[tuple[str, int, int, str]]) -> None:
    """`snapshot.index` (git's text) against a snapshot of the full mapping."""
    _listing(bare_repo, rows)
    repo = git.find_repo(str(bare_repo))
    lazy = snapshot.index(repo)
    full = snapshot.Snapshot(repo, dict(lazy.listing))
    lazy = snapshot.index(repo)  # again: `listing` above built the mapping
    names = sorted(full.listing)
    for probe in sorted(_folders(names)):
        for ask in ("mode", "object_id", "exists", "listed", "tracked", "is_dir"):
            assert getattr(lazy, ask)(probe) == getattr(full, ask)(probe), (ask, probe)
        if probe.endswith("/"):
            assert lazy.under(probe) == full.under(probe)
    half = len(names) // 2
    pairs = (names[:half], names[half : 2 * half])
    assert lazy.same_ids(*pairs) == full.same_ids(*pairs)
    assert lazy.same_ids(names, names) == full.same_ids(names, names)
    assert lazy.sorted_paths() == full.sorted_paths()
