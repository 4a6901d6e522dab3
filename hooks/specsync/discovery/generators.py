"""Generators named by their spec: which program a go:generate or recipe line runs, and
the table that reads its arguments into a proposed `generated:` entry.

`RULES` is the extension point: one row per generator, its program name and the
function that reads the arguments (sources, outputs, and the checks only the snapshot
can settle), written `module:function` within `specsync.discovery`. Names alone say
whether a line runs a generator, and every Makefile recipe line is asked: a reader's
module is imported when a line runs its program (`reader`). A program is recognised by
its name (`ogen`, `bin/controller-gen`, `$(CONTROLLER_GEN)` in a recipe), through `go
run PKG[@VERSION]` (PKG's last element) or `go tool NAME`. Arguments a rule does not
model raise `Unsupported` with the reason: a proposal is exact or it is not made.
"""
from __future__ import annotations

import posixpath

from specsync.discovery.model import Proposal
from specsync.discovery.shell_syntax import Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from specsync.discovery.generator_args import Read

    Reader = Callable[[list[str], str], Read]

RULES: dict[str, str] = {
    "ogen": "generator_rules:ogen",
    "oapi-codegen": "generator_rules:oapi_codegen",
    "controller-gen": "controller_gen:read",
    "mockgen": "generator_rules:mockgen",
    "protoc": "protoc:read",
}
# `go run` flags that take the next word as their value
_GO_RUN_VALUES = frozenset(("-C", "-tags", "-modfile", "-mod", "-exec", "-ldflags", "-gcflags",
                            "-p", "-pkgdir", "-toolexec", "-overlay"))


_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS = _NAME_START | frozenset("0123456789")


def is_assignment(word: str) -> bool:
    """`NAME=value` as sh reads a command's leading words: NAME is [A-Za-z_][A-Za-z0-9_]*
    (by hand: `re` costs milliseconds of a first run's discovery)."""
    name, equals, _ = word.partition("=")
    return bool(equals) and name[:1] in _NAME_START and _NAME_CHARS.issuperset(name)


def tool_of(word: str) -> str | None:
    """The generator a program path or a make variable name (CONTROLLER_GEN) names."""
    if "=" in word:
        return None
    name = posixpath.basename(word).lower().replace("_", "-")
    if name.endswith(".exe"):
        name = name[:-4]
    if name in RULES:
        return name
    base, _, version = name.rpartition("-")  # bin/controller-gen-v0.17.2: a pinned download
    return base if base in RULES and version[:1] in "v0123456789" and version else None


def mentions(text: str) -> bool:
    """Whether a recipe line may run a generator (a cheap test before expanding it)."""
    low = text.lower().replace("_", "-")
    return any(name in low for name in RULES)


def split_program(argv: list[str], shell: bool = True) -> tuple[str, list[str], bool] | None:
    """(generator, its arguments, whether its version is pinned by go.mod) or None.
    `shell`: run by sh (a recipe), where leading `VAR=value` words set the environment;
    go generate runs the first word itself."""
    while shell and argv and is_assignment(argv[0]):
        argv = argv[1:]  # `VAR=value cmd`: the shell's environment prefix
    if not argv:
        return None
    if argv[0] == "go" and len(argv) > 2 and argv[1] in ("run", "tool"):
        if argv[1] == "tool":
            tool = tool_of(argv[2])
            return (tool, argv[3:], True) if tool else None
        i = 2
        while i < len(argv) and argv[i].startswith("-"):
            i += 2 if argv[i] in _GO_RUN_VALUES else 1
        if i >= len(argv):
            return None
        package, _, version = argv[i].partition("@")
        tool = tool_of(package)
        return (tool, argv[i + 1 :], not version) if tool else None
    tool = tool_of(argv[0])
    return (tool, argv[1:], False) if tool else None


def reader(tool: str) -> Reader:
    """The function that reads `tool`'s arguments (its module imported on first use)."""
    module, _, function = RULES[tool].partition(":")
    found: Reader = getattr(__import__(f"specsync.discovery.{module}", fromlist=[function]),
                            function)
    return found


def propose(argv: list[str], path: str, line: int, cwd: str, run: str) -> Proposal | None:
    """The proposal for one command (run from `cwd`, a repository folder), None when it runs
    no known generator; `Unsupported` when it does but its arguments are not modelled."""
    found = split_program(argv, shell=run != "go")
    if found is None:
        return None
    tool, args, by_go_mod = found
    read = reader(tool)
    try:
        sources, outputs, checks = read(args, cwd)
    except Unsupported as e:
        raise Unsupported(f"runs the generator {tool}, but {e}") from None
    if by_go_mod:
        from specsync.discovery.generator_args import check

        checks += (check("gomod", cwd),)
    return Proposal(path, line, tool, sources, outputs, run, checks)
