"""Load YAML and JSON data safely and fast, for transforms, `compare: data` and reports.

YAML goes through ruamel.yaml's safe loader (its C parser when installed), read as
YAML 1.2 with or without the C parser (`yaml12`), with the garbage collector paused
during the load; JSON through `json`. A document
whose aliases expand past a limit is refused before anything walks it.
"""
from __future__ import annotations

import gc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Nodes a document may hold once its aliases are expanded; a real 50 MB spec
# stays far below, a "billion laughs" bomb goes far beyond.
MAX_NODES = 20_000_000
# YAML items (lines plus flow commas) parsed at most, counted before parsing:
# 399,000 one-line keys took 0.5 GB peak and 14 s for yaml-to-json, 10^6 keys
# ran out of 768 MB after 20 s. Real specs of several MB stay below.
MAX_YAML_ITEMS = 400_000
# Flow nesting ([ and {) parsed at most; the loader recurses per level.
MAX_DEPTH = 1000


class DataError(Exception):
    """The bytes are not data specsync can use; `line`/`column` where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 detail: str = "") -> None:
        self.message = message
        self.line = line
        self.column = column
        self.detail = detail  # the parser's own words, when `message` says it plainly
        super().__init__(message)

    def where(self, path: str) -> str:
        if self.line is None:
            return path
        return f"{path}:{self.line}" + (f":{self.column}" if self.column is not None else "")


def is_json(path: str, data: bytes) -> bool:
    if path.endswith(".json"):
        return True
    if path.endswith((".yaml", ".yml")):
        return False
    return data.lstrip()[:1] in (b"{", b"[")


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("is UTF-16; save it as UTF-8", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataError(f"not UTF-8 (byte 0x{data[e.start]:02x})",
                        data.count(b"\n", 0, e.start) + 1) from None
    if "\0" in text:
        raise DataError("contains a NUL byte", text[: text.index("\0")].count("\n") + 1)
    return text


def load_json(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError(f"not valid JSON: {e.msg}", e.lineno, e.colno) from None
    except RecursionError:
        raise DataError("not valid JSON: nested too deeply") from None
    except ValueError as e:  # Python's limit on int digits (sys.get_int_max_str_digits)
        raise long_integer(text) if _is_digit_limit(e) else DataError(f"not valid JSON: {e}") \
            from None


def _is_digit_limit(e: BaseException) -> bool:
    return isinstance(e, ValueError) and "integer string conversion" in str(e)


def _digit_limit() -> int:
    import sys

    return sys.get_int_max_str_digits() or 0


def long_integer(text: str | None = None) -> DataError:
    """An integer Python will not convert to or from decimal text, as one DataError (at the
    first run of that many digits in `text`, when given)."""
    import re

    limit = _digit_limit()
    found = re.search(rf"\d{{{limit + 1},}}", text) if text is not None and limit else None
    line = None if found is None or text is None else text.count("\n", 0, found.start()) + 1
    return DataError(f"holds an integer longer than {limit} digits (Python's limit for "
                     "integers in text)", line)


def too_long(number: int) -> bool:
    """True when `str(number)` would raise (more digits than Python converts)."""
    limit = _digit_limit()
    return bool(limit) and number.bit_length() > limit * 3.3 and abs(number) >= 10 ** limit


def _load_all(text: str) -> list[Any]:
    """ruamel.yaml's C parser directly when installed (the same parser and safe constructor
    as `YAML(typ="safe")` with the C extension, about 1.8x faster), else the pure one."""
    from specsync.yaml12 import loaders

    c_loader, pure = loaders()
    if c_loader is None:
        return list(pure().load_all(text))
    loader = c_loader(text)
    try:
        docs = []
        while loader.check_data():
            docs.append(loader.get_data())
        return docs
    finally:
        loader.dispose()


def yaml_error(e: BaseException, text: str | None = None) -> DataError:
    """A ruamel.yaml loading failure as one DataError: its line and column, one sentence,
    in plain words (`yaml_errors`) when `text`, the document, is given and the kind is
    known (the parser's own words stay in `detail`).

    The one wording of YAML errors, for specs and for `.specsync.yaml` alike.
    """
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(e, MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        problem = (e.problem or e.context or "invalid YAML").strip()
        if mark is None:
            return DataError(f"not valid YAML: {problem}")
        if text is not None and e.problem_mark is not None:
            from specsync.yaml_errors import plain

            context = e.context_mark
            found = plain(problem, (e.context or "").strip(), text,
                          (mark.line, mark.column),
                          None if context is None else (context.line, context.column))
            if found is not None:
                (line, column), words = found
                return DataError(f"not valid YAML: {words}", line + 1, column + 1,
                                 detail=problem)
        return DataError(f"not valid YAML: {problem}", mark.line + 1, mark.column + 1)
    if isinstance(e, RecursionError):
        return DataError("not valid YAML: nested too deeply")
    if isinstance(e, MemoryError):
        return DataError("is too big to load as YAML (out of memory)")
    if isinstance(e, (TypeError, ValueError)):  # e.g. a list inside a complex mapping key
        return DataError(f"not valid YAML: {e}")
    first = (str(e).strip().splitlines() or ["invalid YAML"])[0]
    return DataError(f"not valid YAML: {first}")


YAML_FAILURES = (RecursionError, MemoryError, TypeError, ValueError)  # besides YAMLError


def load_yaml_documents(text: str) -> list[Any]:
    from ruamel.yaml.error import YAMLError

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_all(text)
    except (YAMLError, *YAML_FAILURES) as e:
        raise (long_integer(text) if _is_digit_limit(e) else yaml_error(e, text)) from None
    finally:
        if enabled:
            gc.enable()


def check_yaml_bounds(text: str) -> None:
    """Refuse, before parsing, YAML too big or too deeply nested to load in bounds.

    The C parser recurses once per nesting level: far enough, and the process
    dies of a stack overflow, so depth is measured on the text first.
    """
    items = text.count("\n") + text.count(",")
    if items > MAX_YAML_ITEMS:
        raise DataError(f"is too big to load as YAML ({items:,} lines and flow items; "
                        f"the limit is {MAX_YAML_ITEMS:,})")
    import re

    check_flow_depth(text, MAX_DEPTH)
    if re.search(rf"(?m)^ *(?:[-?] +){{{MAX_DEPTH}}}", text) is not None:  # - - - ... x
        raise DataError(f"is nested more than {MAX_DEPTH} levels deep")


def flow_depth(text: str, limit: int) -> int:
    """How deep `[` and `{` nest in `text`, counted up to just past `limit`."""
    import re

    depth = deepest = 0
    for bracket in re.sub(r"[^\[\]{}]+", "", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
        if deepest > limit:
            break
    return deepest


def load_text(kind: str, text: str) -> Any:
    """JSON (one value), or YAML (a list of documents) once its bounds are checked."""
    if kind == "json":
        return load_json(text)
    check_yaml_bounds(text)
    return stream_documents(load_yaml_documents(text))


def stream_documents(docs: list[Any]) -> list[Any]:
    """The documents of a YAML stream, the one definition for comparing and explaining:
    an empty (null) document - a trailing `---`, two `---` in a row - holds no data
    and does not count (as `kubectl` reads a stream, and as `explain.chunks` cuts
    one); a stream of nothing but empty documents is one empty document."""
    kept = [doc for doc in docs if doc is not None]
    return kept if kept or not docs else docs[:1]


def load_documents(path: str, data: bytes) -> list[Any]:
    """All documents in the file (a JSON file holds one)."""
    kind = "json" if is_json(path, data) else "yaml"
    loaded = load_text(kind, decode(data))
    docs = [loaded] if kind == "json" else loaded
    check_size(docs)
    return docs


def expanded_size(value: Any, limit: int = MAX_NODES) -> int:
    """Nodes in `value` with shared references counted each time; stops past `limit`."""
    memo: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if isinstance(node, dict):
            items: Any = list(node.keys()) + list(node.values())
        elif isinstance(node, list):
            items = node
        else:
            if type(node) is int and too_long(node):  # `0x` + 4000 digits: no text form
                raise long_integer()
            return 1
        key = id(node)
        if key in memo:
            return memo[key]
        if depth > 5000:
            raise DataError("is nested more than 5000 levels deep")
        memo[key] = limit + 1  # a cycle counts as too big
        total = 1
        for item in items:
            total += size(item, depth + 1)
            if total > limit:
                break
        memo[key] = total
        return total

    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 12000))
    try:
        return size(value, 0)
    finally:
        sys.setrecursionlimit(old)


def check_size(docs: list[Any], limit: int = MAX_NODES) -> None:
    """Refuse documents whose aliases expand past `limit` nodes, before anything walks them."""
    total = 0
    for doc in docs:
        total += expanded_size(doc, limit)
        if total > limit:
            raise DataError(f"expands to more than {limit:,} nodes (YAML aliases?)")


def check_flow_depth(text: str, limit: int) -> None:
    """Refuse `[` and `{` nested deeper than `limit`, before any parser recurses into them."""
    if flow_depth(text, limit) > limit:
        raise DataError(f"is nested more than {limit} levels deep")
