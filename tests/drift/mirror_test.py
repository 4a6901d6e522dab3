"""Folder mirrors, prune, transforms and compare levels through the CLI and real pre-commit."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from specsync import cli

from tests.conftest import MakeRepo
from tests.helpers import git, pre_commit, read, snapshot_tree, write

CRD = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {}\n"
FOLDERS = ("charts/app/crds/", "charts/app/files/crds/")
CONFIG = """\
links:
  - source: config/crd/bases/*.yaml
    copies: [charts/app/crds/, charts/app/files/crds/]
    prune: true
"""


def crd_repo(make_repo: MakeRepo) -> Path:
    """Three CRDs mirrored into two chart folders (committed), then: `new` added, `a`
    changed, `old` removed from the source (staged); an untracked file in a chart folder."""
    files = {".specsync.yaml": CONFIG, "charts/app/crds/README.md": "# chart CRDs\n"}
    for name in ("a", "b", "old"):
        files[f"config/crd/bases/{name}.yaml"] = CRD.format(name)
        for folder in FOLDERS:
            files[f"{folder}{name}.yaml"] = CRD.format(name)
    repo = make_repo(files, commit=True)
    write(repo, {"config/crd/bases/new.yaml": CRD.format("new"),
                 "config/crd/bases/a.yaml": CRD.format("a") + "spec:\n  group: example.com\n"})
    git(repo, "rm", "-q", "config/crd/bases/old.yaml")
    git(repo, "add", "-A")
    write(repo, {"charts/app/crds/scratch.yaml": "untracked: true\n"})
    return repo


def headlines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("charts/")]


# both copies of a.yaml differ from it in the same way: one headline names them both
GROUPED_A = ("charts/app/crds/a.yaml, charts/app/files/crds/a.yaml: out of sync with "
             "config/crd/bases/a.yaml [content]")
EXPECTED_REPORT = [GROUPED_A] + [
    line for folder in FOLDERS for line in (
        f"{folder}new.yaml: missing copy of config/crd/bases/new.yaml [missing]",
        f"{folder}old.yaml: source was removed (no config/crd/bases/old.yaml); fix deletes it "
        "(prune) [removed]",
    )
]


@pytest.mark.parametrize("argv", [
    pytest.param(["--all-files"], id="all-files"),
    pytest.param(["config/crd/bases/a.yaml"], id="only-a-changed"),
    pytest.param([".pre-commit-config.yaml"], id="unrelated-file-changed"),
])
def test_crd_check_reports_added_changed_removed(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], argv: list[str],
) -> None:
    crd_repo(make_repo)
    code = cli.main(["check", *argv])
    out = capsys.readouterr().out
    expected = EXPECTED_REPORT
    if "--all-files" not in argv and "config/crd/bases/a.yaml" not in argv:
        # pairs of unchanged files are skipped; extras and missing copies never are
        expected = [h for h in EXPECTED_REPORT if "/a.yaml" not in h]
    assert headlines(out) == expected
    copies = len(expected) + (GROUPED_A in expected)
    assert f"specsync: {copies} copies out of sync." in out
    assert code == 1


def test_crd_fix_writes_creates_deletes_and_leaves_the_rest(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = crd_repo(make_repo)
    assert cli.main(["fix"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        line for folder in FOLDERS for line in (
            f"Fixing {folder}a.yaml (from config/crd/bases/a.yaml)",
            f"Creating {folder}new.yaml (from config/crd/bases/new.yaml)",
            f"Deleting {folder}old.yaml (its source config/crd/bases/old.yaml was removed)",
        )
    ] + ["stage: git add " + " ".join(f"{folder}{name}.yaml" for folder in sorted(FOLDERS)
                                      for name in ("a", "new", "old"))]
    for folder in FOLDERS:
        assert read(repo, f"{folder}a.yaml") == read(repo, "config/crd/bases/a.yaml")
        assert read(repo, f"{folder}new.yaml") == CRD.format("new").encode()
        assert not (repo / f"{folder}old.yaml").exists()
    assert read(repo, "charts/app/crds/README.md") == b"# chart CRDs\n"
    assert read(repo, "charts/app/crds/scratch.yaml") == b"untracked: true\n"

    before = snapshot_tree(repo)
    assert cli.main(["fix"]) == 1  # second run: nothing to write, but not staged yet
    out = capsys.readouterr().out
    assert "charts/app/crds/old.yaml: already deleted in the working tree, not staged yet" in out
    stage = out.splitlines()[-1]
    assert stage.startswith("stage: git add ") and "charts/app/crds/old.yaml" in stage
    assert snapshot_tree(repo) == before
    git(repo, "add", *stage.split()[3:])  # the printed line stages the deletions too
    assert cli.main(["check", "--all-files"]) == 0
    assert "?? charts/app/crds/scratch.yaml" in git(repo, "status", "--porcelain").splitlines()


def test_worktree_fix_never_deletes_untracked_files(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = crd_repo(make_repo)
    assert cli.main(["fix", "--worktree"]) == 1
    out = capsys.readouterr().out
    assert "scratch.yaml" not in out
    assert read(repo, "charts/app/crds/scratch.yaml") == b"untracked: true\n"
    assert not (repo / "charts/app/crds/old.yaml").exists()
    assert cli.main(["check", "--worktree"]) == 0


@pytest.mark.parametrize("flags", [[], ["--worktree"], ["--force"]],
                         ids=["refused", "refused-worktree", "force"])
def test_an_extra_with_unstaged_edits_is_not_deleted(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], flags: list[str],
) -> None:
    repo = crd_repo(make_repo)
    force = "--force" in flags
    write(repo, {"charts/app/crds/old.yaml": "my local edit\n"})
    assert cli.main(["fix", *flags]) == 1
    out = capsys.readouterr().out
    if force:
        assert not (repo / "charts/app/crds/old.yaml").exists()
    else:
        assert ("charts/app/crds/old.yaml: has unstaged changes; stage or stash them first, "
                "or use --force (not deleted)") in out
        assert read(repo, "charts/app/crds/old.yaml") == b"my local edit\n"
    assert not (repo / "charts/app/files/crds/old.yaml").exists()


SPEC = "openapi: 3.0.3\ninfo:\n  title: Café\n  version: '1.5'\ncomponents:\n  schemas:\n" \
       "    Pet:\n      type: object\n"
TRANSFORMS = """\
links:
  - source: api/openapi.yaml
    copies:
      - path: web/public/openapi.json
        transform: yaml-to-json
        indent: 2
      - path: charts/app/schemas.yaml
        select: /components/schemas
      - path: pkg/api/spec_data.yaml
        header: "# Code generated by specsync from {source}. DO NOT EDIT."
"""


def test_transforms_fix_twice_changes_nothing(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = make_repo({"api/openapi.yaml": SPEC, ".specsync.yaml": TRANSFORMS})
    assert cli.main(["fix"]) == 1
    assert read(repo, "web/public/openapi.json") == (
        '{\n  "openapi": "3.0.3",\n  "info": {\n    "title": "Café",\n    "version": "1.5"\n'
        '  },\n  "components": {\n    "schemas": {\n      "Pet": {\n        "type": "object"\n'
        "      }\n    }\n  }\n}\n").encode()
    assert read(repo, "charts/app/schemas.yaml") == b"Pet:\n  type: object\n"
    assert read(repo, "pkg/api/spec_data.yaml") == (
        b"# Code generated by specsync from api/openapi.yaml. DO NOT EDIT.\n" + SPEC.encode())
    git(repo, "add", "-A")
    before = snapshot_tree(repo)
    capsys.readouterr()
    assert cli.main(["fix"]) == 0
    assert capsys.readouterr().out == ""
    assert snapshot_tree(repo) == before
    assert cli.main(["check", "--all-files"]) == 0


@pytest.mark.parametrize(("first_line", "note"), [
    pytest.param(b"", "pkg/api/spec_data.yaml: its generated header is missing", id="missing"),
    pytest.param(b"# Code generated by specsync from api/other.yaml. DO NOT EDIT.\n",
                 "pkg/api/spec_data.yaml: its generated header names another source: "
                 "# Code generated by specsync from api/other.yaml. DO NOT EDIT.", id="other"),
])
def test_header_drift_says_why(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], first_line: bytes, note: str,
) -> None:
    config = ("links:\n  - source: api/openapi.yaml\n    copies:\n"
              "      - path: pkg/api/spec_data.yaml\n"
              '        header: "# Code generated by specsync from {source}. DO NOT EDIT."\n')
    repo = make_repo({"api/openapi.yaml": SPEC, ".specsync.yaml": config,
                      "pkg/api/spec_data.yaml": first_line + SPEC.encode()})
    assert cli.main(["check"]) == 1
    assert f"  {note}" in capsys.readouterr().out
    assert cli.main(["fix"]) == 1
    git(repo, "add", "-A")
    assert cli.main(["check"]) == 0


@pytest.mark.parametrize(("level", "code"), [("text", 0), ("data", 0), ("bytes", 1)])
def test_crlf_copy(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], level: str,
                   code: int) -> None:
    config = (f"links:\n  - source: api/openapi.yaml\n    copies:\n"
              f"      - {{path: pkg/spec.yaml, compare: {level}}}\n")
    make_repo({"api/openapi.yaml": SPEC, ".specsync.yaml": config,
               "pkg/spec.yaml": SPEC.replace("\n", "\r\n")})
    assert cli.main(["check", "--all-files"]) == code
    out = capsys.readouterr().out
    assert ("pkg/spec.yaml: out of sync with api/openapi.yaml" in out) is bool(code)


@pytest.mark.parametrize(("config", "message"), [
    pytest.param("links:\n  - source: a/*.yaml\n    copies: [out.yaml]\n",
                 ".specsync.yaml:3: copy 'out.yaml' is one file but source 'a/*.yaml' is a glob; "
                 "end the copy with / to mirror the matches into a folder", id="glob-to-file"),
    pytest.param("links:\n  - source: a/*.yaml\n    copies: [out/*.yaml]\n",
                 ".specsync.yaml:3: copy 'out/*.yaml' is a glob; name a file, or a folder ending "
                 "in / that receives the matches", id="glob-copy"),
    pytest.param("links:\n  - source: a/*.yaml\n    copies:\n"
                 "      - {path: out/, transform: yaml-to-json}\n",
                 ".specsync.yaml:4: copy 'out/' is a folder; transform needs a copy file "
                 "(its name says the format)", id="transform-into-folder"),
    pytest.param("links:\n  - source: a/x.yaml\n    copies:\n"
                 "      - {path: x.json, transform: yaml-to-json, header: '# gen'}\n",
                 ".specsync.yaml:4: copy 'x.json' is JSON, which has no comment line for a "
                 "header", id="header-on-json"),
    pytest.param("links:\n  - source: a/x.yaml\n    copies: [b/x.yaml]\n    prune: true\n",
                 ".specsync.yaml:4: prune needs a glob source and a folder copy (a path ending "
                 "in /): it deletes copies whose source no longer matches",
                 id="prune-without-folder"),
    pytest.param("links:\n  - source: a/x.yaml\n    copies: [b/]\n    prune: true\n",
                 ".specsync.yaml:4: prune needs a glob source and a folder copy (a path ending "
                 "in /): it deletes copies whose source no longer matches",
                 id="prune-without-glob"),
    pytest.param("links:\n  - source: a/x.yaml\n    copies:\n      - path: b.yaml\n"
                 "        indent: 4\n",
                 ".specsync.yaml:5: indent applies only to the output of transform or select",
                 id="indent-without-transform"),
    pytest.param("links:\n  - source: a/x.yaml\n    copies: [{path: b.yaml, select: x}]\n",
                 ".specsync.yaml:3: select must be a JSON pointer such as /components/schemas",
                 id="bad-pointer"),
    pytest.param("links:\n  - source: a/x.yaml\n    copies: [{path: b.yaml, compare: loose}]\n",
                 ".specsync.yaml:3: compare must be one of bytes, data, text, not 'loose'",
                 id="bad-level"),
])
def test_config_mistakes(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], config: str,
                         message: str) -> None:
    make_repo({".specsync.yaml": config, "a/x.yaml": "x: 1\n"})
    assert cli.main(["check", "--all-files"]) == 2
    assert capsys.readouterr().err.strip() == message


def test_two_links_may_share_a_folder(make_repo: MakeRepo) -> None:
    config = ("links:\n  - source: a/*.yaml\n    copies: [out/]\n    prune: true\n"
              "  - source: b/*.sql\n    copies: [out/]\n")
    make_repo({".specsync.yaml": config, "a/x.yaml": "x\n", "b/y.sql": "y\n",
               "out/x.yaml": "x\n", "out/y.sql": "y\n"})
    assert cli.main(["check", "--all-files"]) == 0


def test_real_pre_commit_try_repo(make_repo: MakeRepo, hook_repo: tuple[Path, str]) -> None:
    """`pre-commit try-repo` of this project on the CRD fixture: every kind of drift shown."""
    path, rev = hook_repo
    repo = crd_repo(make_repo)
    run = pre_commit(repo, "try-repo", str(path), "specsync-check", "--ref", rev, "--all-files")
    assert run.returncode == 1, run.stdout + run.stderr
    assert headlines(run.stdout) == EXPECTED_REPORT
    assert read(repo, "charts/app/crds/scratch.yaml") == b"untracked: true\n"


def test_real_commit_that_only_deletes_a_source(
    make_repo: MakeRepo, hook_repo: tuple[Path, str], shared_home: None,
) -> None:
    """pre-commit passes no file names for a deletion; the installed hook still runs."""
    path, rev = hook_repo
    repo = crd_repo(make_repo)
    git(repo, "reset", "-q", "--hard")
    write(repo, {".pre-commit-config.yaml": f"repos:\n  - repo: {path}\n    rev: {rev}\n"
                 "    hooks:\n      - id: specsync-check\n"
                 "      - id: specsync-fix\n        stages: [manual]\n"})
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-qm", "pre-commit config")
    assert pre_commit(repo, "install").returncode == 0
    git(repo, "rm", "-q", "config/crd/bases/b.yaml")
    proc = subprocess.run(["git", "-C", str(repo), "commit", "-m", "drop b"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert headlines(proc.stdout + proc.stderr) == [
        f"{folder}b.yaml: source was removed (no config/crd/bases/b.yaml); fix deletes it (prune) "
        "[removed]"
        for folder in FOLDERS
    ]
    fix = pre_commit(repo, "run", "--hook-stage", "manual", "specsync-fix", "--all-files")
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert not (repo / "charts/app/crds/b.yaml").exists()
    git(repo, "add", "-u", "charts")
    proc = subprocess.run(["git", "-C", str(repo), "commit", "-m", "drop b"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert read(repo, "charts/app/crds/README.md") == b"# chart CRDs\n"
    assert read(repo, "charts/app/crds/scratch.yaml") == b"untracked: true\n"
