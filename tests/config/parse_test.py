from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from specsync import documents
from specsync.config import parse as config_parse
from specsync.config.checker import path_problem
from specsync.config.parse import parse
from specsync.errors import InputError

GOOD = """\
links:
  - source: api/spec.yaml
    copies:
      - pkg/a/spec.yaml
      - path: web/openapi.json
        transform: yaml-to-json
        indent: 4
    prune: false
discover: [go]
"""


def test_parses_links_with_lines() -> None:
    config = parse(GOOD.encode(), ".specsync.yaml")
    (link,) = config.links
    assert link.source == "api/spec.yaml"
    assert [c.path for c in link.copies] == ["pkg/a/spec.yaml", "web/openapi.json"]
    assert link.copies[1].transform == "yaml-to-json"
    assert link.copies[1].indent == 4
    assert link.origin == ".specsync.yaml:2"
    assert [c.line for c in link.copies] == [4, 5]
    assert config.discover == ("go",)


def test_empty_file_is_an_empty_config() -> None:
    config = parse(b"", ".specsync.yaml")
    assert config.links == []
    assert config.discover == ("go", "make", "script")


def test_a_single_copy_may_be_a_string() -> None:
    config = parse(b"links:\n  - source: a.yaml\n    copies: b.yaml\n", ".specsync.yaml")
    assert [c.path for c in config.links[0].copies] == ["b.yaml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("links: {}\n", [".specsync.yaml:1: links must be a list, not a mapping"],
                     id="links-not-a-list"),
        pytest.param("link:\n  - source: a\n", [
            ".specsync.yaml:1: unknown key 'link' in the config (did you mean 'links'?)"],
            id="unknown-top-key"),
        pytest.param("links:\n  - source: a.yaml\n    copy: [b.yaml]\n", [
            ".specsync.yaml:3: unknown key 'copy' in link (did you mean 'copies'?)"],
            id="unknown-link-key"),
        pytest.param("links:\n  - source: a.yaml\n", [
            ".specsync.yaml:2: link needs copies:"], id="no-copies"),
        pytest.param("links:\n  - copies: [b.yaml]\n", [
            ".specsync.yaml:2: link needs source:"], id="no-source"),
        pytest.param("links:\n  - source: ../a.yaml\n    copies: [b.yaml]\n", [
            ".specsync.yaml:2: source '../a.yaml' is outside the repository"], id="dotdot-source"),
        pytest.param("links:\n  - source: a.yaml\n    copies: [/etc/passwd]\n", [
            ".specsync.yaml:3: copy '/etc/passwd' is absolute; paths are relative to the "
            "repository root"], id="absolute-copy"),
        pytest.param("links:\n  - source: a.yaml\n    copies: [.git/hooks/pre-commit]\n", [
            ".specsync.yaml:3: copy '.git/hooks/pre-commit' is inside a .git folder"],
            id="copy-in-dot-git"),
        pytest.param("links:\n  - source: a.yaml\n    copies: [./a.yaml]\n", [
            ".specsync.yaml:3: copy 'a.yaml' is the source itself"], id="copy-is-source"),
        pytest.param("links:\n  - source: a.yaml\n    copies: 3\n", [
            ".specsync.yaml:3: copies must be a list of paths, not a number"],
            id="copies-number"),
        pytest.param("links:\n  - source: a.yaml\n    copies: []\n", [
            ".specsync.yaml:3: copies must list at least one path"],
            id="copies-empty"),
        pytest.param("links:\n  - source: [a.yaml]\n    copies: [b.yaml]\n", [
            ".specsync.yaml:2: source must be a path (a non-empty string), not a list"],
            id="source-list"),
        pytest.param(
            "links:\n  - source: a.yaml\n    copies: [b.yaml]\n"
            "  - source: c.yaml\n    copies: [b.yaml]\n",
            [".specsync.yaml:5: copy 'b.yaml' is already listed on line 3"], id="copy-twice"),
        pytest.param("links:\n  - source: a.yaml\n    copies:\n      - path: b.json\n"
                     "        transform: xml\n", [
            ".specsync.yaml:5: transform must be one of json-to-yaml, yaml-to-json, not 'xml'"],
            id="bad-transform"),
        pytest.param("links:\n  - source: a.yaml\n    copies: [b.yaml]\n    prune: yes please\n",
                     [".specsync.yaml:4: prune must be true or false"], id="prune-not-bool"),
        pytest.param("discover: maybe\n", [
            ".specsync.yaml:1: discover must be true, false or a list of go, make, script"],
            id="discover-bad"),
        pytest.param("- a\n- b\n", [
            ".specsync.yaml:1: the config must be a mapping, not a list"], id="top-list"),
        pytest.param("links:\n  - source: a.yaml\n    source: b.yaml\n    copies: [c]\n", [
            ".specsync.yaml:3: not valid YAML: the key \"source\" appears twice in the same "
            "mapping"], id="duplicate-key"),
        pytest.param("links:\n\t- source: a\n", [
            ".specsync.yaml:2: not valid YAML: a tab character cannot indent YAML; use spaces"],
            id="tab"),
    ],
)
def test_config_errors(text: str, expected: list[str]) -> None:
    with pytest.raises(InputError) as info:
        parse(text.encode(), ".specsync.yaml")
    assert info.value.render().splitlines() == expected


