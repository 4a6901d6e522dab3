"""The shell subset shared by the go:generate and Makefile finders."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from specsync.discovery import shell, shell_syntax
from specsync.discovery.model import INTO_AUTO, INTO_DIR, INTO_FILE, INTO_MADE


def ops(script: str, cwd: str = "pkg/a") -> list[tuple[tuple[str, ...], str, str, bool, bool]]:
    return [(o.sources, o.dest, o.into, o.recursive, o.fresh)
            for o in shell.interpret(script, "x.go", 3, cwd)]


UNDERSTOOD = [
    ("cp", "cp ../../api/spec.yaml spec.yaml",
     [(("api/spec.yaml",), "pkg/a/spec.yaml", INTO_AUTO, False, False)]),
    ("cp-f", "cp -f ../../s.json s.json", [(("s.json",), "pkg/a/s.json", INTO_AUTO, False, False)]),
    ("cp-into-folder", "cp ../../s.json out/",
     [(("s.json",), "pkg/a/out", INTO_DIR, False, False)]),
    ("cp-several", "cp ../../a.json ../../b.json out",
     [(("a.json", "b.json"), "pkg/a/out", INTO_DIR, False, False)]),
    ("glob", "cp ../../schemas/v1/*.json schemas/",
     [(("schemas/v1/*.json",), "pkg/a/schemas", INTO_DIR, False, False)]),
    ("glob-to-a-name", "cp ../../api/*-v1.yaml spec.yaml",
     [(("api/*-v1.yaml",), "pkg/a/spec.yaml", INTO_AUTO, False, False)]),
    ("quoted-glob-is-literal-class", "cp ../../a'*'/*.json out/",
     [(("a[*]/*.json",), "pkg/a/out", INTO_DIR, False, False)]),
    ("and-list", "cp ../../a b && cp ../../c d",
     [(("a",), "pkg/a/b", INTO_AUTO, False, False), (("c",), "pkg/a/d", INTO_AUTO, False, False)]),
    ("semicolons-and-newlines", "cp ../../a b; cp ../../c d\ncp ../../e f",
     [(("a",), "pkg/a/b", INTO_AUTO, False, False), (("c",), "pkg/a/d", INTO_AUTO, False, False),
      (("e",), "pkg/a/f", INTO_AUTO, False, False)]),
    ("backslash-newline", "cp ../../a \\\n   b", [(("a",), "pkg/a/b", INTO_AUTO, False, False)]),
    ("quotes", "cp '../../my spec.yaml' \"copy \\\"1\\\".yaml\"",
     [(("my spec.yaml",), 'pkg/a/copy "1".yaml', INTO_AUTO, False, False)]),
    ("cat-redirect", "cat ../../crd.yaml > crds/crd.yaml",
     [(("crd.yaml",), "pkg/a/crds/crd.yaml", INTO_FILE, False, False)]),
    ("recursive", "cp -r ../../config/crd/bases/ ../helm/crds/",
     [(("config/crd/bases",), "pkg/helm/crds", INTO_DIR, True, False)]),
    ("contents", "cp -R ../../bases/. out",
     [(("bases/.",), "pkg/a/out", INTO_AUTO, True, False)]),
    ("mkdir-first", "mkdir -p out && cp -r ../../bases out",
     [(("bases",), "pkg/a/out", INTO_MADE, True, False)]),
    ("rm-first", "rm -rf out && cp -r ../../bases out",
     [(("bases",), "pkg/a/out", INTO_AUTO, True, True)]),
    ("cd", "cd ../.. && cp api/s.yaml pkg/a/s.yaml",
     [(("api/s.yaml",), "pkg/a/s.yaml", INTO_AUTO, False, False)]),
    ("target-directory", "cp -t out ../../a ../../b",
     [(("a", "b"), "pkg/a/out", INTO_DIR, False, False)]),
    ("echo-and-comment", "echo copying; cp ../../a b # refresh",
     [(("a",), "pkg/a/b", INTO_AUTO, False, False)]),
    ("dot-dest", "cp ../../a .", [(("a",), "pkg/a", INTO_DIR, False, False)]),
]


@pytest.mark.parametrize(("script", "expected"), [c[1:] for c in UNDERSTOOD],
                         ids=[c[0] for c in UNDERSTOOD])
def test_understood(script: str, expected: list[object]) -> None:
    assert ops(script) == expected


NOT_UNDERSTOOD = [
    ("pipe", "cat a | sed s/x/y/ > b", "'|'"),
    ("or", "cp a b || true", "'||'"),
    ("variable", "cp $SRC b", "shell variable"),
    ("command-substitution", 'cp "$(ls a)" b', "($)"),
    ("append", "cat a >> b", "'>>'"),
    ("fd-redirect", "cp a b 2>/dev/null", "file descriptor 2"),
    ("background", "cp a b &", "'&'"),
    ("other-command", "sed -i s/a/b/ x", "runs 'sed', not a copy"),
    ("cat-two-files", "cat a b > c", "several files"),
    ("cat-to-stdout", "cat a", "cat without one > redirection"),
    ("cp-update", "cp -u a b", "option '-u'"),
    ("cp-long-option", "cp --parents a b", "option '--parents'"),
    ("outside-repo", "cp ../../../a b", "outside the repository"),
    ("absolute", "cp /etc/passwd b", "absolute path"),
    ("brace", "cp a.{json,yaml} out/", "'{' expansion"),
    ("tilde", "cp ~/a b", "'~' expansion"),
    ("unterminated-quote", "cp 'a b", "unterminated"),
    ("one-operand", "cp a", "source and a destination"),
    ("into-git", "cp a ../../.git/hooks/x", "inside .git"),
    ("option-after-operand", "cp a b -f", "after a file name"),
]


@pytest.mark.parametrize(("script", "reason"), [c[1:] for c in NOT_UNDERSTOOD],
                         ids=[c[0] for c in NOT_UNDERSTOOD])
def test_not_understood(script: str, reason: str) -> None:
    with pytest.raises(shell.Unsupported, match=None) as info:
        shell.interpret(script, "x.go", 3, "pkg/a")
    assert reason in str(info.value)


def test_without_a_shell_wildcards_are_not_expanded() -> None:
    with pytest.raises(shell.Unsupported, match="go generate does not expand wildcards"):
        shell.interpret_argv(["cp", "../*.json", "out/"], "x.go", 1, "pkg/a")
    assert [o.sources for o in shell.interpret_argv(["cp", "../s.json", "s.json"], "x.go", 1,
                                                    "pkg/a")] == [("pkg/s.json",)]


def _commands(commands: list[shell_syntax.Command]) -> list[tuple[object, ...]]:
    return [([(w.text, w.glob) for w in c.words], [(w.text, w.glob) for w in c.redirects])
            for c in commands]


def _lexed(script: str) -> object:
    try:
        return _commands(shell_syntax._Lexer(script).run())
    except shell_syntax.Unsupported as e:
        return type(e), str(e)


@given(st.lists(st.sampled_from(["cp", " ", "\t", "-f", "a/b.yaml", "*", "?", "x=1", "@",
                                 "%", "+", ",", ":", "..", "_", "~", "[", "'", "\n", ";",
                                 "#", "&&", "$", "{", ">", "2"]), max_size=9).map("".join))
def test_a_plain_command_is_read_as_the_lexer_reads_it(script: str) -> None:
    """`split` reads a line of plain words and unbracketed globs by `str.split`; anything
    else goes to the lexer: the two agree on every script."""
    try:
        got: object = _commands(shell_syntax.split(script))
    except shell_syntax.Unsupported as e:
        got = type(e), str(e)
    assert got == _lexed(script)
