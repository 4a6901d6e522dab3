"""expected_ids: the remembered object ids that settle unchanged transformed copies."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from specsync.config.model import CopySpec
from specsync.drift.expected_ids import MAX_ENTRIES, ExpectedIds, key
from specsync.repo import git
from specsync.repo.blobs import blob_id

from tests.conftest import MakeRepo
from tests.helpers import git as run_git

CONFIG = """\
links:
  - source: api/openapi.yaml
    copies:
      - {path: web/openapi.json, transform: yaml-to-json}
      - {path: pkg/spec.yaml, header: "# generated from {source}"}
"""
FILES = {
    ".specsync.yaml": CONFIG,
    "api/openapi.yaml": "openapi: 3.0.3\ninfo: {title: t}\n",
    "web/openapi.json": '{\n  "openapi": "3.0.3",\n  "info": {\n    "title": "t"\n  }\n}\n',
    "pkg/spec.yaml": "# generated from api/openapi.yaml\nopenapi: 3.0.3\ninfo: {title: t}\n",
}
PROBE = ("import sys; from specsync import cli; rc = cli.main(['check', '--all-files']); "
         "print(rc, 'ruamel.yaml' in sys.modules)")


def probe(repo: Path) -> str:
    return subprocess.run([sys.executable, "-c", PROBE], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.splitlines()[-1]


def test_unchanged_transformed_copies_need_no_yaml_library(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    assert probe(repo) == "0 True"    # computed once, remembered
    assert probe(repo) == "0 False"   # settled by object ids
    (repo / "api/openapi.yaml").write_text("openapi: 3.1.0\ninfo: {title: t}\n")
    run_git(repo, "add", "-A")
    assert probe(repo) == "1 True"    # a new source id is never settled from memory


def test_a_broken_cache_is_ignored(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    cache = repo / ".git" / "specsync" / "expected.cache"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not marshal data")
    assert probe(repo) == "0 True"
    assert probe(repo) == "0 False"


def test_key_covers_every_setting() -> None:
    spec = CopySpec("c.yaml", 1, header="# from {source}")
    keys = {
        key(spec, "a.yaml", "1" * 40),
        key(spec, "b.yaml", "1" * 40),
        key(spec, "a.yaml", "2" * 40),
        key(CopySpec("c.yaml", 1, header="# by {source}"), "a.yaml", "1" * 40),
        key(CopySpec("c.yaml", 1, select="/a"), "a.yaml", "1" * 40),
        key(CopySpec("c.yaml", 1, select="/a", indent=4), "a.yaml", "1" * 40),
        key(CopySpec("c.json", 1, transform="yaml-to-json"), "a.yaml", "1" * 40),
    }
    assert len(keys) == 7


def test_cache_keeps_the_newest_entries(make_repo: MakeRepo) -> None:
    make_repo({})
    repo = git.find_repo()
    ids = ExpectedIds(repo)
    spec = CopySpec("c.yaml", 1, header="#")
    for i in range(MAX_ENTRIES + 10):
        ids.put(key(spec, f"s{i}.yaml", "0" * 40), b"x")
    ids.save()
    again = ExpectedIds(repo)
    assert len(again.ids) == MAX_ENTRIES
    assert again.get(key(spec, f"s{MAX_ENTRIES + 9}.yaml", "0" * 40)) == blob_id(b"x", 40)
    assert again.get(key(spec, "s0.yaml", "0" * 40)) is None
