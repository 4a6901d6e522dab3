"""`sed 's/RE/REP/'` on a known line, as GNU sed computes it, for the renaming idiom
`cp "$f" "dest/$(basename "$f" | sed 's/^.*_\\([^.]\\{1,\\}\\)\\.yaml/\\1.crd.yaml/')"`.

One `s` command, delimited by any character, with no flag or `g`; its POSIX basic regular
expression in a subset that Python's `re` matches the same way on ASCII text: literal
characters, `.`, bracket expressions (`[^...]`, ranges, `]` first), `*` after an atom,
`\\{m\\}` / `\\{m,\\}` / `\\{m,n\\}`, `\\(...\\)` that is not repeated, `^` first and `$`
last, and escaped special characters. Its replacement: literal text, `&`, `\\1`-`\\9`,
`\\&` and `\\\\`. Anything else (other sed commands or options, `-E`, GNU escapes such as
`\\+`, `\\?`, `\\|`, `\\w`, `\\n`, character classes, a repeated group, back-references in
the expression, text that is not one ASCII line) raises Unsupported: POSIX matching is
leftmost-longest and Python's leftmost-first, and the two agree only where these rules
hold (tests/discovery/sed_test.py checks it against the real sed).
"""
from __future__ import annotations

from specsync.discovery.shell_syntax import GLOB, Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

_SPECIAL = frozenset(".[\\*^$")  # what a backslash makes literal in a BRE
_PY_SPECIAL = frozenset(".^$*+?{}[]\\|()")
_RANGES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def refuse(why: str) -> Unsupported:
    return Unsupported(f"runs sed {why}, which specsync does not model")


def through(inner: str, text: str, parts: list[str]) -> str:
    """What `$(... | sed S)` (`inner`) outputs when the left side outputs `text`."""
    script = pipe(parts)
    if script is None:
        raise Unsupported(f"runs $({inner}) (a command's output is not known)")
    if not GLOB.isdisjoint(text):  # `for f in *.yaml`: one name per file, not read
        raise Unsupported(f"runs $({inner}) on each file of a wildcard")
    return apply(script, text)


def pipe(parts: list[str]) -> str | None:
    """The sed script of `sed 'S'` / `sed -e 'S'` (words already unquoted), or None."""
    if parts[:1] != ["sed"]:
        return None
    if len(parts) == 2 and not parts[1].startswith("-"):
        return parts[1]
    if len(parts) == 3 and parts[1] == "-e":
        return parts[2]
    raise refuse(" ".join(parts[1:]))


def apply(script: str, text: str) -> str:
    """`echo TEXT | sed SCRIPT` without the trailing newline."""
    if "\n" in text or not text.isascii():
        raise refuse("on text that is not one ASCII line")
    pattern, replacement, every = _parse(script)
    import re

    compiled = re.compile(pattern)
    return compiled.sub(lambda m: _expand(replacement, m), text, count=0 if every else 1)


def _parse(script: str) -> tuple[str, list[str | int], bool]:
    if len(script) < 4 or script[0] != "s" or script[1] in "\\\n":
        raise refuse(f"'{script}'")
    delim = script[1]
    fields: list[str] = []
    i, current = 2, ""
    while i < len(script) and len(fields) < 2:
        c = script[i]
        if c == "\\" and i + 1 < len(script):
            nxt = script[i + 1]
            current += nxt if nxt == delim and delim not in _SPECIAL else c + nxt
            i += 2
            continue
        if c == delim:
            fields.append(current)
            current = ""
        else:
            current += c
        i += 1
    flags = script[i:]
    if len(fields) < 2 or flags not in ("", "g"):
        raise refuse(f"'{script}'")
    return translate(fields[0]), _replacement(fields[1]), flags == "g"


