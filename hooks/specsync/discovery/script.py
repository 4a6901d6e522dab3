"""Copies made by a shell script: run by a recipe or go:generate line in the caller's
folder, or by hand (standalone) from a folder nobody knows (only repository-anchored paths
count). Statements run in order with one shell state (variables, arguments, `set -u`, the
folder a `cd` moved to, what `mkdir`/`rm` did): assignments of values script_words knows,
`set`, `shift`, `echo`, `source` (script_source), `exit`, `for` (unrolled, script_loops),
an `if` on files, strings and integers (script_if), functions where they are called
(script_funcs), and the shell subset's `cp`, `cat >`, `mkdir`, `cd`, `rm`. A copy it
cannot model is not understood; any other command that names an earlier copy (or uses a
value specsync does not know) makes that copy not understood too (it may patch it). An
unset argument under `set -u` stops the run with an error: its copies are no sync. The
Reader's budget and `MAX_STEPS` bound what a script reads.
"""
from __future__ import annotations

import re

from specsync.discovery import (
    script_funcs,
    script_if,
    script_loops,
    script_text,
    script_words,
    shell,
)
from specsync.discovery.later import QUIET
from specsync.discovery.make_vars import ROOT, relative
from specsync.discovery.model import Unknown
from specsync.discovery.script_params import Unbound
from specsync.discovery.script_result import Other, Result, by, patched
from specsync.discovery.script_source import sourced
from specsync.discovery.shell_syntax import Command, Unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader
    from specsync.discovery.script_text import Statement

