"""End to end through the real `pre-commit`: try-repo, an installed hook, a real commit."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import MakeRepo
from tests.helpers import (
    CONFIG,
    COPY_A,
    COPY_B,
    SOURCE,
    SPEC,
    STALE,
    git,
    pre_commit,
    read,
    write,
)

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
IN_SYNC = {".specsync.yaml": CONFIG, SOURCE: SPEC, COPY_A: SPEC, COPY_B: SPEC}


def manifest() -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = YAML(typ="safe").load(PROJECT / ".pre-commit-hooks.yaml")
    return hooks


def test_manifest_declares_both_hooks_on_purpose() -> None:
    hooks = {h["id"]: h for h in manifest()}
    assert sorted(hooks) == ["specsync-check", "specsync-fix"]
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is True
        assert hook["require_serial"] is True  # never two processes writing one copy
        assert hook["always_run"] is True  # a deletion-only commit passes no file names
        assert "files" not in hook and "types" not in hook  # either side triggers
    assert hooks["specsync-check"]["entry"] == "specsync check"
    assert hooks["specsync-fix"]["entry"] == "specsync fix"


def test_readme_names_every_hook_id() -> None:
    readme = (PROJECT / "README.md").read_text()
    for hook in manifest():
        assert f"`{hook['id']}`" in readme


@pytest.mark.parametrize("hook_id", ["specsync-check", "specsync-fix"])
def test_exact_entry_from_the_manifest(make_repo: MakeRepo, hook_id: str) -> None:
    """Run `entry` + filenames as pre-commit would, with the installed console script."""
    (entry,) = [h["entry"] for h in manifest() if h["id"] == hook_id]
    repo = make_repo({**IN_SYNC, COPY_A: STALE})
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    argv = [*shlex.split(str(entry)), SOURCE, "README.md"]
    proc = subprocess.run(argv, cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1, proc.stderr
    assert COPY_A in proc.stdout
    assert "Traceback" not in proc.stderr
    if hook_id == "specsync-fix":
        assert read(repo, COPY_A) == SPEC.encode()


def test_try_repo_fails_on_drift_and_passes_in_sync(
    make_repo: MakeRepo, hook_repo: tuple[Path, str], shared_home: None,
) -> None:
    path, rev = hook_repo
    repo = make_repo({**IN_SYNC, COPY_B: STALE})
    proc = pre_commit(repo, "try-repo", str(path), "specsync-check", "--ref", rev,
                      "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{COPY_B}: out of sync with {SOURCE}" in proc.stdout
    write(repo, {COPY_B: SPEC})
    git(repo, "add", "-A")
    proc = pre_commit(repo, "try-repo", str(path), "specsync-check", "--ref", rev,
                      "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def _installed(make_repo: MakeRepo, hook_repo: tuple[Path, str]) -> Path:
    path, rev = hook_repo
    config = (f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
              "      - id: specsync-check\n"
              "      - id: specsync-fix\n        stages: [manual]\n")
    repo = make_repo({**IN_SYNC, ".pre-commit-config.yaml": config})
    proc = pre_commit(repo, "install")
    assert proc.returncode == 0, proc.stderr
    git(repo, "commit", "-qm", "in sync")
    return repo


def commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), "commit", "-m", "change", *args],
                          capture_output=True, text=True, check=False)


def test_commit_of_the_source_alone_is_blocked_then_fixed(
    make_repo: MakeRepo, hook_repo: tuple[Path, str], shared_home: None,
) -> None:
    repo = _installed(make_repo, hook_repo)
    new_spec = SPEC.replace("workflowexecution", "workflowexecution, replay")
    write(repo, {SOURCE: new_spec})
    git(repo, "add", SOURCE)
    proc = commit(repo)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert f"{COPY_B}, {COPY_A}: out of sync with {SOURCE}" in out  # both stale one way
    assert "fix: pre-commit run --hook-stage manual specsync-fix --all-files" in out
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"

    proc = pre_commit(repo, "run", "--hook-stage", "manual", "specsync-fix", "--all-files")
    assert proc.returncode == 1
    assert f"Fixing {COPY_A} (from {SOURCE})" in proc.stdout
    assert read(repo, COPY_B) == new_spec.encode()
    git(repo, "add", "-A")
    proc = commit(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"


def test_partial_commit_checks_what_is_committed(
    make_repo: MakeRepo, hook_repo: tuple[Path, str], shared_home: None,
) -> None:
    """`git commit PATH` runs the hook on a temporary index (GIT_INDEX_FILE)."""
    repo = _installed(make_repo, hook_repo)
    write(repo, {SOURCE: STALE, COPY_A: STALE, COPY_B: STALE})
    git(repo, "add", COPY_A, COPY_B)  # staged, but not part of the partial commit
    proc = commit(repo, "--", SOURCE)
    assert proc.returncode != 0
    assert f"{COPY_A}: out of sync with {SOURCE}" in proc.stdout + proc.stderr
    proc = commit(repo, "--", SOURCE, COPY_A, COPY_B)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# no .specsync.yaml: a go:generate copy and a Makefile copy, both in sync
DISCOVERED = {
    "spec.yaml": "v: 2\n",
    "pkg/a/gen.go": "package a\n\n//go:generate cp ../../spec.yaml spec.yaml\n",
    "pkg/a/spec.yaml": "v: 2\n",
    "crd.yaml": "kind: CRD\n",
    "Makefile": "CHART = charts/app\nhelm:\n\tcp crd.yaml $(CHART)/crds/\n",
    "charts/app/crds/crd.yaml": "kind: CRD\n",
}

def test_real_pre_commit_blocks_a_commit_of_the_spec_alone_without_config(
    make_repo: MakeRepo, hook_repo: tuple[Path, str], shared_home: None,
) -> None:
    """No .specsync.yaml: the hook finds the go:generate copy and the Makefile copy itself."""
    path, rev = hook_repo
    config = (f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
              "      - id: specsync-check\n"
              "      - id: specsync-fix\n        stages: [manual]\n")
    repo = make_repo({**DISCOVERED, ".pre-commit-config.yaml": config})
    assert pre_commit(repo, "install").returncode == 0
    git(repo, "commit", "-qm", "in sync")
    write(repo, {"spec.yaml": "v: 3\n", "crd.yaml": "kind: CRD v2\n"})
    git(repo, "add", "spec.yaml", "crd.yaml")
    proc = subprocess.run(["git", "-C", str(repo), "commit", "-m", "spec"], capture_output=True,
                          text=True, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "pkg/a/spec.yaml: out of sync with spec.yaml" in out
    assert "declared at pkg/a/gen.go:3" in out
    assert "charts/app/crds/crd.yaml: out of sync with crd.yaml" in out
    proc = pre_commit(repo, "run", "--hook-stage", "manual", "specsync-fix", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert read(repo, "pkg/a/spec.yaml") == b"v: 3\n"
    git(repo, "add", "-A")
    proc = subprocess.run(["git", "-C", str(repo), "commit", "-m", "spec"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_real_commit_of_a_data_copy_that_differs_only_where_ignored(
    make_repo: MakeRepo, hook_repo: tuple[Path, str], shared_home: None,
) -> None:
    """`ignore:` through the installed hook: the copy's own version passes a commit; a
    source change elsewhere blocks it, and the manual fix keeps the copy's version."""
    path, rev = hook_repo
    hooks = (f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n"
             "      - id: specsync-check\n"
             "      - id: specsync-fix\n        stages: [manual]\n")
    config = (f"links:\n  - source: {SOURCE}\n    copies:\n      - path: {COPY_A}\n"
              "        compare: data\n        ignore: [/info/version]\n")
    repo = make_repo({".specsync.yaml": config, SOURCE: SPEC, COPY_A: SPEC.replace(
        '"1.5"', '"1.5-embedded"'), ".pre-commit-config.yaml": hooks})
    assert pre_commit(repo, "install").returncode == 0
    proc = commit(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # differs only where ignored
    write(repo, {SOURCE: SPEC.replace("workflowexecution", "workflowexecution, replay")})
    git(repo, "add", SOURCE)
    proc = commit(repo)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"{COPY_A}: 1 difference ignored by ignore:" in out
    assert 'the copy lacks "replay"' in out
    proc = pre_commit(repo, "run", "--hook-stage", "manual", "specsync-fix", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert b'1.5-embedded' in read(repo, COPY_A) and b"replay" in read(repo, COPY_A)
    git(repo, "add", "-A")
    proc = commit(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
