"""Paths: nothing is read or written outside the repository, odd names pass safely."""
from __future__ import annotations

import os
import shlex
import stat
import subprocess

import pytest
from specsync.cli import main

from tests.hardening.proc import specsync
from tests.helpers import git, read, snapshot_tree, write

SPEC = "a: 1\n"
NEW = "a: 2\n"


def link(source: str, *copies: str) -> str:
    items = "".join(f"      - {c!r}\n".replace("'", '"') for c in copies)
    return f'links:\n  - source: "{source}"\n    copies:\n{items}'


@pytest.mark.parametrize(("config", "message"), [
    pytest.param(link("../s.yaml", "c.yaml"),
                 "source '../s.yaml' is outside the repository", id="dotdot-source"),
    pytest.param(link("s.yaml", "a/../../c.yaml"),
                 "copy 'a/../../c.yaml' is outside the repository", id="dotdot-copy"),
    pytest.param(link("s.yaml", "/tmp/c.yaml"), "copy '/tmp/c.yaml' is absolute; paths are "
                 "relative to the repository root", id="absolute-copy"),
    pytest.param(link("/etc/passwd", "c.yaml"), "source '/etc/passwd' is absolute; paths are "
                 "relative to the repository root", id="absolute-source"),
    pytest.param(link("s.yaml", ".git/hooks/pre-commit"),
                 "copy '.git/hooks/pre-commit' is inside a .git folder", id="into-dot-git"),
    pytest.param(link("s.yaml", "sub/.GIT/config"),
                 "copy 'sub/.GIT/config' is inside a .git folder", id="into-dot-git-any-case"),
])
def test_config_paths_outside_are_refused(make_repo, capsys, config, message):
    repo = make_repo({".specsync.yaml": config, "s.yaml": SPEC})
    before = snapshot_tree(repo)
    assert main(["fix"]) == 2
    err = capsys.readouterr().err.strip()
    line = 2 if "source" in message else 4
    assert err == f".specsync.yaml:{line}: {message}", err
    assert snapshot_tree(repo) == before


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "c.yaml").write_text("SECRET\n")
    return folder


@pytest.mark.parametrize("copy", ["out/c.yaml", "out/new.yaml"], ids=["existing", "new"])
def test_copy_folder_symlinked_outside_is_not_written(make_repo, capsys, outside, copy):
    repo = make_repo({".specsync.yaml": link("s.yaml", copy), "s.yaml": SPEC})
    os.symlink(outside, repo / "out")
    assert main(["fix"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{copy}: ") and out.endswith("(not written)\n" if "c.yaml" in copy
                                                       else "; not written\n"), out
    assert (outside / "c.yaml").read_text() == "SECRET\n"
    assert os.listdir(outside) == ["c.yaml"]


@pytest.mark.parametrize("copy", ["g/config", "g/new"], ids=["existing", "new"])
def test_copy_folder_symlinked_into_git_dir_is_not_written(make_repo, capsys, copy):
    repo = make_repo({".specsync.yaml": link("s.yaml", copy), "s.yaml": SPEC})
    os.symlink(".git", repo / "g")
    before = {*os.listdir(repo / ".git"), "specsync"}  # specsync's own lock and cache
    config = read(repo, ".git/config")
    assert main(["fix"]) == 1
    assert "not written" in capsys.readouterr().out
    assert read(repo, ".git/config") == config
    assert set(os.listdir(repo / ".git")) == before


@pytest.mark.parametrize("copy", ["out/c.yaml", "g/config"], ids=["outside", "git-dir"])
def test_worktree_check_reads_nothing_through_symlinked_folders(make_repo, capsys, outside,
                                                                copy):
    """A pull request cannot make CI print a file from outside the work tree."""
    repo = make_repo({".specsync.yaml": link("s.yaml", copy), "s.yaml": SPEC})
    os.symlink(outside, repo / "out")
    os.symlink(".git", repo / "g")
    assert main(["check", "--worktree"]) == 2  # git lists the link: a file, not a folder
    assert f"is inside '{copy[0:-len(copy.split('/')[-1]) - 1]}', which is a symlink" in (
        capsys.readouterr().err)
    write(repo, {".gitignore": "out\ng\n"})  # ignored links are not listed by git
    assert main(["check", "--worktree"]) == 1
    out = capsys.readouterr().out
    assert f"{copy}: missing copy of s.yaml" in out
    assert "SECRET" not in out
    assert "[core]" not in out


def test_worktree_check_reads_a_symlinked_copy_as_its_target_name(make_repo, capsys, outside):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC})
    os.symlink(outside / "c.yaml", repo / "c.yaml")
    assert main(["check", "--worktree", "--diff"]) == 1
    out = capsys.readouterr().out
    assert "SECRET" not in out
    assert f"-{outside / 'c.yaml'}" in out  # what git would store for the link
    assert main(["fix", "--worktree"]) == 1  # an untracked link is the user's: kept
    assert capsys.readouterr().out == ("c.yaml: an untracked symlink is in the way; move it or "
                                       "add it, then run fix again (not written)\n")
    assert os.readlink(repo / "c.yaml") == str(outside / "c.yaml")  # not written through
    assert (outside / "c.yaml").read_text() == "SECRET\n"


