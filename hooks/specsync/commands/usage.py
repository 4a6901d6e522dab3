"""Usage errors as one line with a suggestion: `specsync chek`, `specsync fix --forse`.

argparse prints its usage block and then the error; the house rule is one line and
exit 2. Only on the error path (and for `--help`): the quick option reader never gets
here. The suggestions come from `difflib` over the words that exist (the commands, the
parser's own option strings), so the reader and the suggestion cannot disagree.
"""
from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NoReturn

_UNRECOGNIZED = "unrecognized arguments: "


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'check'?)`, or "" when no choice is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: `PROG: what is wrong (did you mean
    '--force'?); see PROG --help`, exit 2."""

    def error(self, message: str) -> NoReturn:
        hint = ""
        if message.startswith(_UNRECOGNIZED):
            first = message[len(_UNRECOGNIZED):].split(" ", maxsplit=1)[0]
            name = first.split("=", 1)[0]
            if name.startswith("-"):
                hint = did_you_mean(name, (s for a in self._actions for s in a.option_strings
                                           if s.startswith("--") or len(name) == 2))
        print(f"{self.prog}: {message}{hint}; see {self.prog} --help", file=sys.stderr)
        raise SystemExit(2)
