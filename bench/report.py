"""Time the drift report on a ~300 KB and a ~10 MB OpenAPI spec, next to `diff -u`.

Self-contained: builds a synthetic spec and a stale copy (a few real-world
changes: an enum value dropped, the version bumped, a description edited, a
field added), commits them into a temporary git repository, and times the
whole process `specsync check --all-files` (start-up included) against
`diff -u` on the same two files. Medians of several runs.

    python bench/report.py [--runs N] [--sizes 0.3,10,50] [--verbose]

Rows: `blocks` is the spec as written (cut into key blocks, only the differing
ones parsed); `anchored` adds one YAML anchor, so both sides are parsed whole
(or, past the parse limit, the report falls back to the text diff and says so);
`alias-bomb` is a copy that expands to ~4*10^8 nodes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def schema(i: int) -> str:
    return f"""\
    Thing{i}:
      type: object
      description: A thing number {i}, with a description long enough to look real.
      required: [id, category]
      properties:
        id:
          type: string
          format: uuid
        category:
          type: string
          enum: [gateway, notification, analysis, workflow, execution, workflowexecution]
        count:
          type: [integer, "null"]
          minimum: 0
        tags:
          type: array
          items:
            type: string
"""


def path(i: int) -> str:
    return f"""\
  /things{i}/{{id}}:
    get:
      operationId: getThing{i}
      summary: Read thing {i}
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Thing{i}"
"""


def spec(size: int) -> str:
    n = max(1, size // (len(schema(0)) + len(path(0))))
    head = 'openapi: 3.0.3\ninfo:\n  title: bench\n  version: "1.5"\npaths:\n'
    return (head + "".join(path(i) for i in range(n)) + "components:\n  schemas:\n"
            + "".join(schema(i) for i in range(n)))


def stale(text: str) -> str:
    n = text.count("    Thing")
    mid, last = f"    Thing{n // 2}:\n", f"    Thing{n - 1}:\n"
    out = text.replace('version: "1.5"', 'version: "1.4"', 1)
    at = out.index(mid)
    out = out[:at] + out[at:].replace(", workflowexecution]", "]", 1)
    at = out.index(last)
    out = out[:at] + out[at:].replace("with a description", "with an old description", 1)
    return out.replace("        tags:\n", "        legacy:\n          type: boolean\n"
                       "        tags:\n", 1)


PEAK: dict[str, int] = {}  # command -> largest max RSS seen (KiB, Linux)


def run(argv: list[str], cwd: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    elapsed = time.perf_counter() - start
    PEAK[argv[-1]] = max(PEAK.get(argv[-1], 0), usage.ru_maxrss)
    return elapsed


ANCHORED = "x-shared: &shared {type: string}\nx-alias: *shared\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


def make(tmp: str, mb: float) -> None:
    """Write the repositories for one size: the cuttable spec, and one with an anchor,
    which must be parsed whole (within the limits, else the text diff)."""
    text = spec(int(mb * 1e6))
    old = stale(text)
    repo(tmp, f"blocks{mb}", text, old)
    repo(tmp, f"anchored{mb}", ANCHORED + text, ANCHORED + old)


def cases(tmp: str, mb: float) -> list[tuple[str, str]]:
    """(label, repository), made by a child process: a forked child's max RSS counts
    the memory of its parent, so the timing process never holds the big texts."""
    subprocess.run([sys.executable, __file__, "--make", tmp, str(mb)], check=True)
    return [(label, os.path.join(tmp, f"{label}{mb}")) for label in ("blocks", "anchored")]


def repo(tmp: str, name: str, source: str, copy: str) -> str:
    where = os.path.join(tmp, name)
    os.makedirs(os.path.join(where, "api"))
    files = {"api/spec.yaml": source, "copy.yaml": copy,
             ".specsync.yaml": "links:\n  - source: api/spec.yaml\n    copies: [copy.yaml]\n"}
    for path, content in files.items():
        with open(os.path.join(where, path), "w") as f:
            f.write(content)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=where, check=True, env=env)
    return where


def median(argv: list[str], cwd: str, runs: int) -> float:
    return statistics.median(run(argv, cwd) for _ in range(runs))


def measure(where: str, label: str, runs: int, verbose: bool) -> None:
    check = [sys.executable, "-m", "specsync.cli", "check", "--all-files"]
    size = os.path.getsize(os.path.join(where, "api/spec.yaml"))
    PEAK.clear()
    report = median(check, where, runs)
    rss = PEAK[check[-1]] / 1024
    as_json = median([*check, "--format", "json"], where, runs)
    diff = median(["diff", "-u", "copy.yaml", "api/spec.yaml"], where, runs)
    out = subprocess.run(check, cwd=where, capture_output=True, text=True, check=False).stdout
    print(f"{size / 1e6:>7.2f}MB {label:>9} {report:>8.3f}s {rss:>6.0f}MB {as_json:>8.3f}s "
          f"{diff:>8.3f}s  {out.splitlines()[1].strip()[:70] if verbose else ''}")
    if verbose:
        print("\n".join("    " + line for line in out.splitlines()))


def main() -> int:
    if sys.argv[1:2] == ["--make"]:
        make(sys.argv[2], float(sys.argv[3]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--sizes", default="0.3,10", help="spec sizes in MB, comma-separated")
    p.add_argument("--verbose", "-v", action="store_true", help="print each report")
    args = p.parse_args()
    os.environ["PYTHONPATH"] = ROOT
    floor = median([sys.executable, "-c", "pass"], ROOT, args.runs)
    print(f"start-up floor (python -c pass): {floor:.3f}s")
    print(f"{'spec':>9} {'kind':>9} {'report':>9} {'max RSS':>8} {'json':>9} {'diff -u':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            for label, where in cases(tmp, mb):
                measure(where, label, args.runs, args.verbose)
        measure(repo(tmp, "bomb", "a: 1\n", BOMB), "alias-bomb", args.runs, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
