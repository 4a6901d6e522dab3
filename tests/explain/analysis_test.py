"""Classifying a drift and bounding the work: first lines, limits, one parse per text."""
from __future__ import annotations

from unittest import mock

import pytest
from specsync.drift.results import Drift
from specsync.explain import ahead, budget, chunks
from specsync.explain import analysis as explain
from specsync.explain.analysis import Explainer, first_line


def drift(copy: str, source: bytes, actual: bytes) -> Drift:
    return Drift(copy, "api/spec.yaml", "differs", source, actual, ".specsync.yaml:2")


@pytest.mark.parametrize(
    ("actual", "expected", "line"),
    [
        pytest.param(b"a\nb\nc\n", b"a\nB\nc\n", 2, id="middle"),
        pytest.param(b"a\nb\n", b"x\nb\n", 1, id="first"),
        pytest.param(b"a\nb\n", b"a\nb\nc\n", 3, id="copy-is-short"),
        pytest.param(b"a\nb\nc\n", b"a\nb\n", 3, id="copy-is-long"),
        pytest.param(b"a\nbc", b"a\nbd", 2, id="no-final-newline"),
        pytest.param(b"a\r\nb\r\n", b"a\nb\n", 1, id="crlf"),
    ],
)
def test_first_line(actual: bytes, expected: bytes, line: int) -> None:
    assert first_line(actual, expected) == line


def test_a_million_item_yaml_list_falls_back_to_the_text_diff() -> None:
    source = "items:\n" + "".join(f"- {i}\n" for i in range(10**6))
    analysis = Explainer().analyze(drift("c.yaml", source.encode(),
                                         source.replace("- 500000\n", "- -1\n").encode()))
    assert (analysis.cls, analysis.problem, analysis.changes) == (
        "content", "c.yaml: not compared as data: finding and parsing the differing parts "
                   "takes more than the report budget", [])


def test_a_100000_item_json_list_is_compared() -> None:
    source = "[" + ", ".join(map(str, range(10**5))) + "]"
    analysis = Explainer().analyze(drift("c.json", source.encode(),
                                         source.replace(" 50000,", " -1,").encode()))
    assert [(c.pointer, c.message) for c in analysis.changes] == [
        ("/50000", "changed -1 -> 50000")]


def test_a_million_item_json_list_is_over_the_report_budget() -> None:
    """7.9 MB of JSON per side took 2.3 s to compare: more than a report may spend."""
    source = "[" + ", ".join(map(str, range(10**6))) + "]"
    analysis = Explainer().analyze(drift("c.json", source.encode(),
                                         source.replace(" 500000,", " -1,").encode()))
    assert (analysis.problem, analysis.changes) == (
        "c.json: not compared as data: 15.8 MB to parse is more than the rest of the report "
        "budget", [])


@pytest.mark.parametrize(
    ("copy", "text", "problem"),
    [
        pytest.param("c.json", '{"a": 1}\n' + " " * 200, "c.json: not compared as data: the "
                     "copy is 0.2 KB (over the 0.1 KB limit for parsing)", id="json"),
        pytest.param("c.yaml", "a: &x 1\nb: *x\n" + "#" * 200, "c.yaml: not compared as "
                     "data: the copy is 0.2 KB (over the 0.1 KB limit for parsing)",
                     id="yaml-that-cannot-be-cut"),
    ],
)
def test_past_the_size_limit_the_report_says_why(copy: str, text: str, problem: str) -> None:
    with mock.patch.dict(explain.MAX_PARSE_BYTES, {"yaml": 100, "json": 100}):
        analysis = Explainer().analyze(drift(copy, text.replace("1", "2").encode(),
                                             text.encode()))
    assert (analysis.cls, analysis.problem) == ("content", problem)


def test_each_distinct_text_is_parsed_once() -> None:
    source = b"a: &x 1\nb: *x\nc: [1, 2]\n"  # anchors: both sides are parsed whole
    explainer = Explainer()
    with mock.patch.object(explain, "load_text", wraps=explain.load_text) as load:
        for copy in ("one.yaml", "two.yaml"):
            explainer.analyze(drift(copy, source, source.replace(b"[1, 2]", b"[1]")))
    assert load.call_count == 2  # the source and the (identical) stale copy, once each


