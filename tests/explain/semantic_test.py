"""The drift report's explanation of each fixture pair, line for line.

Each case is a source text, a stale copy of it and the exact lines the report
explains it with: the headline (class, versions), then one `COPY::/pointer:`
line per change. Every case also runs with the block cutting turned off, and
both ways must say the same.
"""
from __future__ import annotations

import pytest
from specsync.drift.results import Drift
from specsync.explain import semantic
from specsync.explain.analysis import Explainer
from specsync.report.text import explanation

SOURCE = "api/spec.yaml"

SPEC = """\
openapi: 3.1.0
info:
  title: audit
  version: 1.5.0
components:
  schemas:
    AuditEvent:
      type: object
      required: [id, event_category]
      properties:
        id: {type: string}
        event_category:
          type: string
          description: What produced the event.
          enum: [gateway, workflow, execution, workflowexecution]
        tags:
          type: [array, "null"]
"""
ENUM = "/components/schemas/AuditEvent/properties/event_category/enum"

CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  versions:
    - name: v1
      served: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            size:
              type: string
              enum: [small, large]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  versions:
    - name: v1
"""
CRD_SWAPPED = "---\n" + "\n---\n".join(reversed(CRD.split("---\n")))
WIDGET = "(CustomResourceDefinition widgets.example.com)"

PARAMS = """\
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
        - name: offset
          in: query
"""

EVENTS = """\
paths:
  /events:
    get:
      parameters:
        - name: category
          in: query
          schema:
            type: string
            enum: [gateway, workflow, workflowexecution]
        - name: limit
          in: query
          schema: {type: integer}
"""
EVENTS_REORDERED = EVENTS.replace("""\
        - name: category
          in: query
          schema:
            type: string
            enum: [gateway, workflow, workflowexecution]
        - name: limit
          in: query
          schema: {type: integer}
""", """\
        - name: limit
          in: query
          schema: {type: integer}
        - name: category
          in: query
          schema:
            type: string
            enum: [gateway, workflow]
        - name: offset
          in: query
