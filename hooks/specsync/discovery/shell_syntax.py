"""The syntax of the shell subset: quote removal, globs, and splitting a script into simple
commands joined by `&&`, `;` or newlines; `Unsupported` with a reason for anything else."""
from __future__ import annotations

GLOB = frozenset("*?[")
_OPERATOR_CHARS = frozenset("|&;<>()`$")
# characters that stand for themselves anywhere in a word: read as one run, not one by one
_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-+,=:@%")


class Unsupported(Exception):
    """The command may write files in a way specsync does not model."""


class Fails(Unsupported):
    """The command certainly fails (go generate then stops the package)."""


class Word:
    """A shell word after quote removal; `glob` when it has unquoted * ? [."""

    __slots__ = ("glob", "text")

    def __init__(self, text: str, glob: bool = False) -> None:
        self.text = text  # for a glob: the pattern, quoted wildcards written as [*]
        self.glob = glob


class Command:
    __slots__ = ("redirects", "words")

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.redirects: list[Word] = []  # targets of `>`


class _Lexer:
    """Split a script into simple commands (sequences only: `&&`, `;`, newline)."""

    def __init__(self, script: str) -> None:
        self.s = script
        self.i = 0
        self.commands: list[Command] = [Command()]
        self.redirect = False
        self.after_and = False  # the last separator was `&&`: a command must follow

    def run(self) -> list[Command]:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t":
                self.i += 1
            elif c == "\\" and s.startswith("\\\n", self.i):
                self.i += 2
            elif c in "\n;" or s.startswith("&&", self.i):
                self._separator(c)
            elif c == "#":
                end = s.find("\n", self.i)
                self.i = len(s) if end < 0 else end
            elif c == ">":
                self._redirect()
            elif c == "$":
                raise Unsupported("expands a shell variable or command ($)")
            elif c in _OPERATOR_CHARS:
                raise Unsupported(f"uses {_operator(s, self.i)!r}")
            else:
                self._word()
        if self.redirect:
            raise Unsupported("a redirection without a file")
        if self.after_and and not _filled(self.commands[-1]):
            raise Fails("has a shell syntax error: nothing after '&&' (sh runs none of it)")
        return [c for c in self.commands if _filled(c)]

    def _separator(self, c: str) -> None:
        if self.redirect:
            raise Unsupported("a redirection without a file")
        self.i += 2 if c == "&" else 1
        if not _filled(self.commands[-1]):
            if c == "\n":
                return  # a blank line, or `&&` continued on the next line
            op = "&&" if c == "&" else c
            raise Fails(f"has a shell syntax error: {op!r} without a command before it "
                        "(sh runs none of it)")
        self.after_and = c == "&"
        self.commands.append(Command())

    def _redirect(self) -> None:
        if self.redirect or self.s.startswith((">>", ">&", ">|"), self.i):
            raise Unsupported(f"uses {_operator(self.s, self.i)!r}")
        self.redirect = True
        self.i += 1

    def _word(self) -> None:
        text: list[str] = []
        pattern: list[str] = []
        glob = False
        bracket = -1  # letters since an unquoted `[` that no `]` closed yet
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if bracket >= 0 and c in "'\"\\":
                raise Unsupported("quotes a character inside a [...] bracket expression")
            if c in " \t\n;" or c in _OPERATOR_CHARS or s.startswith("&&", self.i):
                if c == ">" and "".join(text).isdigit():
                    raise Unsupported(f"redirects file descriptor {''.join(text)}")
                if c == "$":
                    raise Unsupported("expands a shell variable or command ($)")
                if c not in " \t\n;&>":
                    raise Unsupported(f"uses {_operator(s, self.i)!r}")
                break
            if c == "'":
                end = s.find("'", self.i + 1)
                if end < 0:
                    raise Unsupported("has an unterminated ' quote")
                chunk = s[self.i + 1 : end]
                self.i = end + 1
                _literal(chunk, text, pattern)
            elif c == '"':
                _literal(self._double_quoted(), text, pattern)
            elif c == "\\":
                if self.i + 1 >= len(s):
                    raise Unsupported("ends with a backslash")
                if s[self.i + 1] != "\n":
                    _literal(s[self.i + 1], text, pattern)
                self.i += 2
            else:
                if c in GLOB:
                    glob = True
                if c == "[" or bracket >= 0:
                    bracket = _bracket(bracket, c, pattern)
                elif c in "{~" and not text:
                    raise Unsupported(f"uses {c!r} expansion, which differs between shells")
                elif c == "{":
                    raise Unsupported("uses '{' expansion, which differs between shells")
                text.append(c)
                pattern.append(c)
                self.i += 1
                if bracket < 0:
                    self._plain_run(text, pattern)
        self._emit(Word("".join(pattern), True) if glob else Word("".join(text)))

    def _plain_run(self, text: list[str], pattern: list[str]) -> None:
        """Take the plain characters from here on at once (most of every path)."""
        s, end = self.s, self.i
        while end < len(s) and s[end] in _PLAIN:
            end += 1
        if end > self.i:
            text.append(s[self.i : end])
            pattern.append(s[self.i : end])
            self.i = end

    def _emit(self, word: Word) -> None:
        command = self.commands[-1]
        if self.redirect:
            command.redirects.append(word)
            self.redirect = False
        else:
            command.words.append(word)

    def _double_quoted(self) -> str:
        s = self.s
        out: list[str] = []
        i = self.i + 1
        while i < len(s):
            c = s[i]
            if c == '"':
                self.i = i + 1
                return "".join(out)
            if c in "$`":
                raise Unsupported("expands a shell variable or command ($) inside quotes")
            if c == "\\" and i + 1 < len(s) and s[i + 1] in '$`"\\\n':
                if s[i + 1] != "\n":
                    out.append(s[i + 1])
                i += 2
                continue
            out.append(c)
            i += 1
        raise Unsupported('has an unterminated " quote')


def _bracket(letters: int, c: str, pattern: list[str]) -> int:
    """The letters of an open `[...]` after reading the unquoted `c` (`pattern` so far):
    -1 once `]` closes it (`]` first, or right after `!`, is a member, not the end)."""
    if letters < 0:
        return 0  # c is the `[` that opens it
    closes = c == "]" and letters > 0 and not (letters == 1 and pattern[-1] == "!")
    return -1 if closes else letters + 1


def _filled(command: Command) -> bool:
    return bool(command.words or command.redirects)


def _literal(chunk: str, text: list[str], pattern: list[str]) -> None:
    text.append(chunk)
    pattern.append("".join(f"[{c}]" if c in GLOB else c for c in chunk))


def _operator(s: str, i: int) -> str:
    two = s[i : i + 2]
    return two if two in ("||", ">>", ">&", "&>", "<<", "$(", "${", ">|") else s[i]


def split(script: str) -> list[Command]:
    """The simple commands of a script, in order; `Unsupported` for anything else."""
    if _ONE_PLAIN_COMMAND.issuperset(script):  # most recipe lines: `cp -f a/*.yaml b/`
        command = Command()
        command.words = [Word(w, "*" in w or "?" in w) for w in script.split()]
        return [command] if command.words else []
    return _Lexer(script).run()


# a script of these characters is one command of plain words (a glob without brackets or
# quotes is its own pattern): read by str.split, as the lexer would read it
_ONE_PLAIN_COMMAND = _PLAIN | frozenset(" \t*?")
