"""//go:generate discovery: go generate's own reading rules, and the real go toolchain."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from specsync.commands.check import main as check
from specsync.commands.fix import main as fix
from specsync.discovery import go
from specsync.discovery.model import Found

from tests.conftest import MakeRepo
from tests.helpers import COPY_A, COPY_B, SOURCE, SPEC, STALE, git, snapshot_tree

needs_go = pytest.mark.skipif(shutil.which("go") is None and not os.environ.get("CI"),
                              reason="the go toolchain is not installed (tests/run installs it)")

EMBED = """\
package {pkg}

import _ "embed"

{directive}
//go:embed openapi_spec_data.yaml
var embeddedOpenAPISpec []byte
"""

MAIN = """\
package main

import (
\t_ "embed"
\t"os"
)

//go:generate cp ../../api/openapi/data-storage-v1.yaml openapi_spec_data.yaml
//go:embed openapi_spec_data.yaml
var spec []byte

func main() { os.Stdout.Write(spec) }
"""

# the motivating repository: two packages, each embedding a copy of one spec
TWO_PACKAGES = {
    "go.mod": "module example.com/fixture\n\ngo 1.19\n",
    SOURCE: SPEC,
    "pkg/datastorage/server/middleware/embed.go": EMBED.format(
        pkg="middleware", directive='//go:generate sh -c "cp ../../../../api/openapi/'
                                    'data-storage-v1.yaml openapi_spec_data.yaml"'),
    COPY_A: SPEC,
    "pkg/audit/main.go": MAIN,
    COPY_B: STALE,
}


def found(source: str, path: str = "pkg/a/gen.go") -> Found:
    return go.find(path, source.encode())


def ops(source: str) -> list[tuple[tuple[str, ...], str]]:
    return [(o.sources, o.dest) for o in found(source).ops]


def reasons(source: str) -> list[str]:
    return [f"{u.line}: {u.reason}" for u in found(source).unknown]


SPLIT = [
    ("words", "cp a  b\tc", ["cp", "a", "b", "c"]),
    ("quoted", 'sh -c "cp a b && cp c d"', ["sh", "-c", "cp a b && cp c d"]),
    ("go-escapes", r'x "a\tb\"c\\d\x41\u00e9\101"', ["x", 'a\tb"c\\dAéA']),
    ("single-quotes-are-not-quotes", "sh -c 'cp a b'", ["sh", "-c", "'cp", "a", "b'"]),
    ("trailing-space", "cp a b  ", ["cp", "a", "b"]),
]


@pytest.mark.parametrize(("line", "words"), [c[1:] for c in SPLIT], ids=[c[0] for c in SPLIT])
def test_split_words_like_go_generate(line: str, words: list[str]) -> None:
    assert go.split_words(line) == words


@pytest.mark.parametrize("line", ['x "a"b', 'x "abc', 'x "a\\q"'])
def test_bad_quoting_is_an_error(line: str) -> None:
    with pytest.raises(go.BadDirective):
        go.split_words(line)


DIRECTIVES = [
    ("cp", "//go:generate cp ../../schema.json schema.json",
     [(("schema.json",), "pkg/a/schema.json")]),
    ("cp-f", "//go:generate cp -f ../../schema.json schema.json",
     [(("schema.json",), "pkg/a/schema.json")]),
    ("cp-into-folder", "//go:generate cp ../../schema.json schemas/",
     [(("schema.json",), "pkg/a/schemas")]),
    ("several-files", "//go:generate cp ../../a.json ../../b.json schemas/",
     [(("a.json", "b.json"), "pkg/a/schemas")]),
    ("sh-c-glob", '//go:generate sh -c "cp ../../schemas/v1/*.json schemas/"',
     [(("schemas/v1/*.json",), "pkg/a/schemas")]),
    ("sh-c-and", '//go:generate sh -c "cp ../../a b && cp ../../c d"',
     [(("a",), "pkg/a/b"), (("c",), "pkg/a/d")]),
    ("tab-after-prefix", "//go:generate\tcp ../../a b", [(("a",), "pkg/a/b")]),
    ("crlf", "//go:generate cp ../../a b\r", [(("a",), "pkg/a/b")]),
    ("gofile", "//go:generate cp ../../$GOFILE ${GOPACKAGE}.go.txt",
     [(("gen.go",), "pkg/a/a.go.txt")]),
    ("command-alias", "//go:generate -command copy cp -f\n//go:generate copy ../../a b",
     [(("a",), "pkg/a/b")]),
    ("leading-space-is-no-directive", " //go:generate cp ../../a b", []),
    ("space-in-prefix-is-no-directive", "// go:generate cp ../../a b", []),
    ("in-a-block-comment-still-counts", "/*\n//go:generate cp ../../a b\n*/",
     [(("a",), "pkg/a/b")]),
]


def test_a_file_without_package_clause_is_skipped() -> None:
    assert found("//go:generate cp ../../a b\n").ops == []


@pytest.mark.parametrize(("directive", "expected"), [c[1:] for c in DIRECTIVES],
                         ids=[c[0] for c in DIRECTIVES])
def test_directives(directive: str, expected: list[object]) -> None:
    assert ops(f"package a\n\n{directive}\n") == expected


NOT_UNDERSTOOD = [
    ("go-run", "//go:generate go run ./gen", "runs a generator program (go run)"),
    ("other-generator", "//go:generate stringer -type=Pill", "runs 'stringer', not a copy"),
    ("bare-glob", "//go:generate cp ../../schemas/v1/*.json schemas/",
     "go generate does not expand wildcards"),
    ("environment", "//go:generate cp $HOME/spec.yaml spec.yaml", "$HOME"),
    ("goroot", "//go:generate cp $GOROOT/x x", "$GOROOT"),
    ("bad-quote", '//go:generate cp "a b', "go generate fails: mismatched quoted string"),
    ("shell-variable", "//go:generate sh -c \"cp $DOLLAR{X} y\"", "shell variable"),
    ("cat-without-shell", "//go:generate cat ../../a > b", "without a shell"),
    ("sh-c-pipe", '//go:generate sh -c "cat ../../a | tr a b > c"', "'|'"),
]


@pytest.mark.parametrize(("directive", "reason"), [c[1:] for c in NOT_UNDERSTOOD],
                         ids=[c[0] for c in NOT_UNDERSTOOD])
def test_not_understood(directive: str, reason: str) -> None:
    result = found(f"package a\n\n{directive}\n")
    assert result.ops == []
    assert [u.line for u in result.unknown] == [3]
    assert reason in result.unknown[0].reason
    assert result.unknown[0].text == directive


@pytest.mark.parametrize(("path", "scanned"), [
    ("pkg/a/gen.go", True),
    ("gen.go", True),
    ("pkg/a/_gen.go", False),
    ("pkg/a/.gen.go", False),
    ("pkg/testdata/gen.go", False),
    ("vendor/x/gen.go", False),
    ("pkg/_old/gen.go", False),
    ("pkg/a/gen.go.txt", False),
])
def test_which_files_go_generate_reads(path: str, scanned: bool) -> None:
    assert go.is_candidate(path) is scanned


@pytest.mark.parametrize(("constraint", "skipped"), [
    ("ignore", True),
    ("!linux && !darwin && !windows && !freebsd", True),
    ("generate", False),
    ("go1.18 && (linux || darwin)", False) if os.uname().sysname in ("Linux", "Darwin")
    else ("go1.18", False),
    ("!ignore", False),
])
def test_build_constraints(constraint: str, skipped: bool) -> None:
    source = f"//go:build {constraint}\n\npackage a\n\n//go:generate cp ../../a b\n"
    assert (found(source).ops == []) is skipped


def test_no_config_reports_the_stale_embedded_copy(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo(TWO_PACKAGES)
    assert check(["--all-files"]) == 1
    out = capsys.readouterr().out
    assert f"{COPY_B}: out of sync with {SOURCE}" in out
    assert "declared at pkg/audit/main.go:8" in out
    assert COPY_A + ":" not in out  # in sync


def test_a_changed_directive_triggers_its_link(make_repo: MakeRepo) -> None:
    repo = make_repo(TWO_PACKAGES, commit=True)
    assert check(["README.md"]) == 0  # an unrelated file: nothing to check
    (repo / "pkg/audit/main.go").write_text(MAIN.replace("func main", "// edited\nfunc main"))
    git(repo, "add", "-A")
    assert check(["pkg/audit/main.go"]) == 1


def test_missing_copy_in_a_tracked_package_is_reported(make_repo: MakeRepo,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    files = dict(TWO_PACKAGES)
    del files[COPY_B]
    make_repo(files)
    assert check(["--all-files"]) == 1
    assert f"{COPY_B}: missing copy of {SOURCE}" in capsys.readouterr().out


def test_ignored_copy_is_not_checked(make_repo: MakeRepo) -> None:
    files = dict(TWO_PACKAGES)
    del files[COPY_B]
    make_repo({**files, ".gitignore": "openapi_spec_data.yaml\n"})
    assert check(["--all-files"]) == 0


def test_untracked_source_is_not_checked(make_repo: MakeRepo) -> None:
    make_repo({"pkg/a/gen.go": "package a\n\n//go:generate cp ../../build/out.json out.json\n",
               "pkg/a/out.json": "{}"})
    assert check(["--all-files"]) == 0


# every pattern of the issue, all drifted; the real go generate is the reference
PATTERNS = {
    "go.mod": "module example.com/fixture\n\ngo 1.19\n",
    "schema.json": '{"version": 2}\n',
    "schemas/v1/a.json": '{"a": 2}\n',
    "schemas/v1/b.json": '{"b": 2}\n',
    "api/openapi/data-storage-v1.yaml": SPEC,
    "pkg/one/gen.go": """\