MAX_STEPS = 10_000  # statements one script run may interpret (loops unrolled)
_COPIES = re.compile(r"(^|[\s;&|(`])(cp|cat|install|rsync|mv)(\s|$)")
_ASSIGNED = re.compile(r"(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)\+?=")
_NAME = re.compile(r"^(?:export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=")
_REFERENCED = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9])")
_MODELLED = frozenset(("cp", "cat", "mkdir", "cd", "rm", "echo", "printf", "true", ":"))


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
        self.others: list[Other] = []  # the commands that are no modelled copy
        self.functions: dict[str, str] = {}  # name -> the text of its definition
        self.steps = MAX_STEPS
        self.depth = 0
        self.bash: bool | None = False  # whether bash runs it (None: not known)
        self.line = 0  # the statement running now
        self.failed = ""  # why the run stops with an error (`set -u`)

    def _cwd(self) -> str:
        if not self.cwd_known:
            raise Unsupported("runs after a `cd` specsync cannot follow")
        if self.sh.cwd == shell.UNKNOWN_CWD:
            raise Unsupported(shell.RELATIVE)
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
        record = Unknown(self.sh.path, line, text, reason + by(self.via))
        if not any(u.plain() == record.plain() for u in self.result.unknown[-8:]):
            self.result.unknown.append(record)  # once, not once per loop pass

    def statement(self, stmt: Statement) -> None:
        self.line = stmt.line
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
        name = script_funcs.defined(stmt.text)
        if name:  # a definition runs nothing: what its body does counts where it is called
            self.functions[name] = stmt.text
            return
        if stmt.kind != script_text.HEREDOC and _COPIES.search(stmt.text):
            shown = stmt.text.split("\n", 1)[0] + (" ..." if "\n" in stmt.text else "")
            self._unknown(stmt.line, shown, "copies inside a compound command (if, case, "
                          "while, a function, a subshell, a here-document): not modelled")
        if re.search(r"(^|[\s;&|(])(cd|pushd|popd)(\s|$)", stmt.text):
            self.cwd_known = False
        self._other(stmt.line, stmt.text)

    def _other(self, line: int, text: str, expanded: bool = False) -> None:
        """A command that is no modelled copy: it may patch what it names, and set the
        variables it assigns (`diff a b || ret=$?`) to what specsync does not know."""
        self._unknown_names(_ASSIGNED.findall(text))
        blind = not self.cwd_known or self.sh.cwd == shell.UNKNOWN_CWD
        called = script_funcs.called(text, self.functions)
        if called:  # what a called function runs is part of the command
            bodies = [self.functions[n] for n in called]
            text = "\n".join((text, *bodies))
            expanded = False
            self._called(line, called, "\n".join(bodies))
        if not expanded:
            values = []
            for name in _REFERENCED.findall(text):
                value = "" if name in self.env.unset else self.vars.get(name)
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

    def _called(self, line: int, called: list[str], bodies: str) -> None:
        """What running the functions `called` does to the script's state."""
        if _COPIES.search(bodies):
            self._unknown(line, "", f"runs {', '.join(called)}, which copies inside a shell "
                          "function: not modelled")
        self._unknown_names(_ASSIGNED.findall(bodies))
        if re.search(r"(^|[\s;&|(])(cd|pushd|popd)(\s|$)", bodies):
            self.cwd_known = False
        if re.search(r"(^|[\s;&|(])(shift|set)(\s|$)", bodies):
            self.env.forget_arguments(options=True)

    def _unknown_names(self, names: list[str]) -> None:
        for name in names:
            self.vars[name] = None
            self.env.assigned(name)

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
            self.env.options(text.split()[1:])
            return  # set -euo pipefail
        if first == "shift" or text.split()[:2] == ["set", "--"]:
            self.env.forget_arguments()
            return
        if first == "exit":
            raise _Stop
        if first in ("source", "."):
            self._source(stmt)
            return
        if _NAME.match(text) and self._assign(stmt):
            return
        text = re.sub(r"\s*\|\|\s*exit(\s+\d+)?\s*$", "", text)  # `cd "$ROOT" || exit 1`
        expanded = ""  # once every value is known, the line names what this text names
        try:
            expanded = relative(script_words.line(text, self.env), self.sh.cwd)
            commands = shell.split(expanded)
        except Unsupported as e:
            if _COPIES.search(text):
                self._unknown(stmt.line, stmt.text, str(e))
            self.cwd_known = self.cwd_known and first not in ("cd", "pushd", "popd")
            self._other(stmt.line, expanded or stmt.text, expanded=bool(expanded))
            return
        if not all(c.words and c.words[0].text in _MODELLED and not c.words[0].glob
                   and c.words[0].text not in self.functions for c in commands):
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
            self._other(stmt.line, stmt.text)  # it runs all the same: it may remove a copy

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
            self.env.assigned(name)
            self.result.text.append(self.vars[name] or "")
        return True

    def _source(self, stmt: Statement) -> None:
        try:
            path, data, named = sourced(stmt.text, self.env, self._cwd, self.read, self.depth)
        except Unsupported as e:
            self._unknown_names(list(self.vars))
            self.env.forget_arguments(options=True)
            self.cwd_known = False
            self.result.blind = self.result.blind or f"{self.sh.path}:{stmt.line} {e}"
            self._unknown(stmt.line, stmt.text, str(e))
            return
        self.depth += 1
        self.file(path, data, named)
        self.depth -= 1


def run(found: tuple[str, bytes, int], argv: list[str | None],
        where: tuple[str, str, Reader], disk: tuple[set[str], set[str]] | None = None,
        ) -> Result:
    """Run the script `path` (bytes `data`) as `argv` does (its arguments from index `at`)
    from the folder `cwd` (`shell.UNKNOWN_CWD`: a script nothing runs, `argv` its absolute
    path); `via` names the caller ("Makefile:77", "" for none)."""
    (path, data, at), (cwd, via, read) = found, where
    state = _Run(cwd, via, read, disk or (set(), set()))
    state.bash = state.env.start(argv, at, data)
    try:
        state.file(path, data, argv[at - 1] or path)
    except _Stop:
        pass
    except Unsupported as e:
        state._unknown(1, "", str(e))
        state.result.blind = state.result.blind or str(e)
    except Unbound as e:
        state.failed = f"the script stops at line {state.line} ({e})"
        state.result.blind = state.result.blind or state.failed
    return patched(state.sh.ops, state.others, state.via, state.failed, state.result)
