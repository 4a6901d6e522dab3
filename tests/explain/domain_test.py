"""The report in the spec's own vocabulary, with what the stale copy will do wrong:
OpenAPI 3.1, Swagger 2, a multi-version CRD and a JSON Schema, each in a real repository."""
from __future__ import annotations

import json

import pytest
from specsync.commands.check import main

from tests.conftest import MakeRepo

OPENAPI = """\
openapi: 3.1.0
info:
  title: audit
  version: 2.0.0
paths:
  /audit/events:
    get:
      summary: list events
      parameters:
        - name: limit
          in: query
          schema:
            type: integer
            maximum: 500
      responses:
        "200":
          description: the events
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/AuditEvent"
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, event_category]
              properties:
                id:
                  type: string
                  format: uuid
                event_category:
                  type: string
      responses:
        "201":
          description: created
    delete:
      responses:
        "204":
          description: gone
components:
  schemas:
    AuditEvent:
      type: object
      additionalProperties: false
      required: [id]
      properties:
        id:
          type: string
          pattern: "^[a-f0-9-]+$"
          example: 9b2f
        event_category:
          type: string
          description: what happened
          enum: [gateway, workflow, workflowexecution]
"""

SWAGGER = """\
swagger: "2.0"
info:
  title: pets
  version: "1.1"
paths:
  /pets:
    get:
      parameters:
        - name: status
          in: query
          type: string
          enum: [available, sold]
      responses:
        "200":
          description: ok
          schema:
            $ref: "#/definitions/Pet"
    post:
      parameters:
        - name: body
          in: body
          schema:
            type: object
            properties:
              age:
                type: integer
                minimum: 0
      responses:
        "201":
          description: created
definitions:
  Pet:
    type: object
    properties:
      name:
        type: string
        description: the pet's name
"""

CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: clusterpolicies.nvidia.com
spec:
  group: nvidia.com
  names:
    kind: ClusterPolicy
    listKind: ClusterPolicyList
    plural: clusterpolicies
    singular: clusterpolicy
  scope: Cluster
  versions:
    - name: v1alpha1
      served: true
      storage: false
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                dcgmExporter:
                  type: object
                  properties:
                    serviceMonitor:
                      type: object
                      properties:
                        interval:
                          type: string
                          description: scrape interval
                        honorLabels:
                          type: boolean
"""

SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://example.com/address.schema.json",
  "title": "address",
  "type": "object",
  "properties": {
    "city": {"type": "string", "maxLength": 80, "description": "the city"},
    "zip": {"type": "string", "pattern": "^[0-9]{5}$"},
    "kind": {"enum": ["home", "work"]}
  },
  "required": ["city"]
}
"""


def report(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], source: str, copy: str,
           name: str = "spec.yaml", *args: str) -> list[str]:
    config = f"links:\n  - source: api/{name}\n    copies: [svc/{name}]\n"
    make_repo({".specsync.yaml": config, f"api/{name}": source, f"svc/{name}": copy})
    assert main(list(args)) == 1
    return capsys.readouterr().out.splitlines()


