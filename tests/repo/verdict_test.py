"""The remembered verdict (repo/verdict.py, repo/since.py): a check whose index changed only
where the last in-sync verdict never read answers from it; any other change is checked in
full, and the answer is always the one a fresh clone's check gives."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import specsync
from specsync.repo import cache, git, since, snapshot, verdict

from tests.conftest import MakeRepo
from tests.helpers import SPEC, STALE, write
from tests.helpers import git as run_git


@pytest.fixture(autouse=True)
def as_a_hook(isolated_git: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")  # the verdict is a hook's: by hand, check says more


def _check(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "specsync", "check", *(argv or ["--all-files"])],
                          capture_output=True, text=True, check=False)


def _rev_parse(repo: Path) -> str:
    return run_git(repo, "rev-parse", "HEAD").strip()


# -- repo.since: HEAD from the git dir's files, and what changed between two diffs ----------

def test_head_reads_loose_packed_detached_and_worktree_refs(make_repo: MakeRepo,
                                                             tmp_path: Path) -> None:
    repo = make_repo({"a": "1\n"})
    assert since.head(git.find_repo(str(repo))) is None  # unborn: no commit yet
    run_git(repo, "commit", "-qm", "one")
    assert since.head(git.find_repo(str(repo))) == _rev_parse(repo)  # loose ref
    run_git(repo, "pack-refs", "--all")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert since.head(git.find_repo(str(repo))) == _rev_parse(repo)  # packed-refs
    write(repo, {"a": "2\n"})
    run_git(repo, "commit", "-qam", "two")  # a loose ref again, newer than the packed one
    assert since.head(git.find_repo(str(repo))) == _rev_parse(repo)
    run_git(repo, "checkout", "-q", "HEAD~1")  # detached
    assert since.head(git.find_repo(str(repo))) == _rev_parse(repo)
    run_git(repo, "checkout", "-q", "main")
    other = tmp_path / "linked"
    run_git(repo, "worktree", "add", "-q", "-b", "side", str(other), "HEAD~1")
    linked = git.find_repo(str(other))
    assert linked.git_dir != str(repo / ".git")
    assert since.head(linked) == _rev_parse(other) != _rev_parse(repo)


def _diff(repo: Path, base: str) -> bytes:
    out = since.diff(git.find_repo(str(repo)), base)
    assert out is not None
    return out


def test_changes_between_two_states_of_the_index(make_repo: MakeRepo) -> None:
    repo = make_repo({"keep": "k\n", "edit": "e\n", "gone": "g\n"}, commit=True)
    base = _rev_parse(repo)
    then = _diff(repo, base)
    assert then == b""  # the index is HEAD's tree
    write(repo, {"edit": "e2\n"})
    run_git(repo, "add", "edit")
    ids = {p: snapshot.index(git.find_repo(str(repo))).object_id(p) for p in ("keep", "edit")}
    assert since.changes(then, _diff(repo, base)) == ({"edit": ids["edit"]}, False)
    edited = _diff(repo, base)
    run_git(repo, "rm", "-q", "--cached", "gone")
    changed, renamed = since.changes(edited, _diff(repo, base)) or ({}, False)
    assert sorted(changed) == ["gone"] and renamed  # a name went
    run_git(repo, "reset", "-q")
    head_edit = run_git(repo, "rev-parse", "HEAD:edit").strip()
    assert since.changes(edited, _diff(repo, base)) == ({"edit": head_edit}, False)
    write(repo, {"new": "n\n"})
    run_git(repo, "add", "-N", "new")  # intent to add: a name came
    changed, renamed = since.changes(then, _diff(repo, base)) or ({}, False)
    assert sorted(changed) == ["new"] and renamed
    intent = _diff(repo, base)
    run_git(repo, "add", "new")
    new_id = run_git(repo, "rev-parse", ":new").strip()
    assert since.changes(intent, _diff(repo, base)) == ({"new": new_id}, False)
    run_git(repo, "update-index", "--chmod=+x", "keep")
    changed, renamed = since.changes(then, _diff(repo, base)) or ({}, False)
    assert changed == {"new": new_id, "keep": ids["keep"]} and renamed


def test_a_conflict_says_nothing_exact(make_repo: MakeRepo) -> None:
    repo = make_repo({"f": "base\n"}, commit=True)
    run_git(repo, "checkout", "-q", "-b", "side")
    write(repo, {"f": "side\n"})
    run_git(repo, "commit", "-qam", "side")
    run_git(repo, "checkout", "-q", "main")
    write(repo, {"f": "main\n"})
    run_git(repo, "commit", "-qam", "main")
    subprocess.run(["git", "merge", "-q", "side"], cwd=repo, capture_output=True, check=False)
    assert since.changes(b"", _diff(repo, _rev_parse(repo))) is None


def test_touches_names_and_folders() -> None:
    looked = "\0a/b.yaml\0c.yaml\0"
    assert since.touches({"c.yaml"}, looked, ())
    assert not since.touches({"b.yaml", "a/b.yam", "x/c.yaml"}, looked, ())
    assert since.touches({"dst/x.yaml"}, looked, ("dst/",))


# -- repo.verdict: what is remembered, and when nothing is ---------------------------------

def _links() -> dict[str, str]:
    return {".specsync.yaml": "links:\n  - source: api/s.yaml\n    copies: [pkg/s.yaml]\n",
            "api/s.yaml": SPEC, "pkg/s.yaml": SPEC, "README.md": "# r\n"}


def _staged_drift(repo: Path, files: dict[str, str], copy: str) -> None:
    """Stage `files`: the verdict must not answer, and the full check reports `copy`."""
    write(repo, files)
    run_git(repo, "add", *files)
    assert not verdict.attempt(git.find_repo(str(repo))).holds
    proc = _check()
    assert proc.returncode == 1 and copy in proc.stdout, proc.stdout


def _remembered(repo: Path) -> bool:
    return (repo / ".git" / "specsync" / verdict.CACHE_NAME).exists()


def test_first_run_in_a_fresh_clone_remembers_nothing(make_repo: MakeRepo) -> None:
    """CI checks a fresh clone once: the diff that remembering takes would be spent for
    nothing. The second run here remembers; a third answers from it."""
    repo = make_repo(_links(), commit=True)
    assert _check().returncode == 0
    assert not _remembered(repo)
    assert _check().returncode == 0
    assert _remembered(repo)
    write(repo, {"README.md": "# changed\n"})
    run_git(repo, "add", "README.md")
    assert _check().returncode == 0
    write(repo, {"api/s.yaml": STALE})
    run_git(repo, "add", "api/s.yaml")
    proc = _check("api/s.yaml")
    assert proc.returncode == 1
    assert "pkg/s.yaml" in proc.stdout


def test_by_hand_and_verbose_checks_never_answer_from_it(make_repo: MakeRepo,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(_links(), commit=True)
    for _ in range(2):
        assert _check().returncode == 0
    assert _remembered(repo)
    assert "1 link, 1 copy in sync" in _check("--all-files", "-v").stdout
    monkeypatch.delenv("PRE_COMMIT")
    for var in ("CI", "TF_BUILD", "JENKINS_URL", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    write(repo, {"pkg/s.yaml": STALE})  # unstaged: a check by hand names it
    assert "pkg/s.yaml" in _check().stderr


def test_a_run_that_asked_head_remembers_nothing(make_repo: MakeRepo) -> None:
    """A go:generate cp of a source the index lacks asks HEAD whether it was removed: the
    answer is not the index's, so no verdict rests on it."""
    repo = make_repo({"go.mod": "module x\n\ngo 1.21\n", "api/s.yaml": SPEC,
                      "pkg/s.yaml": SPEC, "pkg/gen.go": (
                          "package pkg\n\n//go:generate cp ../api/s.yaml s.yaml\n"
                          "//go:generate cp ../api/gone.yaml gone.yaml\n")}, commit=True)
    for _ in range(3):
        _check()
    assert not _remembered(repo)
    found = snapshot.index(git.find_repo(str(repo)))
    assert found.outside is False  # a fresh snapshot asked nothing yet


