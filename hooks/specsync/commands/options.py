"""Command-line options shared by `specsync check` and `specsync fix`.

argparse (with `re`, `enum`, `gettext`, `locale` and `shutil` behind it) costs
more than the whole in-sync check, so the usual command lines (known flags
first, then file names) are read by `quick`; anything else, including every
error and `--help`, goes to argparse, which stays the reference.
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

class Options:
    """What the user asked for on the command line of `check` or `fix`."""

    __slots__ = ("all_files", "diff", "filenames", "force", "format", "rev", "verbose",
                 "worktree")

    def __init__(
        self,
        filenames: Sequence[str] = (),
        *,
        all_files: bool = False,
        worktree: bool = False,
        rev: str | None = None,
        diff: bool = False,
        verbose: bool = False,
        format: str = "text",
        force: bool = False,
    ) -> None:
        self.filenames = filenames
        self.all_files = all_files
        self.worktree = worktree
        self.rev = rev
        self.diff = diff
        self.verbose = verbose
        self.format = format
        self.force = force


FORCE_VAR = "SPECSYNC_FORCE"  # `fix` reads it as --force (report.hints prints it too)

# flag -> Options field, per command; only these are read without argparse
_FLAGS = {"--all-files": "all_files", "--worktree": "worktree"}
_CHECK_FLAGS = {**_FLAGS, "--diff": "diff", "--verbose": "verbose", "-v": "verbose"}
_FIX_FLAGS = {**_FLAGS, "--force": "force"}


def read(prog: str, description: str, argv: Sequence[str] | None, *, fix: bool) -> Options:
    """The options of `argv` (default: `sys.argv[1:]`), as argparse would read them."""
    args = list(sys.argv[1:] if argv is None else argv)
    opts = quick(args, fix=fix) or parse(parser(prog, description, fix=fix), args)
    if fix and os.environ.get(FORCE_VAR) == "1":  # how `pre-commit run` can say --force
        opts.force = True
    return opts


def quick(args: Sequence[str], *, fix: bool) -> Options | None:
    """Known flags followed by file names; None for anything argparse must judge."""
    flags = _FIX_FLAGS if fix else _CHECK_FLAGS
    on: set[str] = set()
    rev = None
    i = 0
    while i < len(args) and args[i].startswith("-"):
        arg, value = args[i], args[i + 1] if i + 1 < len(args) else ""
        if os.path.lexists(arg):  # a file named like an option: see files_last
            return None
        if arg in flags:
            on.add(flags[arg])
        elif arg == "--rev" and not fix and value[:1] not in ("", "-"):
            rev = value
            i += 1
        elif arg == "--format" and not fix and value == "text":
            i += 1
        else:
            return None
        i += 1
    names = args[i:]
    if any(name.startswith("-") for name in names) or ("worktree" in on and rev is not None):
        return None
    return Options(
        names, all_files="all_files" in on, worktree="worktree" in on, rev=rev,
        diff="diff" in on, verbose="verbose" in on, force="force" in on,
    )


def parser(prog: str, description: str, *, fix: bool) -> argparse.ArgumentParser:
    from specsync.commands.usage import Parser
    from specsync.registry import OUTPUT_FORMATS

    p = Parser(prog=prog, description=description)
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
        p.add_argument("--format", choices=tuple(OUTPUT_FORMATS), default="text",
                       help="how to print the report: text (default), json (one object "
                            "for tools), github (workflow annotations), sarif (SARIF 2.1.0 "
                            "for code scanning)")
    else:
        p.add_argument("--force", action="store_true",
                       help="also overwrite copies that were edited directly or have "
                            f"unstaged changes ({FORCE_VAR}=1 in the environment does the "
                            "same: hook managers pass no options)")
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