def test_motivating_case_first_three_lines(make_repo: MakeRepo,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    stale = OPENAPI.replace("2.0.0", "1.9.0").replace(", workflowexecution]", "]")
    assert report(make_repo, capsys, OPENAPI, stale)[:4] == [
        "svc/spec.yaml: out of sync with api/spec.yaml [content; info.version \"1.9.0\" in "
        "the copy, \"2.0.0\" in the source]",
        '  schema AuditEvent.event_category enum: the copy lacks "workflowexecution"',
        "    impact: a service validating with the copy rejects `event_category: "
        '"workflowexecution"`, which the source allows',
        '  info.version: changed "1.9.0" -> "2.0.0"',
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "impact"),
    [
        pytest.param("[gateway, workflow, workflowexecution]",
                     "[gateway, workflow, workflowexecution, legacy]",
                     '  schema AuditEvent.event_category enum: the copy has extra "legacy"',
                     '    impact: the copy accepts `event_category: "legacy"`, which the source '
                     "rejects", id="enum-extra"),
        pytest.param("required: [id, event_category]", "required: [id]",
                     '  POST /audit/events request body required: the copy lacks '
                     '"event_category"',
                     '    impact: the copy accepts objects without "event_category", which the '
                     "source requires", id="required-missing"),
        pytest.param("      required: [id]\n", "      required: [id, event_category]\n",
                     '  schema AuditEvent required: the copy has extra "event_category"',
                     '    impact: the copy rejects objects without "event_category", which the '
                     "source accepts", id="required-extra"),
        pytest.param("maximum: 500", "maximum: 100",
                     "  GET /audit/events query parameter limit maximum: changed 100 -> 500",
                     "    impact: a service validating with the copy rejects `limit` above 100 "
                     "(up to 500), which the source allows", id="maximum"),
        pytest.param("maximum: 500", "maximum: 900",
                     "  GET /audit/events query parameter limit maximum: changed 900 -> 500",
                     "    impact: a service validating with the copy accepts `limit` above 500 "
                     "(up to 900), which the source rejects", id="maximum-lowered"),
        pytest.param("            maximum: 500\n", "",
                     "  GET /audit/events query parameter limit maximum: key missing from the "
                     "copy: 500",
                     "    impact: a service validating with the copy accepts `limit` above 500, "
                     "which the source rejects", id="maximum-missing"),
        pytest.param("format: uuid", "format: uri",
                     '  POST /audit/events request body .id format: changed "uri" -> "uuid"',
                     "    impact: a validator built from the copy checks id with `format: "
                     '"uri"` where the source has `format: "uuid"`', id="format"),
        pytest.param('pattern: "^[a-f0-9-]+$"', 'pattern: "^.+$"',
                     '  schema AuditEvent.id pattern: changed "^.+$" -> "^[a-f0-9-]+$"',
                     "    impact: a validator built from the copy checks id with `pattern: "
                     '"^.+$"` where the source has `pattern: "^[a-f0-9-]+$"`', id="pattern"),
        pytest.param("additionalProperties: false", "additionalProperties: true",
                     "  schema AuditEvent additionalProperties: changed true -> false",
                     "    impact: a service validating with the copy accepts objects with "
                     "properties it does not declare, which the source rejects",
                     id="additionalProperties"),
        pytest.param("          type: string\n          description",
                     "          type: integer\n          description",
                     '  schema AuditEvent.event_category type: changed "integer" -> "string"',
                     "    impact: a validator built from the copy checks event_category with "
                     '`type: "integer"` where the source has `type: "string"`', id="type"),
        pytest.param("    delete:\n      responses:\n        \"204\":\n          description: "
                     "gone\n", "",
                     "  DELETE /audit/events: key missing from the copy: {\"responses\": "
                     "{\"204\": {\"description\": \"gone\"}}}",
                     "    impact: the copy has no `DELETE /audit/events`: requests to it are "
                     "rejected as unknown", id="operation-missing"),
        pytest.param("paths:\n", "paths:\n  /old:\n    get: {}\n",
                     "  path /old: key only in the copy: {\"get\": {}}",
                     "    impact: the copy still has `/old`, which the source does not: it "
                     "accepts requests there", id="path-extra"),
    ],
)
def test_openapi_impacts(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], *,
                         old: str, new: str, line: str, impact: str) -> None:
    assert old in OPENAPI
    lines = report(make_repo, capsys, OPENAPI, OPENAPI.replace(old, new))
    assert lines[0] == "svc/spec.yaml: out of sync with api/spec.yaml [content]"
    assert lines[1:3] == [line, impact]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        pytest.param("description: what happened", "description: what it was",
                     '  schema AuditEvent.event_category description: changed "what it was" '
                     '-> "what happened"', id="description"),
        pytest.param("example: 9b2f", "example: 0000",
                     '  schema AuditEvent.id example: changed 0 -> "9b2f"', id="example"),
        pytest.param("title: audit", "title: Audit",
                     '  info.title: changed "Audit" -> "audit"', id="title"),
        pytest.param("summary: list events", "summary: list",
                     '  GET /audit/events summary: changed "list" -> "list events"',
                     id="summary"),
    ],
)
def test_documentation_only(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], old: str,
                            new: str, line: str) -> None:
    lines = report(make_repo, capsys, OPENAPI, OPENAPI.replace(old, new))
    assert lines[:3] == [
        "svc/spec.yaml: out of sync with api/spec.yaml [documentation-only]", line,
        "  declared at .specsync.yaml:2"]


