"""What generator command lines are made of: repository paths, checks for
`discovery.proposals`, and Go's flag syntax (ogen, oapi-codegen and mockgen parse
their arguments with Go's flag package)."""
from __future__ import annotations

import posixpath

from specsync.discovery.shell_syntax import Unsupported

Read = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def at(cwd: str, text: str, what: str = "path") -> str:
    """A path the generator is given, as a repository path."""
    if not text or "$" in text or "://" in text:
        raise Unsupported(f"its {what} {text!r} is no file of the repository")
    if text.startswith("/"):
        raise Unsupported(f"its {what} {text!r} is an absolute path")
    joined = posixpath.normpath(posixpath.join(cwd, text))
    if joined == ".." or joined.startswith("../"):
        raise Unsupported(f"its {what} {text!r} is outside the repository")
    return "" if joined == "." else joined


def check(kind: str, *args: str) -> str:
    """A check for `discovery.proposals`: its kind and arguments, NUL-separated."""
    return "\0".join((kind, *args))


def folder(path: str) -> str:
    return path + "/" if path else ""


def go_flags(args: list[str], values: frozenset[str], bools: frozenset[str]
             ) -> tuple[dict[str, str], list[str]]:
    """Go's flag package: -name / --name, =value or the next word; stops at the first
    word that is no flag (or after `--`)."""
    flags: dict[str, str] = {}
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        word = args[i]
        i += 1
        if word == "--":
            break
        name, eq, value = word.lstrip("-").partition("=")
        if name in bools:
            flags[name] = value if eq else "true"
        elif name in values:
            if not eq:
                if i == len(args):
                    raise Unsupported(f"the flag {word!r} has no value")
                value, i = args[i], i + 1
            flags[name] = value
        else:
            raise Unsupported(f"it uses the flag {word!r}, which specsync does not model")
    return flags, args[i:]
