"""`rm` before `cp` in a recipe makes a mirror: stale files are reported and fixed as prune does.

Each case runs the real `make -B` on a duplicate of a committed repository and
compares the files `specsync fix` leaves, deletions included. A folder that `rm`
empties exactly (or a set that the cp refills exactly) is a mirror; anything else
the rm deletes and nothing refills is listed as not understood.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from specsync.cli import main

from tests.conftest import MakeRepo
from tests.discovery.real_make import discovered, needs_make, run_make
from tests.helpers import git, snapshot_tree

SOURCES = {f"src/{n}.yaml": f"{n}: 1\n" for n in ("a", "b")}


@needs_make
@pytest.mark.parametrize(("files", "stale"), [
    pytest.param({"Makefile": "x:\n\trm -rf charts/app/crds\n\tcp -r src charts/app/crds\n",
                  "charts/app/Chart.yaml": "name: app\n", "charts/app/crds/a.yaml": "a: 1\n",
                  "charts/app/crds/old.yaml": "old: 1\n", "charts/app/crds/.keep": ""},
                 ["charts/app/crds/.keep", "charts/app/crds/old.yaml"], id="rm-rf-then-cp-r"),
    pytest.param({"Makefile": "x:\n\t@rm -rf deploy\n\t@cp -r staging/deploy .\n"
                              "\t@rm -rf charts/app\n\t@cp -r staging/charts/app ./charts\n",
                  **{f"staging/deploy/{n}.yaml": f"{n}: 1\n" for n in ("a", "b")},
                  "staging/charts/app/Chart.yaml": "name: app\n",
                  "deploy/a.yaml": "a: 0\n", "deploy/gone.yaml": "gone: 1\n",
                  "charts/app/Chart.yaml": "name: app\n", "charts/app/old.tpl": "old\n",
                  "charts/other/Chart.yaml": "name: other\n"},
                 ["charts/app/old.tpl", "deploy/gone.yaml"], id="cp-r-into-the-parent"),
    pytest.param({"Makefile": "x:\n\trm -f out/*.yaml\n\tcp src/*.yaml out/\n",
                  "out/old.yaml": "old: 1\n", "out/README.md": "kept: rm names *.yaml\n"},
                 ["out/old.yaml"], id="rm-glob-then-cp-glob"),
    pytest.param({"Makefile": "x:\n\trm -rf out && mkdir -p out && cp src/*.yaml out/\n",
                  "out/old.yaml": "old: 1\n"}, ["out/old.yaml"], id="one-line"),
])
def test_a_mirrored_folder_loses_its_stale_files_as_make_does(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        files: dict[str, str], stale: list[str]) -> None:
    repo = make_repo({**SOURCES, **files}, commit=True)
    reference, proc = run_make(repo, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    for _ in range(2):  # the second run replays the remembered resolution
        capsys.readouterr()
        assert main(["check", "--all-files"]) == 1
        out = capsys.readouterr().out
        assert all(f"{s}: source was removed" in out for s in stale), out
    main(["fix", "--all-files"])
    assert snapshot_tree(repo) == snapshot_tree(reference)
    assert not any((repo / s).exists() for s in stale)
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


@needs_make
@pytest.mark.parametrize(("files", "reason"), [
    pytest.param({"Makefile": "x:\n\trm -rf out\n\tmkdir -p out\n\tcp src/a.yaml out/\n",
                  "out/README.md": "deleted by make\n"},
                 "the rm before this cp deletes out/README.md, which no copy refills",
                 id="rm-takes-more-than-cp-refills"),
    pytest.param({"Makefile": "x:\n\trm -f out/*.yaml\n\tcp src/*.yaml out/\n",
                  "out/old.yaml": "old: 1\n", "out/.hidden.yaml": "sh's rm keeps it\n"},
                 "the rm before this cp deletes out/old.yaml, which no copy refills",
                 id="prune-would-take-a-dotfile-rm-keeps"),
    pytest.param({"Makefile": "x:\n\trm -rf out\n\tmkdir -p out\n\tcp src/a.yaml out/\n"
                              "\tcp src/b.yaml out/\n", "out/old.yaml": "old\n"},
                 "the rm before this cp deletes out/old.yaml, which no copy refills",
                 id="several-cp-refill-it"),
])
def test_what_rm_deletes_and_no_copy_refills_is_not_understood(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        files: dict[str, str], reason: str) -> None:
    repo = make_repo({**SOURCES, **files}, commit=True)
    reference, proc = run_make(repo, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    gone = sorted(set(snapshot_tree(repo)) - set(snapshot_tree(reference)))
    assert gone and all(reason.split(" deletes ")[1].startswith(g) for g in gone[:1])
    _, unknown = discovered(capsys)
    assert any(reason in u for u in unknown), unknown


@needs_make
def test_a_stale_file_edited_in_this_commit_is_never_deleted(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({**SOURCES, "Makefile": "x:\n\trm -f out/*.yaml\n\tcp src/*.yaml out/\n",
                      "out/old.yaml": "old: 1\n"}, commit=True)
    (repo / "out/old.yaml").write_text("old: 2, edited by hand\n")
    git(repo, "add", "-A")
    capsys.readouterr()
    assert main(["fix", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "out/old.yaml: was edited in this commit" in out, out
    assert (repo / "out/old.yaml").read_text() == "old: 2, edited by hand\n"
