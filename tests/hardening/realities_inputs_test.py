"""Issue 12, input validated at the boundary: every hostile value a user (or a PR) can put in
a spec, a config, a lock file or a file name ends in one line or a visible escape, never a
traceback, and reads the same on every machine."""
from __future__ import annotations

import pytest
from specsync.cli import main

from tests.hardening.proc import specsync
from tests.helpers import git, read, write

BIG = "9" * 5000  # past Python's 4300-digit limit for int <-> str


def _links(*items: str) -> str:
    return "links:\n" + "".join(items)


# T1: an integer too long for Python's int <-> str conversion, in each place data is loaded
@pytest.mark.parametrize(("files", "copy", "expect"), [
    pytest.param({"api/s.json": f'{{"a": 1,\n "max": {BIG}}}\n', "pkg/c.json": '{"max": 1}\n'},
                 "pkg/c.json", (1, "api/s.json:2"), id="json-drift-report"),
    pytest.param({"api/s.json": f'{{"a": 1,\n "max": {BIG}}}\n', "pkg/c.json": '{"max": 1}\n'},
                 "{path: pkg/c.json, compare: data}", (1, "api/s.json:2"), id="json-compare-data"),
    pytest.param({"api/s.json": f'{{"a": 1,\n "max": {BIG}}}\n', "pkg/c.yaml": "max: 1\n"},
                 "{path: pkg/c.yaml, transform: json-to-yaml}", (2, "api/s.json:2"),
                 id="json-to-yaml"),
    pytest.param({"api/s.yaml": f"a: 1\nmax: {BIG}\n", "pkg/c.yaml": "max: 1\n"},
                 "pkg/c.yaml", (1, "api/s.yaml:2"), id="yaml-drift-report"),
    pytest.param({"api/s.yaml": f"a: 1\nmax: {BIG}\n", "pkg/c.json": '{"max": 1}\n'},
                 "{path: pkg/c.json, transform: yaml-to-json}", (2, "api/s.yaml:2"),
                 id="yaml-to-json"),
    # hexadecimal parses (no digit limit in base 16) but has no decimal text to render
    pytest.param({"api/s.yaml": f"a: 1\nmax: 0x{'f' * 4000}\n", "pkg/c.yaml": "max: 1\n"},
                 "{path: pkg/c.yaml, compare: data}", (1, "api/s.yaml"), id="yaml-hex-report"),
    pytest.param({"api/s.yaml": f"a: 1\nmax: 0x{'f' * 4000}\n", "pkg/c.json": '{"max": 1}\n'},
                 "{path: pkg/c.json, transform: yaml-to-json}", (2, "api/s.yaml"),
                 id="yaml-hex-to-json"),
])
def test_integer_past_the_digit_limit_is_one_line(make_repo, capsys, files, copy, expect):
    source = next(iter(files))
    code, where = expect
    make_repo({**files, ".specsync.yaml": _links(
        f"  - source: {source}\n    copies:\n      - {copy}\n")}, commit=True)
    assert main(["check"]) == code
    out, err = capsys.readouterr()
    said = [line.strip() for line in (out + err).splitlines() if "digits" in line]
    assert said and all("Traceback" not in line for line in said), out + err
    assert f"{where}: holds an integer longer than 4300 digits" in said[0], said


