"""globs: the config-glob engine matches exactly as its regex translation did, in linear time.

The reference below is the regex the engine used to be: exact, but `**/` segments in
a row made it backtrack (ten of them against a 30-folder path took 46 s).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from specsync import globs

from tests.hardening.budget import budget


def reference_regex(pattern: str) -> str:
    """The former translation of a config glob to a regex (the documented semantics)."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and (end := pattern.find("]", i + 2)) >= 0:
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            if body.startswith("!"):
                body = "^" + body[1:]
            elif body.startswith("^"):
                body = "\\" + body
            out.append(f"(?!/)[{body}]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


PATTERN_ATOMS = ["a", "b", ".", "/", "*", "?", "**/", "**", "[ab]", "[!a]", "[^a]", "[a-c]",
                 "[]]", "[/]", "-", "\n", "x**", "[.]"]
PATH_CHARS = "ab./c]^\n-x"


@budget(400)
@given(st.lists(st.sampled_from(PATTERN_ATOMS), max_size=7).map("".join),
       st.text(PATH_CHARS, max_size=10))
def test_engine_agrees_with_the_regex_translation(pattern: str, path: str) -> None:
    try:
        expected = re.fullmatch(reference_regex(pattern), path) is not None
    except re.error:  # a nested `[` the regex parser reads differently: not a config glob
        return
    assert globs.Glob(pattern).fullmatch(path) == expected
    assert globs.nfa_match(globs.tokens(pattern), path) == expected


@pytest.mark.parametrize("pattern", [
    pytest.param("**/" * 10 + "c.yaml", id="ten-deep-folders"),
    pytest.param("**/a/" * 10 + "c.yaml", id="deep-folders-with-names"),
    pytest.param("x" + "**/" * 10 + "c.yaml", id="deep-not-whole-folders"),
    pytest.param("*a" * 12 + "c", id="stars-in-one-name"),
    pytest.param("**a" * 12 + "c", id="deep-stars-in-names"),
])
def test_matching_steps_grow_with_pattern_times_path(
        pattern: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A complexity bound, not a timer: count the one-character steps of each match."""
    steps = 0
    step = globs._step

    def counted(token: globs.Token, c: str) -> bool:
        nonlocal steps
        steps += 1
        return step(token, c)

    monkeypatch.setattr(globs, "_step", counted)
    for path in ["a/" * 40 + "b.yaml", "a" * 120 + "b", "xa/" * 40 + "c.yaml"]:
        steps = 0
        globs.Glob(pattern).fullmatch(path)
        assert steps <= 4 * (len(pattern) + 1) * (len(path) + 1), (pattern, path, steps)
        steps = 0
        globs.nfa_match(globs.tokens(pattern), path)
        assert steps <= 4 * (len(pattern) + 1) * (len(path) + 1), (pattern, path, steps)


def test_pathological_pattern_finishes_in_a_child_with_a_generous_budget() -> None:
    """Sixteen `**/` against a 30-folder path: the regex engine ran for hours."""
    code = ("from specsync import globs; "
            "print(globs.match('**/' * 16 + 'x.yaml', ['a/' * 30 + 'b.yaml', 'a/' * 30 + "
            "'x.yaml']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ}, check=True)
    assert done.stdout.strip() == "['" + "a/" * 30 + "x.yaml']"
