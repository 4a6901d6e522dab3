"""Issue 15: drift reports on the shapes that defeat a structural diff, end to end.

A 1.1 MB YAML list of 45,000 items whose copy is shuffled with a third of the
items changed, and 40,000 small YAML documents in one file, every one changed
in the copy; then 10 MB shapes: a shuffled list, a long flat mapping with every
tenth value changed, and deep nesting. A report is for humans: each must finish
in 2 s and 300 MB whatever the shape (the report budget, explain/budget.py), and
is shown next to `diff -u` on the same two files.
"""
from __future__ import annotations

import random
from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SOURCE = "api/items.yaml"
COPY = "deploy/items.yaml"


def shuffled_list(items: int = 45_000, seed: int = 15) -> tuple[bytes, bytes]:
    """Items `{id: N, v: HEX}` (1.1 MB); the copy shuffled, a third of its items changed."""
    rng = random.Random(seed)
    values = [f"{{id: {i}, v: {rng.randrange(16**6):06x}}}" for i in range(items)]
    old = values[:]
    rng.shuffle(old)
    for i in rng.sample(range(items), items // 3):
        old[i] = old[i].replace("}", "x}")
    return ("".join(f"- {v}\n" for v in values).encode(),
            "".join(f"- {v}\n" for v in old).encode())


def documents(count: int = 40_000) -> tuple[bytes, bytes]:
    new = "".join(f"---\nname: doc-{i}\nvalue: {i}\n" for i in range(count))
    old = "".join(f"---\nname: doc-{i}\nvalue: {i + 1}\n" for i in range(count))
    return new.encode(), old.encode()


def flat_mapping(keys: int = 300_000, seed: int = 15) -> tuple[bytes, bytes]:
    """`key_N: value-N-HEX` lines (10 MB); every tenth value changed in the copy."""
    rng = random.Random(seed)
    lines = [f"key_{i:07d}: value-{i:07d}-{rng.randrange(16**6):06x}\n" for i in range(keys)]
    old = [line.replace("value-", "valux-") if i % 10 == 0 else line
           for i, line in enumerate(lines)]
    return "".join(lines).encode(), "".join(old).encode()


def deep_nesting(levels: int = 400, width: int = 20) -> tuple[bytes, bytes]:
    """A mapping nested `levels` deep, `width` leaves at each level, one changed at each."""
    lines = []
    for depth in range(levels):
        lines.append("  " * depth + f"k{depth}:")
        lines += ["  " * (depth + 1) + f"leaf{j}: v{depth}-{j}-{'x' * 30}" for j in range(width)]
    new = "\n".join(lines) + "\n"
    return new.encode(), new.replace("-1-x", "-1-y").encode()


def _group(ctx: Context, name: str, title: str, data: tuple[bytes, bytes]) -> Group:
    files = {SOURCE: data[0], COPY: data[1],
             ".specsync.yaml": fixtures.config([(SOURCE, [COPY])])}
    repo = fixtures.repo(ctx.folder(f"shapes-{name}"), files, packed=True)
    check = Cmd(f"specsync check --all-files ({name})", [ctx.specsync("check", "--all-files")],
                repo, expect=1)
    diff = Cmd(f"diff -u ({name})", [["diff", "-u", COPY, SOURCE]], repo, expect=1)
    size = len(data[0]) / fixtures.MB
    return Group(f"drift report: {title}, {size:.1f} MB", [check, diff],
                 {check.name: [Goal("seconds", 2.0), Goal("rss", 300),
                               Goal("ratio", None, diff.name)]},
                 runs=min(ctx.runs, 3))


def groups(ctx: Context) -> Iterator[Group]:
    yield _group(ctx, "shuffled list", "45,000-item list, shuffled, a third changed",
                 shuffled_list())
    yield _group(ctx, "40,000 documents", "40,000 small documents, every one changed",
                 documents())
    yield _group(ctx, "10 MB list", "400,000-item list, shuffled, a third changed",
                 shuffled_list(400_000))
    yield _group(ctx, "flat mapping", "300,000 keys, every tenth value changed",
                 flat_mapping())
    yield _group(ctx, "deep nesting", "400 levels, a leaf changed at each", deep_nesting())
