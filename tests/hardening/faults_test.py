"""Faults during fix: read-only folders, a full disk, a kill before the rename, two
fixes at once. A copy always holds its old bytes or its new bytes, never part of a
file, and no temp file outlives the next run."""
from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.hardening.proc import SPECSYNC, specsync
from tests.helpers import git, read, snapshot_tree, write

CONFIG = "links:\n  - source: s.yaml\n    copies:\n      - {copy}\n      - ok/c.yaml\n"
TMP_MARK = ".specsync-tmp-"


def temps(repo) -> list[str]:
    return sorted(name for name in snapshot_tree(repo) if TMP_MARK in name)


def _mount(args: list[str]) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@pytest.fixture
def mounts():
    done: list[str] = []
    yield done
    for path in reversed(done):
        subprocess.run(["umount", path], capture_output=True, check=False)


def make_read_only(folder, mounts) -> None:
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    # root ignores file modes: a read-only bind mount is what stops it
    if not (_mount(["--bind", str(folder), str(folder)])
            and (mounts.append(str(folder)) or True)
            and _mount(["-o", "remount,bind,ro", str(folder)])):
        pytest.skip("needs mount privileges to make a folder read-only as root")


def test_read_only_copy_folder(make_repo, mounts):
    repo = make_repo({".specsync.yaml": CONFIG.format(copy="ro/c.yaml"), "s.yaml": "new\n",
                      "ro/c.yaml": "old\n", "ok/c.yaml": "old\n"}, commit=True)
    make_read_only(repo / "ro", mounts)
    run = specsync(repo, "fix")
    assert run.code == 2
    assert run.out.splitlines() == ["Fixing ok/c.yaml (from s.yaml)", run.out.splitlines()[1],
                                    "stage: git add ok/c.yaml"]
    assert run.out.splitlines()[1].startswith("ro/c.yaml: could not write: ")
    assert read(repo, "ro/c.yaml") == b"old\n"
    assert read(repo, "ok/c.yaml") == b"new\n"  # one failure does not stop the others
    assert temps(repo) == []


BIG = b"key: " + b"v" * 300_000 + b"\n"


def _no_space_tmpfs(folder, mounts):
    if not _mount(["-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]):
        pytest.skip("needs mount privileges for a tiny tmpfs")
    mounts.append(str(folder))


def _no_space_rlimit(folder, mounts):
    def limit() -> None:  # writes past 64 KiB fail with EFBIG instead of killing
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))

    return limit


@pytest.mark.parametrize("full", [_no_space_tmpfs, _no_space_rlimit],
                         ids=["tmpfs-64k", "rlimit-fsize"])
def test_disk_full(make_repo, mounts, full):
    repo = make_repo({".specsync.yaml": CONFIG.format(copy="full/c.yaml"), "s.yaml": BIG,
                      "ok/c.yaml": BIG})
    (repo / "full").mkdir()
    preexec = full(repo / "full", mounts)
    write(repo, {"full/c.yaml": "old\n"})
    git(repo, "add", "full/c.yaml")
    run = specsync(repo, "fix", preexec=preexec)
    assert run.code == 2, run
    assert run.out.startswith("full/c.yaml: could not write: ")
    assert "Traceback" not in run.err
    assert read(repo, "full/c.yaml") == b"old\n"
    assert temps(repo) == []


KILL_BEFORE_RENAME = textwrap.dedent("""\
    import os, signal, sys
    real = os.replace
    def replace(src, dst):
        if ".specsync-tmp-" in os.fspath(src):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst)
    os.replace = replace
    from specsync.cli import main
    sys.exit(main(["fix"]))
""")


