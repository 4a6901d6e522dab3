"""`define`d macros, and the `$(eval ...)` lines of a Makefile that make evaluates.

A `define NAME` body is kept as written: nothing in it runs when it is defined, an
`$(eval ...)` in it neither. A macro whose body runs `$(eval ...)` (or calls such a macro)
runs it where it is called. A line that is one `$(eval TEXT)`, or one `$(call NAME,ARGS)`
of a macro whose whole body is one `$(eval TEXT)` (the build-image idiom), is evaluated
as make does: TEXT is expanded (the arguments as `$(1)`...) and read as Makefile lines in
place. Those lines count for what make runs (a rule they define is a rule of the Makefile,
with its targets and prerequisites), but a variable they set is not known and their
recipe lines are not read (the text make evaluates is not what a person wrote at a line).
Any other `$(eval ...)`, a reference to such a macro anywhere else, or TEXT that does not
expand leaves the whole Makefile not read, as before.
"""
from __future__ import annotations

from specsync.discovery import shell
from specsync.discovery.make_lines import define_step, evals
from specsync.discovery.make_vars import DEFINE, arguments, bind, expand, find_close

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Protocol, TypeVar

    from specsync.discovery.make_vars import Vars

    class Makefile(Protocol):
        """The Makefile being read (make.Makefile), as far as a macro touches it."""

        vars: Vars
        depth: int
        opaque: str
        path: str
        top: str
        evaluating: set[str]
        evaluated: str

    M = TypeVar("M", bound=Makefile)

_OPEN = ("$(", "${")
_CALL = ("$(call", "${call")
_ENDS = frozenset(" \t,)}")  # what may follow a macro's name in a reference


class Body:
    """The `define` being read: its nesting, its first line's words (None: not kept, in a
    branch make does not read) and its lines."""

    __slots__ = ("depth", "lines", "words")

    def __init__(self) -> None:
        self.depth = 0
        self.words: list[str] | None = None
        self.lines: list[str] = []

    def open(self, words: list[str], *, keep: bool) -> None:
        self.depth, self.words, self.lines = 1, words if keep else None, []

    def step(self, mk: Makefile, words: list[str], line: str) -> bool:
        """Take one line of the body (False when no define is open); `endef` keeps it."""
        if not self.depth:
            return False
        self.depth += define_step(words)
        if self.depth:
            self.lines.append(line)
        elif self.words is not None:
            defined(mk, self.words, self.lines)
        return True


def defined(mk: Makefile, words: list[str], body: list[str]) -> None:
    """Keep the body of a `define` (its first line's `words`) once `endef` closed it."""
    start = next(i for i, w in enumerate(words) if w == "define")
    rest = words[start + 1 :]
    if not rest:
        return
    name = rest[0]
    text = "\n".join(body)
    recursive = len(rest) == 1 or rest[1] == "="
    simple = not mk.depth and not mk.evaluated and recursive and "$" not in name
    mk.vars[DEFINE + name] = (text, True) if simple else None
    mk.vars[name] = None  # as a plain variable: several lines, not one value
    if any(o + "eval" + c in text for o in _OPEN for c in " \t\n") or \
            _calls_evaluating(mk, text):
        mk.evaluating.add(name)


def _calls_evaluating(mk: Makefile, text: str) -> str:
    """The first macro of `mk.evaluating` that `text` refers to (`$(NAME)`, `$(call NAME,`)
    or calls through a value (`$(call $(M),...)`: which macro is not read), or ""."""
    for name in [*mk.evaluating, "$"]:
        start = text.find(name)
        while start >= 0:
            before = text[:start].rstrip(" \t")
            spaced = len(before) < start
            if (name == "$" or text[start + len(name) : start + len(name) + 1] in _ENDS) and (
                    (not spaced and before.endswith(_OPEN) and name != "$")
                    or (spaced and before.endswith(_CALL))):
                return name if name != "$" else "a macro named by a value"
            start = text.find(name, start + 1)
    return ""


def check(mk: Makefile, number: int, line: str) -> None:
    """An `$(eval ...)` (or a call of a macro that runs one) on a line not evaluated here:
    `$(eval NAME := ...)` leaves NAME unknown, anything else leaves the Makefile unread."""
    where = f"line {number}" if mk.path == mk.top else f"{mk.path}:{number}"
    if "eval" in line:
        names, opaque = evals(line)
        for name in names:
            mk.vars[name] = None
        if opaque:
            mk.opaque = mk.opaque or f"{where} uses $(eval ...), which may change anything"
    called = _calls_evaluating(mk, line) if mk.evaluating else ""
    if called:
        mk.opaque = mk.opaque or f"{where} uses {called}, which runs $(eval ...)"


def evaluate(mk: M, number: int, stripped: str, read_lines: Callable[[M, str], None]) -> bool:
    """Evaluate a line that is one `$(eval TEXT)` or one call of a macro that is one; False
    for any other line."""
    if stripped[:2] not in ("$(", "${"):
        return False
    try:
        if find_close(stripped, 1, ")" if stripped[1] == "(" else "}") != len(stripped) - 1:
            return False
    except shell.Unsupported:
        return False
    func, _, rest = stripped[2:-1].replace("\t", " ").partition(" ")
    vars = mk.vars
    if func == "call":
        first = rest.split(",", 1)[0].strip()
        body = vars.get(DEFINE + first)
        if first not in mk.evaluating or body is None:
            return False
        inner = body[0].strip()
        if not inner.startswith(("$(eval ", "${eval ")) or \
                find_close(inner, 1, ")" if inner[1] == "(" else "}") != len(inner) - 1:
            return False
        try:
            _, vars = bind([expand(a, vars) for a in arguments(rest.lstrip(), func)], vars)
        except shell.Unsupported:
            return False
        rest = inner[7:-1]
    elif func != "eval":
        return False
    try:
        text = expand(rest.lstrip(), vars)
    except shell.Unsupported as e:
        where = f"line {number}" if mk.path == mk.top else f"{mk.path}:{number}"
        mk.opaque = mk.opaque or f"{where} runs $(eval ...) on text specsync cannot expand ({e})"
        return True
    outer = mk.evaluated
    mk.evaluated = outer or f"{mk.path}:{number}"
    read_lines(mk, text)
    mk.evaluated = outer
    return True
