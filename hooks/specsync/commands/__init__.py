"""The subcommands: read options, run the pipeline, render, and decide the exit code.
The only place exit codes are decided."""
from __future__ import annotations

import sys

from specsync.errors import GitFailed, InputError, Interrupted, one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class Main(Protocol):
        def __call__(self, argv: Sequence[str] | None = None) -> int: ...


def one_line_errors(main: Main) -> Main:
    """Wrap a command's `main`: an input or git error prints one line and exits 2; Ctrl-C
    (or a signal a generator's run turned into `Interrupted`) one line and 128 + its number,
    as a shell reports it."""

    def guarded(argv: Sequence[str] | None = None) -> int:
        try:
            return main(argv)
        except InputError as e:
            print(e.render(), file=sys.stderr)
        except GitFailed as e:
            print(one_line(f"specsync: {e}"), file=sys.stderr)
        except KeyboardInterrupt:
            return _interrupted(Interrupted(2))
        except Interrupted as e:
            return _interrupted(e)
        return 2

    guarded.__doc__ = main.__doc__
    guarded.__name__ = getattr(main, "__name__", "main")
    return guarded


def _interrupted(e: Interrupted) -> int:
    print(e.render(), file=sys.stderr, flush=True)
    return 128 + e.signum
