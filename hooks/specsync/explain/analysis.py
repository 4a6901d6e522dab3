"""Explain one drifted copy: its class, its data changes, its versions, or why not.

Classes: `missing`, `removed`, `line-endings-only`, `whitespace-only` (bytes
differ only in whitespace and the data, if any, is equal), `formatting-only`
(parsed data equal: comments, quoting, indentation, key order) and `content`.
YAML and JSON copies (by extension, or by content) are parsed; the work is
bounded (bytes parsed, nodes after alias expansion, changes kept), and past a
bound the analysis says why and the reporter falls back to the text diff.
"""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from specsync.documents import DataError, decode, expanded_size, load_text
from specsync.drift.results import MISSING, REMOVED, Drift
from specsync.explain import ahead, budget, chunks, formatting, impact, semantic
from specsync.explain.matching import match, match_documents
from specsync.explain.versions import Version, versions

MAX_PARSE_BYTES = {"yaml": 3_000_000, "json": 12_000_000}  # parsed per side, per copy
MAX_NODES = 5_000_000  # nodes per side once YAML aliases are expanded
OVER_BUDGET = (f"the differing parts are over the {MAX_PARSE_BYTES['yaml'] / 1e6:.1f} MB "
               "limit for parsing")

# a file with another extension is read as YAML when it starts like a spec
_YAML_START = re.compile(
    rb"(?:---|%YAML|(?:openapi|swagger|asyncapi|apiVersion|kind|\$schema|\$id|jsonSchemaDialect)"
    rb" *:[ \r\n])")

CONTENT = "content"
_WHITESPACE = b" \t\r\n\f\v"


class Analysis(NamedTuple):
    cls: str
    changes: list[semantic.Change]  # at most semantic.MAX_CHANGES
    total: int  # changes found, counting those not kept
    versions: list[Version]
    problem: str | None  # why the data was not compared: `COPY:3:5: not valid YAML: ...`
    detail: str | None  # a sentence for the classes that have no changes to list
    first_line: int | None  # first line of the copy that differs (1-based)
    skipped: str | None = None  # what the report budget left out, when it did


class TooBig(Exception):
    """Comparing as data would cost more than the report may spend."""


class _SideError(Exception):
    def __init__(self, side: str, error: DataError) -> None:
        self.side = side
        self.error = error


def data_kind(path: str, actual: bytes) -> tuple[str | None, bool]:
    """("yaml"|"json"|None, whether the extension says so)."""
    if path.endswith(".json"):
        return "json", True
    if path.endswith((".yaml", ".yml")):
        return "yaml", True
    head = actual.lstrip()
    if head[:1] in (b"{", b"["):
        return "json", False
    return ("yaml" if _YAML_START.match(head) else None), False


def first_line(actual: bytes, expected: bytes) -> int:
    """The line of `actual` where it first differs from `expected` (binary search)."""
    line_start = actual.rfind(b"\n", 0, formatting.common_prefix(actual, expected)) + 1
    return actual.count(b"\n", 0, line_start) + 1


def _endings(data: bytes) -> str:
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    return "CRLF" if crlf and not lf else "LF" if lf and not crlf else "mixed" if crlf else "no"


def _plain(expected: bytes, actual: bytes) -> str:
    """The class from the bytes alone: whitespace-only or content."""
    same = expected.translate(None, _WHITESPACE) == actual.translate(None, _WHITESPACE)
    return "whitespace-only" if same else CONTENT


