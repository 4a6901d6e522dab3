"""Parse and validate `.specsync.yaml` text into a `Config`, with line numbers.

Every problem is reported as `.specsync.yaml:LINE: what is wrong`; all of them
are collected before giving up, so one run shows every mistake.
"""
from __future__ import annotations

from specsync.config.checker import (
    Checker,
    item_line,
    kind,
    surrogate_line,
    value_line,
)
from specsync.config.copies import parse_copy
from specsync.config.model import DISCOVERY_KINDS, Config, CopySpec, LinkSpec
from specsync.errors import InputError
from specsync.globs import is_glob
from specsync.registry import TRANSFORMS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from specsync.config.model import GeneratedSpec

TOP_KEYS = ("discover", "generated", "links", "run_discovered")
LINK_KEYS = ("copies", "lock", "prune", "source")
# A config is small and parsed by pure-Python ruamel.yaml (seconds per MB); refuse
# what no real config needs before parsing it, and alias bombs before walking them.
MAX_BYTES = 1 << 20
MAX_NODES = 200_000
MAX_DEPTH = 100


class ConfigErrors(InputError):
    """All the problems found in one config file."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__(errors[0].path, errors[0].message, errors[0].line)

    def render(self) -> str:
        return "\n".join(InputError.render(e) for e in self.errors)


def _link(check: Checker, node: Any, line: int, name: str) -> LinkSpec | None:
    if not check.keys(node, line, LINK_KEYS, "link"):
        return None
    for required in ("source", "copies"):
        if required not in node:
            check.error(line, f"link needs {required}:")
    if "source" not in node or "copies" not in node:
        return None
    source = check.path(node["source"], value_line(node, "source", line), "source")
    if source is not None and source.endswith("/"):
        check.error(value_line(node, "source", line),
                    f"source {source!r} is a folder; use a glob such as {source}*.yaml")
        source = None
    raw = node["copies"]
    copies_line = value_line(node, "copies", line)
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        check.error(copies_line, f"copies must be a list of paths, not {kind(raw)}")
        return None
    if not raw:
        check.error(copies_line, "copies must list at least one path")
        return None
    copies = []
    for i, item in enumerate(raw):
        spec = parse_copy(check, item, item_line(raw, i, copies_line))
        if spec is not None:
            if source is not None and spec.path == source:
                check.error(spec.line, f"copy {spec.path!r} is the source itself")
                continue
            copies.append(spec)
    flags = {}
    for key in ("prune", "lock"):
        if key in node:
            if not isinstance(node[key], bool):
                check.error(value_line(node, key, line), f"{key} must be true or false")
            else:
                flags[key] = bool(node[key])
    if source is None or len(copies) != len(raw):
        return None
    _mirror_rules(check, source, copies, flags.get("prune", False),
                  value_line(node, "prune", line))
    return LinkSpec(source, copies, f"{name}:{line}", line, **flags)


def _mirror_rules(check: Checker, source: str, copies: list[CopySpec], prune: bool,
                  prune_line: int) -> None:
    """Combinations that parse but cannot work: globs, folders, transforms and prune."""
    for spec in copies:
        folder = spec.path.endswith("/")
        if is_glob(spec.path):
            check.error(spec.line, f"copy {spec.path!r} is a glob; name a file, or a folder "
                        "ending in / that receives the matches")
        elif is_glob(source) and not folder:
            check.error(spec.line, f"copy {spec.path!r} is one file but source {source!r} is "
                        "a glob; end the copy with / to mirror the matches into a folder")
        if folder and spec.transform:
            check.error(spec.line, f"copy {spec.path!r} is a folder; transform needs a copy "
                        "file (its name says the format)")
        if spec.header is not None and (
                (spec.transform and TRANSFORMS[spec.transform].output == "json")
                or spec.path.endswith(".json")):
            check.error(spec.line, f"copy {spec.path!r} is JSON, which has no comment line "
                        "for a header")
    if prune and not (is_glob(source) and any(c.path.endswith("/") for c in copies)):
        check.error(prune_line, "prune needs a glob source and a folder copy (a path ending "
                    "in /): it deletes copies whose source no longer matches")


def _discover(check: Checker, top: Any) -> tuple[str, ...]:
    value = top.get("discover", True)
    line = value_line(top, "discover", 1)
    if value is True:
        return DISCOVERY_KINDS
    if value is False:
        return ()
    if isinstance(value, list) and all(v in DISCOVERY_KINDS for v in value):
        return tuple(str(v) for v in value)
    check.error(line, f"discover must be true, false or a list of {', '.join(DISCOVERY_KINDS)}")
    return DISCOVERY_KINDS


def _duplicates(check: Checker, links: list[LinkSpec]) -> None:
    owner: dict[str, CopySpec] = {}
    for link in links:
        for copy in link.copies:
            if copy.path.endswith("/"):
                continue  # folders may be shared; links.resolve catches a file twice
            first = owner.setdefault(copy.path, copy)
            if first is not copy:
                check.error(copy.line, f"copy {copy.path!r} is already listed on line {first.line}")
    sources = {link.source: link for link in links}
    for link in links:
        for copy in link.copies:
            if copy.path in sources and not copy.path.endswith("/"):
                check.error(copy.line, f"copy {copy.path!r} is also the source on line "
                            f"{sources[copy.path].line}; chain copies from the one source")


def load_yaml(text: str, name: str) -> Any:
    """Round-trip load (keeps line numbers); YAML errors become InputError.

    Deep flow nesting is refused first: the pure-Python scanner is quadratic in
    it (10^4 levels of `[` took 4-9 s to fail).
    """
    import warnings

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from specsync.documents import YAML_FAILURES, DataError, check_flow_depth, yaml_error

    try:
        check_flow_depth(text, MAX_DEPTH)
    except DataError as e:
        raise InputError(name, e.message) from None
    try:
        with warnings.catch_warnings():  # e.g. a reused anchor: legal, and not one line
            warnings.simplefilter("ignore")
            return YAML(typ="rt", pure=True).load(text)
    except (YAMLError, *YAML_FAILURES) as e:
        error = yaml_error(e, text)
        raise InputError(name, error.message, error.line) from None


def _check_size(top: Any, name: str) -> None:
    from specsync.documents import DataError, check_size

    try:
        check_size([top], MAX_NODES)
    except DataError as e:
        raise InputError(name, e.message) from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM dropped); anything else is one InputError naming the line.

    Text that is valid is decoded here, as `documents.decode` does, so the quick reader's
    configs import nothing more; any other bytes go to `documents.decode`, the one wording
    of what is wrong (UTF-16, not UTF-8, a NUL byte) and where.
    """
    if b"\0" not in data:
        try:
            return str(data[3:] if data.startswith(b"\xef\xbb\xbf") else data, "utf-8")
        except UnicodeDecodeError:
            pass
    from specsync.documents import DataError
    from specsync.documents import decode as decode_text

    try:
        return decode_text(data)
    except DataError as e:
        raise InputError(name, e.message, e.line) from None


