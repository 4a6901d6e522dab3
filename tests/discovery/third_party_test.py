"""candidates.third_party: a vendor/, node_modules/ or testdata/ folder at any depth."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from specsync.discovery.candidates import third_party

NAMES = ["vendor", "node_modules", "testdata", "a", "myvendor", "vendored", "x.go", "Makefile"]


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4))
def test_third_party_is_a_folder_of_that_name(parts: list[str]) -> None:
    path = "/".join(parts)
    assert third_party(path) == any(p in ("vendor", "node_modules", "testdata")
                                    for p in parts[:-1])
