"""Every code block of the README is run: the user's path from an empty repo to a passing commit.

Each fenced block carries a marker comment (`<!-- readme-test: KIND -->`) saying which test runs
it; a block without one fails `test_every_block_is_run`, so a new example cannot go untested.
The walkthrough runs the blocks in the order a user meets them, with the real pre-commit and
the hooks repo tagged with the README's `rev:`; the only substitution is the repository URL.
"""
from __future__ import annotations

import fnmatch
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from specsync import __version__
from specsync.config.parse import parse

from tests.conftest import PROJECT, MakeRepo
from tests.helpers import git, write

README = PROJECT / "README.md"
URL = "https://github.com/specsync/specsync"
BIN = Path(sys.executable).parent
_BLOCK = re.compile(r"(?:<!-- readme-test: ([\w-]+) -->\n)?```(\w*)\n(.*?)```", re.S)

# which test runs each kind of block (test_every_block_is_run checks that it names the kind)
KINDS = {
    "pre-commit-config": "readme_test.py::test_walkthrough",
    "shell": "readme_test.py::test_walkthrough",
    "discover": "readme_test.py::test_walkthrough",
    "block": "readme_test.py::test_walkthrough",
    "specsync-config": "readme_test.py::test_config_blocks",
    "install": "readme_test.py::test_install_block",
    "usage": "readme_test.py::test_usage_block",
    "lefthook-config": "e2e/managers_test.py::test_lefthook",
    "git-hook": "e2e/managers_test.py::test_plain_git_hook",
    "dev-install": "readme_test.py::test_dev_install_block",
    "dev-tests": "readme_test.py::test_dev_tests_block",
}

SPEC = """\
openapi: 3.0.3
info:
  title: Data Storage
  version: "1.4"
paths: {}
components:
  schemas:
    AuditEvent:
      type: object
      properties:
        event_category:
          type: string
          description: Emitting component.
          enum: [gateway, workflow]
"""
EMBED_GO = """\
package middleware

import _ "embed"

//go:generate sh -c "cp ../../../../api/openapi/data-storage-v1.yaml openapi_spec_data.yaml"
//go:embed openapi_spec_data.yaml
var spec []byte
"""
SOURCE = "api/openapi/data-storage-v1.yaml"
COPY = "pkg/datastorage/server/middleware/openapi_spec_data.yaml"


def blocks(kind: str | None = None) -> list[str]:
    """The README's code blocks (of one kind), in order."""
    found = _BLOCK.findall(README.read_text())
    return [body for k, _, body in found if kind is None or k == kind]


def block(kind: str) -> str:
    (only,) = blocks(kind)
    return only


def readme_line(pattern: str) -> str:
    """The one line of README prose `pattern` finds (its group), as the README prints it."""
    (line,) = re.findall(pattern, README.read_text().replace("\n   ", " "))
    return str(line)


def run(cmd: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, shell=True, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)


def rev() -> str:
    (pinned,) = re.findall(r"^\s+rev: (\S+)$", block("pre-commit-config"), re.M)
    return pinned


def test_every_block_is_run() -> None:
    found = _BLOCK.findall(README.read_text())
    assert len(found) == README.read_text().count("```") // 2, "a fence the pattern missed"
    unmarked = [body[:60] for kind, _, body in found if not kind]
    assert not unmarked, f"README blocks no test runs: {unmarked}"
    assert {kind for kind, _, _ in found} <= set(KINDS)
    for kind, where in KINDS.items():
        module, name = where.split("::")
        text = (PROJECT / "tests" / module).read_text()
        body = text[text.index(f"def {name}("):]
        body = body[:body.find("\ndef ", 1) if "\ndef " in body[1:] else len(body)]
        assert f'block("{kind}")' in body or (
            kind == "specsync-config" and 'blocks("specsync-config")' in text), (kind, where)


def test_pinned_rev_is_this_version() -> None:
    """`rev:` and the install line name the tag of the version the package says it is."""
    assert rev() == f"v{__version__}"
    assert f"@{rev()}" in block("install")


