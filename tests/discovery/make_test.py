"""Makefile discovery: recipes read the way GNU make reads them, checked against the real make."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from specsync.commands.check import main as check
from specsync.commands.fix import main as fix
from specsync.discovery import make

from tests.conftest import MakeRepo
from tests.discovery.real_make import needs_make
from tests.helpers import git, snapshot_tree

CRD = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nversion: {v}\n"


def ops(text: str, path: str = "Makefile") -> list[tuple[int, tuple[str, ...], str]]:
    return [(o.line, o.sources, o.dest) for o in make.find(path, text.encode()).ops]


def unknown(text: str, path: str = "Makefile") -> list[tuple[int, str]]:
    return [(u.line, u.reason) for u in make.find(path, text.encode()).unknown]


RECIPES = [
    ("glob-into-chart", "helm:\n\tcp -f config/crd/bases/*.yaml charts/app/crds/\n",
     [(2, ("config/crd/bases/*.yaml",), "charts/app/crds")]),
    ("bundle", "bundle:\n\t@cp config/crd/bases/* bundle/manifests\n",
     [(2, ("config/crd/bases/*",), "bundle/manifests")]),
    ("cat-redirect", "x:\n\tcat artifacts/x/crd.yaml > charts/x/crds/crd.yaml\n",
     [(2, ("artifacts/x/crd.yaml",), "charts/x/crds/crd.yaml")]),
    ("variables", "CHART = charts/$(NAME)\nNAME := app\nCRDS ?= config/crd/bases\n"
                  "x:\n\tcp $(CRDS)/a.yaml ${CHART}/crds/\n",
     [(5, ("config/crd/bases/a.yaml",), "charts/app/crds")]),
    ("append", "FILES = a.yaml\nFILES += b.yaml\nx:\n\tcp $(FILES) out/\n",
     [(4, ("a.yaml", "b.yaml"), "out")]),
    ("continuation-and-and",
     "x:\n\tmkdir -p out && \\\n\t  cp a.yaml out/ ; \\\n\tcp b.yaml out/\n",
     [(2, ("a.yaml",), "out"), (2, ("b.yaml",), "out")]),
    ("prefixes", "x:\n\t-@cp a b\n", [(2, ("a",), "b")]),
    ("automatic-variables", "charts/x/crd.yaml: config/crd.yaml\n\tcat $< > $@\n",
     [(2, ("config/crd.yaml",), "charts/x/crd.yaml")]),
    ("two-targets", "a.yaml b.yaml: src.yaml\n\tcp $< $@\n",
     [(2, ("src.yaml",), "a.yaml"), (2, ("src.yaml",), "b.yaml")]),
    ("recipe-after-semicolon", "x: ; cp a b\n", [(1, ("a",), "b")]),
    ("not-a-copy-is-ignored",
     "build:\n\tgo build ./...\n\t$(KUSTOMIZE) build | kubectl apply -f -\n", []),
    ("comments-and-blank-lines", "x:\n\t# cp in a comment is the shell's\n\n# make comment\n"
                                 "\tcp a b\n", [(5, ("a",), "b")]),
    ("dollar-dollar-in-other-lines", "x:\n\tfor f in *; do echo $$f; done\n\tcp a b\n",
     [(3, ("a",), "b")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in RECIPES],
                         ids=[c[0] for c in RECIPES])
def test_recipes(text: str, expected: list[object]) -> None:
    assert ops(text) == expected


def test_makefile_in_a_subfolder_runs_from_there() -> None:
    text = "helm:\n\tcp -r config/crd/bases/ ../helm-chart/app/crds/\n"
    assert ops(text, "operator/Makefile") == [
        (2, ("operator/config/crd/bases",), "helm-chart/app/crds")]


NOT_UNDERSTOOD = [
    ("unset-variable", "x:\n\tcp $(SRC) b\n", "cannot expand $(SRC)"),
    ("shell-function", "SRC = $(shell ls)\nx:\n\tcp $(SRC) b\n", "$(shell ls)"),
    ("conditional-variable", "ifeq ($(A),1)\nSRC = a\nendif\nx:\n\tcp $(SRC) b\n", "conditionally"),
    ("set-twice", "SRC = a\nSRC = b\nx:\n\tcp $(SRC) b\n", "more than once"),
    ("shell-assignment", "SRC != ls\nx:\n\tcp $(SRC) b\n", "cannot expand $(SRC)"),
    ("pattern-rule", "%.yaml: %.json\n\tcp $< $@\n", "pattern rule"),
    ("shell-variable", "x:\n\tcp $$HOME/a b\n", "shell variable"),
    ("substitution", "A = a.json\nx:\n\tcp $(A:.json=.yaml) b\n", "$(A:.json=.yaml)"),
    ("conditional-recipe", "x:\nifeq ($(A),1)\n\tcp a b\nendif\n", "conditional"),
    ("edited-later", "x:\n\tcp a charts/crd.yaml\n\tsed -i s/a/b/ charts/crd.yaml\n",
     "line 3 of the same recipe also names charts/crd.yaml"),
    ("mixed", "x:\n\tcp a b && go run ./gen\n", "runs 'go'"),
    ("oneshell", ".ONESHELL:\nx:\n\tcd sub\n\tcp a b\n", ".ONESHELL"),
]


@pytest.mark.parametrize(("text", "reason"), [c[1:] for c in NOT_UNDERSTOOD],
                         ids=[c[0] for c in NOT_UNDERSTOOD])
def test_not_understood(text: str, reason: str) -> None:
    found = make.find("Makefile", text.encode())
    assert found.ops == []
    assert len(found.unknown) == 1
    assert reason in found.unknown[0].reason


def test_logical_lines_keep_recipe_continuations_for_the_shell() -> None:
    text = "A = one \\\n    two\nx:\n\tcp a \\\n\t\tb\n"
    assert make.logical_lines(text) == [
        (1, "A = one two", False), (3, "x:", False), (4, "\tcp a \\\n\tb", True), (6, "", False)]


# the CRD -> Helm chart / OLM bundle repository, every copy drifted or missing
CRD_REPO = {
    "config/crd/bases/apps.example.com_widgets.yaml": CRD.format(v=2),
    "config/crd/bases/apps.example.com_gadgets.yaml": CRD.format(v=2),
    "artifacts/x/crd.yaml": CRD.format(v=3),
    "Makefile": """\
