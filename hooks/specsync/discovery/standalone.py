"""Zero configuration, kind `script`: the shell scripts nothing in the build runs.

A tracked `*.sh` or `*.bash` file that holds a copy command (the marks of its registry
row) and that no Makefile recipe, go:generate line or other script runs or sources (scan
drops it then: the caller's reading holds) is read as a person runs it by hand: with no
arguments, from a folder nobody knows. Only the paths anchored to the repository are
known - built from the script's own location (`$0`, `${BASH_SOURCE[0]}`) or `git
rev-parse --show-toplevel`, or after a `cd` to one; a copy that names a path relative to the
folder it is run from is no link. What the reader refuses is listed as not understood
only for a script that makes at least one link: most scripts run by hand (CI steps,
cluster set-up, release chores) copy to temporary or relative places, and listing their
lines would bury the few worth reading. An executable script runs as its `#!` line says
(bash or sh, its options); one that is not executable runs under a shell nobody names,
so bash's `[[ ]]` is not decided there. Files whose `#!` line names another interpreter
are skipped.
"""
from __future__ import annotations

from specsync.discovery import shell
from specsync.discovery.model import Found
from specsync.discovery.script_params import SHEBANG_SHELLS, interpreter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader

_COPY = rb"(?:^|[\s;&|(`])(?:cp|cat)[ \t]"  # cp or cat as a command word
# what a known path is built from, when the folder it runs from is not known: without
# one, every path the script names is relative to that folder (read no further)
_ANCHOR = rb"\$\{?0|BASH_SOURCE|--show-toplevel"
EXECUTABLE = "100755"


def is_candidate(path: str) -> bool:
    return path.endswith((".sh", ".bash"))


def find(path: str, data: bytes, reader: Reader | None = None) -> Found:
    """The copies the script at `path` makes when run by hand with no arguments."""
    found = Found()
    if reader is None or reader.snap is None or not _shell_script(data):
        return found
    import re  # with the script reader: only once a script holds a copy command

    from specsync.discovery import script

    if not re.search(_COPY, data, re.M) or not re.search(_ANCHOR, data):
        return found
    runner: list[str | None] = []
    if reader.snap.mode(path) != EXECUTABLE or not data.startswith(b"#!"):
        runner = [None]  # `bash x.sh` or `sh x.sh`: the shell is not known
    argv = [*runner, f"{shell.ROOT}/{path}"]
    result = script.run((path, data, len(argv)), argv, (shell.UNKNOWN_CWD, "", reader))
    found.ops = result.ops
    if result.ops:  # a script that syncs: what else it copies is worth a look
        found.unknown = [u for u in result.unknown if shell.RELATIVE not in u.reason]
    return found


def _shell_script(data: bytes) -> bool:
    """No `#!` line, or one that names sh, bash or dash (directly or through env)."""
    words = interpreter(data)
    return words is None or (bool(words) and words[0] in SHEBANG_SHELLS)
