"""What is on disk at a copy's path and git does not have is the user's (issue 12: D1, D3,
C3), and fix can write every name `cp` can (C2).

One rule for every flag and snapshot: an untracked thing at a copy's path (a file, a
symlink dangling or not, a FIFO) is never replaced; `--force` only discards edits of
tracked copies (edited directly, unstaged changes), and unstaged edits are protected in
`--worktree` mode exactly as in the index mode.
"""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest
from specsync.cli import main

from tests.hardening.proc import specsync
from tests.helpers import git, read, snapshot_tree, write

SPEC = 'openapi: 3.0.3\ninfo:\n  version: "1.0"\n'
NEW = 'openapi: 3.0.3\ninfo:\n  version: "1.1"\n'
TWO = "links:\n  - source: api/openapi.yaml\n    copies: [pkg/b.yaml, pkg/a.yaml]\n"
IN_THE_WAY = "pkg/a.yaml: an untracked {} is in the way; move it or add it, then run fix again " \
             "(not written)"
UNSTAGED = ("pkg/b.yaml: has unstaged changes; stage or stash them first, or use --force "
            "(not written)")
FLAGS = [[], ["--force"], ["--worktree"], ["--worktree", "--force"]]
FLAG_IDS = ["index", "force", "worktree", "worktree-force"]


def two_copies(make_repo):
    """`pkg/b.yaml` in sync and committed; `pkg/a.yaml` never added."""
    return make_repo({".specsync.yaml": TWO, "api/openapi.yaml": SPEC, "pkg/b.yaml": SPEC},
                     commit=True)