def test_staged_symlink_copy_is_replaced_not_written_through(make_repo, capsys, outside):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC})
    os.symlink(outside / "c.yaml", repo / "c.yaml")
    git(repo, "add", "c.yaml")
    assert main(["fix", "--force"]) == 1
    assert read(repo, "c.yaml") == SPEC.encode()
    assert (outside / "c.yaml").read_text() == "SECRET\n"


def test_worktree_dangling_symlink_source(make_repo, capsys):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC,
                      "c.yaml": SPEC}, commit=True)
    os.unlink(repo / "s.yaml")
    os.symlink("/nonexistent/spec.yaml", repo / "s.yaml")
    # cp would follow it and fail: one line, not the link text taken for the spec (issue 12 D5)
    assert main(["check", "--worktree", "--diff"]) == 2
    assert capsys.readouterr().err == (
        ".specsync.yaml:2: source 's.yaml' is a symlink to '/nonexistent/spec.yaml', which is "
        "outside the repository; name the file itself as the source\n")


def test_tracked_folder_at_the_copy_path(make_repo, capsys):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC,
                      "c.yaml/inner.txt": "x"})
    before = snapshot_tree(repo)
    assert main(["fix"]) == 2
    assert "copy 'c.yaml' is a folder" in capsys.readouterr().err
    assert snapshot_tree(repo) == before


def test_untracked_folder_at_the_copy_path(make_repo, capsys):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC})
    write(repo, {"c.yaml/mine.txt": "keep"})
    assert main(["fix"]) == 1
    assert "c.yaml: is a folder in the working tree; not written" in capsys.readouterr().out
    assert read(repo, "c.yaml/mine.txt") == b"keep"


@pytest.mark.parametrize(("config", "clash"), [
    pytest.param(link("s.yaml", "Copy.yaml", "copy.yaml"), "'Copy.yaml'", id="two-copies"),
    pytest.param(link("Spec.yaml", "spec.yaml"), "'Spec.yaml'", id="copy-and-source"),
])
def test_case_only_collisions_are_refused(make_repo, capsys, config, clash):
    repo = make_repo({".specsync.yaml": config, "s.yaml": SPEC, "Spec.yaml": SPEC})
    assert main(["fix"]) == 2
    err = capsys.readouterr().err
    assert f"differs only in case from {clash}" in err
    assert not (repo / "copy.yaml").exists()
    assert not (repo / "spec.yaml").exists()


ODD_NAMES = [
    pytest.param("my spec.yaml", "copies/my copy.yaml", id="spaces"),
    pytest.param("spéc/ünïcode ✓.yaml", "cöpy/日本.yaml", id="unicode"),
    pytest.param("-rf.yaml", "-c.yaml", id="leading-dash"),
    pytest.param("--all-files", "--force", id="named-like-options"),
    pytest.param("s.yaml", "-/--/c.yaml", id="dash-folders"),
]


