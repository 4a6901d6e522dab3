"""`specsync discover`, the `discover:` config key, and discovery inside check and fix."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import snapshot
from hooks.check import main as check
from hooks.cli import main as cli
from hooks.config_parse import parse
from hooks.discovery import scan
from hooks.fix import main as fix
from hooks.git import Repo, find_repo
from tests.conftest import MakeRepo
from tests.helpers import git, read

GEN = "package a\n\n//go:generate cp ../../spec.yaml spec.yaml\n//go:generate go run ./gen\n"
FILES = {
    "spec.yaml": "v: 2\n",
    "pkg/a/gen.go": GEN,
    "pkg/a/spec.yaml": "v: 1\n",
    "crd.yaml": "kind: CRD\n",
    "Makefile": "CHART = charts/app\nhelm:\n\tcp crd.yaml $(CHART)/crds/\n\tcp $(OUT)/x bin/\n",
    "charts/app/crds/crd.yaml": "kind: old\n",
}


def test_discover_lists_links_and_what_it_does_not_understand(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo(FILES)
    assert cli(["discover"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "discovered 2 links:",
        "  Makefile:3: crd.yaml -> charts/app/crds/crd.yaml",
        "  pkg/a/gen.go:3: spec.yaml -> pkg/a/spec.yaml",
        "not understood (if it copies a file, add the link to .specsync.yaml):",
        "  Makefile:4: cp $(OUT)/x bin/: cannot expand $(OUT): it is not set in this Makefile",
        "  pkg/a/gen.go:4: //go:generate go run ./gen: runs a generator program (go run), "
        "not a copy",
    ]


def test_not_understood_items_do_not_fail_check(make_repo: MakeRepo,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({**FILES, "pkg/a/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml": "kind: CRD\n"})
    assert check(["--all-files"]) == 0
    assert capsys.readouterr() == ("", "")


CONFIG = """\
# hand-written: keep this comment
links:
  - source: spec.yaml   # the canonical spec
    copies:
      - docs/spec.yaml