def test_every_error_is_reported_at_once() -> None:
    text = "links:\n  - source: /a\n    copies: [b]\n  - source: c\n    copies: [../d]\n"
    with pytest.raises(InputError) as info:
        parse(text.encode(), ".specsync.yaml")
    assert len(info.value.render().splitlines()) == 2


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(InputError) as info:
        parse(b"links:\n  - source: \xff\n", ".specsync.yaml")
    assert info.value.render() == ".specsync.yaml:2: not UTF-8 (byte 0xff)"


def _decoded(decode: object, data: bytes) -> str:
    """The text, or the one error line, that a decoder makes of `data`."""
    try:
        if decode is documents.decode:
            try:
                return documents.decode(data)
            except documents.DataError as e:
                raise InputError(".specsync.yaml", e.message, e.line) from None
        return config_parse.decode(data, ".specsync.yaml")
    except InputError as e:
        return "error: " + e.render()


BOM = b"\xef\xbb\xbf"
DECODE_CASES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"links: []\n", id="ascii"),
    pytest.param("links: [caf\u00e9/\U0001f600.yaml]\n".encode(), id="utf-8"),
    pytest.param(BOM + b"links: []\n", id="bom"),
    pytest.param(BOM + BOM + b"a: 1\n", id="two-boms-one-dropped"),
    pytest.param(b"\xff\xfel\x00", id="utf-16-le"),
    pytest.param(b"\xfe\xff\x00l", id="utf-16-be"),
    pytest.param(BOM + b"\xff\xfe", id="bom-then-utf-16-bom"),
    pytest.param(b"a: 1\nb: \xff\n", id="not-utf-8"),
    pytest.param(b"a: \xed\xa0\x80\n", id="encoded-surrogate"),
    pytest.param(b"a: caf\xc3", id="cut-multibyte"),
    pytest.param(b"a: 1\n\nb: \x00\n", id="nul"),
    pytest.param(BOM + b"\n\x00", id="nul-after-bom"),
    pytest.param(b"\x00\xff", id="nul-and-not-utf-8"),
]


@pytest.mark.parametrize("data", DECODE_CASES)
def test_decode_is_documents_decode(data: bytes) -> None:
    """The config's own fast decode keeps `documents.decode`'s text and error lines."""
    assert _decoded(config_parse.decode, data) == _decoded(documents.decode, data)


@given(st.lists(st.sampled_from([b"a", b"\n", b"\x00", b"\xff", b"\xfe", b"\xc3\xa9", b"\xc3",
                                 b"\xed\xa0\x80", BOM, b"\xf0\x9f\x98\x80"])).map(b"".join))
def test_decode_agrees_on_any_bytes(data: bytes) -> None:
    assert _decoded(config_parse.decode, data) == _decoded(documents.decode, data)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("a/b.yaml", None),
        ("a/../b.yaml", None),
        ("a/../../b.yaml", "is outside the repository"),
        ("C:/x", "is absolute; paths are relative to the repository root"),
        (".", "is the repository root"),
        ("sub/.git/config", "is inside a .git folder"),
        ("a\nb", "contains a NUL or newline character"),
    ],
)
def test_path_problem(path: str, problem: str | None) -> None:
    assert path_problem(path) == problem
