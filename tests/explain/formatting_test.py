"""Issue 14 defect 5: formatting-only drift says which formatting differs, with the first
differing line of each side; linear in the size of the files."""
from __future__ import annotations

import time

import pytest
from specsync.cli import main

from tests.helpers import git, write

SOURCE = """\
openapi: 3.0.3
info:
  title: audit
  version: "1.5"
paths:
  /events:
    get:
      summary: list events
      tags: [audit]
"""
CONFIG = "links:\n  - source: s.yaml\n    copies: [c.yaml]\n"
HEAD = "c.yaml: the parsed data is equal; only formatting differs: "
WHITE = "c.yaml: only whitespace differs (the parsed data is equal): "


def _report(make_repo, capsys, copy: str | bytes) -> list[str]:
    repo = make_repo({".specsync.yaml": CONFIG, "s.yaml": SOURCE, "c.yaml": SOURCE},
                     commit=True)
    write(repo, {"c.yaml": copy})
    git(repo, "add", "c.yaml")
    assert main(["check"]) == 1
    return [line.strip() for line in capsys.readouterr().out.splitlines()]


CASES = [
    pytest.param("---\n" + SOURCE, HEAD + "the copy has an extra leading '---'",
                 id="leading-document-start"),
    pytest.param(SOURCE + "...\n", HEAD + "the copy has an extra trailing '...'",
                 id="trailing-document-end"),
    pytest.param(SOURCE.replace("paths:", "# the paths\npaths:"),
                 HEAD + "a comment only the copy has (line 5: '# the paths')", id="comment-added"),
    pytest.param(SOURCE.replace("openapi: 3.0.3\n", "openapi: 3.0.3\n# generated\n"),
                 HEAD + "a comment only the copy has (line 2: '# generated')", id="comment-2"),
    pytest.param(SOURCE.replace("  title: audit\n  version: \"1.5\"\n",
                                "  version: \"1.5\"\n  title: audit\n"),
                 HEAD + "key order differs at /info (first at copy line 3: '  version: \"1.5\"', "
                 "source line 3: '  title: audit')", id="key-order-nested"),
    pytest.param(SOURCE.replace("summary: list events", "summary: 'list events'"),
                 HEAD + "quoting of a value (first at copy line 8: \"      summary: 'list "
                 "events'\", source line 8: '      summary: list events')", id="quoting"),
    pytest.param(SOURCE.replace("version: \"1.5\"", "version: '1.5'"),
                 HEAD + "quoting of a value (first at copy line 4: \"  version: '1.5'\", "
                 "source line 4: '  version: \"1.5\"')", id="quote-style"),
    pytest.param(SOURCE.replace("tags: [audit]", "tags:\n        - audit"),
                 HEAD + "the style of a value, such as a flow [list] vs a block list (first at "
                 "copy line 9: '      tags:', source line 9: '      tags: [audit]')",
                 id="flow-vs-block"),
    pytest.param(SOURCE.replace("summary: list events", "summary: list events  # why"),
                 HEAD + "an inline comment (first at copy line 8: '      summary: list events  "
                 "# why', source line 8: '      summary: list events')", id="inline-comment"),
    pytest.param(SOURCE.replace("  /events:\n    get:\n      summary: list events\n"
                                "      tags: [audit]\n",
                                "    /events:\n      get:\n        summary: list events\n"
                                "        tags: [audit]\n"),
                 WHITE + "indentation (first at copy line 6: '    /events:', source line 6: "
                 "'  /events:')", id="indentation"),
    pytest.param(SOURCE.replace("title: audit", "title: audit   "),
                 WHITE + "trailing whitespace (first at copy line 3: '  title: audit   ', "
                 "source line 3: '  title: audit')", id="trailing-whitespace"),
    pytest.param(SOURCE.rstrip("\n"), WHITE + "the copy lacks the final newline",
                 id="final-newline"),
    pytest.param(SOURCE.replace("paths:", "\npaths:"), WHITE + "the copy has 1 blank line more",
                 id="blank-line"),
]


@pytest.mark.parametrize(("copy", "detail"), CASES)
def test_formatting_only_drift_names_what_differs(make_repo, capsys, copy, detail):
    assert detail in _report(make_repo, capsys, copy)


def test_line_endings_with_other_whitespace(make_repo, capsys):
    lines = _report(make_repo, capsys, SOURCE.replace("\n", "\r\n").replace(
        "title: audit", "title: audit "))
    assert (WHITE + "line endings: CRLF in the copy, LF in the source; trailing whitespace "
            "(first at copy line 3: '  title: audit ', source line 3: '  title: audit')"
            ) in lines


def test_json_key_order_at_a_pointer(make_repo, capsys):
    repo = make_repo({".specsync.yaml": "links:\n  - source: s.json\n    copies: [c.json]\n",
                      "s.json": '{"a": {"x": 1, "y/z": {"p": 1, "q": 2}}}\n',
                      "c.json": '{"a": {"x": 1, "y/z": {"q": 2, "p": 1}}}\n'})
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "key order differs at /a/y~1z (first at copy line 1:" in out, out
    del repo


def test_the_analysis_is_linear_on_big_files():
    """2 MB then 4 MB of YAML with a quoting change near the end: the time doubles (x3 at
    most, with slack for a shared machine), it does not square."""
    from specsync.explain.formatting import findings

    def timed(n: int) -> float:
        body = "".join(f"k{i}:\n  a: value {i}\n  b: [x, y]\n" for i in range(n))
        copy = body.replace(f"a: value {n - 2}\n", f"a: 'value {n - 2}'\n")
        start = time.perf_counter()
        said = findings(body.encode(), copy.encode(), [])
        assert said and said[0].startswith("quoting of a value"), said
        return time.perf_counter() - start

    small, big = min(timed(60_000) for _ in range(2)), min(timed(120_000) for _ in range(2))
    assert big < 4 * small + 0.1, (small, big)
    assert big < 2.0