def test_a_property_named_description_is_not_documentation(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    source = OPENAPI.replace("        event_category:\n          type: string\n          desc",
                             "        description:\n          type: string\n"
                             "        event_category:\n          type: string\n          desc")
    lines = report(make_repo, capsys, source, OPENAPI)
    assert lines[:2] == ["svc/spec.yaml: out of sync with api/spec.yaml [content]",
                         '  schema AuditEvent.description: key missing from the copy: '
                         '{"type": "string"}']


@pytest.mark.parametrize(
    ("old", "new", "line", "impact"),
    [
        pytest.param("enum: [available, sold]", "enum: [available]",
                     '  GET /pets query parameter status enum: the copy lacks "sold"',
                     '    impact: a service validating with the copy rejects `status: "sold"`, '
                     "which the source allows", id="parameter-enum"),
        pytest.param("minimum: 0", "minimum: 1",
                     "  POST /pets request body .age minimum: changed 1 -> 0",
                     "    impact: a service validating with the copy rejects `age` below 1 (down "
                     "to 0), which the source allows", id="body-parameter"),
    ],
)
def test_swagger_2(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], *, old: str,
                   new: str, line: str, impact: str) -> None:
    lines = report(make_repo, capsys, SWAGGER, SWAGGER.replace(old, new))
    assert lines[1:3] == [line, impact]


