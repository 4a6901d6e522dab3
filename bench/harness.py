"""Time commands side by side: interleaved runs, median, min-max, peak RSS, ratios.

Each `Group` is measured on its own: every command twice to warm caches (a first
run fills them, a second keeps the in-sync verdict a later run answers from) and
to check its exit code, then `runs` rounds in which each command runs once (in a
rotating order), so that load on the machine hits all of them alike. Commands
that leave different states behind (a cold run drops the caches, a full check
keeps another verdict) get a repository each (`fixtures.clone`).
"""
from __future__ import annotations

import os
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cmd:
    """One thing to time: `steps` run one after the other, stopping at a failure (`&&`)."""

    name: str
    steps: Sequence[Sequence[str]]
    cwd: str
    expect: int = 0  # exit code of the whole command (the last step run)
    env: dict[str, str] | None = None
    setup: Sequence[Sequence[str]] = ()  # run before each run, untimed (e.g. drop a cache)


@dataclass(frozen=True)
class Goal:
    """What a row is held to: `ratio` (x of `other`), `delta` (ms over `other`),
    `seconds` (median wall time), `rss` (peak MB) or `growth`: this row grew from
    `other` by at most `limit` times what row `ref[0]` grew from row `ref[1]`."""

    kind: str
    limit: float | None = None
    other: str = ""
    ref: tuple[str, str] = ("", "")


@dataclass
class Group:
    title: str
    cmds: list[Cmd]
    goals: dict[str, list[Goal]] = field(default_factory=dict)  # cmd name -> goals
    runs: int | None = None  # rounds; default: the command line's --runs
    note: str = ""


JUDGE_CPU = False  # --cpu: goals on CPU time (steadier than wall time on a busy machine)


@dataclass
class Timing:
    cmd: Cmd
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system, of every process
    rss_kb: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def judged(self) -> float:
        """What goals compare: the median wall time, or CPU time under `--cpu`."""
        return statistics.median(self.cpu if JUDGE_CPU else self.seconds)


class CommandFailed(Exception):
    pass


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without PYTHON* settings that would change start-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra or {})
    return env


# Commands run as a hook runs them: pre-commit (and prek) set PRE_COMMIT=1. Without it a
# check counts as run by hand (specsync.commands.by_hand) and also names the involved files
# whose changes are not staged, which costs a `git diff` and every link resolved.
HOOK = {"PRE_COMMIT": "1"}


def command_env(cmd: Cmd) -> dict[str, str]:
    """The environment `cmd` runs in: its own, or the caller's as a hook sees it."""
    return cmd.env if cmd.env is not None else clean_env(HOOK)


class Launcher:
    """The small process (bench/launcher.py) that starts every timed command."""

    def __init__(self) -> None:
        import subprocess

        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "launcher.py")
        self.proc = subprocess.Popen([sys.executable, "-S", "-E", script],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, cmd: Cmd) -> tuple[float, int, int, float]:
        """Wall seconds, exit code, the largest RSS (KiB) and CPU seconds of one run of `cmd`."""
        import marshal

        assert self.proc.stdin is not None and self.proc.stdout is not None
        env = command_env(cmd)
        marshal.dump(([list(s) for s in cmd.setup], [list(s) for s in cmd.steps], cmd.cwd, env),
                     self.proc.stdin)
        self.proc.stdin.flush()
        seconds, code, rss, cpu = marshal.load(self.proc.stdout)
        return seconds, code, rss, cpu

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def _explain(cmd: Cmd, code: int) -> str:
    import subprocess

    env = command_env(cmd)
    output = ""
    for argv in cmd.setup:
        subprocess.run(argv, cwd=cmd.cwd, env=env, capture_output=True, check=False)
    for argv in cmd.steps:
        proc = subprocess.run(argv, cwd=cmd.cwd, env=env, capture_output=True, text=True,
                              check=False)
        output += proc.stdout + proc.stderr
        if proc.returncode:
            break
    steps = " && ".join(" ".join(s) for s in cmd.steps)
    return (f"{cmd.name}: exit {code}, expected {cmd.expect}\n  $ {steps}\n"
            f"  (in {cmd.cwd})\n{output[-2000:]}")


