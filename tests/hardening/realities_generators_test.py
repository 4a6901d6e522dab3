"""Generated entries against real processes and real git: signals, a nested fix, files the
command touches without declaring them, untracked work in the way, symlinks in an output
folder, and a link copy inside an output folder (issue 12: D10, H1, SM2, X14, F4, F5)."""
from __future__ import annotations

import fcntl
import os
import select
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from specsync.cli import main

from tests.hardening.proc import SPECSYNC, specsync
from tests.helpers import git, read, write

SPEC = "openapi: 3.0.3\n"
NEW = "openapi: 3.0.3\ninfo: {}\n"


def entry(command: str, outputs: str = "[gen/out.txt]", extra: str = "") -> str:
    return ("generated:\n"
            "  - sources: [api/openapi.yaml]\n"
            f"    outputs: {outputs}\n"
            f"    command: {command}\n{extra}")


def locked_repo(make_repo, config: str, files: dict[str, str]):
    """Source, config and the outputs as listed, recorded in specsync.lock and committed;
    then the source changes (staged), so the entry is stale."""
    repo = make_repo({"api/openapi.yaml": SPEC, ".specsync.yaml": config, **files})
    assert main(["lock"]) == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "api/openapi.yaml")
    return repo


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(predicate, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.05)


# D10 ------------------------------------------------------------------------------------

SLOW = ("import os, signal, sys, time\n"
        "if 'stubborn' in sys.argv: signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "open('gen.pid', 'w').write(str(os.getpid()))\n"
        "time.sleep(4)\n"
        "open('gen/out.txt', 'w').write('written after the interrupt\\n')\n")


# as in a terminal (a job started in the background by a shell without job control, as CI
# may start the suite, inherits SIGINT ignored)
DEFAULT_SIGINT = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, "
                  "signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.parametrize(("sig", "code", "stubborn"), [
    (signal.SIGINT, 130, False),
    (signal.SIGTERM, 143, True),
], ids=["ctrl-c-to-the-group", "sigterm-generator-ignores-term"])
def test_interrupted_fix_stops_the_generator_and_leaves_the_lock(make_repo, sig, code,
                                                                 stubborn):
    """D10: the generator runs in its own session (so a timeout can stop its whole group);
    a Ctrl-C or SIGTERM to specsync must stop it too (TERM, then KILL), keep specsync.lock as
    it was, and end in one line with 128 + the signal's number."""
    command = shlex.join([sys.executable, "gen.py", *(["stubborn"] if stubborn else [])])
    repo = locked_repo(make_repo, entry(command), {"gen/out.txt": "old\n", "gen.py": SLOW})
    lock = read(repo, "specsync.lock")
    proc = subprocess.Popen([*DEFAULT_SIGINT, SPECSYNC, "fix"], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_for(lambda: (repo / "gen.pid").exists() and (repo / "gen.pid").read_text())
        generator = int((repo / "gen.pid").read_text())
        started = time.monotonic()
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)  # what a terminal does: specsync's foreground group
        else:
            os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, (out, err)
    assert b"Traceback" not in out + err
    name = signal.Signals(sig).name
    assert err.decode() == (f"specsync: interrupted by {name}: stopped `{command}`; "
                            "specsync.lock not updated\n")
    assert not alive(generator)
    time.sleep(max(0, started + 4.5 - time.monotonic()))  # when it would have written
    assert read(repo, "gen/out.txt") == b"old\n"
    assert read(repo, "specsync.lock") == lock


# H1 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("nested", ["fix", "lock"])
def test_a_generator_that_runs_specsync_fails_at_once(make_repo, nested):
    """H1: the nested run would wait for the repo lock its parent holds, until the entry's
    timeout; it says so in one line and exits 2 at once."""
    command = f"cp api/openapi.yaml gen/out.txt && {shlex.quote(SPECSYNC)} {nested}"
    repo = locked_repo(make_repo, entry(command, extra="    shell: true\n    timeout: 30\n"),
                       {"gen/out.txt": "old\n"})
    start = time.monotonic()
    run = specsync(repo, "fix")
    assert time.monotonic() - start < 15, run
    assert "timed out" not in run.out
    assert (f"  | .specsync.yaml:2: the command runs `specsync {nested}`, which would wait for "
            f"the `specsync fix` that runs it (pid ") in run.out, run
    assert "exited with code 2" in run.out
    assert "Traceback" not in run.out + run.err


