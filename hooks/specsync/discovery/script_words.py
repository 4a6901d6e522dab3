"""Parameter and command substitution in a script's words, for the idioms scripts use.

`$NAME`, `${NAME}`, `$1`, `${BASH_SOURCE[0]}`, `$0`, and the command substitutions that
name a folder: `$(cd DIR && pwd)`, `$(dirname PATH)`, `$(basename PATH)`, `$(pwd)`,
`$(git rev-parse --show-toplevel)`, `$(readlink -f PATH)`, `$(realpath PATH)`, `$(echo W)`,
and any of them piped through one `sed 's/RE/REP/'` (script_sed). Paths
are absolute from `make_vars.ROOT` (the repository root); a value the script does not
know, any other substitution, `${NAME:-x}` and the like raise `Unsupported`.

`line` rewrites a command so that the shell subset (shell_syntax) reads the values as
sh would: inside double quotes they are literal, outside they are split at blanks only
where splitting is wanted (`for f in $LIST`) and keep their wildcards (globbing);
`value` gives an assignment's value (no splitting, no globbing, quotes removed).
"""
from __future__ import annotations

from specsync.discovery import script_sed
from specsync.discovery.make_vars import ROOT
from specsync.discovery.script_params import Env, braced
from specsync.discovery.shell_syntax import GLOB, Unsupported

__all__ = ["Env", "command", "line", "normal", "value"]

_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAME = _NAME_START | frozenset("0123456789")
_SAFE = _NAME | frozenset("/.-+=,:@%^\x01")
MAX_VALUE = 1 << 16  # characters one substituted value may hold


def normal(path: str, cwd: str) -> str:
    """`path` as an absolute path with `.` and `..` resolved (as `cd` and `pwd` do)."""
    if not path.startswith("/"):
        path = f"{cwd}/{path}"
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/" + "/".join(parts)


def _close(text: str, i: int) -> int:
    """The index of the `)` that closes the `$(` whose `(` is at `i`."""
    depth = 0
    quote = ""
    j = i
    while j < len(text):
        c = text[j]
        if quote:
            if c == "\\" and quote == '"':
                j += 1
            elif c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "\\":
            j += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise Unsupported("has an unterminated $( substitution")


def command(inner: str, env: Env) -> str:
    """The output of an idiom (or of one piped through script_sed), without its newline."""
    raw = _words(inner)
    at = raw.index("|") if "|" in raw[1:] else 0
    if at:
        text = _output([value(w, env) for w in raw[:at]], env, inner)
        return script_sed.through(inner, text, [value(w, env) for w in raw[at + 1 :]])
    return _output([value(w, env) for w in raw], env, inner)


def _output(words: list[str], env: Env, inner: str) -> str:
    def at(path: str) -> str:  # the folder it runs in matters only to a relative path
        return normal(path, "" if path.startswith("/") else env.cwd())

    if words[:1] == ["cd"] and len(words) in (4, 5) and words[-2:] in (["&&", "pwd"],
                                                                      [";", "pwd"]):
        folder = words[1] if len(words) == 4 else words[2]
        if len(words) == 5 and words[1] != "-P":
            raise Unsupported(f"runs $({inner})")
        return at(folder)
    if words in (["pwd"], ["git", "rev-parse", "--show-toplevel"]):
        return env.cwd() if words == ["pwd"] else ROOT
    if len(words) == 2 and words[0] in ("dirname", "basename", "realpath"):
        path = words[1].rstrip("/") or "/"
        if words[0] == "basename":
            return path.rpartition("/")[2]
        if words[0] == "realpath":
            return at(path)
        head = path.rpartition("/")[0] if "/" in path else "."
        return head.rstrip("/") or ("/" if path.startswith("/") else ".")
    if len(words) == 3 and words[:2] == ["readlink", "-f"]:
        return at(words[2])
    if len(words) == 2 and words[0] == "echo" and not words[1].startswith("-"):
        return words[1]
    raise Unsupported(f"runs $({inner}) (a command's output is not known)")


