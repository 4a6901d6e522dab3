"""The argument rules of ogen, oapi-codegen and mockgen (rows of `discovery.generators.RULES`).

Each reader takes the generator's arguments and the folder it runs in, and returns
(sources, outputs, checks): repository paths, folders (ending in /) or config globs,
and `check` strings `discovery.proposals` settles against the snapshot. They
follow each tool's documented flags (Go's flag package for ogen, oapi-codegen and
mockgen; markers for controller-gen; protoc's options) and refuse the rest.
"""
from __future__ import annotations

from specsync.discovery.generator_args import Read, at, check, folder, go_flags
from specsync.discovery.shell_syntax import Unsupported


def _one_spec(positional: list[str], cwd: str) -> str:
    if len(positional) != 1:
        raise Unsupported(f"it names {len(positional)} specs (one expected)")
    return at(cwd, positional[0], "spec")


_OGEN_VALUES = frozenset(("config", "target", "package"))
_OGEN_BOOLS = frozenset(("clean",))


def ogen(args: list[str], cwd: str) -> Read:
    """`ogen [--target DIR] [--package P] [--clean] [--config F] SPEC`: writes
    DIR/oas_*_gen.go (DIR defaults to `api`); reads SPEC and its config (--config, or the
    first of ogen.yml, ogen.yaml, .ogen.yml, .ogen.yaml in the folder it runs in)."""
    flags, positional = go_flags(args, _OGEN_VALUES, _OGEN_BOOLS)
    spec = _one_spec(positional, cwd)
    target = at(cwd, flags.get("target", "api"), "--target")
    sources: tuple[str, ...] = (spec,)
    checks: tuple[str, ...] = (check("spec", spec),)
    if "config" in flags:
        sources += (at(cwd, flags["config"], "--config"),)
    else:
        checks += (check("ogen-config", cwd),)
    return sources, (f"{folder(target)}oas_*_gen*.go",), checks


_OAPI_VALUES = frozenset(("o", "config", "package", "generate", "templates", "include-tags",
                          "exclude-tags", "include-operation-ids", "exclude-operation-ids",
                          "import-mapping", "exclude-schemas", "response-type-suffix"))
_OAPI_BOOLS = frozenset(("old-config-style", "output-config", "version", "help", "h",
                         "alias-types", "initialism-overrides"))
_OAPI_OLD = frozenset(("old-config-style", "include-tags", "exclude-tags", "import-mapping",
                       "exclude-schemas", "response-type-suffix", "alias-types"))


def oapi_codegen(args: list[str], cwd: str) -> Read:
    """`oapi-codegen [-generate ...] [-package P] [-o FILE] [-config CFG] SPEC`: writes
    FILE (or the config's `output:`, which wins); without either it prints the code."""
    flags, positional = go_flags(args, _OAPI_VALUES, _OAPI_BOOLS)
    for name in ("output-config", "version", "help", "h"):
        if flags.get(name, "false") != "false":
            raise Unsupported(f"-{name} prints instead of generating")
    spec = _one_spec(positional, cwd)
    sources: tuple[str, ...] = (spec,)
    checks: tuple[str, ...] = (check("spec", spec),)
    output = at(cwd, flags["o"], "-o") if flags.get("o") else ""
    if "templates" in flags:
        sources += (folder(at(cwd, flags["templates"], "-templates")),)
    if "config" in flags:
        if not _OAPI_OLD.isdisjoint(flags):
            raise Unsupported("an old-style config (or deprecated flags) is not modelled")
        config = at(cwd, flags["config"], "-config")
        return (*sources, config), (), (*checks, check("oapi-config", config, cwd, output))
    if not output:
        raise Unsupported("without -o (or a config's output:) it prints the code")
    return sources, (output,), checks


_MOCK_VALUES = frozenset(("source", "destination", "package", "imports", "aux_files",
                          "self_package", "mock_names", "copyright_file", "build_flags",
                          "exclude_interfaces", "build_constraint"))
_MOCK_BOOLS = frozenset(("write_package_comment", "write_source_comment", "typed",
                         "write_generate_directive", "debug_parser"))


def mockgen(args: list[str], cwd: str) -> Read:
    """`mockgen -source=F -destination=D [-package P] [-aux_files p=F,...]`: source mode.
    Reflect mode (no -source: a package path and interface names) builds and loads the
    package: it has no tracked input file to name."""
    flags, positional = go_flags(args, _MOCK_VALUES, _MOCK_BOOLS)
    if "source" not in flags:
        raise Unsupported("reflect mode (no -source) reads a compiled package, not a "
                          "tracked file; list the package's files as sources by hand")
    if positional:
        raise Unsupported("source mode takes no package or interface arguments")
    if not flags.get("destination"):
        raise Unsupported("without -destination it prints the mocks")
    sources: tuple[str, ...] = (at(cwd, flags["source"], "-source"),)
    for pair in filter(None, flags.get("aux_files", "").split(",")):
        sources += (at(cwd, pair.partition("=")[2] or pair, "-aux_files"),)
    if flags.get("copyright_file"):
        sources += (at(cwd, flags["copyright_file"], "-copyright_file"),)
    return sources, (at(cwd, flags["destination"], "-destination"),), ()