class Explainer:
    """Analyses drifts; each distinct text is decoded and parsed once per run."""

    def __init__(self, *, localize: bool = True) -> None:
        self._localize = localize  # False: always parse whole documents (tests compare both)
        self._texts: dict[bytes, str] = {}
        self._parsed: dict[tuple[str, str], Any] = {}
        self._read_ahead: dict[str, list[Any]] = {}  # YAML texts loaded together
        self.budget = budget.Budget()  # every copy of one report draws on it
        self._skipped: str | None = None

    def analyze(self, drift: Drift) -> Analysis:
        self._skipped = None
        try:
            found = self._analyze(drift)
            return found._replace(skipped=self._skipped) if self._skipped else found
        except (RecursionError, MemoryError) as e:
            why = "nested too deeply" if isinstance(e, RecursionError) else "out of memory"
            line = first_line(drift.actual or b"", drift.expected or b"")
            return Analysis(CONTENT, [], 0, [], f"{drift.copy}: not compared as data: {why}",
                            None, line)

    def _analyze(self, drift: Drift) -> Analysis:
        if drift.status in (MISSING, REMOVED) or drift.expected is None or drift.actual is None:
            cls = "missing" if drift.status == MISSING else "removed"
            return Analysis(cls, [], 0, [], None, None, None)
        expected = drift.shown if drift.shown is not None else drift.expected
        actual = drift.actual
        skip = None
        if drift.ignore:
            from specsync.config.pointers import Patterns

            skip = Patterns(drift.ignore).covers
        line = first_line(actual, expected)
        if (b"\r" in expected or b"\r" in actual) and \
                expected.replace(b"\r\n", b"\n") == actual.replace(b"\r\n", b"\n"):
            detail = (f"only line endings differ: {_endings(actual)} in the copy, "
                      f"{_endings(expected)} in the source")
            return Analysis("line-endings-only", [], 0, [], None, detail, line)
        kind, declared = data_kind(drift.copy, actual)
        if kind is None:
            plain = _plain(expected, actual)
            said = formatting.whitespace(expected, actual, None) if plain != CONTENT else None
            return Analysis(plain, [], 0, [], None, said, line)
        try:
            regions = self.regions(kind, expected, actual)
        except _SideError as e:
            if not declared:
                return Analysis(_plain(expected, actual), [], 0, [], None, None, line)
            where = drift.copy if e.side == "copy" else (drift.source or drift.copy)
            return Analysis(CONTENT, [], 0, [], f"{e.error.where(where)}: {e.error.message}",
                            None, line)
        except TooBig as e:
            return Analysis(_plain(expected, actual), [], 0, [],
                            f"{drift.copy}: not compared as data: {e}",
                            None, line)
        walker = semantic.explain(regions, self.budget, skip)
        if walker.total == 0:
            cls = "whitespace-only" if _plain(expected, actual) != CONTENT else "formatting-only"
            detail = formatting.describe(expected, actual, regions) \
                if cls == "formatting-only" else formatting.whitespace(expected, actual, regions)
            return Analysis(cls, [], 0, [], None, detail, line)
        changes, cls = impact.annotate(walker, regions, self._texts.get(expected),
                                       self.budget)
        return Analysis(cls, changes, walker.total, versions(regions, skip), None, None, line)

    def regions(self, kind: str, expected: bytes, actual: bytes) -> list[semantic.Region]:
        source, copy = self._text(expected, "source"), self._text(actual, "copy")
        if kind == "json":
            self._afford(kind, copy, source)
            return match([(0, self._whole(kind, copy, "copy"))],
                          [(0, self._whole(kind, source, "source"))], single=True)
        block_error = None
        try:
            found = self._localized(copy, source) if self._localize else None
        except chunks.BlockError as e:  # parse whole: real positions, or what the cut missed
            found, block_error = None, e
        if found is not None:
            return found
        try:
            self._afford(kind, copy, source)
            return match_documents(self._whole(kind, copy, "copy"),
                                   self._whole(kind, source, "source"))
        except TooBig:
            if block_error is None:
                raise
            raise _SideError(block_error.side, block_error.error) from None

    def _text(self, data: bytes, side: str) -> str:
        if data not in self._texts:
            try:
                self._texts[data] = decode(data)
            except DataError as e:
                raise _SideError(side, e) from None
        return self._texts[data]

    def _afford(self, kind: str, copy: str, source: str) -> None:
        """Take from the budget what parsing both whole texts costs, or raise TooBig."""
        texts = {t for t in (copy, source) if (kind, t) not in self._parsed}
        steps = sum(budget.parse_steps(kind, len(t)) for t in texts)
        if not self.budget.take(steps):
            size = _mb(sum(map(len, texts)))
            raise TooBig(f"{size} to parse is more than the rest of the {budget.NOTE}")

    def _whole(self, kind: str, text: str, side: str) -> Any:
        limit = MAX_PARSE_BYTES[kind]
        if len(text) > limit:
            raise TooBig(f"the {side} is {_mb(len(text))} (over the {_mb(limit)} limit "
                         "for parsing)")
        try:
            return self._load(kind, text)
        except DataError as e:
            raise _SideError(side, e) from None
        except TooBig as e:
            raise TooBig(f"the {side} {e}") from None

    def _load(self, kind: str, text: str) -> Any:
        key = (kind, text)
        if key not in self._parsed:
            loaded = self._read_ahead.pop(text, None) if kind == "yaml" else None
            data = load_text(kind, text) if loaded is None else loaded
            if expanded_size(data, MAX_NODES) > MAX_NODES:
                raise TooBig(f"expands to more than {MAX_NODES:,} nodes (YAML aliases?)")
            self._parsed[key] = data
        return self._parsed[key]

    def _localized(self, copy: str, source: str) -> list[semantic.Region] | None:
        """The differing blocks only, or None when the texts cannot be cut apart."""
        copy_docs, source_docs = chunks.documents(copy), chunks.documents(source)
        if copy_docs is None or source_docs is None:
            return None
        limit = min(self.budget.left, MAX_PARSE_BYTES["yaml"])
        try:
            if len(copy_docs) == len(source_docs) == 1:
                return chunks.regions(copy_docs[0], source_docs[0], self._load_block, limit,
                                      self.budget)
            return self._by_document(copy_docs, source_docs)
        except chunks.Untied:
            return None
        except (chunks.OverLimit, budget.Spent):
            raise TooBig(OVER_BUDGET if limit == MAX_PARSE_BYTES["yaml"] else
                         "finding and parsing the differing parts takes more than the "
                         f"{budget.NOTE}") from None

    def _load_block(self, text: str) -> Any:
        if ("yaml", text) not in self._parsed and \
                not self.budget.take(budget.parse_steps("yaml", len(text))):
            raise budget.Spent
        docs = self._load("yaml", text)
        if len(docs) != 1:
            raise chunks.Untied("a block is not one document")
        return docs[0]

    def _by_document(self, copy: list[str], source: list[str]) -> list[semantic.Region]:
        """Documents whose text is equal on both sides are matched without parsing."""
        try:
            return self._documents_that_differ(copy, source)
        except DataError:
            raise chunks.Untied("a document did not parse") from None

    def _documents_that_differ(self, copy: list[str], source: list[str],
                               ) -> list[semantic.Region]:
        from collections import Counter

        common = Counter(copy) & Counter(source)
        left = common.copy()
        copy_rest = [(i, t) for i, t in enumerate(copy) if not _take(left, t)]
        left = common.copy()
        source_rest = [(i, t) for i, t in enumerate(source) if not _take(left, t)]
        self._read_ahead = ahead.read_ahead(copy_rest, source_rest, self.budget.left,
                                            self._parsed)
        try:
            copy_docs, source_docs, left_out = budget.load_pairs(copy_rest, source_rest,
                                                                 self._load_block)
        finally:
            self._read_ahead = {}  # what was not asked for (half a pair, an error) goes
        found = match(copy_docs, source_docs, single=False)
        if left_out:  # a document without its pair may be paired with one not loaded
            alone = [r for r in found if semantic.ABSENT in (r.copy, r.source)]
            found = [r for r in found if semantic.ABSENT not in (r.copy, r.source)]
            self._skipped = budget.skipped_line(left_out + len(alone),
                                                "differing documents")
        return found


def _take(counter: Any, key: str) -> bool:
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} KB"
