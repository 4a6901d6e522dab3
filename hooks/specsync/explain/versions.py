"""The versions a headline names when they differ: `info.version`, `version`, `apiVersion`,
`$id`, and a CRD's `spec.versions[*].name`."""
from __future__ import annotations

from typing import Any, NamedTuple

from specsync.explain.values import ABSENT, Path, Region, same, short

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

# Version fields shown in the headline when they differ: (label, path)
VERSION_FIELDS: tuple[tuple[str, Path], ...] = (
    ("info.version", ("info", "version")),
    ("version", ("version",)),
    ("apiVersion", ("apiVersion",)),
    ("$id", ("$id",)),
)


class Version(NamedTuple):
    field: str
    copy: str
    source: str


def versions(regions: list[Region],
             skip: Callable[[Path], bool] | None = None) -> list[Version]:
    """Version fields that differ, found in the regions that differ (but those at paths
    `skip` says: a copy's `ignore:`)."""
    found: list[Version] = []
    for region in regions:
        if not region.path and ABSENT in (region.copy, region.source):
            continue  # a whole document is missing: the change says so
        label = f"({region.doc}) " if region.doc else ""
        for name, path in VERSION_FIELDS:
            pair = None if skip and skip(path) else _resolve(region, path)
            if pair is not None and not same(*pair):
                found.append(Version(label + name, *map(_version_text, pair)))
        pair = None if skip and skip(("spec", "versions")) else _resolve(region, ("spec",
                                                                                  "versions"))
        if pair is not None:
            names = tuple(_version_names(v) for v in pair)
            if names[0] != names[1]:
                found.append(Version(label + "spec.versions[*].name",
                                     *map(_version_text, names)))
    return found


def _resolve(region: Region, path: Path) -> tuple[Any, Any] | None:
    n = len(region.path)
    if region.path != path[:n]:
        return None
    return _get(region.copy, path[n:]), _get(region.source, path[n:])


def _get(value: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return ABSENT
        value = value[key]
    return value


def _version_names(value: Any) -> Any:
    if not isinstance(value, list):
        return ABSENT
    return [v.get("name") for v in value if isinstance(v, dict)]


def _version_text(value: Any) -> str:
    return "none" if value is ABSENT else short(value, 40)
