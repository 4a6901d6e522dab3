"""`options.quick` reads the usual command lines exactly as argparse does, or declines."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from specsync.commands import options
from specsync.commands.options import Options


def _fields(opts: Options) -> tuple[object, ...]:
    return tuple(list(v) if isinstance(v, (list, tuple)) else v
                 for v in (getattr(opts, name) for name in Options.__slots__))


def _argparse(args: list[str], fix: bool) -> tuple[object, ...] | None:
    try:
        return _fields(options.parse(options.parser("specsync", "", fix=fix), args))
    except SystemExit:
        return None


QUICK = [
    pytest.param([], False, id="nothing"),
    pytest.param(["--all-files"], False, id="all-files"),
    pytest.param(["a.yaml", "b/c.json"], False, id="file-names"),
    pytest.param(["--all-files", "--diff", "-v", "a.yaml"], False, id="flags-then-files"),
    pytest.param(["--rev", "origin/main", "--verbose"], False, id="rev"),
    pytest.param(["--format", "text", "x"], False, id="format-text"),
    pytest.param(["--worktree", "--force", "a.yaml"], True, id="fix-force"),
]


@pytest.mark.parametrize(("args", "fix"), QUICK)
def test_quick_reads_the_usual_command_lines_like_argparse(args: list[str], fix: bool) -> None:
    opts = options.quick(args, fix=fix)
    assert opts is not None
    assert _fields(opts) == _argparse(args, fix)


DECLINED = [
    pytest.param(["--help"], False, id="help"),
    pytest.param(["--all"], False, id="abbreviation"),
    pytest.param(["--rev=main"], False, id="rev-equals"),
    pytest.param(["--rev"], False, id="rev-without-value"),
    pytest.param(["--worktree", "--rev", "main"], False, id="exclusive-options"),
    pytest.param(["a.yaml", "--all-files"], False, id="flag-after-a-file"),
    pytest.param(["--", "-x.yaml"], False, id="double-dash"),
    pytest.param(["--force"], False, id="fix-flag-on-check"),
    pytest.param(["--diff"], True, id="check-flag-on-fix"),
    pytest.param(["--format", "json"], False, id="other-format"),
]


@pytest.mark.parametrize(("args", "fix"), DECLINED)
def test_quick_leaves_the_rest_to_argparse(args: list[str], fix: bool) -> None:
    assert options.quick(args, fix=fix) is None


def test_a_file_named_like_an_option_is_left_to_argparse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--force").write_text("")
    assert options.quick(["--force"], fix=True) is None
    assert options.read("specsync fix", "", ["--force"], fix=True).force is False


TOKENS = st.sampled_from(["--all-files", "--worktree", "--diff", "--verbose", "-v", "--force",
                          "--rev", "--format", "text", "main", "a.yaml", "-", "--", "-x", ""])


@given(st.lists(TOKENS, max_size=6), st.booleans())
def test_quick_agrees_with_argparse_whenever_it_answers(args: list[str], fix: bool) -> None:
    opts = options.quick(args, fix=fix)
    if opts is not None:
        assert _fields(opts) == _argparse(args, fix)
