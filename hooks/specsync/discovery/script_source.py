"""`source FILE` / `. FILE` in a script: the tracked file it names, read through the Reader.

The file must be named by a path (a name without a slash is looked up in PATH), inside
the repository, tracked, within the Reader's budget and at most `MAX_DEPTH` sources deep;
anything else raises `Unsupported`.
"""
from __future__ import annotations

from specsync.discovery import script_text, script_words
from specsync.discovery.shell import ROOT
from specsync.discovery.shell_syntax import Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from specsync.discovery.reader import Reader

MAX_DEPTH = 8  # nested `source`


def sourced(text: str, env: script_words.Env, cwd: Callable[[], str], read: Reader,
            depth: int) -> tuple[str, bytes, str]:
    """(repository path, bytes, the word as written) of the file `text` sources."""
    words = script_text.words(text)
    if len(words) != 2:
        raise Unsupported("sources a file with arguments")
    named = script_words.value(words[1], env)
    if "/" not in named:
        raise Unsupported(f"sources {named!r}, which the shell looks up in PATH")
    path = script_words.normal(named, "" if named.startswith("/") else cwd())
    if not path.startswith(ROOT + "/") or depth >= MAX_DEPTH:
        raise Unsupported(f"sources {named!r}, outside the repository or too deep")
    data = read.read(path[len(ROOT) + 1 :])
    if data is None:
        raise Unsupported(f"sources {named!r}, which is not a tracked file (or the "
                          "reading budget is spent)")
    return path[len(ROOT) + 1 :], data, named
