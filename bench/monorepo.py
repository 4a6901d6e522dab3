"""Issue 15: a 60,000-file monorepo, zero config, warm and in a fresh clone.

30 services of one Go module, each with a `//go:generate cp` copy of its spec
and a Makefile recipe copying its CRDs by glob (330 discovered links). Warm (a
file no link reads staged anew before each run, as on an everyday commit) and
with a .go file staged that holds no go:generate line are held to 1.5x the floor,
cold (a clone, `.git/specsync` removed untimed) to 3x, next to `go generate
./... && git diff --exit-code` and `make sync && git diff --exit-code` (a
top-level `make sync` runs every service's). A staged spec and its copy (checked
in full, in a clone of its own) shows what a change the verdict read costs.
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import cold, fixtures, repos
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SERVICES = 30
FILES = 60_000


def groups(ctx: Context) -> Iterator[Group]:
    repo = fixtures.repo(ctx.folder("monorepo"), repos.monorepo(SERVICES, FILES),
                         packed=True)
    floor, cold_run, warm = cold.checks(ctx, repo)
    go_file = Cmd("specsync check --all-files, a .go file staged (no go:generate line)",
                  warm.steps, repo, setup=fixtures.staged("svc00/internal/p0/f0.go"))
    pair = ("svc00/api/openapi.yaml", "svc00/internal/spec/openapi.yaml")
    full = Cmd("specsync check --all-files, a spec and its copy staged (checked in full)",
               warm.steps, fixtures.clone(repo, "full"), setup=fixtures.staged(*pair))
    others = cold.peers(repo)
    goals = {warm.name: [Goal("ratio", 1.5, floor.name)],
             cold_run.name: [Goal("ratio", 3.0, floor.name)],
             go_file.name: [Goal("ratio", 1.5, floor.name)],
             full.name: [Goal("ratio", None, floor.name)]}
    for cmd in (warm, cold_run):
        goals[cmd.name] += [Goal("ratio", None, c.name) for c in others]
    yield Group(f"monorepo: {FILES:,} files, {SERVICES} services, zero config",
                [floor, warm, go_file, full, cold_run, *others], goals, runs=min(ctx.runs, 9),
                note="" if others else "go or make not installed: no peers")
