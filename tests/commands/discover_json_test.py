"""`specsync discover --format json`: every link, proposed generated entry and line not
understood, in a documented shape checked against a JSON Schema."""
from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from specsync.cli import main
from specsync.report.discover_json import origin_of

from tests.conftest import MakeRepo

DECLARED_AT = {"type": "string", "pattern": "^.+:[0-9]+$"}
ORIGIN = {"enum": ["config", "go:generate", "Makefile", "script"]}
TOOL = "(ogen|oapi-codegen|controller-gen|mockgen|protoc)"  # lines merged into one: a+b
PATHS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "specsync discover --format json, format_version 1",
    "type": "object",
    "additionalProperties": False,
    "required": ["format_version", "discover", "links", "generated", "not_understood"],
    "properties": {
        "format_version": {"const": 1},
        "discover": {"type": "boolean"},
        "links": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["source", "copy", "kind", "declared_at", "origin", "superseded"],
            "properties": {
                "source": {"type": "string", "minLength": 1},
                "copy": {"type": "string", "minLength": 1},
                "kind": {"enum": ["plain", "glob", "mirror"]},
                "declared_at": DECLARED_AT, "origin": ORIGIN,
                "superseded": {"type": "boolean"},
            }}},
        "generated": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["tool", "sources", "outputs", "command", "declared_at", "origin",
                         "configured"],
            "properties": {
                "tool": {"type": "string", "pattern": f"^{TOOL}(\\+{TOOL})*$"},
                "sources": PATHS, "outputs": PATHS,
                "command": {"type": "string", "minLength": 1},
                "declared_at": {"type": "string", "pattern": "^.+:[0-9]+(, .+:[0-9]+)*$"},
                "origin": {"enum": ["go:generate", "Makefile"]},
                "configured": {"type": "boolean"},
            }}},
        "not_understood": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["declared_at", "path", "line", "origin", "text", "reason"],
            "properties": {
                "declared_at": DECLARED_AT, "path": {"type": "string"},
                "line": {"type": "integer", "minimum": 1}, "origin": ORIGIN,
                "text": {"type": "string"}, "reason": {"type": "string", "minLength": 1},
            }}},
    },
}

CONFIG = """\
links:
  - source: spec.yaml
    copies: [docs/spec.yaml, pkg/a/spec.yaml]
  - source: crds/*.yaml
    copies: [chart/crds/]
    prune: true
"""
FILES = {
    ".specsync.yaml": CONFIG,
    "spec.yaml": "v: 1\n", "docs/spec.yaml": "v: 1\n",
    "crds/a.yaml": "a: 1\n", "chart/crds/a.yaml": "a: 1\n",
    "pkg/a/gen.go": "package a\n\n//go:generate cp ../../spec.yaml spec.yaml\n"
                    "//go:generate cp ../../spec.yaml copy.yaml\n"
                    "//go:generate go run ./tool\n"
                    "//go:generate oapi-codegen -o api.gen.go ../../spec.yaml\n",
    "pkg/a/spec.yaml": "v: 1\n", "pkg/a/copy.yaml": "v: 1\n",
    "Makefile": "charts:\n\tcp crds/a.yaml deploy/\n\tcp $(OUT)/x bin/\n",
    "deploy/a.yaml": "a: 1\n",
}


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["discover", "--format", "json", *args]) in (0, 1)
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    return report


def test_json_lists_links_proposals_and_what_is_not_understood(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    make_repo(FILES)
    report = _report(capsys)
    assert report["format_version"] == 1
    assert report["discover"] is True
    rows = [(r["source"], r["copy"], r["kind"], r["declared_at"], r["origin"], r["superseded"])
            for r in report["links"]]
    assert rows == [
        ("spec.yaml", "docs/spec.yaml", "plain", ".specsync.yaml:3", "config", False),
        ("spec.yaml", "pkg/a/spec.yaml", "plain", ".specsync.yaml:3", "config", False),
        ("crds/*.yaml", "chart/crds/", "mirror", ".specsync.yaml:5", "config", False),
        ("crds/a.yaml", "deploy/a.yaml", "plain", "Makefile:2", "Makefile", False),
        ("spec.yaml", "pkg/a/spec.yaml", "plain", "pkg/a/gen.go:3", "go:generate", True),
        ("spec.yaml", "pkg/a/copy.yaml", "plain", "pkg/a/gen.go:4", "go:generate", False),
    ]
    assert report["generated"] == [{
        "tool": "oapi-codegen", "sources": ["spec.yaml"], "outputs": ["pkg/a/api.gen.go"],
        "command": "go generate ./pkg/a", "declared_at": "pkg/a/gen.go:6",
        "origin": "go:generate", "configured": False,
    }]
    assert [(u["declared_at"], u["origin"], u["text"], u["reason"])
            for u in report["not_understood"]] == [
        ("Makefile:3", "Makefile", "cp $(OUT)/x bin/",
         "cannot expand $(OUT): it is not set in this Makefile"),
        ("pkg/a/gen.go:5", "go:generate", "//go:generate go run ./tool",
         "runs a generator program (go run), not a copy"),
    ]


def test_json_with_glob_link_and_discovery_off(make_repo: MakeRepo,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({**FILES, ".specsync.yaml": "discover: false\nlinks:\n"
               "  - source: crds/*.yaml\n    copies: [out/]\n"})
    report = _report(capsys)
    assert report["discover"] is False
    assert report["links"][0]["kind"] == "glob"


def test_json_stays_json_with_write(make_repo: MakeRepo,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    make_repo({k: v for k, v in FILES.items() if k != ".specsync.yaml"})
    assert main(["discover", "--format", "json", "--write"]) == 1
    out, err = capsys.readouterr()
    jsonschema.validate(json.loads(out), SCHEMA)
    assert ".specsync.yaml: added 3 discovered copies" in err
    assert ".specsync.yaml: proposed 1 generated entry (commented out" in err


def test_unknown_format_is_one_line_and_exit_2(make_repo: MakeRepo,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(FILES)
    assert main(["discover", "--format", "sarif"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "specsync discover: unknown --format 'sarif' (choose from text, json)\n"


@pytest.mark.parametrize(("path", "origin"), [
    (".specsync.yaml", "config"), ("pkg/a/gen.go", "go:generate"), ("Makefile", "Makefile"),
    ("sub/GNUmakefile", "Makefile"), ("make/tools.mk", "Makefile"),
    ("hack/update-crds.sh", "script"),
])
def test_origin_names_the_kind_of_declaring_file(path: str, origin: str) -> None:
    assert origin_of(path, ".specsync.yaml") == origin