CHART ?= charts/widget
CRDS := config/crd/bases

.PHONY: helm-crds bundle x-chart
helm-crds:
\t@echo "copying CRDs into $(CHART)"
\tcp -f $(CRDS)/*.yaml $(CHART)/crds/

bundle:
\tcp config/crd/bases/* \\
\t  bundle/manifests

x-chart: charts/x/crds/crd.yaml
charts/x/crds/crd.yaml: artifacts/x/crd.yaml
\tcat $< > $@

build:
\tgo build ./...
\tcp $(OUTPUT)/app bin/

extras:
\tmkdir -p charts/x/extra && cp artifacts/x/crd.yaml charts/x/extra/ ; \
\t  cd config/crd/bases && cp apps.example.com_gadgets.yaml ../../../charts/x/extra/g.yaml
""",
    "charts/widget/Chart.yaml": "name: widget\n",
    "charts/widget/crds/apps.example.com_widgets.yaml": CRD.format(v=1),
    "bundle/manifests/widget.clusterserviceversion.yaml": "kind: ClusterServiceVersion\n",
    "charts/x/Chart.yaml": "name: x\n",
    "charts/x/crds/crd.yaml": CRD.format(v=1),
    "operator/Makefile": "helm:\n\tcp -r config/crd/bases/. ../helm-chart/app/crds/\n",
    "operator/config/crd/bases/a.yaml": CRD.format(v=5),
    "operator/config/crd/bases/nested/b.yaml": CRD.format(v=6),
    "helm-chart/app/Chart.yaml": "name: app\n",
}


def test_no_config_reports_the_stale_chart_crds(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo(CRD_REPO)
    assert check(["--all-files"]) == 1
    out = capsys.readouterr().out
    assert ("charts/widget/crds/apps.example.com_widgets.yaml: out of sync with "
            "config/crd/bases/apps.example.com_widgets.yaml") in out
    assert "declared at Makefile:7" in out
    assert ("charts/widget/crds/apps.example.com_gadgets.yaml: missing copy of "
            "config/crd/bases/apps.example.com_gadgets.yaml") in out
    assert "charts/x/crds/crd.yaml: out of sync with artifacts/x/crd.yaml" in out
    assert "declared at Makefile:15" in out
    assert "helm-chart/app/crds/nested/b.yaml: missing copy" in out
    assert "bundle/manifests/apps.example.com_gadgets.yaml: missing copy" in out
    assert "charts/x/extra/g.yaml: missing copy of config/crd/bases/apps.example.com_gadgets" in out
    assert "specsync: 9 copies out of sync." in out


def test_a_changed_recipe_triggers_its_links(make_repo: MakeRepo) -> None:
    repo = make_repo({"Makefile": "x:\n\tcp a.yaml b.yaml\n", "a.yaml": "v: 2\n",
                      "b.yaml": "v: 1\n", "README.md": "x\n"}, commit=True)
    assert check(["README.md"]) == 0
    (repo / "Makefile").write_text("x:\n\t@cp a.yaml b.yaml\n")
    git(repo, "add", "Makefile")
    assert check(["Makefile"]) == 1


@needs_make
def test_fix_writes_what_make_writes(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo(CRD_REPO)
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    for args in (["make", "-B", "helm-crds", "bundle", "x-chart", "extras"],
                 ["make", "-C", "operator"]):
        proc = subprocess.run(args, cwd=reference, capture_output=True, check=False)
        assert proc.returncode == 0, proc.stderr.decode()
    assert fix(["--all-files"]) == 1
    assert snapshot_tree(repo) == snapshot_tree(reference)
    git(repo, "add", "-A")
    assert fix(["--all-files"]) == 0
    assert check(["--all-files"]) == 0


@given(st.text(alphabet="ab/.*$(){}:=?+!\\\t\n #;&|>'\"@-cpatifeqdn%<^", max_size=120))
@settings(max_examples=300, deadline=None)
def test_any_text_yields_records_never_a_traceback(text: str) -> None:
    found = make.find("sub/Makefile", text.encode())
    for op in found.ops:
        assert not op.dest.startswith("../") and not op.dest.startswith("/")
