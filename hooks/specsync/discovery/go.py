"""Copies declared by `//go:generate` lines, read the way `go generate` reads them.

`go help generate`: a directive is a line that starts with `//go:generate `
(or a tab), no leading space; arguments are space-separated words or
double-quoted Go strings; `-command NAME ARGS` defines an alias for the rest
of the file; `$NAME` is expanded after unquoting (GOFILE, GOLINE, GOPACKAGE,
DOLLAR; anything else comes from the environment); nothing is globbed; the
command runs in the package's folder. Files the go tool skips (`_x.go`,
`.x.go`, testdata/, vendor/, build constraints and file-name suffixes that
exclude linux/amd64: see go_build) are skipped here too.
"""
from __future__ import annotations

import posixpath

from specsync.discovery import calls, go_build, shell
from specsync.discovery.model import GO_FAILS, Found, Op, Unknown
from specsync.discovery.order import named_by

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader
    from specsync.discovery.script_result import Result

PREFIXES = ("//go:generate ", "//go:generate\t")
SHELLS = frozenset(("sh", "bash", "/bin/sh", "/bin/bash"))
_OCTAL = frozenset("01234567")
BUFFER = 4096  # go generate's bufio.Reader: a longer line does not fit


class BadDirective(Exception):
    pass


def is_candidate(path: str) -> bool:
    """A .go file that `go generate ./...` would look at."""
    if not path.endswith(".go"):
        return False
    if path[0] not in "._" and "/." not in path and "/_" not in path:  # no part starts with . or _
        return ("vendor/" not in path and "testdata/" not in path) or not any(
            part in ("testdata", "vendor") for part in path.split("/")[:-1])
    parts = path.split("/")
    if parts[-1][0] in "._":
        return False
    return not any(p in ("testdata", "vendor") or p[0] in "._" for p in parts[:-1])


def split_words(text: str) -> list[str]:
    """go generate's `split`: space/tab separated words and Go double-quoted strings."""
    words: list[str] = []
    rest = text
    while True:
        rest = rest.lstrip(" \t")
        if not rest:
            return words
        if rest[0] == '"':
            end = _closing_quote(rest)
            words.append(unquote(rest[1:end]))
            rest = rest[end + 1 :]
            if rest and rest[0] not in " \t":
                raise BadDirective("expect space after quoted argument")
            continue
        cut = min((i for i in (rest.find(" "), rest.find("\t")) if i >= 0), default=len(rest))
        words.append(rest[:cut])
        rest = rest[cut:]


def _closing_quote(text: str) -> int:
    i = 1
    while i < len(text):
        if text[i] == "\\":
            if i + 1 == len(text):
                raise BadDirective("bad backslash")
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    raise BadDirective("mismatched quoted string")


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\", '"': '"'}


def unquote(body: str) -> str:
    """The value of a Go interpreted string literal's body (strconv.Unquote)."""
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            out.append(chr(_hex(body[i + 2 : i + 2 + width], width)))
            i += 2 + width
        elif e in _OCTAL and len(body) >= i + 4 and _OCTAL.issuperset(body[i + 1 : i + 4]):
            out.append(chr(int(body[i + 1 : i + 4], 8)))
            i += 4
        else:
            raise BadDirective("bad quoted string")
    return "".join(out)


def _hex(digits: str, width: int) -> int:
    try:
        if len(digits) != width:
            raise ValueError
        return int(digits, 16)
    except ValueError:
        raise BadDirective("bad quoted string") from None


def expand(word: str, env: dict[str, str]) -> str:
    """os.Expand with go generate's variables; other names depend on the environment."""
    if "$" not in word:
        return word
    out = []
    i = 0
    while i < len(word):
        c = word[i]
        if c != "$" or i + 1 == len(word):
            out.append(c)
            i += 1
            continue
        name, width = _shell_name(word[i + 1 :])
        if name == "" and width == 0:
            out.append("$")
        elif name:
            if name not in env:
                raise shell.Unsupported(f"uses ${name}, which depends on the environment")
            out.append(env[name])
        i += 1 + width
    return "".join(out)


def _shell_name(s: str) -> tuple[str, int]:
    special = "*#$@!?-0123456789"
    if s[0] == "{":
        if len(s) > 2 and s[1] in special and s[2] == "}":
            return s[1], 3
        end = s.find("}")
        if end < 0:
            return "", 1
        return ("", 2) if end == 1 else (s[1:end], end + 1)
    if s[0] in special:
        return s[0], 1
    n = 0
    while n < len(s) and (s[n] == "_" or (s[n].isascii() and s[n].isalnum())):
        n += 1
    return s[:n], n


def package_name(lines: list[str]) -> str | None:
    for line in lines:
        if line.startswith("package "):
            return line.split()[1] if len(line.split()) > 1 else None
    return None