def lstat_view(path) -> tuple[int, bytes | str | None]:
    """What a path is, without following it: its type and its bytes or link text."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return stat.S_IFMT(st.st_mode), os.readlink(path)
    if stat.S_ISREG(st.st_mode):
        return stat.S_IFMT(st.st_mode), path.read_bytes()
    return stat.S_IFMT(st.st_mode), None


def test_force_never_replaces_an_untracked_file_at_a_missing_copy(make_repo, capsys):
    # D1: check suggests --force for the edited copy; --force must discard that edit only
    repo = two_copies(make_repo)
    write(repo, {"pkg/a.yaml": "my precious draft\n", "pkg/b.yaml": SPEC + "# local tweak\n"})
    git(repo, "add", "pkg/b.yaml")
    assert main(["check", "pkg/b.yaml"]) == 1
    assert "--force" in capsys.readouterr().out
    assert main(["fix", "--force"]) == 1
    out = capsys.readouterr().out
    assert IN_THE_WAY.format("file") in out.splitlines()
    assert "Creating pkg/a.yaml" not in out
    assert read(repo, "pkg/a.yaml") == b"my precious draft\n"
    assert read(repo, "pkg/b.yaml") == SPEC.encode()  # the edit the hint named is discarded


def _dangling(repo):
    os.symlink("../nowhere/draft.yaml", repo / "pkg/a.yaml")


def _to_folder(repo):
    (repo / "somewhere").mkdir()
    (repo / "somewhere/keep").write_text("keep\n")
    os.symlink("../somewhere", repo / "pkg/a.yaml")


def _to_file(repo):
    os.symlink("b.yaml", repo / "pkg/a.yaml")  # even to a file holding the expected bytes


def _fifo(repo):
    os.mkfifo(repo / "pkg/a.yaml")


def _regular(repo):
    write(repo, {"pkg/a.yaml": "draft\n"})


THINGS = [pytest.param(_regular, "file", id="file"),
          pytest.param(_dangling, "symlink", id="dangling-symlink"),
          pytest.param(_to_folder, "symlink", id="symlink-to-folder"),
          pytest.param(_to_file, "symlink", id="symlink-to-file"),
          pytest.param(_fifo, "special file", id="fifo")]


@pytest.mark.parametrize("flags", FLAGS, ids=FLAG_IDS)
@pytest.mark.parametrize(("make", "noun"), THINGS)
def test_nothing_untracked_at_a_copy_path_is_replaced(make_repo, make, noun, flags):
    # C3 (judged with lstat, not stat) and D1/D3 (whatever the flags and the snapshot)
    repo = two_copies(make_repo)
    make(repo)
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "api/openapi.yaml")
    before = lstat_view(repo / "pkg/a.yaml")
    run = specsync(repo, "fix", *flags)  # a process of its own: a FIFO opened would hang it
    assert lstat_view(repo / "pkg/a.yaml") == before
    if noun == "special file" and "--worktree" in flags:  # the snapshot cannot read it
        assert (run.code, run.err) == (2, "pkg/a.yaml: cannot be read: not a regular file\n")
        return
    assert run.code == 1, run
    assert IN_THE_WAY.format(noun) in run.out.splitlines(), run
    assert "Creating pkg/a.yaml" not in run.out
    assert lstat_view(repo / "pkg/a.yaml") == before
    assert read(repo, "pkg/b.yaml") == NEW.encode()  # the other copy is still fixed
    assert "Traceback" not in run.err


def test_worktree_fix_keeps_unstaged_edits_and_untracked_files(make_repo, capsys):
    # D3: the command check --worktree prints must not lose work either
    repo = two_copies(make_repo)
    write(repo, {"api/openapi.yaml": NEW,  # the source changed on disk, not staged
                 "pkg/b.yaml": SPEC + "# unstaged work, nobody has it anywhere else\n",
                 "pkg/a.yaml": "untracked draft\n"})
    assert main(["check", "--worktree"]) == 1
    assert capsys.readouterr().out.endswith(" fix --worktree\n")  # fix: <specsync> fix ...
    before = snapshot_tree(repo)
    assert main(["fix", "--worktree"]) == 1
    assert sorted(capsys.readouterr().out.splitlines()) == [IN_THE_WAY.format("file"), UNSTAGED]
    assert snapshot_tree(repo) == before
    # --force discards what the hint names (the tracked copy's edit), never the draft
    assert main(["fix", "--worktree", "--force"]) == 1
    assert sorted(capsys.readouterr().out.splitlines()) == [
        "Fixing pkg/b.yaml (from api/openapi.yaml)", IN_THE_WAY.format("file")]
    assert read(repo, "pkg/b.yaml") == NEW.encode()
    assert read(repo, "pkg/a.yaml") == b"untracked draft\n"


def test_unstaged_edits_get_the_same_answer_in_both_modes(make_repo, capsys):
    repo = two_copies(make_repo)
    write(repo, {"pkg/a.yaml": SPEC})
    git(repo, "add", "pkg/a.yaml")
    git(repo, "commit", "-qm", "both copies")
    write(repo, {"api/openapi.yaml": NEW, "pkg/b.yaml": SPEC + "# mine\n"})
    git(repo, "add", "api/openapi.yaml")
    answers = []
    for flags in ([], ["--worktree"]):
        assert main(["fix", *flags]) == 1
        answers.append(sorted(line for line in capsys.readouterr().out.splitlines()
                              if not line.startswith("stage: ")))  # the index mode's hint
        git(repo, "checkout", "-q", "--", "pkg/a.yaml")  # undo the write to the clean copy
    assert answers[0] == answers[1] == ["Fixing pkg/a.yaml (from api/openapi.yaml)", UNSTAGED]
    assert read(repo, "pkg/b.yaml") == (SPEC + "# mine\n").encode()


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_worktree_fix_sees_edits_git_hides(make_repo, capsys, flag):
    repo = two_copies(make_repo)
    git(repo, "update-index", flag, "pkg/b.yaml")
    write(repo, {"api/openapi.yaml": NEW, "pkg/b.yaml": SPEC + "# hidden from git status\n",
                 "pkg/a.yaml": NEW})
    assert main(["fix", "--worktree"]) == 1
    assert capsys.readouterr().out.splitlines() == [UNSTAGED]
    assert read(repo, "pkg/b.yaml") == (SPEC + "# hidden from git status\n").encode()


PRUNE = "links:\n  - source: crd/*.yaml\n    copies: [chart/]\n    prune: true\n"


@pytest.mark.parametrize("flags", [[], ["--worktree"]], ids=["index", "worktree"])
def test_prune_never_deletes_a_link_put_in_place_of_a_tracked_extra(make_repo, capsys, flags):
    repo = make_repo({".specsync.yaml": PRUNE, "crd/a.yaml": SPEC, "chart/a.yaml": SPEC,
                      "crd/old.yaml": SPEC, "chart/old.yaml": SPEC}, commit=True)
    git(repo, "rm", "-q", "crd/old.yaml")
    (repo / "chart/old.yaml").unlink()
    os.symlink("a.yaml", repo / "chart/old.yaml")  # an unstaged change of type
    assert main(["fix", *flags]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "chart/old.yaml: has unstaged changes; stage or stash them first, or use --force "
        "(not deleted)"]
    assert os.readlink(repo / "chart/old.yaml") == "a.yaml"


# C2: copy names as long as the file system allows; temp names do not grow with them
LONG = ["c" * 245 + ".yaml", "d" * 250 + ".yaml"]  # 250 and 255 bytes


@pytest.mark.parametrize("name", LONG, ids=["250-bytes", "255-bytes"])
def test_fix_writes_copy_names_of_any_length_cp_can(make_repo, capsys, name):
    config = f"links:\n  - source: api/openapi.yaml\n    copies: [pkg/{name}]\n"
    repo = make_repo({".specsync.yaml": config, "api/openapi.yaml": SPEC, "pkg/keep": ""},
                     commit=True)
    assert main(["fix"]) == 1
    assert capsys.readouterr().out.startswith(f"Creating pkg/{name} (from api/openapi.yaml)\n")
    assert read(repo, f"pkg/{name}") == SPEC.encode()
    git(repo, "add", "pkg")
    assert main(["check"]) == 0


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


def test_a_killed_fix_of_a_long_name_is_cleaned_up(make_repo):
    name = LONG[1]
    config = f"links:\n  - source: api/openapi.yaml\n    copies: [pkg/{name}]\n"
    repo = make_repo({".specsync.yaml": config, "api/openapi.yaml": SPEC,
                      f"pkg/{name}": "old\n"}, commit=True)
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "api/openapi.yaml")
    proc = subprocess.run([sys.executable, "-c", KILL_BEFORE_RENAME], cwd=repo,
                          capture_output=True, check=False)
    assert proc.returncode == -signal.SIGKILL
    [tmp] = [n for n in os.listdir(repo / "pkg") if n != name]
    assert name not in tmp and len(tmp) < 40  # a fixed-length name of its own
    assert read(repo, f"pkg/{tmp}") == NEW.encode()
    run = specsync(repo, "fix")
    assert run.code == 1
    assert run.out.startswith(f"Fixing pkg/{name} (from api/openapi.yaml)\n")
    assert os.listdir(repo / "pkg") == [name]
    assert read(repo, f"pkg/{name}") == NEW.encode()