def _words(inner: str) -> list[str]:
    """The words of a substituted command, with `&&` and `;` as words of their own."""
    out: list[str] = []
    i = 0
    start = -1
    quote = ""
    while i < len(inner):
        c = inner[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
            start = i if start < 0 else start
        elif c == "$" and inner.startswith("$(", i):
            start = i if start < 0 else start
            i = _close(inner, i + 1)
        elif c in " \t\n;&|<>":
            if start >= 0:
                out.append(inner[start:i])
                start = -1
            if c == ";" or inner.startswith("&&", i):
                out.append(";" if c == ";" else "&&")
                i += 1 if c == ";" else 2
                continue
            if c == "|" and not inner.startswith("||", i):
                out.append("|")
                i += 1
                continue
            if c in "|<>&":
                raise Unsupported(f"runs $({inner}) (a command's output is not known)")
        elif start < 0:
            start = i
        i += 1
    if quote:
        raise Unsupported("has an unterminated quote")
    if start >= 0:
        out.append(inner[start:])
    return out


def _reference(text: str, i: int, env: Env) -> tuple[str, int, str]:
    """(value, index after the reference, name) of the `$...` at `i`."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt == "(":
        if text.startswith("$((", i):
            raise Unsupported("uses $(( arithmetic ))")
        end = _close(text, i + 1)
        return command(text[i + 2 : end], env), end + 1, ""
    if nxt == "{":
        end = text.find("}", i)
        if end < 0:
            raise Unsupported("has an unterminated ${")
        piece, name = braced(text[i + 2 : end], env)
        return piece, end + 1, name
    if nxt in _NAME_START:
        j = i + 1
        while j < len(text) and text[j] in _NAME:
            j += 1
        name = text[i + 1 : j]
        return env.lookup(name), j, name
    if nxt.isdigit():
        return env.lookup(nxt), i + 2, nxt
    if nxt == "#":
        return env.lookup("#"), i + 2, "#"
    if nxt in "@*?$!-":
        raise Unsupported(f"uses ${nxt}")
    return "$", i + 1, ""  # a lone $ is literal


def value(text: str, env: Env) -> str:
    """An assignment's value (or a substituted command's word): quotes removed, values
    substituted, no splitting or globbing."""
    out: list[str] = []
    i = 0
    quote = ""
    while i < len(text):
        c = text[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                out.append(c)
            i += 1
        elif c == "\\" and i + 1 < len(text):
            if not quote or text[i + 1] in '$`"\\\n':
                if text[i + 1] != "\n":
                    out.append(text[i + 1])
                i += 2
            else:
                out.append(c)
                i += 1
        elif c == "'" and not quote:
            quote = "'"
            i += 1
        elif c == '"':
            quote = "" if quote else '"'
            i += 1
        elif c == "$":
            piece, i, _ = _reference(text, i, env)
            out.append(piece)
        elif c == "`":
            raise Unsupported("uses `command` substitution")
        else:
            out.append(c)
            i += 1
    if quote:
        raise Unsupported("has an unterminated quote")
    return _bounded("".join(out))


def _bounded(text: str) -> str:
    if len(text) > MAX_VALUE:
        raise Unsupported(f"makes a value of more than {MAX_VALUE} characters")
    return text


def line(text: str, env: Env, *, split: bool = False, empty: bool = False) -> str:
    """`text` with every substitution replaced by shell text that means its value;
    `empty`: an unquoted empty value stays an empty word (as inside bash's `[[ ]]`)."""
    out: list[str] = []
    i = 0
    quote = ""
    while i < len(text):
        c = text[i]
        if quote == "'":
            quote = "" if c == "'" else quote
            out.append(c)
            i += 1
        elif c == "\\" and i + 1 < len(text):
            out.append(text[i : i + 2])
            i += 2
        elif c == "'" and not quote:
            quote = "'"
            out.append(c)
            i += 1
        elif c == '"':
            quote = "" if quote else '"'
            out.append(c)
            i += 1
        elif c == "$" and i + 1 < len(text) and text[i + 1] not in " \t\n\"":
            piece, i, name = _reference(text, i, env)
            out.append(_quoted(piece, bool(quote), name in env.globs, split)
                       if piece or quote or not empty else "''")
        elif c == "`":
            raise Unsupported("uses `command` substitution")
        else:
            out.append(c)
            i += 1
    return _bounded("".join(out))


def _quoted(piece: str, in_quotes: bool, glob: bool, split: bool) -> str:
    """A value as shell text: literal, or for a `for` variable over a wildcard the
    wildcard itself (it stands for each file the shell matched)."""
    if in_quotes and not glob:
        return "".join("\\" + c if c in '"\\$`' else c for c in piece)
    if not split and any(c in " \t\n" for c in piece):
        raise Unsupported(f"splits the unquoted value {piece!r} into words")
    parts = []
    for c in piece:
        if c in " \t\n":
            parts.append(" ")
        elif c in _SAFE or c in GLOB or c == "]":
            parts.append(c)
        else:
            parts.append("\\" + c)
    text = "".join(parts)
    return f'"{text}"' if in_quotes else text  # closes and reopens the quotes around it
