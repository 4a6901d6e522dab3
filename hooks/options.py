"""Command-line options shared by `specsync check` and `specsync fix`."""
from __future__ import annotations

import argparse
import os

from hooks.pipeline import Options

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def parser(prog: str, description: str, *, fix: bool) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("filenames", nargs="*", metavar="FILE",
                   help="changed files (pre-commit passes them); only links that involve "
                        "one of them are checked. None: every link.")
    p.add_argument("--all-files", action="store_true", help="check every link")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--worktree", action="store_true",
                       help="compare the files on disk instead of the staged ones")
    if not fix:
        where.add_argument("--rev", metavar="REV", help="compare the files of a commit (CI)")
        p.add_argument("--diff", action="store_true", help="show whole diffs, not the first lines")
        p.add_argument("--verbose", "-v", action="store_true", help="do not cap the report")
        p.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="how to print the report: text (default), json (one object "
                            "for tools), github (workflow annotations)")
    else:
        p.add_argument("--force", action="store_true",
                       help="also overwrite copies that were edited directly or have "
                            "unstaged changes")
    return p


def files_last(argv: Sequence[str]) -> list[str]:
    """Move arguments that name existing files behind `--`.

    pre-commit appends the staged file names after the hook's args without a
    `--`: a file named `-x.yaml` must not be a usage error, nor one named
    `--force` turn on --force.
    """
    options: list[str] = []
    files: list[str] = []
    rest: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            rest = list(argv[i + 1 :])
            break
        value_of_rev = i > 0 and argv[i - 1] == "--rev"
        if arg.startswith("-") and not value_of_rev and os.path.lexists(arg):
            files.append(arg)
        else:
            options.append(arg)
    return [*options, "--", *files, *rest] if files or rest else options


def parse(p: argparse.ArgumentParser, argv: Sequence[str] | None) -> Options:
    import sys

    ns = p.parse_args(files_last(sys.argv[1:] if argv is None else argv))
    return Options(
        ns.filenames,
        all_files=ns.all_files,
        worktree=ns.worktree,
        rev=getattr(ns, "rev", None),
        diff=getattr(ns, "diff", False),
        verbose=getattr(ns, "verbose", False),
        format=getattr(ns, "format", "text"),
        force=getattr(ns, "force", False),
    )