"""


def test_write_merges_into_the_config_keeping_comments(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo({**FILES, ".specsync.yaml": CONFIG, "docs/spec.yaml": "v: 2\n"})
    assert cli(["discover", "--write"]) == 1
    text = read(repo, ".specsync.yaml").decode()
    assert text == CONFIG + (
        "      - pkg/a/spec.yaml\n"
        "  - source: crd.yaml  # discovered: Makefile:3\n"
        "    copies:\n"
        "      - charts/app/crds/crd.yaml\n"
    )
    config = parse(text.encode(), ".specsync.yaml")
    assert [(link.source, [c.path for c in link.copies]) for link in config.links] == [
        ("spec.yaml", ["docs/spec.yaml", "pkg/a/spec.yaml"]),
        ("crd.yaml", ["charts/app/crds/crd.yaml"]),
    ]
    assert ".specsync.yaml: added 2 discovered copies" in capsys.readouterr().out
    assert cli(["discover", "--write"]) == 0  # idempotent: reads the file on disk
    assert read(repo, ".specsync.yaml").decode() == text


def test_write_creates_the_config(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    assert cli(["discover", "--write"]) == 1
    git(repo, "add", ".specsync.yaml")
    assert fix(["--all-files"]) == 1  # the written config holds the same links
    git(repo, "add", "-A")
    assert check(["--all-files"]) == 0


def test_write_refuses_a_broken_config(make_repo: MakeRepo,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({**FILES, ".specsync.yaml": "links: [\n"})
    assert cli(["discover", "--write"]) == 2
    assert capsys.readouterr().err.startswith(".specsync.yaml:")
    assert read(repo, ".specsync.yaml") == b"links: [\n"


@pytest.mark.parametrize(("setting", "drifted"), [
    ("", ["charts/app/crds/crd.yaml", "pkg/a/spec.yaml"]),
    ("discover: true\n", ["charts/app/crds/crd.yaml", "pkg/a/spec.yaml"]),
    ("discover: false\n", []),
    ("discover: [go]\n", ["pkg/a/spec.yaml"]),
    ("discover: [make]\n", ["charts/app/crds/crd.yaml"]),
], ids=["default", "true", "false", "go-only", "make-only"])
def test_discover_key_picks_the_kinds(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                      setting: str, drifted: list[str]) -> None:
    make_repo({**FILES, ".specsync.yaml": setting + "links: []\n"})
    assert check(["--all-files"]) == (1 if drifted else 0)
    out = capsys.readouterr().out
    assert sorted(line.split(":")[0] for line in out.splitlines()
                  if "out of sync with" in line) == drifted


def test_configured_copy_wins(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({**FILES, "other.yaml": "v: 1\n", ".specsync.yaml":
               "links:\n  - source: other.yaml\n    copies: [pkg/a/spec.yaml]\n"})
    assert check(["--all-files"]) == 1
    out = capsys.readouterr().out
    assert "pkg/a/spec.yaml:" not in out
    assert "charts/app/crds/crd.yaml: out of sync" in out
    assert cli(["discover"]) == 0
    assert ("pkg/a/gen.go:3: spec.yaml -> pkg/a/spec.yaml  (configured in .specsync.yaml, "
            "which wins)") in capsys.readouterr().out


def test_a_configured_folder_wins_over_discovered_files(make_repo: MakeRepo) -> None:
    make_repo({**FILES, ".specsync.yaml":
               "links:\n  - source: '*.yaml'\n    copies: [charts/app/crds/]\n",
               "charts/app/crds/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml": "kind: CRD\n"})
    assert check(["--all-files"]) == 1  # only pkg/a/spec.yaml, no clash on crd.yaml


def test_discovery_reads_the_staged_declarations(make_repo: MakeRepo) -> None:
    repo = make_repo({**FILES, "pkg/a/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml":
                      "kind: CRD\n"}, commit=True)
    (repo / "pkg/a/gen.go").write_text(GEN.replace("spec.yaml spec", "crd.yaml spec"))
    assert check(["--all-files"]) == 0  # unstaged: not what the commit contains
    assert check(["--all-files", "--worktree"]) == 1
    git(repo, "add", "pkg/a/gen.go")
    assert check(["--all-files"]) == 1
    assert check(["--all-files", "--rev", "HEAD"]) == 0


def test_cache_is_reused_and_follows_changes(make_repo: MakeRepo) -> None:
    repo = make_repo({**FILES, "pkg/a/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml":
                      "kind: CRD\n"})
    assert check(["--all-files"]) == 0
    cache = Path(repo / ".git/specsync" / scan.CACHE_NAME)
    stamp = cache.stat().st_mtime_ns
    assert check(["--all-files"]) == 0
    assert cache.stat().st_mtime_ns == stamp  # nothing changed: not rewritten
    (repo / "Makefile").write_text(FILES["Makefile"].replace("crd.yaml $(", "spec.yaml $("))
    git(repo, "add", "Makefile")
    assert check(["--all-files"]) == 1  # the changed Makefile was read again


@pytest.mark.parametrize("take", [
    snapshot.index, snapshot.worktree, lambda repo: snapshot.at_rev(repo, "HEAD"),
], ids=["index", "worktree", "rev"])
def test_git_grep_picks_the_files_with_directives(
    make_repo: MakeRepo, take: Callable[[Repo], snapshot.Snapshot],
) -> None:
    files = {f"pkg/p{i}/x.go": f"package p{i}\n" for i in range(scan.READ_LIMIT + 5)}
    files["pkg/p3/x.go"] = GEN.replace("package a", "package p3")
    files["pkg/p[4]/x.go"] = "package p4\n//go:generate true\n"
    repo = make_repo({**files, "spec.yaml": "v: 2\n", "pkg/p3/spec.yaml": "v: 1\n"},
                     commit=True)
    snap = take(find_repo(str(repo)))
    paths = [p for p in snap.paths() if p.endswith(".go")]
    assert scan.grep_directives(snap, paths, True) == ["pkg/p3/x.go", "pkg/p[4]/x.go"]
    assert scan.grep_directives(snap, ["pkg/p[4]/x.go", "pkg/p5/x.go"], False) == [
        "pkg/p[4]/x.go"]
    ops, unknown = scan.scan(snap, ("go",))
    assert [o.origin for o in ops] == ["pkg/p3/x.go:3"]
    assert [u.origin for u in unknown] == ["pkg/p3/x.go:4", "pkg/p[4]/x.go:2"]



HOT_PATH = """
import sys
sys.argv = ["specsync", "check", "--all-files"]
from hooks.cli import main
code = main()
heavy = ("ruamel", "deepdiff", "typing", "dataclasses", "subprocess", "json", "tempfile",
         "pathlib", "hooks.discovery.go", "hooks.discovery.make", "hooks.discovery.shell")
