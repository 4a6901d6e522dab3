"""Target 2: monorepo size. 100, 1,000 and 10,000 links (2 files each), all in sync.

Each size is held to 2x its own floor and 100 MB; ten times the links may cost
at most ten times the time (linear growth). With `discover: false` a config of
plain copies is settled from object ids alone; the default config (discovery
on) resolves and compares every link, and is timed too. Zero-config discovery
on the 20,000-file repository may add at most 100 ms.
"""
from __future__ import annotations

from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SIZES = (100, 1_000, 10_000)


def _files(links: int, discover: bool = True) -> dict[str, bytes]:
    """`links` services with a spec and its copy; one flow-style config line per link
    (a config may hold at most 1 MiB: 10,000 links in block style would not fit)."""
    files: dict[str, bytes] = {}
    config = [] if discover else ["discover: false"]
    config.append("links:")
    for i in range(links):
        source = f"svc{i:05d}/api/openapi.yaml"
        copy = f"svc{i:05d}/server/openapi.yaml"
        body = (f"openapi: 3.0.3\ninfo:\n  title: service {i}\n  version: '1.{i}'\n"
                f"paths:\n  /svc{i}/health:\n    get:\n      responses:\n"
                f"        '200': {{description: ok}}\n").encode()
        files[source] = files[copy] = body
        config.append(f"  - {{source: {source}, copies: [{copy}]}}")
    files[".specsync.yaml"] = ("\n".join(config) + "\n").encode()
    return files


def _size_cmds(ctx: Context, links: int, discover: bool) -> tuple[Cmd, Cmd]:
    name = f"{links:,} links" + ("" if discover else ", no discovery")
    repo = fixtures.repo(ctx.folder(f"scale-{links}-{discover}"), _files(links, discover))
    floor = Cmd(f"floor ({links:,} links)",
                [[ctx.python, "-c", "pass"], ["git", "ls-files", "-s"]], repo)
    check = Cmd(f"specsync check --all-files ({name})",
                [ctx.specsync("check", "--all-files")], repo, setup=fixtures.WARM)
    return floor, check


def groups(ctx: Context) -> Iterator[Group]:
    cmds: list[Cmd] = []
    goals: dict[str, list[Goal]] = {}
    previous = None
    for links in SIZES:
        floor, check = _size_cmds(ctx, links, discover=False)
        cmds += [floor, check]
        goals[check.name] = [Goal("ratio", 2.0, floor.name), Goal("rss", 100)]
        if previous is not None:
            goals[check.name].append(Goal("ratio", links / previous[0], previous[1]))
        previous = (links, check.name)
    _, check = _size_cmds(ctx, SIZES[-1], discover=True)
    cmds.append(check)
    goals[check.name] = [Goal("ratio", 2.0, floor.name), Goal("rss", 100)]
    yield Group("scale: links in sync, 2 files each", cmds, goals)
    yield discovery(ctx)


def discovery(ctx: Context) -> Group:
    title = "zero-config discovery, 20,000 files"
    files = _files(SIZES[-1])
    del files[".specsync.yaml"]
    for i in range(100):
        files[f"go/pkg{i}/spec.go"] = (
            f"package pkg{i}\n\nimport _ \"embed\"\n\n"
            f"//go:generate cp ../../svc{i:05d}/api/openapi.yaml openapi.yaml\n\n"
            "//go:embed openapi.yaml\nvar Spec []byte\n").encode()
        files[f"go/pkg{i}/openapi.yaml"] = files[f"svc{i:05d}/api/openapi.yaml"]
    on = fixtures.repo(ctx.folder("discover-on"), files)
    off = fixtures.repo(ctx.folder("discover-off"),
                        {**files, ".specsync.yaml": b"discover: false\n"})
    quiet = Cmd("specsync check --all-files, discover: false",
                [ctx.specsync("check", "--all-files")], off, setup=fixtures.WARM)
    found = Cmd("specsync check --all-files, zero config (100 go:generate links)",
                [ctx.specsync("check", "--all-files")], on, setup=fixtures.WARM)
    return Group(title, [quiet, found], {found.name: [Goal("delta", 100, quiet.name)]})
