"""The extension points, one table each: transforms, discovery kinds, output formats.

A row names the module that does the work; that module is imported only by the
layer that uses it, and only when a row is used (`load`). Config validation,
the JSON Schema test, `--help` and the dispatchers read the names from here, so
adding a transform, a discovery kind or an output format is one new module
plus one row.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType


class Transform:
    """`transform: NAME` on a copy: the module's `dump(value, indent) -> bytes` writes the
    parsed source in the `output` format ("json" or "yaml": what `compare: data` parses the
    expected bytes as, and whether a `header:` comment line is possible)."""

    __slots__ = ("module", "output")

    def __init__(self, output: str, module: str) -> None:
        self.output = output
        self.module = module


class DiscoveryKind:
    """`discover: [NAME]`: files whose name ends in one of `tails` (exactly 3 characters
    each: one slice and one set lookup per index path) are offered to the module's
    `is_candidate(path)` and `find(path, data) -> model.Found`. `marks`, when given: every
    declaring file holds one of them, so a cold run asks `git grep` for them over the
    pathspecs instead of reading every candidate, and a candidate that holds none declares
    nothing (a remembered verdict asks git grep of the changed ones only). `names`, when
    set, are the only file names of the kind (checked before the module is imported)."""

    __slots__ = ("marks", "module", "names", "pathspecs", "tails")

    def __init__(self, tails: tuple[str, ...], pathspecs: tuple[str, ...], module: str,
                 names: frozenset[str] | None = None, marks: tuple[bytes, ...] = ()) -> None:
        assert all(len(tail) == 3 for tail in tails)
        self.tails = tails
        self.pathspecs = pathspecs
        self.module = module
        self.names = names  # when set: the only file names of this kind (Makefile, ...)
        self.marks = marks


class OutputFormat:
    """`--format NAME`: the module's `render(found, fix_command, *, verbose, full_diff) -> str`
    (found: `pipeline.Findings`), printed to stdout."""

    __slots__ = ("module",)

    def __init__(self, module: str) -> None:
        self.module = module


TRANSFORMS: dict[str, Transform] = {
    "json-to-yaml": Transform("yaml", "specsync.drift.transforms.to_yaml"),
    "yaml-to-json": Transform("json", "specsync.drift.transforms.to_json"),
}

# `select` without a transform writes the subtree in the source's own format, with these
SELECT_WRITERS: dict[str, str] = {
    "json": "specsync.drift.transforms.to_json",
    "yaml": "specsync.drift.transforms.to_yaml",
}

DISCOVERY_KINDS: dict[str, DiscoveryKind] = {
    "go": DiscoveryKind((".go",), ("*.go",), "specsync.discovery.go",
                        marks=(b"//go:generate",)),
    "make": DiscoveryKind(("ile",), ("*file",), "specsync.discovery.make",
                          frozenset(("GNUmakefile", "makefile", "Makefile"))),
    # a script that copies holds `cp` or `cat` followed by a blank
    "script": DiscoveryKind((".sh", "ash"), ("*.sh", "*.bash"), "specsync.discovery.standalone",
                            marks=(b"cp ", b"cp\t", b"cat ", b"cat\t")),
}

OUTPUT_FORMATS: dict[str, OutputFormat] = {
    "text": OutputFormat("specsync.report.text"),
    "json": OutputFormat("specsync.report.json_format"),
    "github": OutputFormat("specsync.report.github"),
    "sarif": OutputFormat("specsync.report.sarif"),
}


def source_file(module: str) -> str:
    """The file of a row's module, found without importing it (for code stamps)."""
    import os

    if module.startswith("specsync."):
        here = os.path.dirname(os.path.abspath(__file__))
        return os.path.join(here, *module.split(".")[1:]) + ".py"
    from importlib.util import find_spec  # a row from elsewhere (a test, a plugin)

    spec = find_spec(module)
    return spec.origin if spec is not None and spec.origin else module


def load(module: str) -> ModuleType:
    """The module a row names (imported on first use)."""
    return __import__(module, fromlist=("_",))  # the builtin: importlib costs an import
