"""Issue 16's targets: the domain report (paths in the spec's vocabulary, impact lines)
on an OpenAPI spec whose copy lacks one enum value, end to end (start-up included).

The copy is the spec with one enum value dropped from a schema in the middle of the
document and the version one behind, the motivating incident's shape. 300 KB must be
reported in under 0.2 s and 10 MB in under 1 s, as text and as `--format json`.
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SIZES = ((300 * fixtures.KB, 0.2, None), (10 * fixtures.MB, 1.0, 5))


def without_enum_value(data: bytes) -> bytes:
    """`data` with the last value of its middle enum dropped and the version one behind."""
    lines = data.split(b"\n")
    enums = [i for i, line in enumerate(lines) if line.lstrip().startswith(b"enum: [")
             and b", " in line]
    at = enums[len(enums) // 2]
    lines[at] = lines[at].rsplit(b", ", 1)[0] + b"]"
    out = b"\n".join(lines)
    return out.replace(b'version: "1.0"', b'version: "0.9"', 1)


def _label(size: int) -> str:
    return f"{size // fixtures.MB} MB" if size >= fixtures.MB else f"{size // fixtures.KB} KB"


def groups(ctx: Context) -> Iterator[Group]:
    for size, limit, runs in SIZES:
        spec = fixtures.spec(size)
        files = {"api/openapi.yaml": spec,
                 "pkg/server/openapi.yaml": without_enum_value(spec),
                 ".specsync.yaml": fixtures.config([("api/openapi.yaml",
                                                    ["pkg/server/openapi.yaml"])])}
        repo = fixtures.repo(ctx.folder(f"domain-{size}"), files)
        text = Cmd(f"specsync check --all-files ({_label(size)}, enum value dropped)",
                   [ctx.specsync("check", "--all-files")], repo, expect=1)
        json = Cmd(f"specsync check --all-files --format json ({_label(size)})",
                   [ctx.specsync("check", "--all-files", "--format", "json")], repo, expect=1)
        yield Group(f"domain report: {_label(size)} spec, copy lacks an enum value",
                    [text, json], {text.name: [Goal("seconds", limit)],
                                   json.name: [Goal("seconds", limit)]}, runs=runs)
