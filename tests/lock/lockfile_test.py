"""specsync.lock: line format, quoting, parsing errors, digests, object ids."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from specsync.errors import InputError
from specsync.lock import lockfile
from specsync.repo import git as hgit
from specsync.repo import snapshot, states

from tests.conftest import MakeRepo
from tests.helpers import git, write


@pytest.mark.parametrize("path", [
    "plain/file.yaml",
    "with space/file name.go",
    "comma,in,name.txt",
    "per%cent.txt",
    "tab\tand\rreturn",
    "new\nline",
], ids=["plain", "spaces", "commas", "percent", "tab-cr", "newline"])
def test_quote_round_trip(path: str) -> None:
    field = lockfile.quote(path)
    assert not any(c in field for c in " \t\n\r,")
    assert lockfile.unquote(field) == path


def test_render_is_sorted_and_one_line_per_entry() -> None:
    lock = lockfile.Lock()
    for key, rest in (lockfile.generated_line("z/", "s1", "o1"),
                      lockfile.copy_line("b.yaml", "b" * 40),
                      lockfile.generated_line("a/,a2/", "s2", "o2"),
                      lockfile.copy_line("a b.yaml", "a" * 40)):
        lock.lines[key] = rest
    text = lock.render().decode()
    assert text.startswith(lockfile.HEADER)
    body = text[len(lockfile.HEADER):].splitlines()
    assert body == [
        f"copy a%20b.yaml blob={'a' * 40}",
        f"copy b.yaml blob={'b' * 40}",
        "generated a/,a2/ sources=s2 outputs=o2",
        "generated z/ sources=s1 outputs=o1",
    ]
    again = lockfile.parse(lock.render())
    assert again.lines == lock.lines
    assert again.render() == lock.render()
    assert again.generated("a/,a2/") == ("s2", "o2")
    assert again.copy("a b.yaml") == "a" * 40
    assert again.copy("missing") is None
    assert again.generated("missing/") is None


def test_generated_key_is_order_independent() -> None:
    assert lockfile.generated_key(["b/", "a/"]) == lockfile.generated_key(["a/", "b/"]) == "a/,b/"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("<<<<<<< HEAD\ngenerated a/ sources=1 outputs=2\n", 1, "has merge conflict markers"),
    ("generated a/ sources=1 outputs=2\n=======\n", 2, "has merge conflict markers"),
    ("# c\n>>>>>>> theirs\n", 2, "has merge conflict markers"),
    ("copy a.yaml\n", 1, "not a lock line"),
    ("something else entirely\n", 1, "not a lock line"),
], ids=["ours-marker", "separator", "theirs-marker", "no-value", "unknown-kind"])
def test_parse_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as e:
        lockfile.parse(text.encode())
    assert e.value.line == line
    assert e.value.render().startswith(f"specsync.lock:{line}: {message}")
    assert "specsync lock" in e.value.render()


def test_parse_skips_comments_and_blank_lines() -> None:
    lock = lockfile.parse(b"# hello\n\n  \ncopy a blob=1\n")
    assert lock.lines == {"copy a": "blob=1"}
    assert lock.where == {"copy a": 4}


def test_digest_changes_with_bytes_names_and_files() -> None:
    base = {"a.go": "1" * 40, "b.go": "2" * 40}
    assert lockfile.digest(base) == lockfile.digest(dict(reversed(base.items())))
    assert lockfile.digest(base) != lockfile.digest({**base, "b.go": "3" * 40})
    assert lockfile.digest(base) != lockfile.digest({"a.go": "1" * 40, "c.go": "2" * 40})
    assert lockfile.digest(base) != lockfile.digest({**base, "c.go": "4" * 40})
    assert lockfile.digest(base) == hashlib.sha256(
        f"{'1' * 40} a.go\n{'2' * 40} b.go\n".encode()).hexdigest()


def test_read_prefers_disk_bytes_only_when_they_are_the_staged_ones(make_repo: MakeRepo) -> None:
    staged = b"copy a blob=1\n"
    repo = make_repo({"specsync.lock": staged})
    found = hgit.find_repo(str(repo))
    lock = lockfile.read(snapshot.index(found))
    assert lock is not None
    assert lock.lines == {"copy a": "blob=1"}
    write(repo, {"specsync.lock": "copy a blob=2\n"})  # unstaged edit: the index wins
    lock = lockfile.read(snapshot.index(found))
    assert lock is not None
    assert lock.lines == {"copy a": "blob=1"}
    lock = lockfile.read(states.worktree(found))
    assert lock is not None
    assert lock.lines == {"copy a": "blob=2"}
    git(repo, "commit", "-qm", "lock")
    (repo / "specsync.lock").unlink()
    lock = lockfile.read(states.at_rev(found, "HEAD"))
    assert lock is not None
    assert lock.lines == {"copy a": "blob=1"}
    assert lockfile.read(states.worktree(found)) is None


def test_write_only_when_bytes_change_and_keeps_mode(make_repo: MakeRepo) -> None:
    repo = make_repo({})
    found = hgit.find_repo(str(repo))
    lock = lockfile.Lock({"copy a": "blob=1"})
    assert lockfile.write(found, lock) is True
    assert lockfile.write(found, lock) is False
    (repo / "specsync.lock").chmod(0o600)
    lock.lines["copy b"] = "blob=2"
    assert lockfile.write(found, lock) is True
    assert (repo / "specsync.lock").stat().st_mode & 0o777 == 0o600
    assert lockfile.parse((repo / "specsync.lock").read_bytes()).lines == lock.lines


def test_on_disk_reads_only_a_regular_lock(tmp_path: Path) -> None:
    """`lock` and `fix` read the working tree's lock: missing is None, a FIFO or a folder at
    its path is one InputError (opening a FIFO would block), never a hang or a traceback."""
    assert lockfile.on_disk(str(tmp_path)) is None
    (tmp_path / lockfile.LOCK_NAME).write_bytes(b"copy a.yaml blob=" + b"1" * 40 + b"\n")
    found = lockfile.on_disk(str(tmp_path))
    assert found is not None and found.copy("a.yaml") == "1" * 40
    (tmp_path / lockfile.LOCK_NAME).unlink()
    os.mkfifo(tmp_path / lockfile.LOCK_NAME)
    with pytest.raises(InputError, match="is not a regular file"):
        lockfile.on_disk(str(tmp_path))
