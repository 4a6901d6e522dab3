"""Issue 15: the first run in a fresh clone (every CI and pre-commit.ci run).

Before each timed run `.git/specsync` (the caches) is removed, untimed. Two
repositories: the `insync` one (a 300 KB spec, 3 copies, `.specsync.yaml`),
held to 1.5x the floor, and a zero-config Go operator of 7,000 files whose
vendor/ tree holds Makefiles and `//go:generate` lines (never candidates),
held to 3x the floor, next to the checks users run today there.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator

from bench import fixtures, repos
from bench.harness import Cmd, Goal, Group
from bench.insync import COPIES, SOURCE
from bench.runner import Context

FLOOR = "floor: python -c pass + git ls-files -s"


def checks(ctx: Context, repo: str) -> tuple[Cmd, Cmd, Cmd]:
    floor = Cmd(FLOOR, fixtures.floor_steps(ctx.python), repo)
    cold = Cmd("specsync check --all-files, cold (no .git/specsync)",
               [ctx.specsync("check", "--all-files")], fixtures.clone(repo, "cold"),
               setup=fixtures.COLD)
    warm = Cmd("specsync check --all-files, warm", [ctx.specsync("check", "--all-files")], repo,
               setup=fixtures.WARM)
    return floor, cold, warm


def peers(repo: str) -> list[Cmd]:
    """`go generate ./... && git diff --exit-code`, `make sync && git diff --exit-code`."""
    if shutil.which("go") is None or shutil.which("make") is None:
        return []
    diff = ["git", "diff", "--exit-code"]
    return [Cmd("go: go generate ./... && git diff --exit-code",
                [["go", "generate", "./..."], diff], repo),
            Cmd("make: make sync && git diff --exit-code", [["make", "-s", "sync"], diff], repo)]


def groups(ctx: Context) -> Iterator[Group]:
    spec = fixtures.spec(300 * fixtures.KB)
    files = {SOURCE: spec, **dict.fromkeys(COPIES, spec),
             ".specsync.yaml": fixtures.config([(SOURCE, COPIES)])}
    floor, cold, warm = checks(ctx, fixtures.repo(ctx.folder("cold-config"), files, packed=True))
    yield Group("fresh clone, config present: 301 KB spec and 3 copies", [floor, cold, warm],
                {cold.name: [Goal("ratio", 1.5, floor.name), Goal("ratio", None, warm.name)]})
    files = repos.operator(7_000)
    repo = fixtures.repo(ctx.folder("cold-operator"), files, packed=True)
    floor, cold, warm = checks(ctx, repo)
    others = peers(repo)
    goals = [Goal("ratio", 3.0, floor.name), Goal("ratio", None, warm.name)]
    goals += [Goal("ratio", None, c.name) for c in others]
    yield Group(f"fresh clone, zero config: Go operator, {len(files):,} files with vendor/",
                [floor, cold, warm, *others], {cold.name: goals},
                note="" if others else "go or make not installed: no peers")