def test_an_index_changed_during_the_run_is_not_remembered(make_repo: MakeRepo) -> None:
    repo = make_repo(_links(), commit=True)
    assert _check().returncode == 0  # a first run: the state folder now exists
    found = git.find_repo(str(repo))
    run = verdict.attempt(found)
    assert git.ran_here(found) and not run.holds
    snap = snapshot.index(found)
    snap.track()
    assert snap.same_ids(["api/s.yaml"], ["pkg/s.yaml"])
    write(repo, {"README.md": "# during\n"})
    run_git(repo, "add", "README.md")  # the index file changes under the run
    verdict.remember(snap, run)
    assert not _remembered(repo)
    verdict.remember(snap, verdict.attempt(found))
    assert _remembered(repo)


def test_every_entry_wanted_remembers_nothing(make_repo: MakeRepo) -> None:
    repo = make_repo(_links(), commit=True)
    assert _check().returncode == 0
    found = git.find_repo(str(repo))
    snap = snapshot.index(found)
    snap.track()
    assert "README.md" in snap.listing  # every entry: nothing narrower to keep
    verdict.remember(snap, verdict.attempt(found))
    assert not _remembered(repo)


def test_new_code_is_a_new_verdict(make_repo: MakeRepo) -> None:
    """The modification times of the package's modules are part of the record, also of
    those the run did not import: the config parser, which a run answered from the config
    cache never imports, decides a fresh clone's check."""
    repo = make_repo(_links(), commit=True)
    for _ in range(2):
        assert _check().returncode == 0
    found = git.find_repo(str(repo))
    assert verdict.attempt(found).holds
    record = verdict._load(found)
    assert record is not None
    module = os.path.join(os.path.dirname(specsync.__file__), "config", "parse.py")
    stat = os.stat(module)
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        cache._stamps.clear()
        assert not verdict.attempt(found).holds
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        cache._stamps.clear()


