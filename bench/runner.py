"""Find the case modules, measure their groups, print one table."""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from bench import harness, install

FIRST = ("insync", "scale", "drift", "peers", "precommit")
# issue 15's shapes: minutes of fixtures (up to 200,000 files), so run only when
# named or with --all; the default run stays short
SLOW = ("globs", "cold", "monorepo", "shapes", "growth")
# corpus.py measures discovery on fetched repositories (python bench/corpus.py --repos DIR)
NOT_CASES = frozenset({"harness", "fixtures", "install", "launcher", "repos", "runner", "__main__",
                       "corpus"})


@dataclass
class Context:
    bin: str  # bin folder of the virtualenv with specsync installed
    work: str  # a fresh folder for fixtures
    runs: int
    launcher: harness.Launcher

    @property
    def python(self) -> str:
        return os.path.join(self.bin, "python")

    def specsync(self, *args: str) -> list[str]:
        return [os.path.join(self.bin, "specsync"), *args]

    def folder(self, name: str) -> str:
        return os.path.join(self.work, name)


def case_modules(wanted: Sequence[str], everything: bool = False) -> list[str]:
    names = [m.name for m in pkgutil.iter_modules([os.path.dirname(__file__)])
             if m.name not in NOT_CASES]
    order = FIRST + SLOW
    names.sort(key=lambda n: (order.index(n) if n in order else len(order), n))
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        raise SystemExit(f"bench: no case {', '.join(unknown)} (cases: {', '.join(names)})")
    if wanted:
        return [n for n in names if n in wanted]
    return [n for n in names if everything or n not in SLOW]


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    p.add_argument("cases", nargs="*", metavar="CASE",
                   help=f"case modules to run (default: all but the slow ones: {', '.join(SLOW)})")
    p.add_argument("--all", action="store_true", help="run the slow cases too")
    p.add_argument("--runs", type=int, default=15, help="timed rounds per group (default 15)")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument("--cpu", action="store_true",
                   help="judge ratios and targets on CPU time (user + system) instead of wall "
                        "time: steadier on a busy machine")
    p.add_argument("--keep", action="store_true", help="keep the fixtures (path on stderr)")
    return p.parse_args(argv)


def _run_script(name: str, ctx: Context) -> str:
    """A case written as a script of its own (`python bench/NAME.py`): its output, verbatim.

    It runs on the benchmark's virtualenv, so the `specsync` next to its
    Python is the one under test.
    """
    import subprocess

    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    harness.progress(f"bench: bench/{name}.py (a script of its own)")
    proc = subprocess.run([ctx.python, script], capture_output=True, text=True, check=False,
                          cwd=install.ROOT, env=harness.clean_env())
    status = "" if proc.returncode == 0 else f" (exit {proc.returncode})"
    return f"$ python bench/{name}.py{status}\n{proc.stdout}{proc.stderr[-2000:]}".rstrip()


def _run_module(name: str, ctx: Context) -> tuple[list[tuple[str, list[list[str]]]], int, str]:
    module = importlib.import_module(f"bench.{name}")
    if not hasattr(module, "groups"):
        if hasattr(module, "main"):
            return [], 0, _run_script(name, ctx)
        return [(f"{name}: no groups() — skipped", [])], 0, ""
    sections = []
    missed = 0
    for group in module.groups(ctx):
        if not group.cmds:
            sections.append((f"{group.title} — {group.note or 'skipped'}", []))
            continue
        harness.progress(f"bench: {group.title}")
        timings = harness.measure(group, group.runs or ctx.runs, ctx.launcher)
        body = harness.rows(group, timings)
        missed += sum(r[-1].endswith("MISS") for r in body)
        title = f"{group.title} ({len(timings[0].seconds)} runs)"
        sections.append((f"{title} — {group.note}" if group.note else title, body))
    return sections, missed, ""


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    harness.JUDGE_CPU = args.cpu
    bin_dir = install.specsync_env()
    load = _load()
    work = tempfile.mkdtemp(prefix="specsync-bench-")
    ctx = Context(bin_dir, work, args.runs, harness.Launcher())
    here = os.getcwd()
    sections: list[tuple[str, list[list[str]]]] = []
    scripts: list[str] = []
    missed = 0
    try:
        for name in case_modules(args.cases, args.all):
            more, miss, output = _run_module(name, ctx)
            sections.extend(more)
            missed += miss
            scripts += [output] if output else []
    except harness.CommandFailed as e:
        print(f"bench: a command did not do what the case expects:\n{e}")
        return 2
    finally:
        ctx.launcher.close()
        os.chdir(here)
        if args.keep:
            harness.progress(f"bench: fixtures kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    judged = "CPU time (--cpu)" if args.cpu else "median wall time"
    print(f"machine: {machine()}; load average {load} before, {_load()} after; "
          f"ratios and targets on {judged}")
    if sections:  # (only scripts of their own were asked for: no table)
        print(harness.render(sections, args.markdown))
    for output in scripts:
        print(f"\n{output}")
    if missed:
        print(f"\n{missed} target(s) missed")
    return 1 if missed else 0
