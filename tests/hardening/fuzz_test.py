"""Fuzz the config loader, the data loader and the report renderer (hypothesis).

Whatever the bytes, the loaders end in a result or in their one error type,
and the renderer names every drifted copy. CI runs a fixed budget from a fixed
seed (tests/hardening/budget.py).
"""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from specsync.config.checker import path_problem
from specsync.config.parse import parse
from specsync.documents import DataError, load_documents
from specsync.drift.results import DIFFERS, MISSING, REMOVED, Drift
from specsync.errors import InputError, one_line
from specsync.report.text import check_text, fix_text
from specsync.write.copies import Outcome

from tests.hardening.budget import budget

KEYS = ["links", "source", "copies", "path", "transform", "compare", "select", "header",
        "indent", "prune", "lock", "discover", "yaml-to-json", "data", "go", "?", "<<",
        "generated", "sources", "outputs", "command", "timeout", "shell", "run_discovered"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10), st.sampled_from(KEYS),
    st.sampled_from(["s.yaml", "../x", "/abs", "a/*.yaml", "out/", ".git/x", "a\nb", "", "/"]),
    st.text(max_size=12),
)
NODES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=20,
)
YAML_BITS = st.sampled_from([
    "links:", "\n", "  ", "- ", "source: ", "copies: ", "path: ", "&a ", "*a", "[", "]", "{",
    "}", ",", ": ", "? ", "!!python/object:os.system ", "!!binary ", "'", '"', "#", "\t",
    "---\n", "...\n", "<<: ", "%YAML 1.1\n", "\0", "\xff", "é", "s.yaml", "c.yaml",
])
YAMLISH = st.lists(YAML_BITS, max_size=40).map("".join)


def _config_outcome(data: bytes) -> None:
    try:
        config = parse(data, ".specsync.yaml")
    except InputError as e:
        text = e.render()
        assert text.startswith(".specsync.yaml"), text
        assert "Traceback" not in text
        return
    for link in config.links:  # what passes names no path outside the repository
        assert path_problem(link.source) is None
        for copy in link.copies:
            assert path_problem(copy.path) is None


@budget(300)
@given(st.binary(max_size=300))
def test_config_loader_random_bytes(data):
    _config_outcome(data)


@budget(300)
@given(YAMLISH)
def test_config_loader_yamlish_text(text):
    _config_outcome(text.encode("utf-8", "surrogatepass"))


@budget(300)
@given(NODES)
def test_config_loader_random_structures(node):
    _config_outcome(json.dumps({"links": node} if not isinstance(node, dict) else node).encode())


@budget(300)
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode)),
       st.sampled_from(["s.yaml", "s.json", "s"]))
def test_data_loader(data, path):
    try:
        load_documents(path, data)
    except DataError as e:
        assert e.where(path).startswith(path)


PATHS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
BYTES = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                  st.sampled_from([b"", b"a\r\nb\r\n", b"a\0b", b"\xff\xfe", b"x" * 5000]))


@st.composite
def drifts(draw: st.DrawFn) -> Drift:
    status = draw(st.sampled_from([DIFFERS, MISSING, REMOVED]))
    return Drift(
        copy=draw(PATHS), source=None if status == REMOVED else draw(PATHS), status=status,
        expected=None if status == REMOVED else draw(BYTES),
        actual=draw(BYTES) if status == DIFFERS else None,
        origin=f".specsync.yaml:{draw(st.integers(1, 99))}", edited=draw(st.booleans()),
        note=draw(st.none() | st.text(max_size=30)),
    )


@budget(60)
@given(st.lists(drifts(), min_size=1, max_size=4, unique_by=lambda d: d.copy),
       st.booleans())
def test_report_renderer(tmp_path_factory, drift_list, full):
    cwd = str(tmp_path_factory.getbasetemp())
    text = check_text(drift_list, label="staged", full_diff=full, cwd=cwd,
                      fix_command="specsync fix")
    for drift in drift_list:
        assert one_line(drift.headline) in text  # a name's control characters escaped
    count = len(drift_list)
    assert f"specsync: {count} cop{'y' if count == 1 else 'ies'} out of sync." in text
    outcomes = [Outcome(d, "wrote", f"Fixing {d.copy}") for d in drift_list]
    assert fix_text(outcomes).count("Fixing ") == count


SPEC_KEYS = ["openapi", "info", "version", "enum", "required", "type", "tags", "kind",
             "metadata", "name", "apiVersion", "$id", "spec", "versions", "properties", "a"]
SPEC_DATA = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False),
              st.text(max_size=8), st.sampled_from(SPEC_KEYS)),
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.sampled_from(SPEC_KEYS), inner, max_size=5)),
    max_leaves=30,
)


def _as_file(value: object, fmt: str, docs: int) -> bytes:
    if fmt == "json":
        return json.dumps(value, indent=2).encode()
    from specsync.drift.transforms.to_yaml import dump as dump_yaml

    return b"---\n".join([dump_yaml(value, 2)] * docs)


@budget(150)
@given(st.tuples(SPEC_DATA, SPEC_DATA), st.sampled_from(["json", "yaml"]), st.integers(1, 2),
       st.booleans())
def test_semantic_report_renderers(tmp_path_factory, pair, fmt, docs, verbose):
    """Structured specs reach the semantic report: text, json and github all render."""
    from specsync.report.github import check_github
    from specsync.report.json_format import check_json

    old, new = pair
    path = f"copy.{fmt}"
    expected, actual = _as_file(new, fmt, docs), _as_file(old, fmt, docs)
    if expected == actual:
        return
    drift = Drift(copy=path, source=f"source.{fmt}", status=DIFFERS, expected=expected,
                  actual=actual, origin=".specsync.yaml:2")
    cwd = str(tmp_path_factory.getbasetemp())
    text = check_text([drift], label="staged", full_diff=False, cwd=cwd,
                      fix_command="specsync fix", verbose=verbose)
    assert text.startswith(f"{path}: out of sync with source.{fmt}")
    assert "Traceback" not in text
    report = json.loads(check_json([drift], [], "specsync fix"))
    assert [d["copy"] for d in report["drifts"]] == [path]
    github = check_github([drift], [], fix_command="specsync fix", verbose=verbose)
    assert github.startswith(f"::error file={path},")
