"""links: globs, folder copies, `**`, and which extras prune may ever touch."""
from __future__ import annotations

from pathlib import Path

import pytest
from specsync import globs, links
from specsync.config import parse as config_parse
from specsync.repo import git, snapshot, states

from tests.conftest import MakeRepo
from tests.helpers import write

PATHS = [
    "config/crd/bases/a.yaml",
    "config/crd/bases/b.yml",
    "config/crd/bases/sub/c.yaml",
    "config/crd/bases/.hidden.yaml",
    "config/crd/other.yaml",
    "db/migrations/001_init.sql",
    "db/migrations/002_users.sql",
    "db/migrations/README.md",
]


@pytest.mark.parametrize(("pattern", "expected"), [
    pytest.param("config/crd/bases/*.yaml",
                 ["config/crd/bases/.hidden.yaml", "config/crd/bases/a.yaml"], id="star-one-level"),
    pytest.param("config/crd/bases/*.y?ml", ["config/crd/bases/.hidden.yaml",
                                             "config/crd/bases/a.yaml"], id="question-mark"),
    pytest.param("config/crd/bases/[ab].*", ["config/crd/bases/a.yaml",
                                             "config/crd/bases/b.yml"], id="class"),
    pytest.param("config/crd/bases/[^a]*", ["config/crd/bases/a.yaml"],
                 id="caret-class-is-literal"),
    pytest.param("config/crd/bases/[!a]*", ["config/crd/bases/.hidden.yaml",
                                            "config/crd/bases/b.yml"], id="negated-class"),
    pytest.param("config/crd/bases/**/*.yaml",
                 ["config/crd/bases/.hidden.yaml", "config/crd/bases/a.yaml",
                  "config/crd/bases/sub/c.yaml"], id="double-star-any-depth"),
    pytest.param("config/**", [p for p in PATHS if p.startswith("config/")], id="double-star-end"),
    pytest.param("db/migrations/*.sql", ["db/migrations/001_init.sql",
                                         "db/migrations/002_users.sql"], id="sql"),
    pytest.param("*.yaml", [], id="top-level-only"),
    pytest.param("config/crd/bases/a.yaml", ["config/crd/bases/a.yaml"], id="literal"),
    pytest.param("config/crd/base?/(a).yaml", [], id="regex-chars-are-literal"),
])
def test_match(pattern: str, expected: list[str]) -> None:
    assert globs.match(pattern, PATHS) == sorted(expected)


@pytest.mark.parametrize(("pattern", "base"), [
    pytest.param("config/crd/bases/*.yaml", "config/crd/bases/", id="star"),
    pytest.param("config/**/*.yaml", "config/", id="double-star"),
    pytest.param("a/b[12]/x.yaml", "a/", id="class-in-folder"),
    pytest.param("*.yaml", "", id="top"),
])
def test_glob_base(pattern: str, base: str) -> None:
    assert globs.glob_base(pattern) == base


def _resolve(repo: Path, config: str, *, worktree: bool = False,
             ) -> tuple[list[links.Pair], list[links.Extra], list[str]]:
    r = git.find_repo(str(repo))
    snap = states.worktree(r) if worktree else snapshot.index(r)
    parsed = config_parse.parse(config.encode(), ".specsync.yaml")
    pairs, extras, problems = links.resolve(parsed.links, snap)
    return pairs, extras, [p.render() for p in problems]


CRDS = ("links:\n  - source: config/crd/bases/*.yaml\n    copies: [charts/app/crds/]\n"
        "    prune: true\n")


