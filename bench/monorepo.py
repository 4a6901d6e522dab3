"""Issue 15: a 60,000-file monorepo, zero config, warm and in a fresh clone.

30 services of one Go module, each with a `//go:generate cp` copy of its spec
and a Makefile recipe copying its CRDs by glob (330 discovered links). Warm is
held to 1.5x the floor, cold (no `.git/specsync`, removed untimed) to 3x, next
to `go generate ./... && git diff --exit-code` and `make sync && git diff
--exit-code` (a top-level `make sync` runs every service's).
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import cold, fixtures, repos
from bench.harness import Goal, Group
from bench.runner import Context

SERVICES = 30
FILES = 60_000


def groups(ctx: Context) -> Iterator[Group]:
    repo = fixtures.repo(ctx.folder("monorepo"), repos.monorepo(SERVICES, FILES),
                         packed=True)
    floor, cold_run, warm = cold.checks(ctx, repo)
    others = cold.peers(repo)
    goals = {warm.name: [Goal("ratio", 1.5, floor.name)],
             cold_run.name: [Goal("ratio", 3.0, floor.name)]}
    for cmd in (warm, cold_run):
        goals[cmd.name] += [Goal("ratio", None, c.name) for c in others]
    yield Group(f"monorepo: {FILES:,} files, {SERVICES} services, zero config",
                [floor, warm, cold_run, *others], goals, runs=min(ctx.runs, 9),
                note="" if others else "go or make not installed: no peers")
