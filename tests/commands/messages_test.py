"""Issue 14 defect 4, messages that help: a mistyped command or option gets a suggestion,
a config path that does not exist gets the closest tracked path, and YAML syntax errors
are said in plain words with their line. Each is one line, exit 2 (a missing copy stays
drift, with a note)."""
from __future__ import annotations

import pytest
from specsync.cli import main

from tests.helpers import git, write

SPEC = "a: 1\nb: 2\n"


@pytest.mark.parametrize(("argv", "line"), [
    pytest.param(["chek"], "specsync: unknown command 'chek' (did you mean 'check'?); "
                 "see specsync --help", id="chek"),
    pytest.param(["fixx"], "specsync: unknown command 'fixx' (did you mean 'fix'?); "
                 "see specsync --help", id="fixx"),
    pytest.param(["discovr"], "specsync: unknown command 'discovr' (did you mean "
                 "'discover'?); see specsync --help", id="discovr"),
    pytest.param(["zzz"], "specsync: unknown command 'zzz'; see specsync --help", id="no-match"),
    pytest.param(["fix", "--forse"], "specsync fix: unrecognized arguments: --forse (did you "
                 "mean '--force'?); see specsync fix --help", id="option"),
    pytest.param(["check", "--al-files"], "specsync check: unrecognized arguments: "
                 "--al-files (did you mean '--all-files'?); see specsync check --help",
                 id="option-check"),
    pytest.param(["discover", "--wrte"], "specsync discover: unrecognized arguments: --wrte "
                 "(did you mean '--write'?); see specsync discover --help", id="discover"),
    pytest.param(["check", "--format", "jsn"], "specsync check: argument --format: invalid "
                 "choice: 'jsn' (choose from 'text', 'json', 'github', 'sarif'); see specsync "
                 "check --help", id="choice"),
])
def test_usage_errors_are_one_line_with_a_suggestion(make_repo, capsys, argv, line):
    make_repo({"a": "x"})
    try:
        code = main(argv)
    except SystemExit as e:  # argparse's way out, as at the console
        code = e.code
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err == line + "\n"
    assert captured.out == ""


def test_no_command_still_prints_the_usage(capsys):
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("usage: specsync")


def _config(source: str, copy: str = "c.yaml") -> str:
    return f"links:\n  - source: {source}\n    copies: [{copy}]\n"


@pytest.mark.parametrize(("source", "hint"), [
    pytest.param("api/openapi/data_v1.yaml", " (did you mean 'api/openapi/data-v1.yaml'?)",
                 id="name-typo"),
    pytest.param("api/opnapi/data-v1.yaml", " (did you mean 'api/openapi/data-v1.yaml'?)",
                 id="folder-typo"),
    pytest.param("data-v1.yaml", " (did you mean 'api/openapi/data-v1.yaml'?)",
                 id="folder-left-out"),
    pytest.param("api/openapi/data-v1.yml", " (did you mean 'api/openapi/data-v1.yaml'?)",
                 id="extension"),
    pytest.param("api/openapi/zzz.yaml", "", id="nothing-close"),
])
def test_a_missing_source_suggests_the_closest_tracked_path(make_repo, capsys, source, hint):
    make_repo({".specsync.yaml": _config(source), "api/openapi/data-v1.yaml": SPEC,
               "api/openapi/other.yaml": SPEC, "c.yaml": SPEC})
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        f".specsync.yaml:2: source {source!r} does not exist in the staged files{hint}\n")


def test_a_missing_copy_next_to_a_close_name_gets_a_note(make_repo, capsys):
    make_repo({".specsync.yaml": _config("s.yaml", "pkg/c.yml"), "s.yaml": SPEC,
               "pkg/c.yaml": SPEC})
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "  pkg/c.yml: no such file yet: fix creates it, unless 'pkg/c.yaml' was meant" in out


