"""Cutting YAML into key blocks: what it refuses, and that it never changes the answer."""
from __future__ import annotations

import io
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from specsync.documents import DataError, load_yaml_documents
from specsync.drift.results import Drift
from specsync.explain import chunks
from specsync.explain.analysis import Explainer
from specsync.report.text import explanation


def load(text: str) -> Any:
    return load_yaml_documents(text)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: 1\n", ["a: 1\n"], id="no-marker"),
        pytest.param("---\na: 1\n", ["a: 1\n"], id="leading-marker"),
        pytest.param("# c\n---\na: 1\n---\nb: 2\n...\n", ["a: 1\n", "b: 2\n"], id="two"),
        pytest.param("a: 1\n---\r\nb: 2\r\n", ["a: 1\n", "b: 2\r\n"], id="crlf"),
        pytest.param("a: |\n  ---\n  x\n", ["a: |\n  ---\n  x\n"], id="marker-in-scalar"),
        pytest.param("--- !!map\na: 1\n", None, id="content-on-marker-line"),
    ],
)
def test_documents(text: str, expected: list[str] | None) -> None:
    assert chunks.documents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: &x 1\nb: *x\n", id="anchor-and-alias"),
        pytest.param("base: &b {x: 1}\nc:\n  <<: *b\n", id="merge-key"),
        pytest.param("%YAML 1.2\n---\na: 1\n", id="directive"),
        pytest.param("{a: 1, b: 2}\n", id="flow-root"),
        pytest.param("- a\n- b\n", id="list-root"),
        pytest.param("a: 1\n b: 2\n", id="odd-indentation"),
        pytest.param("a: [1,\n2]\nb: 1\n", id="flow-continued-at-column-0"),
        pytest.param("? a\n: 1\n", id="complex-key"),
    ],
)
def test_texts_it_will_not_cut(text: str) -> None:
    """None, or an error that makes the caller parse the whole documents."""
    try:
        found = chunks.regions(text, text.replace("1", "3"), load)
    except (DataError, chunks.Untied, chunks.BlockError):
        found = None
    assert found is None


def test_only_differing_blocks_are_parsed() -> None:
    parsed: list[str] = []

    def spy(text: str) -> Any:
        parsed.append(text)
        return load(text)

    source = "a:\n  b:\n    c: 1\n    d: 2\n  e: 3\nf: 4\n"
    with mock.patch.object(chunks, "LEAF_BYTES", 0):
        found = chunks.regions(source.replace("d: 2", "d: 5"), source, spy)
    assert found == [chunks.Region("", ("a", "b", "d"), 5, 2)]
    assert parsed == ["d: 5\n", "d: 2\n"]


def test_keys_are_typed_as_yaml_types_them() -> None:
    source = "responses:\n  200:\n    x: 1\n  'true':\n    y: 2\n"
    with mock.patch.object(chunks, "LEAF_BYTES", 0):
        found = chunks.regions(source.replace("x: 1", "x: 3").replace("y: 2", "y: 4"), source,
                               load)
    assert found == [chunks.Region("", ("responses", 200, "x"), 3, 1),
                     chunks.Region("", ("responses", "true", "y"), 4, 2)]


KEYS = st.sampled_from(["a", "b", "id", "enum", "200", "true", "a b", "x: y", "/p/{id}", "-k",
                        "null", "~", "k#1", "é"])
SCALARS = st.one_of(st.integers(-3, 3), st.booleans(), st.none(),
                    st.sampled_from(["", "x", "multi\nline", "- a", "k: v", "# no", "*", "&"]))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, min_size=1, max_size=4)),
    max_leaves=12)
DOCS = st.dictionaries(KEYS, DATA, min_size=1, max_size=5)


def dump(value: Any, indent: int, dash: int) -> str:
    out = YAML(typ="safe", pure=True)
    out.default_flow_style = False
    out.indent(mapping=indent, sequence=indent + dash, offset=dash)
    buf = io.StringIO()
    out.dump(value, buf)
    return buf.getvalue()


def explained(source: str, copy: str, *, localize: bool) -> list[str]:
    drift = Drift("c.yaml", "s.yaml", "differs", source.encode(), copy.encode(), "x:1")
    return explanation(drift, Explainer(localize=localize).analyze(drift), verbose=True)


@settings(max_examples=300, deadline=None)
@given(source=DOCS, copy=DOCS, indent=st.sampled_from([2, 4]), dash=st.sampled_from([0, 2]))
def test_cutting_never_changes_the_report(source: dict[str, Any], copy: dict[str, Any],
                                          indent: int, dash: int) -> None:
    copy = {**source, **dict(list(copy.items())[:2])}  # mostly shared, some keys changed
    source_text, copy_text = dump(source, indent, dash), dump(copy, indent, dash)
    with mock.patch.object(chunks, "LEAF_BYTES", 0):
        assert explained(source_text, copy_text, localize=True) == \
            explained(source_text, copy_text, localize=False)


@pytest.mark.parametrize("leaf_bytes", [0, chunks.LEAF_BYTES])
def test_a_comment_inside_a_cut_list_is_formatting(leaf_bytes: int) -> None:
    source = "x:\n  enum:\n    - a\n    - b\n"
    with mock.patch.object(chunks, "LEAF_BYTES", leaf_bytes):
        lines = explained(source, source.replace("    - b", "    # note\n    - b"),
                          localize=True)
    assert lines[0] == "c.yaml: out of sync with s.yaml [formatting-only]"
