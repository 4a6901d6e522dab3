"""The shipped JSON Schema agrees with the loader on the README's examples and on bad input."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from specsync.config.parse import parse
from specsync.errors import InputError

PROJECT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((PROJECT / "hooks" / "specsync" / "specsync.schema.json").read_text())


def readme_configs() -> list[str]:
    """Every ```yaml block of the README and docs/ that is a `.specsync.yaml`."""
    texts = [(PROJECT / "README.md").read_text()]
    texts += [doc.read_text() for doc in sorted((PROJECT / "docs").glob("*.md"))]
    blocks = [b for text in texts for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    return [b for b in blocks if re.search(r"^(links|discover|generated):", b, re.M)]


def validate(text: str) -> None:
    data: Any = YAML(typ="safe").load(text)
    jsonschema.validate(data if data is not None else {}, SCHEMA)


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_published_copy_is_in_sync() -> None:
    assert (PROJECT / "schema" / "specsync.schema.json").read_bytes() == (
        PROJECT / "hooks" / "specsync" / "specsync.schema.json").read_bytes()


def test_readme_has_config_examples() -> None:
    assert len(readme_configs()) >= 2


@pytest.mark.parametrize("text", readme_configs())
def test_readme_examples_are_accepted(text: str) -> None:
    validate(text)
    parse(text.encode(), ".specsync.yaml")


BAD = {
    "unknown-top-key": "link: []\n",
    "unknown-link-key": "links:\n  - source: a\n    copy: b\n",
    "missing-copies": "links:\n  - source: a\n",
    "absolute-copy": "links:\n  - source: a\n    copies: [/etc/x]\n",
    "dotdot-source": "links:\n  - source: ../a\n    copies: [b]\n",
    "dot-git-copy": "links:\n  - source: a\n    copies: [.git/hooks/pre-commit]\n",
    "bad-transform": "links:\n  - source: a\n    copies:\n      - path: b\n        transform: x\n",
    "bad-compare": "links:\n  - source: a\n    copies:\n      - path: b\n        compare: lines\n",
    "indent-too-big": "links:\n  - source: a\n    copies:\n      - path: b\n        indent: 99\n",
    "prune-string": "links:\n  - source: a\n    copies: [b]\n    prune: 'yes'\n",
    "discover-unknown-kind": "discover: [bazel]\n",
    "empty-copies": "links:\n  - source: a\n    copies: []\n",
    "select-not-a-pointer": "links:\n  - source: a\n    copies: [{path: b, select: x/y}]\n",
    "header-not-text": "links:\n  - source: a\n    copies: [{path: b, header: [x]}]\n",
    "copy-without-path": "links:\n  - source: a\n    copies: [{transform: yaml-to-json}]\n",
    "ignore-without-data": "links:\n  - source: a\n    copies: [{path: b, ignore: /info}]\n",
    "ignore-on-text": "links:\n  - source: a\n    copies: [{path: b, compare: text, "
                      "ignore: /info}]\n",
    "ignore-not-a-pointer": "links:\n  - source: a\n    copies: [{path: b, compare: data, "
                            "ignore: [info]}]\n",
    "ignore-whole-document": "links:\n  - source: a\n    copies: [{path: b, compare: data, "
                             "ignore: ['**']}]\n",
    "ignore-bad-escape": "links:\n  - source: a\n    copies: [{path: b, compare: data, "
                         "ignore: [/a~2]}]\n",
    "ignore-empty": "links:\n  - source: a\n    copies: [{path: b, compare: data, "
                    "ignore: []}]\n",
}


GOOD = {
    "ignore-list": "links:\n  - source: a\n    copies:\n      - path: b\n        compare: data\n"
                   "        ignore: [/info/version, '**/description', /paths/*/get/x-*]\n",
    "ignore-one": "links:\n  - source: a\n    copies: [{path: b, compare: data, "
                  "ignore: /servers/0/url}]\n",
}


@pytest.mark.parametrize("text", GOOD.values(), ids=GOOD.keys())
def test_good_configs_are_accepted_by_both(text: str) -> None:
    validate(text)
    parse(text.encode(), ".specsync.yaml")


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_bad_configs_are_rejected_by_both(text: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate(text)
    with pytest.raises(InputError):
        parse(text.encode(), ".specsync.yaml")


def schema_keys(node: Any) -> set[str]:
    """Every property name the config schema accepts, at any depth."""
    keys: set[str] = set()
    if isinstance(node, dict):
        keys |= set(node.get("properties", {}))
        for value in node.values():
            keys |= schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            keys |= schema_keys(value)
    return keys


def test_config_reference_documents_every_key() -> None:
    """docs/config.md names every key the config accepts, as `key:` or in a YAML example."""
    text = (PROJECT / "docs" / "config.md").read_text()
    keys = schema_keys(SCHEMA)
    assert {"links", "source", "copies", "generated"} <= keys
    missing = sorted(k for k in keys if f"`{k}" not in text and f"{k}:" not in text)
    assert missing == [], missing
