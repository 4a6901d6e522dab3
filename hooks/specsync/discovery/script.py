"""Copies made by a shell script that a recipe or a go:generate line runs, run in the
caller's folder (make's, the go package's), not its own. Its statements are read in
order with one shell state (variables, the folder a `cd` moved to, what `mkdir`/`rm`
did): assignments of the values script_words knows, `set -e...`, `echo`, `source`/`.`
of another tracked script, `exit`, `for NAME in WORDS` (unrolled, script_loops), an `if`
on files (script_if), and the commands of the shell subset (`cp`, `cat >`, `mkdir`, `cd`,
`rm`). A statement that copies in a way specsync cannot model (inside another compound
command, through an unknown value) is not understood; any other command
("other") that names a copy made before it - or that uses a value specsync does not
know - makes that copy not understood too (it may patch it). The Reader's budget and
`MAX_STEPS` bound what a script reads.
"""
from __future__ import annotations

import re

from specsync.discovery import script_if, script_loops, script_text, script_words, shell
from specsync.discovery.later import QUIET
from specsync.discovery.make_vars import ROOT, relative
from specsync.discovery.model import Op, Unknown
from specsync.discovery.order import named_by
from specsync.discovery.shell_syntax import Command, Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader
    from specsync.discovery.script_text import Statement

MAX_STEPS = 10_000  # statements one script run may interpret (loops unrolled)
MAX_DEPTH = 8  # nested `source`
_COPIES = re.compile(r"(^|[\s;&|(`])(cp|cat|install|rsync|mv)(\s|$)")
_ASSIGNED = re.compile(r"(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)\+?=")
_NAME = re.compile(r"^(?:export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=")
_REFERENCED = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9])")
_FUNCTION = re.compile(r"^(?:function\s+([A-Za-z_][\w-]*)|([A-Za-z_][\w-]*)\s*\(\s*\))")
_MODELLED = frozenset(("cp", "cat", "mkdir", "cd", "rm", "echo", "printf", "true", ":"))


