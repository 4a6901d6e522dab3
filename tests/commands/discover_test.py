"""`specsync discover`, the `discover:` config key, and discovery inside check and fix."""
from __future__ import annotations

import pytest
from specsync.cli import main as cli
from specsync.commands.check import main as check
from specsync.commands.fix import main as fix
from specsync.config.parse import parse

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


def test_nothing_declared(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({"README.md": "x\n", "main.go": "package main\n"})
    assert cli(["discover"]) == 0
    assert capsys.readouterr().out == (
        "no copies declared by //go:generate lines, Makefile recipes or shell scripts\n")


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