def _killed_fix(repo) -> None:
    proc = subprocess.run([sys.executable, "-c", KILL_BEFORE_RENAME], cwd=repo,
                          capture_output=True, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert read(repo, "c/copy.yaml") == b"old\n"  # the rename never happened
    [tmp] = temps(repo)  # the window was hit: a complete temp file, not yet renamed
    assert read(repo, tmp) == b"new\n"


@pytest.fixture
def killed(make_repo):
    config = "links:\n  - source: s.yaml\n    copies: [c/copy.yaml]\n"
    repo = make_repo({".specsync.yaml": config, "s.yaml": "new\n", "c/copy.yaml": "old\n"},
                     commit=True)
    _killed_fix(repo)
    return repo


def test_killed_before_rename_then_check_writes_nothing(killed):
    before = snapshot_tree(killed)
    assert specsync(killed, "check").code == 1
    assert snapshot_tree(killed) == before


def test_killed_before_rename_next_fix_cleans_up(killed):
    run = specsync(killed, "fix")
    assert (run.code, run.out) == (1, "Fixing c/copy.yaml (from s.yaml)\n"
                                      "stage: git add c/copy.yaml\n")
    assert read(killed, "c/copy.yaml") == b"new\n"
    assert temps(killed) == []


def test_killed_before_rename_next_fix_with_nothing_to_do_cleans_up(killed):
    write(killed, {"s.yaml": "old\n"})  # the source went back: nothing drifts any more
    git(killed, "add", "s.yaml")
    assert specsync(killed, "fix").code == 0
    assert temps(killed) == []
    assert read(killed, "c/copy.yaml") == b"old\n"


def test_sigkill_at_random_moments_never_shows_half_a_copy(make_repo):
    old, new = b"o" * 20_000_000 + b"\n", b"n" * 20_000_000 + b"\n"
    config = "links:\n  - source: s.yaml\n    copies: [c/copy.yaml]\n"
    repo = make_repo({".specsync.yaml": config, "s.yaml": new, "c/copy.yaml": old},
                     commit=True)
    rng = random.Random(5)
    for _ in range(6):
        write(repo, {"c/copy.yaml": old})
        proc = subprocess.Popen([SPECSYNC, "fix"], cwd=repo, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.kill()
        proc.wait()
        assert read(repo, "c/copy.yaml") in (old, new)
    assert specsync(repo, "fix").code in (0, 1)
    assert read(repo, "c/copy.yaml") == new
    assert temps(repo) == []


def test_two_fixes_at_once_equal_one_fix(make_repo, tmp_path):
    copies = [f"c{i}/copy.yaml" for i in range(8)]
    config = "links:\n  - source: s.yaml\n    copies: [" + ", ".join(copies) + "]\n"
    files = {".specsync.yaml": config, "s.yaml": b"x" * 2_000_000 + b"\n",
             **{c: "old\n" for c in copies}}
    alone = make_repo(files, commit=True, name="alone")
    assert specsync(alone, "fix").code == 1
    expected = snapshot_tree(alone)
    repo = make_repo(files, commit=True, name="together")
    for _ in range(3):
        git(repo, "checkout", "--", ".")
        procs = [subprocess.Popen([SPECSYNC, "fix"], cwd=repo, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        codes = sorted(p.wait(timeout=60) for p in procs)
        for p in procs:
            assert b"Traceback" not in p.stderr.read()  # type: ignore[union-attr]
            p.stdout.close()  # type: ignore[union-attr]
            p.stderr.close()  # type: ignore[union-attr]
        assert codes in ([0, 1], [1, 1])  # the later one finds them written, or writes too
        assert snapshot_tree(repo) == expected
        assert temps(repo) == []


def test_read_only_git_dir(make_repo, mounts):
    """A read-only checkout's git dir: no lock or journal can be written, copies still are."""
    repo = make_repo({".specsync.yaml": CONFIG.format(copy="c.yaml"), "s.yaml": "new\n",
                      "c.yaml": "old\n", "ok/c.yaml": "old\n"}, commit=True)
    make_read_only(repo / ".git", mounts)
    assert specsync(repo, "check").code == 1
    run = specsync(repo, "fix")
    assert (run.code, run.err) == (1, "")
    assert read(repo, "c.yaml") == b"new\n"
    assert read(repo, "ok/c.yaml") == b"new\n"
