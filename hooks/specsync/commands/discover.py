"""`specsync discover`: list the links that go:generate lines and Makefile recipes declare.

With `--write`, add the ones `.specsync.yaml` does not list yet to it, keeping
its entries and comments (ruamel.yaml round-trip).
"""
from __future__ import annotations

import argparse
import os

from specsync import CONFIG_NAME
from specsync.commands import one_line_errors
from specsync.config import load as load_config
from specsync.config.model import DISCOVERY_KINDS
from specsync.discovery import covered
from specsync.errors import one_lines
from specsync.repo import git, snapshot

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from specsync.config.model import LinkSpec
    from specsync.discovery.model import Unknown

DESCRIPTION = ("List the copies that //go:generate lines and Makefile recipes declare, with the "
               "file:line of each, and the directives specsync cannot interpret.")
NOT_UNDERSTOOD = "not understood (if it copies a file, add the link to .specsync.yaml):"


def render(found: Sequence[LinkSpec], unknown: Sequence[Unknown], configured: set[str]) -> str:
    if not found and not unknown:
        return "no copies declared by //go:generate lines or Makefile recipes"
    lines = [f"discovered {len(found)} link{'' if len(found) == 1 else 's'}:"]
    for link in found:
        copy = link.copies[0].path
        wins = "  (configured in .specsync.yaml, which wins)" if covered(copy, configured) else ""
        lines.append(f"  {link.origin}: {link.source} -> {copy}{wins}")
    if unknown:
        lines.append(NOT_UNDERSTOOD)
        for item in unknown:
            text = f" {item.text}:" if item.text else ""
            lines.append(f"  {item.origin}:{text} {item.reason}")
    return one_lines(lines)


def _new_links(found: Sequence[LinkSpec], configured: set[str]) -> dict[str, list[LinkSpec]]:
    by_source: dict[str, list[LinkSpec]] = {}
    for link in found:
        if not covered(link.copies[0].path, configured):
            by_source.setdefault(link.source, []).append(link)
    return by_source


def merge_into(text: str, found: Sequence[LinkSpec], configured: set[str]) -> tuple[str, int]:
    """The config text with the discovered links it lacks; how many copies were added."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    if text.strip():
        from ruamel.yaml.util import load_yaml_guess_indent

        _, indent, offset = load_yaml_guess_indent(text)
        yaml.indent(mapping=indent, sequence=indent, offset=offset)  # the file's own style
    yaml.preserve_quotes = True
    top: Any = yaml.load(text) if text.strip() else None
    if top is None:
        top = CommentedMap()
    links = top.get("links")
    if links is None:
        links = top["links"] = CommentedSeq()
    existing = {link.get("source"): link for link in links if isinstance(link, dict)}
    added = 0
    for source, group in _new_links(found, configured).items():
        copies = [link.copies[0].path for link in group]
        origins = ", ".join(dict.fromkeys(link.origin for link in group))
        target = existing.get(source)
        if target is not None and isinstance(target.get("copies"), list):
            target["copies"].extend(copies)
        else:
            entry = CommentedMap(source=source, copies=CommentedSeq(copies))
            entry.yaml_add_eol_comment(f"discovered: {origins}", "source")
            links.append(entry)
        added += len(copies)
    import io

    out = io.StringIO()
    yaml.dump(top, out)
    return out.getvalue(), added


def _write(repo: git.Repo, found: Sequence[LinkSpec]) -> int:
    """Merge into the config on disk (the one the user edits), not the staged one."""
    from specsync.config.parse import decode, parse
    from specsync.repo.atomic import write_atomic

    path = os.path.join(repo.root, CONFIG_NAME)
    try:
        with open(path, "rb") as f:
            data = f.read()
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        data, mode = b"", 0o644
    configured: set[str] = set()
    if data.strip():  # the file on disk must be valid before merging into it
        on_disk = parse(data, CONFIG_NAME)
        configured = {c.path for link in on_disk.links for c in link.copies}
    text, added = merge_into(decode(data, CONFIG_NAME), found, configured)
    if not added:
        print(f"{CONFIG_NAME}: already lists every discovered link")
        return 0
    write_atomic(path, text.encode(), mode)
    print(f"{CONFIG_NAME}: added {added} discovered cop{'y' if added == 1 else 'ies'}")
    return 1


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="specsync discover", description=DESCRIPTION)
    p.add_argument("--write", action="store_true",
                   help="add the discovered links that .specsync.yaml lacks to it "
                        "(exit 1 when it changed the file)")
    p.add_argument("--worktree", action="store_true",
                   help="read the files on disk instead of the staged ones")
    ns = p.parse_args(argv)
    from specsync.discovery import discovered

    repo = git.find_repo()
    snap = snapshot.worktree(repo) if ns.worktree else snapshot.index(repo)
    config = load_config(snap)
    found, unknown = discovered(snap, DISCOVERY_KINDS)
    configured = {c.path for link in config.links for c in link.copies}
    print(render(found, unknown, configured))
    if not config.discover:
        print("note: discovery is off in .specsync.yaml (discover: false); check and fix "
              "use only the configured links")
    return _write(repo, found) if ns.write else 0


if __name__ == "__main__":
    raise SystemExit(main())
