"""Variables and rules from files a Makefile includes (issue 13, item 4: `include`d *.mk).

Each Makefile runs through the real `make -B` on a duplicate tree; `specsync fix
--all-files` must write exactly what make wrote, or - where make reads what specsync
cannot - link nothing and list the recipe line as not understood.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from specsync.cli import main

from tests.conftest import MakeRepo
from tests.discovery.real_make import needs_make, run_make
from tests.helpers import git, snapshot_tree

TREE = {"config/crd/bases/a.yaml": "kind: A\n", "config/crd/bases/b.yaml": "kind: B\n",
        "charts/crds/a.yaml": "old\n", "charts/crds/b.yaml": "old\n",
        "bundle/manifests/a.yaml": "old\n", "bundle/manifests/b.yaml": "old\n"}

UNDERSTOOD = {  # name: (files, target, what discover lists)
    "variables-from-an-included-file": (
        {"Makefile": "include make/paths.mk\ncrds:\n\tcp $(CRDS)/*.yaml $(DEST)/\n",
         "make/paths.mk": "CRDS := config/crd/bases\nDEST ?= charts/crds\n"},
        "crds", "Makefile:3: config/crd/bases/a.yaml -> charts/crds/a.yaml"),
    "project-dir-before-an-include-of-curdir": (  # the kubebuilder/NVIDIA layout
        {"Makefile": "PROJECT_DIR := $(shell dirname $(abspath $(lastword $(MAKEFILE_LIST))))\n"
                     "include $(CURDIR)/versions.mk\n"
                     "sync:\n\tcp $(PROJECT_DIR)/config/crd/bases/* "
                     "$(PROJECT_DIR)/bundle/manifests\n",
         "versions.mk": "VERSION ?= v1.0.0\nGIT_COMMIT ?= $(shell git describe)\n"},
        "sync", "Makefile:4: config/crd/bases/b.yaml -> bundle/manifests/b.yaml"),
    "a-rule-in-an-included-file-runs-in-makes-folder": (
        {"Makefile": "include make/helm.mk\n",
         "make/helm.mk": "HERE := $(dir $(lastword $(MAKEFILE_LIST)))\n"
                         "helm:\n\tcp $(HERE)../config/crd/bases/a.yaml charts/crds/\n"},
        "helm", "make/helm.mk:3: config/crd/bases/a.yaml -> charts/crds/a.yaml"),
    "nested-includes-and-sinclude": (
        {"Makefile": "-include make/all.mk\nx:\n\tcp $(SRC) $(OUT)\n",
         "make/all.mk": "SRC := config/crd/bases/b.yaml\nsinclude make/out.mk\n",
         "make/out.mk": "OUT = charts/crds/b.yaml\n"},
        "x", "Makefile:3: config/crd/bases/b.yaml -> charts/crds/b.yaml"),
    "a-vendored-include-named-with-addprefix": (  # third-party .mk files make reads
        {"Makefile": "include $(addprefix ./vendor/example.com/lib/make/, \\\n"
                     "\ttargets/dest.mk \\\n\tlib/tmp.mk\\\n)\n"
                     "crds:\n\tcp config/crd/bases/a.yaml $(CRD_DEST)/\n",
         "vendor/example.com/lib/make/targets/dest.mk": "CRD_DEST ?=$(TMP_CHARTS)/$(KIND)\n"
                                                        "KIND ?=crds\n",
         "vendor/example.com/lib/make/lib/tmp.mk": "TMP_ROOT :=charts\n"
                                                  "TMP_CHARTS :=$(TMP_ROOT)\n"},
        "crds", "Makefile:6: config/crd/bases/a.yaml -> charts/crds/a.yaml"),
    "a-rule-of-a-vendored-include-is-a-rule-of-the-makefile": (
        {"Makefile": "include $(addsuffix .mk,vendor/example.com/lib/crds)\n",
         "vendor/example.com/lib/crds.mk": "OUT := charts/crds\n"
                                          "crds:\n\tcp config/crd/bases/b.yaml $(OUT)/\n"},
        "crds", "vendor/example.com/lib/crds.mk:3: config/crd/bases/b.yaml -> "
                "charts/crds/b.yaml"),
    "an-include-guard-and-a-file-included-twice": (  # build-machinery layout
        {"Makefile": "include $(addprefix lib/, a.mk b.mk)\n"
                     "crds:\n\tcp config/crd/bases/a.yaml $(OUT)/\n",
         "lib/a.mk": "include $(dir $(lastword $(MAKEFILE_LIST)))tmp.mk\n"
                     "ifndef _A_MK_\n_A_MK_ := defined\nOUT ?= $(TMP_CHARTS)/crds\nendif\n",
         "lib/b.mk": "include $(addprefix $(dir $(lastword $(MAKEFILE_LIST))), tmp.mk a.mk)\n",
         "lib/tmp.mk": "TMP := charts\nTMP_CHARTS := $(TMP)\n"},
        "crds", "Makefile:3: config/crd/bases/a.yaml -> charts/crds/a.yaml"),
    "a-wildcard-include": (
        {"Makefile": "include make/*.mk\nx:\n\tcp $(SRC)/b.yaml $(DEST)/\n",
         "make/dest.mk": "DEST := charts/crds\n", "make/src.mk": "SRC := config/crd/bases\n"},
        "x", "Makefile:3: config/crd/bases/b.yaml -> charts/crds/b.yaml"),
    "rules-a-macro-evaluates-are-rules-of-the-makefile": (  # the build-image idiom
        {"Makefile": "include images.mk\nREG ?= quay.io/x\n"
                     "$(call build-image,api,$(REG)/api:latest,./Dockerfile)\n"
                     "crds:\n\tcp config/crd/bases/a.yaml $(OUT)/\n",
         "images.mk": "BUILDER ?= echo\nOUT := charts/crds\n"
                      "define build-image-internal\nimage-$(1):\n"
                      "\t$(strip $(BUILDER) \\\n\t\t-t $(2) -f $(3))\n"
                      ".PHONY: image-$(1)\nimages: image-$(1)\nendef\n"
                      "define build-image\n$(eval $(call build-image-internal,$(1),$(2),$(3)))\n"
                      "endef\n"},
        "crds", "Makefile:5: config/crd/bases/a.yaml -> charts/crds/a.yaml"),
}


def _make(repo: Path, tmp: Path, target: str) -> dict[str, bytes]:
    reference, proc = run_make(repo, tmp, target)
    assert proc.returncode == 0, proc.stderr.decode()
    return snapshot_tree(reference)


def _discover(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["discover"]) == 0
    return capsys.readouterr().out


@needs_make
@pytest.mark.parametrize("case", UNDERSTOOD.values(), ids=UNDERSTOOD.keys())
def test_fix_writes_what_make_writes_with_the_included_files(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: tuple[dict[str, str], str, str]) -> None:
    files, target, link = case
    repo = make_repo({**TREE, **files}, commit=True)
    made = _make(repo, tmp_path, target)
    out = _discover(capsys)
    assert f"  {link}\n" in out, out
    assert "not understood" not in out, out
    assert main(["fix", "--all-files"]) == 1
    assert snapshot_tree(repo) == made


REFUSED = {  # name: (files, target, what discover says)
    "an-include-under-a-conditional-sets-unknown-values": (
        {"Makefile": "D := charts/crds\nifeq ($(FLAVOUR),bundle)\ninclude bundle.mk\nendif\n"
                     "x:\n\tcp config/crd/bases/a.yaml $(D)/\n",
         "bundle.mk": "D := bundle/manifests\n"}, "x", "cannot expand $(D)"),
    "a-wildcard-include": (
        {"Makefile": "D := charts/crds\ninclude make/*.mk\n"
                     "x:\n\tcp config/crd/bases/a.yaml $(D)/\n",
         "make/b.mk": "D := bundle/manifests\n"}, "x", "cannot expand $(D)"),
    "an-include-of-an-untracked-file": (
        {"Makefile": "D := charts/crds\n-include local.mk\n"
                     "x:\n\tcp config/crd/bases/a.yaml $(D)/\n"},
        "x", "cannot expand $(D)"),
    "a-copy-in-a-rule-an-eval-defines": (
        {"Makefile": "define copy-rule\n$(1):\n\tcp config/crd/bases/a.yaml charts/crds/\n"
                     "endef\n$(eval $(call copy-rule,x))\n"},
        "x", "the rule is defined by the $(eval ...) of Makefile:5"),
    "a-macro-that-evaluates-called-in-a-value": (
        {"Makefile": "define set-d\n$(eval D := $(1))\nendef\nD := charts/crds\n"
                     "NOTHING := $(call set-d,bundle/manifests)\n"
                     "x:\n\tcp config/crd/bases/a.yaml $(D)/\n"},
        "x", "line 5 uses set-d, which runs $(eval ...)"),
    "a-macro-that-evaluates-called-through-a-value": (
        {"Makefile": "define set-d\n$(eval D := $(1))\nendef\nD := charts/crds\nM := set-d\n"
                     "$(info $(call $(M),bundle/manifests))\n"
                     "x:\n\tcp config/crd/bases/a.yaml $(D)/\n"},
        "x", "line 6 uses a macro named by a value, which runs $(eval ...)"),
    "an-ifdef-of-what-an-unread-include-may-set": (
        {"Makefile": "D := charts/crds\n-include local.mk\nifdef BUNDLE\nD := bundle/manifests\n"
                     "endif\nx:\n\tcp config/crd/bases/a.yaml $(D)/\n"},
        "x", "cannot expand $(D)"),
}


@needs_make
@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_an_include_specsync_cannot_follow_is_refused(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: tuple[dict[str, str], str, str]) -> None:
    files, target, said = case
    repo = make_repo({**TREE, **files}, commit=True)
    (repo / "local.mk").write_text("D := bundle/manifests\n")  # on disk, never tracked
    made = _make(repo, tmp_path, target)
    out = _discover(capsys)
    assert said in out, out
    assert " -> " not in out, out
    for name, data in made.items():
        (repo / name).write_bytes(data)
    git(repo, "add", "-A", ":!local.mk")
    assert main(["check", "--all-files"]) == 0


def test_an_edit_to_an_included_file_is_seen_through_the_cache(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({**TREE, "Makefile": "include paths.mk\nx:\n\tcp config/crd/bases/a.yaml "
                      "$(DEST)/\n", "paths.mk": "DEST := charts/crds\n"}, commit=True)
    assert main(["check", "--all-files"]) == 1  # cached with paths.mk's object id
    (repo / "paths.mk").write_text("DEST := bundle/manifests\n")
    git(repo, "add", "paths.mk")
    out = _discover(capsys)
    assert "-> bundle/manifests/a.yaml" in out, out
    assert "-> charts/crds/a.yaml" not in out, out