def test_another_installation_of_the_same_version_is_new_code(make_repo: MakeRepo,
                                                               tmp_path: Path) -> None:
    """A hook environment of another commit holds specsync at another folder, with the
    same version: its check must not answer from a verdict the other code reached. Here
    the other code wants `targets:` where this one reads `copies:`."""
    repo = make_repo(_links(), commit=True)
    for _ in range(2):
        assert _check().returncode == 0
    assert _remembered(repo)
    other = tmp_path / "other"
    shutil.copytree(os.path.dirname(specsync.__file__), other / "specsync",
                    ignore=shutil.ignore_patterns("__pycache__"))
    parser = other / "specsync" / "config" / "parse.py"
    stat = os.stat(parser)
    parser.write_text(parser.read_text().replace('"copies"', '"targets"'))
    os.utime(parser, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with equal times
    env = {**os.environ, "PYTHONPATH": str(other)}
    argv = [sys.executable, "-m", "specsync", "check", "--all-files"]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == 2 and ".specsync.yaml" in proc.stderr, proc.stderr
    assert _check().returncode == 0  # this installation's own code again


# -- the verdict never disagrees with a fresh clone's check: random index histories -------

SERVICE_GO = "package svc\n\n//go:generate cp ../api/b.yaml b.yaml\n"
MAKEFILE = "sync:\n\tcp crds/*.yaml chart/crds/\n"


def _world() -> dict[str, str]:
    files = {".specsync.yaml": "links:\n  - source: api/a.yaml\n    copies: [pkg/a.yaml]\n"
                               "  - source: src/*.yaml\n    copies: [dst/]\n"
                               "  - source: gen/x.go\n    copies: [other/x.go]\n",
             "gen/x.go": "package gen\n", "other/x.go": "package gen\n",
             "go.mod": "module example.com/w\n\ngo 1.21\n",
             "api/a.yaml": SPEC, "pkg/a.yaml": SPEC, "api/b.yaml": "b: 1\n", "svc/b.yaml": "b: 1\n",
             "svc/gen.go": SERVICE_GO, "Makefile": MAKEFILE,
             "README.md": "# w\n", "cmd/main.go": "package main\n\nfunc main() {}\n"}
    for i in range(3):
        files[f"src/s{i}.yaml"] = files[f"dst/s{i}.yaml"] = f"s: {i}\n"
        files[f"crds/k{i}.yaml"] = files[f"chart/crds/k{i}.yaml"] = f"kind: K{i}\n"
    return files


def _edit(rng: random.Random, repo: Path, step: int) -> str:
    """One change a developer makes and stages; returns what it was."""
    tracked = run_git(repo, "ls-files").split()
    # mostly what a day's commits hold: edits no link reads, and copies brought back in sync
    choice = rng.choices(range(17), weights=[8, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 3,
                                             1, 1, 1, 1])[0]
    text = f"edit: {step}\n"
    if choice == 0:  # an unrelated file, or a .go file with no go:generate line
        path = rng.choice(["README.md", "cmd/main.go", "notes/n.txt", "other/x.go", "gen/x.go"])
        write(repo, {path: text if not path.endswith(".go") else f"package main\n// {step}\n"})
        if rng.random() < 0.2:  # ...that now holds one
            write(repo, {path: f"package x\n//go:generate cp ../api/b.yaml b{step}.yaml\n"})
    elif choice == 1:  # a source only
        write(repo, {rng.choice(["api/a.yaml", "api/b.yaml", "src/s0.yaml", "crds/k1.yaml"]): text})
    elif choice == 2:  # a copy only
        write(repo, {rng.choice(["pkg/a.yaml", "svc/b.yaml", "dst/s1.yaml", "chart/crds/k0.yaml"]):
                     text})
    elif choice == 3:  # a source and its copy, alike
        pair = rng.choice([("api/a.yaml", "pkg/a.yaml"), ("src/s2.yaml", "dst/s2.yaml"),
                           ("crds/k2.yaml", "chart/crds/k2.yaml"), ("api/b.yaml", "svc/b.yaml")])
        write(repo, dict.fromkeys(pair, text))
    elif choice == 4:  # a new file in a globbed folder
        write(repo, {rng.choice(["src", "crds", "dst", "chart/crds"]) + f"/n{step}.yaml": text})
    elif choice == 5:  # a file removed
        victim = rng.choice(tracked)
        run_git(repo, "rm", "-q", "--cached", victim)
        return f"rm {victim}"
    elif choice == 6:  # the go:generate line or the recipe changes
        other = SERVICE_GO.replace("b.yaml b.yaml", "a.yaml b.yaml")
        write(repo, rng.choice([{"svc/gen.go": other}, {"svc/gen.go": SERVICE_GO},
                                {"Makefile": MAKEFILE},
                                {"Makefile": MAKEFILE.replace("crds/*", "crds/k1")}]))
    elif choice == 7:  # the config
        write(repo, rng.choice([{".specsync.yaml": _world()[".specsync.yaml"]},
                                {".specsync.yaml": "links:\n  - source: api/a.yaml\n"
                                                   "    copies: [pkg/a.yaml]\n"}]))
    elif choice == 8:  # a commit: HEAD moves
        run_git(repo, "commit", "-qm", f"step {step}", "--allow-empty", "--no-verify")
        return "commit"
    elif choice == 9:  # back to HEAD
        run_git(repo, "reset", "-q")
        return "reset"
    elif choice == 10:  # intent to add
        path = f"src/i{step}.yaml"
        write(repo, {path: text})
        run_git(repo, "add", "-N", path)
        return f"add -N {path}"
    elif choice == 11:  # a copy becomes executable
        run_git(repo, "update-index", "--chmod=+x", rng.choice(["pkg/a.yaml", "dst/s0.yaml",
                                                                "README.md"]))
        return "chmod"
    elif choice == 13:  # an entry becomes a symlink or a submodule, not on disk
        path = rng.choice(tracked)
        if rng.random() < 0.5:
            target = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo,
                                    input=rng.choice(["../api/a.yaml", "x"]), text=True,
                                    capture_output=True, check=True).stdout.strip()
            run_git(repo, "update-index", "--cacheinfo", f"120000,{target},{path}")
            return f"symlink {path}"
        run_git(repo, "update-index", "--cacheinfo", f"160000,{_rev_parse(repo)},{path}")
        return f"gitlink {path}"
    elif choice == 14:  # a name that differs in case only
        path = rng.choice(tracked)
        folder, _, name = path.rpartition("/")
        run_git(repo, "mv", "-f", path, f"{folder}/{name.upper()}" if folder else name.upper(),
                check=False)
        return f"case {path}"
    elif choice == 15:  # the commit the verdict is diffed against goes away
        run_git(repo, "commit", "-qm", f"amend {step}", "--amend", "--allow-empty",
                "--no-verify")
        run_git(repo, "reflog", "expire", "--expire=now", "--all")
        run_git(repo, "gc", "-q", "--prune=now")
        return "amend, gc"
    elif choice == 16:  # a copy edited, and HEAD replaced by a commit of that (git replace)
        write(repo, {rng.choice(["pkg/a.yaml", "dst/s1.yaml"]): text})
        run_git(repo, "add", "-A")
        tree = run_git(repo, "write-tree").strip()
        other = run_git(repo, "commit-tree", tree, "-m", f"replacement {step}").strip()
        run_git(repo, "replace", "-f", _rev_parse(repo), other)
        return "replace"
    else:  # everything back as it was, in sync
        for entry in repo.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        write(repo, _world())
    run_git(repo, "add", "-A")
    return f"edit {choice}"


