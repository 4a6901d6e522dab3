"""Generator lines as proposed `generated:` entries: the argument rules of ogen,
oapi-codegen, controller-gen, mockgen and protoc, what the snapshot settles, and the
real mockgen and protoc as the reference for the outputs they name."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from specsync.cli import main
from specsync.discovery import generators

from tests.conftest import MakeRepo
from tests.helpers import git

GO_MOD = "module example.com/fx\n\ngo 1.19\n"
SPEC = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
OGEN = ("//go:generate go run github.com/ogen-go/ogen/cmd/ogen@v1.20.1 --target . --clean "
        "--package api ../../../api/openapi/data-storage-v1.yaml\n")
KUBEBUILDER = """\
LOCALBIN ?= $(shell pwd)/bin
CONTROLLER_GEN ?= $(LOCALBIN)/controller-gen

.PHONY: manifests
manifests: controller-gen
\t$(CONTROLLER_GEN) rbac:roleName=manager-role crd webhook paths="./..." \\
\t\toutput:crd:artifacts:config=config/crd/bases

generate:
\t$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./..."
"""
GO_FILES = {"api/v1/types.go": "package v1\n", "internal/c/c.go": "package c\n"}


def go(pkg: str, *lines: str) -> str:
    return f"package {pkg}\n\n" + "".join(f"//go:generate {line}\n" for line in lines)


def discover(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["discover", "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


Expected = tuple[str, list[str], list[str], str]  # tool, sources, outputs, command
CASES: dict[str, tuple[dict[str, str], Expected | str]] = {
    "ogen-go-run-pinned": ({
        "api/openapi/data-storage-v1.yaml": SPEC,
        "pkg/datastorage/ogen-client/generate.go": "package api\n\n" + OGEN,
    }, ("ogen", ["api/openapi/data-storage-v1.yaml"],
        ["pkg/datastorage/ogen-client/oas_*_gen*.go"],
        "go generate ./pkg/datastorage/ogen-client")),
    "ogen-binary-single-dash-config": ({
        "spec.yaml": SPEC, "pkg/x/.ogen.yml": "generator: {}\n",
        "pkg/x/gen.go": go("x", "ogen -target client -package client ../../spec.yaml"),
    }, ("ogen", ["spec.yaml", "pkg/x/.ogen.yml"], ["pkg/x/client/oas_*_gen*.go"],
        "go generate ./pkg/x")),
    "ogen-default-target-go-mod-pins": ({
        "go.mod": GO_MOD, "spec.yaml": SPEC,
        "gen.go": go("x", "go run github.com/ogen-go/ogen/cmd/ogen spec.yaml"),
    }, ("ogen", ["spec.yaml", "go.mod"], ["api/oas_*_gen*.go"], "go generate .")),
    "ogen-follows-ref": ({
        "api/spec.yaml": SPEC + "components:\n  schemas:\n    Pet: {$ref: 'schemas/pet.yaml'}\n",
        "api/schemas/pet.yaml": "type: object\n",
        "pkg/gen.go": go("pkg", "ogen --target out ../api/spec.yaml"),
    }, ("ogen", ["api/spec.yaml", "api/schemas/pet.yaml"], ["pkg/out/oas_*_gen*.go"],
        "go generate ./pkg")),
    "ogen-remote-ref": ({
        "spec.yaml": SPEC + "x:\n  $ref: 'https://example.invalid/a.yaml'\n",
        "gen.go": go("x", "ogen --target out spec.yaml"),
    }, "spec.yaml refers to https://example.invalid/a.yaml ($ref), which is no tracked file"),
    "ogen-untracked-spec": ({
        "pkg/gen.go": go("pkg", "ogen --target out ../build/spec.yaml"),
    }, "its input 'build/spec.yaml' is no tracked file"),
    "ogen-unknown-flag": ({
        "spec.yaml": SPEC, "gen.go": go("x", "ogen --cpuprofile cpu.out spec.yaml"),
    }, "it uses the flag '--cpuprofile', which specsync does not model"),
    "oapi-codegen-o": ({
        "spec.yaml": SPEC,
        "pkg/api/gen.go": go("api", "oapi-codegen -generate types -package api -o api.gen.go "
                                    "../../spec.yaml"),
    }, ("oapi-codegen", ["spec.yaml"], ["pkg/api/api.gen.go"], "go generate ./pkg/api")),
    "oapi-codegen-config-output-wins": ({
        "spec.yaml": SPEC,
        "pkg/api/cfg.yaml": "package: api\ngenerate:\n  models: true\noutput: types.gen.go\n",
        "pkg/api/gen.go": go("api", "oapi-codegen --config cfg.yaml -o other.go ../../spec.yaml"),
    }, ("oapi-codegen", ["spec.yaml", "pkg/api/cfg.yaml"], ["pkg/api/types.gen.go"],
        "go generate ./pkg/api")),
    "oapi-codegen-config-user-templates": ({
        "spec.yaml": SPEC,
        "cfg.yaml": "output: a.go\noutput-options:\n  user-templates: {x.tmpl: t}\n",
        "gen.go": go("x", "oapi-codegen -config cfg.yaml spec.yaml"),
    }, "its config cfg.yaml names user templates"),
    "oapi-codegen-stdout": ({
        "spec.yaml": SPEC, "gen.go": go("x", "oapi-codegen -generate types spec.yaml"),
    }, "without -o (or a config's output:) it prints the code"),
    "controller-gen-kubebuilder": ({
        "Makefile": KUBEBUILDER, **GO_FILES, "config/crd/bases/a.yaml": "kind: CRD\n",
        ".github/x.yml": "a: 1\n", "pkg/testdata/a.yaml": "a: 1\n",  # no .go: go's rules
    }, ("controller-gen", ["**/*.go"],
        ["config/rbac/role.yaml", "config/crd/bases/", "config/webhook/manifests.yaml"],
        "make manifests")),
    "controller-gen-subfolder-dir-rule": ({
        "op/Makefile": "rbac:\n\tcontroller-gen rbac:roleName=r paths=./controllers/... "
                       "output:rbac:dir=deploy/rbac\n",
        "op/controllers/c.go": "package controllers\n",
    }, ("controller-gen", ["op/controllers/**/*.go"], ["op/deploy/rbac/role.yaml"],
        "make -C op rbac")),
    "controller-gen-object": ({
        "Makefile": KUBEBUILDER, **GO_FILES, "config/crd/bases/a.yaml": "kind: CRD\n",
        "go.mod": GO_MOD,
    }, "object writes zz_generated.deepcopy.go beside the Go files it reads"),
    "controller-gen-vendor": ({
        "Makefile": "crds:\n\tcontroller-gen crd paths=./... output:crd:dir=crds\n",
        **GO_FILES, "vendor/x/x.go": "package x\n",
    }, "vendor/x/x.go lies where go's ./... does not look, and the glob **/*.go would read it"),
    "controller-gen-dot-folder-go": ({
        "Makefile": "crds:\n\tcontroller-gen crd paths=./... output:crd:dir=crds\n",
        **GO_FILES, ".ignore/gen/x.go": "package gen\n",
    }, ".ignore/gen/x.go lies where go's ./... does not look"),
    "controller-gen-two-lines-one-recipe": ({
        "Makefile": "manifests:\n\tcontroller-gen rbac:roleName=r paths=./controllers/...\n"
                    "\tcontroller-gen rbac:roleName=r crd paths=./api/... "
                    "output:crd:artifacts:config=config/crd/bases\n",
        "controllers/c.go": "package controllers\n", "api/v1/t.go": "package v1\n",
    }, ("controller-gen", ["controllers/**/*.go", "api/**/*.go"],
        ["config/rbac/role.yaml", "config/crd/bases/"], "make manifests")),
    "controller-gen-versioned-binary": ({
        "Makefile": "CONTROLLER_GEN = bin/controller-gen-v0.17.2\ncrds:\n"
                    "\t$(CONTROLLER_GEN) crd paths=./api/... output:crd:artifacts:config=crds\n",
        "api/v1/t.go": "package v1\n",
    }, ("controller-gen", ["api/**/*.go"], ["crds/"], "make crds")),
    "controller-gen-from-included-variable": ({
        "Makefile": "include tools.mk\nmanifests: $(CONTROLLER_GEN)\n"
                    "\t$(CONTROLLER_GEN) rbac:roleName=r paths=./api/...\n",
        "tools.mk": "CONTROLLER_GEN := $(shell pwd)/bin/controller-gen\n",
        "api/v1/t.go": "package v1\n",
    }, ("controller-gen", ["api/**/*.go"], ["config/rbac/role.yaml"], "make manifests")),
    "mockgen-source": ({
        "pkg/m/iface.go": go("m", "mockgen -source=iface.go -destination=mocks/iface.go "
                                  "-package mocks") + "type Doer interface{ Do() }\n",
    }, ("mockgen", ["pkg/m/iface.go"], ["pkg/m/mocks/iface.go"], "go generate ./pkg/m")),
    "mockgen-reflect": ({
        "pkg/m/doc.go": go("m", "mockgen -package=mock -destination=mocks.go "
                                "example.com/fx/pkg/m Doer"),
    }, "reflect mode (no -source) reads a compiled package, not a tracked file"),
    "protoc-source-relative": ({
        "Makefile": "protos:\n\tprotoc -I proto --go_out=gen --go_opt=paths=source_relative "
                    "--go-grpc_out=gen --go-grpc_opt=paths=source_relative proto/foo/a.proto\n",
        "proto/foo/a.proto": 'syntax = "proto3";\nimport "foo/b.proto";\n'
                             'import "google/protobuf/empty.proto";\n',
        "proto/foo/b.proto": 'syntax = "proto3";\n',
    }, ("protoc", ["proto/foo/a.proto", "proto/foo/b.proto"],
        ["gen/foo/a.pb.go", "gen/foo/a_grpc.pb.go"], "make protos")),
    "protoc-other-plugin-folder": ({
        "Makefile": "py:\n\tprotoc --python_out=gen/py a.proto\n",
        "a.proto": 'syntax = "proto3";\n',
    }, ("protoc", ["a.proto"], ["gen/py/"], "make py")),
    "protoc-missing-import": ({
        "Makefile": "p:\n\tprotoc --go_out=gen a.proto\n",
        "a.proto": 'syntax = "proto3";\nimport "other/x.proto";\n',
    }, "it imports other/x.proto, which no import path holds"),
    "protoc-root-folder": ({
        "Makefile": "p:\n\tprotoc --go_out=. a.proto\n", "a.proto": 'syntax = "proto3";\n',
    }, "it writes into the repository's root folder"),
    "module-below-the-root": ({
        "svc/go.mod": GO_MOD, "svc/spec.yaml": SPEC,
        "svc/pkg/x/gen.go": go("x", "oapi-codegen -o x.gen.go ../../spec.yaml"),
    }, ("oapi-codegen", ["svc/spec.yaml"], ["svc/pkg/x/x.gen.go"],
        "go -C svc generate ./pkg/x")),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_generator_lines_become_proposals_or_say_why_not(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], case: str,
) -> None:
    files, expected = CASES[case]
    make_repo(files)
    report = discover(capsys)
    if isinstance(expected, str):
        refused = [u for u in report["not_understood"] if expected in u["reason"]]
        assert refused, report["not_understood"]
        assert refused[0]["reason"].startswith("runs the generator ")
        proposed_at = {g["declared_at"] for g in report["generated"]}
        assert refused[0]["declared_at"] not in proposed_at
        return
    tool, sources, outputs, command = expected
    first = report["generated"][0]
    assert (first["tool"], first["sources"], first["outputs"], first["command"]) == (
        tool, sources, outputs, command)


INSTALLS = """\
LOCALBIN ?= $(shell pwd)/bin
CONTROLLER_GEN ?= $(LOCALBIN)/controller-gen
crds:
\tCONTROLLER_GEN=$(CONTROLLER_GEN) ./hack/crds.sh
$(CONTROLLER_GEN): $(LOCALBIN)
\ttest -s $(LOCALBIN)/controller-gen && $(LOCALBIN)/controller-gen --version | grep -q v1 || \\
\tGOBIN=$(LOCALBIN) go install sigs.k8s.io/controller-tools/cmd/controller-gen@v1
controller-gen:
ifeq (, $(shell which controller-gen))
\t@{ set -e; cd $$(mktemp -d); go install sigs.k8s.io/controller-tools/cmd/controller-gen ; }
endif
"""


def test_lines_that_run_no_generator_are_quiet(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    """An environment prefix names no program; a rule whose target is the generator
    installs it."""
    make_repo({"Makefile": INSTALLS, "hack/crds.sh": "true\n"})
    report = discover(capsys)
    assert (report["generated"], report["not_understood"]) == ([], [])


def test_lines_writing_one_file_are_one_entry(make_repo: MakeRepo,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(CASES["controller-gen-two-lines-one-recipe"][0])
    assert [g["declared_at"] for g in discover(capsys)["generated"]] == [
        "Makefile:2, Makefile:3"]


def test_text_output_lists_the_proposal(make_repo: MakeRepo,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(CASES["ogen-go-run-pinned"][0])
    assert main(["discover"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "discovered 0 links:",
        "proposed 1 generated entry (`specsync discover --write` adds them to .specsync.yaml "
        "commented out):",
        "  pkg/datastorage/ogen-client/generate.go:3: ogen: api/openapi/data-storage-v1.yaml "
        "-> pkg/datastorage/ogen-client/oas_*_gen*.go  (command: go generate "
        "./pkg/datastorage/ogen-client)",
    ]


def uncomment(text: str) -> str:
    """What a user does to enable every proposal: drop `# ` from the block's YAML lines."""
    head, _, block = text.partition("# Proposed by")
    lines = [line[2:] if line.startswith(("# generated:", "#   ", "#     ")) else line
             for line in block.splitlines()]
    return head + "# Proposed by" + "\n".join(lines) + "\n"


