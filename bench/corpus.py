"""Zero-config discovery measured on real repositories (issue: discovery on real repositories).

`bench/corpus/NAME.json` holds, per public repository, the copy links a person found by hand
(reading its Makefiles, included `*.mk` files, scripts and `//go:generate` lines) at one
commit. This script runs `specsync discover` and `specsync check --all-files` with no config in
a fresh clone of each repository at that commit and prints, per repository and in total: true
links found (recall), links reported that are no true copy (false links), and whether
`check --all-files` passes where the hand-found links are all in sync (a false alarm otherwise).

    python bench/corpus.py --repos DIR [--specsync EXE] [--markdown]
    python bench/corpus.py --clone DIR      # clone every repository at its commit into DIR first

DIR holds one git work tree per repository, named as in the JSON files' `name`. Nothing of the
repositories is part of this project: only the hand-written lists of path pairs are.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRUTH = Path(__file__).resolve().parent / "corpus"
_LINK = re.compile(r"^  (\S+:\d+(?: \(run by \S+:\d+\))?): (\S+) -> (\S+)$", re.M)


def truths() -> list[dict[str, object]]:
    return [json.loads(p.read_text()) for p in sorted(TRUTH.glob("*.json"))]


def clone(dest: Path) -> None:
    """Clone each repository (blobs on demand) and check out the measured commit."""
    for t in truths():
        target = dest / str(t["name"])
        if target.exists():
            continue
        url = f"https://github.com/{t['repo']}.git"
        subprocess.run(["git", "clone", "-q", "--filter=blob:none", "--no-checkout", url,
                        str(target)], check=True)
        subprocess.run(["git", "-C", str(target), "checkout", "-q", str(t["commit"])], check=True)


def _run(exe: str, args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = subprocess.run([exe, *args], check=False, cwd=cwd, capture_output=True, text=True,
                          errors="replace")
    return done, time.perf_counter() - start


def measure(repos: Path, exe: str) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for t in truths():
            name = str(t["name"])
            if not (repos / name).is_dir():
                print(f"corpus: {name}: not in {repos}, skipped", file=sys.stderr)
                continue
            work = Path(scratch) / name
            subprocess.run(["git", "clone", "-q", "--shared", str(repos / name), str(work)],
                           check=True)
            disc, t_disc = _run(exe, ["discover"], work)
            shutil.rmtree(work / ".git" / "specsync", ignore_errors=True)  # what discover cached
            cold, t_cold = _run(exe, ["check", "--all-files"], work)
            _, t_warm = _run(exe, ["check", "--all-files"], work)
            links = t["links"]
            assert isinstance(links, list)
            truth = {(link["source"], link["copy"]) for link in links}
            copies = {c for _, c in truth}
            listed = {(m[2], m[3]) for m in _LINK.finditer(disc.stdout.split("not understood")[0])}
            in_sync = all(link.get("in_sync_at_commit", True) for link in links)
            crashed = "Traceback" in disc.stderr + cold.stderr
            verdict = "crash" if crashed else "pass" if cold.returncode == 0 else (
                f"fails (rc {cold.returncode})")
            if cold.returncode and in_sync and not crashed:
                verdict += ": FALSE ALARM"
            rows.append({
                "repo": t["repo"], "commit": str(t["commit"])[:10], "true": len(truth),
                "found": sum(1 for p in listed if p[1] in copies),
                "false": sorted(p for p in listed if p[1] not in copies),
                "check": verdict, "discover_s": t_disc, "cold_s": t_cold, "warm_s": t_warm,
            })
            shutil.rmtree(work)
    return rows


def render(rows: list[dict[str, object]]) -> str:
    head = ("| repo | commit | true links | found | false links | check --all-files "
            "| discover | check cold | check warm |\n|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        false = r["false"]
        assert isinstance(false, list)
        lines.append(f"| {r['repo']} | {r['commit']} | {r['true']} | {r['found']} | {len(false)} "
                     f"| {r['check']} | {r['discover_s']:.2f} s | {r['cold_s']:.2f} s "
                     f"| {r['warm_s']:.2f} s |")
    true = sum(int(str(r["true"])) for r in rows)
    found = sum(int(str(r["found"])) for r in rows)
    false_total = sum(len(r["false"]) for r in rows)  # type: ignore[arg-type]
    alarms = sum("FALSE ALARM" in str(r["check"]) for r in rows)
    lines.append(f"| **total ({len(rows)} repositories)** | | {true} | {found} "
                 f"({100 * found / max(1, true):.0f}%) | {false_total} | {alarms} false alarms "
                 "| | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=Path, help="folder with one work tree per repository")
    parser.add_argument("--clone", type=Path, help="clone the repositories into this folder")
    parser.add_argument("--specsync", default=shutil.which("specsync") or "specsync")
    parser.add_argument("--false", action="store_true", help="list every false link")
    args = parser.parse_args(argv)
    if args.clone:
        clone(args.clone)
        args.repos = args.repos or args.clone
    if not args.repos:
        parser.error("--repos or --clone is required")
    rows = measure(args.repos, os.path.abspath(args.specsync))
    print(render(rows))
    if args.false:
        for r in rows:
            for source, copy in r["false"]:  # type: ignore[attr-defined]
                print(f"false link in {r['repo']}: {source} -> {copy}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