package one

//go:generate cp ../../schema.json schema.json
//go:generate cp -f ../../schema.json forced.json
//go:generate cp ../../schema.json copies/
//go:generate sh -c "cp ../../schemas/v1/*.json schemas/"
//go:generate sh -c "cp ../../schema.json s1.json && cp ../../api/openapi/*-v1.yaml spec.yaml"
//go:generate -command copy cp
//go:generate copy ../../schema.json $GOPACKAGE.json
""",
    "pkg/one/schema.json": '{"version": 1}\n',
    "pkg/one/forced.json": "{}\n",
    "pkg/one/copies/keep.txt": "a tracked file makes copies/ a folder\n",
    "pkg/one/schemas/a.json": "{}\n",
    "pkg/one/s1.json": "{}\n",
    "pkg/one/spec.yaml": STALE,
    "pkg/audit/main.go": MAIN,
    "pkg/audit/openapi_spec_data.yaml": STALE,
}


def test_the_folder_form_copies_into_the_folder(make_repo: MakeRepo) -> None:
    repo = make_repo(PATTERNS)
    assert fix(["--all-files"]) == 1
    assert (repo / "pkg/one/copies/schema.json").read_text() == PATTERNS["schema.json"]
    assert (repo / "pkg/one/schemas/b.json").read_text() == PATTERNS["schemas/v1/b.json"]


def _go_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local", CGO_ENABLED="0",
               GOPATH=str(tmp / "gopath"), GOCACHE=os.environ.get("SPECSYNC_GOCACHE") or
               str(tmp / "gocache"))
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


@needs_go
@pytest.mark.parametrize("files", [TWO_PACKAGES, PATTERNS], ids=["two-packages", "patterns"])
def test_fix_writes_what_go_generate_writes(make_repo: MakeRepo, tmp_path: Path,
                                            files: dict[str, str]) -> None:
    repo = make_repo(files)
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference)
    env = _go_env(tmp_path)
    _run(["go", "generate", "./..."], reference, env)
    assert fix(["--all-files"]) == 1
    assert snapshot_tree(repo) == snapshot_tree(reference)
    git(repo, "add", "-A")
    assert fix(["--all-files"]) == 0
    assert check(["--all-files"]) == 0


@needs_go
def test_bare_glob_fails_in_go_generate_too(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({**PATTERNS, "pkg/one/gen.go": "package one\n\n"
                      "//go:generate cp ../../schemas/v1/*.json schemas/\n"})
    proc = subprocess.run(["go", "generate", "./..."], cwd=repo, env=_go_env(tmp_path),
                          capture_output=True, check=False)
    assert proc.returncode != 0
    assert b"*.json" in proc.stderr


@needs_go
def test_go_build_embeds_the_regenerated_copy(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo(TWO_PACKAGES)
    assert fix(["--all-files"]) == 1
    env = _go_env(tmp_path)
    _run(["go", "build", "-o", str(tmp_path / "audit"), "./pkg/audit"], repo, env)
    assert _run([str(tmp_path / "audit")], repo, env) == SPEC.encode()


@given(st.text(alphabet='ab/.*$"\\ \t\r\n{}-xu0cpshGOFILE&|;>', max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_directive_yields_records_never_a_traceback(text: str) -> None:
    result = go.find("pkg/a/gen.go", f"package a\n//go:generate {text}\n".encode())
    for op in result.ops:
        assert not op.dest.startswith(("../", "/"))
        assert all(not s.startswith(("../", "/")) for s in op.sources)


def _reads_every_part(path: str) -> bool:
    """`go generate ./...`'s rule, part by part: a .go file, no part starting with . or _,
    no testdata/ or vendor/ folder."""
    parts = path.split("/")
    return path.endswith(".go") and not any(
        p[:1] in (".", "_") or (p in ("testdata", "vendor") and i < len(parts) - 1)
        for i, p in enumerate(parts))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "_a", ".a", "vendor", "testdata", "xvendor", "vendorx",
                                 "a.go", "_a.go", ".a.go", "vendor.go", "a_b.go", "a.b"]),
                min_size=1, max_size=4).map("/".join))
def test_which_files_go_generate_reads_any_path(path: str) -> None:
    assert go.is_candidate(path) is _reads_every_part(path)