def measure(group: Group, runs: int, launcher: Launcher) -> list[Timing]:
    timings = [Timing(c) for c in group.cmds]
    for t in timings + timings:  # warm-up, and a command that fails is not worth timing
        code = launcher.run(t.cmd)[1]
        if code != t.cmd.expect:
            raise CommandFailed(_explain(t.cmd, code))
    for round_ in range(runs):
        shift = round_ % len(timings)
        for t in timings[shift:] + timings[:shift]:
            seconds, code, rss, cpu = launcher.run(t.cmd)
            if code != t.cmd.expect:
                raise CommandFailed(_explain(t.cmd, code))
            t.seconds.append(seconds)
            t.cpu.append(cpu)
            t.rss_kb = max(t.rss_kb, rss)
    return timings


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else "ok" if ok else "MISS"


def _short(name: str) -> str:
    """How a ratio names the row it is relative to: the name up to its first colon."""
    return name.split(":", 1)[0]


def _goal_cells(goal: Goal, t: Timing, by_name: dict[str, Timing]) -> tuple[str, str]:
    if goal.kind == "rss":
        ok = None if goal.limit is None else t.rss_kb / 1024 < goal.limit
        return "", f"RSS < {goal.limit:g} MB {_verdict(ok)}"
    if goal.kind == "seconds":
        limit = "" if goal.limit is None else f"< {goal.limit:g} s"
        ok = None if goal.limit is None else t.judged < goal.limit
        return "", f"{limit} {_verdict(ok)}".strip()
    other = by_name[goal.other]
    if goal.kind == "growth":
        grew = t.judged / other.judged
        ref = by_name[goal.ref[0]].judged / by_name[goal.ref[1]].judged
        ok = None if goal.limit is None else grew <= goal.limit * ref
        limit = "" if goal.limit is None else f"grows <= {goal.limit:g}x as fast"
        return (f"x{grew:.2f} vs x{ref:.2f} {_short(goal.ref[0])}",
                f"{limit} {_verdict(ok)}".strip())
    if goal.kind == "delta":
        delta = (t.judged - other.judged) * 1000
        ok = None if goal.limit is None else delta <= goal.limit
        limit = "" if goal.limit is None else f"<= +{goal.limit:g} ms"
        return f"{delta:+.1f} ms vs {_short(goal.other)}", f"{limit} {_verdict(ok)}".strip()
    ratio = t.judged / other.judged
    ok = None if goal.limit is None else ratio <= goal.limit
    limit = "" if goal.limit is None else f"<= {goal.limit:g}x"
    return f"{ratio:.2f}x {_short(goal.other)}", f"{limit} {_verdict(ok)}".strip()


def rows(group: Group, timings: list[Timing]) -> list[list[str]]:
    """Table rows: case, median, min-max, ratio, CPU, peak RSS, target."""
    by_name = {t.cmd.name: t for t in timings}
    out = []
    for t in timings:
        spread = f"{_ms(min(t.seconds))}{DASH}{_ms(max(t.seconds))}"
        goals = group.goals.get(t.cmd.name) or [Goal("ratio", None, timings[0].cmd.name)]
        for i, goal in enumerate(goals):
            ratio, target = _goal_cells(goal, t, by_name)
            if i == 0:
                out.append([t.cmd.name, _ms(t.median), spread, ratio,
                            _ms(statistics.median(t.cpu)), f"{t.rss_kb / 1024:.0f} MB", target])
            else:
                out.append(["", "", "", ratio, "", "", target])
    return out


DASH = "\N{EN DASH}"
HEADER = ["case", "median", f"min{DASH}max", "ratio", "CPU", "peak RSS", "target"]


def render(sections: list[tuple[str, list[list[str]]]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        for title, body in sections:
            lines.append(f"| **{title}** |" + " |" * (len(HEADER) - 1))
            lines.extend("| " + " | ".join(r) + " |" for r in body)
        return "\n".join(lines)
    width = [max(len(r[i]) for _, body in sections for r in [HEADER, *body])
             for i in range(len(HEADER))]
    width[0] = max(width[0], *(len(title) for title, _ in sections)) + 2
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADER, width, strict=True)).rstrip()]
    for title, body in sections:
        lines.append(title)
        lines.extend("  ".join(c.ljust(w) if i == 0 else c.rjust(w) if i < 6 else c.ljust(w)
                               for i, (c, w) in enumerate(zip(["  " + r[0], *r[1:]], width,
                                                              strict=True))).rstrip()
                     for r in body)
    return "\n".join(lines)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
