"""`ignore:` patterns: JSON pointers (RFC 6901), or globs over them, naming where a
`compare: data` copy may differ from its source.

A pattern is a pointer such as `/info/version` whose segments may hold `*` (any run of
characters within one key, `/paths/*/get/description`) or be `**` (any number of keys,
none included: `**/description`, which may also be written `/**/description`). `~1`
and `~0` stand for `/` and `~` in a key, as in a pointer. A pattern covers the location
it matches and everything below it. One that covers the whole document (``, `/**`) is
refused: the copy would never be compared.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

ANY = "**"
_WORDS = {True: "true", False: "false", None: "null"}


def problem(pattern: object) -> str | None:
    """Why `pattern` is not an `ignore:` pattern, or None."""
    if not isinstance(pattern, str):
        return f"must be a JSON pointer such as /info/version (a string), not {pattern!r}"
    if not pattern.startswith(("/", ANY)):
        return (f"{pattern!r} is not a JSON pointer: it starts with / (/info/version) "
                "or ** (**/description)")
    segments = split(pattern)
    for segment in segments:
        if ANY in segment and segment != ANY:
            return f"{pattern!r}: ** stands alone between slashes (/a/**/b), not in {segment!r}"
        bad = segment.replace("~0", "").replace("~1", "")
        if "~" in bad:
            return f"{pattern!r}: ~ is written ~0 in a pointer (and / in a key ~1)"
    if all(segment == ANY for segment in segments):
        return f"{pattern!r} covers the whole document; name the parts that may differ"
    return None


def split(pattern: str) -> list[str]:
    """The segments of a pattern (`**/x` read as `/**/x`), `~1`/`~0` still escaped."""
    if pattern.startswith(ANY):
        pattern = "/" + pattern
    return pattern[1:].split("/") if pattern else []


def _token(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _segment_matches(segment: str, key: str) -> bool:
    """`key` matches one segment: literal text around `*` wildcards."""
    if "*" not in segment:
        return _token(segment) == key
    parts = [_token(p) for p in segment.split("*")]
    first, last = parts[0], parts[-1]
    if not key.startswith(first) or not key.endswith(last) or \
            len(key) < len(first) + len(last):
        return False
    at = len(first)
    end = len(key) - len(last)
    for part in parts[1:-1]:
        found = key.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True


def key_text(key: object) -> str:
    """A mapping key or list index as a pointer token names it (`200`, `true`)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return _WORDS[key]
    return str(key)


class Patterns:
    """The compiled `ignore:` list of one copy."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = [split(p) for p in patterns]

    def covers(self, path: Sequence[object]) -> bool:
        """Whether some pattern matches `path` (keys and indexes) or a location above it."""
        tokens = [key_text(k) for k in path]
        return any(_covers(segments, tokens) for segments in self.patterns)


def _covers(segments: list[str], tokens: list[str]) -> bool:
    """Whether `segments` match `tokens[:k]` for some k (glob states, ** by closure)."""
    end = len(segments)

    def closure(states: set[int]) -> set[int]:
        more = set(states)
        for start in states:
            at = start
            while at < end and segments[at] == ANY:
                at += 1
                more.add(at)
        return more

    states = closure({0})
    for token in tokens:
        if end in states:
            return True
        states = closure({i if segments[i] == ANY else i + 1 for i in states if i < end
                          and (segments[i] == ANY or _segment_matches(segments[i], token))})
        if not states:
            return False
    return end in states