def test_a_contended_repo_lock_says_it_is_waiting(make_repo):
    """H1: a second fix or lock waits for the first one, and says so."""
    repo = locked_repo(make_repo, entry("'true'"), {"gen/out.txt": "old\n"})
    (repo / ".git" / "specsync").mkdir(exist_ok=True)
    fd = os.open(repo / ".git" / "specsync" / "fix.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        proc = subprocess.Popen([SPECSYNC, "lock"], cwd=repo, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        ready, _, _ = select.select([proc.stderr], [], [], 20)
        assert ready, "no word from the waiting lock"
        assert proc.stderr is not None
        line = proc.stderr.readline().decode()
        assert line.startswith("specsync: waiting for another specsync fix or lock in this "
                               "repository"), line
        assert proc.poll() is None
    finally:
        os.close(fd)  # releases the lock
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, (out, err)
    assert b" specsync.lock (1 entry)\n" in out


# SM2 ------------------------------------------------------------------------------------

TOUCHY = ("cp api/openapi.yaml gen/out.txt && echo clobbered > docs/NOTES.md && "
          "rm docs/KEEP.md && echo again > docs/DIRTY.md")


def test_undeclared_files_the_generator_touched_are_named(make_repo, capsys):
    """SM2: files outside the declared outputs that the command rewrote or deleted are
    named, including one that already had unstaged edits; others are not."""
    docs = {f"docs/{n}.md": f"{n}\n" for n in ("NOTES", "KEEP", "DIRTY", "UNTOUCHED")}
    repo = locked_repo(make_repo, entry(TOUCHY, extra="    shell: true\n"),
                       {"gen/out.txt": "old\n", **docs})
    write(repo, {"docs/DIRTY.md": "my unstaged edit\n", "docs/UNTOUCHED.md": "mine too\n"})
    capsys.readouterr()
    assert main(["fix"]) == 1
    out = capsys.readouterr().out
    assert ("gen/out.txt: the command also changed docs/DIRTY.md (it had unstaged changes), "
            "docs/NOTES.md and deleted docs/KEEP.md, outside its declared outputs; restore "
            "them (git checkout -- FILE) or add them to outputs") in out, out
    assert "UNTOUCHED" not in out
    assert "Regenerated gen/out.txt" in out


# X14 ------------------------------------------------------------------------------------

CLOBBER = ("rm -rf gen && mkdir gen && cp api/openapi.yaml gen/client.yaml && "
           "cp api/openapi.yaml out.yaml")


@pytest.mark.parametrize("flags", [[], ["--force"]], ids=["plain", "force"])
def test_untracked_files_at_outputs_block_the_generator(make_repo, capsys, flags):
    """X14: an untracked draft at an output path and an untracked file inside an output
    folder are the user's work: the command does not run, whatever the flags."""
    repo = make_repo({"api/openapi.yaml": SPEC,
                      ".specsync.yaml": entry(CLOBBER, "[gen/, out.yaml]",
                                              "    shell: true\n")}, commit=True)
    write(repo, {"gen/NOTES.md": "my notes\n", "out.yaml": "my draft\n"})
    assert main(["fix", *flags]) == 1
    out = capsys.readouterr().out
    assert ("gen/, out.yaml: not regenerated: untracked gen/NOTES.md, out.yaml would be "
            "overwritten or deleted by the command; move them away (or git add them) "
            "first") in out, out
    assert read(repo, "gen/NOTES.md") == b"my notes\n"
    assert read(repo, "out.yaml") == b"my draft\n"
    assert not (repo / "gen" / "client.yaml").exists()


def test_outputs_a_fix_wrote_and_locked_are_not_in_the_way(make_repo, capsys):
    """X14: untracked outputs that match specsync.lock are the last fix's, not a draft."""
    make_repo({"api/openapi.yaml": SPEC,
                      ".specsync.yaml": entry(CLOBBER, "[gen/, out.yaml]",
                                              "    shell: true\n")}, commit=True)
    assert main(["fix"]) == 1
    capsys.readouterr()
    assert main(["fix"]) in (0, 1)  # not staged yet: whatever it says, no refusal
    assert "would be overwritten" not in capsys.readouterr().out


# F4 -------------------------------------------------------------------------------------

LINKS = ("mkdir -p gen && cp api/openapi.yaml gen/out.yaml && ln -sfn ../api gen/api-dir && "
         "ln -sfn does-not-exist gen/dangling && ln -sfn out.yaml gen/to-file")


def test_symlinks_in_an_output_folder_are_hashed_as_git_stores_them(make_repo, capsys):
    """F4: a symlink in an output folder (to a folder, dangling, to a file) counts as its
    link text on disk exactly as in the index, so a fresh lock is in sync."""
    repo = make_repo({"api/openapi.yaml": SPEC,
                      ".specsync.yaml": entry(LINKS, "[gen/]", "    shell: true\n")})
    subprocess.run(LINKS, shell=True, cwd=repo, check=True)
    assert main(["lock"]) == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()
    assert main(["check", "--all-files", "--worktree"]) == 0, capsys.readouterr()
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "api/openapi.yaml")
    assert main(["fix", "--all-files"]) == 1
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()
    assert main(["fix", "--all-files", "--force"]) == 0, capsys.readouterr()
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()


