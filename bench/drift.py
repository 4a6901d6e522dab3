"""Target 3: explaining drift in a big spec, end to end (start-up included).

A spec and one copy that misses a few edits (three descriptions changed,
spread over the document), at 300 KB, 10 MB and 50 MB; the report is the
default text one (capped). 300 KB must take under 0.5 s and 10 MB under 3 s;
50 MB must finish, within bounded memory (its peak RSS is shown).
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SIZES = ((300 * fixtures.KB, 0.5, None), (10 * fixtures.MB, 3.0, 5), (50 * fixtures.MB, None, 3))


def _label(size: int) -> str:
    return f"{size // fixtures.MB} MB" if size >= fixtures.MB else f"{size // fixtures.KB} KB"


def groups(ctx: Context) -> Iterator[Group]:
    for size, limit, runs in SIZES:
        spec = fixtures.spec(size)
        files = {"api/openapi.yaml": spec, "pkg/server/openapi.yaml": fixtures.stale(spec),
                 ".specsync.yaml": fixtures.config([("api/openapi.yaml",
                                                    ["pkg/server/openapi.yaml"])])}
        repo = fixtures.repo(ctx.folder(f"drift-{size}"), files)
        check = Cmd(f"specsync check --all-files ({_label(size)}, 3 edits)",
                    [ctx.specsync("check", "--all-files")], repo, expect=1)
        goals = [Goal("seconds", limit)] if limit else [Goal("seconds", None)]
        yield Group(f"drift report: {_label(size)} spec, one stale copy", [check],
                    {check.name: goals}, runs=runs)
