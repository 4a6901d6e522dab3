"""Guards for the in-sync path's speed that do not time anything.

What it imports and how many git processes it starts decide its cost (see
bench/ for the timings). The in-sync path may import only the modules on an
allow-list: a new import there is paid on every commit, so it must be a
deliberate choice, made here. The number of git calls does not grow with the
number of links.
"""
from __future__ import annotations

import os
import site
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeRepo
from tests.helpers import SPEC, STALE

ROOT = Path(__file__).resolve().parent.parent / "hooks"  # the source root

# Everything a warm in-sync `check` may import, beyond a bare interpreter started with -S.
# Heavy modules (ruamel, deepdiff, typing, dataclasses, subprocess, json, re, argparse,
# hashlib...) each cost milliseconds or more.
ALLOWED_CHECK = frozenset({
    # what `os` brings in under -S (`select` only when git reads input: not when settled)
    "__future__", "_collections_abc", "_stat", "genericpath", "os", "os.path", "posixpath",
    "stat",
    # specsync.lock and `lock: true`: git object ids, from the built-in hash modules
    "_sha1", "_sha2", "_sha256",
    "gc",  # built in: the collector paused for the run (cli.main)
    # specsync: the layers a settled run passes through, and no more
    "specsync", "specsync.cli", "specsync.registry", "specsync.errors", "specsync.globs",
    "specsync.repo", "specsync.repo.git", "specsync.repo.snapshot", "specsync.repo.blobs",
    "specsync.repo.cache",
    "specsync.repo.listing",  # the index listing read where asked (no per-entry objects)
    "mmap",  # an index listing of more than 1 MB (git.MAP_ABOVE) is decoded where git wrote it
    "specsync.repo.disk",  # specsync.lock is read from disk when it hashes to the staged id
    "specsync.config", "specsync.config.model",
    # glob mirrors: settled by object ids, the files below a glob's folder found by bisection
    "specsync.config.settled", "bisect", "_bisect",
    "specsync.links", "specsync.discovery", "specsync.discovery.scan",
    "specsync.discovery.candidates",  # which files may declare copies (found by name)
    "specsync.drift", "specsync.drift.compare", "specsync.drift.expected_ids",
    "specsync.lock", "specsync.lock.entries", "specsync.lock.lockfile",
    "specsync.pipeline",
    "specsync.commands", "specsync.commands.options", "specsync.commands.check",
    # the remembered verdict: the index diffed against a commit (repo/verdict.py); a run
    # that keeps one notes which candidates declare nothing (discovery.marks)
    "specsync.repo.since", "specsync.repo.verdict", "specsync.discovery.marks",
})
# A check whose remembered verdict answers the index: the verdict and the diff, no more.
ALLOWED_REMEMBERED = frozenset({
    "__future__", "_collections_abc", "_stat", "genericpath", "os", "os.path", "posixpath",
    "stat", "gc", "specsync", "specsync.cli", "specsync.registry", "specsync.errors",
    "specsync.repo", "specsync.repo.git", "specsync.repo.cache", "specsync.repo.since",
    "specsync.repo.verdict", "specsync.commands", "specsync.commands.options",
    "specsync.commands.check",
})
# A `fix` with nothing to do: the same, plus the repository lock it takes to sweep the temp
# files of a killed fix (a context manager: contextlib and what it imports).
ALLOWED_FIX = (ALLOWED_CHECK - {"specsync.commands.check"}) | {
    "_collections", "_functools", "_operator", "collections", "contextlib", "functools",
    "itertools", "keyword", "operator", "reprlib", "types",
    "specsync.commands.fix", "specsync.repo.atomic",
}
# A first run (a fresh clone, every CI run: no cache in the git dir) also reads the config:
# by hand (config.quick) for the everyday shapes, so still no ruamel, typing or re, and
# decoded by config.parse itself (specsync.documents words the errors only).
ALLOWED_COLD = ALLOWED_CHECK | ALLOWED_FIX | {
    "specsync.config.parse", "specsync.config.checker", "specsync.config.generated",
    "specsync.config.copies",  # a copy entry's keys (config.parse stays under 300 lines)
    "specsync.config.quick", "specsync.config.quick_values",
}
HEAVY = ("ruamel", "deepdiff", "typing", "dataclasses", "subprocess", "json", "re", "hashlib")

