"""`specsync`: the command line. Each subcommand is a hook module with its own main."""
from __future__ import annotations

import gc
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

USAGE = """\
usage: specsync {check,fix,lock,discover} [options] [FILE ...]

  check     fail when a copy differs from what its source says (hook: specsync-check)
  fix       regenerate drifted copies from their sources (hook: specsync-fix)
  lock      record generated outputs and locked copies in specsync.lock
  discover  list the copies go:generate lines, Makefile recipes and scripts declare
            (--write: into .specsync.yaml)

Run `specsync COMMAND --help` for a command's options.
Exit codes: 0 in sync, 1 drift found or files rewritten, 2 usage, config or input error."""


COMMANDS = ("check", "fix", "lock", "discover")


def raw_names() -> None:
    """Print file names that are not UTF-8 as their bytes, as git does, not a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="surrogateescape")


def main(argv: Sequence[str] | None = None) -> int:
    """The command line, run in a caller's process: the cyclic collector is left as it was."""
    collecting = gc.isenabled()
    try:
        return _run(argv)
    finally:
        (gc.enable if collecting else gc.disable)()


def run() -> int:
    """The `specsync` console script (and `python -m specsync`): the command line, then
    the process ends at once unless something is left for the interpreter's exit (`_end`)."""
    code = _run(None)
    _end(code)
    return code  # something is pending at exit (see `_end`): the interpreter runs it


def _run(argv: Sequence[str] | None) -> int:
    """The command line with the cyclic collector paused.

    A run is short and what it makes (modules, the listing) lives until it ends: the
    collector's passes over it cost ~7% of a first run's instructions (4 M of 59 M with a
    config). The pipeline turns it on before links are compared (deep reports make cycles).
    """
    gc.disable()
    try:
        code = _dispatch(argv)
        if sys.stdout is not None:  # None: started with stdout closed
            sys.stdout.flush()  # a reader that left is met here, not at the exit
        return code
    except BrokenPipeError:  # `specsync discover | head`: the reader left; say so once
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        print("specsync: the output was closed before the report was written",
              file=sys.stderr)
        return 2


def _end(code: int) -> None:
    """End the process with `code` now, without the interpreter's teardown, unless
    something is left for it: an `atexit` callback (coverage, `weakref.finalize`, a
    library's), a thread still running, a profiler or tracer that writes when the program
    is done (`python -m cProfile -o`, `trace`, `pdb`), or output that does not flush.

    The teardown frees every object one by one and makes a full collection that
    `gc.disable` does not stop (`finalize_modules`): ~3.5 ms, a tenth of a first run's CPU
    with a config, for a process about to end. Every file specsync writes is closed (and
    renamed into place) before its command returns, and it waits for every process it starts.
    """
    import atexit

    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with it closed
                stream.flush()
    except (OSError, ValueError):
        return  # the interpreter's exit reports it
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere, keep the exit
    if callbacks is None or callbacks():
        return
    import os

    os._exit(code)


def _dispatch(argv: Sequence[str] | None) -> int:
    raw_names()
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else ""
    if command == "check":
        from specsync.commands import check

        return check.main(args)
    if command == "fix":
        from specsync.commands import fix

        return fix.main(args)
    if command == "lock":
        from specsync.commands import lock

        return lock.main(args)
    if command == "discover":
        from specsync.commands import discover

        return discover.main(args)
    if command in ("-h", "--help"):
        print(USAGE)
        return 0
    if command in ("-V", "--version"):
        from specsync import __version__

        print(f"specsync {__version__}")
        return 0
    if not command:
        print(USAGE, file=sys.stderr)
        return 2
    from specsync.commands.usage import did_you_mean

    print(f"specsync: unknown command {command!r}{did_you_mean(command, COMMANDS)}; "
          "see specsync --help", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
