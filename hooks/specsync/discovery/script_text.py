"""A script's statements: simple commands, `for` loops, and the compound commands
specsync does not look into (`if`, `case`, `while`, functions, subshells, here-documents),
each with its line number and its text.

Statements are separated by newlines and `;` (a `&&`/`||`/`|` list is one statement).
A word runs through quotes and `$( )`; a line continues after a backslash, inside quotes
and inside `$( )`; `#` at the start of a word is a comment.
"""
from __future__ import annotations

from specsync.discovery.shell_syntax import Unsupported

SIMPLE = "simple"
FOR = "for"
IF = "if"  # `if C; then ...; [elif C; then ...;] [else ...;] fi`: its branches
BLOCK = "block"  # a compound command: its text only
HEREDOC = "heredoc"  # a command reading a here-document (`cat > f <<EOF`): its text only
_OPEN_WORDS = frozenset(("if", "case", "while", "until", "select", "for", "{"))
_CLOSE_WORDS = frozenset(("fi", "esac", "done", "}"))
_OPERATORS = ("&&", "||", ";;", "<<", ">>", ";", "|", "&", "(", ")", "<", ">", "\n")


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


class _Token:
    __slots__ = ("end", "line", "op", "start", "text")

    def __init__(self, text: str, op: bool, line: int, start: int, end: int) -> None:
        self.text = text
        self.op = op
        self.line = line
        self.start = start
        self.end = end


def _tokens(s: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    line = 1
    while i < len(s):
        c = s[i]
        if c in " \t":
            i += 1
        elif s.startswith("\\\n", i):
            i += 2
            line += 1
        elif c == "#":
            end = s.find("\n", i)
            i = len(s) if end < 0 else end
        elif (op := next((o for o in _OPERATORS if s.startswith(o, i)), None)) is not None:
            out.append(_Token(op, True, line, i, i + len(op)))
            i += len(op)
            if op == "\n":
                line += 1
            if op == "<<":
                i, line = _here_document(s, i, line, out)
        else:
            start, first = i, line
            i, line = _word_end(s, i, line)
            out.append(_Token(s[start:i], False, first, start, i))
    return out


def _word_end(s: str, i: int, line: int) -> tuple[int, int]:
    quote = ""
    depth = 0
    while i < len(s):
        c = s[i]
        if c == "\n":
            line += 1
        if quote:
            if c == "\\" and quote == '"' and i + 1 < len(s):
                line += s[i + 1] == "\n"
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
        elif c == "\\" and i + 1 < len(s):
            line += s[i + 1] == "\n"
            i += 1
        elif s.startswith("$(", i) or (c == "(" and depth):
            depth += 1
            i += 1 if c == "$" else 0
        elif c == ")" and depth:
            depth -= 1
        elif not depth and (c in " \t\n;&|<>()"):
            if c == "\n":
                line -= 1
            return i, line
        i += 1
    if quote or depth:
        raise Unsupported("has an unterminated quote or $( substitution")
    return i, line


def _here_document(s: str, i: int, line: int, out: list[_Token]) -> tuple[int, int]:
    """Skip a here-document's body (to its delimiter line); mark the statement opaque."""
    out[-1].text = "<<heredoc"
    while i < len(s) and s[i] in " \t-":
        i += 1
    start = i
    i, line = _word_end(s, i, line)
    delimiter = s[start:i].strip("'\"\\")
    end_of_line = s.find("\n", i)
    if end_of_line < 0 or not delimiter:
        raise Unsupported("has a here-document without a body")
    rest = s[end_of_line + 1 :].split("\n")
    skipped = end_of_line + 1
    for body_line in rest:
        skipped += len(body_line) + 1
        line += 1
        if body_line.strip("\t") == delimiter:
            out.append(_Token(s[i:end_of_line], False, line, i, skipped - 1))
            return skipped - 1, line
    raise Unsupported(f"has a here-document without its {delimiter!r} line")


class _Parser:
    def __init__(self, script: str) -> None:
        self.s = script
        self.tokens = _tokens(script)
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
    tokens = _tokens(text)
    if any(t.op for t in tokens):
        raise Unsupported("has an operator")
    return [t.text for t in tokens]
