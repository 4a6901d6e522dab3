"""`ignore:` on a `compare: data` copy: in sync when it differs only where the patterns
point, reported (without the ignored differences) when it differs elsewhere, and fixed
from the source without losing the copy's own values at the ignored locations."""
from __future__ import annotations

import json

import pytest
from specsync.commands import check, fix
from specsync.config.model import CopySpec
from specsync.documents import load_documents
from specsync.drift.compare import equal_at_level
from specsync.drift.ignore import differences, graft, judge
from specsync.drift.levels import same_types

from tests.conftest import MakeRepo
from tests.helpers import git, read, write

SOURCE = "api/openapi.yaml"
COPY = "pkg/server/openapi_spec.yaml"
SPEC = """\
openapi: 3.1.0
info:
  title: audit
  version: "2.1.0"
  description: The audit service.
paths:
  /audit/events:
    post:
      description: Store one event.
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/AuditEvent"
      responses:
        "201":
          description: stored
components:
  schemas:
    AuditEvent:
      description: One audited action.
      type: object
      required: [event_category]
      properties:
        event_category:
          type: string
          description: Which part of the system acted.
          enum: [gateway, notification, workflowexecution]
"""
# the copy embedded in a service: its own version and wording, otherwise the same data
OWN = (SPEC.replace('version: "2.1.0"', 'version: "2.1.0-embedded"')
       .replace("Which part of the system acted.", "The acting component (see docs).")
       .replace("description: stored", "description: Stored."))
CONFIG = f"""\
links:
  - source: {SOURCE}
    copies:
      - path: {COPY}
        compare: data
        ignore: [/info/version, "**/description"]
"""


def _repo(make_repo: MakeRepo, copy: str, config: str = CONFIG, **more: str) -> object:
    return make_repo({".specsync.yaml": config, SOURCE: SPEC, COPY: copy, **more}, commit=True)