def test_swagger_2_documentation(make_repo: MakeRepo,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    lines = report(make_repo, capsys, SWAGGER, SWAGGER.replace("the pet's", "its"))
    assert lines[:2] == [
        "svc/spec.yaml: out of sync with api/spec.yaml [documentation-only]",
        '  schema Pet.name description: changed "its name" -> "the pet\'s name"']


def test_crd_field_missing_is_pruned(make_repo: MakeRepo,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    stale = CRD.replace("                        honorLabels:\n"
                        "                          type: boolean\n", "")
    assert report(make_repo, capsys, CRD, stale, "crd.yaml")[:3] == [
        "svc/crd.yaml: out of sync with api/crd.yaml [content]",
        "  ClusterPolicy v1 .spec.dcgmExporter.serviceMonitor.honorLabels: key missing from "
        'the copy: {"type": "boolean"}',
        "    impact: the API server prunes `.spec.dcgmExporter.serviceMonitor.honorLabels` on "
        "write when the copy's CRD is installed",
    ]


def test_crd_description_is_documentation_with_the_version_name(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    lines = report(make_repo, capsys, CRD, CRD.replace("scrape interval", "interval"),
                   "crd.yaml", "--verbose")
    pointer = ("/spec/versions/1/schema/openAPIV3Schema/properties/spec/properties/"
               "dcgmExporter/properties/serviceMonitor/properties/interval/description")
    assert lines[:2] == [
        "svc/crd.yaml: out of sync with api/crd.yaml [documentation-only]",
        "  ClusterPolicy v1 .spec.dcgmExporter.serviceMonitor.interval description "
        f'(svc/crd.yaml::{pointer}): changed "interval" -> "scrape interval"']


def test_crd_version_served_other_version(make_repo: MakeRepo,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    stale = CRD.replace("served: true\n      storage: false", "served: false\n      storage: false")
    assert report(make_repo, capsys, CRD, stale, "crd.yaml")[1:3] == [
        "  ClusterPolicy v1alpha1 served: changed false -> true",
        "    impact: the API server with the copy's CRD installed does not serve this version: "
        "requests to it fail, which the source serves"]


def test_crd_version_no_longer_served(make_repo: MakeRepo,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = CRD.replace("served: true\n      storage: false",
                         "served: false\n      storage: false")
    assert report(make_repo, capsys, source, CRD, "crd.yaml")[1:3] == [
        "  ClusterPolicy v1alpha1 served: changed true -> false",
        "    impact: the API server with the copy's CRD installed still serves this version, "
        "which the source no longer serves"]


@pytest.mark.parametrize(
    ("old", "new", "line", "impact"),
    [
        pytest.param('"maxLength": 80', '"maxLength": 40',
                     "  .city maxLength: changed 40 -> 80",
                     "    impact: a service validating with the copy rejects `city` longer than 40 "
                     "characters (up to 80), which the source allows", id="maxLength"),
        pytest.param('["home", "work"]', '["home"]', '  .kind enum: the copy lacks "work"',
                     '    impact: a service validating with the copy rejects `kind: "work"`, '
                     "which the source allows", id="enum"),
        pytest.param('"kind": {"enum": ["home", "work"]}', '"kind": {}',
                     '  .kind enum: key missing from the copy: ["home", "work"]',
                     '    impact: a service validating with the copy accepts `kind` other than '
                     '"home", "work", which the source rejects', id="enum-missing"),
        pytest.param('"zip": {"type": "string", "pattern": "^[0-9]{5}$"}',
                     '"zip": {"type": "string", "pattern": "^[0-9]{5}$", "enum": ["10115"]}',
                     '  .zip enum: key only in the copy: ["10115"]',
                     '    impact: a service validating with the copy rejects `zip` other than '
                     '"10115", which the source allows', id="enum-only-in-copy"),
        pytest.param('"required": ["city"]', '"required": []',
                     '  required: the copy lacks "city"',
                     '    impact: the copy accepts objects without "city", which the source '
                     "requires", id="required"),
    ],
)
def test_json_schema(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], *,
                     old: str, new: str, line: str, impact: str) -> None:
    lines = report(make_repo, capsys, SCHEMA, SCHEMA.replace(old, new), "address.json")
    assert lines[1:3] == [line, impact]


def test_json_schema_description_only(make_repo: MakeRepo,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    lines = report(make_repo, capsys, SCHEMA, SCHEMA.replace("the city", "City"),
                   "address.json")
    assert lines[:2] == [
        "svc/address.json: out of sync with api/address.json [documentation-only]",
        '  .city description: changed "City" -> "the city"']


def test_json_carries_path_pointer_and_impact(make_repo: MakeRepo,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    stale = OPENAPI.replace(", workflowexecution]", "]")
    report(make_repo, capsys, OPENAPI, stale, "spec.yaml", "--format", "json")
    # report() consumed the output: run again for the JSON
    assert main(["--format", "json"]) == 1
    change = json.loads(capsys.readouterr().out)["drifts"][0]["changes"][0]
    assert change["path"] == "schema AuditEvent.event_category enum"
    assert change["pointer"] == "/components/schemas/AuditEvent/properties/event_category/enum"
    assert change["impact"].startswith("a service validating with the copy rejects")
    assert change["documentation"] is False


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_github_and_sarif_carry_path_and_impact(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    stale = OPENAPI.replace(", workflowexecution]", "]")
    out = "\n".join(report(make_repo, capsys, OPENAPI, stale, "spec.yaml", "--format", fmt))
    assert "schema AuditEvent.event_category enum" in out
    assert "the copy lacks" in out
    assert "impact: a service validating with the copy rejects `event_category: " in out


def test_crd_bound_names_the_api_server(make_repo: MakeRepo,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = CRD.replace("                          description: scrape interval\n",
                         "                          description: scrape interval\n"
                         "                          maxLength: 16\n")
    lines = report(make_repo, capsys, source, source.replace("maxLength: 16", "maxLength: 8"),
                   "crd.yaml")
    assert lines[1:3] == [
        "  ClusterPolicy v1 .spec.dcgmExporter.serviceMonitor.interval maxLength: changed 8 -> "
        "16",
        "    impact: the API server with the copy's CRD installed rejects `interval` longer "
        "than 8 characters (up to 16), which the source allows"]


def test_a_long_description_is_shown_where_it_changed(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Two long texts that begin alike: the line shows the part that differs, not the
    beginning both share (cut at the same place, the two sides read the same)."""
    long = ("Domain-level category of the event, one of gateway, notification, analysis, "
            "workflow, execution")
    source = OPENAPI.replace("description: what happened", f"description: {long}, replay")
    lines = report(make_repo, capsys, source, OPENAPI.replace("description: what happened",
                                                              f"description: {long}"))
    assert lines[1] == ('  schema AuditEvent.event_category description: changed "...w, '
                        'execution" -> "...w, execution, replay"')


def test_enum_on_list_items_names_the_list(make_repo: MakeRepo,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An enum on a list property's items (`operations: [CREATE, UPDATE]`): the impact
    names the list's items, as the path does, not `the value`."""
    def crd(values: str) -> str:
        return CRD.replace("                        honorLabels:\n",
                           "                        operations:\n"
                           "                          type: array\n"
                           "                          items:\n"
                           "                            type: string\n"
                           f"                            enum: [{values}]\n"
                           "                        honorLabels:\n")
    lines = report(make_repo, capsys, crd("CREATE, UPDATE, PATCH"), crd("CREATE, UPDATE"),
                   "crd.yaml")
    assert lines[1:3] == [
        "  ClusterPolicy v1 .spec.dcgmExporter.serviceMonitor.operations[] enum: the copy "
        'lacks "PATCH"',
        "    impact: the API server with the copy's CRD installed rejects "
        '`operations[]: "PATCH"`, which the source allows']
