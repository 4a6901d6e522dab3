"""The comparison levels' own forms: `compare: text` (no BOM, LF line endings, no
trailing newlines) and `compare: data` (both sides parsed, equal values of equal types).

Imported only once a copy's object id did not settle it (`drift.compare`).
"""
from __future__ import annotations

from specsync.registry import TRANSFORMS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.config.model import CopySpec

BOM = b"\xef\xbb\xbf"


def text_form(data: bytes) -> bytes:
    """`compare: text`: no BOM, LF line endings, no trailing newlines."""
    if data.startswith(BOM):
        data = data[3:]
    return data.replace(b"\r\n", b"\n").rstrip(b"\n")


def strip_header(spec: CopySpec, data: bytes) -> bytes:
    return data.split(b"\n", 1)[1] if spec.header is not None and b"\n" in data else data


def same_data(spec: CopySpec, source: str, expected: bytes, actual: bytes,
              copy: str | None = None) -> bool:
    """`compare: data`: both parse to equal values of the same types (`1` is not `true`).

    The expected bytes are read in the format the transform writes; the copy in
    the format its name says; a generated header line must match as text.
    """
    from specsync.documents import DataError, load_documents

    if spec.header is not None:
        first = (expected.split(b"\n", 1)[0], actual.split(b"\n", 1)[0])
        if text_form(first[0]) != text_form(first[1]):
            return False
    written_as = f"expected.{TRANSFORMS[spec.transform].output}" if spec.transform else source
    try:
        want = load_documents(written_as, strip_header(spec, expected))
        have = load_documents(copy or spec.path, strip_header(spec, actual))
    except DataError:
        return False
    return want == have and same_types(want, have)


def same_types(a: object, b: object) -> bool:
    """Equal values (a == b already holds) that also agree on every scalar's type."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            stack.extend((x[k], y[k]) for k in x)  # type: ignore[index]
        elif isinstance(x, list):
            stack.extend(zip(x, y, strict=True))  # type: ignore[call-overload]
    return True
