"""Time the drift report on a ~300 KB and a ~10 MB OpenAPI spec, next to `diff -u`.

Self-contained: builds a synthetic spec and a stale copy (a few real-world
changes: an enum value dropped, the version bumped, a description edited, a
field added), commits them into a temporary git repository, and times the
whole process `specsync check --all-files` (start-up included) against
`diff -u` on the same two files. Medians of several runs.

    python bench/report.py [--runs N] [--sizes 0.3,10,50]
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


def repo(tmp: str, size: int) -> str:
    where = os.path.join(tmp, f"repo{size}")
    os.makedirs(os.path.join(where, "api"))
    text = spec(size)
    files = {"api/spec.yaml": text, "copy.yaml": stale(text),
             ".specsync.yaml": "links:\n  - source: api/spec.yaml\n    copies: [copy.yaml]\n"}
    for name, content in files.items():
        with open(os.path.join(where, name), "w") as f:
            f.write(content)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=where, check=True, env=env)
    return where


def median(argv: list[str], cwd: str, runs: int) -> float:
    return statistics.median(run(argv, cwd) for _ in range(runs))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--sizes", default="0.3,10", help="spec sizes in MB, comma-separated")
    args = p.parse_args()
    check = [sys.executable, "-m", "hooks.cli", "check", "--all-files"]
    print(f"{'spec':>9} {'specsync check (report)':>24} {'max RSS':>8} {'--format json':>14} "
          f"{'diff -u':>9}  lines of report")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            where = repo(tmp, int(mb * 1e6))
            os.environ["PYTHONPATH"] = ROOT
            size = os.path.getsize(os.path.join(where, "api/spec.yaml"))
            PEAK.clear()
            report = median(check, where, args.runs)
            rss = PEAK[check[-1]] / 1024
            as_json = median([*check, "--format", "json"], where, args.runs)
            diff = median(["diff", "-u", "copy.yaml", "api/spec.yaml"], where, args.runs)
            out = subprocess.run(check, cwd=where, capture_output=True, text=True,
                                 check=False).stdout
            print(f"{size / 1e6:>7.2f}MB {report:>23.3f}s {rss:>6.0f}MB {as_json:>13.3f}s "
                  f"{diff:>8.3f}s  "
                  f"{len(out.splitlines())}")
            if "-v" in sys.argv or mb < 1:
                print("\n".join("    " + line for line in out.splitlines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