def find(path: str, data: bytes, reader: Reader | None = None) -> Found:
    """Every copy declared by the directives of one .go file, and what is not understood.

    Read as go generate reads it: a line of 4096 bytes or more is too long (an error when
    it is a directive), a directive on a last line without a newline is an error, and the
    first error stops the file (later directives never run)."""
    found = Found()
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    package = package_name(lines)
    if package is None:
        return found  # go generate skips a file without a valid package clause
    why = go_build.verdict(posixpath.basename(path), lines)
    if why:
        if why != go_build.SKIP:
            found.unknown.append(Unknown(path, 1, "", why))
        return found
    folder = posixpath.dirname(path)
    env = {"GOFILE": posixpath.basename(path), "GOPACKAGE": package, "DOLLAR": "$"}
    aliases: dict[str, list[str] | None] = {}
    last = len(lines)
    for number, raw in enumerate(lines, 1):
        if not raw.startswith(PREFIXES):
            continue
        line = raw[:-1] if raw.endswith("\r") else raw
        try:
            if len(raw.encode("utf-8", "surrogateescape")) >= BUFFER:
                raise BadDirective("directive too long")
            if number == last:
                raise BadDirective("unexpected EOF (no newline after the last directive)")
            env["GOLINE"] = str(number)
            words = split_words(line[len(PREFIXES[0]):])
            if not words:
                raise BadDirective("no arguments to directive")
            if words[0] in aliases:
                words = _alias(aliases[words[0]], words[0]) + words[1:]
            if words[0] == "-command":
                _define(words, aliases, env)
                continue
            argv = [expand(w, env) for w in words]
            ran = calls.run_argv(argv, (folder, f"{path}:{number}", reader))
            if ran is not None:
                _patched_by(found, ran, number, folder)
                found.ops.extend(ran.ops)
                found.unknown.extend(ran.unknown)
                continue
            if not _proposed(found, argv, (path, number, folder)):
                found.ops.extend(_interpret(argv, path, number, folder))
        except (BadDirective, shell.Fails) as e:
            found.unknown.append(Unknown(path, number, line, f"{GO_FAILS}{e}; "
                                         "no later directive of the package runs"))
            break
        except shell.Unsupported as e:
            found.unknown.append(Unknown(path, number, line, str(e)))
    return found


def _proposed(found: Found, argv: list[str], where: tuple[str, int, str]) -> bool:
    """A generator that names its inputs and outputs becomes a proposed generated entry
    (rerun by `go generate` of its folder); False when the line runs no known generator."""
    from specsync.discovery import generators

    proposal = generators.propose(argv, *where, "go")
    if proposal is not None:
        found.generated.append(proposal)
    return proposal is not None


def _patched_by(found: Found, ran: Result, number: int, folder: str) -> None:
    """The copies earlier directives of the file made that the script of line `number`
    names (or may write, through a value specsync does not know): not plain copies."""
    text = "\n".join(ran.text)
    kept = []
    for op in found.ops:
        name = "a value specsync does not know" if ran.blind else named_by(op, text, folder)
        if name is None:
            kept.append(op)
        else:
            found.unknown.append(Unknown(op.path, op.line, "", f"the script line {number} runs "
                                         f"(after this copy) also names {name}: not a plain "
                                         "copy"))
    found.ops = kept


def _define(words: list[str], aliases: dict[str, list[str] | None],
            env: dict[str, str]) -> None:
    """`-command NAME ARGS`: ARGS expanded now (and again where the alias is used)."""
    if len(words) == 1:
        raise BadDirective("no command specified for -command")
    name = expand_or_none(words[1], env)
    if name is None:
        raise shell.Unsupported("names a -command alias that depends on the environment")
    if name in aliases:
        raise BadDirective(f"command {name!r} multiply defined")
    values = [expand_or_none(w, env) for w in words[2:]]
    aliases[name] = None if None in values else [v for v in values if v is not None]


def _alias(words: list[str] | None, name: str) -> list[str]:
    if words is None:
        raise shell.Unsupported(f"uses the -command alias {name!r}, which depends on the "
                                "environment")
    return words


def expand_or_none(word: str, env: dict[str, str]) -> str | None:
    try:
        return expand(word, env)
    except shell.Unsupported:
        return None


def _interpret(words: list[str], path: str, line: int, folder: str) -> list[Op]:
    if not words:
        raise shell.Unsupported("has no command")
    if words[0] in SHELLS and len(words) >= 2 and words[1] == "-c":
        if len(words) != 3:
            raise shell.Unsupported("passes arguments to the sh -c script")
        return shell.interpret(words[2], path, line, folder)
    if words[0] in ("cp", "cat"):
        return shell.interpret_argv(words, path, line, folder)
    if words[0] == "go" and len(words) > 1 and words[1] == "run":
        raise shell.Unsupported("runs a generator program (go run), not a copy")
    raise shell.Unsupported(f"runs {words[0]!r}, not a copy")
