"""What a copy holds is what `cp` of the checked-out source gives (issue 12, rule 3).

Git's stored form is not the file's content: a symlink's blob is its target's name, an
intent-to-add entry holds the empty blob, filters and encodings change bytes on the way
in and out. Each test drives real git (and the real go toolchain where a go:generate `cp`
is the reference).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from specsync.cli import main

from tests.helpers import git, read, write

SPEC = "openapi: 3.0.3\ninfo:\n  title: t\n  version: \"1.0\"\n"
NEW = SPEC.replace("1.0", "2.0")
CONFIG = "links:\n  - source: api/openapi.yaml\n    copies: [pkg/spec.yaml]\n"
EMBED = """package x

import _ "embed"

//go:generate cp ../../api/openapi.yaml openapi_spec_data.yaml
//go:embed openapi_spec_data.yaml
var Spec []byte
"""
needs_go = pytest.mark.skipif(shutil.which("go") is None and not os.environ.get("CI"),
                              reason="the go toolchain is not installed (tests/run installs it)")


def _go_generate(repo: Path, tmp: Path) -> None:
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               CGO_ENABLED="0", GOPATH=str(tmp / "gopath"),
               GOCACHE=os.environ.get("SPECSYNC_GOCACHE") or str(tmp / "gocache"))
    proc = subprocess.run(["go", "generate", "./..."], cwd=repo, env=env, capture_output=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr.decode()


# D5: a symlinked source is followed the way cp follows it
@needs_go
def test_symlinked_source_is_copied_as_go_generate_cp_copies_it(make_repo, tmp_path, capsys):
    repo = make_repo({"api/v2/openapi.yaml": SPEC, "go.mod": "module example.com/m\n\ngo 1.19\n",
                      "pkg/x/embed.go": EMBED})
    os.symlink("v2/openapi.yaml", repo / "api/openapi.yaml")
    _go_generate(repo, tmp_path)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    assert git(repo, "ls-files", "-s", "api/openapi.yaml").startswith("120000")
    assert main(["check", "--all-files"]) == 0  # the copy go generate made is in sync
    write(repo, {"api/v2/openapi.yaml": NEW})
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 1
    capsys.readouterr()
    assert main(["fix", "--all-files"]) == 1
    assert read(repo, "pkg/x/openapi_spec_data.yaml") == NEW.encode()
    _go_generate(repo, tmp_path)  # go generate writes exactly what fix wrote
    assert read(repo, "pkg/x/openapi_spec_data.yaml") == NEW.encode()
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


@pytest.mark.parametrize(("target", "why"), [
    ("../../outside.yaml", "to '../../outside.yaml', which is outside the repository"),
    ("v3/openapi.yaml", "to 'api/v3/openapi.yaml', which is not a tracked file in the staged "
                        "files"),
    ("openapi.yaml", "in a loop of symlinks"),
], ids=["leaves-the-repo", "dangling", "loop"])
def test_symlinked_source_that_cp_cannot_follow_here_is_one_line(make_repo, capsys, target, why):
    repo = make_repo({".specsync.yaml": CONFIG, "pkg/spec.yaml": SPEC, "api/README": "api\n"})
    os.symlink(target, repo / "api/openapi.yaml")
    git(repo, "add", "-A")
    for command in ("check", "fix"):
        assert main([command]) == 2
        assert capsys.readouterr().err == (
            f".specsync.yaml:2: source 'api/openapi.yaml' is a symlink {why}; name the file "
            "itself as the source\n")
    assert read(repo, "pkg/spec.yaml") == SPEC.encode()


# X4: a copy must be a regular file; a symlink in the index is drift whatever it points at
def test_symlinked_copy_is_drift_even_when_its_target_is_in_sync(make_repo, tmp_path, capsys):
    origin = make_repo({".specsync.yaml": CONFIG, "api/openapi.yaml": SPEC})
    (origin / "pkg").mkdir()
    os.symlink("../api/openapi.yaml", origin / "pkg/spec.yaml")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "init")
    assert main(["check", "--all-files"]) == 1
    assert ("pkg/spec.yaml: is a symlink in the index; git rm --cached it and add the file"
            in capsys.readouterr().out)
    clone = tmp_path / "clone"  # where symlinks are off (Windows, some CI caches)
    subprocess.run(["git", "clone", "-q", "-c", "core.symlinks=false", str(origin), str(clone)],
                   check=True)
    os.chdir(clone)
    assert read(clone, "pkg/spec.yaml") == b"../api/openapi.yaml"  # the placeholder file
    write(clone, {"api/openapi.yaml": NEW})
    git(clone, "add", "api/openapi.yaml")
    assert main(["fix"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "Fixing pkg/spec.yaml (from api/openapi.yaml); it is a symlink in the index, stage it "
        "as a file: git rm -q --cached pkg/spec.yaml && git add pkg/spec.yaml")
    assert read(clone, "pkg/spec.yaml") == NEW.encode()
    git(clone, "add", "pkg/spec.yaml")  # keeps mode 120000 here: still drift
    assert git(clone, "ls-files", "-s", "pkg/spec.yaml").startswith("120000")
    assert main(["check"]) == 1
    capsys.readouterr()
    main(["fix"])  # its exit code for "stage it" is S2's (fix exits 1 while a stage is due)
    assert "already written as a file, but it is a symlink in the index" in capsys.readouterr().out
    git(clone, "rm", "-q", "--cached", "pkg/spec.yaml")
    git(clone, "add", "pkg/spec.yaml")
    assert git(clone, "ls-files", "-s", "pkg/spec.yaml").startswith("100644")
    assert main(["check"]) == 0


# D7: an intent-to-add source holds the empty blob's id, not its content
def test_intent_to_add_source_is_not_staged(make_repo, capsys):
    repo = make_repo({".specsync.yaml": CONFIG, "pkg/spec.yaml": SPEC})
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "-N", "api/openapi.yaml")
    for command in ("check", "fix"):
        assert main([command]) == 2
        assert capsys.readouterr().err == (
            ".specsync.yaml:2: source 'api/openapi.yaml' is not staged (only marked with git "
            "add -N); stage it first: git add api/openapi.yaml\n")
    assert read(repo, "pkg/spec.yaml") == SPEC.encode()
    git(repo, "add", "api/openapi.yaml")
    assert main(["fix"]) == 1
    assert read(repo, "pkg/spec.yaml") == NEW.encode()


def test_a_really_empty_source_is_still_copied(make_repo):
    repo = make_repo({".specsync.yaml": CONFIG, "api/openapi.yaml": "", "pkg/spec.yaml": SPEC})
    assert main(["fix"]) == 1
    assert read(repo, "pkg/spec.yaml") == b""
    git(repo, "add", "pkg/spec.yaml")
    assert main(["check"]) == 0


# D6: checkout conversions. A copy is compared in git's clean form for its path and
# written in its checkout form, as `cp` of the checked-out source and `git add` make it.
CLEAN = """#!/bin/sh
f=$(mktemp); cat > "$f"
if head -c 8 "$f" | grep -q '^pointer '; then cat "$f"; else
  h=$(sha256sum "$f" | cut -c1-64); cp "$f" "{store}/$h"; echo "pointer sha256:$h"; fi
