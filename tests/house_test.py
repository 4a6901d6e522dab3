"""The house rules of hooks/specsync/, checked on the source itself.

import-linter (`lint-imports` in tests/run) enforces the layers; this module adds
what it does not: no import cycle at all (in-function and type-only imports
included), a docstring and at most ~300 lines per module, registries whose rows
name real modules in the right layer, a JSON Schema that lists what the
registries hold, hand-written `__slots__` records whose field lists agree, and
an installed distribution that provides `specsync` and nothing else.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from specsync import registry
from specsync.commands import options
from specsync.config import model, schema
from specsync.discovery.model import Found, Op, Unknown

from tests.conftest import PROJECT, SOURCE_ROOT, MakeRepo
from tests.helpers import read

PACKAGE = SOURCE_ROOT / "specsync"
MAX_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SOURCE_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The specsync modules `name` imports anywhere in its file (functions, TYPE_CHECKING)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges[v]:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_even_inside_functions() -> None:
    edges = graph()
    assert len(edges) > 40  # the walk found the package
    assert cycles(edges) == []


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", sorted(modules()))
def test_every_module_says_what_it_owns_and_stays_small(name: str) -> None:
    path = modules()[name]
    tree = ast.parse(path.read_text())
    assert ast.get_docstring(tree), f"{path} has no docstring"
    assert len(path.read_text().splitlines()) <= MAX_LINES, f"{path} is over {MAX_LINES} lines"


LAYER_OF_ROWS = [
    (registry.TRANSFORMS, "specsync.drift.transforms.", ("dump",)),
    (registry.DISCOVERY_KINDS, "specsync.discovery.", ("is_candidate", "find")),
    (registry.OUTPUT_FORMATS, "specsync.report.", ("render",)),
]


@pytest.mark.parametrize(("table", "package", "api"), LAYER_OF_ROWS,
                         ids=["transforms", "discovery-kinds", "output-formats"])
def test_registry_rows_name_modules_of_their_layer(
    table: dict[str, object], package: str, api: tuple[str, ...],
) -> None:
    for name, row in table.items():
        module = getattr(row, "module")  # noqa: B009 (rows of three record types)
        assert module.startswith(package), f"{name}: {module} is not in {package}"
        assert Path(registry.source_file(module)).is_file()
        loaded = registry.load(module)
        for attr in api:
            assert callable(getattr(loaded, attr, None)), f"{module} has no {attr}()"


def test_schema_enums_are_written_from_the_registries() -> None:
    text = (PACKAGE / "specsync.schema.json").read_text()
    assert schema.with_registry(text) == text, "run: python -m specsync.config.schema"
    assert tuple(registry.DISCOVERY_KINDS) == model.DISCOVERY_KINDS


def test_format_choices_come_from_the_registry() -> None:
    parser = options.parser("specsync check", "", fix=False)
    choices = next(a.choices for a in parser._actions if a.dest == "format")
    assert tuple(choices or ()) == tuple(registry.OUTPUT_FORMATS)


COMPACT = registry.Transform("json", "tests.fixtures.compact_json")
CONFIG = ("links:\n  - source: api/s.yaml\n    copies:\n      - path: pkg/s.json\n"
          "        transform: yaml-to-compact-json\n")


def test_a_new_transform_is_one_module_and_one_row(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from specsync.cli import main

    files = {"api/s.yaml": "b: [1, 2]\na: x\n", "pkg/s.json": "{}\n", ".specsync.yaml": CONFIG}
    make_repo(files)
    assert main(["check", "--all-files"]) == 2  # not a transform yet: a config error
    assert "transform must be one of json-to-yaml, yaml-to-json" in capsys.readouterr().err

    monkeypatch.setitem(registry.TRANSFORMS, "yaml-to-compact-json", COMPACT)
    written = json.loads(schema.with_registry((PACKAGE / "specsync.schema.json").read_text()))
    jsonschema.validate(YAML(typ="safe").load(CONFIG), written)  # the schema takes it too
    repo = make_repo(files)
    assert main(["check", "--all-files"]) == 1
    assert main(["fix", "--all-files"]) == 1
    assert read(repo, "pkg/s.json") == b'{"b":[1,2],"a":"x"}\n'
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    assert main(["check", "--all-files"]) == 0


def _filled(cls: type, start: int = 0) -> object:
    """An instance of a `__slots__` record with a distinct value in every slot."""
    obj = object.__new__(cls)
    for i, slot in enumerate(cls.__slots__, start):  # type: ignore[attr-defined]
        setattr(obj, slot, f"{slot}-{i}")
    return obj


def _slots(obj: object) -> dict[str, object]:
    return {s: getattr(obj, s) for s in type(obj).__slots__}  # type: ignore[attr-defined]


def test_hot_path_records_round_trip_every_field() -> None:
    """Each hand-written record's field list (slots, plain, from_plain) agrees."""
    assert set(model._COPY_FIELDS) == set(model.CopySpec.__slots__)
    copy = _filled(model.CopySpec)
    link = model.LinkSpec("s", [copy], "o:1", 1, prune=True, lock=True)  # type: ignore[list-item]
    entry = model.GeneratedSpec(("a",), ("b/",), "gen", "o:2", 2, shell=True, timeout=5.0)
    config = model.Config([link], ("go",), generated=[entry], run_discovered=True)
    again = model.Config.from_plain(config.plain())
    assert _slots(again.links[0].copies[0]) == _slots(copy)
    assert {k: v for k, v in _slots(again.links[0]).items() if k != "copies"} == {
        k: v for k, v in _slots(link).items() if k != "copies"}
    assert _slots(again.generated[0]) == _slots(entry)
    assert (again.discover, again.run_discovered) == (config.discover, config.run_discovered)
    for cls in (Op, Unknown):
        record = _filled(cls)
        assert _slots(cls.from_plain(record.plain())) == _slots(record)  # type: ignore[attr-defined]
    found = Found([_filled(Op)], [_filled(Unknown, 9)])  # type: ignore[list-item]
    back = Found.from_plain(found.plain())
    assert [_slots(o) for o in back.ops] == [_slots(o) for o in found.ops]
    assert [_slots(u) for u in back.unknown] == [_slots(u) for u in found.unknown]


def test_options_record_matches_its_constructor() -> None:
    import inspect

    params = set(inspect.signature(options.Options).parameters)
    assert params == set(options.Options.__slots__)


def test_distribution_provides_specsync_and_nothing_else(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                           "-w", str(tmp_path), str(PROJECT)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("specsync-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"specsync", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1]
                    + ".dist-info"}
    assert "specsync/specsync.schema.json" in names
    assert "specsync/py.typed" in names
    meta = zipfile.ZipFile(wheel)
    info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "specsync = specsync.cli:run" in meta.read(info).decode()
    version = next(n for n in names if n.endswith(".dist-info/METADATA"))
    from specsync import __version__

    assert f"Version: {__version__}\n" in meta.read(version).decode()


def test_python_dash_m_specsync(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.yaml": "a: 1\n", "b.yaml": "a: 1\n",
                      ".specsync.yaml": "links:\n  - source: a.yaml\n    copies: [b.yaml]\n"})
    for argv in (["-m", "specsync", "check", "--all-files"], ["-m", "specsync", "--version"]):
        proc = subprocess.run([sys.executable, *argv], cwd=repo, capture_output=True,
                              text=True, check=False)
        assert proc.returncode == 0, proc.stderr