def translate(bre: str) -> str:
    """The Python expression that matches what the BRE matches (in the subset)."""
    out: list[str] = []
    prev = "none"  # the last item: "atom" (takes `*` or an interval), "star" (a `*` or an
    # interval: another repeat is GNU's own reading), "none" (start, `\(`, `^`, `$`)
    groups = 0
    open_at: list[int] = []
    i = 0
    while i < len(bre):
        c = bre[i]
        if c == "\\":
            i, prev = _backslash(bre, i, out, open_at, prev)
            groups += out[-1] == "("
            continue
        i += 1
        if c == "[":
            close = _bracket_end(bre, i)
            out.append(_bracket(bre[i:close]))
            i = close + 1
            prev = "atom"
        elif c == "*":
            if prev == "star":
                raise refuse("with a repeated repeat")
            out.append("*" if prev == "atom" else "\\*")  # first, after \( or ^: literal
            prev = "star" if prev == "atom" else "atom"
        elif c == "^" and (not out or out[-1] == "("):
            out.append("^")
            prev = "none"
        elif c == "$" and (i == len(bre) or bre.startswith("\\)", i)):
            out.append("$")
            prev = "none"
        elif c == ".":
            out.append(".")
            prev = "atom"
        else:
            out.append("\\" + c if c in _PY_SPECIAL else c)
            prev = "atom"
    if open_at or groups > 9:
        raise refuse("with unbalanced or too many groups")
    return "".join(out)


def _backslash(bre: str, i: int, out: list[str], open_at: list[int], prev: str,
               ) -> tuple[int, str]:
    """Translate the escape at `i` into `out`: where reading goes on, and the new state."""
    if i + 1 == len(bre):
        raise refuse("with a trailing backslash")
    nxt = bre[i + 1]
    i += 2
    if nxt == "(":
        open_at.append(len(out))
        out.append("(")
        prev = "none"
    elif nxt == ")":
        if not open_at:
            raise refuse("with an unmatched \\)")
        open_at.pop()
        out.append(")")
        if bre.startswith(("*", "\\{"), i):
            raise refuse("with a repeated group")
        prev = "none"
    elif nxt == "{":
        close = bre.find("\\}", i)
        bounds = bre[i:close].split(",") if close > 0 else []
        if prev != "atom" or not 1 <= len(bounds) <= 2 or \
                not all(b.isdigit() for b in bounds if b) or not bounds[0]:
            raise refuse("with an interval it does not read")
        out.append("{" + ",".join(bounds) + "}")
        i = close + 2
        prev = "star"
    elif nxt in _SPECIAL or nxt == "/":
        out.append("\\" + nxt if nxt in _PY_SPECIAL else nxt)
        prev = "atom"
    else:
        raise refuse(f"with \\{nxt}")
    return i, prev


def _bracket_end(bre: str, i: int) -> int:
    j = i + (1 if bre[i : i + 1] == "^" else 0)
    j += 1 if bre[j : j + 1] == "]" else 0
    close = bre.find("]", j)
    if close < 0:
        raise refuse("with an unterminated [")
    return close


def _bracket(body: str) -> str:
    """A bracket expression's body (between `[` and `]`) as Python writes it."""
    if "[" in body:
        raise refuse("with a character class or collating element")
    negate = body.startswith("^")
    members = body[1:] if negate else body
    parts = ["\\" + c if c in "\\]^-[&~|" else c for c in members]
    for at, c in enumerate(members):  # a range stays a range, within one class of ASCII
        if c == "-" and 0 < at < len(members) - 1:
            low, high = members[at - 1], members[at + 1]
            if low > high or not any(low in r and high in r for r in _RANGES):
                raise refuse("with a range whose members depend on the locale")
            parts[at] = "-"
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _replacement(text: str) -> list[str | int]:
    """Literal pieces and group numbers (0 for `&`)."""
    out: list[str | int] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "&":
            out.append(0)
        elif c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            i += 1
            if nxt.isdigit() and nxt != "0":
                out.append(int(nxt))
            elif nxt in "&\\/":
                out.append(nxt)
            else:
                raise refuse(f"with \\{nxt} in the replacement")
        elif c == "\n":
            raise refuse("with a newline in the replacement")
        else:
            out.append(c)
        i += 1
    return out


def _expand(replacement: list[str | int], match: re.Match[str]) -> str:
    if any(isinstance(p, int) and p > (match.re.groups or 0) for p in replacement):
        raise refuse("with a reference to a group the expression does not have")
    return "".join(p if isinstance(p, str) else (match.group(p) or "") for p in replacement)
