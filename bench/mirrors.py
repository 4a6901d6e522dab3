"""Time `specsync check --all-files` on folder mirrors and transformed copies (in sync).

    .venv/bin/python bench/mirrors.py

Builds two scratch repositories in a temp folder: 500 CRDs mirrored into two chart
folders among 5,000 other files (prune on), and a ~400 KB OpenAPI spec published
through `yaml-to-json` and `select`. Prints the median wall time of whole runs.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPECSYNC = str(Path(sys.executable).with_name("specsync"))
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b.invalid",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b.invalid"}


def repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "b", "--no-verify"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=GIT_ENV)
    return root


def median_ms(cwd: Path, runs: int = 11) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([SPECSYNC, "check", "--all-files"], cwd=cwd, capture_output=True,
                              check=False)
        times.append(time.perf_counter() - start)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return statistics.median(times) * 1000


def crds(root: Path) -> Path:
    files = {".specsync.yaml": "links:\n  - source: config/crd/bases/*.yaml\n"
             "    copies: [charts/a/crds/, charts/b/crds/]\n    prune: true\n"}
    for i in range(500):
        text = f"kind: CustomResourceDefinition\nmetadata:\n  name: c{i}\n"
        for folder in ("config/crd/bases", "charts/a/crds", "charts/b/crds"):
            files[f"{folder}/c{i}.yaml"] = text
    files.update({f"src/d{i % 50}/f{i}.txt": f"{i}\n" for i in range(5000)})
    return repo(root / "crds", files)


def transformed(root: Path) -> Path:
    lines = ["openapi: 3.0.3", "info:", "  title: big", "  version: '1'", "paths:"]
    for i in range(3000):
        lines += [f"  /items{i}:", "    get:", f"      summary: get item {i}",
                  "      responses:", "        '200':", "          description: ok"]
    lines += ["components:", "  schemas:", "    A:", "      type: object"]
    config = ("links:\n  - source: spec.yaml\n    copies:\n"
              "      - {path: web/openapi.json, transform: yaml-to-json}\n"
              "      - {path: charts/schemas.yaml, select: /components/schemas}\n")
    path = repo(root / "spec", {"spec.yaml": "\n".join(lines) + "\n", ".specsync.yaml": config})
    subprocess.run([SPECSYNC, "fix"], cwd=path, capture_output=True, check=False)
    subprocess.run(["git", "-C", str(path), "add", "-A"], check=True)
    return path


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="specsync-bench-"))
    try:
        print(f"1,000 folder copies, 6,500 files: {median_ms(crds(root)):.0f} ms")
        spec = transformed(root)
        cache = spec / ".git" / "specsync" / "expected.cache"
        cold = []
        for _ in range(5):
            cache.unlink(missing_ok=True)
            cold.append(median_ms(spec, runs=1))
        print(f"2 transformed copies of {(spec / 'spec.yaml').stat().st_size // 1024} KB, "
              f"computed: {statistics.median(cold):.0f} ms")
        print(f"same, settled by remembered object ids: {median_ms(spec):.0f} ms")
    finally:
        shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