def parse(data: bytes, name: str) -> Config:
    """The config in `data`: read by `config.quick` when it is sure of the shape, else (and
    for every error, with its lines) by ruamel.yaml; validated alike either way."""
    if len(data) > MAX_BYTES:
        raise InputError(name, f"is {len(data):,} bytes; a config holds at most {MAX_BYTES:,}")
    text = decode(data, name)
    from specsync.config.quick import read as read_quick

    top = read_quick(text)
    if top is not None:
        try:
            return _config(top, text, name)
        except InputError:
            pass  # the reference reader reports it
    top = load_yaml(text, name)
    _check_size(top, name)
    return _config(top, text, name)


def _config(top: Any, text: str, name: str) -> Config:
    """Validate the loaded data into a Config (every problem, with its line)."""
    if "\\" in text:  # only an escape ("\ud800") makes a lone surrogate
        line = surrogate_line(top)
        if line is not None:
            raise InputError(name, "holds a lone surrogate (a \\uD800-\\uDFFF escape): "
                             "paths and headers must be Unicode text", line)
    check = Checker(name)
    if top is None:
        top = {}
    if not check.keys(top, 1, TOP_KEYS, "the config"):
        raise ConfigErrors(check.errors)
    links: list[LinkSpec] = []
    raw = top.get("links", [])
    links_line = value_line(top, "links", 1)
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        check.error(links_line, f"links must be a list, not {kind(raw)}")
        raw = []
    for i, node in enumerate(raw):
        link = _link(check, node, item_line(raw, i, links_line), name)
        if link is not None:
            links.append(link)
    discover = _discover(check, top)
    _duplicates(check, links)
    generated: list[GeneratedSpec] = []
    run_discovered = False
    if "generated" in top or "run_discovered" in top:  # else nothing to import and check
        from specsync.config.generated import owned_once
        from specsync.config.generated import parse as parse_generated

        generated, run_discovered = parse_generated(check, top, name)
        owned_once(check, generated, links)
    if check.errors:
        raise ConfigErrors(check.errors)
    return Config(links, discover, path=name, generated=generated, run_discovered=run_discovered)