@pytest.mark.parametrize(
    ("path", "data", "kind"),
    [
        pytest.param("a.json", b"x", ("json", True), id="json-extension"),
        pytest.param("a.yml", b"x", ("yaml", True), id="yml-extension"),
        pytest.param("spec", b' \n{"a": 1}', ("json", False), id="json-content"),
        pytest.param("spec", b"openapi: 3.1.0\n", ("yaml", False), id="openapi-content"),
        pytest.param("crd", b"---\nkind: X\n", ("yaml", False), id="yaml-marker"),
        pytest.param("Makefile", b"all: x\n", (None, False), id="makefile"),
        pytest.param("x.sql", b"create table x;\n", (None, False), id="sql"),
    ],
)
def test_data_kind(path: str, data: bytes, kind: tuple[str | None, bool]) -> None:
    assert explain.data_kind(path, data) == kind


def test_a_parse_error_in_a_big_file_points_at_its_line() -> None:
    """Too big to parse whole: the error of the block is moved to its place in the file."""
    source = "".join(f"k{i}:\n  a: 1\n  b:\n    c: [1, 2]\n" for i in range(40))
    stale = source.replace("k30:\n  a: 1\n  b:\n    c: [1, 2]",
                           "k30:\n  a: 1\n  b:\n    c: [1 2]:")
    whole = Explainer(localize=False).analyze(drift("c.yaml", source.encode(), stale.encode()))
    with mock.patch.dict(explain.MAX_PARSE_BYTES, {"yaml": 200}), \
            mock.patch.object(chunks, "LEAF_BYTES", 0):  # cut down to `c:`, 4 columns in
        cut = Explainer().analyze(drift("c.yaml", source.encode(), stale.encode()))
    assert cut.problem == whole.problem == (
        "c.yaml:124:13: not valid YAML: a second ': ' on this line; a value that contains "
        "': ' must be quoted")
    assert stale.splitlines()[124 - 1] == "    c: [1 2]:"


def test_data_nested_too_deeply_is_not_a_traceback() -> None:
    text = "x: " + "[" * 900 + "1" + "]" * 900 + "\n"
    analysis = Explainer().analyze(drift("c.yaml", text.encode(), text.replace("1", "2").encode()))
    assert (analysis.cls, analysis.problem) == ("content",
                                                "c.yaml: not compared as data: nested too deeply")



def _documents(count: int, stale: bool) -> bytes:
    return "".join(f"---\nname: doc-{i}\nvalue: {i + stale}\nlist: [a, {i}]\n"
                   for i in range(count)).encode()


@pytest.mark.parametrize("broken", [None, 7], ids=["all-load", "one-does-not-load"])
def test_documents_that_differ_are_loaded_together(broken: int | None) -> None:
    """Many small documents that differ: one YAML stream loads those the budget covers
    (a loader each cost more than the document); the analysis is the one of loading them
    one by one, the order of spending the budget too (a document that does not load: read
    one by one, as before, so it is that document's error that decides)."""
    source, copy = _documents(300, stale=False), _documents(300, stale=True)
    if broken is not None:
        copy = copy.replace(f"value: {broken + 1}\n".encode(), b"value: [\n")
    analyses = []
    for together in (True, False):
        explainer = Explainer()
        with mock.patch.object(explain, "load_text", wraps=explain.load_text) as one, \
                mock.patch.object(ahead, "load_each", wraps=ahead.load_each
                                  if together else lambda texts: None):
            analyses.append(explainer.analyze(drift("c.yaml", source, copy)))
        analyses[-1] = analyses[-1], explainer.budget.left
        if together and broken is None:
            assert one.call_count == 0  # every document came from the one stream
        if not together:
            assert one.call_count >= 600 if broken is None else one.call_count > 0
    assert analyses[0] == analyses[1]
    if broken is None:
        assert analyses[0][0].total == 300


def test_documents_past_the_budget_are_not_loaded_ahead() -> None:
    """Read ahead stops where the budget does: the documents it leaves are not loaded."""
    source, copy = _documents(300, stale=False), _documents(300, stale=True)
    explainer = Explainer()
    explainer.budget.left = 20 * budget.parse_steps("yaml", 40)
    with mock.patch.object(ahead, "load_each", wraps=ahead.load_each) as each:
        analysis = explainer.analyze(drift("c.yaml", source, copy))
    (texts,), _ = each.call_args
    assert 10 < len(texts) < 30
    assert analysis.skipped is not None and "more differing documents" in analysis.skipped


def test_a_side_of_comments_only_reads_as_before() -> None:
    """A copy emptied down to a comment holds no document (loaded alone it is none): every
    source document is missing from it, as without reading ahead, not one changed to null."""
    source, copy = b"a: 1\n---\nb: 2\n", b"# emptied\n"
    analyses = []
    for together in (True, False):
        with mock.patch.object(ahead, "load_each", wraps=ahead.load_each
                               if together else lambda texts: None):
            analyses.append(Explainer().analyze(drift("c.yaml", source, copy)))
    assert analyses[0] == analyses[1]
    assert "null" not in repr(analyses[0])
