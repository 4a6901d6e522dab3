"""`transform: json-to-yaml` (and `select` on a YAML source): block-style YAML.

ruamel.yaml's safe dumper in block style, keys in source order, mappings indented
by max(INDENT, 2), dashes at the parent's column, no folding, UTF-8 as is;
strings YAML 1.1 would read as booleans or base-60 numbers (`yes`, `on`, `1:20`)
are single-quoted, and Unicode line breaks are written escaped.
"""
from __future__ import annotations

from specsync.drift.transforms.errors import TransformError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Strings a YAML 1.1 reader (PyYAML, Go's yaml.v2) takes for a boolean or a
# base-60 number; YAML 1.2 leaves them plain, so they are quoted explicitly.
_YAML11 = r"""(?x)
    y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
  | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
"""


# Unicode line breaks YAML folds to a space unless they are escaped (\N \L \P).
_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def _representer() -> Any:
    import re

    from ruamel.yaml.representer import SafeRepresenter

    yaml11 = re.compile(_YAML11)

    class Representer(SafeRepresenter):
        def represent_str(self, data: str) -> Any:
            if yaml11.fullmatch(data):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
            if not _LINE_BREAKS.isdisjoint(data):  # escaped only in double quotes
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return super().represent_str(data)

    Representer.add_representer(str, Representer.represent_str)
    return Representer


def dump(value: Any, indent: int) -> bytes:
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RepresenterError

    out = YAML(typ="safe", pure=True)
    out.Representer = _representer()
    out.default_flow_style = False
    out.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out.width = 1 << 30
    out.allow_unicode = True
    out.map_indent = max(indent, 2)
    stream = io.StringIO()
    try:
        out.dump(value, stream)
    except RepresenterError as e:
        raise TransformError(f"cannot be written as YAML: {e}") from None
    return stream.getvalue().encode()