@pytest.mark.parametrize(("source", "copy"), ODD_NAMES)
def test_odd_names_as_pre_commit_passes_them(make_repo, capsys, source, copy):
    """pre-commit appends file names with no `--`: they stay file names."""
    repo = make_repo({".specsync.yaml": link(source, copy), source: SPEC, copy: SPEC},
                     commit=True)
    write(repo, {source: NEW})
    git(repo, "add", "--", source)
    assert main(["check", source]) == 1
    assert f"{copy}: out of sync with {source}" in capsys.readouterr().out
    assert main(["fix", source]) == 1
    dashes = "-- " if copy.startswith("-") else ""
    assert capsys.readouterr().out == (f"Fixing {copy} (from {source})\n"
                                       f"stage: git add {dashes}{shlex.quote(copy)}\n")
    assert read(repo, copy) == NEW.encode()
    git(repo, "add", "--", copy)
    assert main(["check", source, copy]) == 0


def test_a_file_named_force_does_not_force(make_repo, capsys):
    """A stranger's pull request adding `--force` must not discard a hand edit."""
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC,
                      "c.yaml": SPEC, "--force": "x"}, commit=True)
    write(repo, {"c.yaml": "edited by hand\n", "--force": "y"})
    git(repo, "add", "c.yaml", "--force")
    assert main(["fix", "c.yaml", "--force"]) == 1
    assert "c.yaml: was edited directly" in capsys.readouterr().out
    assert read(repo, "c.yaml") == b"edited by hand\n"


def test_names_with_newlines_through_a_folder_copy(make_repo, capsys):
    config = 'links:\n  - source: "specs/*.yaml"\n    copies: ["out/"]\n'
    repo = make_repo({".specsync.yaml": config, "specs/a\nb.yaml": SPEC,
                      "specs/tab\there.yaml": NEW})
    assert main(["fix"]) == 1
    assert read(repo, "out/a\nb.yaml") == SPEC.encode()
    assert read(repo, "out/tab\there.yaml") == NEW.encode()
    git(repo, "add", "out")
    assert main(["check"]) == 0


@pytest.fixture
def submodule(tmp_path):
    sub = tmp_path / "upstream"
    sub.mkdir()
    git(sub, "init", "-q")
    write(sub, {"x.yaml": SPEC})
    git(sub, "add", "-A")
    git(sub, "commit", "-qm", "sub")
    return sub


def _add_submodule(repo, upstream):
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(upstream), "sub")


@pytest.mark.parametrize(("config", "message"), [
    pytest.param(link("s.yaml", "sub/c.yaml"), "is inside 'sub', which is a submodule",
                 id="copy-inside"),
    pytest.param(link("s.yaml", "sub"), "copy 'sub' is a submodule", id="copy-is"),
    pytest.param(link("sub", "c.yaml"), "source 'sub' is a submodule", id="source-is"),
])
def test_submodule_paths(make_repo, capsys, submodule, config, message):
    repo = make_repo({".specsync.yaml": config, "s.yaml": SPEC})
    _add_submodule(repo, submodule)
    before = snapshot_tree(repo)
    assert main(["fix"]) == 2
    assert message in capsys.readouterr().err
    assert main(["fix", "--worktree"]) in (1, 2)  # refused as a folder, or a problem
    assert snapshot_tree(repo) == before


def test_inside_a_submodule_checkout(make_repo, capsys, submodule):
    repo = make_repo({"s.yaml": SPEC})
    _add_submodule(repo, submodule)
    inner = repo / "sub"
    write(inner, {".specsync.yaml": link("x.yaml", "c.yaml")})
    git(inner, "add", "-A")
    os.chdir(inner)
    assert main(["fix"]) == 1
    assert read(inner, "c.yaml") == SPEC.encode()
    assert not (repo / "c.yaml").exists()


def test_sparse_checkout_copy_absent_from_disk(make_repo, capsys):
    repo = make_repo({".specsync.yaml": link("s.yaml", "far/c.yaml"), "s.yaml": SPEC,
                      "far/c.yaml": SPEC, "near/x": "x"}, commit=True)
    git(repo, "sparse-checkout", "set", "--cone", "near")
    assert not (repo / "far").exists()
    assert main(["check"]) == 0  # read from the index, not the disk
    write(repo, {"s.yaml": NEW})
    git(repo, "add", "s.yaml")
    assert main(["check"]) == 1
    assert main(["fix"]) == 1
    assert read(repo, "far/c.yaml") == NEW.encode()
    git(repo, "add", "--sparse", "far/c.yaml")
    assert main(["check"]) == 0


