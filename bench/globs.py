"""Issue 15: 10,000 files mirrored by one glob link, warm, in sync.

`.specsync.yaml` holds one link, `source: src/*.yaml`, `copies: [dst/]`; every
file of src/ has its copy in dst/. Held to 1.5x the floor and 40 MB, next to
`diff -r src dst`, the check users write for a mirrored folder (it reads every
byte; specsync compares object ids from the index).
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

FILES = 10_000
CONFIG = b"links:\n  - source: src/*.yaml\n    copies: [dst/]\n"


def mirror(files: int) -> dict[str, bytes]:
    out = {".specsync.yaml": CONFIG}
    for i in range(files):
        data = (f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: item-{i}\n"
                f"data:\n  key: value-{i * 7919 % 104729}\n").encode()
        out[f"src/item{i:05d}.yaml"] = out[f"dst/item{i:05d}.yaml"] = data
    return out


def groups(ctx: Context) -> Iterator[Group]:
    repo = fixtures.repo(ctx.folder("globs"), mirror(FILES), packed=True)
    floor = Cmd("floor: python -c pass + git ls-files -s", fixtures.floor_steps(ctx.python), repo)
    check = Cmd("specsync check --all-files (1 glob link)", [ctx.specsync("check", "--all-files")],
                repo, setup=fixtures.WARM)
    full = Cmd("specsync check --all-files, a mirrored file and its copy staged (checked in full)",
               [ctx.specsync("check", "--all-files")], fixtures.clone(repo, "full"),
               setup=fixtures.staged("src/item00000.yaml", "dst/item00000.yaml"))
    diff = Cmd("diff -r src dst", [["diff", "-r", "src", "dst"]], repo)
    yield Group(f"glob mirror: {FILES:,} files by one glob link, warm", [floor, check, full, diff],
                {check.name: [Goal("ratio", 1.5, floor.name), Goal("rss", 40),
                              Goal("ratio", None, diff.name)],
                 full.name: [Goal("ratio", None, floor.name)]})
