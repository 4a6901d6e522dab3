"""One YAML reading everywhere: YAML 1.2, with ruamel.yaml's C parser or without it.

The C parser (ruamel.yaml.clib) ignores a `%YAML 1.1` directive; the pure Python
parser honours it (`on: yes` becomes `true: true`, `017` becomes 15). A copy made
on one machine would then drift on another. Both loaders here get a resolver
that stays at YAML 1.2 - what the C parser reads, and what OpenAPI 3.1 and JSON
Schema mean - so the data is the same with or without the C extension.
`drift.expected_ids.stamp` names which parser is installed all the same.
"""
from __future__ import annotations

from typing import Any

_LOADERS: list[Any] = []


def loaders() -> tuple[Any, Any]:
    """(the C loader class, or None without ruamel.yaml.clib; a function making the pure
    Python loader): both read YAML 1.2 whatever a `%YAML 1.1` directive says."""
    if not _LOADERS:
        from ruamel.yaml.constructor import SafeConstructor
        from ruamel.yaml.resolver import Resolver

        class Resolver12(Resolver):
            """YAML 1.2's tags for plain scalars, whatever a `%YAML` directive says."""

            def __init__(self, version: Any = None, loader: Any = None) -> None:
                super().__init__(loadumper=loader)

            @property
            def processing_version(self) -> Any:
                return (1, 2)

        try:
            from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
        except ImportError:  # no C extension: the pure Python parser
            c_loader = None
        else:
            class CLoader12(CParser, SafeConstructor, Resolver12):  # type: ignore[misc]
                """ruamel.yaml's CSafeLoader with the 1.2 resolver."""

                def __init__(self, stream: str) -> None:
                    CParser.__init__(self, stream)
                    self._parser = self._composer = self
                    SafeConstructor.__init__(self, loader=self)
                    Resolver12.__init__(self, loader=self)

            c_loader = CLoader12

        def pure() -> Any:
            from ruamel.yaml import YAML

            loader = YAML(typ="safe", pure=True)
            loader.Resolver = Resolver12
            return loader

        _LOADERS.extend((c_loader, pure))
    return _LOADERS[0], _LOADERS[1]
