"""The index listing kept as git wrote it, read only where a question points.

`git ls-files -s -z` writes one record per entry, `<mode> SP <oid> SP 0 TAB
<path> NUL`, sorted by the path's bytes. When every record is at stage 0 and no
path holds a tab, each record's metadata has one width, so the listing is its
own sorted index: a path is found by bisection over character offsets (a few
`rfind`/`find` calls in C and one slice per step), the records below a folder
are one slice of the text, and two mirrored folders compare as two slices. No
per-entry object is made for the paths nobody asks about; the full mapping is
built (once, in C) only when a caller needs every path.

Bisection needs Python's string order to be git's byte order: true of text
decoded from valid UTF-8 (code points sort as their UTF-8 bytes). A listing
that is not valid UTF-8 is parsed in full instead (`snapshot._parse_index`).

The paths ending in one of a few tails (discovery's `.go` files, Makefiles) are found by
`str.find` of each `tail NUL`: Python touches only the paths that match, unless most do.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from mmap import mmap

SPREAD = 64  # more lookups than this: sample the listing first (see `_sample`)
STEP = 4096  # characters between two sampled records: a window of ~50 records
_NOT_TAB_NUL = bytes(range(1, 9)) + bytes(range(10, 256))  # what `of` deletes: all but TAB, NUL
SHAPE_CHUNK = 1 << 16  # bytes `of` looks at a time (a mapped output is not copied whole)
DENSE = 8  # more than one path in DENSE ends in a tail: test every path instead


class Listing:
    """Sorted fixed-width records: `width` characters of metadata and a tab, a path, NUL."""

    __slots__ = ("_found", "_full", "_looked", "_offsets", "_samples", "count", "text", "width")

    def __init__(self, text: str, width: int, count: int) -> None:
        self.text = text
        self.width = width  # of "<mode> <oid> 0\t"
        self.count = count  # records
        self._full: dict[str, str] | None = None
        self._found: dict[str, str | None] = {}  # answers of `get` so far: asked again, kept
        self._looked = 0  # lookups so far
        self._samples: list[str] = []  # the path of a record every STEP characters...
        self._offsets: list[int] = []  # ...and where it starts

    def _sample(self) -> None:
        """Every STEP characters, the next record's path and offset: later lookups bisect
        these (in C) and then search one window of ~50 records."""
        text, width = self.text, self.width
        for at in range(0, len(text), STEP):
            begin = text.rfind("\0", 0, at) + 1  # the record holding offset `at`
            if not self._offsets or begin > self._offsets[-1]:
                self._offsets.append(begin)
                self._samples.append(text[begin + width : text.index("\0", begin + width)])

    @classmethod
    def read(cls, out: bytes | mmap) -> Listing | str:
        """`of(out)`, or else the output as text (bytes that are not UTF-8 escaped, as
        `os.fsdecode` does) to be split record by record (`split_records`)."""
        return cls.of(out) or os.fsdecode(bytes(out))

    @classmethod
    def of(cls, out: bytes | mmap) -> Listing | None:
        """The listing of `git ls-files -s -z` output (bytes, or git's memory file mapped:
        `git.run_mapped`), None unless every record is at stage 0 and every path is UTF-8
        without a tab (four C scans; no record is split)."""
        try:
            text = str(out, "utf-8")
        except UnicodeDecodeError:
            return None
        # one tab a record (none in a path): the tabs and NULs alone alternate, seen by a C
        # pass that deletes every other byte
        shape = b"".join(out[at : at + SHAPE_CHUNK].translate(None, _NOT_TAB_NUL)
                         for at in range(0, len(out), SHAPE_CHUNK))
        count = len(shape) // 2
        # each tab after " 0" (stage 0): every record's metadata is `<6-digit mode> <oid>
        # 0`, one width for the whole listing
        if shape != b"\t\0" * count or text.count(" 0\t") != count or not text.endswith("\0"):
            return None
        return cls(text, text.index("\t") + 1, count)

    def start(self, path: str, lo: int = 0) -> int:
        """Offset of the first record at or after `lo` whose path is not below `path`."""
        text, width = self.text, self.width
        hi = len(text)
        self._looked += 1
        if self._looked == SPREAD:
            self._sample()
        if self._samples:
            from bisect import bisect_right

            i = bisect_right(self._samples, path)  # samples before i sort at or before path
            if i < len(self._offsets):
                hi = self._offsets[i]
            if i:
                lo = max(lo, self._offsets[i - 1])
        while lo < hi:
            mid = (lo + hi) // 2
            at = text.rfind("\0", lo, mid) + 1 or lo  # the record holding offset mid
            end = text.index("\0", at + width)
            if text[at + width : end] < path:
                lo = end + 1
            else:
                hi = at
        return lo

    def get(self, path: str) -> str | None:
        """The record's metadata (`<mode> <oid> 0`), None when `path` is not listed."""
        if self._full is not None:
            return self._full.get(path)
        found = self._found
        if path in found:  # discovery's memo and the settled lane ask about the same paths
            return found[path]
        meta = self._in_window(path) if self._samples else self._bisected(path)
        found[path] = meta
        return meta

    def _bisected(self, path: str) -> str | None:
        at = self.start(path)
        text, width = self.text, self.width
        after = at + width
        if text.startswith(path, after) and text.startswith("\0", after + len(path)):
            return text[at : after - 1]
        return None

    def _in_window(self, path: str) -> str | None:
        """Once sampled: `TAB path NUL` searched in C in the one window of records that
        can hold it (a bisection step in Python costs more than searching ~4 KB)."""
        from bisect import bisect_right

        text, offsets = self.text, self._offsets
        i = bisect_right(self._samples, path)  # its record starts between these offsets
        first = offsets[i - 1] if i else 0
        end = offsets[i] if i < len(offsets) else len(text)
        needle = "\t" + path + "\0"  # only the record of `path` holds it: no path has a tab
        at = text.find(needle, first, end + self.width + len(needle))
        return None if at < 0 else text[at - self.width + 1 : at]

    def span(self, folder: str) -> tuple[int, int]:
        """Offsets of the records below `folder` (empty, or ending in /)."""
        if not folder:
            return 0, len(self.text)
        first = self.start(folder)
        return first, self.start(folder[:-1] + "0", first)  # "0" sorts right after "/"

    def records(self, folder: str) -> str:
        """The records below `folder`, as git wrote them."""
        first, end = self.span(folder)
        return self.text[first:end]

    def under(self, folder: str) -> list[str]:
        """The paths below `folder`, sorted."""
        return _paths(self.records(folder))

    def full(self) -> dict[str, str]:
        """path -> metadata of every record, built in C and kept."""
        if self._full is None:
            parts = self.text.replace("\t", "\0").split("\0")
            parts.pop()  # after the last NUL
            self._full = dict(zip(parts[1::2], parts[0::2], strict=True))
        return self._full

    def metas(self, paths: Iterable[str]) -> list[str | None]:
        """The metadata of each path (None when not listed): from the slice of records
        between the first and the last path when they lie close together (a mirrored
        folder), else by bisection each."""
        wanted = paths if isinstance(paths, list) else list(paths)
        if self._full is not None or len(wanted) <= SPREAD:
            return [*map(self.get, wanted)]
        first = self.start(min(wanted))
        last = max(wanted)
        end = self.start(last, first)
        if (end - first) * self.count > 4 * len(wanted) * len(self.text):  # spread out
            return [*map(self.get, wanted)]
        if self.text.startswith(last + "\0", end + self.width):
            end = self.text.index("\0", end) + 1
        parts = self.text[first:end].replace("\t", "\0").split("\0")
        parts.pop()
        found = dict(zip(parts[1::2], parts[0::2], strict=True))
        return [*map(found.get, wanted)]

    def with_tail(self, tails: Iterable[str], width: int, id_end: int,
                  skip: Iterable[str] = ()) -> dict[str, str]:
        """`with_tail` on the records themselves: each `tail NUL` found in the text,
        its path starting after the tab before it (no path holds a tab). The records below
        the folders `skip` (each ending in /) are not looked at: one bisection each."""
        wanted = [tail for tail in tails if len(tail) == width]
        found: dict[str, str] = {}
        for span in self._outside(skip):
            found.update(self._span_with_tail(span, wanted, width, id_end))
        return found

    def _outside(self, folders: Iterable[str]) -> list[tuple[int, int]]:
        """The runs of records below none of `folders`, as offsets."""
        runs = [(0, len(self.text))]
        for folder in sorted(folders):  # sorted: a folder's records follow the earlier ones'
            first, end = self.span(folder)
            lo, hi = runs[-1]
            first = max(first, lo)  # a folder inside one already left out: nothing more
            if first < end:
                runs[-1:] = [(lo, first), (end, hi)]
        return [(first, end) for first, end in runs if first < end]

    def _span_with_tail(self, span: tuple[int, int], wanted: list[str], width: int,
                        id_end: int) -> dict[str, str]:
        """`with_tail` on the records between the two offsets of `span`."""
        text, meta = self.text, self.width
        first, end = span
        whole = first == 0 and end == len(text)
        count = self.count if whole else text.count("\0", first, end)
        found: dict[str, str] = {}
        for needle, shared in _needles(wanted):
            at = text.find(needle, first, end)
            while at >= 0:
                if len(found) * DENSE > count:  # most paths match: test each instead
                    entries = self.full() if whole else split_records(text[first:end])[0]
                    return with_tail(entries, wanted, width, id_end)
                stop = at + len(needle) - 1  # the NUL after the path
                if not shared or text.startswith(shared, stop - width, stop):
                    begin = text.rfind("\t", 0, at) + 1
                    found[text[begin:stop]] = text[begin - meta + 7 : begin - meta + id_end]
                at = text.find(needle, stop + 1, end)
        return found


