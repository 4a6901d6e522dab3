"""A script's statements (from script_lex's tokens): simple commands, `for` loops, and
the compound commands specsync does not look into (`if`, `case`, `while`, functions,
subshells, here-documents), each with its line number and its text.

Statements are separated by newlines and `;` (a `&&`/`||`/`|` list is one statement).
A word runs through quotes and `$( )`; a line continues after a backslash, inside quotes
and inside `$( )`; `#` at the start of a word is a comment.
"""
from __future__ import annotations

from specsync.discovery.script_lex import tokens
from specsync.discovery.shell_syntax import Unsupported

SIMPLE = "simple"
FOR = "for"
IF = "if"  # `if C; then ...; [elif C; then ...;] [else ...;] fi`: its branches
BLOCK = "block"  # a compound command: its text only
HEREDOC = "heredoc"  # a command reading a here-document (`cat > f <<EOF`): its text only
_OPEN_WORDS = frozenset(("if", "case", "while", "until", "select", "for", "{"))
_CLOSE_WORDS = frozenset(("fi", "esac", "done", "}"))


class Statement:
    __slots__ = ("body", "branches", "kind", "line", "name", "text", "words")

    def __init__(self, kind: str, line: int, text: str) -> None:
        self.kind = kind
        self.line = line
        self.text = text
        self.name = ""  # FOR: the variable
        self.words = ""  # FOR: the text of the word list
        self.body: list[Statement] = []  # FOR: the loop's statements
        # IF: (condition text, or None for `else`; the statements it runs)
        self.branches: list[tuple[str | None, list[Statement]]] = []


class _Parser:
    def __init__(self, script: str) -> None:
        self.s = script
        self.tokens = tokens(script)
        self.i = 0

    def statements(self, stop: str | tuple[str, ...] = "") -> list[Statement]:
        out: list[Statement] = []
        t = self.tokens
        while True:
            while self.i < len(t) and t[self.i].text in ("\n", ";"):
                self.i += 1
            if self.i == len(t):
                if stop:
                    raise Unsupported(f"has no {stop!r} for a loop")
                return out
            if stop and t[self.i].text in ((stop,) if isinstance(stop, str) else stop) \
                    and not t[self.i].op:
                return out
            out.append(self._statement())

    def _statement(self) -> Statement:
        t = self.tokens
        start = self.i
        if t[start].text == "for" and not t[start].op:
            return self._for()
        if t[start].text == "if" and not t[start].op:
            try:
                return self._if()
            except Unsupported:
                return self._block(start)
        heredoc = False
        while self.i < len(t) and t[self.i].text not in ("\n", ";"):
            token = t[self.i]
            if (token.op and token.text == "(") or (token.text == "function" and
                                                     self.i == start) or (
                    not token.op and token.text in _OPEN_WORDS and self._command_word()):
                return self._block(start)
            heredoc = heredoc or token.text == "<<heredoc"
            self.i += 1
        return self._made(HEREDOC if heredoc else SIMPLE, start)

    def _made(self, kind: str, start: int) -> Statement:
        first, last = self.tokens[start], self.tokens[self.i - 1]
        return Statement(kind, first.line, self.s[first.start : last.end])

    def _for(self) -> Statement:
        t = self.tokens
        start = self.i
        if self.i + 2 >= len(t) or t[self.i + 2].text != "in" or t[self.i + 1].op:
            return self._block(start)
        stmt = Statement(FOR, t[start].line, "")
        stmt.name = t[self.i + 1].text
        self.i += 3
        first = self.i
        while self.i < len(t) and t[self.i].text not in ("\n", ";"):
            if t[self.i].op:
                return self._block(start)
            self.i += 1
        if self.i > first:
            stmt.words = self.s[t[first].start : t[self.i - 1].end]
        while self.i < len(t) and t[self.i].text in ("\n", ";"):
            self.i += 1
        if self.i == len(t) or t[self.i].text != "do":
            raise Unsupported("has a for loop without 'do'")
        self.i += 1
        stmt.body = self.statements("done")
        self.i += 1
        if self.i < len(t) and t[self.i].text not in ("\n", ";"):
            return self._block(start)  # `done > file`, `done | ...`
        stmt.text = self._made(FOR, start).text
        return stmt

    def _if(self) -> Statement:
        t = self.tokens
        start = self.i
        stmt = Statement(IF, t[start].line, "")
        word = "if"
        while word in ("if", "elif", "else"):
            self.i += 1
            condition = None if word == "else" else self._condition()
            body = self.statements(("elif", "else", "fi") if word != "else" else "fi")
            stmt.branches.append((condition, body))
            word = t[self.i].text
        self.i += 1
        if self.i < len(t) and t[self.i].text not in ("\n", ";"):
            raise Unsupported("an if with a redirect or pipe")
        stmt.text = self._made(IF, start).text
        return stmt

    def _condition(self) -> str:
        """The text of a simple command before `; then` (or a newline and `then`)."""
        t = self.tokens
        first = self.i
        while self.i < len(t) and t[self.i].text not in ("\n", ";"):
            if t[self.i].op or t[self.i].text == "then":
                raise Unsupported("a condition that is not one simple command")
            self.i += 1
        text = self.s[t[first].start : t[self.i - 1].end] if self.i > first else ""
        while self.i < len(t) and t[self.i].text in ("\n", ";"):
            self.i += 1
        if not text or self.i == len(t) or t[self.i].text != "then":
            raise Unsupported("an if without then")
        self.i += 1
        return text

    def _block(self, start: int) -> Statement:
        """A compound command, from its first word to its closing word and the end of
        its statement: only its text is kept."""
        t = self.tokens
        self.i = start
        parens = t[start].op and t[start].text == "("
        depth = 0
        opened = False
        while self.i < len(t):
            token = t[self.i]
            if token.op and token.text in "()":
                if parens:  # a subshell; other parentheses: `f()`, case patterns
                    depth += 1 if token.text == "(" else -1
                    opened = True
            elif not token.op and self._command_word():
                if token.text in _OPEN_WORDS:
                    depth += 1
                    opened = True
                elif token.text in _CLOSE_WORDS:
                    depth -= 1
            self.i += 1
            if opened and depth == 0:
                break
        if depth != 0 or not opened:
            raise Unsupported(f"has an unterminated {t[start].text!r}")
        while self.i < len(t) and t[self.i].text not in ("\n", ";"):
            self.i += 1
        return self._made(BLOCK, start)

    def _command_word(self) -> bool:
        """Whether the word at `i` is where a command (or a keyword) may start."""
        if self.i == 0:
            return True
        before = self.tokens[self.i - 1]
        return (before.op and before.text not in ("<", ">", ">>")) or before.text in (
            "then", "do", "else", "elif", "{", "}", "!")


def statements(script: str) -> list[Statement]:
    """The top-level statements of a script; `Unsupported` when it cannot be split."""
    return _Parser(script).statements()


def words(text: str) -> list[str]:
    """The words of one simple command (`Unsupported` for an operator)."""
    found = tokens(text)
    if any(t.op for t in found):
        raise Unsupported("has an operator")
    return [t.text for t in found]
