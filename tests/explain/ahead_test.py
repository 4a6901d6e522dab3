"""Reading ahead: many differing documents loaded as one YAML stream, each as it loads alone."""
from __future__ import annotations

import pytest
from specsync.documents import load_text
from specsync.explain.ahead import load_each

EACH = ["a: 1\n", "~\n", "k: |+\n  x\n\n", "- 1\n- [2, 3]\n", '"s"\n', "n: !!str 3\n",
        "m:\n  - {x: 1, y: [a, b]}\n  - z\n", "# a comment\nq: 'it''s'\n", "t: 2024-01-01\n",
        "a: &x [1]\nb: *x\n", "long: >\n  folded\n  text\n", "v: 0x1F\n", "e:\n"]


def test_load_each_reads_every_text_as_it_reads_alone() -> None:
    """One stream for many documents (one loader instead of one each), with the data each
    text gives alone: null documents, kept trailing lines, anchors inside a document."""
    assert load_each(EACH) == [load_text("yaml", text)[0] for text in EACH]
    assert load_each(EACH[::-1]) == [load_text("yaml", text)[0] for text in EACH[::-1]]


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(["a: &x 1\n", "b: *x\n"], id="alias-to-another-document"),
        pytest.param(["%YAML 1.2\n", "b: 1\n"], id="directive-would-start-the-next"),
        pytest.param(["a: 1\n", "k: |+\n  x"], id="no-newline-at-the-end"),
        pytest.param(["a: 1\n---\nb: 2\n", "c: 3\n"], id="a-marker-inside"),
        pytest.param(["a: 1\r---\rb: 2\r\n", "c: 3\n"], id="a-marker-after-a-carriage-return"),
        pytest.param(["a: 1\u2028---\u2028b: 2\n", "c: 3\n"], id="a-marker-after-u2028"),
        pytest.param(["\ufeffa: 1\n", "c: 3\n"], id="byte-order-mark"),
        pytest.param(["a: [1\n", "c: 3\n"], id="one-does-not-load"),
        pytest.param(["a: 1\n", "- x\ny: 2\n"], id="one-does-not-load-after-another"),
        pytest.param(["# emptied\n", "a: 1\n"], id="comments-alone-are-no-document"),
        pytest.param(["a: 1\n", "  \n\n"], id="blank-lines-are-no-document"),
    ],
)
def test_load_each_declines_what_could_read_otherwise(texts: list[str]) -> None:
    """None, and the caller reads them one by one: a text that does not load alone, or one
    that could end a document or start another inside the stream."""
    assert load_each(texts) is None
