"""A small POSIX shell subset: interpret the copies a script's commands make.

Shared by the go:generate and Makefile finders. It understands what file-copy
recipes are made of (`cp`, `cat SRC > DEST`, `mkdir`, `cd`, `rm`, `echo`,
joined with `&&`, `;` or newlines, quoted words, globs) and raises
`Unsupported` with a reason for anything else, so nothing is ever guessed.
"""
from __future__ import annotations

import posixpath

from specsync.discovery.model import INTO_AUTO, INTO_DIR, INTO_FILE, INTO_MADE, Op
from specsync.discovery.shell_syntax import GLOB, Command, Fails, Unsupported, Word, split

__all__ = ["Fails", "Interpreter", "Unsupported", "interpret", "interpret_argv", "removals",
           "split"]

_NOOPS = frozenset(("echo", "printf", "true", ":"))
ROOT = "/\x01repository"  # the repository root, as absolute paths start (make_vars.ROOT)
# the folder of a script nothing runs (a person runs it by hand, from anywhere): only the
# paths anchored to the repository (`ROOT/...`, from `$0` or `git rev-parse`) are known
UNKNOWN_CWD = "\x02unknown"
RELATIVE = "names a path relative to the folder it is run from, and nothing runs this script"


class Interpreter:
    """Runs commands symbolically from a folder of the repository, collecting copies."""

    def __init__(self, path: str, line: int, cwd: str, *, shell: bool = True) -> None:
        self.path = path
        self.line = line
        self.cwd = cwd  # repository-relative folder, "" for the root
        self.shell = shell  # False: go:generate runs the command itself, nothing expands globs
        self.ops: list[Op] = []
        self.made: set[str] = set()
        self.removed: set[str] = set()
        self.gone: list[str] = []  # what `rm` removed, in order ("P/": all below P too)

    def repo_path(self, word: Word) -> str:
        text = word.text
        if not word.glob and not GLOB.isdisjoint(text):
            if self.shell:
                raise Unsupported(f"names a file with wildcard characters: {text!r}")
            raise Fails(f"passes {text!r} to the command as it is: go generate does not "
                        "expand wildcards (run it through sh -c)")
        if not text:
            raise Unsupported("has an empty file name")
        if self.cwd == UNKNOWN_CWD:
            if text != ROOT and not text.startswith(ROOT + "/"):
                raise Unsupported(RELATIVE)
            text = text[len(ROOT) + 1 :] or "."
        elif text.startswith("/"):
            raise Unsupported(f"uses the absolute path {text!r}")
        joined = posixpath.normpath(posixpath.join(
            "" if self.cwd == UNKNOWN_CWD else self.cwd, text))
        if joined == ".." or joined.startswith("../"):
            raise Unsupported(f"{text!r} is outside the repository")
        if ".git" in joined.split("/"):
            raise Unsupported(f"{text!r} is inside .git")
        if joined == ".":
            return ""
        contents = text.rstrip("/") == "." or text.rstrip("/").endswith("/.")
        return joined + "/." if contents else joined  # `cp -r dir/. dest`: the contents

    def run(self, command: Command) -> None:
        name = command.words[0].text if command.words else ""
        if command.words and command.words[0].glob:
            raise Unsupported(f"runs a wildcard command {name!r}")
        handler = _COMMANDS.get(name)
        if handler is None:
            if name in _NOOPS and not command.redirects:
                return
            raise Unsupported(f"runs {name!r}, not a copy" if name else "redirects output")
        if command.redirects and name != "cat":
            raise Unsupported(f"redirects the output of {name!r}")
        handler(self, command.words[1:], command.redirects)

    def add(self, sources: tuple[str, ...], dest: str, into: str, recursive: bool) -> None:
        parent = posixpath.dirname(dest) if into != INTO_MADE and dest not in self.made else ""
        if parent and any(r.endswith("/") and (parent + "/").startswith(r)
                          for r in self.removed) and \
                not any(m == parent or m.startswith(parent + "/") for m in self.made):
            raise Unsupported(f"copies into {parent}, which an earlier `rm` removed: cp fails")
        if dest in self.made and into != INTO_FILE:
            into = INTO_MADE
        fresh = dest in self.removed and dest not in self.made
        cleared = tuple(sorted(r for r in self.removed if not dest or r.rstrip("/") == dest
                               or r.startswith(dest + "/")))
        self.ops.append(Op(self.path, self.line, sources, dest, into, recursive=recursive,
                           fresh=fresh, cleared=cleared))


_CP_SHORT = {"f": "", "r": "r", "R": "r", "p": "", "v": "", "a": "r", "L": "", "T": "T"}
_CP_LONG = {"--force": "", "--recursive": "r", "--preserve": "", "--verbose": "",
            "--archive": "r", "--dereference": "", "--no-target-directory": "T"}


def _options(words: list[Word], short: dict[str, str], long: dict[str, str],
             name: str) -> tuple[set[str], list[Word], str | None]:
    """Flags, operands, and the value of -t/--target-directory for cp."""
    flags: set[str] = set()
    operands: list[Word] = []
    target = None
    rest = iter(words)
    for word in rest:
        text = word.text
        if word.glob or text == "-" or not text.startswith("-"):
            operands.append(word)
        elif operands:  # GNU cp takes it as an option, BSD cp as a file name
            raise Unsupported(f"puts the option {text!r} after a file name")
        elif text == "--":
            operands.extend(rest)
        elif text.startswith("--target-directory="):
            target = text.partition("=")[2]
        elif text == "-t":
            value = next(rest, None)
            if value is None:
                raise Unsupported(f"{name} -t needs a folder")
            target = value.text
        elif text in long:
            flags.add(long[text])
        elif text.startswith("--") or not all(c in short for c in text[1:]):
            raise Unsupported(f"uses the {name} option {text!r}")
        else:
            flags.update(short[c] for c in text[1:])
    return flags, operands, target


