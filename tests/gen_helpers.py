"""A repository with a generated output: the fixture generator, a spec, its config."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from tests.conftest import MakeRepo
from tests.helpers import SPEC, git

GENERATOR = Path(__file__).parent / "fixtures" / "generator.py"
SPEC_PATH = "api/openapi/data-storage-v1.yaml"
OUTPUT = "pkg/datastorage/client/spec_gen.py"
OUTPUT_DIR = "pkg/datastorage/client/"


def command(*flags: str) -> str:
    return shlex.join([sys.executable, "tools/generator.py", SPEC_PATH, OUTPUT, *flags])


def config(cmd: str | None = None, extra: str = "") -> str:
    return (
        "generated:\n"
        f"  - sources: [{SPEC_PATH}]\n"
        f"    outputs: [{OUTPUT_DIR}]\n"
        f"    command: {cmd or command()}\n"
        f"{extra}"
    )


def generated_repo(make_repo: MakeRepo, cmd: str | None = None, extra: str = "") -> Path:
    """Spec, generator and config committed, the output not generated yet."""
    return make_repo({
        SPEC_PATH: SPEC,
        "tools/generator.py": GENERATOR.read_text(),
        ".specsync.yaml": config(cmd, extra),
        ".gitignore": ".generator-runs\n",
    }, commit=True)


def runs(repo: Path) -> int:
    """How many times the fixture generator ran in `repo`."""
    log = repo / ".generator-runs"
    return len(log.read_text().splitlines()) if log.exists() else 0


def commit_all(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
