"""Automatic variables and recipes when several rules name one target, as GNU make 4.3 runs them.

The prerequisites of every ordinary rule for a target merge: the rule with the
recipe comes first, then the others in the order make read them (`$+`; `$^`
without repeats; `$<` the first). A later recipe overrides an earlier one, which
never runs for that target. Double-colon rules stay apart. What may add
prerequisites unseen leaves `$^`/`$+` (and `$<` when the recipe's rule names
none) not understood. Each case runs the real `make -B` on a duplicate tree.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeRepo
from tests.discovery.real_make import discovered, fix_as_make_does, needs_make

TREE = {f"src/{n}.yaml": f"{n}: 1\n" for n in ("a", "b", "c")} | {
    "out/keep.txt": "a tracked copy folder\n", "extra.mk": "out/all: src/c.yaml\n"}


@needs_make
@pytest.mark.parametrize(("makefile", "expected"), [
    pytest.param("out/a.yaml: src/a.yaml\nout/a.yaml:\n\tcp $< $@\n",
                 ["src/a.yaml -> out/a.yaml"], id="first-prerequisite-from-another-rule"),
    pytest.param("out/all: src/c.yaml src/a.yaml\nout/all: src/b.yaml\n\tcp $^ out/\n"
                 "out/all: src/a.yaml\n", [f"src/{n}.yaml -> out/{n}.yaml" for n in "abc"],
                 id="all-prerequisites"),
    pytest.param("out/b.yaml: src/a.yaml\nout/b.yaml: src/b.yaml\n\tcp $< $@\n",
                 ["src/b.yaml -> out/b.yaml"], id="recipe-rule-first"),
    pytest.param("x: src/a.yaml\n\tcp $< out/a.yaml\nx: src/b.yaml\n\tcp $< out/b.yaml\n",
                 ["src/b.yaml -> out/b.yaml"], id="overridden-recipe-never-runs"),
    pytest.param("x:: src/a.yaml\n\tcp $^ out/\nx:: src/b.yaml\n\tcp $^ out/\n",
                 ["src/a.yaml -> out/a.yaml", "src/b.yaml -> out/b.yaml"],
                 id="double-colon-rules-apart"),
    pytest.param("include extra.mk\nout/all: src/a.yaml\n\tcp $^ out/\n",
                 ["src/a.yaml -> out/a.yaml", "src/c.yaml -> out/c.yaml"],
                 id="an-included-rule-adds-prerequisites"),
    pytest.param("include extra.mk\nout/all:\n\tcp $< out/\n", ["src/c.yaml -> out/c.yaml"],
                 id="first-prerequisite-from-an-included-rule"),
])
def test_several_rules_for_one_target(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        makefile: str, expected: list[str]) -> None:
    fix_as_make_does(make_repo({**TREE, "Makefile": makefile}), tmp_path)
    links, _ = discovered(capsys)
    assert links == expected


@pytest.mark.parametrize(("makefile", "reason"), [
    pytest.param("-include local.mk\nout/all: src/a.yaml\n\tcp $^ out/\n",
                 "uses $^, but an included file may add prerequisites", id="include"),
    pytest.param("ifeq ($(X),1)\nout/all: src/b.yaml\nendif\nout/all: src/a.yaml\n"
                 "\tcp $^ out/\n", "uses $^, but a rule for out/all is under a make conditional",
                 id="conditional-rule"),
    pytest.param("out/all: $(shell ls src)\nout/all: src/a.yaml\n\tcp $+ out/\n",
                 "uses $+, but the prerequisites of a rule for out/all do not expand",
                 id="prerequisites-do-not-expand"),
    pytest.param("-include local.mk\nout/all:\n\tcp $< out/\n",
                 "uses $<, but an included file may add prerequisites", id="first-unknown"),
    pytest.param(".SECONDEXPANSION:\nout/all: src/a.yaml\n\tcp $^ out/\n",
                 "uses $^, but the Makefile sets .SECONDEXPANSION", id="second-expansion"),
    pytest.param("out/c.yaml: out/%.yaml: src/%.yaml\n\tcp $< $@\n",
                 "uses $<, but a static pattern rule adds prerequisites to out/c.yaml",
                 id="static-pattern"),
])
def test_prerequisites_that_may_be_added_unseen_are_not_guessed(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], makefile: str,
        reason: str) -> None:
    make_repo({**TREE, "Makefile": makefile})
    links, unknown = discovered(capsys)
    assert links == []
    assert [u.partition(": ")[2].rpartition(": ")[2] for u in unknown] == [reason]


def test_include_keeps_the_first_prerequisite_of_the_recipe_rule(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({**TREE, "Makefile": "-include local.mk\nout/a.yaml: src/a.yaml\n\tcp $< $@\n"})
    assert discovered(capsys) == (["src/a.yaml -> out/a.yaml"], [])
