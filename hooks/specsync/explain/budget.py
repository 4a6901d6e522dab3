"""The work one drift report may spend, counted in steps, not seconds: the same on every
machine, and testable.

A step is about a microsecond of the costliest work a report does: loading YAML with
the C parser and building its objects takes ~1 us per byte on the 2-core machines specsync
runs on, one small load ~50 us, cutting block YAML into keys ~5 us per key, pairing list
items ~30 us per node, one `git diff` process ~10 ms. Every copy of one report draws on
one `Budget`, so whatever the shape of the files (a long shuffled list, tens of thousands
of documents, a long flat mapping, deep nesting) the analysis stops at about a second;
what it did not analyse is said in one line, and the text diff (git's, fast, with a
budget of its own) or `--diff` shows the rest. The verdict (the exit code) is decided
before any of this runs.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

REPORT_STEPS = 1_000_000  # the analysis of one report's copies; tests set it small
DIFF_BUDGET = 600_000  # the text diffs shown (a fallback: kept apart from the analysis)
LOAD_STEPS = 50  # starting one YAML load
JSON_BYTES_PER_STEP = 6  # json.loads, the size walk and trimming lists: ~0.15 us per byte
PAIR_NODE_STEPS = 30  # list items handed to DeepDiff or SequenceMatcher, per node
CUT_KEY_STEPS = 5  # cutting a YAML text into key blocks (chunks), per key
CUT_BYTES_PER_STEP = 256  # ... and the text scanned for them
DIFF_STEPS = 10_000  # one `git diff --no-index` process
DIFF_BYTES_PER_STEP = 16  # git diff of a shuffled 10 MB pair: 1.3 s (~60 ns per byte)
NOTE = "report budget"


class Budget:
    """Steps left for the rest of one report."""

    __slots__ = ("left",)

    def __init__(self, steps: int | None = None) -> None:
        self.left = REPORT_STEPS if steps is None else steps

    @classmethod
    def for_diffs(cls) -> Budget:
        return cls(DIFF_BUDGET)

    def take(self, steps: int) -> bool:
        """Spend `steps` when that many are left; False (nothing spent) otherwise."""
        if steps > self.left:
            return False
        self.left -= steps
        return True


def parse_steps(kind: str, size: int) -> int:
    """What loading `size` characters of `kind` ("yaml" or "json") costs."""
    return LOAD_STEPS + (size // JSON_BYTES_PER_STEP if kind == "json" else size)


def diff_steps(old: bytes, new: bytes) -> int:
    return DIFF_STEPS + (len(old) + len(new)) // DIFF_BYTES_PER_STEP


class Spent(Exception):
    """The budget does not cover the next load."""


def load_pairs(copy: list[tuple[int, str]], source: list[tuple[int, str]],
               load: Callable[[str], Any]) -> tuple[list[tuple[int, Any]],
                                                    list[tuple[int, Any]], int]:
    """Load the differing documents of both sides pair by pair (by position) until `load`
    raises Spent: (copy documents, source documents, positions left unloaded)."""
    copy_docs: list[tuple[int, Any]] = []
    source_docs: list[tuple[int, Any]] = []
    pairs = max(len(copy), len(source))
    for k in range(pairs):
        try:
            if k < len(copy):
                copy_docs.append((copy[k][0], load(copy[k][1])))
            if k < len(source):
                source_docs.append((source[k][0], load(source[k][1])))
        except Spent:
            del copy_docs[k:], source_docs[k:]  # half a pair says nothing
            return copy_docs, source_docs, pairs - k
    return copy_docs, source_docs, 0


def skipped_line(count: int, what: str) -> str:
    """`12,000 more differing documents not analysed (report budget); ...`."""
    return (f"{count:,} more {what} not analysed ({NOTE}); run with --diff for the whole "
            "text diff")
