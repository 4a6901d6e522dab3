"""Make's variable expansion: `$(NAME)`, `${NAME}`, `$X`, `$$`, the automatic variables of
explicit rules, and the functions projects use to name their own folder: `$(CURDIR)`,
`$(MAKEFILE_LIST)`, `$(abspath)`, `$(realpath)` of that folder or Makefile, `$(dir)`,
`$(notdir)`, `$(lastword)`, `$(shell pwd)` and `$(shell dirname PATH)`, and
`$(addprefix)`/`$(addsuffix)` (an include line that names several files in one folder),
`$(strip)` and `$(call)` (of a variable or a `define`d macro, make_eval).

The folder make runs in is the absolute path `ROOT` + the Makefile's folder; `relative`
turns it back into a path from that folder once a recipe line is expanded, so a path that
climbs above the repository stays absolute (and is refused). Anything else - another
function, an unknown or uncertain variable, a self-reference, or an expansion beyond the
budget (`MAX_SIZE` characters, `MAX_STEPS` references) - raises `shell.Unsupported` with a
reason, never a guess and never a MemoryError.
"""
from __future__ import annotations

from specsync.discovery import shell

Vars = dict[str, "tuple[str, bool] | None"]

ROOT = shell.ROOT  # the repository root, as make's absolute paths start
CWD = "\x00cwd"  # vars key: the folder make runs in (no make variable can hold a NUL)
FILE = "\x00file"  # vars key: the name of the Makefile being read
DEFINE = "\x00define:"  # vars key + NAME: the body of `define NAME` (make_eval)
MAX_SIZE = 1 << 20  # characters one expansion may produce
MAX_STEPS = 100_000  # references one expansion may follow
_MAX_DEPTH = 32
_ONE_ARG = frozenset(("abspath", "realpath", "dir", "notdir", "lastword", "shell", "strip"))
_AFFIX = frozenset(("addprefix", "addsuffix"))


class Budget:
    """What is left of one expansion's allowance of references."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = MAX_STEPS

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise shell.Unsupported(f"expands more than {MAX_STEPS} variable references")


def find_close(text: str, i: int, close: str) -> int:
    opening = text[i]
    depth = 0
    for j in range(i, len(text)):
        if text[j] == opening:
            depth += 1
        elif text[j] == close:
            depth -= 1
            if depth == 0:
                return j
    raise shell.Unsupported("has an unterminated $( reference")


def expand(text: str, vars: Vars, auto: dict[str, str] | None = None, depth: int = 0,
           budget: Budget | None = None) -> str:
    """Make's expansion of `text`; `Unsupported` for anything not modelled exactly."""
    if "$" not in text:
        return text
    if depth > _MAX_DEPTH:
        raise shell.Unsupported("has a variable that refers to itself")
    budget = budget if budget is not None else Budget()
    out = []
    size = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c != "$" or i + 1 == len(text):
            out.append(c)
            size += 1
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":
            out.append("$")
            size += 1
            i += 2
            continue
        if nxt in "({":
            end = find_close(text, i + 1, ")" if nxt == "(" else "}")
            name, i = text[i + 2 : end], end + 1
        else:
            name, i = nxt, i + 2
        budget.spend()
        piece = _lookup(name, vars, auto, depth, budget)
        size += len(piece)
        if size > MAX_SIZE:
            raise shell.Unsupported(f"expands to more than {MAX_SIZE} characters")
        out.append(piece)
    return "".join(out)


def _lookup(name: str, vars: Vars, auto: dict[str, str] | None, depth: int,
            budget: Budget) -> str:
    if name in "@<^+*?|%" and len(name) == 1:
        if auto is None or name not in auto:
            why = auto.get("", "") if auto else ""  # make_rules.WHY
            raise shell.Unsupported(f"uses ${name}, but {why}" if why else
                                    f"uses ${name} outside an explicit rule")
        return auto[name]
    func, _, arg = name.replace("\t", " ").partition(" ")
    if arg and func in _ONE_ARG:
        return _function(func, expand(arg.lstrip(), vars, auto, depth + 1, budget), vars)
    if arg and func in _AFFIX:
        fix, words = (expand(a, vars, auto, depth + 1, budget)
                      for a in _two_args(name[len(func):].lstrip(" \t"), func))
        return " ".join(fix + w if func == "addprefix" else w + fix for w in words.split())
    if arg and func == "call":
        given = [expand(a, vars, auto, depth + 1, budget)
                 for a in arguments(name[len(func):].lstrip(" \t"), func)]
        called, bound = bind(given, vars)
        text, recursive = called
        return expand(text, bound, None, depth + 1, budget) if recursive else text
    if any(c in name for c in " \t,:$"):
        raise shell.Unsupported(f"uses the make function or reference $({name})")
    if name == "MAKE":
        return "make"
    if name == "SHELL" and name not in vars:
        return "/bin/sh"  # make's default; it never takes SHELL from the environment
    if name not in vars:
        raise shell.Unsupported(f"cannot expand $({name}): it is not set in this Makefile")
    value = vars[name]
    if value is None:
        raise shell.Unsupported(f"cannot expand $({name}): it is set conditionally, more than "
                                "once, by a shell command, maybe by an included file or "
                                "$(eval), or to more than the expansion budget")
    text, recursive = value
    return expand(text, vars, None, depth + 1, budget) if recursive else text