@pytest.mark.parametrize("seed", range(4))
def test_remembered_verdicts_agree_with_a_fresh_clone(make_repo: MakeRepo, seed: int) -> None:
    rng = random.Random(seed)
    repo = make_repo(_world(), commit=True)
    state = repo / ".git" / "specsync"
    aside = repo.parent / f"aside{seed}"
    answered = checked = 0
    for step in range(40):
        what = _edit(rng, repo, step)
        found = git.find_repo(str(repo))
        holds = verdict.attempt(found).holds if state.exists() else False
        warm = _check()
        if state.exists():
            shutil.move(state, aside)
        fresh = _check()  # as in a fresh clone: no state at all
        shutil.rmtree(state, ignore_errors=True)
        if aside.exists():
            shutil.move(aside, state)
        assert warm.returncode == fresh.returncode, (step, what, warm.stdout, fresh.stdout)
        answered += holds
        checked += not holds
    assert answered >= 3 and checked >= 3, (answered, checked)  # both paths were taken


def test_a_go_file_matters_again_once_it_holds_a_go_generate_line(make_repo: MakeRepo) -> None:
    """.go files that declare nothing are remembered under discovery's mark: editing one
    costs a `git grep` of it, and a new `//go:generate` line is a new link, checked. A .go
    file a configured link names is read like any copy."""
    repo = make_repo({
        ".specsync.yaml": "links:\n  - source: gen/x.go\n    copies: [other/x.go]\n",
        "go.mod": "module x\n\ngo 1.21\n", "api/s.yaml": SPEC, "svc/s.yaml": SPEC,
        "svc/gen.go": "package svc\n\n//go:generate cp ../api/s.yaml s.yaml\n",
        "svc/plain.go": "package svc\n", "svc/old.yaml": STALE,
        "gen/x.go": "package gen\n", "other/x.go": "package gen\n"}, commit=True)
    found = git.find_repo(str(repo))
    for _ in range(2):
        assert _check().returncode == 0
    write(repo, {"svc/plain.go": "package svc\n\nfunc F() {}\n"})
    run_git(repo, "add", "svc/plain.go")
    assert verdict.attempt(found).holds
    assert _check().returncode == 0
    generating = "package svc\n\n//go:generate cp ../api/s.yaml old.yaml\n"
    _staged_drift(repo, {"svc/plain.go": generating}, "svc/old.yaml")
    run_git(repo, "reset", "-q", "svc/plain.go")
    assert verdict.attempt(found).holds
    _staged_drift(repo, {"other/x.go": "package other\n"},  # no mark, but a configured copy
                  "other/x.go")


