"""`generated:` and `run_discovered` in .specsync.yaml: the model, and every error with its line."""
from __future__ import annotations

import pytest
from specsync.config import parse as config_parse
from specsync.config.model import DEFAULT_TIMEOUT, Config
from specsync.config.parse import ConfigErrors

GOOD = """\
run_discovered: true
generated:
  - sources: [api/openapi/data-storage-v1.yaml]
    outputs: [pkg/datastorage/ogen-client/]
    command: go generate ./pkg/datastorage/ogen-client/...
  - sources: api/crd.yaml
    outputs: [docs/crd.md, docs/crd.json]
    command: [gen-crd-docs, --in, api/crd.yaml, --out, "docs dir"]
    timeout: 30
  - sources: ["api/*.proto"]
    outputs: [pkg/pb/]
    command: buf generate && gofmt -w pkg/pb
    shell: true
"""


def test_parse_generated_entries() -> None:
    config = config_parse.parse(GOOD.encode(), ".specsync.yaml")
    assert config.run_discovered is True
    first, second, third = config.generated
    assert first.sources == ("api/openapi/data-storage-v1.yaml",)
    assert first.outputs == ("pkg/datastorage/ogen-client/",)
    assert first.command == "go generate ./pkg/datastorage/ogen-client/..."
    assert (first.origin, first.shell, first.timeout) == (".specsync.yaml:3", False,
                                                          DEFAULT_TIMEOUT)
    assert second.sources == ("api/crd.yaml",)
    assert second.command == "gen-crd-docs --in api/crd.yaml --out 'docs dir'"
    assert second.timeout == 30
    assert third.shell is True
    assert third.command == "buf generate && gofmt -w pkg/pb"


def test_marshal_cache_round_trip() -> None:
    config = config_parse.parse(GOOD.encode(), ".specsync.yaml")
    again = Config.from_plain(config.plain())
    assert again.plain() == config.plain()
    assert again.run_discovered is True
    assert [g.command for g in again.generated] == [g.command for g in config.generated]


def test_defaults_without_generated() -> None:
    config = config_parse.parse(b"links: []\n", ".specsync.yaml")
    assert config.generated == []
    assert config.run_discovered is False


def _entry(body: str) -> str:
    return f"generated:\n  - sources: [api/a.yaml]\n    outputs: [out/]\n{body}"


@pytest.mark.parametrize(("text", "error"), [
    ("generated: {a: 1}\n", ".specsync.yaml:1: generated must be a list, not a mapping"),
    ("run_discovered: yes please\n", ".specsync.yaml:1: run_discovered must be true or false"),
    ("generated:\n  - sources: [a.yaml]\n    outputs: [out/]\n",
     ".specsync.yaml:2: generated entry needs command:"),
    (_entry("    command: gen\n    comand: x\n"),
     ".specsync.yaml:5: unknown key 'comand' in generated entry (did you mean 'command'?)"),
    (_entry("    command: ''\n"),
     ".specsync.yaml:4: command must be a string or a list of arguments, not a string"),
    (_entry("    command: gen 'unclosed\n"),
     ".specsync.yaml:4: command cannot be split into arguments: No closing quotation"),
    (_entry("    command: gen a.yaml > out/a.go\n"),
     ".specsync.yaml:4: command uses shell syntax (>); it runs without a shell: set shell: "
     "true, or call a script"),
    (_entry("    command: [gen, x]\n    shell: true\n"),
     ".specsync.yaml:4: with shell: true, command must be one string"),
    (_entry("    command: gen\n    shell: 1\n"), ".specsync.yaml:5: shell must be true or false"),
    (_entry("    command: gen\n    timeout: 0\n"),
     ".specsync.yaml:5: timeout must be a number of seconds greater than 0 and at most "
     "86,400 (24 hours)"),
    (_entry("    command: gen\n    timeout: soon\n"),
     ".specsync.yaml:5: timeout must be a number of seconds greater than 0 and at most "
     "86,400 (24 hours)"),
    ("generated:\n  - sources: []\n    outputs: [out/]\n    command: gen\n",
     ".specsync.yaml:2: sources must be a non-empty list of paths, not a list"),
    ("generated:\n  - sources: [../a.yaml]\n    outputs: [out/]\n    command: gen\n",
     ".specsync.yaml:2: source '../a.yaml' is outside the repository"),
    ("generated:\n  - sources: [a.yaml]\n    outputs: [.git/hooks/]\n    command: gen\n",
     ".specsync.yaml:3: output '.git/hooks/' is inside a .git folder"),
    ("generated:\n  - sources: [api/a.yaml]\n    outputs: [api/]\n    command: gen\n",
     ".specsync.yaml:3: output 'api/' is also a source of this entry"),
    (_entry("    command: gen\n") + "  - sources: [b.yaml]\n    outputs: [out/b.go]\n"
     "    command: gen2\n",
     ".specsync.yaml:5: output 'out/b.go' overlaps output 'out/' of the generated entry on "
     "line 2"),
], ids=["not-a-list", "run-discovered-type", "no-command", "typo", "empty-command",
        "bad-quotes", "shell-syntax", "list-with-shell", "shell-type", "timeout-zero",
        "timeout-type", "no-sources", "outside", "inside-git", "output-is-source",
        "overlapping-outputs"])
def test_config_errors(text: str, error: str) -> None:
    with pytest.raises(ConfigErrors) as e:
        config_parse.parse(text.encode(), ".specsync.yaml")
    assert error in e.value.render().splitlines()


SCHEMA_BAD = {
    "no-command": "generated:\n  - sources: [a.yaml]\n    outputs: [out/]\n",
    "unknown-key": "generated:\n  - sources: [a]\n    outputs: [b]\n    command: g\n    x: 1\n",
    "timeout-zero": "generated:\n  - sources: [a]\n    outputs: [b]\n    command: g\n"
                    "    timeout: 0\n",
    "outside": "generated:\n  - sources: [../a]\n    outputs: [b]\n    command: g\n",
    "run-discovered-string": "run_discovered: 'yes'\n",
}


def _validate(text: str) -> None:
    import json

    import jsonschema
    from ruamel.yaml import YAML

    from tests.conftest import SOURCE_ROOT

    schema = json.loads((SOURCE_ROOT / "specsync" / "specsync.schema.json").read_text())
    jsonschema.validate(YAML(typ="safe").load(text), schema)


def test_json_schema_accepts_what_the_parser_accepts() -> None:
    _validate(GOOD)


@pytest.mark.parametrize("text", SCHEMA_BAD.values(), ids=SCHEMA_BAD.keys())
def test_bad_generated_configs_are_rejected_by_both(text: str) -> None:
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        _validate(text)
    with pytest.raises(ConfigErrors):
        config_parse.parse(text.encode(), ".specsync.yaml")
