"""The glob-mirror lane (config.settled) against the general path, on generated trees.

The lane may only ever say "nothing to report"; whenever it does, the general
path (links.resolve + drift.compare) must find no drift, no problem and no
prune extra in the same index. Trees are written straight into a real index
(`git update-index --index-info`) with a few real blobs, so both paths read
the same git state: object ids, modes, symlinks, empty blobs.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from specsync import globs
from specsync.config import settled as settled_module
from specsync.config.model import Config, CopySpec, LinkSpec
from specsync.config.settled import glob_files, settled
from specsync.drift.compare import find_drift
from specsync.links import resolve
from specsync.pipeline import claimed
from specsync.repo import git, snapshot

from tests.conftest import MakeRepo

FOLDERS = ["src/", "src/sub/", "src/sub/deep/", "src/mirror/", "dst/", "dst/sub/", "other/"]
NAMES = ["a.yaml", "b.yaml", "A.yaml", "c.yml", ".h.yaml", "x.json", "ab.yaml"]
SOURCES = ["src/*.yaml", "src/**/*.yaml", "src/*", "src/a.yaml", "src/**", "src/*.y?ml",
           "src/[ab].yaml", "src/a*.yaml", "src/**/a*l", "src/sub/*.yaml"]
COPIES = ["dst/", "dst/sub/", "src/mirror/", "dst/one.yaml", "other/"]
CONTENTS = [b"one: 1\n", b"two: 2\n", b""]
MODES = ["100644"] * 12 + ["100755", "120000"]  # symlinks and executables: now and then
KINDS = [0] * 8 + [1] * 4 + [2]  # the empty blob (what `git add -N` stages): now and then


def _blobs(repo: Path) -> list[str]:
    return [subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=data,
                           capture_output=True, check=True).stdout.decode().strip()
            for data in CONTENTS]


def _stage(repo: Path, entries: dict[str, tuple[str, str]]) -> snapshot.Snapshot:
    """Replace the index by `entries` (path -> (mode, object id)) and read it back."""
    subprocess.run(["git", "read-tree", "--empty"], cwd=repo, check=True)
    info = "".join(f"{mode} {oid}\t{path}\n" for path, (mode, oid) in entries.items())
    subprocess.run(["git", "update-index", "--index-info"], cwd=repo, input=info.encode(),
                   check=True)
    return snapshot.index(git.find_repo(str(repo)))


def _general_clean(config: Config, snap: snapshot.Snapshot) -> bool:
    pairs, extras, problems = resolve(config.links, snap, claimed(config))
    drifts, more = find_drift(pairs, extras, snap) if pairs or extras else ([], [])
    return not (drifts or problems or more or extras)


def _config(links: list[tuple[str, list[str], bool]]) -> Config:
    return Config([LinkSpec(source, [CopySpec(c, 3 + i) for c in copies],
                            f".specsync.yaml:{2 + i}", 2 + i, prune=prune)
                   for i, (source, copies, prune) in enumerate(links)], ())


tree = st.dictionaries(
    st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)).map("".join),
    st.tuples(st.sampled_from(MODES), st.sampled_from(KINDS)), max_size=10)
link = st.tuples(st.sampled_from(SOURCES),
                 st.lists(st.sampled_from(COPIES), min_size=1, max_size=2, unique=True),
                 st.booleans())


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=tree, links=st.lists(link, min_size=1, max_size=2),
       mirror=st.sampled_from([1.0, 1.0, 1.0, 0.9, 0.5]),
       seed=st.randoms(use_true_random=False), chunk=st.sampled_from([1, 60, 1 << 15]))
def test_lane_settles_only_what_the_general_path_finds_clean(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *,
    files: dict[str, tuple[str, int]], links: list[tuple[str, list[str], bool]],
    mirror: float, seed: object, chunk: int,
) -> None:
    monkeypatch.setattr(settled_module, "CHUNK", chunk)  # records compared a chunk at a time
    repo = tmp_path / "lane"
    if not repo.exists():
        repo = make_repo({"seed": "x\n"}, name="lane")
    blobs = _blobs(repo)
    entries = {p: (mode, blobs[i]) for p, (mode, i) in files.items()}
    config = _config(links)
    # mirror most sources into their copy folders, as a synced tree would be
    snap = _stage(repo, entries)
    for spec_link in config.links:
        base = globs.glob_base(spec_link.source)
        for source in snap.expand(spec_link.source):
            for copy in spec_link.copies:
                if copy.path.endswith("/") and seed.random() < mirror:  # type: ignore[attr-defined]
                    entries[copy.path + source[len(base):]] = entries[source]
    snap = _stage(repo, entries)
    fast, clean = settled(config.links, snap), _general_clean(config, snap)
    event(f"lane settles: {fast}, general path clean: {clean}")
    if fast:
        assert clean, (entries, links)


@pytest.mark.parametrize("source", ["src/*.yaml", "src/**/*.yaml", "src/**", "src/*.y?ml",
                                    "src/[ab].yaml", "src/a*.yaml", "src/sub/*.yaml", "**/a.yaml"])
@pytest.mark.parametrize("prune", [False, True])
def test_synced_mirror_is_settled(make_repo: MakeRepo, source: str, prune: bool) -> None:
    """The lane is not a lane that always declines: a synced mirror is settled by it."""
    files = {f"src/{n}": f"n: {n}\n" for n in ("a.yaml", "b.yaml", "ab.yaml", "c.yml")}
    files |= {f"src/sub/{n}": f"n: sub {n}\n" for n in ("a.yaml", "d.yaml")}
    repo = make_repo(files)
    snap = snapshot.index(git.find_repo(str(repo)))
    base = globs.glob_base(source)
    config = _config([(source, ["dst/"], prune)])
    from tests.helpers import write

    write(repo, {"dst/" + p[len(base):]: files[p] for p in snap.expand(source)})
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    snap = snapshot.index(git.find_repo(str(repo)))
    assert _general_clean(config, snap)
    assert settled(config.links, snap)


@settings(max_examples=300, deadline=None)
@given(paths=st.lists(st.tuples(st.sampled_from([*FOLDERS, "", "src/x/y/"]),
                                st.sampled_from(NAMES)).map("".join), unique=True),
       pattern=st.sampled_from([*SOURCES, "*", "*.yaml", "**/*.yaml", "src/*", "src/**/*",
                                "src/**/.*", "src/sub/**/a*"]))
def test_glob_files_is_match(paths: list[str], pattern: str) -> None:
    """The string-test shortcuts name the very files `globs.match` names."""
    snap = snapshot.Snapshot(git.Repo("", ""), dict.fromkeys(paths, "100644 x 0"))
    assert glob_files(pattern, snap) == globs.match(pattern, paths)


@pytest.mark.parametrize("chunk", [1, 100, 1 << 15])
def test_folders_compared_a_chunk_at_a_time_as_one_comparison(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """The lane reads git's records of a folder in place, a chunk at a time: whatever the
    chunk, a synced mirror is settled and a difference in its last records is not (a
    changed copy, a copy missing, one more file, a name that is not its own case fold)."""
    from tests.helpers import git as run_git
    from tests.helpers import write

    monkeypatch.setattr(settled_module, "CHUNK", chunk)
    files = {f"src/n{i:03}.yaml": f"n: {i}\n" for i in range(40)}
    repo = make_repo({**files, **{"dst/" + p[4:]: v for p, v in files.items()}})
    config = _config([("src/*.yaml", ["dst/"], True)])  # prune: one more file is an extra

    def lane() -> bool:
        run_git(repo, "add", "-A")
        return settled(config.links, snapshot.index(git.find_repo(str(repo))))

    assert lane()
    write(repo, {"dst/n039.yaml": "n: changed\n"})
    assert not lane()
    (repo / "dst" / "n039.yaml").unlink()
    assert not lane()
    write(repo, {"dst/n039.yaml": "n: 39\n", "dst/n040.yaml": "n: 40\n"})
    assert not lane()
    (repo / "dst" / "n040.yaml").unlink()
    assert lane()
    write(repo, {"src/nZ.yaml": "z\n", "dst/nZ.yaml": "z\n"})
    assert not lane()
