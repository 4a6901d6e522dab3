"""The subcommands: read options, run the pipeline, render, and decide the exit code.
The only place exit codes are decided."""
from __future__ import annotations

import sys

from specsync.errors import GitFailed, InputError, one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class Main(Protocol):
        def __call__(self, argv: Sequence[str] | None = None) -> int: ...


def one_line_errors(main: Main) -> Main:
    """Wrap a command's `main`: an input or git error prints one line and exits 2."""

    def guarded(argv: Sequence[str] | None = None) -> int:
        try:
            return main(argv)
        except InputError as e:
            print(e.render(), file=sys.stderr)
        except GitFailed as e:
            print(one_line(f"specsync: {e}"), file=sys.stderr)
        return 2

    guarded.__doc__ = main.__doc__
    guarded.__name__ = getattr(main, "__name__", "main")
    return guarded
