"""Parse the `generated:` entries and `run_discovered` of `.specsync.yaml`.

Part of `config.parse` (same checker, same line numbers), kept apart because
generated outputs have their own rules: a command that must split into argv
unless `shell: true`, outputs that belong to one entry only (and to no link copy).
"""
from __future__ import annotations

from specsync.config.checker import Checker, item_line, kind, value_line
from specsync.config.model import DEFAULT_TIMEOUT, GeneratedSpec
from specsync.globs import is_glob, match

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from specsync.config.model import LinkSpec

GENERATED_KEYS = ("command", "outputs", "shell", "sources", "timeout")
MAX_TIMEOUT = 86_400  # seconds: a day; beyond that (or .inf, .nan) is a typo, not a build
SHELL_TOKENS = frozenset(("&&", "||", "|", ";", ">", ">>", "<", "2>", "2>&1", "&"))
# characters shlex.split treats as nothing but word characters (no quotes, escapes or
# whitespace but the space): a command of only these splits at its spaces
_WORD_CHARS = frozenset(map(chr, range(0x21, 0x7F))) - frozenset("'\"\\")


def _paths(check: Checker, node: Any, key: str, line: int) -> tuple[str, ...] | None:
    raw = node[key]
    where = value_line(node, key, line)
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        check.error(where, f"{key} must be a non-empty list of paths, not {kind(raw)}")
        return None
    found = [check.path(item, item_line(raw, i, where), key[:-1])
             for i, item in enumerate(raw)]
    paths = [p for p in found if p is not None]
    return tuple(paths) if len(paths) == len(found) else None


def _command(check: Checker, node: Any, line: int, shell: bool) -> str | None:
    raw = node["command"]
    where = value_line(node, "command", line)
    if isinstance(raw, list) and raw and all(isinstance(a, str) and a for a in raw):
        if shell:
            check.error(where, "with shell: true, command must be one string")
            return None
        import shlex

        return shlex.join(str(a) for a in raw)
    if not isinstance(raw, str) or not raw.strip():
        check.error(where, f"command must be a string or a list of arguments, not {kind(raw)}")
        return None
    if shell:
        return str(raw)
    try:
        argv = split(raw)
    except ValueError as e:
        check.error(where, f"command cannot be split into arguments: {e}")
        return None
    used = sorted(SHELL_TOKENS.intersection(argv))
    if used:
        check.error(where, f"command uses shell syntax ({' '.join(used)}); it runs without a "
                    "shell: set shell: true, or call a script")
        return None
    return str(raw)


def split(command: str) -> list[str]:
    """`shlex.split(command)`; a command of plain words is split at its spaces without
    importing shlex (and `re` behind it)."""
    if _WORD_CHARS.issuperset(command.replace(" ", "")):
        return [word for word in command.split(" ") if word]
    import shlex

    return shlex.split(command)


def _options(check: Checker, node: Any, line: int) -> tuple[bool, float]:
    shell = node.get("shell", False)
    if not isinstance(shell, bool):
        check.error(value_line(node, "shell", line), "shell must be true or false")
        shell = False
    timeout = node.get("timeout", DEFAULT_TIMEOUT)
    if not _good_timeout(timeout):
        check.error(value_line(node, "timeout", line), "timeout must be a number of seconds "
                    f"greater than 0 and at most {MAX_TIMEOUT:,} (24 hours)")
        timeout = DEFAULT_TIMEOUT
    return bool(shell), float(timeout)


def _good_timeout(value: Any) -> bool:
    """A finite number of seconds in (0, MAX_TIMEOUT]; an int is compared before any float()
    (an int of 400 digits overflows it), and NaN fails every comparison."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return 0 < value <= MAX_TIMEOUT


def _entry(check: Checker, node: Any, line: int, name: str) -> GeneratedSpec | None:
    if not check.keys(node, line, GENERATED_KEYS, "generated entry"):
        return None
    missing = [k for k in ("sources", "outputs", "command") if k not in node]
    for key in missing:
        check.error(line, f"generated entry needs {key}:")
    if missing:
        return None
    shell, timeout = _options(check, node, line)
    sources = _paths(check, node, "sources", line)
    outputs = _paths(check, node, "outputs", line)
    command = _command(check, node, line, shell)
    if sources is None or outputs is None or command is None:
        return None
    for output in outputs:
        if any(_overlap(output, source) for source in sources):
            check.error(value_line(node, "outputs", line),
                        f"output {output!r} is also a source of this entry")
            return None
    return GeneratedSpec(sources, outputs, command, f"{name}:{line}", line,
                         shell=shell, timeout=timeout)


def _overlap(a: str, b: str) -> bool:
    """Same path, or one is a folder holding the other."""
    a_dir, b_dir = a.rstrip("/") + "/", b.rstrip("/") + "/"
    return a_dir.startswith(b_dir) or b_dir.startswith(a_dir)


def _shared_outputs(check: Checker, entries: list[GeneratedSpec]) -> None:
    seen: list[tuple[str, GeneratedSpec]] = []
    for entry in entries:
        for output in entry.outputs:
            for other, owner in seen:
                if owner is not entry and _overlap(output, other):
                    check.error(entry.line, f"output {output!r} overlaps output {other!r} of "
                                f"the generated entry on line {owner.line}")
        seen.extend((o, entry) for o in entry.outputs)


def _shares(copy: str, output: str) -> str | None:
    """How a link copy lies in a generated output (the command may rewrite or delete it),
    or None. A copy folder that holds an output is fine: the link writes only its own
    copies, and prune never takes what an entry owns."""
    if is_glob(output):
        return "is matched by" if not copy.endswith("/") and match(output, [copy]) else None
    if copy.rstrip("/") == output.rstrip("/"):
        return "is also"
    return "is inside" if copy.startswith(output.rstrip("/") + "/") else None


def owned_once(check: Checker, entries: list[GeneratedSpec], links: list[LinkSpec]) -> None:
    """A file has one owner: a link copy (or a copy folder, which prune may clear) at or
    inside a generated output is written by both, and fix never settles."""
    if not entries:
        return
    for link in links:
        for copy in link.copies:
            for entry in entries:
                shared = [(how, o) for o in entry.outputs if (how := _shares(copy.path, o))]
                if shared:
                    how, output = shared[0]
                    check.error(copy.line, f"copy {copy.path!r} {how} output {output!r} of "
                                f"the generated entry on line {entry.line}")
                    break


def parse(check: Checker, top: Any, name: str) -> tuple[list[GeneratedSpec], bool]:
    """The `generated:` entries and the `run_discovered` flag of the top mapping."""
    run_discovered = top.get("run_discovered", False)
    if not isinstance(run_discovered, bool):
        check.error(value_line(top, "run_discovered", 1), "run_discovered must be true or false")
        run_discovered = False
    raw = top.get("generated") or []
    where = value_line(top, "generated", 1)
    if not isinstance(raw, list):
        check.error(where, f"generated must be a list, not {kind(raw)}")
        return [], bool(run_discovered)
    entries = []
    for i, node in enumerate(raw):
        entry = _entry(check, node, item_line(raw, i, where), name)
        if entry is not None:
            entries.append(entry)
    _shared_outputs(check, entries)
    return entries, bool(run_discovered)