@pytest.mark.parametrize(("config", "expected"), [
    pytest.param(CRDS, {("config/crd/bases/a.yaml", "charts/app/crds/a.yaml")}, id="folder"),
    pytest.param(CRDS.replace("*.yaml", "**/*.yaml"), {
        ("config/crd/bases/a.yaml", "charts/app/crds/a.yaml"),
        ("config/crd/bases/sub/c.yaml", "charts/app/crds/sub/c.yaml"),
    }, id="double-star-keeps-relative-path"),
    pytest.param("links:\n  - source: config/crd/bases/a.yaml\n    copies: [out/]\n",
                 {("config/crd/bases/a.yaml", "out/a.yaml")}, id="file-into-folder"),
    pytest.param("links:\n  - source: config/crd/bases/a.yaml\n    copies: [out/x.yaml]\n",
                 {("config/crd/bases/a.yaml", "out/x.yaml")}, id="file-to-file"),
])
def test_pairs(make_repo: MakeRepo, config: str, expected: set[tuple[str, str]]) -> None:
    repo = make_repo({"config/crd/bases/a.yaml": "a: 1\n", "config/crd/bases/sub/c.yaml": "c\n"})
    pairs, extras, problems = _resolve(repo, config)
    assert {(p.source, p.copy) for p in pairs} == expected
    assert (extras, problems) == ([], [])


def test_a_links_own_copy_folder_never_feeds_it(make_repo: MakeRepo) -> None:
    repo = make_repo({"specs/a.yaml": "a\n", "specs/mirror/a.yaml": "a\n",
                      "specs/mirror/old.yaml": "old\n"})
    config = "links:\n  - source: specs/**/*.yaml\n    copies: [specs/mirror/]\n    prune: true\n"
    pairs, extras, problems = _resolve(repo, config)
    assert [(p.source, p.copy) for p in pairs] == [("specs/a.yaml", "specs/mirror/a.yaml")]
    assert [(e.copy, e.gone) for e in extras] == [("specs/mirror/old.yaml", "specs/old.yaml")]
    assert problems == []


def test_expansion_uses_the_staged_file_list(make_repo: MakeRepo) -> None:
    repo = make_repo({"config/crd/bases/a.yaml": "a\n"})
    write(repo, {"config/crd/bases/unstaged.yaml": "u\n"})
    pairs, _, _ = _resolve(repo, CRDS)
    assert [p.copy for p in pairs] == ["charts/app/crds/a.yaml"]
    pairs, _, _ = _resolve(repo, CRDS, worktree=True)
    assert [p.copy for p in pairs] == ["charts/app/crds/a.yaml", "charts/app/crds/unstaged.yaml"]


STALE_FOLDER = {
    "config/crd/bases/a.yaml": "a\n",
    "charts/app/crds/a.yaml": "a\n",
    "charts/app/crds/old.yaml": "old\n",        # managed: same pattern, tracked, no source
    "charts/app/crds/README.md": "readme\n",    # other pattern
    "charts/app/crds/sub/deep.yaml": "deep\n",  # `*` does not cross folders
    "charts/app/other.yaml": "other\n",         # outside the copy folder
}


def _extras(repo: Path, config: str = CRDS, *, worktree: bool = False) -> list[tuple[str, str]]:
    _, extras, problems = _resolve(repo, config, worktree=worktree)
    assert problems == []
    return [(e.copy, e.gone) for e in extras]


@pytest.mark.parametrize("worktree", [False, True], ids=["index", "worktree"])
def test_prune_finds_only_managed_files(make_repo: MakeRepo, worktree: bool) -> None:
    repo = make_repo(STALE_FOLDER)
    write(repo, {"charts/app/crds/untracked.yaml": "new\n"})
    assert _extras(repo, worktree=worktree) == [
        ("charts/app/crds/old.yaml", "config/crd/bases/old.yaml")]


def test_prune_off_finds_nothing(make_repo: MakeRepo) -> None:
    repo = make_repo(STALE_FOLDER)
    assert _extras(repo, CRDS.replace("    prune: true\n", "")) == []


def test_prune_skips_files_deleted_from_disk_in_worktree_mode(make_repo: MakeRepo) -> None:
    repo = make_repo(STALE_FOLDER)
    (repo / "charts/app/crds/old.yaml").unlink()
    assert _extras(repo, worktree=True) == []
    assert _extras(repo) == [("charts/app/crds/old.yaml", "config/crd/bases/old.yaml")]


