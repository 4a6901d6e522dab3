"""Proposed `generated:` entries written into `.specsync.yaml` as comments.

`discover --write` never enables a command: each proposal is a commented-out entry
the user uncomments (its command then runs only through `specsync fix`, as every
command of the config). The proposals sit in one block at the end of the file,
after a fixed header line; an entry whose `outputs:` line the file already holds,
or whose outputs a configured entry already has, is not written again, so a re-run
adds nothing.
"""
from __future__ import annotations

import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from specsync.discovery.proposals import Proposed

HEADER = "# Proposed by `specsync discover --write` from generator lines (commented out):"
_ABOUT = (
    "# uncomment `generated:` and an entry to have check report its outputs stale when its",
    "# sources change; its command runs only through `specsync fix`.",
)
_PLAIN = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_./@=+-]*")
_COMMAND = re.compile(r"[A-Za-z][A-Za-z0-9_./@=+ -]*[A-Za-z0-9_./@=+-]")
_WORDS = frozenset(("true", "false", "null", "yes", "no", "on", "off", "y", "n"))


def scalar(text: str) -> str:
    """A YAML scalar: plain when it reads back as the same string, else double-quoted."""
    if _PLAIN.fullmatch(text) and not text[0].isdigit() and text.lower() not in _WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _command(text: str) -> str:
    return text if _COMMAND.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def entry_lines(p: Proposed) -> list[str]:
    sources = ", ".join(scalar(s) for s in p.sources)
    outputs = ", ".join(scalar(o) for o in p.outputs)
    return [f"#   - sources: [{sources}]  # discovered: {p.origin} ({p.tool})",
            f"#     outputs: [{outputs}]",
            f"#     command: {_command(p.command)}"]


def split_block(text: str) -> tuple[str, str]:
    """(the config before the proposals block, the block and what follows it)."""
    at = text.find("\n" + HEADER)
    if text.startswith(HEADER):
        return "", text
    return (text, "") if at < 0 else (text[: at + 1], text[at + 1 :])


def add_block(head: str, tail: str, proposed: Sequence[Proposed],
              configured: set[tuple[str, ...]], has_generated: bool) -> tuple[str, int]:
    """The config text with the proposals it lacks added to its block; how many."""
    new = [p for p in proposed if tuple(sorted(p.outputs)) not in configured
           and entry_lines(p)[1] not in tail.splitlines()]
    if not new:
        return head + tail, 0
    lines = [line for p in new for line in entry_lines(p)]
    if not tail:
        under = ["# generated:"] if not has_generated else [
            "# (add these under generated: above)"]
        tail = "\n".join([HEADER, *_ABOUT, *under]) + "\n"
    if head and not head.endswith("\n"):
        head += "\n"
    if not tail.endswith("\n"):
        tail += "\n"
    return head + tail + "\n".join(lines) + "\n", len(new)
