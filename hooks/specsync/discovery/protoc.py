"""protoc's command line: import paths, one `--NAME_out` per plugin, and .proto files.

A file given on the command line is named by its path below the first import path
(`-I`, `--proto_path`; `.` when none is given) that holds it. protoc-gen-go and
protoc-gen-go-grpc with `paths=source_relative` write `OUT/NAME.pb.go` and
`OUT/NAME_grpc.pb.go` (the latter only for a file with a service: a listed output
that is never written simply matches no file); any other plugin or path mode lists
its output folder. The imports of each .proto file are settled against the
snapshot (`discovery.proposals`).
"""
from __future__ import annotations

from specsync.discovery.generator_args import Read, at, check, folder
from specsync.discovery.shell_syntax import Unsupported

SUFFIXES = {"go": ".pb.go", "go-grpc": "_grpc.pb.go"}
_BOOLS = frozenset(("--include_imports", "--include_source_info", "--fatal_warnings",
                    "--experimental_allow_proto3_optional", "--retain_options"))


def _value(args: list[str], i: int, word: str) -> tuple[str, int]:
    """The value of an option at args[i]: `--x=V`, `-IV`, or the next word."""
    if "=" in word:
        return word.partition("=")[2], i + 1
    if word.startswith("-I") and len(word) > 2:
        return word[2:], i + 1
    if i + 1 == len(args):
        raise Unsupported(f"the option {word!r} has no value")
    return args[i + 1], i + 2


def _options(args: list[str], cwd: str
             ) -> tuple[list[str], dict[str, tuple[str, list[str]]], list[str], list[str]]:
    """(import paths, plugin -> (out folder, options), .proto files, descriptor sets)."""
    includes: list[str] = []
    outs: dict[str, tuple[str, list[str]]] = {}
    opts: dict[str, list[str]] = {}
    files: list[str] = []
    descriptors: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        name = word.partition("=")[0]
        if not word.startswith("-"):
            if not word.endswith(".proto"):
                raise Unsupported(f"{word!r} is no .proto file")
            files.append(word)
            i += 1
        elif word in _BOOLS:
            i += 1
        elif name in ("-I", "--proto_path") or word.startswith("-I"):
            value, i = _value(args, i, word)
            includes.append(at(cwd, value, "import path"))
        elif name.endswith("_out") and name.startswith("--"):
            value, i = _value(args, i, word)
            given, _, out = value.rpartition(":")
            outs[name[2:-4]] = (at(cwd, out, name), [o for o in given.split(",") if o])
        elif name.endswith("_opt") and name.startswith("--"):
            value, i = _value(args, i, word)
            opts.setdefault(name[2:-4], []).extend(o for o in value.split(",") if o)
        elif name == "--descriptor_set_out":
            value, i = _value(args, i, word)
            descriptors.append(at(cwd, value, name))
        elif name == "--plugin":
            _, i = _value(args, i, word)
        else:
            raise Unsupported(f"it uses the option {word!r}, which specsync does not model")
    merged = {k: (out, given + opts.get(k, [])) for k, (out, given) in outs.items()}
    return includes or [cwd], merged, files, descriptors


def _proto_name(path: str, includes: list[str]) -> str:
    for include in includes:
        if not include or path.startswith(include + "/"):
            return path[len(include) + 1 :] if include else path
    raise Unsupported(f"{path!r} lies in no import path (-I)")


def read(args: list[str], cwd: str) -> Read:
    includes, outs, given, descriptors = _options(args, cwd)
    if not given:
        raise Unsupported("it names no .proto file")
    if not outs and not descriptors:
        raise Unsupported("it names no --NAME_out")
    files = [at(cwd, f, ".proto file") for f in given]
    names = [_proto_name(f, includes) for f in files]
    outputs: list[str] = list(descriptors)
    for plugin, (out, options) in outs.items():
        if plugin in SUFFIXES and "paths=source_relative" in options:
            outputs += [folder(out) + n[: -len(".proto")] + SUFFIXES[plugin] for n in names]
        else:
            outputs.append(folder(out))
    if "" in outputs:
        raise Unsupported("it writes into the repository's root folder (its files are not "
                          "known exactly)")
    checks = tuple(check("proto", f, *includes) for f in files)
    return tuple(files), tuple(dict.fromkeys(outputs)), checks
