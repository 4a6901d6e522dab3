"""Read ahead: the differing documents a report is about to load one by one
(`budget.load_pairs`), loaded together as one YAML stream.

A loader per document costs more than a small document (~60 us each: 40,000 changed
documents spent most of their report starting loaders). The budget is not touched here:
each document is still paid for when the analysis asks for it, so what a report covers
and what it skips are the same; only the loading is shared. When the texts do not load
together, nothing is read ahead, and one by one the failing document says why.
"""
from __future__ import annotations

from specsync.documents import DataError, check_yaml_bounds, load_yaml_documents
from specsync.explain.budget import parse_steps
from specsync.explain.chunks import has_data

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Container
    from typing import Any

# a line break then a marker or directive (the C parser also breaks lines at \x85, \u2028
# and \u2029), or a byte order mark: texts holding one are not joined (`load_each`)
_JOIN_BREAKERS = ("\n---", "\n...", "\n%", "\r---", "\r...", "\r%", "\x85", "\u2028",
                  "\u2029", "\ufeff")


def read_ahead(copy: list[tuple[int, str]], source: list[tuple[int, str]], left: int,
               parsed: Container[tuple[str, str]]) -> dict[str, list[Any]]:
    """The documents (as `load_text` gives them) of the texts `budget.load_pairs` will load,
    in its order (copy, source, pair by pair), as far as `left` steps cover them; texts
    already `parsed` are skipped, as they cost nothing."""
    batch: list[str] = []
    seen: set[str] = set()
    for k in range(max(len(copy), len(source))):
        for text in (side[k][1] for side in (copy, source) if k < len(side)):
            if ("yaml", text) in parsed or text in seen:
                continue
            steps = parse_steps("yaml", len(text))
            if steps > left:
                return _loaded(batch)
            left -= steps
            seen.add(text)
            batch.append(text)
    return _loaded(batch)


def _loaded(batch: list[str]) -> dict[str, list[Any]]:
    docs = load_each(batch) if len(batch) > 1 else None
    return {} if docs is None else {text: [doc] for text, doc in zip(batch, docs, strict=True)}


def load_each(texts: list[str]) -> list[Any] | None:
    """The one YAML document of each of `texts` (documents cut apart by `explain.chunks`),
    read as one stream with a `---` before each. None when the stream does not load, or
    does not hold exactly one document per text.

    Joined only when that cannot change a document: each text holds data (comments alone
    are no document, but `---` before them makes an empty one), ends in a newline (a `|+`
    scalar keeps one more) and has no marker or directive line (`---`, `...`, `%`: a
    directive may end one document and start the next) and no byte order mark.
    """
    if not all(has_data(text) and text.endswith("\n")
               and not text.startswith(("---", "...", "%"))
               and not any(mark in text for mark in _JOIN_BREAKERS) for text in texts):
        return None
    stream = "".join("---\n" + text for text in texts)
    try:
        check_yaml_bounds(stream)
        docs = load_yaml_documents(stream)
    except DataError:
        return None
    return docs if len(docs) == len(texts) else None
