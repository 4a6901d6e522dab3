"""Proposed `generated:` entries settled against the snapshot (asked only by `discover`).

A generator line's proposal is kept only when every input is a tracked file (a file,
a folder or a glob with tracked files in it), its outputs share no file with its
inputs, and what its arguments leave open can be read exactly: the files an OpenAPI
spec refers to (`$ref`), oapi-codegen's config (`output:`), ogen's own config file,
the .proto files a .proto imports, the go.mod that pins a `go run` generator's
version, and for controller-gen that its `./...` glob holds no folder `go` skips.
Anything else becomes a "not understood" line with the reason. The command reruns
the line from the repository root: `go generate ./PKG` (`go -C MODULE generate` when
the module is below the root) or `make [-C DIR] TARGET`.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from specsync.discovery.model import Unknown
from specsync.discovery.shell_syntax import Unsupported
from specsync.globs import glob_base, is_glob

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from specsync.discovery.model import Proposal
    from specsync.repo.snapshot import Snapshot

_REF = re.compile(r"""["']?\$ref["']?\s*:\s*["']?([^"'\s#,}][^"'\s#,}]*)""")
_IMPORT = re.compile(r'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.MULTILINE)
_OAPI_KEYS = frozenset(("package", "generate", "output", "output-options", "compatibility",
                        "import-mapping", "additional-imports"))
_GO_SKIPS = ("vendor", "testdata")


@dataclass(frozen=True)
class Proposed:
    """A `generated:` entry discover proposes."""

    tool: str
    sources: tuple[str, ...]
    outputs: tuple[str, ...]
    command: str
    origin: str


def settle(found: list[Proposal], snap: Snapshot) -> tuple[list[Proposed], list[Unknown]]:
    kept: list[Proposed] = []
    unknown: list[Unknown] = []
    for proposal in found:
        try:
            kept.append(_settle(proposal, snap))
        except Unsupported as e:
            unknown.append(Unknown(proposal.path, proposal.line, "",
                                   f"runs the generator {proposal.tool}, but {e}"))
    return _merged(kept, snap), unknown


def _merged(kept: list[Proposed], snap: Snapshot) -> list[Proposed]:
    """Lines rerun by one command whose outputs share a file (two controller-gen lines of
    one recipe writing role.yaml) are one entry: a generated output has one owner."""
    out: list[Proposed] = []
    for p in kept:
        files = {f for o in p.outputs for f in snap.expand(o)} | set(p.outputs)
        for i, q in enumerate(out):
            if q.command == p.command and files & (
                    {f for o in q.outputs for f in snap.expand(o)} | set(q.outputs)):
                out[i] = Proposed(
                    q.tool if q.tool == p.tool else f"{q.tool}+{p.tool}",
                    tuple(dict.fromkeys(q.sources + p.sources)),
                    tuple(dict.fromkeys(q.outputs + p.outputs)), q.command,
                    f"{q.origin}, {p.origin}")
                break
        else:
            out.append(p)
    return out


def _settle(p: Proposal, snap: Snapshot) -> Proposed:
    sources = list(p.sources)
    outputs = list(p.outputs)
    for check in p.checks:
        kind, *args = check.split("\0")
        CHECKS[kind](snap, args, sources, outputs)
    for source in sources:
        if not snap.expand(source):
            raise Unsupported(f"its input {source!r} is no tracked file")
    inputs = {f for s in sources for f in snap.expand(s)}
    both = sorted(inputs.intersection(f for o in outputs for f in snap.expand(o)))
    if both:
        raise Unsupported(f"it writes {both[0]!r}, which is also one of its inputs")
    return Proposed(p.tool, tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(outputs)),
                    _command(p, snap), p.origin)


def _command(p: Proposal, snap: Snapshot) -> str:
    folder = posixpath.dirname(p.path)
    if p.run.startswith("make "):
        return f"make -C {folder} {p.run[5:]}" if folder else p.run
    module = _module(snap, folder)
    rel = folder[len(module) + 1 :] if module else folder
    package = f"./{rel}" if rel else "."
    return f"go -C {module} generate {package}" if module else f"go generate {package}"


def _module(snap: Snapshot, folder: str) -> str:
    """The folder of the go.mod nearest above `folder` ("" for the root or none)."""
    while folder:
        if snap.mode(f"{folder}/go.mod") is not None:
            return folder
        folder = posixpath.dirname(folder)
    return ""


def _text(snap: Snapshot, path: str) -> str:
    data = snap.read([path]).get(path)
    if data is None:
        raise Unsupported(f"its input {path!r} is no tracked file")
    return data.decode("utf-8", "replace")


def _spec(snap: Snapshot, args: list[str], sources: list[str], outputs: list[str]) -> None:
    """A spec's `$ref`s to other files, followed: each must be tracked."""
    todo = list(args)
    seen: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for ref in _REF.findall(_text(snap, path)):
            if "://" in ref:
                raise Unsupported(f"{path} refers to {ref} ($ref), which is no tracked file")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), ref))
            if snap.mode(target) is None:
                raise Unsupported(f"{path} refers to {ref} ($ref), which is no tracked file")
            sources.append(target)
            todo.append(target)