def test_a_missing_copy_in_a_new_folder_gets_no_note(make_repo, capsys):
    make_repo({".specsync.yaml": _config("s.yaml", "v2/c.yaml"), "s.yaml": SPEC,
               "v1/c.yaml": SPEC})
    assert main(["check"]) == 1
    assert "was meant" not in capsys.readouterr().out


# real broken documents: (text, line:column, the words)
BROKEN = [
    pytest.param("a:\n  b: 1\n c: 2\n", "3:2",
                 "this key is indented differently from the keys above it", id="key-indent-less"),
    pytest.param("a:\n  b: 1\n   c: 2\n", "3:4",
                 "this key is indented differently from the keys above it (more than the line "
                 "before)", id="key-indent-more"),
    pytest.param("a:\n\tb: 1\n", "2:1", "a tab character cannot indent YAML; use spaces",
                 id="tab"),
    pytest.param("a: b: c\n", "1:5", "a second ': ' on this line; a value that contains ': ' "
                 "must be quoted", id="key-value-value"),
    pytest.param("a: 1\nb: 2\na: 3\n", "3:1", 'the key "a" appears twice in the same mapping',
                 id="duplicate-key"),
    pytest.param('a: "hello\nb: 2\n', "1:4",
                 "this quoted value is never closed (a quote is missing)", id="unclosed-quote"),
    pytest.param("a: 'hello\nb: 2\n", "1:4",
                 "this quoted value is never closed (a quote is missing)", id="unclosed-single"),
    pytest.param("a: [1, 2\nb: 3\n", "1:4",
                 "this '[' list is not closed by ']' (or an item in it lacks its comma)",
                 id="unclosed-bracket"),
    pytest.param("a: {x: 1\nb: 3\n", "1:4",
                 "this '{' mapping is not closed by '}' (or an item in it lacks its comma)",
                 id="unclosed-brace"),
    pytest.param("a: 1\nfoo\nb: 2\n", "2:1",
                 "this line is not 'key: value' (a ':' is missing, or it is indented wrongly)",
                 id="no-colon"),
    pytest.param("a: 1\n- b\n", "2:1", "a list item cannot stand among the keys of a mapping",
                 id="item-among-keys"),
    pytest.param("- a\nb: 1\n", "2:1", "a key cannot stand among the items of a list",
                 id="key-among-items"),
    pytest.param("a:\n  - 1\n - 2\n", "3:2",
                 "this list item is indented differently from the items above it",
                 id="item-indent"),
    pytest.param('a: "x" y\n', "1:8",
                 "unexpected text after a value on this line (quote the whole value)",
                 id="text-after-quote"),
    pytest.param("a: @x\n", "1:4", "'@' cannot start a value; put the value in quotes",
                 id="reserved-character"),
    pytest.param("a: *x\n", "1:4", "this alias ('*name') refers to no anchor ('&name') "
                 "above it", id="undefined-alias"),
    pytest.param('a: "\\q"\n', "1:5", "an unknown backslash escape in a double-quoted value; "
                 "use single quotes, or write '\\\\' for a backslash", id="escape"),
]


@pytest.mark.parametrize(("text", "where", "words"), BROKEN)
def test_yaml_errors_in_the_config_are_plain_words(make_repo, capsys, text, where, words):
    make_repo({".specsync.yaml": text})
    assert main(["check"]) == 2
    line = where.split(":")[0]
    assert capsys.readouterr().err == f".specsync.yaml:{line}: not valid YAML: {words}\n"


@pytest.mark.parametrize(("text", "where", "words"), BROKEN)
def test_yaml_errors_in_a_copy_are_plain_words(make_repo, capsys, text, where, words):
    repo = make_repo({".specsync.yaml": _config("s.yaml"), "s.yaml": SPEC, "c.yaml": SPEC},
                     commit=True)
    write(repo, {"c.yaml": text})
    git(repo, "add", "c.yaml")
    assert main(["check"]) == 1
    assert f"  c.yaml:{where}: not valid YAML: {words}\n" in capsys.readouterr().out