rm -f "$f"
"""
SMUDGE = """#!/bin/sh
f=$(mktemp); cat > "$f"
if head -c 8 "$f" | grep -q '^pointer '; then cat "{store}/$(cut -d: -f2 "$f")"; else cat "$f"; fi
rm -f "$f"
"""


def _fake_lfs(repo: Path, tmp: Path) -> None:
    """An LFS-style filter: the index holds a pointer, the working tree the content."""
    store = tmp / "store"
    store.mkdir(exist_ok=True)
    for name, text in (("clean", CLEAN), ("smudge", SMUDGE)):
        script = tmp / name
        script.write_text(text.replace("{store}", str(store)))
        script.chmod(0o755)
        git(repo, "config", f"filter.fakelfs.{name}", str(script))
    git(repo, "config", "filter.fakelfs.required", "true")


@pytest.mark.parametrize("attributes", ["*.yaml filter=fakelfs\n.specsync.yaml -filter\n",
                                        "api/* filter=fakelfs\n"],
                         ids=["filter-on-both", "filter-on-the-source"])
def test_filtered_files_are_copied_as_checked_out(make_repo, tmp_path, capsys, attributes):
    repo = make_repo({})
    _fake_lfs(repo, tmp_path)
    write(repo, {".gitattributes": attributes, ".specsync.yaml": CONFIG,
                 "api/openapi.yaml": SPEC, "pkg/spec.yaml": SPEC})  # pkg/spec.yaml: cp made it
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    assert git(repo, "cat-file", "-p", ":api/openapi.yaml").startswith("pointer ")
    assert main(["check", "--all-files"]) == 0
    assert main(["check", "--all-files", "--worktree"]) == 0
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "api/openapi.yaml")
    assert main(["fix"]) == 1
    assert read(repo, "pkg/spec.yaml") == NEW.encode()  # the content, never the pointer
    git(repo, "add", "pkg/spec.yaml")
    assert main(["check", "--all-files"]) == 0
    assert main(["check", "--all-files", "--worktree"]) == 0
    assert git(repo, "diff", "--name-only") == ""  # git sees the disk as staged


def test_working_tree_encoding_of_the_copy_is_written(make_repo, capsys):
    repo = make_repo({".gitattributes": "pkg/spec.yaml working-tree-encoding=UTF-16LE-BOM\n",
                      ".specsync.yaml": CONFIG, "api/openapi.yaml": SPEC,
                      "pkg/spec.yaml": b"\xff\xfe" + SPEC.encode("utf-16-le")}, commit=True)
    assert git(repo, "cat-file", "-p", ":pkg/spec.yaml") == SPEC  # stored as UTF-8
    assert main(["check"]) == 0
    write(repo, {"api/openapi.yaml": NEW})
    git(repo, "add", "api/openapi.yaml")
    assert main(["fix"]) == 1
    assert read(repo, "pkg/spec.yaml") == b"\xff\xfe" + NEW.encode("utf-16-le")
    git(repo, "add", "pkg/spec.yaml")  # git could not encode the UTF-8 fix used to write
    assert main(["check"]) == 0
    assert main(["check", "--worktree"]) == 0


# X12: eol=crlf on the copy: its checkout holds CRLF, git stores LF
def test_crlf_checkout_of_the_copy_is_in_sync_in_the_working_tree(make_repo, tmp_path, capsys):
    origin = make_repo({".gitattributes": "pkg/spec.yaml text eol=crlf\n",
                        ".specsync.yaml": CONFIG, "api/openapi.yaml": SPEC,
                        "pkg/spec.yaml": SPEC}, commit=True)
    clone = tmp_path / "fresh"  # CI: a fresh checkout, then check --worktree
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    os.chdir(clone)
    assert read(clone, "pkg/spec.yaml") == SPEC.replace("\n", "\r\n").encode()
    assert main(["check"]) == 0
    assert main(["check", "--worktree"]) == 0
    write(clone, {"api/openapi.yaml": NEW})
    assert main(["check", "--worktree"]) == 1
    assert main(["fix", "--worktree"]) == 1
    assert read(clone, "pkg/spec.yaml") == NEW.replace("\n", "\r\n").encode()
    assert main(["check", "--worktree"]) == 0
    git(clone, "add", "-A")
    assert git(clone, "cat-file", "-p", ":pkg/spec.yaml") == NEW
    assert main(["check"]) == 0


# F1: a source committed with CRLF before `* text=auto`
def test_legacy_crlf_source_under_text_auto_converges(make_repo, capsys):
    crlf = SPEC.replace("\n", "\r\n")
    repo = make_repo({".specsync.yaml": CONFIG, "api/openapi.yaml": crlf}, commit=True)
    write(repo, {".gitattributes": "* text=auto\n"})
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-qm", "text=auto")
    assert git(repo, "ls-files", "--eol", "api/openapi.yaml").startswith("i/crlf")
    assert main(["check"]) == 1
    assert main(["fix"]) == 1
    git(repo, "add", "pkg/spec.yaml")  # git add normalises it to LF
    assert git(repo, "cat-file", "-p", ":pkg/spec.yaml") == SPEC
    assert main(["check"]) == 0
    capsys.readouterr()
    assert main(["fix"]) == 0
    assert capsys.readouterr().out == ""
    assert git(repo, "status", "--porcelain") == "A  pkg/spec.yaml\n"  # nothing unstaged


def test_a_conversion_that_never_round_trips_is_one_line(make_repo, capsys):
    repo = make_repo({".gitattributes": "pkg/* filter=grow\n", ".specsync.yaml": CONFIG,
                      "api/openapi.yaml": SPEC})
    git(repo, "config", "filter.grow.clean", "sed 's/^/>/'")  # git add changes it every time
    git(repo, "config", "filter.grow.smudge", "cat")
    assert main(["fix"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "pkg/spec.yaml: git add would not store what fix writes (the checkout conversions of "
        "pkg/spec.yaml do not round-trip); renormalise the source with git add --renormalize "
        "api/openapi.yaml, or set compare: text (not written)")
    assert not (repo / "pkg/spec.yaml").exists()