def test_write_adds_commented_entries_once_and_they_parse_when_enabled(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    config = "# mine\nlinks: []\n"
    repo = make_repo({**CASES["ogen-go-run-pinned"][0], **CASES["mockgen-source"][0],
                      ".specsync.yaml": config})
    assert main(["discover", "--write"]) == 1
    text = (repo / ".specsync.yaml").read_text()
    assert text.startswith(config)
    assert "#   - sources: [api/openapi/data-storage-v1.yaml]  # discovered: " \
           "pkg/datastorage/ogen-client/generate.go:3 (ogen)\n" \
           '#     outputs: ["pkg/datastorage/ogen-client/oas_*_gen*.go"]\n' \
           "#     command: go generate ./pkg/datastorage/ogen-client\n" in text
    assert "\ngenerated:" not in text  # nothing is enabled
    capsys.readouterr()
    assert main(["discover", "--write"]) == 0  # idempotent
    assert (repo / ".specsync.yaml").read_text() == text
    (repo / ".specsync.yaml").write_text(uncomment(text))
    git(repo, "add", ".specsync.yaml")
    assert main(["check", "--all-files"]) == 1  # enabled: outputs not generated yet
    out = capsys.readouterr().out
    assert "pkg/m/mocks/iface.go: missing; regenerate with go generate ./pkg/m" in out
    assert main(["discover", "--write"]) == 0  # enabled entries are not proposed again
    assert (repo / ".specsync.yaml").read_text() == uncomment(text)


def _tool_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local", CGO_ENABLED="0",
               GOPATH=str(tmp / "gopath"), GOCACHE=os.environ.get("SPECSYNC_GOCACHE") or
               str(tmp / "gocache"))
    return env


