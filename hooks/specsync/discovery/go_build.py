"""Whether `go generate` (go 1.19+, linux/amd64, cgo on) reads a .go file at all.

go/build decides per file, before any directive is read: the file name's
`_GOOS`, `_GOARCH`, `_GOOS_GOARCH` suffix (before an optional `_test`), then
the header's `//go:build` line (malformed, or two of them: the file is
invalid and skipped) or, without one, its `// +build` lines (only those
followed by a blank line before the package clause). Tags that hold:
linux, amd64, amd64.v1, unix, gc, cgo, generate, go1.1 to go1.19. A tag
that depends on the toolchain (go1.20 and later, goexperiment.*) is not
guessed: the verdict is a reason to list the file as not understood.
"""
from __future__ import annotations

READ = ""  # the verdict for a file go generate reads
SKIP = "\0"  # the verdict for a file go generate skips (any other verdict: a reason)

_OS = frozenset((
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
    "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos",
))
_ARCH = frozenset((
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
    "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
    "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
))
_TRUE = frozenset({"linux", "amd64", "amd64.v1", "unix", "gc", "cgo", "generate",
                   *(f"go1.{n}" for n in range(1, 20))})


class _Syntax(Exception):
    pass


def tag(name: str) -> bool | None:
    """Whether the tag holds; None when it depends on the go toolchain."""
    if name in _TRUE:
        return True
    if name.startswith("goexperiment.") or (
            name.startswith("go1.") and name[4:].isdigit() and int(name[4:]) >= 20):
        return None
    return False


def file_name_ok(name: str) -> bool:
    """go/build's goodOSArchFile for the base name of a .go file."""
    stem = name.split(".", 1)[0]
    if "_" not in stem:
        return True
    parts = stem[stem.index("_"):].split("_")
    if parts[-1] == "test":
        parts = parts[:-1]
    if len(parts) >= 2 and parts[-2] in _OS and parts[-1] in _ARCH:
        return bool(tag(parts[-1])) and bool(tag(parts[-2]))
    if parts and (parts[-1] in _OS or parts[-1] in _ARCH):
        return bool(tag(parts[-1]))
    return True


def verdict(name: str, lines: list[str]) -> str:
    """READ, SKIP, or why it depends on the toolchain (`lines`: the file split at \\n)."""
    if not file_name_ok(name):
        return SKIP
    go_build, plus = _header(lines)
    if go_build is SKIP:
        return SKIP
    if go_build is not None:
        try:
            value = _parse(go_build[len("//go:build"):])
        except _Syntax:
            return SKIP  # go/build: an invalid file, left out of the package
        return _judge(value, go_build)
    result: bool | None = True
    for line in plus:
        value = _plus_build(line)
        result = False if value is False or result is False else (None if value is None
                                                                   else result)
    return _judge(result, "// +build lines")


def _judge(value: bool | None, what: str) -> str:
    if value is None:
        return f"{what}: whether go generate reads this file depends on the go toolchain"
    return READ if value else SKIP


def _header(lines: list[str]) -> tuple[str | None, list[str]]:
    """go/build's parseFileHeader: the //go:build line (SKIP when there are two) and the
    +build lines of the leading comments that end before the last blank line."""
    go_build: str | None = None
    end = 0
    in_star = False
    for number, raw in enumerate(lines):
        line = raw.strip(" \t\r\n\v\f")
        if not line:
            end = number
            continue
        if not in_star and _is_go_build(line):
            if go_build is not None:
                return SKIP, []
            go_build = line
        rest = line
        while rest:
            if in_star:
                if "*/" not in rest:
                    break
                in_star = False
                rest = rest[rest.index("*/") + 2:].strip()
                continue
            if rest.startswith("//"):
                break
            if rest.startswith("/*"):
                in_star = True
                rest = rest[2:].strip()
                continue
            return go_build, _plus_lines(lines[:end])
    return go_build, _plus_lines(lines[:end])


def _is_go_build(line: str) -> bool:
    if not line.startswith("//go:build"):
        return False
    rest = line[len("//go:build"):]
    return not rest or len(rest.strip()) < len(rest)


def _plus_lines(header: list[str]) -> list[str]:
    out = []
    for raw in header:
        line = raw.strip()
        if not line.startswith("//"):
            continue
        body = line[2:].strip()
        if body.startswith("+build") and (body == "+build" or body[6] in " \t"):
            out.append(body[6:])
    return out


def _plus_build(text: str) -> bool | None:
    """One `// +build` line: space-separated OR of comma-separated ANDs; a bad term is false."""
    result: bool | None = False
    for clause in text.split():
        term: bool | None = True
        for lit in clause.split(","):
            neg = lit.startswith("!") and not lit.startswith("!!") and lit != "!"
            name = lit[1:] if neg else lit
            value = tag(name) if _valid_tag(name) else False
            if neg and value is not None:
                value = not value
            term = False if value is False or term is False else (None if value is None
                                                                   else term)
        result = True if term is True or result is True else (None if term is None
                                                               else result)
    return result


def _valid_tag(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "_." for c in name)


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in " \t":
            i += 1
        elif c in "()!":
            out.append(c)
            i += 1
        elif c in "&|":
            if text[i + 1 : i + 2] != c:
                raise _Syntax
            out.append(c + c)
            i += 2
        else:
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] in "_."):
                j += 1
            if j == i:
                raise _Syntax
            out.append(text[i:j])
            i = j
    return out


def _parse(text: str) -> bool | None:
    """constraint.Parse of a //go:build expression, evaluated (Kleene logic for None)."""
    tokens = _tokens(text)
    value, rest = _or(tokens)
    if rest:
        raise _Syntax
    return value


def _or(tokens: list[str]) -> tuple[bool | None, list[str]]:
    value, tokens = _and(tokens)
    while tokens and tokens[0] == "||":
        right, tokens = _and(tokens[1:])
        value = True if value is True or right is True else (
            None if value is None or right is None else False)
    return value, tokens


def _and(tokens: list[str]) -> tuple[bool | None, list[str]]:
    value, tokens = _not(tokens)
    while tokens and tokens[0] == "&&":
        right, tokens = _not(tokens[1:])
        value = False if value is False or right is False else (
            None if value is None or right is None else True)
    return value, tokens


def _not(tokens: list[str]) -> tuple[bool | None, list[str]]:
    if tokens and tokens[0] == "!":
        if tokens[1:2] == ["!"]:
            raise _Syntax  # double negation not allowed
        value, rest = _atom(tokens[1:])
        return (None if value is None else not value), rest
    return _atom(tokens)


def _atom(tokens: list[str]) -> tuple[bool | None, list[str]]:
    if not tokens:
        raise _Syntax
    if tokens[0] == "(":
        value, rest = _or(tokens[1:])
        if not rest or rest[0] != ")":
            raise _Syntax
        return value, rest[1:]
    if tokens[0] in ("(", ")", "!", "&&", "||"):
        raise _Syntax
    return tag(tokens[0]), tokens[1:]