class Result:
    """What one run of a script does: its copies, what is not understood, its text (every
    file it read, and its values) and whether it may write files nobody can name."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.unknown: list[Unknown] = []
        self.text: list[str] = []
        self.blind = ""  # why it may write any file (a command with an unknown value)


class _Stop(Exception):  # `exit` at the top of the script: nothing after it runs
    pass


class _Run:
    def __init__(self, cwd: str, via: str, read: Reader, disk: tuple[set[str], set[str]],
                 ) -> None:
        self.sh = shell.Interpreter("", 0, cwd)
        self.sh.made, self.sh.removed = set(disk[0]), set(disk[1])
        self.via = via
        self.read = read
        self.vars: dict[str, str | None] = {}
        self.globs: set[str] = set()
        self.env = script_words.Env(self._cwd, self.vars, self.globs)
        self.cwd_known = True
        self.result = Result()
        # (ops before it, line, text, folder it runs in, whether it may write anything)
        self.others: list[tuple[int, int, str, str, bool]] = []
        self.functions: dict[str, str] = {}  # name -> the text of its definition
        self.steps = MAX_STEPS
        self.depth = 0

    def _cwd(self) -> str:
        if not self.cwd_known:
            raise Unsupported("runs after a `cd` specsync cannot follow")
        return f"{ROOT}/{self.sh.cwd}" if self.sh.cwd else ROOT

    def file(self, path: str, data: bytes, source: str) -> None:
        text = data.decode("utf-8", "surrogateescape")
        self.result.text.append(text)
        saved = self.sh.path, self.vars.get("BASH_SOURCE")
        self.sh.path, self.vars["BASH_SOURCE"] = path, source
        try:
            statements = script_text.statements(text)
        except Unsupported as e:
            self._unknown(1, "", f"cannot be split into commands: {e}")
            self.result.blind = self.result.blind or f"{path} cannot be read as commands"
            return
        for stmt in statements:
            self.statement(stmt)
        self.sh.path, self.vars["BASH_SOURCE"] = saved

    def _unknown(self, line: int, text: str, reason: str) -> None:
        record = Unknown(self.sh.path, line, text, f"{reason} (run by {self.via})")
        if not any(u.plain() == record.plain() for u in self.result.unknown[-8:]):
            self.result.unknown.append(record)  # once, not once per loop pass

    def statement(self, stmt: Statement) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise Unsupported(f"runs more than {MAX_STEPS} statements")
        if stmt.kind == script_text.FOR:
            self._for(stmt)
        elif stmt.kind in (script_text.BLOCK, script_text.HEREDOC, script_text.IF):
            if stmt.kind != script_text.IF or not script_if.run(stmt, self):
                self._block(stmt)
        else:
            self._simple(stmt)

    def _block(self, stmt: Statement) -> None:
        if stmt.kind != script_text.HEREDOC and _COPIES.search(stmt.text):
            shown = stmt.text.split("\n", 1)[0] + (" ..." if "\n" in stmt.text else "")
            self._unknown(stmt.line, shown, "copies inside a compound command (if, case, "
                          "while, a function, a subshell, a here-document): not modelled")
        for name in _ASSIGNED.findall(stmt.text):
            self.vars[name] = None
        defined = _FUNCTION.match(stmt.text)
        if defined:
            self.functions[defined.group(1) or defined.group(2)] = stmt.text
        if re.search(r"(^|[\s;&|(])(cd|pushd|popd)(\s|$)", stmt.text):
            self.cwd_known = False
        self._other(stmt.line, stmt.text)

    def _other(self, line: int, text: str, expanded: bool = False) -> None:
        """A command that is no modelled copy: it may patch what it names."""
        blind = not self.cwd_known
        called = [n for n in self.functions if re.search(rf"(^|[\s;&|(]){n}(\s|$|;)", text)]
        if called:  # what a called function runs is part of the command (one level)
            text = "\n".join((text, *(self.functions[n] for n in called)))
            expanded = False
        if not expanded:
            values = []
            for name in _REFERENCED.findall(text):
                value = self.vars.get(name)
                if value is None:
                    blind = True
                else:
                    values.append(value)
            text = "\n".join((text, *values))
        words = text.split()
        if words and words[0] in QUIET:
            blind = False
        self.others.append((len(self.sh.ops), line, text, self.sh.cwd, blind))
        if blind:
            self.result.blind = self.result.blind or \
                f"{self.sh.path}:{line} runs a command with a value specsync does not know"

    def _for(self, stmt: Statement) -> None:
        try:
            text = script_words.line(stmt.words, self.env, split=True)
            words = shell.split(relative(text, self.sh.cwd))
        except Unsupported as e:
            if _COPIES.search(stmt.text):
                self._unknown(stmt.line, f"for {stmt.name} in {stmt.words}", f"loops over "
                              f"words that {e}")
            self.vars[stmt.name] = None
            self._other(stmt.line, stmt.text)
            return
        for text, glob in script_loops.each(words, stmt, self.sh.cwd, self.read):
            self.vars[stmt.name] = text
            if glob:
                self.globs.add(stmt.name)
            else:
                self.globs.discard(stmt.name)
            for inner in stmt.body:
                self.statement(inner)
        self.vars[stmt.name] = None
        self.globs.discard(stmt.name)

    def _simple(self, stmt: Statement) -> None:
        text = stmt.text
        first = text.split(None, 1)[0]
        if first == "set" and "--" not in text.split() and all(
                w[:1] in "-+" or w.isalpha() for w in text.split()[1:]):
            return  # set -euo pipefail
        if first == "exit":
            raise _Stop
        if first in ("source", "."):
            self._source(stmt)
            return
        if _NAME.match(text) and self._assign(stmt):
            return
        text = re.sub(r"\s*\|\|\s*exit(\s+\d+)?\s*$", "", text)  # `cd "$ROOT" || exit 1`
        try:
            expanded = relative(script_words.line(text, self.env), self.sh.cwd)
            commands = shell.split(expanded)
        except Unsupported as e:
            if _COPIES.search(text):
                self._unknown(stmt.line, stmt.text, str(e))
            if first in ("cd", "pushd", "popd"):
                self.cwd_known = False
            self._other(stmt.line, stmt.text)
            return
        if not all(c.words and c.words[0].text in _MODELLED and not c.words[0].glob
                   for c in commands):
            if _COPIES.search(text):
                self._unknown(stmt.line, stmt.text, "copies together with a command that is "
                              "not a copy")
            if any(c.words and c.words[0].text in ("cd", "pushd", "popd") for c in commands):
                self.cwd_known = False
            self._other(stmt.line, expanded, expanded=True)
            return
        self._modelled(stmt, commands)

    def _modelled(self, stmt: Statement, commands: list[Command]) -> None:
        before = len(self.sh.ops)
        self.sh.line = stmt.line
        try:
            if not self.cwd_known:
                self._cwd()
            for command in commands:
                self.sh.run(command)
        except Unsupported as e:
            del self.sh.ops[before:]
            self._unknown(stmt.line, stmt.text, str(e))
            if any(c.words[0].text == "cd" for c in commands):
                self.cwd_known = False

    def _assign(self, stmt: Statement) -> bool:
        words = stmt.text.split(None, 1)
        body = words[1] if words[0] in ("export", "readonly") else stmt.text
        try:
            tokens = script_text.words(body)
        except Unsupported:
            return False
        pairs = []
        for token in tokens:
            match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=", token)
            if match is None:
                return False  # `NAME=value command`: a command with its environment
            pairs.append((match.group(1), token[match.end() :]))
        for name, raw in pairs:
            try:
                self.vars[name] = script_words.value(raw, self.env)
            except Unsupported:
                self.vars[name] = None
            self.globs.discard(name)
            self.result.text.append(self.vars[name] or "")
        return True

    def _source(self, stmt: Statement) -> None:
        try:
            words = script_text.words(stmt.text)
            if len(words) != 2:
                raise Unsupported("sources a file with arguments")
            named = script_words.value(words[1], self.env)
            if "/" not in named:
                raise Unsupported(f"sources {named!r}, which the shell looks up in PATH")
            path = script_words.normal(named, self._cwd())
            if not path.startswith(ROOT + "/") or self.depth >= MAX_DEPTH:
                raise Unsupported(f"sources {named!r}, outside the repository or too deep")
            data = self.read.read(path[len(ROOT) + 1 :])
            if data is None:
                raise Unsupported(f"sources {named!r}, which is not a tracked file (or the "
                                  "reading budget is spent)")
        except Unsupported as e:
            for name in self.vars:
                self.vars[name] = None
            self.cwd_known = False
            self.result.blind = self.result.blind or f"{self.sh.path}:{stmt.line} {e}"
            self._unknown(stmt.line, stmt.text, str(e))
            return
        self.depth += 1
        self.file(path[len(ROOT) + 1 :], data, named)
        self.depth -= 1


def run(found: tuple[str, bytes, int], argv: list[str | None],
        where: tuple[str, str, Reader], disk: tuple[set[str], set[str]] | None = None,
        ) -> Result:
    """Run the script `path` (bytes `data`) as `argv` does (its arguments from index `at`)
    from the folder `cwd`; `via` names the caller ("Makefile:77")."""
    (path, data, at), (cwd, via, read) = found, where
    state = _Run(cwd, via, read, disk or (set(), set()))
    state.vars.update((str(n), arg) for n, arg in enumerate(argv[at - 1 : at + 9]))
    try:
        state.file(path, data, argv[at - 1] or path)
    except _Stop:
        pass
    except Unsupported as e:
        state._unknown(1, "", str(e))
        state.result.blind = state.result.blind or str(e)
    return _patched(state)


def _patched(state: _Run) -> Result:
    """Move each copy that a later "other" command names (or may name) to not understood."""
    result = state.result
    for index, op in enumerate(state.sh.ops):
        op.via = state.via
        hit = next(((line, name) for before, line, text, folder, blind in state.others
                    if before > index and (name := "a value it does not know" if blind
                                           else named_by(op, text, folder)) is not None), None)
        if hit is None:
            result.ops.append(op)
        else:
            result.unknown.append(Unknown(op.path, op.line, "", f"line {hit[0]} of the script "
                                          f"(run after this copy) also names {hit[1]}: not a "
                                          f"plain copy (run by {state.via})"))
    return result

