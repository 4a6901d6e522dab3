"""`specsync discover --format json`: every link, proposed generated entry and line
discovery did not understand, for tools.

One object (`format_version` 1), keys stable:
- `discover`: whether check and fix use discovered links (false: `discover: false`);
- `links`: one object per copy: `source`, `copy`, `kind` (`plain` one file, `glob`
  files a glob names, `mirror` a glob whose copy folder's extra files are stale), `declared_at`
  (`file:line`), `origin` (`config`, `go:generate`, `Makefile` or `script`), and
  `superseded` (a discovered copy the config also names: the config's link wins);
- `generated`: proposed `generated:` entries: `tool` (`a+b` when lines rerun by one
  command write the same files and make one entry), `sources`, `outputs`, `command`,
  `declared_at` (`file:line`, or several joined by `, `), `origin`, `configured` (the
  config already has an entry with these outputs);
- `not_understood`: `declared_at`, `path`, `line`, `origin`, `text` (the line, may be
  empty), `reason`.
"""
from __future__ import annotations

from specsync.globs import is_glob
from specsync.report.json_format import utf8_safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from specsync.config.model import Config, LinkSpec
    from specsync.discovery.model import Unknown
    from specsync.discovery.proposals import Proposed

FORMAT_VERSION = 1
MAKEFILES = frozenset(("GNUmakefile", "makefile", "Makefile"))


def origin_of(path: str, config_path: str) -> str:
    """Which kind of file declared a link: the config, a .go file, a Makefile or a script."""
    name = path.rpartition("/")[2]
    if path == config_path:
        return "config"
    if name.endswith(".go"):
        return "go:generate"
    if name in MAKEFILES or name.endswith(".mk"):
        return "Makefile"
    return "script"


def kind_of(link: LinkSpec) -> str:
    if link.prune:
        return "mirror"
    return "glob" if is_glob(link.source) else "plain"


def _links(config: Config, found: Sequence[LinkSpec], configured: set[str]) -> list[Any]:
    from specsync.discovery import covered

    rows = []
    for link in config.links:
        for copy in link.copies:
            rows.append({"source": link.source, "copy": copy.path, "kind": kind_of(link),
                         "declared_at": f"{config.path}:{copy.line}", "origin": "config",
                         "superseded": False})
    for link in found:
        path = link.copies[0].path
        rows.append({"source": link.source, "copy": path, "kind": kind_of(link),
                     "declared_at": link.origin,
                     "origin": origin_of(link.origin.rpartition(":")[0], config.path),
                     "superseded": covered(path, configured)})
    return rows


def render(config: Config, found: Sequence[LinkSpec], unknown: Sequence[Unknown],
           proposed: Sequence[Proposed]) -> str:
    import json

    configured = {c.path for link in config.links for c in link.copies}
    outputs = {tuple(sorted(g.outputs)) for g in config.generated}
    report = {
        "format_version": FORMAT_VERSION,
        "discover": bool(config.discover),
        "links": _links(config, found, configured),
        "generated": [{
            "tool": p.tool, "sources": list(p.sources), "outputs": list(p.outputs),
            "command": p.command, "declared_at": p.origin,
            "origin": origin_of(p.origin.split(", ")[0].rpartition(":")[0], config.path),
            "configured": tuple(sorted(p.outputs)) in outputs,
        } for p in proposed],
        "not_understood": [{
            "declared_at": u.origin, "path": u.path, "line": u.line,
            "origin": origin_of(u.path, config.path), "text": u.text, "reason": u.reason,
        } for u in unknown],
    }
    return utf8_safe(json.dumps(report, indent=2, ensure_ascii=False))