def test_walkthrough(make_repo: MakeRepo, hook_repo: tuple[Path, str],
                     shared_home: None) -> None:
    """Use it, get blocked, run the printed fix, run the printed git add, commit."""
    hooks_path, commit = hook_repo
    git(hooks_path, "tag", "-f", rev(), commit)
    repo = make_repo({SOURCE: SPEC, COPY: SPEC, "pkg/datastorage/server/middleware/spec.go":
                      EMBED_GO}, commit=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    write(repo, {".pre-commit-config.yaml":
                 block("pre-commit-config").replace(URL, str(hooks_path))})
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-qm", "hooks")
    for line in block("shell").splitlines():
        assert run(line, repo, env).returncode == 0, line

    (prompt, *expected) = block("discover").splitlines()
    shown = run(prompt.removeprefix("$ "), repo, env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == expected

    write(repo, {SOURCE: SPEC.replace('"1.4"', '"1.5"').replace(
        "[gateway, workflow]", "[gateway, workflow, workflowexecution]").replace(
        "Emitting component", "Emitting service")})
    by_hand = run("specsync check", repo, {k: v for k, v in env.items() if k != "CI"})
    assert by_hand.returncode == 0
    assert by_hand.stderr.strip() == readme_line(r"`(specsync: 1 file with unstaged .*?)`")
    git(repo, "add", SOURCE)
    blocked = run("git commit -qm 'new enum value'", repo, env)
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert block("block").strip() in out, out

    (fix,) = [line.removeprefix("fix: ") for line in out.splitlines()
              if line.startswith("fix: ")]
    fixed = run(fix, repo, env)
    out = fixed.stdout + fixed.stderr
    (stage,) = re.findall(r"^stage: (git add .*)$", out, re.M)
    again = run("git commit -qm 'new enum value'", repo, env)  # the git add forgotten
    assert again.returncode != 0
    assert readme_line(r"`(\S+ is already fixed in your working tree: git add \S+)`") in (
        again.stdout + again.stderr)
    assert "fix: " not in again.stdout + again.stderr
    assert run(stage, repo, env).returncode == 0
    assert run("git commit -qm 'new enum value'", repo, env).returncode == 0
    assert (repo / COPY).read_text() == (repo / SOURCE).read_text()


@pytest.mark.parametrize("text", blocks("specsync-config"))
def test_config_blocks(text: str) -> None:
    """Each `.specsync.yaml` example loads (the JSON Schema check is in config/schema_test)."""
    YAML(typ="safe").load(text)
    parse(text.encode(), ".specsync.yaml")


def test_install_block(tmp_path: Path, hook_repo: tuple[Path, str]) -> None:
    """The standalone install, from a copy of the repository tagged like the release."""
    hooks_path, commit = hook_repo
    git(hooks_path, "tag", "-f", rev(), commit)
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    venv_bin = tmp_path / "venv" / "bin"
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ['PATH']}"}
    cmd = block("install").strip().replace(URL, f"file://{hooks_path}")
    proc = run(cmd.replace("python3 ", f"{venv_bin / 'python'} ", 1), tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    version = run("specsync --version", tmp_path, env)
    assert version.returncode == 0 and __version__ in version.stdout, version


def test_usage_block() -> None:
    """Every flag the usage block lists exists, and every command's flags are listed."""
    usage = block("usage")
    for command in ("check", "fix", "discover", "lock"):
        helped = subprocess.run([str(BIN / "specsync"), command, "--help"],
                                capture_output=True, text=True, check=False)
        assert helped.returncode == 0, helped.stderr
        (line,) = [" ".join(chunk.split()) for chunk in re.split(r"\n(?=specsync )", usage)
                   if chunk.startswith(f"specsync {command}")]
        listed = set(re.findall(r"--[a-z-]+", line))
        offered = set(re.findall(r"--[a-z-]+", helped.stdout)) - {"--help"}
        assert listed == offered, (command, listed, offered)
        for fmt in re.findall(r"--format ([a-z|]+)", line):
            for name in fmt.split("|"):
                assert name in helped.stdout, (command, name)


def test_dev_install_block(tmp_path: Path) -> None:
    """The first developer command, run verbatim in a fresh clone of this repository."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
    for name in git(PROJECT, "ls-files", "-m", "-o", "--exclude-standard").splitlines():
        if (PROJECT / name).is_file():  # the tests run on the working tree as it is
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((PROJECT / name).read_bytes())
    proc = run(block("dev-install").strip(), clone, dict(os.environ))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dev_tests_block() -> None:
    """The second developer command is the one CI runs."""
    assert block("dev-tests").strip() == "sh tests/run"
    ci = (PROJECT / ".ci" / "run").read_text()
    assert re.search(r"^exec sh tests/run\b", ci, re.M)


def test_docs_are_linked() -> None:
    text = README.read_text()
    for doc in sorted((PROJECT / "docs").glob("*.md")):
        assert f"](docs/{doc.name})" in text, doc.name
    for target in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (PROJECT / target).is_file(), target


def test_user_material_is_short() -> None:
    """The README is for users; the reference lives in docs/."""
    lines = README.read_text().splitlines()
    developing = next(i for i, line in enumerate(lines) if line == "## Developing specsync")
    assert developing <= 300, developing


def test_fix_line_is_runnable_as_printed() -> None:
    assert shlex.split(block("block").splitlines()[-1].removeprefix("fix: "))[0] == "pre-commit"


_REF = re.compile(r"^(?:(?P<file>[\w/.-]+\.py))?(?:::(?P<name>[\w*]+))?(?:\[.*\])?$")


def guarantee_references() -> list[tuple[str, str | None]]:
    """Every `FILE::name` (and `::name` after it) in the test column of docs/guarantees.md,
    FILE relative to tests/ or to the folder the table's header names."""
    refs: list[tuple[str, str | None]] = []
    base = "tests/"
    for line in (PROJECT / "docs" / "guarantees.md").read_text().splitlines():
        if not line.startswith("| "):
            continue
        cell = line.rstrip(" |").rsplit(" | ", 1)[-1]
        if line.startswith("| promise |"):
            folder = re.search(r"`(tests/[\w/]*)…`", cell)
            base = folder.group(1) if folder else ""
            continue
        current = None
        for token in re.findall(r"`([^`]+)`", cell):
            found = _REF.match(token)
            if not found or not (found.group("file") or found.group("name")):
                continue
            if found.group("file"):
                current = found.group("file")
                current = current if current.startswith("tests/") else base + current
            assert current, f"{token} names no file: {line[:80]}"
            refs.append((current, found.group("name")))
    return refs


def test_guarantee_references_exist() -> None:
    """Each promise in docs/guarantees.md points at a test that exists."""
    refs = guarantee_references()
    assert len(refs) > 150
    for path, name in refs:
        assert (PROJECT / path).is_file(), path
        if name is not None:
            names = re.findall(r"^(?:async )?def (test_\w+)\(", (PROJECT / path).read_text(), re.M)
            assert fnmatch.filter(names, name), f"{path}::{name}"
