"""Target 1: the common case, everything in sync, against the floor of any Python hook.

The floor is what no Python hook that asks git for the staged files can beat:
`python -c pass` plus one `git ls-files -s`, in the same repository.
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SOURCE = "api/openapi/service-v1.yaml"
COPIES = ["pkg/server/openapi_spec.yaml", "pkg/client/openapi_spec.yaml",
          "docs/reference/openapi.yaml"]


def floor(ctx: Context, repo: str) -> Cmd:
    return Cmd("floor: python -c pass + git ls-files -s",
               [[ctx.python, "-c", "pass"], ["git", "ls-files", "-s"]], repo)


def groups(ctx: Context) -> Iterator[Group]:
    spec = fixtures.spec(300 * fixtures.KB)
    files = {SOURCE: spec, **dict.fromkeys(COPIES, spec),
             ".specsync.yaml": fixtures.config([(SOURCE, COPIES)])}
    repo = fixtures.repo(ctx.folder("insync"), files)
    check = "specsync check --all-files"
    named = "specsync check FILE... (as pre-commit passes them)"
    full = "specsync check FILE..., the source and its copies staged (checked in full)"
    yield Group(
        f"in sync: {len(spec) // 1000} KB spec and {len(COPIES)} copies",
        [
            floor(ctx, repo),
            Cmd(check, [ctx.specsync("check", "--all-files")], repo, setup=fixtures.WARM),
            Cmd(named, [ctx.specsync("check", SOURCE, *COPIES, ".specsync.yaml")], repo,
                setup=fixtures.WARM),
            Cmd(full, [ctx.specsync("check", SOURCE, *COPIES)], fixtures.clone(repo, "full"),
                setup=fixtures.staged(SOURCE, *COPIES)),
        ],
        goals={check: [Goal("ratio", 1.5, floor(ctx, repo).name)],
               full: [Goal("ratio", None, floor(ctx, repo).name)]},
    )