# F5 -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("links", "copy_line", "message"), [
    ("  - source: api/openapi.yaml\n    copies: [gen/spec.yaml]\n", 3,
     "copy 'gen/spec.yaml' is inside output 'gen/' of the generated entry on line 5"),
    ("  - source: 'crd/*.yaml'\n    copies: [gen/crds/]\n    prune: true\n", 3,
     "copy 'gen/crds/' is inside output 'gen/' of the generated entry on line 6"),
    ("  - source: 'crd/*.yaml'\n    copies: [gen/]\n", 3,
     "copy 'gen/' is also output 'gen/' of the generated entry on line 5"),
    ("  - source: api/openapi.yaml\n    copies:\n      - api/x.yaml\n      - gen2/\n", 5,
     None),
], ids=["copy-in-output-folder", "prune-folder-in-output-folder", "same-folder", "apart"])
def test_link_copy_inside_a_generated_output_is_refused(make_repo, capsys, links, copy_line,
                                                        message):
    """F5: a file has one owner; a copy the generator may delete or rewrite never settles."""
    config = "links:\n" + links + entry("'true'", "[gen/]")
    make_repo({"api/openapi.yaml": SPEC, "crd/a.yaml": SPEC, ".specsync.yaml": config,
               "gen/x": "x\n"})
    code = main(["check", "--all-files"])
    err = capsys.readouterr().err
    if message is None:
        assert "is inside output" not in err
        return
    assert code == 2
    assert err == f".specsync.yaml:{copy_line}: {message}\n"


def test_a_copy_folder_may_hold_a_generated_output(make_repo, capsys):
    """F5's boundary: a pruned copy folder holding an output is one owner per file (the link
    writes only its copies; prune never takes an entry's outputs)."""
    config = ("links:\n  - source: 'crd/*.yaml'\n    copies: [chart/]\n    prune: true\n"
              + entry("'true'", "[chart/gen.yaml]"))
    make_repo({"api/openapi.yaml": SPEC, "crd/a.yaml": SPEC, "chart/a.yaml": SPEC,
               "chart/gen.yaml": "g\n", ".specsync.yaml": config})
    assert main(["lock"]) == 0
    git(Path.cwd(), "add", "-A")
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()
