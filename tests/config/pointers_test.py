"""`ignore:` patterns: which are refused, and which locations each one covers."""
from __future__ import annotations

import pytest
from specsync.config.pointers import Patterns, problem

COVERS = [
    # (pattern, path, covered?)
    ("/info/version", ("info", "version"), True),
    ("/info/version", ("info", "version", "extra"), True),  # and everything below
    ("/info/version", ("info",), False),  # not the location above it
    ("/info/version", ("info", "title"), False),
    ("**/description", ("description",), True),  # ** is zero keys too
    ("**/description", ("components", "schemas", "A", "properties", "b", "description"), True),
    ("**/description", ("components", "schemas", "A", "title"), False),
    ("/**/description", ("paths", "/x", "get", "description"), True),
    ("/paths/*/get/description", ("paths", "/events", "get", "description"), True),
    ("/paths/*/get/description", ("paths", "/events", "post", "description"), False),
    ("/paths/*/get/description", ("paths", "/a", "/b", "get", "description"), False),  # one key
    ("/paths/~1events/get", ("paths", "/events", "get", "summary"), True),  # ~1 is /
    ("/x~0y", ("x~y",), True),  # ~0 is ~
    ("/servers/0/url", ("servers", 0, "url"), True),  # list indexes as tokens
    ("/responses/200", ("responses", 200), True),  # a YAML integer key
    ("/x/a*b*c", ("x", "abxxc"), True),
    ("/x/a*b*c", ("x", "abc"), True),
    ("/x/a*b*c", ("x", "ab"), False),
    ("/x/x-*", ("x", "x-go-name"), True),
    ("/a/**/z", ("a", "z"), True),
    ("/a/**/z", ("a", "b", "c", "z", "w"), True),
    ("/a/**/z", ("a", "b", "c"), False),
]


@pytest.mark.parametrize(("pattern", "path", "covered"), [
    pytest.param(*case, id=f"{case[0]}-{'/'.join(map(str, case[1]))}") for case in COVERS
])
def test_a_pattern_covers_its_locations_and_below(pattern: str, path: tuple[object, ...],
                                                   covered: bool) -> None:
    assert problem(pattern) is None
    assert Patterns([pattern]).covers(path) is covered


BAD = {
    "no-leading-slash": ("info/version", "is not a JSON pointer"),
    "empty-is-whole-document": ("", "is not a JSON pointer"),
    "double-star-alone": ("**", "covers the whole document"),
    "slash-double-star": ("/**", "covers the whole document"),
    "double-star-in-a-key": ("/a/b**", "** stands alone"),
    "bad-escape": ("/a~2b", "~ is written ~0"),
    "not-a-string": (3, "(a string)"),
}


@pytest.mark.parametrize(("pattern", "why"), BAD.values(), ids=BAD.keys())
def test_malformed_patterns_are_refused(pattern: object, why: str) -> None:
    found = problem(pattern)
    assert found is not None and why in found