print(code, sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy))
"""


def test_in_sync_with_discovered_links_stays_on_the_light_path(make_repo: MakeRepo) -> None:
    import subprocess
    import sys

    repo = make_repo({**FILES, "pkg/a/spec.yaml": "v: 2\n", "charts/app/crds/crd.yaml":
                      "kind: CRD\n", "Makefile": "x:\n\tcp -f *.yaml charts/app/crds/\n",
                      "charts/app/crds/spec.yaml": "v: 2\n"})
    project = str(Path(__file__).resolve().parents[1])
    argv = [sys.executable, "-S", "-c", f"import sys; sys.path.insert(0, {project!r})\n" + HOT_PATH]
    runs = [subprocess.run(argv, cwd=repo, capture_output=True, text=True, check=False)
            for _ in range(2)]  # cold: parses and caches; warm: the cache only
    assert runs[0].stdout.startswith("0 ")
    assert "'hooks.discovery.make'" in runs[0].stdout  # the cold run parsed the Makefile
    assert runs[1].stdout == "0 []\n", runs[1].stderr


def test_staged_bytes_are_read_from_disk_only_when_they_hash_to_the_staged_id(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({"a/Makefile": "x:\n\tcp a b\n", "b/Makefile": "x:\n\tcp c d\n"})
    (repo / "b/Makefile").write_text("x:\n\tcp unstaged edit\n")
    snap = snapshot.index(find_repo(str(repo)))
    assert scan.read_verified(snap, ["a/Makefile", "b/Makefile", "gone"]) == {
        "a/Makefile": b"x:\n\tcp a b\n", "b/Makefile": b"x:\n\tcp c d\n"}


def test_nothing_declared(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({"README.md": "x\n", "main.go": "package main\n"})
    assert cli(["discover"]) == 0
    assert capsys.readouterr().out == (
        "no copies declared by //go:generate lines or Makefile recipes\n")


@pytest.mark.parametrize("config", [
    "links:\n- source: spec.yaml  # zero-indented lists\n  copies:\n  - docs/spec.yaml\n",
    "discover: [go]\nlinks:\n    -   source: spec.yaml\n        copies: ['docs/spec.yaml']\n",
], ids=["zero-indented", "wide-and-flow"])
def test_write_keeps_the_file_style(make_repo: MakeRepo, config: str) -> None:
    repo = make_repo({**FILES, ".specsync.yaml": config, "docs/spec.yaml": "v: 2\n"})
    assert cli(["discover", "--write"]) == 1
    text = read(repo, ".specsync.yaml").decode()
    kept = config.splitlines()
    assert text.splitlines()[: len(kept) - 1] == kept[:-1]  # the last line gains a copy
    assert "pkg/a/spec.yaml" in text and "charts/app/crds/crd.yaml" in text
    parse(text.encode(), ".specsync.yaml")