def _cp(sh: Interpreter, words: list[Word], redirects: list[Word]) -> None:
    flags, operands, target = _options(words, _CP_SHORT, _CP_LONG, "cp")
    if target is not None:
        operands.append(Word(target.rstrip("/") + "/"))
    if len(operands) < 2:
        raise Unsupported("cp needs a source and a destination")
    *sources, dest = operands
    if dest.glob:
        raise Unsupported(f"copies to a wildcard {dest.text!r}")
    paths = tuple(sh.repo_path(w) for w in sources)
    if any(p == "" for p in paths):
        raise Unsupported("copies the whole repository")
    target_path = sh.repo_path(dest)
    into = INTO_DIR if dest.text.endswith("/") or len(sources) > 1 else INTO_AUTO
    if target_path.endswith("/.") or target_path == "":
        target_path, into = target_path.removesuffix("/."), INTO_DIR
    if "T" in flags:
        if len(sources) > 1 or any(w.glob for w in sources):
            raise Unsupported("cp -T with several sources")
        into = INTO_FILE
    sh.add(paths, target_path, into, "r" in flags)


def _cat(sh: Interpreter, words: list[Word], redirects: list[Word]) -> None:
    if len(redirects) != 1:
        raise Unsupported("cat without one > redirection")
    if len(words) != 1 or words[0].text.startswith("-") or words[0].glob:
        raise Unsupported("cat of several files (or options) is not a copy of one file")
    if redirects[0].text.endswith("/"):
        raise Unsupported(f"redirects into the folder {redirects[0].text!r} (sh fails)")
    sh.add((sh.repo_path(words[0]),), sh.repo_path(redirects[0]), INTO_FILE, False)


def _mkdir(sh: Interpreter, words: list[Word], redirects: list[Word]) -> None:
    for word in words:
        if word.text in ("-p", "--parents", "-v"):
            continue
        if word.text.startswith("-"):
            raise Unsupported(f"uses the mkdir option {word.text!r}")
        sh.made.add(sh.repo_path(word).removesuffix("/."))


def _cd(sh: Interpreter, words: list[Word], redirects: list[Word]) -> None:
    if len(words) != 1:
        raise Unsupported("cd without exactly one folder")
    sh.cwd = sh.repo_path(words[0]).removesuffix("/.")


def _rm(sh: Interpreter, words: list[Word], redirects: list[Word]) -> None:
    flags = "".join(w.text for w in words if w.text.startswith("-") and not w.glob)
    recursive = "r" in flags or "R" in flags
    paths: list[str] = []
    for word in words:
        if word.text.startswith("-") and not word.glob:
            if not all(c in "rRfv" for c in word.text[1:]):
                raise Unsupported(f"uses the rm option {word.text!r}")
            continue
        path = sh.repo_path(word).removesuffix("/.")
        sh.removed.update((path, path + "/") if recursive else (path,))
        sh.made.discard(path)
        paths += [path, path + "/"] if recursive else [path]
    sh.gone += paths
    for op in sh.ops:  # the copies this line made before: `cp a/* d/ && rm d/x`
        op.dropped += tuple(paths)


_COMMANDS = {"cp": _cp, "cat": _cat, "mkdir": _mkdir, "cd": _cd, "rm": _rm}


def interpret(script: str, path: str, line: int, cwd: str,
              disk: tuple[set[str], set[str]] | None = None) -> list[Op]:
    """The copies a shell script performs, run from `cwd`; `Unsupported` otherwise.

    `disk`: (made, removed) folders that earlier scripts left (see `folders`).
    """
    sh = Interpreter(path, line, cwd)
    if disk is not None:
        sh.made.update(disk[0])
        sh.removed.update(disk[1])
    for command in split(script):
        sh.run(command)
    return sh.ops


def removals(script: str, cwd: str) -> list[str]:
    """What a script of modelled commands only (see `interpret`) removes with `rm`, in
    order; `Unsupported` when it runs anything else."""
    sh = Interpreter("", 0, cwd)
    for command in split(script):
        sh.run(command)
    return sh.gone


def folders(script: str, cwd: str, disk: tuple[set[str], set[str]]) -> bool:
    """Add the folders a script's `mkdir` makes and its `rm` removes (its other commands
    aside) to `disk`: the next line of a recipe runs in a new shell, on the same files.
    False when the script cannot be read."""
    sh = Interpreter("", 0, cwd)
    sh.made, sh.removed = disk
    try:
        for command in split(script):
            name = command.words[0].text if command.words else ""
            if name in ("mkdir", "rm", "cd") and not command.redirects:
                _COMMANDS[name](sh, command.words[1:], command.redirects)
    except Unsupported:
        return False
    return True


def interpret_argv(argv: list[str], path: str, line: int, cwd: str) -> list[Op]:
    """A command run directly, without a shell (go:generate): no globbing, no redirection."""
    sh = Interpreter(path, line, cwd, shell=False)
    command = Command()
    command.words = [Word(a) for a in argv]
    if argv and argv[0] == "cat":
        raise Unsupported("cat without a shell cannot redirect into a file (run it through sh -c)")
    sh.run(command)
    return sh.ops
