"""The report budget: a drift report stops analysing after a fixed number of steps, says
what it left out in one line, and the exit code does not change. Budgets are set small
here (steps, not seconds: nothing is timed)."""
from __future__ import annotations

import json

import pytest
from specsync.commands.check import main
from specsync.explain import budget

from tests.conftest import MakeRepo

LINK = "links:\n  - source: api/s.yaml\n    copies: [deploy/s.yaml]\n"
SOURCE, COPY = "api/s.yaml", "deploy/s.yaml"


def _documents(count: int, shift: int) -> str:
    return "".join(f"---\nname: doc-{i}\nvalue: {i + shift}\n" for i in range(count))


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["--all-files", *argv])
    return code, capsys.readouterr().out.splitlines()


def test_documents_past_the_budget_are_counted_not_analysed(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_repo({".specsync.yaml": LINK, SOURCE: _documents(40, 0), COPY: _documents(40, 1)})
    full_code, full = _report(capsys, "--verbose")
    assert f"  {COPY}::(document 40)/value: changed 40 -> 39" in full
    assert not any("not analysed" in line for line in full)
    # each pair of small documents costs two loads: this budget covers 5 pairs
    monkeypatch.setattr(budget, "REPORT_STEPS", 10 * (budget.LOAD_STEPS + 25))
    code, lines = _report(capsys, "--verbose")
    assert code == full_code == 1
    changes = [line for line in lines if line.startswith(f"  {COPY}::")]
    assert changes == [f"  {COPY}::(document {i})/value: changed {i} -> {i - 1}"
                       for i in range(1, 6)]
    assert "  ... 35 more differing documents not analysed (report budget); run with --diff " \
           "for the whole text diff" in lines


def test_a_whole_document_over_the_budget_shows_the_text_diff(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list cannot be cut into blocks: both sides are parsed whole, or not at all."""
    items = [f"- {{id: {i}, v: x{i}}}\n" for i in range(50)]
    source = "".join(items)
    copy = "".join(reversed(items))
    make_repo({".specsync.yaml": LINK, SOURCE: source, COPY: copy})
    monkeypatch.setattr(budget, "REPORT_STEPS", len(source) + len(copy) + 1000)
    code, lines = _report(capsys)
    assert code == 1
    assert not any("not compared" in line for line in lines)  # enough
    monkeypatch.setattr(budget, "REPORT_STEPS", len(source) + len(copy))
    code, lines = _report(capsys)
    assert code == 1
    size = f"{(len(source) + len(copy)) / 1e3:.1f} KB"
    assert f"  {COPY}: not compared as data: {size} to parse is more than the rest of the " \
           "report budget" in lines
    assert f"  +++ {COPY} (expected, from {SOURCE})" in lines  # what the report has instead


def test_cutting_a_long_mapping_draws_on_the_budget(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = "".join(f"key{i}: value{i}\n" for i in range(400))
    make_repo({".specsync.yaml": LINK, SOURCE: source,
               COPY: source.replace("value7\n", "changed\n")})
    code, lines = _report(capsys)
    assert (code, lines[1]) == (1, f'  {COPY}::/key7: changed "changed" -> "value7"')
    monkeypatch.setattr(budget, "REPORT_STEPS", 400 * budget.CUT_KEY_STEPS)  # one side's keys
    code, lines = _report(capsys)
    assert code == 1
    assert lines[1] == f"  {COPY}: not compared as data: finding and parsing the differing " \
                       "parts takes more than the report budget"
    assert "  -key7: changed" in lines


def test_text_diffs_past_their_budget_are_named(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = {".specsync.yaml": "links:\n" + "".join(
        f"  - source: a{i}.txt\n    copies: [b{i}.txt]\n" for i in range(3))}
    for i in range(3):
        files[f"a{i}.txt"], files[f"b{i}.txt"] = f"new {i}\n", f"old {i}\n"
    make_repo(files)
    monkeypatch.setattr(budget, "DIFF_BUDGET", 2 * budget.DIFF_STEPS)
    code, lines = _report(capsys)
    assert code == 1
    assert [line for line in lines if line.startswith("  +new")] == ["  +new 0", "  +new 1"]
    assert "  ... text diff not shown (report budget); run with --diff to see it" in lines
    code, lines = _report(capsys, "--diff")  # asked for: every diff
    assert [line for line in lines if line.startswith("  +new")] == \
        ["  +new 0", "  +new 1", "  +new 2"]


def test_pairing_list_items_draws_on_the_budget(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = "items:\n" + "".join(f"  - {i}\n" for i in range(30))
    copy = "items:\n" + "".join(f"  - {i}\n" for i in range(30) if i % 7)
    make_repo({".specsync.yaml": LINK, SOURCE: source, COPY: copy})
    code, lines = _report(capsys)
    assert (code, lines[1]) == (1, f"  {COPY}::/items/0: list item missing from the copy: 0")
    # enough to parse both sides, not to pair 54 list items
    monkeypatch.setattr(budget, "REPORT_STEPS", len(source) + len(copy) + 1_000)
    code, lines = _report(capsys)
    assert code == 1
    assert lines[1] == f"  {COPY}::/items/0: 24 list items in the copy differ from 29 in the " \
                       "source (too many to pair up in the report budget; see --diff)"


def test_the_verdict_does_not_depend_on_the_budget(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_repo({".specsync.yaml": LINK, SOURCE: _documents(3, 0), COPY: _documents(3, 1)})
    monkeypatch.setattr(budget, "REPORT_STEPS", 0)
    monkeypatch.setattr(budget, "DIFF_BUDGET", 0)
    code, lines = _report(capsys)
    assert code == 1
    assert "  ... 3 more differing documents not analysed (report budget); run with --diff " \
           "for the whole text diff" in lines
    code, out = main(["--all-files", "--format", "json"]), capsys.readouterr().out
    assert code == 1
    skipped = ("3 more differing documents not analysed (report budget); run with --diff for "
               "the whole text diff")
    assert json.loads(out)["drifts"][0]["skipped"] == skipped
    assert main(["--all-files", "--format", "github"]) == 1
    assert f"%0A... {skipped}" in capsys.readouterr().out
