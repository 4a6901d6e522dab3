"""repo.blobs: git's object id of bytes and files, and staged bytes read from disk."""
from __future__ import annotations

import builtins
import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from specsync.repo import blobs, snapshot, states
from specsync.repo.git import find_repo

from tests.conftest import MakeRepo
from tests.helpers import git
from tests.helpers import git as run_git


def test_blob_id_matches_git() -> None:
    data = b"openapi: 3.0.3\n\x00binary\n"
    want = subprocess.run(["git", "hash-object", "--stdin"], input=data, capture_output=True,
                          check=True).stdout.decode().strip()
    assert blobs.blob_id(data) == want
    header = b"blob %d\0" % len(data)
    assert blobs.blob_id(data, 64) == hashlib.sha256(header + data).hexdigest()


@pytest.mark.parametrize("name", ["sha1", "sha256"])
def test_hasher_imports_only_the_module_that_holds_it(monkeypatch: pytest.MonkeyPatch,
                                                      name: str) -> None:
    """Each module tried is an import, or a failed search of sys.path, on every run that
    hashes: the one holding the hash is tried first, and alone."""
    tried: list[str] = []
    real = builtins.__import__

    def spy(module: str, *args: object, **kwargs: object) -> object:
        tried.append(module)
        return real(module, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(blobs, "_HASHERS", {})
    monkeypatch.setattr(builtins, "__import__", spy)
    make = blobs.hasher(name)
    monkeypatch.undo()
    assert make(b"x").hexdigest() == hashlib.new(name, b"x").hexdigest()
    assert len(tried) == 1 and tried[0].startswith("_sha"), tried


def test_blob_ids_index_equals_worktree_hash(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.yaml": "a: 1\n", "dir/b c.go": "package b\n", "odd\nname": "x\n"})
    os.symlink("../a.yaml", repo / "dir" / "link.yaml")
    git(repo, "add", "-A")
    found = find_repo(str(repo))
    paths = ["a.yaml", "dir/b c.go", "odd\nname", "dir/link.yaml", "not-there"]
    staged = blobs.object_ids(snapshot.index(found), paths)
    on_disk = blobs.object_ids(states.worktree(found), paths)
    assert staged == on_disk
    assert set(staged) == {"a.yaml", "dir/b c.go", "odd\nname", "dir/link.yaml"}


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_blob_id_is_gits(tmp_path: Path, object_format: str) -> None:
    repo = tmp_path / "r"
    run_git(tmp_path, "init", "-q", f"--object-format={object_format}", str(repo))
    (repo / "f").write_bytes(b"some bytes\n")
    oid = run_git(repo, "hash-object", "f").strip()
    assert blobs.blob_id(b"some bytes\n", len(oid)) == oid


def test_staged_bytes_are_read_from_disk_only_when_they_hash_to_the_staged_id(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({"a/Makefile": "x:\n\tcp a b\n", "b/Makefile": "x:\n\tcp c d\n"})
    (repo / "b/Makefile").write_text("x:\n\tcp unstaged edit\n")
    snap = snapshot.index(find_repo(str(repo)))
    assert blobs.read_verified(snap, ["a/Makefile", "b/Makefile", "gone"]) == {
        "a/Makefile": b"x:\n\tcp a b\n", "b/Makefile": b"x:\n\tcp c d\n"}
