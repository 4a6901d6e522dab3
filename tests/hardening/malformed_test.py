"""Malformed config and specs: one line naming the file, exit 1 or 2, bounded, no traceback.

Each case runs specsync as a child process under an address-space limit
(tests/hardening/proc.py), so a case that blows up memory or hangs fails.
"""
from __future__ import annotations

import pytest

from tests.hardening.proc import assert_one_line_error, specsync
from tests.helpers import git, read, snapshot_tree


def alias_bomb(indent: str = "") -> str:
    """"Billion laughs": 9 levels of 9 references, ~4*10^8 nodes when expanded."""
    lines = [f"{indent}- &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"{indent}- &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


LINK = "links:\n  - source: s.yaml\n    copies:\n      - c.yaml\n"

# (id, config bytes): each must stop the run with exit 2 and one line naming the config
BAD_CONFIGS = [
    ("invalid-yaml", b"links: [\n"),
    ("duplicate-keys", LINK.encode() + b"links: []\n"),
    ("tab-indent", b"links:\n\t- source: s.yaml\n"),
    ("50MB-single-line", b"# " + b"x" * 50_000_000 + b"\n" + LINK.encode()),
    ("10^6-keys", b"".join(b"k%d: 1\n" % i for i in range(1_000_000))),
    ("nested-10^4-lists", b"links: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"),
    ("nested-10^4-maps", b"links: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n"),
    ("alias-bomb", (LINK + "      - path: d.yaml\n        transform:\n"
                    + alias_bomb("          ")).encode()),
    ("alias-bomb-as-key", ("a:\n" + alias_bomb("  ") + "? *a8\n: 1\n").encode()),
    ("unhashable-key", b"? [[a]]\n: 1\n"),
    ("python-object-tag", b"links: !!python/object/apply:os.system ['touch pwned']\n"),
    ("python-name-tag", b"links:\n  - source: !!python/name:os.system\n    copies: [c.yaml]\n"),
    ("non-utf8", b"links:\n  - source: s\xff.yaml\n"),
    ("utf16-bom", LINK.encode("utf-16")),
    ("nul-byte", LINK.encode() + b"\0\n"),
]


@pytest.mark.parametrize(("config"), [c for _, c in BAD_CONFIGS],
                         ids=[name for name, _ in BAD_CONFIGS])
def test_bad_config_is_one_line_and_writes_nothing(make_repo, config):
    repo = make_repo({".specsync.yaml": config, "s.yaml": "a: 1\n"})
    before = snapshot_tree(repo)
    for command in ("check", "fix"):
        run = specsync(repo, command, "--all-files")
        assert_one_line_error(run, ".specsync.yaml")
    assert snapshot_tree(repo) == before
    assert not (repo / "pwned").exists()


def test_utf16_config_says_so(make_repo):
    repo = make_repo({".specsync.yaml": LINK.encode("utf-16"), "s.yaml": "a: 1\n"})
    run = specsync(repo, "check")
    assert (run.code, run.err) == (2, ".specsync.yaml:1: is UTF-16; save it as UTF-8\n")


def test_reused_anchor_in_config_prints_no_library_warning(make_repo):
    config = "links:\n  - source: &a s.yaml\n    copies: [&a c.yaml]\n"
    repo = make_repo({".specsync.yaml": config, "s.yaml": "a: 1\n"})
    run = specsync(repo, "check")
    assert (run.code, run.err) == (1, "")
    assert run.out.startswith("c.yaml: missing copy of s.yaml [missing]\n")


def test_empty_config_declares_nothing(make_repo):
    """An empty config is valid: no links (discovery may still add some); exit 0."""
    repo = make_repo({".specsync.yaml": "", "s.yaml": "a: 1\n"})
    assert specsync(repo, "check").code == 0
    assert specsync(repo, "fix").code == 0


# (id, spec bytes): loaded by specsync only for transform/select/`compare: data`
BAD_SPECS = [
    ("invalid-yaml", b"a: [\n"),
    ("duplicate-keys", b"a: 1\na: 2\n"),
    ("tab-indent", b"a:\n\t- b\n"),
    ("10^6-keys", b"".join(b"k%d: 1\n" % i for i in range(1_000_000))),
    ("3x10^6-keys-one-line", b"{" + b", ".join(b"k%d: 1" % i for i in range(3_000_000)) + b"}"),
    ("nested-10^4-lists", b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"),
    ("nested-10^4-maps", b"a: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n"),
    ("nested-10^4-json", b"[" * 10_000 + b"]" * 10_000),
    # deep enough to overflow the C parser's stack (it crashed the drift report)
    ("nested-2x10^5-flow", b"[" * 200_000 + b"]" * 200_000),
    ("dash-chain-10^5", b"- " * 100_000 + b"x\n"),
    ("alias-bomb", ("a:\n" + alias_bomb("  ")).encode()),
    ("alias-bomb-as-key", ("a:\n" + alias_bomb("  ") + "? *a8\n: 1\n").encode()),
    ("unhashable-key", b"? [[a]]\n: 1\n"),
    ("python-object-tag", b"a: !!python/object/apply:os.system ['touch pwned']\n"),
    ("non-utf8", b"a: \xff\n"),
    ("utf16-bom", "a: 1\n".encode("utf-16")),
    ("nul-byte", b"a: 1\n\0\n"),
    ("empty", b""),
]
SPEC_IDS = [name for name, _ in BAD_SPECS]
SPECS = [spec for _, spec in BAD_SPECS]


def _transform_repo(make_repo, spec: bytes):
    config = ("links:\n  - source: s.yaml\n    copies:\n"
              "      - path: c.json\n        transform: yaml-to-json\n")
    return make_repo({".specsync.yaml": config, "s.yaml": spec, "c.json": "{}\n"})


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_bad_spec_behind_a_transform_is_one_line(make_repo, spec):
    repo = _transform_repo(make_repo, spec)
    for command in ("check", "fix"):
        run = specsync(repo, command, "--all-files")
        assert_one_line_error(run, ".specsync.yaml:2")
        assert "s.yaml" in run.err
    assert read(repo, "c.json") == b"{}\n"
    assert not (repo / "pwned").exists()


def test_50MB_single_line_spec_is_transformed(make_repo):
    spec = b"a: " + b"x" * 50_000_000 + b"\n"
    repo = _transform_repo(make_repo, spec)
    assert specsync(repo, "check").code == 1
    assert specsync(repo, "fix").code == 1
    assert read(repo, "c.json") == b'{\n  "a": "' + b"x" * 50_000_000 + b'"\n}\n'


PLAIN = "links:\n  - source: s.yaml\n    copies:\n      - c.yaml\n"
DATA = "links:\n  - source: s.yaml\n    copies:\n      - path: c.yaml\n        compare: data\n"


BIG = ("10^6-keys", "3x10^6-keys-one-line")
SMALL = [(name, spec) for name, spec in BAD_SPECS if name not in BIG]
BY_BYTES = [
    *[pytest.param(PLAIN, spec, id=f"bytes-{name}") for name, spec in SMALL],
    *[pytest.param(DATA, spec, id=f"compare-data-{name}") for name, spec in SMALL],
    pytest.param(PLAIN, b"a: " + b"x" * 50_000_000 + b"\n", id="bytes-50MB-single-line"),
    pytest.param(DATA, BAD_SPECS[3][1], id="compare-data-10^6-keys"),
    # the drift report parses plain copies too: big ones must fall back, not blow up
    *[pytest.param(PLAIN, spec, id=f"bytes-{name}") for name, spec in BAD_SPECS
      if name in BIG],
]


@pytest.mark.parametrize(("config", "spec"), BY_BYTES)
def test_bad_spec_copy_is_checked_and_fixed_by_bytes(make_repo, config, spec):
    """A copy of a malformed spec drifts (exit 1) and is fixed; it never crashes."""
    repo = make_repo({".specsync.yaml": config, "s.yaml": spec,
                      "c.yaml": b"stale: true\n" + spec})
    check = specsync(repo, "check")
    assert check.code == 1, check
    assert "c.yaml: out of sync with s.yaml" in check.out
    assert "Traceback" not in check.err
    fix = specsync(repo, "fix")
    assert (fix.code, fix.out) == (1, "Fixing c.yaml (from s.yaml)\nstage: git add c.yaml\n")
    assert read(repo, "c.yaml") == spec
    git(repo, "add", "c.yaml")
    assert specsync(repo, "check").code == 0
    assert not (repo / "pwned").exists()


def test_50000_go_generate_lines_in_one_file(make_repo):
    """Discovery reads files from pull requests too: it stays linear (it was quadratic:
    20,000 lines took 12 s, 50,000 ran past the 60 s guard)."""
    lines = "".join(f"//go:generate cp ../spec.yaml c{i}.yaml\n" for i in range(50_000))
    repo = make_repo({"spec.yaml": "a: 1\n", "pkg/a.go": "package a\n" + lines})
    run = specsync(repo, "check")
    assert run.code == 1, run.err
    assert run.out.count(": missing copy of spec.yaml [missing]\n") == 50_000
