"""repo.cache: one marshal file per name, valid only for its key, best effort both ways."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from specsync.repo import cache
from specsync.repo.git import STATE_FOLDER, state_path


def test_a_value_is_returned_only_for_its_key(tmp_path: Path) -> None:
    cache.store(str(tmp_path), "x.cache", "key-1", {"a": (1, "b")})
    assert cache.load(str(tmp_path), "x.cache", "key-1") == {"a": (1, "b")}
    assert cache.load(str(tmp_path), "x.cache", "key-2") is None
    assert cache.load(str(tmp_path), "other.cache", "key-1") is None


def test_a_file_rewritten_by_another_process_is_read_again(tmp_path: Path) -> None:
    cache.store(str(tmp_path), "x.cache", "k", 1)
    assert cache.load(str(tmp_path), "x.cache", "k") == 1
    path = state_path(str(tmp_path), "x.cache")
    import marshal

    later = time.time_ns() + 10**9
    Path(path).write_bytes(marshal.dumps(("k", 22)))
    os.utime(path, ns=(later, later))
    assert cache.load(str(tmp_path), "x.cache", "k") == 22


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\xe9not marshal"],
                         ids=["empty", "garbage", "not-marshal"])
def test_a_damaged_file_is_a_miss(tmp_path: Path, content: bytes) -> None:
    path = Path(state_path(str(tmp_path), "x.cache"))
    path.parent.mkdir()
    path.write_bytes(content)
    assert cache.load(str(tmp_path), "x.cache", "k") is None


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / STATE_FOLDER).write_text("a file where the folder should be")
    cache.store(str(tmp_path), "x.cache", "k", 1)  # no exception
    assert cache.load(str(tmp_path), "x.cache", "k") is None


def test_a_value_marshal_cannot_write_is_not_stored(tmp_path: Path) -> None:
    cache.store(str(tmp_path), "x.cache", "k", object())
    assert cache.load(str(tmp_path), "x.cache", "k") is None
    assert not (tmp_path / STATE_FOLDER).exists()  # no temp file left, nothing written


def test_code_stamp_changes_with_the_code(tmp_path: Path) -> None:
    code = tmp_path / "m.py"
    code.write_text("x = 1\n")
    before = cache.code_stamp([str(code)])
    os.utime(code, ns=(time.time_ns() + 10**9,) * 2)
    assert cache.code_stamp([str(code)]) == before  # worked out once per run
    cache._stamps.clear()  # the next run
    assert cache.code_stamp([str(code)]) != before
    assert cache.code_stamp([str(tmp_path / "missing.py")]).endswith(":-")