def arguments(text: str, func: str) -> list[str]:
    """The arguments of `$(func A,B,...)`, split at the commas outside any bracket. make
    counts only the brackets the call itself uses, so a comma inside a bare bracket of one
    kind but not of the other (`a{,b`) is refused: which kind is not known here."""
    parens = braces = start = 0
    out = []
    for i, c in enumerate(text):
        parens += (c == "(") - (c == ")")
        braces += (c == "{") - (c == "}")
        if c == "," and (parens, braces) == (0, 0):
            out.append(text[start:i])
            start = i + 1
        elif c == "," and (parens == 0) != (braces == 0):
            raise shell.Unsupported(f"uses $({func} ...) with arguments specsync cannot split")
    return [*out, text[start:]]


def _two_args(text: str, func: str) -> tuple[str, str]:
    found = arguments(text, func)
    if len(found) != 2:
        raise shell.Unsupported(f"uses $({func} ...) without two arguments")
    return found[0], found[1]


def bind(given: list[str], vars: Vars) -> tuple[tuple[str, bool], Vars]:
    """`$(call NAME,ARGS)` (`given`: NAME and ARGS, expanded): NAME's value, and the variables
    its expansion sees: $(0) NAME, $(1)... the arguments, higher numbers of an outer call
    empty (as make 4 does)."""
    name = given[0].strip()
    called = vars.get(DEFINE + name) or vars.get(name)
    if called is None:
        raise shell.Unsupported(f"calls {name}, which is not set to a value specsync knows")
    bound = dict(vars)
    for key in [k for k in bound if k.isdigit() and int(k) >= len(given)]:
        bound[key] = ("", False)
    bound.update((str(i), (a, False)) for i, a in enumerate(given))
    bound["0"] = (name, False)
    return called, bound


def _function(func: str, arg: str, vars: Vars) -> str:
    """One of the path functions, as GNU make 4 computes it."""
    cwd = _known(vars, CWD)
    words = arg.split()
    if func == "strip":
        return " ".join(words)
    if func == "lastword":
        return words[-1] if words else ""
    if func == "dir":
        return " ".join(w[: w.rfind("/") + 1] if "/" in w else "./" for w in words)
    if func == "notdir":
        return " ".join(w.rpartition("/")[2] for w in words)
    if func == "abspath":
        return " ".join(_abspath(w, cwd) for w in words)
    if func == "realpath":
        here = (cwd, f"{cwd}/{_known(vars, FILE)}")
        absolute = [_abspath(w, cwd) for w in words]
        if any(a not in here for a in absolute):
            raise shell.Unsupported(f"uses $(realpath {arg}): only the Makefile and its folder "
                                    "are known to exist")
        return " ".join(absolute)
    command = arg.strip()
    if command == "pwd":
        return cwd
    if len(words) == 2 and words[0] == "dirname" and words[1].startswith("/") and \
            not any(c in words[1] for c in "\"'\\`$*?[]{}~;&|<>()"):
        return _dirname(words[1])
    raise shell.Unsupported(f"runs $(shell {command}) while reading the Makefile")


def _known(vars: Vars, key: str) -> str:
    value = vars.get(key)
    if value is None:
        raise shell.Unsupported("uses a path function outside a Makefile")
    return value[0]


def _abspath(word: str, cwd: str) -> str:
    parts: list[str] = []
    for part in (word if word.startswith("/") else f"{cwd}/{word}").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/" + "/".join(parts)


def _dirname(path: str) -> str:
    trimmed = path.rstrip("/")
    if not trimmed:
        return "/"
    head = trimmed[: trimmed.rfind("/") + 1].rstrip("/")
    return head or "/"


def relative(text: str, folder: str) -> str:
    """`text` with the absolute repository root made relative to `folder` (where make runs)."""
    if ROOT not in text or folder == shell.UNKNOWN_CWD:
        return text  # from a folder nobody knows, the shell reader takes ROOT paths as they are
    up = "/".join([".."] * len(folder.split("/"))) if folder else "."
    out = []
    start = 0
    while (i := text.find(ROOT, start)) >= 0:
        after = text[i + len(ROOT) : i + len(ROOT) + 1]
        if after and after not in "/ \t\n\"';)&|":
            raise shell.Unsupported("joins the repository's path with other text")
        out.append(text[start:i] + up)
        start = i + len(ROOT)
    return "".join(out) + text[start:]


def automatic(text: str, auto: dict[str, str] | None) -> str:
    """`text` with only its automatic variables expanded: what a line that cannot be
    expanded still names for sure (`cat $(X) > $@` writes the target)."""
    for name, value in (auto or {}).items():
        for spelled in (f"$({name})", f"${{{name}}}", f"${name}"):
            text = text.replace(spelled, value)
    return text


def try_expand(text: str, vars: Vars) -> str | None:
    try:
        return expand(text, vars)
    except shell.Unsupported:
        return None