def test_fix_answers_from_it_and_still_fixes_a_drift(make_repo: MakeRepo) -> None:
    repo = make_repo(_links(), commit=True)
    fix = [sys.executable, "-m", "specsync", "fix", "--all-files"]
    for _ in range(2):
        assert subprocess.run(fix, capture_output=True, check=False).returncode == 0
    write(repo, {"README.md": "# changed\n"})
    run_git(repo, "add", "README.md")
    assert verdict.attempt(git.find_repo(str(repo))).holds
    assert subprocess.run(fix, capture_output=True, check=False).returncode == 0
    write(repo, {"api/s.yaml": STALE})  # a new source: its copy is written
    run_git(repo, "add", "api/s.yaml")
    assert subprocess.run(fix, capture_output=True, check=False).returncode == 1
    assert (repo / "pkg" / "s.yaml").read_text() == STALE


def test_files_discovery_never_reads_leave_it_standing(make_repo: MakeRepo) -> None:
    """The search for candidates by name ending also finds files no finder reads: a
    Dockerfile (not a Makefile's name), a .go file below a nested vendor/ folder, a
    Makefile its folder's GNUmakefile shadows. Only their names matter (kept anyway): an
    edit of one is answered from the verdict. A vendored script a recipe runs is read."""
    repo = make_repo({
        ".specsync.yaml": "links:\n  - source: api/a.yaml\n    copies: [pkg/a.yaml]\n"
                          "discover: [go, make, script]\n",
        "api/a.yaml": SPEC, "pkg/a.yaml": SPEC, "api/b.yaml": "b: 1\n", "web/b.yaml": "b: 1\n",
        "docker/Dockerfile": "FROM scratch\n", "lib/vendor/x/v.go": "package x\n",
        "sub/GNUmakefile": "all:\n\ttrue\n", "sub/Makefile": "all:\n\ttrue\n",
        "Makefile": "sync:\n\tsh tools/vendor/sync.sh\n",
        "tools/vendor/sync.sh": "#!/bin/sh\ncp api/b.yaml web/b.yaml\n"}, commit=True)
    found = git.find_repo(str(repo))
    for _ in range(2):
        assert _check().returncode == 0
    for path, text in (("docker/Dockerfile", "FROM busybox\n"),
                       ("lib/vendor/x/v.go", "package x\n\n//go:generate cp a.yaml b.yaml\n"),
                       ("sub/Makefile", "all:\n\tcp ../api/a.yaml ../pkg/z.yaml\n")):
        write(repo, {path: text})
        run_git(repo, "add", path)
        assert verdict.attempt(found).holds, path
        assert _check().returncode == 0
    _staged_drift(repo, {"tools/vendor/sync.sh": "#!/bin/sh\ncp api/a.yaml web/b.yaml\n"},
                  "web/b.yaml")


