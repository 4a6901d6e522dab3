"""What discovery costs on a large repository: 20,000 files, ~8,000 of them .go.

Usage: python bench/discovery.py [FOLDER]   (default: a new temp folder; needs git)

Builds the repository once, then times `specsync check --all-files` (whole
process, median of several runs) with discovery off, warm (cache valid), cold
(no cache: git grep + parse), and after one staged .go file changed.
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

FILES = 20_000
GO_FILES = 8_000
RUNS = 15
GEN = "package p{i}\n\n//go:generate cp ../../api/spec.yaml spec.yaml\n//go:embed spec.yaml\n"


def build(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "api").mkdir()
    (root / "api/spec.yaml").write_text("openapi: 3.0.3\n")
    made = 1
    for i in range(GO_FILES):
        pkg = root / f"pkg/p{i // 10}"
        pkg.mkdir(parents=True, exist_ok=True)
        text = GEN.format(i=i // 10) if i % 10 == 0 and i < 200 else f"package p{i // 10}\n"
        (pkg / f"f{i}.go").write_text(text + "\nfunc F() {}\n" * 20)
        if i % 10 == 0 and i < 200:
            (pkg / "spec.yaml").write_text("openapi: 3.0.3\n")
            made += 1
        made += 1
    for i in range(FILES - made - 2):
        folder = root / f"docs/d{i // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{i}.md").write_text(f"page {i}\n")
    (root / "Makefile").write_text("crds:\n\tcp api/spec.yaml docs/d0/spec.yaml\n")
    (root / "docs/d0/spec.yaml").write_text("openapi: 3.0.3\n")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    count = subprocess.run(["git", "-C", str(root), "ls-files"], check=True,
                           capture_output=True).stdout.count(b"\n")
    print(f"repository: {root} ({count} files)")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (steadier than wall time on a
    loaded machine)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


CPU: dict[str, float] = {}


def median_ms(root: Path, setup: str | None = None) -> float:
    exe = shutil.which("specsync") or str(Path(sys.executable).parent / "specsync")
    cache = root / ".git/specsync/discovery.cache"
    times = []
    cpu = []
    for n in range(RUNS):
        if setup == "cold":
            cache.unlink(missing_ok=True)
        elif setup == "one-file":
            (root / "pkg/p5/f55.go").write_text(f"package p5\n// {n}\n")
            subprocess.run(["git", "-C", str(root), "add", "pkg/p5/f55.go"], check=True)
        start, start_cpu = time.perf_counter(), _cpu()
        proc = subprocess.run([exe, "check", "--all-files"], cwd=root, capture_output=True,
                              check=False)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((_cpu() - start_cpu) * 1000)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    CPU[str(setup)] = statistics.median(cpu)
    return statistics.median(times)


def main() -> int:
    import compileall

    import specsync

    # an installed package has its .pyc files; a dev checkout with
    # PYTHONDONTWRITEBYTECODE would recompile every module on every run
    compileall.compile_dir(os.path.dirname(specsync.__file__), quiet=1)
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "big"
    if not (root / ".git").exists():
        build(root)
    config = root / ".specsync.yaml"
    config.write_text("discover: false\n")
    subprocess.run(["git", "-C", str(root), "add", ".specsync.yaml"], check=True)
    median_ms(root)  # parse and cache the config
    rows: list[tuple[str, float, float | None]] = [("python -c pass", _python_floor(), None)]
    rows.append(("discovery off", median_ms(root), CPU["None"]))
    config.unlink()
    subprocess.run(["git", "-C", str(root), "rm", "-q", "--cached", ".specsync.yaml"], check=True)
    rows.append(("discovery cold (no cache)", median_ms(root, "cold"), CPU["cold"]))
    median_ms(root)
    rows.append(("discovery warm (cache valid)", median_ms(root), CPU["None"]))
    rows.append(("one staged .go file changed", median_ms(root, "one-file"), CPU["one-file"]))
    print("| whole `specsync check --all-files` process | wall | CPU (with git) |")
    print("|---|---|---|")
    for name, ms, cpu in rows:
        print(f"| {name} | {ms:.0f} ms | {'' if cpu is None else f'{cpu:.0f} ms'} |")
    print("\n| discovery alone, in-process (scan + layout) | median | min |\n|---|---|---|")
    for name, ms, least in in_process(root):
        print(f"| {name} | {ms:.1f} ms | {least:.1f} ms |")
    return 0


def in_process(root: Path) -> list[tuple[str, float, float]]:
    """Only what discovery adds: the snapshot is taken once, outside the timing."""
    from specsync.config.model import DISCOVERY_KINDS
    from specsync.discovery import discovered
    from specsync.repo import snapshot
    from specsync.repo.git import find_repo

    repo = find_repo(str(root))
    snap = snapshot.index(repo)
    cache = root / ".git/specsync/discovery.cache"
    rows: list[tuple[str, float, float]] = []
    for name, setup in (("cold (git grep, read 21 files, parse)", "cold"), ("warm", ""),
                        ("one staged .go file changed", "one-file")):
        times = []
        for n in range(RUNS):
            if setup == "cold":
                cache.unlink(missing_ok=True)
            elif setup == "one-file":
                (root / "pkg/p5/f55.go").write_text(f"package p5\n// in-process {n}\n")
                subprocess.run(["git", "-C", str(root), "add", "pkg/p5/f55.go"], check=True)
                snap = snapshot.index(repo)
            start = time.perf_counter()
            links, _ = discovered(snap, DISCOVERY_KINDS)
            times.append((time.perf_counter() - start) * 1000)
            assert len(links) == 21, len(links)
        rows.append((name, statistics.median(times), min(times)))
    return rows


def _python_floor() -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=dict(os.environ))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    raise SystemExit(main())