def test_prune_never_takes_another_links_copy(make_repo: MakeRepo) -> None:
    repo = make_repo({**STALE_FOLDER, "api/extra.yaml": "x\n", "charts/app/crds/extra.yaml": "x\n"})
    config = CRDS + "  - source: api/extra.yaml\n    copies: [charts/app/crds/]\n"
    assert _extras(repo, config) == [("charts/app/crds/old.yaml", "config/crd/bases/old.yaml")]


def test_prune_never_takes_a_source(make_repo: MakeRepo) -> None:
    repo = make_repo({**STALE_FOLDER, "charts/app/crds/src.yaml": "s\n"})
    config = CRDS + "  - source: charts/app/crds/src.yaml\n    copies: [elsewhere/src.yaml]\n"
    assert ("charts/app/crds/src.yaml", "config/crd/bases/src.yaml") not in _extras(repo, config)


def test_no_prune_in_a_folder_an_unresolved_link_writes_to(make_repo: MakeRepo) -> None:
    repo = make_repo(STALE_FOLDER)
    config = CRDS + "  - source: api/gone.yaml\n    copies: [charts/app/crds/]\n"
    _, extras, problems = _resolve(repo, config)
    assert extras == []
    assert problems == [".specsync.yaml:5: source 'api/gone.yaml' does not exist in the "
                        "staged files"]


def test_glob_matching_nothing_is_an_error_even_with_prune(make_repo: MakeRepo) -> None:
    repo = make_repo(STALE_FOLDER)
    _, extras, problems = _resolve(repo, CRDS.replace("bases/", "basis/"))
    assert extras == []
    assert problems == [".specsync.yaml:2: source 'config/crd/basis/*.yaml' matches no "
                        "staged file"]


def test_two_sources_into_one_copy_is_a_problem(make_repo: MakeRepo) -> None:
    repo = make_repo({"a/x.yaml": "1\n", "b/x.yaml": "2\n"})
    config = ("links:\n  - source: a/*.yaml\n    copies: [out/]\n"
              "  - source: b/*.yaml\n    copies: [out/]\n")
    pairs, _, problems = _resolve(repo, config)
    assert [p.copy for p in pairs] == ["out/x.yaml"]
    assert problems == [".specsync.yaml:4: copy 'out/x.yaml' would receive both 'a/x.yaml' "
                        "(.specsync.yaml:2) and 'b/x.yaml'"]


class _NoFullScan(snapshot.Snapshot):
    """A snapshot that fails when anything walks its whole file list."""

    def paths(self):  # type: ignore[no-untyped-def]
        raise AssertionError("a glob looked at every path of the snapshot")


@pytest.mark.parametrize("source", ["src/*.yaml", "src/**/*.yaml", "src/[ab].yaml"])
def test_link_globs_look_only_below_their_folder(make_repo: MakeRepo, source: str) -> None:
    """A configured glob (and its prune pattern) reads the files below its folder only."""
    files = {"src/a.yaml": "a\n", "dst/a.yaml": "a\n", "dst/b.yaml": "x\n"}
    files |= {f"pad/f{i}.txt": "p\n" for i in range(50)}
    repo = make_repo(files, commit=True)
    snap = snapshot.index(git.find_repo(str(repo)))
    snap.__class__ = _NoFullScan
    config = config_parse.parse(
        f"links:\n  - source: {source}\n    copies: [dst/]\n    prune: true\n".encode(),
        ".specsync.yaml")
    pairs, extras, problems = links.resolve(config.links, snap)
    assert problems == []
    assert [(p.source, p.copy) for p in pairs] == [("src/a.yaml", "dst/a.yaml")]
    assert [e.copy for e in extras] == ["dst/b.yaml"]