def _written(repo: Path, command: str, env: dict[str, str]) -> set[str]:
    """The files a real run of the proposed command creates or changes."""
    proc = subprocess.run(command.split(), cwd=repo, env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    return {line[3:] for line in status.splitlines()}


def _needs(*tools: str) -> pytest.MarkDecorator:
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(bool(missing) and not os.environ.get("CI"),
                              reason=f"{', '.join(missing)} not installed (tests/run installs "
                                     "them)")


def _expand(outputs: list[str], written: set[str]) -> set[str]:
    from specsync.globs import covers

    return {w for w in written if any(covers(o, w) for o in outputs)}


@_needs("go", "mockgen")
def test_mockgen_outputs_are_what_the_real_run_writes(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    repo = make_repo({"go.mod": GO_MOD, **CASES["mockgen-source"][0]}, commit=True)
    proposal = discover(capsys)["generated"][0]
    written = _written(repo, proposal["command"], _tool_env(tmp_path))
    assert written == set(proposal["outputs"]) == {"pkg/m/mocks/iface.go"}


PROTOS = {
    "Makefile": CASES["protoc-source-relative"][0]["Makefile"].replace(
        "\tprotoc", "\tmkdir -p gen && protoc"),
    "proto/foo/a.proto": 'syntax = "proto3";\npackage foo;\nimport "foo/b.proto";\n'
                         'option go_package = "example.com/fx/gen/foo";\n'
                         "service S { rpc Get(B) returns (B); }\n",
    "proto/foo/b.proto": 'syntax = "proto3";\npackage foo;\n'
                         'option go_package = "example.com/fx/gen/foo";\nmessage B {}\n',
}


@_needs("make", "protoc", "protoc-gen-go", "protoc-gen-go-grpc")
def test_protoc_outputs_are_what_the_real_run_writes(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    repo = make_repo(PROTOS, commit=True)
    proposal = discover(capsys)["generated"][0]
    assert proposal["sources"] == ["proto/foo/a.proto", "proto/foo/b.proto"]
    written = _written(repo, proposal["command"], _tool_env(tmp_path))
    assert written == {"gen/foo/a.pb.go", "gen/foo/a_grpc.pb.go"}
    assert _expand(proposal["outputs"], written) == written


@_needs("go", "mockgen")
def test_an_enabled_proposal_is_regenerated_by_fix_and_then_in_sync(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in _tool_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    repo = make_repo({"go.mod": GO_MOD, **CASES["mockgen-source"][0]}, commit=True)
    assert main(["discover", "--write"]) == 1
    path = repo / ".specsync.yaml"
    path.write_text(uncomment(path.read_text()))
    git(repo, "add", ".specsync.yaml")
    assert main(["fix", "--all-files"]) == 1  # runs go generate ./pkg/m, writes the lock
    assert (repo / "pkg/m/mocks/iface.go").read_text().startswith("// Code generated by MockGen")
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 0


def test_write_beside_configured_generated_entries_says_where_they_go(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    config = ("generated:\n  - sources: [spec.yaml]\n    outputs: [docs/api.html]\n"
              "    command: make docs\n")
    repo = make_repo({**CASES["oapi-codegen-o"][0], ".specsync.yaml": config})
    assert main(["discover", "--write"]) == 1
    text = (repo / ".specsync.yaml").read_text()
    assert text.startswith(config)
    block = text[len(config):].splitlines()
    assert "# (add these under generated: above)" in block
    assert "# generated:" not in block  # a second generated: key would be invalid YAML
    assert "#     outputs: [pkg/api/api.gen.go]" in block
    capsys.readouterr()
    assert main(["discover", "--write"]) == 0
    assert (repo / ".specsync.yaml").read_text() == text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ_09=-. é\t", max_size=8))
def test_an_environment_prefix_is_what_sh_takes_for_one(word: str) -> None:
    """`NAME=value` words, read by hand, are the ones the regex of sh's names matches."""
    assert generators.is_assignment(word) is bool(re.match(r"[A-Za-z_][A-Za-z0-9_]*=", word))


@pytest.mark.parametrize("tool", sorted(generators.RULES))
def test_every_rule_names_a_reader(tool: str) -> None:
    """A row of RULES is `module:function` within specsync.discovery, imported on first use:
    a misspelt one would only fail when a line runs that generator."""
    read = generators.reader(tool)
    module, _, function = generators.RULES[tool].partition(":")
    assert callable(read)
    assert (read.__module__, read.__name__) == (f"specsync.discovery.{module}", function)