# T2: `timeout:` is a finite number of seconds, 0 < t <= a day; refused before anything runs
@pytest.mark.parametrize("timeout", [".inf", ".nan", "-.inf", "1e400", "1" + "0" * 400, "86401",
                                     "0", "true"])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_timeout_out_of_range_is_refused_with_its_line(make_repo, capsys, timeout, command):
    repo = make_repo({
        "api/o.yaml": "a: 1\n", "gen/out.yaml": "old\n",
        ".specsync.yaml": "generated:\n  - sources: [api/o.yaml]\n    outputs: [gen/out.yaml]\n"
                          f"    command: touch ran\n    timeout: {timeout}\n"}, commit=True)
    write(repo, {"api/o.yaml": "a: 2\n"})
    git(repo, "add", "api/o.yaml")
    assert main([command]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (".specsync.yaml:5: timeout must be a number of seconds greater than 0 and "
                   "at most 86,400 (24 hours)\n")
    assert not (repo / "ran").exists()
    assert read(repo, "gen/out.yaml") == b"old\n"


# D9: yaml-to-json never writes one JSON name twice (a reader would drop one value)
@pytest.mark.parametrize(("keys", "said"), [
    pytest.param(("200", "'200'"), "keys 200 and '200' of /r would both be written as \"200\"",
                 id="int-and-string"),
    pytest.param(("true", "'true'"), "keys True and 'true' of /r would both be written as "
                 "\"true\"", id="bool-and-string"),
    pytest.param(("1.5", "'1.5'"), "keys 1.5 and '1.5' of /r would both be written as \"1.5\"",
                 id="float-and-string"),
    pytest.param(("null", "'null'"), "keys None and 'null' of /r would both be written as "
                 "\"null\"", id="null-and-string"),
])
def test_yaml_to_json_refuses_keys_written_alike(make_repo, capsys, keys, said):
    repo = make_repo({
        "api/o.yaml": f"r:\n  {keys[0]}: {{d: a}}\n  {keys[1]}: {{d: b}}\n",
        ".specsync.yaml": _links("  - source: api/o.yaml\n    copies:\n"
                                 "      - {path: web/o.json, transform: yaml-to-json}\n")},
        commit=True)
    assert main(["fix"]) == 2
    assert capsys.readouterr().err == (".specsync.yaml:2: copy 'web/o.json': api/o.yaml: cannot "
                                       f"be written as JSON: {said}\n")
    assert not (repo / "web/o.json").exists()


# SM3: two lock lines for one entry (a bad merge) are refused, whichever comes last
@pytest.mark.parametrize("stale_last", [False, True], ids=["stale-first", "stale-last"])
def test_two_lock_lines_for_one_entry_are_refused(make_repo, capsys, stale_last):
    repo = make_repo({
        "api/o.yaml": "a: 1\n", "gen/out.yaml": "a: 1\n",
        ".specsync.yaml": "generated:\n  - sources: [api/o.yaml]\n    outputs: [gen/out.yaml]\n"
                          "    command: cp api/o.yaml gen/out.yaml\n"})
    assert main(["lock"]) == 0
    lines = read(repo, "specsync.lock").decode().splitlines(keepends=True)
    good = lines[-1]
    stale = f"generated gen/out.yaml sources={'0' * 64} outputs={'1' * 64}\n"
    body = [good, stale] if stale_last else [stale, good]
    write(repo, {"specsync.lock": "".join(lines[:-1] + body)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "bad merge")
    capsys.readouterr()
    assert main(["check", "--all-files"]) == 2
    assert capsys.readouterr().err == (
        "specsync.lock:5: has two lines for generated gen/out.yaml (lines 4 and 5); keep one "
        "and run `specsync lock`\n")
    assert main(["lock"]) == 0  # the way out the message names works
    git(repo, "add", "specsync.lock")
    assert main(["check", "--all-files"]) == 0


# SM1: one definition of a YAML file's documents for `compare: data` and for the report
SM1_SOURCE = 'openapi: 3.0.3\ninfo:\n  version: "1"\n'


@pytest.mark.parametrize("copy", [
    pytest.param(SM1_SOURCE + "---\n", id="trailing-marker"),
    pytest.param(SM1_SOURCE + "---\n# nothing here\n---\n", id="two-empty-documents"),
    pytest.param("---\n" + SM1_SOURCE + "...\n", id="explicit-start-and-end"),
    pytest.param(SM1_SOURCE + "--- ~\n", id="explicit-null-document"),
])
def test_empty_yaml_documents_count_alike_in_compare_and_report(make_repo, capsys, copy):
    repo = make_repo({"api/o.yaml": SM1_SOURCE, "pkg/data.yaml": copy, "pkg/bytes.yaml": copy,
                      ".specsync.yaml": _links(
                          "  - source: api/o.yaml\n    copies:\n"
                          "      - {path: pkg/data.yaml, compare: data}\n"
                          "      - pkg/bytes.yaml\n")}, commit=True)
    assert main(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "pkg/data.yaml" not in out, out  # equal as data: in sync
    assert "pkg/bytes.yaml" in out and "[formatting-only]" in out, out
    assert "the parsed data is equal" in out, out
    # with a real change after the empty document, both say so
    write(repo, {"pkg/data.yaml": copy.replace('"1"', '"2"')})
    git(repo, "add", "pkg/data.yaml")
    assert main(["check", "pkg/data.yaml"]) == 1
    out = capsys.readouterr().out
    assert "[content; info.version" in out and "parsed data is equal" not in out, out


# C4: a file name cannot start an output line of its own (a GitHub workflow command) or drive
# the terminal: every printer shows its control characters as visible escapes
EVIL = "x\n::warning title=injected::pwned\r\x1b]0;title\x07.yaml"
SHOWN = "x\\n::warning title=injected::pwned\\r\\x1b]0;title\\x07.yaml"


def _evil_repo(make_repo, *, lock=False):
    return make_repo({
        f"api/{EVIL}": 'openapi: 3.0.3\ninfo:\n  version: "2"\n',
        f"pkg/{EVIL}": 'openapi: 3.0.3\ninfo:\n  version: "1"\n',
        ".specsync.yaml": "links:\n  - source: api/*.yaml\n    copies: [pkg/]\n"
                          + ("    lock: true\n" if lock else "")}, commit=True)


def _no_injection(text):
    for line in text.splitlines():
        assert not line.startswith("::") or line.startswith("::error "), line
        assert "\x1b" not in line and "\r" not in line and "\x07" not in line, repr(line)


@pytest.mark.parametrize("args", [
    ["check", "--all-files"], ["check", "--all-files", "--format", "github"],
    ["check", "--all-files", "--verbose", "--diff"], ["fix"],
], ids=["check-text", "check-github", "check-verbose", "fix"])
def test_control_characters_in_names_are_escaped(make_repo, capsys, args):
    _evil_repo(make_repo)
    assert main(args) == 1
    out, err = capsys.readouterr()
    _no_injection(out + err)
    if "github" in args:
        assert "file=pkg/x%0A%3A%3Awarning title=injected%3A%3Apwned%0D" in out, out
    assert f"pkg/{SHOWN}" in out, out


def test_control_characters_in_names_are_escaped_in_lock_results(make_repo, capsys):
    repo = _evil_repo(make_repo, lock=True)
    write(repo, {f"pkg/{EVIL}": 'openapi: 3.0.3\ninfo:\n  version: "2"\n'})
    git(repo, "add", "-A")
    assert main(["check", "--all-files"]) == 1  # locked copy not in specsync.lock yet
    out, err = capsys.readouterr()
    _no_injection(out + err)
    assert f"pkg/{SHOWN}" in out, out


# T4: --format json is valid UTF-8 JSON whatever bytes a file name holds
def test_json_report_is_valid_utf8_with_undecodable_names(make_repo, tmp_path):
    import json
    import subprocess

    from tests.hardening.proc import SPECSYNC

    name = b"a\xff\xc3\xa9.yaml"  # an undecodable byte, then a real UTF-8 e-acute
    repo = make_repo({".specsync.yaml": "links:\n  - source: api/*.yaml\n    copies: [pkg/]\n"})
    (repo / "api").mkdir()
    (repo / "pkg").mkdir()
    (repo / "api" / name.decode("utf-8", "surrogateescape")).write_text("a: 2\n")
    (repo / "pkg" / name.decode("utf-8", "surrogateescape")).write_text("a: 1\n")
    git(repo, "add", "-A")
    proc = subprocess.run([SPECSYNC, "check", "--format", "json"], cwd=repo,
                          capture_output=True, check=False)
    assert proc.returncode == 1, proc
    report = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8, then JSON
    assert [d["copy"] for d in report["drifts"]] == ["pkg/a\\xff\u00e9.yaml"]
    assert report["drifts"][0]["source"] == "api/a\\xff\u00e9.yaml"


# T3: undecodable bytes in names go to git and the OS as those bytes; lone surrogates in the
# config (which no name can hold) are refused at parse time with their line
ODD = b"a\xff.yaml".decode("utf-8", "surrogateescape")


def _odd_files(repo, files):
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    git(repo, "add", "-A")


def test_undecodable_name_in_a_discovered_copy(make_repo):
    repo = make_repo({"api/openapi.yaml": "openapi: 3.0.3\n", "pkg/x/keep": ""})
    _odd_files(repo, {"pkg/x/e.go": b"package x\n\n//go:generate cp ../../api/openapi.yaml "
                      b"spec\xff.yaml\n"})
    run = specsync(repo, "discover")  # a child process: the name is printed as its bytes
    assert run.code == 0 and "pkg/x/spec\ufffd.yaml" in run.out, run
    run = specsync(repo, "check")
    assert run.code == 1 and "pkg/x/spec\ufffd.yaml: missing copy" in run.out, run
    assert specsync(repo, "fix").code == 1
    assert (repo / "pkg" / "x" / "spec\udcff.yaml").read_bytes() == b"openapi: 3.0.3\n"


@pytest.mark.parametrize(("config", "line"), [
    pytest.param(_links('  - source: api/o.yaml\n    copies:\n      - path: pkg/a.yaml\n'
                        '        header: "# \\ud800 from {source}"\n'), 5, id="header"),
    pytest.param(_links('  - source: api/o.yaml\n    copies: ["pkg/\\ud800.yaml"]\n'), 3,
                 id="copy-path"),
    pytest.param(_links('  - source: "api/\\U0000dfff.yaml"\n    copies: [pkg/]\n'), 2,
                 id="source-path"),
    pytest.param("generated:\n  - sources: [api/o.yaml]\n    outputs: [gen/]\n"
                 '    command: "echo \\udcff"\n', 4, id="command"),
])
@pytest.mark.parametrize("command", ["check", "fix", "lock"])
def test_lone_surrogate_in_config_is_refused_with_its_line(make_repo, capsys, config, line,
                                                          command):
    make_repo({"api/o.yaml": "a: 1\n", ".specsync.yaml": config})
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert err == (f".specsync.yaml:{line}: holds a lone surrogate (a \\uD800-\\uDFFF escape): "
                   "paths and headers must be Unicode text\n"), err


@pytest.mark.parametrize("kind", ["locked-copy", "generated-output"])
def test_undecodable_names_under_the_lock(make_repo, kind):
    if kind == "locked-copy":
        config = "links:\n  - source: api/*.yaml\n    copies: [pkg/]\n    lock: true\n"
        files = {f"api/{ODD}": b"a: 1\n", f"pkg/{ODD}": b"a: 1\n"}
    else:
        config = ("generated:\n  - sources: [api/o.yaml]\n    outputs: [gen/]\n"
                  "    command: \"true\"\n")
        files = {"api/o.yaml": b"a: 1\n", f"gen/{ODD}": b"x\n"}
    repo = make_repo({".specsync.yaml": config})
    _odd_files(repo, files)
    assert specsync(repo, "lock").code == 0
    lock = read(repo, "specsync.lock")
    lock.decode("utf-8")  # the lock file stays UTF-8 text: the byte is written %FF
    assert b"%FF.yaml" in lock or kind == "generated-output", lock
    git(repo, "add", "-A")
    for args in (["check", "--all-files"], ["check", "--worktree"], ["fix"]):
        run = specsync(repo, *args)
        assert run.code == 0 and "Traceback" not in run.err, (args, run)
    assert specsync(repo, "lock").code == 0
    assert read(repo, "specsync.lock") == lock  # read back as the same name


# F6: one YAML reading (1.2) with or without ruamel.yaml.clib, whatever `%YAML 1.1` says
YAML11 = "on: yes\nmode: 017\nflag: off\ntime: 1:20\nfloat: 1e3\nhex: 0x1F\n"
AS_12 = b'{"on": "yes", "mode": 17, "flag": "off", "time": "1:20", "float": 1000.0, "hex": 31}\n'


@pytest.fixture(params=["c", "pure"])
def yaml_parser(request, monkeypatch):
    """Run with ruamel.yaml's C parser, or with the pure Python one forced."""
    import sys

    from specsync import yaml12

    monkeypatch.setattr(yaml12, "_LOADERS", [])
    if request.param == "pure":  # as ruamel.yaml sets itself up when clib is not installed
        monkeypatch.setitem(sys.modules, "ruamel.yaml.cyaml", None)
        monkeypatch.setattr("ruamel.yaml.main.CParser", None)
    assert (yaml12.loaders()[0] is None) == (request.param == "pure")
    return request.param


@pytest.mark.parametrize("head", ["", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n"],
                         ids=["no-directive", "yaml-1.1", "yaml-1.2"])
def test_yaml_reads_as_1_2_with_and_without_the_c_parser(make_repo, yaml_parser, head):
    import warnings

    repo = make_repo({"api/o.yaml": head + YAML11, ".specsync.yaml": _links(
        "  - source: api/o.yaml\n    copies:\n"
        "      - {path: web/o.json, transform: yaml-to-json, indent: 0}\n"
        "      - {path: pkg/o.yaml, compare: data}\n")}, commit=True)
    write(repo, {"pkg/o.yaml": YAML11.replace("yes", "'yes'").replace("017", "17")})
    git(repo, "add", "-A")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no YAML 1.1 warnings either
        assert main(["fix"]) == 1
        assert read(repo, "web/o.json") == AS_12
        git(repo, "add", "-A")
        assert main(["check", "--all-files"]) == 0  # and the data copy equals it as 1.2


def test_copy_made_with_clib_passes_without_it(make_repo, tmp_path):
    """The real processes: fix with the C extension, check with it hidden (as on a machine
    without it), with specsync's expected-id cache kept and cleared; the cache stamp names
    the parser."""
    import shutil
    import subprocess
    import sys

    repo = make_repo({"api/o.yaml": "%YAML 1.1\n---\n" + YAML11, ".specsync.yaml": _links(
        "  - source: api/o.yaml\n    copies:\n"
        "      - {path: web/o.json, transform: yaml-to-json, indent: 0}\n")}, commit=True)
    hide = tmp_path / "noclib"
    hide.mkdir()
    (hide / "_ruamel_yaml.py").write_text("raise ImportError('ruamel.yaml.clib hidden')\n")
    pure = {"PYTHONPATH": str(hide)}
    assert specsync(repo, "fix").code == 1
    assert read(repo, "web/o.json") == AS_12
    git(repo, "add", "-A")
    assert specsync(repo, "check").code == 0
    assert specsync(repo, "check", env=pure).code == 0  # cache from the clib run kept
    shutil.rmtree(repo / ".git" / "specsync")
    assert specsync(repo, "check", env=pure).code == 0  # cache cleared: parsed without clib
    code = "from specsync.drift.expected_ids import stamp; print(stamp())"
    stamps = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**__import__("os").environ, **env}, check=True).stdout
              for env in ({}, pure)]
    assert stamps[0].strip().endswith(":c") and stamps[1].strip().endswith(":pure"), stamps


# T5: the limit on what the report parses (the report budget, at most 3 MB) is checked
# before any block is parsed
def _big_spec(change: str) -> tuple[str, str]:
    blocks = [f"  /p{i}:\n    get:\n      operationId: op{i}\n      responses:\n"
              f"        '200':\n          description: ok\n" for i in range(34_000)]
    source = "openapi: 3.0.3\npaths:\n" + "".join(blocks)
    if change == "every":
        return source, source.replace("description: ok", "description: changed")
    return source, source[:-3] + "changed\n"  # the last block only


@pytest.mark.parametrize(("change", "parsed"), [("every", 0), ("last", 2)])
def test_report_checks_the_parse_limit_before_parsing(make_repo, capsys, monkeypatch, change,
                                                      parsed):
    from specsync.explain import analysis

    source, copy = _big_spec(change)
    assert len(source) > 3_500_000
    make_repo({"api/o.yaml": source, "pkg/o.yaml": copy,
               ".specsync.yaml": _links("  - source: api/o.yaml\n    copies: [pkg/o.yaml]\n")},
              commit=True)
    calls = []
    real = analysis.load_text
    monkeypatch.setattr(analysis, "load_text", lambda kind, text: calls.append(len(text))
                        or real(kind, text))
    assert main(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    over = ("not compared as data: finding and parsing the differing parts takes more than "
            "the report budget")
    assert (over in out) == (change == "every"), out
    assert len(calls) == parsed, calls[:5]  # every block: nothing parsed; one: its two sides