""")
PARAMETERS = "/paths/~1events/get/parameters"

# nine levels of nine references: ~4*10^8 nodes once the aliases are expanded
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))

FORMATTING = "the parsed data is equal; only formatting differs: "


NAMED = f"  schema AuditEvent.event_category enum (c.yaml::{ENUM})"
REJECTS = ("a service validating with the copy rejects `event_category: "
           '"workflowexecution"`, which the source allows')
SIZE = "/spec/versions/0/schema/openAPIV3Schema/properties/size/enum"
CRD_REJECTS = ("the API server with the copy's CRD installed rejects `size: \"large\"`, "
                "which the source allows")


def head(copy: str, tag: str) -> str:
    return f"{copy}: out of sync with {SOURCE} [{tag}]"


CASES = [
    pytest.param(
        "c.yaml", SPEC, SPEC.replace(", workflowexecution", ""),
        [head("c.yaml", "content"),
         f'{NAMED}: the copy lacks "workflowexecution"', f"    impact: {REJECTS}"],
        id="enum-value-added-in-source"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("gateway, ", "gateway, legacy, "),
        [head("c.yaml", "content"), f'{NAMED}: the copy has extra "legacy"',
         '    impact: the copy accepts `event_category: "legacy"`, which the source rejects'],
        id="enum-value-removed-from-source"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("workflow, execution", "execution, workflow"),
        [head("c.yaml", "content"),
         f'{NAMED}: order-only: items 1-2 are "execution", "workflow" in the copy, '
         f'"workflow", "execution" in the source'],
        id="enum-reordered"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("gateway, workflow", "gateway, flow")
        .replace(", workflowexecution", ""),
        [head("c.yaml", "content"),
         f'{NAMED}: the copy lacks "workflow", "workflowexecution"; '
         f'it has extra "flow"',
         '    impact: a service validating with the copy rejects event_category "workflow", '
         '"workflowexecution", which the source allows; the copy accepts `event_category: '
         '"flow"`, which the source rejects'],
        id="enum-renamed-and-dropped"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace(
            " [gateway, workflow, execution, workflowexecution]\n",
            "\n            - gateway\n            - workflow\n            - execution\n"
            "            - workflowexecution\n"),
        [head("c.yaml", "formatting-only"), f"  c.yaml: {FORMATTING}the style of a value, such "
         "as a flow [list] vs a block list (first at copy line 15: '          enum:', source "
         "line 15: '          enum: [gateway, workflow, execution, workflowexecu...')"],
        id="enum-flow-vs-block-style"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("enum: [gateway,", "enum: [gateway, gateway,"),
        [head("c.yaml", "content"), f'{NAMED}: the copy has extra "gateway"',
         '    impact: the copy accepts `event_category: "gateway"`, which the source rejects'],
        id="enum-value-repeated"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("enum: [gateway,", "enum: [true, gateway,"),
        [head("c.yaml", "content"), f"{NAMED}: the copy has extra true",
         "    impact: the copy accepts `event_category: true`, which the source rejects"],
        id="enum-boolean-value"),
    pytest.param(
        "c.yaml", EVENTS, EVENTS.replace(", workflowexecution", ""),
        [head("c.yaml", "content"),
         f'  c.yaml::{PARAMETERS}/0/schema/enum: the copy lacks "workflowexecution"'],
        id="enum-inside-a-list-item"),
    pytest.param(
        "c.yaml", EVENTS, EVENTS_REORDERED,
        [head("c.yaml", "content"),
         f'  c.yaml::{PARAMETERS}/1/schema/enum: the copy lacks "workflowexecution"',
         f'  c.yaml::{PARAMETERS}/2: list item only in the copy: {{"name": "offset", '
         '"in": "query"}'],
        id="enum-inside-a-moved-list-item"),
    pytest.param(
        "c.yaml", "allOf:\n  - enum: [a, b]\n  - enum: [c]\n",
        "allOf:\n  - enum: [a]\n  - enum: [c, d]\n",
        [head("c.yaml", "content"), '  c.yaml::/allOf/0/enum: the copy lacks "b"',
         '  c.yaml::/allOf/1/enum: the copy has extra "d"'],
        id="enums-in-allof"),
    pytest.param(
        "c.yaml", "x:\n  enum:\n    - a\n    - b\n    - c\n", "x:\n  enum: [a, c]\n",
        [head("c.yaml", "content"), '  c.yaml::/x/enum: the copy lacks "b"'],
        id="enum-block-source-flow-copy"),
    pytest.param(
        "c.json", '{"enum": [1, "1", null, true]}', '{"enum": ["1", 1, true]}',
        [head("c.json", "content"), "  c.json::/enum: the copy lacks null"],
        id="enum-mixed-types"),
    pytest.param(
        "c.json", '{"enum": [1, 2]}', '{"enum": [1.0, 2]}',
        [head("c.json", "content"), "  c.json::/enum: the copy lacks 1; it has extra 1.0"],
        id="enum-int-vs-float"),
    pytest.param(
        "c.json", '{"enum": ["Gateway"]}', '{"enum": ["gateway"]}',
        [head("c.json", "content"),
         '  c.json::/enum: the copy lacks "Gateway"; it has extra "gateway"'],
        id="enum-case-matters"),
    pytest.param(
        "c.json", '{"enum": ["a", "b"]}', '{"enum": "a"}',
        [head("c.json", "content"), '  c.json::/enum: changed "a" -> ["a", "b"]'],
        id="enum-scalar-vs-list"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("        id: {type: string}\n", ""),
        [head("c.yaml", "content"),
         '  schema AuditEvent.id (c.yaml::/components/schemas/AuditEvent/properties/id): key '
         'missing from the copy: {"type": "string"}'],
        id="field-added"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("[id, event_category]", "[id]"),
        [head("c.yaml", "content"),
         '  schema AuditEvent required (c.yaml::/components/schemas/AuditEvent/required): '
         'the copy lacks "event_category"',
         '    impact: the copy accepts objects without "event_category", which the source '
         'requires'],
        id="required-changed"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace('[array, "null"]', "[array]"),
        [head("c.yaml", "content"),
         '  schema AuditEvent.tags type (c.yaml::/components/schemas/AuditEvent/properties/'
         'tags/type): the copy lacks "null"',
         '    impact: the copy rejects tags of type "null", which the source allows'],
        id="type-list-changed"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("What produced", "Who produced"),
        [head("c.yaml", "documentation-only"),
         "  schema AuditEvent.event_category description (c.yaml::/components/schemas/"
         "AuditEvent/properties/event_category/description): "
         'changed "Who produced the event." -> "What produced the event."'],
        id="description-only"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("components:", "# the schemas\ncomponents:"),
        [head("c.yaml", "formatting-only"),
         f"  c.yaml: {FORMATTING}a comment only the copy has (line 5: '# the schemas')"],
        id="comment-only"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("openapi: 3.1.0\n", "")
        .replace("components:", "openapi: 3.1.0\ncomponents:"),
        [head("c.yaml", "formatting-only"),
         f"  c.yaml: {FORMATTING}key order differs at the top level (first at copy line 1: "
         "'info:', source line 1: 'openapi: 3.1.0')"],
        id="keys-reordered"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("title: audit", "title: 'audit'"),
        [head("c.yaml", "formatting-only"),
         f"  c.yaml: {FORMATTING}quoting of a value (first at copy line 3: \"  title: "
         "'audit'\", source line 3: '  title: audit')"],
        id="quoting-only"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("title: audit", "title: audit  "),
        [head("c.yaml", "whitespace-only"),
         "  c.yaml: only whitespace differs (the parsed data is equal): trailing whitespace "
         "(first at copy line 3: '  title: audit  ', source line 3: '  title: audit')"],
        id="trailing-whitespace"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("\n", "\r\n"),
        [head("c.yaml", "line-endings-only"),
         "  c.yaml: only line endings differ: CRLF in the copy, LF in the source"],
        id="crlf-vs-lf"),
    pytest.param(
        "c.yaml", SPEC.replace("\n", "\r\n"),
        SPEC.replace("\n", "\r\n").replace(", workflowexecution", ""),
        [head("c.yaml", "content"),
         f'{NAMED}: the copy lacks "workflowexecution"', f"    impact: {REJECTS}"],
        id="crlf-on-both-sides"),
    pytest.param(
        "c.yaml", SPEC, SPEC.replace("version: 1.5.0", "version: 1.4.0"),
        [head("c.yaml", 'content; info.version "1.4.0" in the copy, "1.5.0" in the source'),
         '  info.version (c.yaml::/info/version): changed "1.4.0" -> "1.5.0"'],
        id="version-bump"),
    pytest.param(
        "c.yaml", "$id: https://example.com/a/v2\ntype: object\n",
        "$id: https://example.com/a/v1\ntype: object\n",
        [head("c.yaml", 'content; $id "https://example.com/a/v1" in the copy, '
                        '"https://example.com/a/v2" in the source'),
         '  c.yaml::/$id: changed "https://example.com/a/v1" -> "https://example.com/a/v2"'],
        id="schema-id-bump"),
    pytest.param(
        "deploy/crds.yaml", CRD, CRD.replace("[small, large]", "[small]"),
        [head("deploy/crds.yaml", "content"),
         f"  widgets.example.com v1 .size enum (deploy/crds.yaml::{WIDGET}{SIZE}): the copy "
         'lacks "large"', f"    impact: {CRD_REJECTS}"],
        id="crd-one-document-changed"),
    pytest.param(
        "deploy/crds.yaml", CRD, CRD_SWAPPED.replace("[small, large]", "[small]"),
        [head("deploy/crds.yaml", "content"),
         f"  widgets.example.com v1 .size enum (deploy/crds.yaml::{WIDGET}{SIZE}): the copy "
         'lacks "large"', f"    impact: {CRD_REJECTS}"],
        id="crd-documents-reordered-and-one-changed"),
    pytest.param(
        "deploy/crds.yaml", CRD, CRD_SWAPPED,
        [head("deploy/crds.yaml", "formatting-only"),
         f"  deploy/crds.yaml: {FORMATTING}the copy has an extra leading '---'; the copy has "
         "1 blank line more; the documents are in another order (first at copy line 5: "
         "'  name: gadgets.example.com', source line 4: '  name: widgets.example.com')"],
        id="crd-documents-reordered"),
    pytest.param(
        "deploy/crds.yaml", CRD, CRD.replace("    - name: v1\n", "    - name: v1beta1\n", 1),
        [head("deploy/crds.yaml", f'content; {WIDGET} spec.versions[*].name ["v1beta1"] in '
                                  'the copy, ["v1"] in the source'),
         f'  widgets.example.com v1 name (deploy/crds.yaml::{WIDGET}/spec/versions/0/name): '
         'changed "v1beta1" -> "v1"'],
        id="crd-served-version-renamed"),
    pytest.param(
        "deploy/crds.yaml", CRD, CRD.split("---\n", maxsplit=1)[0],
        [head("deploy/crds.yaml", "content"),
         "  deploy/crds.yaml::(CustomResourceDefinition gadgets.example.com): document missing "
         "from the copy"],
        id="crd-document-missing"),
    pytest.param(
        "deploy/all.yaml", "a: 1\n---\nb: 2\n", "a: 1\n---\nb: 3\n",
        [head("deploy/all.yaml", "content"),
         "  deploy/all.yaml::(document 2)/b: changed 3 -> 2"],
        id="documents-without-kind-matched-by-position"),
    pytest.param(
        "c.json", '{"a": 1, "b": {"c": [1, 2]}}\n', '{"a": 1, "b": {"c": [1, 3]}}\n',
        [head("c.json", "content"), "  c.json::/b/c/1: changed 3 -> 2"],
        id="json-one-value"),
    pytest.param(
        "c.json", '{"a": 1, "b": {"c": [1, 2]}}\n', '{\n  "b": {"c": [1, 2]},\n  "a": 1\n}\n',
        [head("c.json", "formatting-only"),
         f"  c.json: {FORMATTING}key order differs at the top level (first at copy line 1: "
         "'{', source line 1: '{\"a\": 1, \"b\": {\"c\": [1, 2]}}')"],
        id="json-reformatted"),
    pytest.param(
        "c.json", '{"a": "1"}\n', '{"a": 1}\n',
        [head("c.json", "content"), '  c.json::/a: changed 1 -> "1"'],
        id="json-type-change"),
    pytest.param(
        "spec", '{"a": 1}\n', '{"a": 2}\n',
        [head("spec", "content"), "  spec::/a: changed 2 -> 1"],
        id="json-by-content"),
    pytest.param(
        "c.yaml", PARAMS, PARAMS.replace("        - name: offset\n          in: query\n",
                                         "        - name: offset\n          in: path\n"
                                         "        - name: cursor\n          in: query\n"),
        [head("c.yaml", "content"),
         '  c.yaml::/paths/~1pets/get/parameters/1/in: changed "path" -> "query"',
         '  c.yaml::/paths/~1pets/get/parameters/2: list item only in the copy: '
         '{"name": "cursor", "in": "query"}'],
        id="list-item-added-and-changed"),
    pytest.param(
        "c.yaml", PARAMS, PARAMS.replace("        - name: offset\n          in: query\n", ""),
        [head("c.yaml", "content"),
         '  c.yaml::/paths/~1pets/get/parameters/1: list item missing from the copy: '
         '{"name": "offset", "in": "query"}'],
        id="list-item-removed"),
    pytest.param(
        "c.yaml", "a: [1, 2]\n", "a: [1, 2\n",
        [head("c.yaml", "content"),
         "  c.yaml:1:4: not valid YAML: this '[' list is not closed by ']' (or an item in it "
         "lacks its comma)"],
        id="invalid-yaml-copy"),
    pytest.param(
        "c.yaml", "a:\n  b: 1\n c: 2\n", "a:\n  b: 1\n",
        [head("c.yaml", "content"),
         f"  {SOURCE}:3:2: not valid YAML: this key is indented differently from the keys "
         "above it"],
        id="invalid-yaml-source"),
    pytest.param(
        "c.json", '{"a": 1}\n', '{"a": 1\n',
        [head("c.json", "content"), "  c.json:2:1: not valid JSON: Expecting ',' delimiter"],
        id="invalid-json-copy"),
    pytest.param(
        "c.yaml", "a: 1\n", BOMB,
        [head("c.yaml", "content"),
         "  c.yaml: not compared as data: the copy expands to more than 5,000,000 nodes "
         "(YAML aliases?)"],
        id="alias-bomb"),
    pytest.param(
        "c.yaml", "a: &x 1\nb: *x\n", "a: &x 2\nb: *x\n",
        [head("c.yaml", "content"), "  c.yaml::/a: changed 2 -> 1",
         "  c.yaml::/b: changed 2 -> 1"],
        id="anchor-change-shows-at-every-alias"),
    pytest.param(
        "db/schema.sql", "create table a (id int);\n", "create table a (id bigint);\n",
        [head("db/schema.sql", "content")],
        id="not-data"),
    pytest.param(
        "db/schema.sql", "create table a (id int);\n", "create table  a (id int);  \n",
        [head("db/schema.sql", "whitespace-only"), "  db/schema.sql: only whitespace differs: "
         "spacing within a line (first at copy line 1: 'create table  a (id int);  ', source "
         "line 1: 'create table a (id int);')"],
        id="not-data-whitespace"),
    pytest.param(
        "Makefile", "all: x\n", "all: y\n", [head("Makefile", "content")],
        id="makefile-is-not-read-as-yaml"),
]


def explained(copy: str, source: str, stale: str, *, localize: bool = True) -> list[str]:
    drift = Drift(copy, SOURCE, "differs", source.encode(), stale.encode(), ".specsync.yaml:2")
    return explanation(drift, Explainer(localize=localize).analyze(drift), verbose=True)


@pytest.mark.parametrize(("copy", "source", "stale", "lines"), CASES)
def test_report_lines(copy: str, source: str, stale: str, lines: list[str]) -> None:
    assert explained(copy, source, stale) == lines


@pytest.mark.parametrize(("copy", "source", "stale", "lines"), CASES)
def test_cutting_into_blocks_says_what_parsing_whole_says(
    copy: str, source: str, stale: str, lines: list[str],
) -> None:
    assert explained(copy, source, stale, localize=False) == explained(copy, source, stale)


@pytest.mark.parametrize(
    ("value", "width", "expected"),
    [
        pytest.param("x", 60, '"x"', id="string"),
        pytest.param({"a": [1, None, True]}, 60, '{"a": [1, null, true]}', id="nested"),
        pytest.param("y" * 100, 10, '"yyyyyy...', id="cut"),
        pytest.param(list(range(10**6)), 12, "[0, 1, 2,...", id="huge-list-is-not-walked"),
    ],
)
def test_short(value: object, width: int, expected: str) -> None:
    assert semantic.short(value, width) == expected


def test_changes_past_the_limit_are_counted_not_kept() -> None:
    walker = semantic.Walker(limit=3)
    walker.walk((), {str(i): i for i in range(10)}, {str(i): -i for i in range(10)})
    assert [c.pointer for c in walker.changes] == ["/1", "/2", "/3"]
    assert walker.total == 3  # the walk stops once the limit is reached


def test_lists_too_big_to_pair_are_summarised() -> None:
    copy = [{"n": i} for i in range(semantic.PAIR_MAX_NODES)]
    source = [{"n": -i} for i in range(semantic.PAIR_MAX_NODES + 1)]
    walker = semantic.explain([semantic.Region("", ("items",), copy, source)])
    assert [(c.pointer, c.message) for c in walker.changes] == [
        ("/items/1", "49999 list items in the copy differ from 50000 in the source "
                     "(too many to pair up; see --diff)")]


def test_a_million_item_list_with_one_change() -> None:
    source = list(range(10**6))
    copy = [*source[:500_000], -1, *source[500_001:]]
    walker = semantic.explain([semantic.Region("", (), copy, source)])
    assert [(c.pointer, c.message) for c in walker.changes] == [
        ("/500000", "changed -1 -> 500000")]
