"""specsync's benchmarks: `bench/run` (or `python -m bench`) from the repository root.

Every module `bench/<name>.py` that defines `groups(ctx: Context) -> Iterator[Group]`
is a case module: it builds its fixtures under `ctx.work` and yields groups of
commands (`bench.harness.Group`) to be timed side by side, each row held to
its goals (a ratio to another row, a delta in ms, or seconds). The runner
measures them, prints one table, and exits 1 when a goal is missed.
Not part of the test suite: nothing here runs under pytest.
"""