def test_a_copy_that_differs_only_where_ignored_is_in_sync(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = _repo(make_repo, OWN)
    assert check.main([]) == 0
    assert fix.main([]) == 0
    assert capsys.readouterr() == ("", "")
    assert read(repo, COPY) == OWN.encode()  # fix wrote nothing


def test_without_ignore_the_same_copy_drifts(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    _repo(make_repo, OWN, CONFIG.replace('        ignore: [/info/version, "**/description"]\n',
                                         ""))
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert 'info.version "2.1.0-embedded" in the copy, "2.1.0" in the source' in out


def test_differences_elsewhere_are_reported_without_the_ignored_ones(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    stale = OWN.replace(", workflowexecution]", "]")
    _repo(make_repo, stale)
    assert check.main([]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"{COPY}: out of sync with {SOURCE} [content]"  # no version pair
    assert lines[1] == f"  {COPY}: 3 differences ignored by ignore:"
    assert 'the copy lacks "workflowexecution"' in lines[2]
    assert out.count("ignored by ignore:") == 1
    assert "description" not in out and "embedded" not in out


def test_fix_brings_the_source_and_keeps_the_copy_s_ignored_values(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = _repo(make_repo, OWN.replace(", workflowexecution]", "]"))
    assert fix.main([]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"Fixing {COPY} (from {SOURCE})"
    (written,) = load_documents(COPY, read(repo, COPY))
    (own,) = load_documents(COPY, OWN.encode())
    assert written == own  # the enum value from the source, the copy's own wording kept
    assert written["info"]["version"] == "2.1.0-embedded"
    git(repo, "add", "-A")
    assert check.main([]) == 0
    assert fix.main([]) == 0  # idempotent: the second run writes nothing
    assert capsys.readouterr().out == ""


def test_fix_writes_the_source_bytes_when_nothing_ignored_differs(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    repo = _repo(make_repo, SPEC.replace(", workflowexecution]", "]"))
    assert fix.main([]) == 1
    assert read(repo, COPY) == SPEC.encode()  # verbatim: comments and layout kept


def test_a_copy_key_the_source_lacks_is_kept_when_ignored(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    config = CONFIG.replace('"**/description"]', '"**/description", /info/x-*]')
    own = OWN.replace("info:\n", "info:\n  x-embedded-by: server\n")
    repo = _repo(make_repo, own.replace(", workflowexecution]", "]"), config)
    assert fix.main([]) == 1
    (written,) = load_documents(COPY, read(repo, COPY))
    assert written["info"]["x-embedded-by"] == "server"
    assert written["components"]["schemas"]["AuditEvent"]["properties"]["event_category"][
        "enum"] == ["gateway", "notification", "workflowexecution"]


def test_json_report_counts_the_ignored_differences(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    _repo(make_repo, OWN.replace(", workflowexecution]", "]"))
    assert check.main(["--format", "json"]) == 1
    (drift,) = json.loads(capsys.readouterr().out)["drifts"]
    assert drift["ignored"] == 3
    assert [c["pointer"] for c in drift["changes"]] == [
        "/components/schemas/AuditEvent/properties/event_category/enum"]


def test_a_json_copy_with_a_transform(make_repo: MakeRepo,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Pointers name places in the copy's data, whatever format it is written in."""
    config = (f"links:\n  - source: {SOURCE}\n    copies:\n      - path: web/openapi.json\n"
              "        transform: yaml-to-json\n        compare: data\n"
              "        ignore: /info/version\n")
    data = json.loads(json.dumps(load_documents(SOURCE, SPEC.encode())[0]))
    data["info"]["version"] = "web"
    repo = make_repo({".specsync.yaml": config, SOURCE: SPEC,
                      "web/openapi.json": json.dumps(data, indent=4)}, commit=True)
    assert check.main([]) == 0
    write(repo, {SOURCE: SPEC.replace("[event_category]", "[]")})
    git(repo, "add", "-A")
    assert check.main([]) == 1
    assert "1 difference ignored by ignore:" in capsys.readouterr().out
    assert fix.main([]) == 1
    written = json.loads(read(repo, "web/openapi.json"))
    assert written["info"]["version"] == "web"
    assert written["components"]["schemas"]["AuditEvent"]["required"] == []


@pytest.mark.parametrize(("config", "line", "message"), [
    pytest.param(CONFIG.replace("        compare: data\n", ""), 5,
                 "ignore applies only to compare: data", id="plain-copy"),
    pytest.param(CONFIG.replace("compare: data", "compare: text"), 6,
                 "ignore applies only to compare: data", id="text-copy"),
    pytest.param(CONFIG.replace("/info/version", "info/version"), 6,
                 "ignore 'info/version' is not a JSON pointer", id="not-a-pointer"),
    pytest.param(CONFIG.replace('"**/description"', '"/a/b**"'), 6,
                 "** stands alone between slashes", id="bad-glob"),
    pytest.param(CONFIG.replace('[/info/version, "**/description"]', "[]"), 6,
                 "ignore must list JSON pointers", id="empty"),
    pytest.param(CONFIG.replace('[/info/version, "**/description"]', '"**"'), 6,
                 "covers the whole document", id="whole-document"),
])
def test_bad_ignore_is_a_config_error(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                      config: str, line: int, message: str) -> None:
    repo = _repo(make_repo, SPEC, config)
    for command in (check, fix):
        assert command.main([]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f".specsync.yaml:{line}: ") and message in err, err
        assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert read(repo, COPY) == SPEC.encode()


def test_the_byte_gate_of_plain_copies_is_unchanged(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    config = CONFIG + "      - path: pkg/plain.yaml\n"
    _repo(make_repo, OWN, config, **{"pkg/plain.yaml": SPEC + "# a comment\n"})
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"pkg/plain.yaml: out of sync with {SOURCE}") and COPY not in out


# the core, without a repository
DATA = {"a": {"b": 1, "c": [1, 2], "d": True}, "e": "x"}


@pytest.mark.parametrize(("have", "found"), [
    pytest.param({"a": {"b": 1, "c": [1, 2], "d": True}, "e": "x"}, [], id="equal"),
    pytest.param({"a": {"b": 2, "c": [1, 2], "d": True}, "e": "x"}, [("a", "b")], id="value"),
    pytest.param({"a": {"b": True, "c": [1, 2], "d": True}, "e": "x"}, [("a", "b")],
                 id="type-1-is-not-true"),
    pytest.param({"a": {"b": 1, "c": [1, 3], "d": True}, "e": "x"}, [("a", "c", 1)],
                 id="list-item"),
    pytest.param({"a": {"b": 1, "c": [1], "d": True}, "e": "x"}, [("a", "c")],
                 id="list-length"),
    pytest.param({"a": {"b": 1, "c": [1, 2]}, "e": "x", "f": 0}, [("a", "d"), ("f",)],
                 id="keys-on-one-side"),
])
def test_differences_are_the_smallest_differing_locations(have: object,
                                                          found: list[tuple[object]]) -> None:
    assert sorted(differences(DATA, have, same_types), key=str) == sorted(found, key=str)


def test_graft_takes_the_copy_s_values_and_leaves_the_source_alone() -> None:
    have = {"a": {"b": 9, "c": [1, 2]}, "e": "x", "f": 0}
    merged = graft(DATA, have, [("a", "b"), ("a", "d"), ("f",)])
    assert merged == {"a": {"b": 9, "c": [1, 2]}, "e": "x", "f": 0}
    assert DATA == {"a": {"b": 1, "c": [1, 2], "d": True}, "e": "x"}  # not changed


def test_judge_is_the_predicate_of_equal_at_level() -> None:
    spec = CopySpec(COPY, 1, compare="data", ignore=("/info/version", "**/description"))
    assert judge(spec, SOURCE, SPEC.encode(), OWN.encode()).in_sync
    assert equal_at_level(spec, SOURCE, SPEC.encode(), OWN.encode())
    stale = OWN.replace("type: object", "type: array").encode()
    judged = judge(spec, SOURCE, SPEC.encode(), stale)
    assert not judged.in_sync and judged.ignored == 3
    assert not equal_at_level(spec, SOURCE, SPEC.encode(), stale)


def test_a_big_spec_reports_every_copy_in_the_spec_s_terms(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    """The report compares the copy with the source's own bytes and skips the ignored
    changes: only the blocks that differ are parsed, so an ignore: copy of a big spec
    leaves the report budget to the next copy (a rewritten expected would differ from the
    copy everywhere and be parsed whole)."""
    schemas = "".join(f"    Thing{i}:\n      type: object\n      description: thing {i}\n"
                      "      properties:\n        kind:\n          type: string\n"
                      "          enum: [a, b, c]\n" for i in range(6000))
    big = SPEC + schemas
    stale = big.replace(", workflowexecution]", "]")
    config = CONFIG + "      - pkg/plain/openapi_spec.yaml\n"
    _repo(make_repo, stale.replace('version: "2.1.0"', 'version: "2.1.0-embedded"'), config,
          **{SOURCE: big, "pkg/plain/openapi_spec.yaml": stale})
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert out.count('the copy lacks "workflowexecution"') == 2, out
    assert "not compared as data" not in out
