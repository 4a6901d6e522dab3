"""Helpers for the tests: git, files, and the motivating spec with its stale copy."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

Files = Mapping[str, "str | bytes"]


def git(repo: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `pre-commit` of this venv, run in `repo`."""
    exe = Path(sys.executable).with_name("pre-commit")
    return subprocess.run([str(exe), *args], cwd=repo, capture_output=True, text=True,
                          check=False)


def write(repo: Path, files: Files) -> None:
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode())


def read(repo: Path, name: str) -> bytes:
    return (repo / name).read_bytes()


def snapshot_tree(repo: Path) -> dict[str, bytes]:
    """Every file below the repo (not .git), for asserting that nothing changed."""
    found = {}
    for root, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d != ".git"]
        for f in files:
            full = Path(root) / f
            found[str(full.relative_to(repo))] = full.read_bytes()
    return found


SPEC = """\
openapi: 3.0.3
info:
  title: data storage
  version: "1.5"
components:
  schemas:
    AuditEvent:
      properties:
        event_category:
          type: string
          enum: [gateway, notification, analysis, workflow, execution, workflowexecution]
"""

STALE = SPEC.replace('"1.5"', '"1.4"').replace(", workflowexecution", "")

CONFIG = """\
links:
  - source: api/openapi/data-storage-v1.yaml
    copies:
      - pkg/datastorage/server/middleware/openapi_spec_data.yaml
      - pkg/audit/openapi_spec_data.yaml
"""

SOURCE = "api/openapi/data-storage-v1.yaml"
COPY_A = "pkg/datastorage/server/middleware/openapi_spec_data.yaml"
COPY_B = "pkg/audit/openapi_spec_data.yaml"
