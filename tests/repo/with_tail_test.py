"""listing.with_tail: the paths ending in a tail, as a per-path test would find them."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from specsync.repo import listing as tails_module
from specsync.repo.listing import with_tail

SEGMENTS = ["a", "go", ".go", "x.go", "Makefile", "makefile", "ile", "vendor", "b.gox", "é.go"]


@settings(max_examples=300, deadline=None)
@given(paths=st.lists(st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=3)
                      .map("/".join), unique=True),
       tails=st.sets(st.sampled_from([".go", "ile", "x.g", "/go"]), max_size=3))
def test_with_tail_is_the_per_path_test(paths: list[str], tails: set[str]) -> None:
    listing = {p: f"100644 {i:040d} 0" for i, p in enumerate(sorted(paths))}
    want = {p: m[7:47] for p, m in listing.items() if p[-3:] in tails}
    for dense in (0, 10**9):  # the C search, and the test of every path
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tails_module, "DENSE", dense)
            assert with_tail(listing, sorted(tails), 3, 47) == want