def _ogen_config(snap: Snapshot, args: list[str], sources: list[str],
                 outputs: list[str]) -> None:
    prefix = args[0] + "/" if args[0] else ""
    for name in ("ogen.yml", "ogen.yaml", ".ogen.yml", ".ogen.yaml"):
        if snap.mode(prefix + name) is not None:
            sources.append(prefix + name)
            return


def _oapi_config(snap: Snapshot, args: list[str], sources: list[str],
                 outputs: list[str]) -> None:
    """oapi-codegen's (new style) config: its `output:` wins over -o."""
    from specsync.discovery.generator_args import at
    from specsync.documents import DataError, load_documents

    config, cwd, flag = args
    try:
        docs = load_documents(config, _text(snap, config).encode())
    except DataError as e:
        raise Unsupported(f"its config {config} cannot be read: {e.message}") from None
    top = docs[0] if len(docs) == 1 else None
    if not isinstance(top, dict) or not _OAPI_KEYS.issuperset(top):
        raise Unsupported(f"its config {config} has keys specsync does not model")
    options = top.get("output-options") or {}
    if not isinstance(options, dict) or "user-templates" in options:
        raise Unsupported(f"its config {config} names user templates")
    overlay = options.get("overlay")
    if isinstance(overlay, dict) and overlay.get("path"):
        sources.append(at(cwd, str(overlay["path"]), "overlay"))
    output = top.get("output")
    if output and isinstance(output, str):
        outputs.append(at(cwd, output, "output"))
    elif flag:
        outputs.append(flag)
    else:
        raise Unsupported(f"neither {config} (output:) nor -o names a file: it prints the code")


def _gomod(snap: Snapshot, args: list[str], sources: list[str], outputs: list[str]) -> None:
    module = _module(snap, args[0])
    path = f"{module}/go.mod" if module else "go.mod"
    if snap.mode(path) is None:
        raise Unsupported("no tracked go.mod pins the version of the generator it runs")
    sources.append(path)


def _gotree(snap: Snapshot, args: list[str], sources: list[str], outputs: list[str]) -> None:
    """`./...` skips vendor/, testdata/, folders starting with _ or . and other modules;
    the glob would not."""
    base = glob_base(args[0]) if is_glob(args[0]) else args[0]
    for path in snap.under(base):
        if not path.endswith((".go", "/go.mod")):
            continue
        parts = path[len(base):].split("/")[:-1]
        if any(p in _GO_SKIPS or p[0] in "._" for p in parts) or (
                parts and path.endswith("/go.mod")):
            raise Unsupported(f"{path} lies where go's ./... does not look, and the glob "
                              f"{args[0]} would read it")


def _proto(snap: Snapshot, args: list[str], sources: list[str], outputs: list[str]) -> None:
    """The .proto files a .proto imports, found in the import paths like protoc does;
    google/protobuf/ files come with protoc."""
    first, *includes = args
    todo, seen = [first], {first}
    while todo:
        for name in _IMPORT.findall(_text(snap, todo.pop())):
            found = next((f"{i}/{name}" if i else name for i in includes
                          if snap.mode(f"{i}/{name}" if i else name) is not None), None)
            if found is None:
                if name.startswith("google/protobuf/"):
                    continue
                raise Unsupported(f"it imports {name}, which no import path holds")
            if found not in seen:
                seen.add(found)
                sources.append(found)
                todo.append(found)


CHECKS: dict[str, Callable[[Snapshot, list[str], list[str], list[str]], None]] = {
    "spec": _spec, "ogen-config": _ogen_config, "oapi-config": _oapi_config,
    "gomod": _gomod, "gotree": _gotree, "proto": _proto,
}