def test_linked_worktree(make_repo, capsys, tmp_path):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC,
                      "c.yaml": SPEC}, commit=True)
    other = tmp_path / "linked worktree"
    git(repo, "worktree", "add", "-q", "-b", "linked", str(other))
    write(other, {"s.yaml": NEW})
    git(other, "add", "s.yaml")
    os.chdir(other)
    assert main(["fix"]) == 1
    assert read(other, "c.yaml") == NEW.encode()
    assert read(repo, "c.yaml") == SPEC.encode()
    git(other, "add", "c.yaml")
    assert main(["check"]) == 0


def test_repo_path_with_spaces_and_unicode(make_repo, capsys):
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC},
                     name="my repö with spaces")
    assert main(["fix"]) == 1
    git(repo, "add", "c.yaml")
    assert main(["check"]) == 0
    proc = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True, check=True)
    assert proc.stdout == "A  .specsync.yaml\nA  c.yaml\nA  s.yaml\n"


def test_fifo_at_a_copy_path_never_blocks(make_repo):
    """Opening a named pipe waits for a writer forever; specsync never opens one."""
    repo = make_repo({".specsync.yaml": link("s.yaml", "c.yaml"), "s.yaml": SPEC})
    os.mkfifo(repo / "c.yaml")
    run = specsync(repo, "check", "--worktree")
    assert (run.code, run.err) == (2, "c.yaml: cannot be read: not a regular file\n")
    run = specsync(repo, "fix")  # an untracked FIFO is the user's, like any file (issue 12 C3)
    assert (run.code, run.out) == (1, "c.yaml: an untracked special file is in the way; move it "
                                      "or add it, then run fix again (not written)\n")
    assert stat.S_ISFIFO(os.lstat(repo / "c.yaml").st_mode)


def test_fifo_at_the_lock_path_never_blocks(make_repo):
    config = "links:\n  - source: s.yaml\n    copies: [c.yaml]\n    lock: true\n"
    repo = make_repo({".specsync.yaml": config, "s.yaml": SPEC, "c.yaml": SPEC})
    assert specsync(repo, "fix").out == "Updating specsync.lock\nstage: git add specsync.lock\n"
    git(repo, "add", "specsync.lock")
    os.unlink(repo / "specsync.lock")
    os.mkfifo(repo / "specsync.lock")
    assert specsync(repo, "check").code == 0  # the staged lock is read instead


def test_file_names_that_are_not_utf8(make_repo):
    """A glob can match any bytes git stores; they are printed as bytes, never a traceback."""
    config = 'links:\n  - source: "specs/*.yaml"\n    copies: ["out/"]\n'
    repo = make_repo({".specsync.yaml": config})
    (repo / "specs").mkdir()
    with open(os.path.join(os.fsencode(repo), b"specs", b"\xff.yaml"), "wb") as f:
        f.write(SPEC.encode())
    git(repo, "add", "specs")
    strict = {"PYTHONIOENCODING": "utf-8:strict"}  # what a UTF-8 locale gives a pipe
    run = specsync(repo, "check", env=strict)
    assert (run.code, run.err) == (1, "")
    assert run.out.startswith("out/\ufffd.yaml: missing copy of specs/\ufffd.yaml [missing]\n")
    run = specsync(repo, "fix", env=strict)
    assert (run.code, run.out) == (1, "Creating out/\ufffd.yaml (from specs/\ufffd.yaml)\n"
                                      "stage: git add 'out/\ufffd.yaml'\n")
    assert os.listdir(os.path.join(os.fsencode(repo), b"out")) == [b"\xff.yaml"]
    git(repo, "add", "out")
    assert specsync(repo, "check", env=strict).code == 0


@pytest.mark.parametrize("name", ["x.go", "Makefile"])
@pytest.mark.parametrize("mode", [[], ["--worktree"]], ids=["staged", "worktree"])
def test_committed_symlink_to_dev_zero_is_not_read(make_repo, name, mode):
    """A pull request can commit `x.go -> /dev/zero`; discovery must not read through it."""
    repo = make_repo({"spec.yaml": SPEC, "pkg/a.go": "package a\n"})
    os.symlink("/dev/zero", repo / name)
    git(repo, "add", name)
    run = specsync(repo, "check", *mode)
    assert (run.code, run.err) == (0, "")
