"""`specsync discover`: list the links that go:generate lines and Makefile recipes declare,
and the `generated:` entries their generator lines propose.

With `--write`, add the links `.specsync.yaml` does not list yet to it, keeping
its entries and comments (ruamel.yaml round-trip), and the proposed generated
entries as comments (`write.proposed`). `--format json` prints everything for tools
(`report.discover_json`).
"""
from __future__ import annotations

import os
import sys

from specsync import CONFIG_NAME
from specsync.commands import one_line_errors
from specsync.commands.usage import Parser
from specsync.config import load as load_config
from specsync.config.model import DISCOVERY_KINDS
from specsync.discovery import covered
from specsync.errors import one_lines
from specsync.repo import git, snapshot, states

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TextIO

    from specsync.config.model import Config, LinkSpec
    from specsync.discovery.model import Unknown
    from specsync.discovery.proposals import Proposed

DESCRIPTION = ("List the copies that //go:generate lines, Makefile recipes and shell scripts "
               "declare, with the file:line of each, and the directives specsync cannot "
               "interpret.")
NOT_UNDERSTOOD = "not understood (if it copies a file, add the link to .specsync.yaml):"
FORMATS = ("text", "json")


def render(found: Sequence[LinkSpec], unknown: Sequence[Unknown], configured: set[str],
           proposed: Sequence[Proposed] = (), generated: set[tuple[str, ...]] | None = None,
           ) -> str:
    if not found and not unknown and not proposed:
        return "no copies declared by //go:generate lines, Makefile recipes or shell scripts"
    lines = [f"discovered {len(found)} link{'' if len(found) == 1 else 's'}:"]
    for link in found:
        copy = link.copies[0].path
        wins = "  (configured in .specsync.yaml, which wins)" if covered(copy, configured) else ""
        lines.append(f"  {link.origin}: {link.source} -> {copy}{wins}")
    if proposed:
        n = len(proposed)
        lines.append(f"proposed {n} generated entr{'y' if n == 1 else 'ies'} (`specsync "
                     "discover --write` adds them to .specsync.yaml commented out):")
        for p in proposed:
            there = "  (configured)" if tuple(sorted(p.outputs)) in (generated or set()) else ""
            lines.append(f"  {p.origin}: {p.tool}: {', '.join(p.sources)} -> "
                         f"{', '.join(p.outputs)}  (command: {p.command}){there}")
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


def _write(repo: git.Repo, found: Sequence[LinkSpec], proposed: Sequence[Proposed],
           say: TextIO) -> int:
    """Merge into the config on disk (the one the user edits), not the staged one."""
    from specsync.config.parse import decode, parse
    from specsync.repo.atomic import write_atomic
    from specsync.write import proposed as block

    path = os.path.join(repo.root, CONFIG_NAME)
    try:
        with open(path, "rb") as f:
            data = f.read()
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        data, mode = b"", 0o644
    configured: set[str] = set()
    outputs: set[tuple[str, ...]] = set()
    has_generated = False
    if data.strip():  # the file on disk must be valid before merging into it
        on_disk = parse(data, CONFIG_NAME)
        configured = {c.path for link in on_disk.links for c in link.copies}
        outputs = {tuple(sorted(g.outputs)) for g in on_disk.generated}
        has_generated = bool(on_disk.generated) or b"\ngenerated:" in b"\n" + data
    head, tail = block.split_block(decode(data, CONFIG_NAME))
    text, added = merge_into(head, found, configured) if _new_links(found, configured) \
        else (head, 0)
    text, proposals = block.add_block(text, tail, proposed, outputs, has_generated)
    if not added and not proposals:
        print(f"{CONFIG_NAME}: already lists every discovered link and proposed entry", file=say)
        return 0
    write_atomic(path, text.encode(), mode)
    if added:
        print(f"{CONFIG_NAME}: added {added} discovered cop{'y' if added == 1 else 'ies'}",
              file=say)
    if proposals:
        print(f"{CONFIG_NAME}: proposed {proposals} generated entr"
              f"{'y' if proposals == 1 else 'ies'} (commented out: uncomment to enable)",
              file=say)
    return 1


def _text(config: Config, found: Sequence[LinkSpec], unknown: Sequence[Unknown],
          proposed: Sequence[Proposed]) -> str:
    configured = {c.path for link in config.links for c in link.copies}
    generated = {tuple(sorted(g.outputs)) for g in config.generated}
    text = render(found, unknown, configured, proposed, generated)
    if not config.discover:
        text += ("\nnote: discovery is off in .specsync.yaml (discover: false); check and fix "
                 "use only the configured links")
    return text


@one_line_errors
def main(argv: Sequence[str] | None = None) -> int:
    p = Parser(prog="specsync discover", description=DESCRIPTION)
    p.add_argument("--write", action="store_true",
                   help="add the discovered links that .specsync.yaml lacks to it, and the "
                        "proposed generated entries commented out (exit 1 when it changed "
                        "the file)")
    p.add_argument("--worktree", action="store_true",
                   help="read the files on disk instead of the staged ones")
    p.add_argument("--format", default="text", metavar="{text,json}",
                   help="json: every link, proposed generated entry and line not "
                        "understood, for tools")
    ns = p.parse_args(argv)
    if ns.format not in FORMATS:
        print(f"specsync discover: unknown --format {ns.format!r} (choose from "
              f"{', '.join(FORMATS)})", file=sys.stderr)
        return 2
    from specsync.discovery import with_generated

    repo = git.find_repo()
    snap = states.worktree(repo) if ns.worktree else snapshot.index(repo)
    config = load_config(snap)
    found, unknown, proposed = with_generated(snap, DISCOVERY_KINDS)
    if ns.format == "json":
        from specsync.report import discover_json

        print(discover_json.render(config, found, unknown, proposed))
    else:
        print(_text(config, found, unknown, proposed))
    if not ns.write:
        return 0
    return _write(repo, found, proposed, sys.stderr if ns.format == "json" else sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
