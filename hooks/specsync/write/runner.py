"""A generator's command as a child process that specsync owns from its start to its end.

The command runs from the repository root in a session of its own, so that a
timeout stops everything it started (`go generate` starts compilers) with one
`killpg`. A session of its own also means that the terminal's Ctrl-C never
reaches it: while it runs, SIGINT, SIGTERM and SIGHUP to specsync stop its
process group too (TERM, then KILL after GRACE seconds) and raise
`Interrupted`, so nothing it started writes after specsync has gone.

The child's environment names this fix and the entry (`repo.atomic.NESTED_*`):
a `specsync fix` or `specsync lock` the command runs would wait for the
repository lock this fix holds, and says so in one line at once instead.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

from specsync.errors import Interrupted
from specsync.repo.atomic import NESTED_ENTRY, NESTED_PID

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

    from specsync.config.model import GeneratedSpec

GRACE = 2.0  # seconds between TERM and KILL
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Ran:
    """How a command ended: `problem` is None when it succeeded."""

    __slots__ = ("output", "problem")

    def __init__(self, output: str, problem: str | None) -> None:
        self.output = output
        self.problem = problem


def run(spec: GeneratedSpec, root: str) -> Ran:
    """Run the entry's command from the repository root; stdout and stderr captured.

    Raises Interrupted (the command stopped) when a stop signal arrives meanwhile.
    """
    import shlex

    args: str | list[str] = spec.command if spec.shell else shlex.split(spec.command)
    env = {**os.environ, NESTED_PID: str(os.getpid()), NESTED_ENTRY: spec.origin}
    with _stop_signals_raise():
        try:
            proc = subprocess.Popen(
                args, cwd=root, shell=spec.shell, stdin=subprocess.DEVNULL, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            )
        except OSError as e:
            name = args if isinstance(args, str) else args[0]
            return Ran("", f"cannot run {name!r}: {e.strerror or e}")
        try:
            return _wait(proc, spec.timeout)
        except Interrupted as e:
            stop(proc)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.communicate(timeout=GRACE)  # close the pipe; the output is not shown
            e.detail = f"stopped `{spec.command}`"
            raise


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> Ran:
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(proc)
        out, _ = proc.communicate()
        return Ran(out.decode("utf-8", "replace"), f"timed out after {timeout:g} s")
    text = out.decode("utf-8", "replace")
    code = proc.returncode
    if code == 0:
        return Ran(text, None)
    why = f"killed by signal {-code}" if code < 0 else f"exited with code {code}"
    return Ran(text, why)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """TERM to the command's process group; KILL to whatever is left of it after GRACE
    seconds (the group outlives its leader while anything it started runs)."""
    group = proc.pid
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline:
            proc.poll()  # reap the leader: a zombie still counts as a member
            os.killpg(group, 0)  # ProcessLookupError: the whole group has gone
            time.sleep(0.02)
        os.killpg(group, signal.SIGKILL)


def _raise(signum: int, frame: FrameType | None) -> None:
    for sig in STOP_SIGNALS:  # once: a second Ctrl-C must not cut the stop short
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """While the child runs, the signals that end specsync raise Interrupted (a signal
    specsync was started with ignored stays ignored, as a background job's Ctrl-C)."""
    previous = {}
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours
        for sig in STOP_SIGNALS:
            old = signal.getsignal(sig)
            if old is not None and old is not signal.SIG_IGN:
                signal.signal(sig, _raise)
                previous[sig] = old
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