def test_a_folder_counts_only_where_its_records_decided(make_repo: MakeRepo) -> None:
    """A glob mirror settled on git's records of its two folders rests on every entry below
    them; a glob whose folder also holds other files (at the top, next to a README) was
    settled pair by pair: an edit of another file there is answered from the verdict."""
    repo = make_repo({
        ".specsync.yaml": "links:\n  - source: 'a*.yaml'\n    copies: [top/]\n"
                          "  - source: src/*.yaml\n    copies: [dst/]\n"
                          "  - source: crds/*.yaml\n    copies: [chart/]\n",
        "a1.yaml": SPEC, "top/a1.yaml": SPEC, "README.md": "# r\n",
        "src/s.yaml": SPEC, "src/notes.md": "n\n", "dst/s.yaml": SPEC,
        "crds/k.yaml": SPEC, "chart/k.yaml": SPEC}, commit=True)
    found = git.find_repo(str(repo))
    for _ in range(2):
        assert _check().returncode == 0
    for path in ("README.md", "src/notes.md"):
        write(repo, {path: "# edited\n"})
        run_git(repo, "add", path)
        assert verdict.attempt(found).holds, path
        assert _check().returncode == 0
    write(repo, {"chart/k.yaml": STALE})
    run_git(repo, "add", "chart/k.yaml")
    assert not verdict.attempt(found).holds
    proc = _check()
    assert proc.returncode == 1 and "chart/k.yaml" in proc.stdout


def test_nothing_to_check_is_remembered_too(make_repo: MakeRepo) -> None:
    """No config, and discovery finds no copy (a hook installed everywhere): the verdict is
    remembered like any other, and an edit that brings a copy is checked in full."""
    repo = make_repo({"README.md": "# r\n", "Makefile": "all:\n\techo hi\n",
                      "main.go": "package main\n", "api/a.yaml": SPEC}, commit=True)
    found = git.find_repo(str(repo))
    for _ in range(2):
        assert _check().returncode == 0
    write(repo, {"README.md": "# edited\n", "main.go": "package main\n\nfunc F() {}\n"})
    run_git(repo, "add", "README.md", "main.go")
    assert verdict.attempt(found).holds
    assert _check().returncode == 0
    write(repo, {"Makefile": "all:\n\tcp api/a.yaml pkg/a.yaml\n", "pkg/a.yaml": STALE})
    run_git(repo, "add", "Makefile", "pkg/a.yaml")
    assert not verdict.attempt(found).holds
    proc = _check()
    assert proc.returncode == 1 and "pkg/a.yaml" in proc.stdout


def test_a_replaced_base_commit_hides_no_change(make_repo: MakeRepo) -> None:
    """`git replace` of the commit the remembered state is diffed against, by one whose
    tree holds the change just staged, makes the change vanish from a diff that honours
    replacements: the diff is of the commit itself."""
    repo = make_repo(_links(), commit=True)
    for _ in range(2):
        assert _check().returncode == 0
    base = _rev_parse(repo)
    write(repo, {"pkg/s.yaml": STALE})
    run_git(repo, "add", "pkg/s.yaml")
    tree = run_git(repo, "write-tree").strip()
    other = run_git(repo, "commit-tree", tree, "-m", "other").strip()
    run_git(repo, "replace", base, other)
    assert not verdict.attempt(git.find_repo(str(repo))).holds
    proc = _check()
    assert proc.returncode == 1 and "pkg/s.yaml" in proc.stdout
