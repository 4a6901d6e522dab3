"""Hypothesis strategies for the differential tests: small repositories whose Makefiles and
go files are made of the constructs specsync's discovery claims to understand (and of their
near misses, which it must refuse).

Every tracked file holds its own path as its bytes, so the bytes a real run leaves in a file
name the file they came from. Trees stay at a handful of files: one example runs in well
under a second.

Deliberately not generated: a command specsync does not model that fails (`false`, a
`go run` of a missing program) and a failing command before `&&`: specsync assumes that
what it does not read succeeds, and that a source that is not tracked is a build output
that exists when the command runs (a `cp` of a missing file before `&&` is generated
nowhere). The glob forms of PENDING_SHELL wait for the shell item.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

SOURCES = ("src/a.yaml", "src/b.yaml", "src/c.json", "src/sub/d.yaml", "src/.e.yaml")
COPIES = ("out/a.yaml", "out/b.yaml", "out/c.json", "out/sub/d.yaml", "dst/keep.txt")
DIRS = ("src", "src/sub", "out", "out/sub", "dst", "new")
SOURCE_DIRS = ("src", "src", "src/sub")
DEST_DIRS = ("out", "out", "out/sub", "dst", "new")
VARS = ("S", "O", "D")
ROLE_VARS = {"src": {"S"}, "dest": {"O", "D"}}


def tree() -> dict[str, bytes]:
    return {p: f"{p}\n".encode() for p in (*SOURCES, *COPIES)}


@dataclass
class MakeRepo:
    """A generated Makefile repository: files, the folder of the Makefile, and per target
    the line spans of its rules and the targets it depends on."""

    files: dict[str, bytes]
    folder: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    deps: dict[str, set[str]] = field(default_factory=dict)

    def reachable(self, target: str) -> set[str]:
        seen: set[str] = set()
        todo = [target]
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(self.deps.get(t, ()))
        return seen

    def explains(self, target: str, origin: tuple[str, int]) -> bool:
        path, line = origin
        if path != (f"{self.folder}/Makefile" if self.folder else "Makefile"):
            return False
        return any(a <= line <= b for t in self.reachable(target) for a, b in self.spans[t])


ROOTS = (
    "ROOT := $(CURDIR)",
    "ROOT := $(shell pwd)",
    "ROOT := $(shell dirname $(abspath $(lastword $(MAKEFILE_LIST))))",
    "ROOT = $(realpath $(CURDIR))",
    "ROOT ?= $(abspath .)",
    "ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))",
    "ROOT := $(patsubst %/,%,$(CURDIR))",
    "ROOT := $(abspath $(CURDIR)/../$(notdir $(CURDIR)))",
)
OPS = ("=", ":=", "::=", "?=", "+=")
PREFIXES = ("", "override ", "export ")
# shell globs read with config-glob rules (`*[.]yaml` matching a dotfile, `**` as any depth)
# belong to the shell item: generated once it lands (differential_examples_test has them)
PENDING_SHELL = ("*[.]yaml", "**/*.yaml")
NAMES = tuple(n for n in ("a.yaml", "b.yaml", "c.json", "d.yaml", ".e.yaml", "*.yaml", "*",
                          "[ab].yaml", "*[.]yaml", "**/*.yaml", "sub", ".", "missing.yaml")
              if n not in PENDING_SHELL)
DEST_NAMES = ("a.yaml", "x.yaml", "", ".", "d.yaml", "keep.txt")
CP_FLAGS = ("", "-f", "-r", "-rf", "-R", "-p", "-T", "-a")
LINE_PREFIXES = ("", "@", "-", "@-")  # not "+": make -n would run the line (the guard)


@st.composite
def _dir(draw: st.DrawFn, up: str, names: set[str], role: str) -> str:
    """A folder as a recipe writes it: literal, through a variable, or from the root; mostly
    src/ for a source and out/ or dst/ for a destination, so most copies really happen."""
    folders = SOURCE_DIRS if role == "src" else DEST_DIRS
    if draw(st.integers(0, 9)) == 0:
        folders = DIRS
    options = [f"{up}{d}" for d in folders]
    options += [f"$({v})" for v in sorted(names & ROLE_VARS[role])] * 2
    options += [f"${{{v}}}" for v in sorted(names & ROLE_VARS[role])]
    if "ROOT" in names:
        options += [f"$(ROOT){'/..' if up else ''}/{d}" for d in folders]
    return draw(st.sampled_from(options))


@st.composite
def _statement(draw: st.DrawFn, up: str, files: dict[str, bytes]) -> str:
    var = draw(st.sampled_from(VARS))
    folders = SOURCE_DIRS if var == "S" else DEST_DIRS
    if draw(st.integers(0, 9)) == 0:
        folders = DIRS
    root = "$(ROOT)/.." if up else "$(ROOT)"
    value = draw(st.sampled_from([f"{up}{d}" for d in folders] + [f"{root}/{folders[0]}"]
                                 + (["$(O)/sub"] if var == "D" else [])))
    other = draw(st.sampled_from([f"{up}{d}" for d in folders]))
    kind = draw(st.integers(0, 17))
    if kind <= 5:
        return f"{draw(st.sampled_from(PREFIXES))}{var} {draw(st.sampled_from(OPS))} {value}"
    if kind in (13, 14, 17):
        return f"{var} := {value}"
    if kind == 6:
        return f"{var} := {value} # a comment"
    if kind == 7:
        test = draw(st.sampled_from(["ifeq (a,a)", "ifeq (a,b)", f"ifdef {var}",
                                     f"ifndef {var}", "ifneq ($(ROOT),)"]))
        return f"{test}\n{var} := {value}\nelse\n{var} := {other}\nendif"
    if kind == 8:
        return f"{draw(st.sampled_from(PREFIXES))}define {var}\n{value}\nendef"
    if kind == 9:
        return f"undefine {var}"
    if kind == 10:
        return f"$(eval {var} := {value})"
    if kind == 11:
        files["local.mk" if not up else "deploy/local.mk"] = f"{var} := {value}\n".encode()
        return draw(st.sampled_from(["include local.mk", "-include local.mk",
                                     "-include missing.mk"]))
    if kind == 15:
        return f"t0: {var} := {value}"  # target-specific
    if kind == 16:
        return draw(st.sampled_from([f"{var} := $(wildcard {value})", f"# {var} := {value}",
                                     f"{var} := $(strip {value})", f"{var} != echo {value}"]))
    return draw(st.sampled_from(ROOTS))


@st.composite
def _command(draw: st.DrawFn, up: str, names: set[str], file_rule: bool) -> str:
    def src() -> str:
        return f"{draw(_dir(up, names, 'src'))}/{draw(st.sampled_from(NAMES))}"

    def dest() -> str:
        if file_rule and draw(st.booleans()):
            return "$@"
        return f"{draw(_dir(up, names, 'dest'))}/{draw(st.sampled_from(DEST_NAMES))}".rstrip(".")

    kind = draw(st.integers(0, 13))
    if kind <= 4:
        sources = " ".join(src() for _ in range(draw(st.integers(1, 2))))
        flag = draw(st.sampled_from(CP_FLAGS))
        return f"cp {flag} {sources} {dest()}".replace("  ", " ")
    if kind == 5:
        return f"cat {src()} > {dest()}"
    if kind == 6:
        flag = draw(st.sampled_from(["", "-f", "-rf"]))
        return f"rm {flag} {dest()}{draw(st.sampled_from(['', '*.yaml']))}"
    if kind == 7:
        return f'echo "{dest()} updated"'
    if kind == 8:
        return f"mkdir -p {draw(_dir(up, names, 'dest'))}/{draw(st.sampled_from(['', 'n', 'sub']))}"
    if kind == 9:
        return f"cd {up}out && cp ../src/{draw(st.sampled_from(NAMES[:5]))} " \
               f"{draw(st.sampled_from(['a.yaml', 'sub/', '.']))}"
    if kind == 10:
        return f"# cp {src()} {dest()}"
    if kind == 11 and file_rule:
        return draw(st.sampled_from(["cp $< $@", "cat $< > $@", f"cp $^ {up}dst/",
                                     "cp $(<) $(@)", "cp $+ $(@D)/"]))
    if kind == 12:
        return f"sed -i 1s/^/patched-/ {dest()}"
    return "true"


@st.composite
def _recipe_line(draw: st.DrawFn, up: str, names: set[str], file_rule: bool) -> str:
    line = draw(_command(up, names, file_rule))
    if draw(st.integers(0, 4)) == 0:  # a command before && succeeds (module doc)
        safe = draw(st.sampled_from([f"cp {up}src/a.yaml {up}out/a.yaml", "true",
                                     f"mkdir -p {up}out/n", f"echo {up}out/b.yaml"]))
        line = f"{safe} && {line}" if draw(st.booleans()) else f"{line}; {safe}"
    if draw(st.integers(0, 5)) == 0 and " " in line and "#" not in line:  # a comment
        # ends at the newline, continued or not: what follows runs (and fails)
        head, _, last = line.rpartition(" ")
        line = f"{head} \\\n\t  {last}"
    return "\t" + draw(st.sampled_from(LINE_PREFIXES)) + line


@st.composite
def make_repos(draw: st.DrawFn) -> MakeRepo:
    """A tree with one Makefile (at the root or in deploy/) of variables and rules."""
    files = tree()
    folder = draw(st.sampled_from(["", "deploy"]))
    up = "../" if folder else ""
    lines: list[str] = []
    statements = draw(st.lists(_statement(up, files), max_size=4))
    names = {n for n in (*VARS, "ROOT") if any(n in s for s in statements)}
    repo = MakeRepo(files, folder)
    phony = [f"t{i}" for i in range(draw(st.integers(1, 3)))]
    file_targets = draw(st.lists(st.sampled_from([f"{up}{c}" for c in COPIES[:4]]),
                                 max_size=2, unique=True))
    rules = [(t, False) for t in phony] + [(t, True) for t in file_targets]
    rules += draw(st.lists(st.sampled_from(rules), max_size=2))  # several rules per target
    placed = draw(st.permutations(statements + [None] * len(rules)))  # type: ignore[operator]
    rule_iter = iter(rules)
    for item in placed:
        if item is not None:
            lines.extend(item.split("\n"))
            continue
        target, is_file = next(rule_iter)
        prereqs = draw(st.lists(st.sampled_from([f"{up}{s}" for s in SOURCES[:4]] + phony),
                                max_size=2, unique=True))
        prereqs = [p for p in prereqs if p != target]
        colon = draw(st.sampled_from([":", ":", "::"])) if not is_file else ":"
        start = len(lines) + 1
        head = f"{target}{colon} {' '.join(prereqs)}".rstrip()
        if draw(st.integers(0, 7)) == 0:
            head += f" ; cp {up}src/b.yaml {up}out/b.yaml"
        lines.append(head)
        recipe = draw(st.lists(_recipe_line(up, names, is_file), max_size=3))
        if recipe and draw(st.integers(0, 7)) == 0:
            recipe = ["ifeq (a,a)", *recipe, "endif"]
        for item_line in recipe:
            lines.extend(item_line.split("\n"))
        repo.spans.setdefault(target, []).append((start, len(lines)))
        repo.deps.setdefault(target, set()).update(p for p in prereqs if p in phony)
    if draw(st.booleans()):
        lines.append(f".PHONY: {' '.join(phony)}")
    files[f"{folder}/Makefile" if folder else "Makefile"] = ("\n".join(lines) + "\n").encode()
    return repo


GO_NAMES = ("gen.go", "gen.go", "gen_linux.go", "gen_windows.go", "gen_test.go", "gen_amd64.go",
            "gen_linux_arm64.go", "gen_windows_test.go", "doc.go", "_skip.go", "z_arm64_test.go")
GO_HEADERS = ("", "", "//go:build linux\n\n", "//go:build ignore\n\n", "//go:build !windows\n\n",
              "//go:build linux && cgo\n\n", "// +build ignore\n\n", "// +build linux\n\n",
              "// +build ignore\n", "//go:build linux &&\n\n",
              "//go:build linux\n//go:build ignore\n\n", "//go:build go1.21\n\n",
              "/* a comment */\n//go:build ignore\n\n", "// Package a.\n\n// +build windows\n\n")
GO_SOURCES = ("a.yaml", "b.yaml", "c.json", "sub/d.yaml", ".e.yaml", "missing.yaml", "*.yaml")
GO_DESTS = ("a.yaml", "b.yaml", "x.yaml", "../../out/", "../../out/a.yaml", "sub/", ".",
            "../../dst")


@st.composite
def _directive(draw: st.DrawFn, aliases: list[str]) -> str:
    def src() -> str:
        return "../../src/" + draw(st.sampled_from(GO_SOURCES))

    dest = draw(st.sampled_from(GO_DESTS))
    flag = draw(st.sampled_from(["", "", "-f ", "-r "]))
    kind = draw(st.integers(0, 15))
    if kind <= 4:
        body = f"cp {flag}{src()} {dest}"
    elif kind == 5:
        body = f'{draw(st.sampled_from(["sh", "bash"]))} -c "cp {flag}{src()} {dest}' \
               f'{draw(st.sampled_from(["", " && cp ../../src/b.yaml b.yaml"]))}"'
    elif kind == 6:
        body = f'"cp" "{src()}" "{dest}"'
    elif kind == 7:
        body = 'cp "../../src/a\\x2eyaml" "b.yaml"'
    elif kind == 8:
        name = draw(st.sampled_from(["CP", "CP", "copy"]))
        aliases.append(name)
        body = f"-command {name} cp {flag}".rstrip()
    elif kind == 9 and aliases:
        body = f"{draw(st.sampled_from(aliases))} {src()} {dest}"
    elif kind == 10:
        body = draw(st.sampled_from(["cp ../../src/$GOPACKAGE.yaml $GOFILE.copy",
                                     "cp ../../src/a.yaml $HOME/x.yaml",
                                     "cp ../../src/a.yaml a$DOLLAR.yaml",
                                     "cp ../../src/a.yaml ${GOPACKAGE}.yaml"]))
    elif kind == 11:
        body = draw(st.sampled_from(["echo hi", "true"]))  # never one that fails (module doc)
    elif kind == 12:
        body = f'sh -c "cp ../../src/a.yaml a.yaml #{"x" * 4090}"'
    else:
        body = f"cp {src()} {dest}"
    lead = draw(st.sampled_from(["//go:generate ", "//go:generate ", "//go:generate\t",
                                 " //go:generate ", "//go:generate  "]))
    return lead + body


@st.composite
def go_file(draw: st.DrawFn) -> str:
    aliases: list[str] = []
    header = draw(st.sampled_from(GO_HEADERS))
    lines = draw(st.lists(_directive(aliases), min_size=1, max_size=4))
    text = header + "package a\n\n" + "\n".join(lines) + "\n"
    return text[:-1] if draw(st.integers(0, 5)) == 0 else text


@dataclass
class GoRepo:
    """A generated Go module: files, and the package folders go generate runs in."""

    files: dict[str, bytes]
    packages: list[str]

    def explains(self, package: str, origin: tuple[str, int]) -> bool:
        return origin[0].rpartition("/")[0] == package


@st.composite
def go_repos(draw: st.DrawFn) -> GoRepo:
    """A module with one or two packages of one to three .go files of go:generate lines."""
    files = tree()
    files["go.mod"] = b"module example.com/x\n\ngo 1.19\n"
    packages = ["pkg/a"] + (["pkg/b"] if draw(st.booleans()) else [])
    for package in packages:
        files[f"{package}/a.yaml"] = f"{package}/a.yaml\n".encode()
        names = draw(st.lists(st.sampled_from(GO_NAMES), min_size=1, max_size=3, unique=True))
        for name in names:
            files[f"{package}/{name}"] = draw(go_file()).encode()
    return GoRepo(files, packages)
