"""The discrepancies the differential tests found, kept as examples (run through the same
harness against the real make / go generate): each failed on the code before its fix.

"""
from __future__ import annotations

import pytest

from tests.discovery.differential_go_test import differential as go_differential
from tests.discovery.differential_go_test import needs_go
from tests.discovery.differential_make_test import differential, needs_make
from tests.discovery.differential_strategies import GoRepo, MakeRepo, tree


def _make(makefile: str, *targets: str) -> MakeRepo:
    files = {**tree(), "Makefile": makefile.encode()}
    end = makefile.count("\n")
    return MakeRepo(files, "", {t: [(1, end)] for t in targets}, {})


MAKE = {
    "both-colon-kinds": ("t0: ; cp src/b.yaml out/b.yaml\nt0:: ; cp src/a.yaml out/a.yaml\n",
                         ("t0",)),
    "overridden-recipe": ("t0:\n\tcp src/a.yaml out/a.yaml\nt0:\n\tcp src/b.yaml out/b.yaml\n",
                          ("t0",)),
    "overridden-for-one-target": (
        "t0 t1:\n\tcp src/a.yaml out/a.yaml\n\tcp src/c.json $@.json\n"
        "t0:\n\tcp src/b.yaml out/b.yaml\n", ("t0", "t1")),
    "into-a-file-as-a-folder": ("t0:\n\tcp src/a.yaml src/b.yaml out/a.yaml\n", ("t0",)),
    "into-a-missing-folder": ("t0:\n\tcp src/a.yaml out/new/\n", ("t0",)),
    "into-a-removed-folder": ("t0:\n\trm -rf out && cp src/*.yaml out/\n", ("t0",)),
    "two-sources-one-a-folder": ("t0:\n\tcp -r src/missing.yaml src/. out/new/\n", ("t0",)),
    "and-then-a-comment": ("t0:\n\tcp src/a.yaml out/a.yaml && # cp src/b.yaml out/b.yaml\n",
                           ("t0",)),
    "empty-command-before-a-separator": ("t0:\n\tcp src/a.yaml out/a.yaml ; ; true\n", ("t0",)),
    "a-folder-into-itself": ("t0:\n\tcp -a src/. src/sub/keep.txt\n", ("t0",)),
    "after-an-rm-of-what-cannot-be-read": (
        "ifdef D\nD := out\nelse\nD := out\nendif\nt0:\n\trm -rf $(D)/\n"
        "\tcp src/a.yaml out/sub/d.yaml\n", ("t0",)),
    "a-copy-into-a-folder-an-rm-removed": (  # cp fails: out/sub is gone
        "t0:\n\trm -rf out/\n\tcp src/a.yaml out/sub/d.yaml\n", ("t0",)),
    "a-later-cat-of-an-untracked-file-truncates-the-copy": (
        "out/b.yaml:\n\tcp src/b.yaml $@\n\tcat src/missing.yaml > $@\n", ("out/b.yaml",)),
    "a-later-line-writes-the-target": (  # S is set twice: line 4 is read as text
        "S := src\nS := src\nout/b.yaml:\n\tcp src/b.yaml $@\n\tcat $(S)/missing.yaml > $@\n",
        ("out/b.yaml",)),
    "a-folder-onto-a-file": ("t0:\n\tcp -R src/. out/a.yaml\n", ("t0",)),
    "cat-into-a-folder": ("t0:\n\tcat src/c.json > new/\n", ("t0",)),
    "cat-onto-a-folder": ("t0:\n\tcat src/c.json > out\n", ("t0",)),
    # sh never matches a leading dot with [...], and ** is * in sh (discovery.shell_glob)
    "bracket-matches-a-dotfile": ("t0:\n\tcp src/*[.]yaml out/\n", ("t0",)),
    "double-star-is-one-folder": ("t0:\n\tcp src/**/*.yaml out/\n", ("t0",)),
}


@needs_make
@pytest.mark.parametrize("case", MAKE.values(), ids=MAKE.keys())
def test_make_examples(case: tuple[str, tuple[str, ...]]) -> None:
    differential(_make(case[0], *case[1]))


def _go(*files: str) -> GoRepo:
    tracked = {**tree(), "go.mod": b"module example.com/x\n\ngo 1.19\n",
               "pkg/a/a.yaml": b"pkg/a/a.yaml\n"}
    for number, text in enumerate(files):
        tracked[f"pkg/a/{'gen' if number == 0 else 'z'}.go"] = text.encode()
    return GoRepo(tracked, ["pkg/a"])


GO = {  # a failing cp stops go generate for the rest of the package
    "missing-source": ("package a\n\n//go:generate cp ../../src/missing.yaml x.yaml\n"
                       "//go:generate cp ../../src/a.yaml a.yaml\n",),
    "literal-wildcard": ("package a\n\n//go:generate cp ../../src/*.yaml ../../out/\n"
                         "//go:generate cp ../../src/b.yaml a.yaml\n",),
    "into-a-missing-folder": ("package a\n\n//go:generate cp ../../src/a.yaml sub/\n"
                              "//go:generate cp ../../src/b.yaml a.yaml\n",),
    "syntax-error": ('package a\n\n//go:generate sh -c "cp ../../src/a.yaml a.yaml &&"\n'
                     "//go:generate cp ../../src/b.yaml b.yaml\n",),
    "a-failure-stops-a-file-run-first": (  # gen.go runs first and fails: z.go never runs
        'package a\n\n//go:generate sh -c "cp ../../src/c.json sub/"\n',
        "package a\n\n//go:generate cp ../../src/a.yaml a.yaml\n"
        "//go:generate cp ../../src/b.yaml b.yaml"),  # no newline: z.go fails too
    "an-edited-copy-that-fails": ("package a\n\n//go:generate cp ../../src/missing.yaml sub/\n"
                                  "//go:generate cp ../../src/b.yaml b.yaml\n"
                                  "//go:generate cp ../../src/a.yaml sub/\n",),
    "the-rest-of-its-script": ('package a\n\n//go:generate sh -c "cp ../../src/missing.yaml '
                               'x.yaml && cp ../../src/b.yaml b.yaml"\n',),
    "in-an-earlier-file": ("package a\n\n//go:generate cp ../../src/missing.yaml x.yaml\n",
                           "package a\n\n//go:generate cp ../../src/b.yaml a.yaml\n"),
}


@needs_go
@pytest.mark.parametrize("case", GO.values(), ids=GO.keys())
def test_go_examples(case: tuple[str, ...]) -> None:
    go_differential(_go(*case))