def _needles(tails: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """What to search the text for: `tail NUL`, or for tails that end alike (`.sh`, `ash`)
    their last two characters and a NUL, once, with the tails that a hit must end in (a
    search is a pass over the whole text)."""
    alike: dict[str, list[str]] = {}
    for tail in tails:
        alike.setdefault(tail[-2:], []).append(tail)
    return [(group[0] + "\0", ()) if len(group) == 1 else (end + "\0", tuple(group))
            for end, group in alike.items()]


def split_records(text: str) -> tuple[dict[str, str], set[str]]:
    """path -> metadata of the stage-0 records of any listing, and the paths in conflict.

    Splitting at tabs and NULs at once leaves metadata and paths alternating, so the
    mapping is built in C; records are looked at one by one only when a path holds a
    tab or a path has merge conflicts (stages 1-3).
    """
    width = text.index("\t")
    parts = text.replace("\t", "\0").split("\0")
    parts.pop()  # after the last NUL
    if len(parts) == 2 * text.count("\t"):  # no path with a tab in it
        metas = parts[0::2]
        joined = "".join(metas)
        stages = joined[width - 1 :: width]
        if len(joined) == width * len(metas) and stages.count("0") == len(stages):
            return dict(zip(parts[1::2], metas, strict=True)), set()
    records = text.split("\0")
    records.pop()
    entries: dict[str, str] = {}
    unmerged: set[str] = set()
    for record in records:
        meta, _, path = record.partition("\t")
        if meta.endswith(" 0"):
            entries[path] = meta
        else:
            unmerged.add(path)
    return entries, unmerged


def _paths(records: str) -> list[str]:
    """The paths of a run of records, split in C."""
    return records.replace("\t", "\0").split("\0")[1::2]


def with_tail(listing: dict[str, str], tails: Iterable[str], width: int,
              id_end: int) -> dict[str, str]:
    """path -> `listing[path][7:id_end]` of the paths ending in one of `tails` (each
    `width` characters long), tail by tail in the order given (a listing already split)."""
    joined = "\0".join(listing) + "\0"  # a NUL ends every path; no path holds one
    wanted = [tail for tail in tails if len(tail) == width]
    if sum(joined.count(tail + "\0") for tail in wanted) * DENSE > len(listing):
        ends = set(wanted)  # most paths match (a Go tree): one test per path is cheaper
        return {p: m[7:id_end] for p, m in listing.items() if p[-width:] in ends}
    get = listing.__getitem__
    found = {}
    for tail in wanted:
        needle = tail + "\0"
        at = joined.find(needle)
        while at >= 0:
            stop = at + width
            path = joined[joined.rfind("\0", 0, at) + 1 : stop]
            found[path] = get(path)[7:id_end]
            at = joined.find(needle, stop + 1)
    return found
