"""Zero configuration: links declared by `//go:generate` lines and Makefile recipes.

Generator lines (ogen, oapi-codegen, controller-gen, mockgen, protoc) that name their
inputs and outputs become proposed `generated:` entries (`with_generated`, asked
only by `discover`; never checked or run on their own).

`scan` finds the declaring files and interprets them (cached by object id),
`resolve` lays the copies out against the snapshot's file list (`memo` remembers
the result with the questions it asked of the file list), and
`links_for` merges them with the configured links (configured copies win).
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.config.model import Config, LinkSpec
    from specsync.discovery.model import Op, Unknown
    from specsync.discovery.proposals import Proposed
    from specsync.repo.snapshot import Snapshot


def discovered(snap: Snapshot, kinds: tuple[str, ...]) -> tuple[list[LinkSpec], list[Unknown]]:
    """Links found in `snap`, one per copied file, and what was not understood. A repository
    with no candidate (no .go file, Makefile or script) loads no scanner."""
    from specsync.discovery.candidates import by_name_first, candidates

    files = None
    if snap.looked is None and by_name_first(snap):  # else the scanner lists them
        files = candidates(snap, kinds)
        if not files:
            return [], []
    from specsync.discovery import scan

    ops, unknown = scan.scan(snap, kinds, files)
    return _links(ops, unknown, snap)


def with_generated(snap: Snapshot, kinds: tuple[str, ...]
                   ) -> tuple[list[LinkSpec], list[Unknown], list[Proposed]]:
    """`discovered`, and the generated entries that generator lines propose (`discover`)."""
    from specsync.discovery import proposals, scan

    ops, unknown, found = scan.scan_all(snap, kinds)
    links, unknown = _links(ops, unknown, snap)
    kept, refused = proposals.settle(found, snap)
    return links, unknown + refused, kept


def _links(ops: list[Op], unknown: list[Unknown], snap: Snapshot
           ) -> tuple[list[LinkSpec], list[Unknown]]:
    if not ops:
        return [], unknown
    from specsync.discovery import cp_fails, memo, order
    from specsync.discovery.model import GO_STOPS

    kept, edited = order.edited_go_copies(ops, unknown)
    links, unresolved = memo.to_links(kept, snap)
    # what cp refuses stops its package, and so may a directive that another failure stops
    failing = cp_fails.failures(unresolved)
    failed = failing + [u for u in unknown if u.reason.startswith(GO_STOPS)]
    if edited:  # a copy a later directive edits is no link, but its cp may fail all the same
        failed += cp_fails.failures(memo.to_links([o for o in ops if o not in kept], snap)[1])
    if failed:
        running, stopped = order.stopped_by(kept, failed)
        if len(running) < len(kept):
            links, again = memo.to_links(running, snap)
            seen = {u.plain() for u in again}
            unresolved = again + [u for u in failing if u.plain() not in seen] + stopped
    return links, unknown + edited + unresolved


def covered(path: str, configured: set[str]) -> bool:
    """Whether a configured copy (a file, or a folder ending in /) names `path`."""
    return path in configured or any(path.startswith(c) for c in configured if c.endswith("/"))


def merge(configured: list[LinkSpec], found: list[LinkSpec]) -> list[LinkSpec]:
    """Configured links, then discovered ones whose copy no configured link names."""
    copies = {c.path for link in configured for c in link.copies}
    return [*configured, *(link for link in found if not covered(link.copies[0].path, copies))]


def links_for(config: Config, snap: Snapshot,
              found: list[LinkSpec] | None = None) -> list[LinkSpec]:
    """`found`: what `discovered` already returned for this snapshot and config."""
    if not config.discover:
        return list(config.links)
    if found is None:
        found, _ = discovered(snap, config.discover)
    return merge(config.links, found) if found else list(config.links)
