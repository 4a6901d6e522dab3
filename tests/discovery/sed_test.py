"""discovery.script_sed against the real GNU sed: generated `s/RE/REP/` commands from the
subset it reads give, on generated one-line inputs, exactly what `sed` prints; what it
does not read is refused, never guessed."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from specsync.discovery import script_sed
from specsync.discovery.shell_syntax import Unsupported

needs_sed = pytest.mark.skipif(shutil.which("sed") is None, reason="sed is needed")

ATOMS = ["a", "b", "_", "-", ".", "x", r"\.", "[ab]", "[^a]", "[a-c]", "[]a]", "[.-]", r"\*",
         "/"]
TEXT = st.text(alphabet="ab_.-x*/", max_size=8)


@st.composite
def bres(draw: st.DrawFn) -> tuple[str, int]:
    """A BRE of the subset, and how many groups it has."""
    pieces: list[str] = []
    groups = 0
    for _ in range(draw(st.integers(1, 5))):
        atom = draw(st.sampled_from(ATOMS))
        repeat = draw(st.sampled_from(["", "", "*", r"\{1,\}", r"\{2\}", r"\{0,1\}"]))
        piece = atom + repeat
        if draw(st.booleans()) and groups < 3:
            piece = rf"\({piece}\)"
            groups += 1
        pieces.append(piece)
    return (("^" if draw(st.booleans()) else "") + "".join(pieces)
            + ("$" if draw(st.booleans()) else "")), groups


@st.composite
def commands(draw: st.DrawFn) -> str:
    bre, groups = draw(bres())
    parts = ["&", "y", "-", r"\&", "."] + [rf"\{n}" for n in range(1, groups + 1)]
    rep = "".join(draw(st.lists(st.sampled_from(parts), max_size=4)))
    return f"s/{bre.replace('/', chr(92) + '/')}/{rep}/{draw(st.sampled_from(['', 'g']))}"


def real_sed(command: str, lines: list[str]) -> list[str]:
    proc = subprocess.run(["sed", command], input="".join(f"{t}\n" for t in lines),
                          capture_output=True, text=True, check=True)
    return proc.stdout.split("\n")[:-1]


@needs_sed
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(command=commands(), lines=st.lists(TEXT, min_size=1, max_size=12))
def test_the_subset_is_what_sed_prints(command: str, lines: list[str]) -> None:
    assert [script_sed.apply(command, t) for t in lines] == real_sed(command, lines)


@needs_sed
@pytest.mark.parametrize(("command", "text", "out"), [
    (r"s/^.*_\([^.]\{1,\}\)\.yaml/\1.crd.yaml/", "operators.coreos.com_subscriptions.yaml",
     "subscriptions.crd.yaml"),
    ("s|a|x&|g", "a.yaml", "xa.yxaml"),
    (r"s/\(b*\)a/[\1]/", "bba", "[bb]"),
    ("s/*a/b/", "x*a", "xb"),
    ("s/a$b/c/", "a$b", "c"),
    ("s/a^/c/", "a^", "c"),
])
def test_examples_are_what_sed_prints(command: str, text: str, out: str) -> None:
    assert script_sed.apply(command, text) == out == real_sed(command, [text])[0]


@pytest.mark.parametrize("command", [
    r"s/a\+/b/", r"s/a\?/b/", r"s/a\|b/c/", r"s/\w/b/", "s/a/b/2", "s/a/b/p", "y/ab/ba/",
    "s/[[:alpha:]]/b/", r"s/\(a\)*/b/", "s/a**/b/", r"s/a/\n/", r"s/a/\L&/", "s/[a-Z]/b/",
    r"s/\(a/b/", r"s/a\{,2\}/b/",
])
def test_what_it_does_not_read_is_refused(command: str) -> None:
    with pytest.raises(Unsupported):
        script_sed.apply(command, "aab")


@pytest.mark.parametrize("words", [["sed", "-E", "s/a/b/"], ["sed", "-n", "s/a/b/p"],
                                   ["sed", "s/a/b/", "file"]])
def test_other_sed_invocations_are_refused(words: list[str]) -> None:
    with pytest.raises(Unsupported):
        script_sed.pipe(words)


def test_text_that_is_not_one_ascii_line_is_refused() -> None:
    for text in ("a\nb", "ä"):
        with pytest.raises(Unsupported):
            script_sed.apply("s/a/b/", text)
