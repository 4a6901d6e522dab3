"""Issue 15: cost grows with the work, not with the size of the repository.

The same work (3 services of the monorepo shape: 33 discovered links, zero
config) in repositories of 1,000, 10,000, 60,000 and 200,000 files. At each
size: `git ls-files -s` alone, the floor, specsync warm and cold (no
`.git/specsync`, removed untimed). From one size to the next, specsync's time
may grow by at most as many times as `git ls-files -s`'s own (`x` column).
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import fixtures, repos
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SIZES = (1_000, 10_000, 60_000, 200_000)
SERVICES = 3


def groups(ctx: Context) -> Iterator[Group]:
    cmds: list[Cmd] = []
    goals: dict[str, list[Goal]] = {}
    previous: dict[str, str] = {}
    for size in SIZES:
        repo = fixtures.repo(ctx.folder(f"growth-{size}"), repos.monorepo(SERVICES, size),
                             packed=True)
        label = f"{size:,} files"
        git = Cmd(f"git ls-files -s ({label})", [["git", "ls-files", "-s"]], repo)
        floor = Cmd(f"floor ({label})", fixtures.floor_steps(ctx.python), repo)
        warm = Cmd(f"specsync warm ({label})", [ctx.specsync("check", "--all-files")], repo,
                   setup=fixtures.WARM)
        cold = Cmd(f"specsync cold ({label})", [ctx.specsync("check", "--all-files")],
                   fixtures.clone(repo, "cold"), setup=fixtures.COLD)
        cmds += [git, floor, warm, cold]
        for kind, cmd in (("warm", warm), ("cold", cold)):
            goals[cmd.name] = [Goal("ratio", None, floor.name)]
            if kind in previous:
                goals[cmd.name].append(Goal("growth", 1.0, previous[kind],
                                            (git.name, previous["git"])))
            previous[kind] = cmd.name
        previous["git"] = git.name
    yield Group(f"growth: the same work ({SERVICES} services) in 1k to 200k files", cmds, goals,
                runs=min(ctx.runs, 7))
