"""Shell globs in recipes expand as sh expands them, not as config globs (issue 13).

sh reads `**` as `*` (one folder), never matches a leading `.` with `*`, `?` or
`[...]`, and leaves a glob that matches nothing as it is (cp then fails). What
dash and bash disagree on (`[^x]`, `[[:class:]]`, `.*` listing `.` and `..`) and
quoting inside a bracket are refused. Each case runs the real `make -B` on a
duplicate of the repository: `specsync fix` must leave the same files.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from specsync.discovery import shell_glob

from tests.conftest import MakeRepo
from tests.discovery.real_make import discovered, fix_as_make_does, needs_make, run_make

TREE = {
    "api/a.yaml": "a: 1\n", "api/b.yaml": "b: 1\n", "api/c.yml": "c: 1\n",
    "api/.hidden.yaml": "hidden: 1\n", "api/-dash.yaml": "dash: 1\n",
    "api/v1/d.yaml": "d: 1\n", "api/v1/deep/e.yaml": "e: 1\n",
    "api/.dot/f.yaml": "f: 1\n", "api/.dot/g.yaml": "g: 1\n",
    "out/keep.txt": "the copy folder is tracked\n", "out/a.yaml": "stale\n",
}


@needs_make
@pytest.mark.parametrize(("recipe", "expected"), [
    pytest.param("cp api/**/*.yaml out/", ["api/v1/d.yaml -> out/d.yaml"],
                 id="double-star-is-one-folder"),
    pytest.param("cp api/*[.]yaml out/", [f"api/{n}.yaml -> out/{n}.yaml"
                                         for n in ("-dash", "a", "b")],
                 id="star-never-takes-a-leading-dot"),
    pytest.param("cp api/[!a-]*.y*ml out/", ["api/b.yaml -> out/b.yaml",
                                             "api/c.yml -> out/c.yml"], id="negated-range"),
    pytest.param("cp api/[]a-b]* out/", ["api/a.yaml -> out/a.yaml",
                                         "api/b.yaml -> out/b.yaml"], id="bracket-first"),
    pytest.param("cp api/.h*.yaml out/", ["api/.hidden.yaml -> out/.hidden.yaml"],
                 id="literal-leading-dot"),
    pytest.param("cp -r api/* out/", [
        *(f"api/{n}.yaml -> out/{n}.yaml" for n in ("-dash", "a", "b")),
        "api/c.yml -> out/c.yml", "api/v1/d.yaml -> out/v1/d.yaml",
        "api/v1/deep/e.yaml -> out/v1/deep/e.yaml"], id="recursive-skips-dot-folders"),
    pytest.param("cp api/*.yaml out/\n\trm -f out/[-b]*", ["api/a.yaml -> out/a.yaml"],
                 id="rm-glob-as-sh"),
])
def test_a_recipe_glob_expands_as_sh_does(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        recipe: str, expected: list[str]) -> None:
    repo = make_repo({**TREE, "Makefile": f"x:\n\t{recipe}\n"})
    fix_as_make_does(repo, tmp_path, "x")
    links, unknown = discovered(capsys)
    assert (links, unknown) == (expected, [])


NO_MATCH = "matches no file: sh passes it on as it is, and cp fails"
SHELLS = "the shell glob"


@needs_make
@pytest.mark.parametrize(("recipe", "outcome"), [
    pytest.param("cp api/*.json out/", ("api/*.json " + NO_MATCH, "fails"),
                 id="no-match-stays-literal"),
    pytest.param("cp api/[.]hidden.yaml out/", ("api/[.]hidden.yaml " + NO_MATCH, "fails"),
                 id="bracket-never-takes-a-dot"),
    pytest.param("cp api/?hidden.yaml out/", ("api/?hidden.yaml " + NO_MATCH, "fails"),
                 id="question-never-takes-a-dot"),
    pytest.param("cp api/[^a]*.yaml out/", (f"{SHELLS} api/[^a]*.yaml uses [^...]: a negation "
                                            "in bash and a literal ^ in dash", "runs"),
                 id="caret"),
    pytest.param("cp api/[[:lower:]]*.yaml out/",
                 (f"{SHELLS} api/[[:lower:]]*.yaml uses [[:class:]]; it and the other [[ "
                  "forms depend on the locale", "runs"), id="class"),
    pytest.param("cp -r api/.* out/", (f"{SHELLS} api/.* matches . or .., which dash lists "
                                       "and bash does not", "fails"), id="dot-star"),
    pytest.param('cp api/["a"]*.yaml out/', ('cp api/["a"]*.yaml out/: quotes a character '
                                             "inside a [...] bracket expression", "runs"),
                 id="quote-in-bracket"),
])
def test_what_shells_disagree_on_is_not_understood(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        recipe: str, outcome: tuple[str, str]) -> None:
    """`fails`: the real make stops there (cp of a literal pattern, or of `.` and `..`)."""
    reason, make_does = outcome
    repo = make_repo({**TREE, "Makefile": f"x:\n\t{recipe}\n"})
    _, proc = run_make(repo, tmp_path, "x")
    assert ("fails" if proc.returncode else "runs") == make_does, proc.stderr.decode()
    links, unknown = discovered(capsys)
    assert links == []
    assert unknown == [f"Makefile:2: {reason}"]


def test_a_non_ascii_name_under_question_mark_is_refused() -> None:
    with pytest.raises(shell_glob.Refused, match="not ASCII"):
        shell_glob.expand("api/?.yaml", ["api/é.yaml"])
    assert shell_glob.expand("api/*.yaml", ["api/é.yaml"]) == (["api/é.yaml"], [])


@pytest.mark.parametrize(("pattern", "files", "folders"), [
    ("a/**", ["a/x"], ["a/b"]),
    ("a/*/*", ["a/b/[", "a/b/y"], ["a/b/c"]),
    ("a/[!x]", [], ["a/b"]),
    ("a/b/[[]", ["a/b/["], []),
    ("a/b/[", ["a/b/["], []),
])
def test_expand_lists_files_and_folders_one_folder_deep(
        pattern: str, files: list[str], folders: list[str]) -> None:
    paths = ["a/x", "a/.h", "a/b/y", "a/b/[", "a/b/c/z", "a/.d/w"]
    assert shell_glob.expand(pattern, paths) == (files, folders)


@settings(max_examples=300, deadline=None)
@given(segment=st.text("*?[]!.a-b", max_size=6), names=st.lists(st.text(".a-b*[]", max_size=5)))
def test_a_folder_name_test_is_the_reference_matcher(segment: str, names: list[str]) -> None:
    """`_test` (a C test of the name's end for `*tail`) takes exactly the names that
    `name_fits`, the character walk, takes."""
    try:
        pattern = shell_glob.name_pattern(segment)
    except shell_glob.Refused:
        return
    fit = shell_glob._test(pattern)
    for name in (n for n in names if n):
        assert fit(name) == shell_glob.name_fits(pattern, name), (segment, name)
