"""Make conditionals (`ifdef`, `ifndef`, `ifeq`, `ifneq`, `else`, `endif`): which lines make reads.

`ifdef NAME` / `ifndef NAME` are decided when NAME is known: set earlier to a value specsync
knows (true when that value, unexpanded, is not empty, as make tests it), or set by no line
read so far, with no include left unread before it and not one of make's own variables (then
undefined). That is the include guard of a file several others include (`ifndef _X_MK_`
/ `_X_MK_ := defined`). As for `?=`, a variable from the environment or the command line
is not looked at. A decided branch is read as if unconditional, a branch not taken is not
read at all (its rules, assignments and includes do not exist); any other condition
(`ifeq`, `ifneq`, a name that does not expand) leaves the branch, and every branch of an
`else` chain, under a conditional: what it sets is unknown, its recipe lines run maybe.
"""
from __future__ import annotations

from specsync.discovery.make_vars import try_expand

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    from specsync.discovery.make_vars import Vars

    class Makefile(Protocol):
        """The Makefile being read (make.Makefile), as far as a conditional touches it."""

        vars: Vars
        depth: int
        conds: list[str]
        skip: int
        included: bool

TAKE, SKIP, DONE, UNKNOWN = "take", "skip", "done", "?"  # DONE: an earlier branch was taken
CONDITIONALS = frozenset(("ifeq", "ifneq", "ifdef", "ifndef"))
# the variables GNU make 4.3 defines itself (`make -p -f /dev/null`)
_OWN = ("AR ARFLAGS AS CC CO COFLAGS CPP CTANGLE CURDIR CWEAVE CXX F77 F77FLAGS FC GET "
        "GNUMAKEFLAGS LD LEX LINT M2C MAKE MAKEFILES MAKEFILE_LIST MAKEFLAGS MAKEINFO MAKELEVEL "
        "MAKE_COMMAND MAKE_HOST MAKE_VERSION MFLAGS OBJC OUTPUT_OPTION PC RM SHELL SUFFIXES "
        "TANGLE TEX TEXI2DVI WEAVE YACC MAKECMDGOALS VPATH GPATH")
MAKES_OWN = frozenset(_OWN.split(" "))


def skipping(mk: Makefile) -> bool:
    """Whether the line being read is in a branch make does not read."""
    return mk.skip > 0


def step(mk: Makefile, words: list[str]) -> bool:
    """Follow a conditional directive (`words` of one line); False for any other line."""
    word = words[0] if words else ""
    if word in CONDITIONALS:
        if mk.skip:
            _push(mk, DONE)  # nested in a branch not read: not read either
        elif mk.depth:
            _push(mk, UNKNOWN)  # under a branch not decided: not decided either
        else:
            holds = _holds(mk, words)
            _push(mk, UNKNOWN if holds is None else TAKE if holds else SKIP)
        return True
    if word == "else" and mk.conds:
        state = _pop(mk)
        rest = words[1:]
        if state == UNKNOWN:
            _push(mk, UNKNOWN)
        elif state in (TAKE, DONE):
            _push(mk, DONE)
        elif not rest:
            _push(mk, TAKE)
        else:
            holds = _holds(mk, rest) if rest[0] in CONDITIONALS else None
            _push(mk, UNKNOWN if holds is None else TAKE if holds else SKIP)
        return True
    if word == "endif" and mk.conds:
        _pop(mk)
        return True
    return word in ("else", "endif")  # unbalanced: make stops; nothing to follow


def _push(mk: Makefile, state: str) -> None:
    mk.conds.append(state)
    mk.depth += state == UNKNOWN
    mk.skip += state in (SKIP, DONE)


def _pop(mk: Makefile) -> str:
    state = mk.conds.pop()
    mk.depth -= state == UNKNOWN
    mk.skip -= state in (SKIP, DONE)
    return state


def _holds(mk: Makefile, words: list[str]) -> bool | None:
    if words[0] not in ("ifdef", "ifndef") or len(words) != 2:
        return None
    name = try_expand(words[1], mk.vars)
    if name is None or not name or name in MAKES_OWN:
        return None
    if name in mk.vars:
        value = mk.vars[name]
        defined = None if value is None else value[0] != ""
    else:
        defined = None if mk.included else False
    return None if defined is None else defined == (words[0] == "ifdef")