# Prints the modules that running the CLI added to those of a bare interpreter
# started with -S (no site: nothing imported that specsync did not ask for).
PROBE = """\
import sys
sys.path[:0] = [{root!r}]
sys.path += {site!r}
before = set(sys.modules)
from specsync.cli import main
code = main({argv!r})
print(code, " ".join(sorted(set(sys.modules) - before)))
"""


@pytest.fixture(autouse=True)
def as_a_hook(isolated_git: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The path guarded here is the hook's: pre-commit (and prek) set PRE_COMMIT=1, git sets
    GIT_INDEX_FILE for every pre-commit hook. By hand, check may do more (see below)."""
    monkeypatch.setenv("PRE_COMMIT", "1")


def _transformed() -> dict[str, str]:
    return {"api/s.yaml": "a: 1\nb: [x, y]\n",
            "pkg/s.json": '{\n  "a": 1,\n  "b": [\n    "x",\n    "y"\n  ]\n}\n',
            ".specsync.yaml": "links:\n  - source: api/s.yaml\n    copies:\n"
                              "      - path: pkg/s.json\n        transform: yaml-to-json\n"}


def _locked() -> dict[str, str]:
    return {"api/s.yaml": SPEC, "pkg/s.yaml": SPEC, "specsync.lock": "",
            ".specsync.yaml": "links:\n  - source: api/s.yaml\n    lock: true\n"
                              "    copies: [pkg/s.yaml]\n"}


def _links(n: int, *, discover: bool, stale: int = 0) -> dict[str, str]:
    files = {}
    config = [] if discover else ["discover: false"]
    config.append("links:")
    for i in range(n):
        source, copy = f"api/s{i}.yaml", f"pkg/s{i}/spec.yaml"
        files[source] = SPEC.replace("1.5", f"1.{i}")
        files[copy] = STALE if i < stale else files[source]
        config += [f"  - source: {source}", f"    copies: [{copy}]"]
    files[".specsync.yaml"] = "\n".join(config) + "\n"
    return files


def _imports(argv: list[str]) -> tuple[int, set[str]]:
    code = PROBE.format(root=str(ROOT), site=site.getsitepackages(), argv=argv)
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                         check=True).stdout
    rc, _, modules = out.strip().splitlines()[-1].partition(" ")  # after any report
    return int(rc), set(modules.split())


def _one_link(copy: str) -> dict[str, str]:
    """api/spec.yaml copied to svc/spec.yaml (holding `copy`) by one configured link."""
    return {"api/spec.yaml": SPEC, "svc/spec.yaml": copy, ".specsync.yaml":
            "links:\n  - source: api/spec.yaml\n    copies: [svc/spec.yaml]\n"}


def _mirror(n: int, *, prune: bool = False) -> dict[str, str]:
    """One glob link mirroring `n` files (`src/*.yaml` -> `dst/`), in sync."""
    files = {".specsync.yaml": "links:\n  - source: src/*.yaml\n    copies: [dst/]\n"
                               + ("    prune: true\n" if prune else "")}
    for i in range(n):
        files[f"src/s{i}.yaml"] = files[f"dst/s{i}.yaml"] = SPEC.replace("1.5", f"1.{i}")
    return files


def _services(n: int) -> dict[str, str]:
    """Zero config, as in a monorepo: per service a go:generate copy of its spec and a
    Makefile recipe copying its CRDs by glob, among files no recipe names."""
    files = {"go.mod": "module example.com/mono\n\ngo 1.21\n"}
    for s in range(n):
        name = f"svc{s}"
        files[f"{name}/api/openapi.yaml"] = files[f"{name}/internal/spec/openapi.yaml"] = SPEC
        files[f"{name}/internal/spec/spec.go"] = (
            "package spec\n\n//go:generate cp ../../api/openapi.yaml openapi.yaml\n")
        files[f"{name}/Makefile"] = f"sync:\n\tcp config/crds/*.yaml charts/{name}/crds/\n"
        for k in range(3):
            files[f"{name}/config/crds/k{k}.yaml"] = f"kind: K{k}\n"
            files[f"{name}/charts/{name}/crds/k{k}.yaml"] = f"kind: K{k}\n"
        for k in range(20):
            files[f"{name}/web/page{k}.html"] = f"<p>{k}</p>\n"
    return files


CASES = [
    pytest.param(["check", "--all-files"], False, id="check-all-files-plain-copies"),
    pytest.param(["check", "--all-files"], True, id="check-all-files-discovery-on"),
    pytest.param(["check", "api/s1.yaml", "pkg/s1/spec.yaml"], False, id="check-changed-files"),
    pytest.param(["check", "--all-files", "-v"], True, id="check-verbose"),
    pytest.param(["fix", "--all-files"], True, id="fix-nothing-to-do"),
    pytest.param(["fix", "api/s1.yaml"], False, id="fix-changed-files"),
]


def _settled(modules: set[str], command: str) -> None:
    extra = sorted(modules - (ALLOWED_FIX if command == "fix" else ALLOWED_CHECK))
    assert extra == [], (f"the in-sync path imported {extra}: allow them in ALLOWED_CHECK "
                         "or ALLOWED_FIX on purpose")


@pytest.mark.parametrize(("argv", "discover"), CASES)
def test_in_sync_path_imports_only_allowed_modules(
    make_repo: MakeRepo, argv: list[str], discover: bool,
) -> None:
    make_repo(_links(3, discover=discover))
    assert _imports(argv)[0] == 0  # the first run parses the config and caches it
    code, modules = _imports(argv)
    assert code == 0
    _settled(modules, argv[0])


@pytest.mark.parametrize("prune", [False, True], ids=["mirror", "mirror-pruned"])
@pytest.mark.parametrize("argv", [["check", "--all-files"], ["fix", "--all-files"]],
                         ids=["check", "fix"])
def test_glob_mirror_in_sync_stays_light(make_repo: MakeRepo, argv: list[str],
                                         prune: bool) -> None:
    """A glob link is settled by object ids: no link is built, no `re` is imported."""
    make_repo(_mirror(20, prune=prune))
    assert _imports(argv)[0] == 0
    code, modules = _imports(argv)
    assert code == 0
    assert "specsync.links" not in modules
    _settled(modules, argv[0])


@pytest.mark.parametrize("argv", [["check", "--all-files"], ["fix", "--all-files"]],
                         ids=["check", "fix"])
def test_unchanged_transformed_copy_needs_no_parser(make_repo: MakeRepo, argv: list[str]) -> None:
    """The expected-id cache settles a transformed copy: no YAML library, no json."""
    make_repo(_transformed())
    assert _imports(argv)[0] == 0  # parses the source once and remembers the copy's id
    code, modules = _imports(argv)
    assert code == 0
    _settled(modules, argv[0])


@pytest.mark.parametrize("argv", [["check", "--all-files"], ["fix", "--all-files"]],
                         ids=["check", "fix"])
def test_data_copy_in_sync_by_ignore_needs_no_parser(make_repo: MakeRepo,
                                                     argv: list[str]) -> None:
    """A copy that differs from its source only where `ignore:` points: found in sync once,
    its object id is remembered under the source's, and later runs parse nothing."""
    make_repo({"api/s.yaml": SPEC, "pkg/s.yaml": SPEC.replace('"1.5"', '"1.5-pkg"'),
               ".specsync.yaml": "links:\n  - source: api/s.yaml\n    copies:\n"
                                 "      - path: pkg/s.yaml\n        compare: data\n"
                                 "        ignore: [/info/version]\n"})
    assert _imports(argv)[0] == 0  # parses both and remembers the copy's id
    code, modules = _imports(argv)
    assert code == 0
    _settled(modules, argv[0])


@pytest.mark.parametrize("argv", [["check", "--all-files"], ["fix", "--all-files"]],
                         ids=["check", "fix"])
def test_locked_copy_in_sync_stays_light(make_repo: MakeRepo, argv: list[str]) -> None:
    """`lock: true`: the lock is read and its object id checked with the built-in hasher."""
    repo = make_repo(_locked())
    lock = subprocess.run([sys.executable, "-m", "specsync", "lock"], cwd=repo,
                          capture_output=True, text=True, check=False)
    assert lock.returncode == 0, lock.stderr
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    assert _imports(argv)[0] == 0
    code, modules = _imports(argv)
    assert code == 0
    assert "specsync.lock.lockfile" in modules  # the lock was read, not skipped
    _settled(modules, argv[0])


COLD_CASES = [
    pytest.param(["check", "--all-files"], False, id="check-plain-copies"),
    pytest.param(["check", "--all-files"], True, id="check-discovery-on"),
    pytest.param(["check", "api/s1.yaml"], False, id="check-changed-files"),
    pytest.param(["fix", "--all-files"], True, id="fix-nothing-to-do"),
]


def _everyday_config(files: dict[str, str], discover: bool) -> dict[str, str]:
    """The same links written with the layout people use: comments, flow and block lists,
    quoted paths, options."""
    kinds = "[go, make]  # both kinds" if discover else "false  # links only"
    lines = ["# copies of the API spec", f"discover: {kinds}", "links:"]
    for i in range(3):
        lines += [f"  - source: 'api/s{i}.yaml'   # canonical",
                  "    copies:", f"      - path: \"pkg/s{i}/spec.yaml\"", "        compare: bytes"]
    return {**files, ".specsync.yaml": "\n".join(lines) + "\n"}


@pytest.mark.parametrize(("argv", "discover"), COLD_CASES)
@pytest.mark.parametrize("layout", ["plain", "everyday"])
def test_first_run_reads_the_config_without_ruamel(
    make_repo: MakeRepo, argv: list[str], discover: bool, layout: str,
) -> None:
    """No `.git/specsync` yet (a fresh clone): a valid config is read without ruamel.yaml,
    and nothing of the remembered verdict is imported (a first run keeps none)."""
    files = _links(3, discover=discover)
    make_repo(_everyday_config(files, discover) if layout == "everyday" else files)
    code, modules = _imports(argv)
    assert code == 0
    extra = sorted(modules - ALLOWED_COLD)
    assert extra == [], f"the first run imported {extra}"
    assert not {"specsync.repo.verdict", "specsync.repo.since"} & modules
    # the config's sha1 object id needs `_sha1` alone (`_sha2` holds sha256, from 3.12)
    assert "_sha2" not in modules


@pytest.mark.parametrize("layout", ["plain", "everyday"])
def test_first_run_settles_plain_copies_like_a_warm_one(make_repo: MakeRepo,
                                                       layout: str) -> None:
    """The config a first run just parsed is plain copies: settled by object ids, as the
    warm run settles the cached pairs, without the settled lane or building links."""
    files = _links(3, discover=True)
    make_repo(_everyday_config(files, True) if layout == "everyday" else files)
    code, modules = _imports(["check", "--all-files"])
    assert code == 0
    assert not modules & {"specsync.config.settled", "specsync.links"}, sorted(modules)
    # nothing here may declare a copy (no .go file, Makefile or script): no scanner either
    assert "specsync.discovery.candidates" in modules
    assert "specsync.discovery.scan" not in modules


def test_first_zero_config_run_imports_nothing_heavy(make_repo: MakeRepo) -> None:
    """A fresh clone with no config: reading its go:generate lines and Makefile recipes
    (the finders, and the generator lines they meet) imports no re, typing or the like."""
    repo = make_repo(_services(3))
    assert not (repo / ".git" / "specsync").exists()
    code, modules = _imports(["check", "--all-files"])
    assert code == 0
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"the first zero-config run imported {heavy}"


# What reads a generator's arguments: imported when a line runs a generator, not to ask
# whether one does (every recipe line is asked, by the programs' names).
GENERATOR_READERS = frozenset({
    "specsync.discovery.generator_rules", "specsync.discovery.generator_args",
    "specsync.discovery.controller_gen", "specsync.discovery.protoc",
})


@pytest.mark.parametrize("recipe", ["cp api/s.yaml pkg/s.yaml",
                                    "echo protoc; cp api/s.yaml pkg/s.yaml"],
                         ids=["copy", "copy-naming-a-generator"])
def test_recipes_that_run_no_generator_import_no_generator_rules(make_repo: MakeRepo,
                                                                 recipe: str) -> None:
    make_repo({"api/s.yaml": SPEC, "pkg/s.yaml": SPEC, "Makefile": f"sync:\n\t{recipe}\n"})
    code, modules = _imports(["check", "--all-files"])
    assert code == 0
    assert "specsync.discovery.make" in modules  # the recipe was read
    assert sorted(modules & GENERATOR_READERS) == []


def test_probe_sees_heavy_imports(make_repo: MakeRepo) -> None:
    """The probe itself works: a drifted copy's report does import more."""
    make_repo(_links(3, discover=False, stale=1))
    _imports(["check", "--all-files"])
    code, modules = _imports(["check", "--all-files"])
    assert code == 1
    assert modules - ALLOWED_CHECK
    assert any(m.split(".")[0] in HEAVY for m in modules)


@pytest.fixture
def git_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that logs each call, then runs the real git."""
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                          check=True).stdout.strip()
    shim = tmp_path / "shim"
    shim.mkdir()
    log = tmp_path / "git.log"
    script = shim / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    return log


def _git_calls(log: Path, argv: list[str], expect: int) -> list[str]:
    log.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-m", "specsync", *argv], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == expect, proc.stdout + proc.stderr
    return [next(w for w in line.split(" ")[2:] if not w.startswith("-"))  # "-C DIR [-o] CMD"
            for line in log.read_text().splitlines()]


GIT_CASES = [
    pytest.param(False, 0, ["diff-index"], id="plain-copies-in-sync"),
    pytest.param(True, 0, ["diff-index"], id="discovery-on-in-sync"),
    pytest.param(False, 1, None, id="one-copy-drifted"),
]


@pytest.mark.parametrize("discover", [False, True], ids=["plain-copies", "discovery-on"])
def test_first_run_spawns_at_most_two_git_processes(
    make_repo: MakeRepo, git_log: Path, discover: bool,
) -> None:
    """A fresh clone: the index listing, and no git process to read the config (it is read
    from disk when it hashes to its staged object id)."""
    repo = make_repo(_links(10, discover=discover))
    assert not (repo / ".git" / "specsync").exists()
    calls = _git_calls(git_log, ["check", "--all-files"], 0)
    assert len(calls) <= 2 and "cat-file" not in calls, calls


@pytest.mark.parametrize(("discover", "stale", "calls"), GIT_CASES)
def test_git_calls_do_not_grow_with_links(
    make_repo: MakeRepo, git_log: Path, discover: bool, stale: int, calls: list[str] | None,
) -> None:
    expect = 1 if stale else 0
    counts = {}
    for n in (10, 100):
        make_repo(_links(n, discover=discover, stale=stale))
        _git_calls(git_log, ["check", "--all-files"], expect)  # fills the config cache
        _git_calls(git_log, ["check", "--all-files"], expect)  # remembers the verdict
        counts[n] = _git_calls(git_log, ["check", "--all-files"], expect)
    assert counts[10] == counts[100]
    if calls is not None:
        assert counts[10] == calls


@pytest.mark.parametrize(("files", "sizes", "pair"), [
    pytest.param(_mirror, (10, 200), ("src/s0.yaml", "dst/s0.yaml"), id="glob-mirror"),
    pytest.param(_services, (2, 12), ("svc0/api/openapi.yaml", "svc0/internal/spec/openapi.yaml"),
                 id="monorepo-zero-config"),
])
def test_git_calls_of_settled_shapes(make_repo: MakeRepo, git_log: Path,
                                     files: Callable[[int], dict[str, str]],
                                     sizes: tuple[int, int], pair: tuple[str, str]) -> None:
    """A warm in-sync run of a glob mirror or of a zero-config monorepo asks git for the
    staged files once, whatever the number of files or services, and for the index's diff
    against HEAD to remember its verdict; the next run asks for that diff alone. A run
    whose index changed where the verdict read lists the files again (and keeps the diff
    it just made: no third call)."""
    for n in sizes:
        repo = make_repo(files(n))
        _git_calls(git_log, ["check", "--all-files"], 0)  # fills the caches
        calls = _git_calls(git_log, ["check", "--all-files"], 0)
        assert calls == ["ls-files", "diff-index"], n
        assert _git_calls(git_log, ["check", "--all-files"], 0) == ["diff-index"], n
        for path in pair:  # a source and its copy, still in sync
            (repo / path).write_text((repo / path).read_text() + "# staged\n")
        subprocess.run(["git", "add", *pair], cwd=repo, check=True)
        assert _git_calls(git_log, ["check", "--all-files"], 0) == ["diff-index", "ls-files"]
        assert _git_calls(git_log, ["check", "--all-files"], 0) == ["diff-index"]


@pytest.mark.parametrize("files", [pytest.param(lambda: _links(20, discover=True), id="links"),
                                   pytest.param(lambda: _mirror(20), id="glob-mirror"),
                                   pytest.param(lambda: _services(3), id="monorepo")])
def test_remembered_verdict_imports_no_pipeline(
    make_repo: MakeRepo, git_log: Path, files: Callable[[], dict[str, str]],
) -> None:
    """A check whose index changed only where the remembered verdict never read (a file no
    link or discovery looked at) answers from the verdict: one `git diff-index`, and none
    of the pipeline, config, snapshot or discovery modules; a changed .go file that
    declares nothing costs one `git cat-file` more."""
    repo = make_repo({**files(), "cmd/main.go": "package main\n", "README.md": "# hi\n"})
    for _ in range(2):  # fills the caches, then remembers the verdict
        assert _imports(["check", "--all-files"])[0] == 0
    (repo / "README.md").write_text("# changed\n")
    subprocess.run(["git", "add", "README.md"], cwd=repo, check=True)
    assert _git_calls(git_log, ["check", "--all-files"], 0) == ["diff-index"]
    code, modules = _imports(["check", "--all-files"])
    assert code == 0
    assert sorted(modules - ALLOWED_REMEMBERED) == []
    (repo / "cmd" / "main.go").write_text("package main\n\nfunc main() {}\n")
    subprocess.run(["git", "add", "cmd/main.go"], cwd=repo, check=True)
    # a .go file that declares nothing: its new blob is read for a //go:generate line
    assert _git_calls(git_log, ["check", "--all-files"], 0) == ["diff-index", "cat-file"]
    code, modules = _imports(["check", "--all-files"])
    assert code == 0
    assert sorted(modules - ALLOWED_REMEMBERED) == ["select"]  # git reads its stdin


def test_by_hand_in_sync_costs_one_git_call_and_one_module(
    make_repo: MakeRepo, git_log: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run by hand (no hook manager, no git hook, no CI), check also asks which involved
    files have unstaged changes: one `git diff`, and the module that says so."""
    monkeypatch.delenv("PRE_COMMIT")
    for var in ("CI", "TF_BUILD", "JENKINS_URL"):
        monkeypatch.delenv(var, raising=False)
    make_repo(_links(10, discover=False))
    _git_calls(git_log, ["check", "--all-files"], 0)
    _git_calls(git_log, ["check", "--all-files"], 0)
    commands = [next(w for w in line.split(" ")[2:] if not w.startswith("-"))
                for line in git_log.read_text().splitlines()]
    assert commands == ["ls-files", "diff"]
    code, modules = _imports(["check", "--all-files"])
    assert code == 0
    assert sorted(modules - ALLOWED_CHECK) == ["specsync.commands.unstaged"]


def test_the_collector_pauses_only_while_object_ids_settle(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run allocates what lives until it ends (modules, the listing), so the command line
    pauses the cyclic collector; links resolved and compared (deep reports make cycles) run
    with it on, and a caller in the same process gets it back as it left it."""
    import gc

    from specsync import links, pipeline
    from specsync.cli import main

    seen: list[tuple[str, bool]] = []
    real_resolve, real_snapshot = links.resolve, pipeline.take_snapshot

    def resolve(*args: object, **kw: object) -> object:
        seen.append(("resolve", gc.isenabled()))
        return real_resolve(*args, **kw)  # type: ignore[arg-type]

    def take_snapshot(*args: object) -> object:
        seen.append(("snapshot", gc.isenabled()))
        return real_snapshot(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(links, "resolve", resolve)
    monkeypatch.setattr(pipeline, "take_snapshot", take_snapshot)
    make_repo(_one_link(STALE))
    assert gc.isenabled()
    assert main(["check", "--all-files"]) == 1
    assert seen == [("snapshot", False), ("resolve", True)] and gc.isenabled()
    gc.disable()
    try:
        assert main(["check", "--all-files"]) == 1
        assert not gc.isenabled()  # left as the caller set it
    finally:
        gc.enable()


# Runs the console script's `run` with an object whose finalizer marks the interpreter's
# teardown, after `prelude` (something left for the exit to do, or nothing).
EXIT_PROBE = """\
import builtins, os, sys
class Teardown:
    def __del__(self):
        os.write(2, b"teardown\\n")
builtins.teardown_probe = Teardown()
{prelude}
sys.argv = ["specsync", *{argv!r}]
from specsync.cli import run
raise SystemExit(run())
"""


def _console(argv: list[str], prelude: str = "") -> subprocess.CompletedProcess[bytes]:
    code = EXIT_PROBE.format(prelude=prelude, argv=argv)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)


def test_the_console_script_ends_without_the_interpreter_teardown(make_repo: MakeRepo) -> None:
    """The console script (`run`) ends the process when its command returns: no teardown
    (it freed every object and made a full collection, a tenth of a first run's CPU), the
    collector paused to the end, and the whole report delivered, as the teardown would."""
    make_repo(_links(200, discover=False, stale=200))
    fast = _console(["check", "--all-files"], "import gc\nassert gc.isenabled()")
    assert fast.returncode == 1
    assert b"teardown" not in fast.stderr
    slow = _console(["check", "--all-files"], "import atexit\natexit.register(print, 'atexit')")
    assert slow.returncode == 1
    assert b"teardown" in slow.stderr and slow.stdout.endswith(b"atexit\n")
    assert len(fast.stdout) > 65_536  # more than a pipe holds: flushed in full before the end
    assert fast.stdout + b"atexit\n" == slow.stdout and fast.stderr + b"teardown\n" == slow.stderr
    script = Path(sys.executable).parent / "specsync"
    assert "specsync.cli import run" in script.read_text()  # the entry point installed


@pytest.mark.parametrize("prelude", [
    pytest.param("import atexit\natexit.register(os.write, 2, b'atexit\\n')", id="atexit"),
    pytest.param("import threading\nthreading.Thread(target=lambda: (threading.main_thread()"
                 ".join(), os.write(2, b'thread\\n'))).start()", id="thread"),  # until the end
])
def test_the_console_script_leaves_pending_work_to_the_interpreter(
        make_repo: MakeRepo, prelude: str) -> None:
    """An atexit callback (coverage, weakref.finalize) or a running thread is left to the
    interpreter's exit, which runs it; the exit code is the command's."""
    make_repo(_one_link(STALE))
    done = _console(["check", "--all-files"], prelude)
    assert done.returncode == 1
    assert b"teardown" in done.stderr
    assert (b"atexit\n" if "atexit" in prelude else b"thread\n") in done.stderr
    assert b"svc/spec.yaml" in done.stdout


def test_a_reader_that_left_before_the_end_is_told_once(make_repo: MakeRepo) -> None:
    """`specsync check | true`: a short report still in the buffer meets the closed pipe at
    the end of the run: the one line of `cli._run`, exit 2, no exception printed at exit."""
    make_repo(_one_link(STALE))
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-c", EXIT_PROBE.format(
            prelude="", argv=["check", "--all-files"])], stdout=write, capture_output=False,
            stderr=subprocess.PIPE, check=False)
    finally:
        os.close(write)
    assert done.returncode == 2
    assert done.stderr == b"specsync: the output was closed before the report was written\n"


@pytest.mark.parametrize("closed", [1, 2], ids=["stdout", "stderr"])
def test_a_stream_closed_from_the_start_keeps_the_exit_code(make_repo: MakeRepo,
                                                            closed: int) -> None:
    """`specsync check >&-` (or `2>&-`): Python has no such stream (None); the code is the
    check's, 0 in sync, not an error at the end."""
    make_repo(_one_link(SPEC))
    done = subprocess.run([sys.executable, "-c", EXIT_PROBE.format(
        prelude="", argv=["check", "--all-files"])], capture_output=True, check=False,
        preexec_fn=lambda: os.close(closed))
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr


def test_a_profiler_writes_its_output_at_the_end(make_repo: MakeRepo, tmp_path: Path) -> None:
    """`python -m cProfile -o FILE -m specsync ...` writes FILE after the command returns:
    a profiler (or tracer) keeps the interpreter's exit."""
    make_repo(_one_link(SPEC))
    profile = tmp_path / "check.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m",
                           "specsync", "check", "--all-files"], capture_output=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0
