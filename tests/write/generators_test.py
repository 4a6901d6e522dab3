"""Running generator commands: no shell unless asked, timeouts, captured output, who may run."""
from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path

import pytest
from specsync.commands import fix
from specsync.config.model import Config, GeneratedSpec
from specsync.write import generators as regenerate
from specsync.write import runner

from tests.conftest import MakeRepo
from tests.gen_helpers import OUTPUT, generated_repo, runs


def _spec(command: str, *, shell: bool = False, timeout: float = 10,
          origin: str = ".specsync.yaml:2") -> GeneratedSpec:
    return GeneratedSpec(("a.yaml",), ("out/",), command, origin, 2, shell=shell,
                         timeout=timeout)


def _py(code: str) -> str:
    return shlex.join([sys.executable, "-c", code])


@pytest.mark.parametrize(("command", "shell", "problem", "output"), [
    (_py("print('hi')"), False, None, "hi\n"),
    (_py("import sys; print('out'); sys.exit(4)"), False, "exited with code 4", "out\n"),
    (_py("import sys; sys.stderr.write('err\\n')"), False, None, "err\n"),
    (_py("import os; print(os.getcwd())"), False, None, "{root}\n"),
    ("echo $0 && echo two", True, None, "/bin/sh\ntwo\n"),
    ("echo $0 && echo two", False, None, "$0 && echo two\n"),
    ("no-such-program-for-specsync", False,
     "cannot run 'no-such-program-for-specsync': No such file or directory", ""),
    (_py("import os, signal; os.kill(os.getpid(), signal.SIGTERM)"), False,
     "killed by signal 15", ""),
], ids=["ok", "exit-code", "stderr-captured", "runs-from-root", "shell", "no-shell",
        "not-found", "signal"])
def test_run(tmp_path: Path, command: str, shell: bool, problem: str | None,
             output: str) -> None:
    ran = runner.run(_spec(command, shell=shell), str(tmp_path))
    assert ran.problem == problem
    assert ran.output == output.format(root=tmp_path)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_run_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    """A generator that starts children (go generate does): all of them are stopped."""
    child = ("import os, time; open('child.pid', 'w').write(str(os.getpid())); "
             "os.close(1); os.close(2); time.sleep(60)")
    code = ("import subprocess, sys, time; "
            f"subprocess.Popen([sys.executable, '-c', {child!r}]); "
            "print('started', flush=True); time.sleep(60)")
    ran = runner.run(_spec(_py(code), timeout=1), str(tmp_path))
    assert ran.problem == "timed out after 1 s"
    assert ran.output == "started\n"
    pid = int((tmp_path / "child.pid").read_text())
    for _ in range(100):  # SIGKILL is delivered asynchronously
        if not _alive(pid):
            break
        time.sleep(0.05)
    assert not _alive(pid)


@pytest.mark.parametrize(("origin", "run_discovered", "allowed"), [
    (".specsync.yaml:3", False, True),
    ("pkg/client/doc.go:4", False, False),
    ("pkg/client/doc.go:4", True, True),
    ("Makefile:12", False, False),
], ids=["config", "discovered", "discovered-opted-in", "makefile"])
def test_only_configured_commands_run(origin: str, run_discovered: bool,
                                      allowed: bool) -> None:
    config = Config([], run_discovered=run_discovered)
    assert regenerate.runnable(_spec("gen", origin=origin), config) is allowed


def test_fix_from_a_subfolder_runs_from_the_root(make_repo: MakeRepo,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    repo = generated_repo(make_repo)
    (repo / "pkg").mkdir()
    os.chdir(repo / "pkg")
    assert fix.main(["--all-files"]) == 1
    assert (repo / OUTPUT).exists()
    assert runs(repo) == 1
    assert "Regenerated" in capsys.readouterr().out
