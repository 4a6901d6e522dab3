"""The harness of the differential tests: one generated repository, run by the real tool and
by specsync, compared.

Every tracked file holds distinct bytes (its own path), so a file the real tool wrote reveals
its source. The real tool runs on scratch copies of the tree; `specsync discover` and
`specsync fix --all-files` run on the committed repository. `check` asserts:
- every link specsync reports is a copy a real run makes (the copy holds the source's bytes);
- every file `fix` writes or removes is written with the same bytes (or removed) by a real run;
- every tracked file a real run overwrites with the bytes of another tracked file is a link's
  copy, or a "not understood" line names it or belongs to the code that ran (`explains`).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from specsync.cli import main

from tests.helpers import snapshot_tree

Tree = dict[str, bytes]
_ABSOLUTE = re.compile(r"(?:^|(?<=[\s'\"=;&|<>(]))/[^\s'\";&|<>()]*")  # at a word start
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "d", "GIT_AUTHOR_EMAIL": "d@d.invalid",
           "GIT_COMMITTER_NAME": "d", "GIT_COMMITTER_EMAIL": "d@d.invalid"}


class Discovered:
    """What `specsync discover --format json` printed: links and not-understood lines."""

    def __init__(self, out: str) -> None:
        self.out = out
        report = json.loads(out)
        self.links: list[tuple[str, int, str, str]] = []  # (declaring file, line, source, copy)
        for link in report["links"]:
            path, _, line = link["declared_at"].rpartition(":")
            self.links.append((path, int(line), link["source"], link["copy"]))
        self.unknown = [(u["path"], u["line"]) for u in report["not_understood"]]
        self.unknown_text = [f"{u['text']}: {u['reason']}" for u in report["not_understood"]]


@contextlib.contextmanager
def repository(files: Mapping[str, bytes]) -> Iterator[Path]:
    """A committed git repository holding `files`, the current directory while in use."""
    with tempfile.TemporaryDirectory(prefix="specsync-diff-") as tmp:
        repo = Path(tmp) / "repo"
        for name, data in files.items():
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        env = {**os.environ, **GIT_ENV}
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated"]):
            subprocess.run(["git", "-C", str(repo), *args], check=True, env=env,
                           capture_output=True)
        old = os.getcwd()
        os.chdir(repo)
        try:
            yield repo
        finally:
            os.chdir(old)


def specsync(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(list(args))
    assert code in (0, 1), f"specsync {' '.join(args)} exited {code}: {err.getvalue()}"
    return code, out.getvalue()


class Unsafe(Exception):
    """The real command would touch files outside its scratch tree (`cp -R $(UNSET)/* d`
    is `cp -R /* d`): it is not run, and the example is rejected."""


def outside(text: str, scratch: Path) -> bool:
    """Whether commands (as `make -n` prints them) name an absolute path outside `scratch`."""
    root = str(scratch.parent)
    return any(not p.startswith(root) for p in _ABSOLUTE.findall(text))


def real_run(repo: Path, command: list[str], folder: str = ".",
             env: Mapping[str, str] | None = None,
             dry: list[str] | None = None) -> tuple[int, Tree]:
    """The tree (without .git) after `command` ran in `folder` of a scratch copy of `repo`;
    `dry`: a command that prints what `command` would run, checked first (`Unsafe`)."""
    with tempfile.TemporaryDirectory(prefix="specsync-real-") as tmp:
        scratch = Path(tmp) / "tree"
        shutil.copytree(repo, scratch, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        if dry is not None:
            shown = subprocess.run(dry, cwd=scratch / folder, capture_output=True, text=True,
                                   timeout=20, check=False, env={**os.environ, **(env or {})})
            if outside(shown.stdout, scratch):
                raise Unsafe(shown.stdout)
        try:
            proc = subprocess.run(command, cwd=scratch / folder, capture_output=True,
                                  timeout=20, check=False, env={**os.environ, **(env or {})})
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = -1
        return code, snapshot_tree(scratch)


def check(files: Mapping[str, bytes], runs: Callable[[Path], dict[str, list[Tree]]],
          explains: Callable[[str, tuple[str, int]], bool]) -> Discovered:
    """Run one generated repository both ways and assert exactness (see the module doc).

    `runs(repo)`: per unit of the real tool (a make target, a go package folder), the trees
    its runs left. `explains(unit, origin)`: whether a not-understood line at `origin`
    belongs to the code that `unit` ran."""
    with repository(files) as repo:
        before = snapshot_tree(repo)
        by_unit = runs(repo)
        _, out = specsync("discover", "--format", "json")
        found = Discovered(out)
        trees = [t for ts in by_unit.values() for t in ts]
        for origin, number, source, copy in found.links:
            assert source in files, f"link from an untracked source {source}\n{out}"
            assert any(t.get(copy) == files[source] for t in trees), \
                f"false link {origin}:{number}: {source} -> {copy}; no real run copies it\n{out}"
        copies = {link[3] for link in found.links}
        by_bytes = {data: name for name, data in files.items()}
        for unit, unit_trees in by_unit.items():
            for tree in unit_trees:
                for path, data in tree.items():
                    source = by_bytes.get(data)
                    if path not in files or source is None or source == path or \
                            before[path] == data or path in copies:
                        continue
                    named = any(f" {path}" in t for t in found.unknown_text)  # a clash, ...
                    assert named or any(explains(unit, u) for u in found.unknown), \
                        f"missed: {unit} copies {source} -> {path}, neither a link nor " \
                        f"not understood\n{out}"
        specsync("fix", "--all-files")
        after = snapshot_tree(repo)
        for path in set(after) | set(before):
            if after.get(path) == before.get(path):
                continue
            assert any(t.get(path) == after.get(path) for t in trees), \
                f"fix wrote {path} ({after.get(path)!r}) as no real run does\n{out}"
    return found
