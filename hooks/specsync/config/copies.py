"""One copy entry of a link in `.specsync.yaml`: its keys checked into a `CopySpec`.

Every problem is reported on the line of the key or value at fault, through the
shared `Checker`, so one run lists all of them.
"""
from __future__ import annotations

from specsync.config.checker import Checker, item_line, key_line, kind, value_line
from specsync.config.model import CopySpec
from specsync.registry import TRANSFORMS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

COPY_KEYS = ("compare", "header", "ignore", "indent", "path", "select", "transform")
COMPARE_LEVELS = ("bytes", "data", "text")


def parse_copy(check: Checker, node: Any, line: int) -> CopySpec | None:
    if isinstance(node, str):
        path = check.path(node, line, "copy")
        return CopySpec(path, line) if path else None
    if not check.keys(node, line, COPY_KEYS, "copy"):
        return None
    if "path" not in node:
        check.error(line, "copy needs a path:")
        return None
    path = check.path(node["path"], value_line(node, "path", line), "copy")
    options: dict[str, Any] = {}
    for key, allowed in (("transform", tuple(TRANSFORMS)), ("compare", COMPARE_LEVELS)):
        if key in node:
            if node[key] not in allowed:
                check.error(value_line(node, key, line),
                            f"{key} must be one of {', '.join(allowed)}, not {node[key]!r}")
            else:
                options[key] = str(node[key])
    if "indent" in node and "transform" not in node and "select" not in node:
        check.error(key_line(node, "indent", line), "indent applies only to the output of "
                    "transform or select")
    elif "indent" in node:
        indent = node["indent"]
        if isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 8:
            check.error(value_line(node, "indent", line), "indent must be a number from 0 to 8")
        else:
            options["indent"] = int(indent)
    if "select" in node:
        select = node["select"]
        if not isinstance(select, str) or not (select == "" or select.startswith("/")):
            check.error(value_line(node, "select", line),
                        "select must be a JSON pointer such as /components/schemas")
        else:
            options["select"] = str(select)
    if "header" in node:
        header = node["header"]
        if not isinstance(header, str) or "\n" in header.strip("\n"):
            check.error(value_line(node, "header", line), "header must be one line of text")
        else:
            options["header"] = header.strip("\n")
    if "ignore" in node:
        ignore = _ignore(check, node, line, options.get("compare"))
        if ignore:
            options["ignore"] = ignore
    return CopySpec(path, line, **options) if path else None


def _ignore(check: Checker, node: Any, line: int, compare: str | None) -> tuple[str, ...]:
    """The copy's `ignore:` patterns (`config.pointers`), or () after reporting why not."""
    if compare != "data":
        check.error(key_line(node, "ignore", line), "ignore applies only to compare: data "
                    "(other copies are compared as bytes or text, where no pointer reaches)")
        return ()
    raw = node["ignore"]
    at = value_line(node, "ignore", line)
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        what = "an empty list" if isinstance(raw, list) else kind(raw)
        check.error(at, "ignore must list JSON pointers or globs over them, such as "
                    f"[/info/version, '**/description'], not {what}")
        return ()
    from specsync.config.pointers import problem

    found = []
    for i, pattern in enumerate(raw):
        why = problem(pattern)
        if why is None:
            found.append(str(pattern))
        else:
            check.error(item_line(raw, i, at), f"ignore {why}")
    return tuple(found) if len(found) == len(raw) else ()

