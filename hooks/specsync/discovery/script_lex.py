"""A script's tokens: words (through quotes, `$( )` and backslashes) and operators, with
their line numbers; a here-document's body is skipped and its command marked.

Runs of characters that change nothing are matched at C speed (a plain word in one
regular expression): scripts run by hand can be long, and a cold run reads them all.
"""
from __future__ import annotations

import re

from specsync.discovery.shell_syntax import Unsupported

_OPERATORS = ("&&", "||", ";;", "<<", ">>", ";", "|", "&", "(", ")", "<", ">", "\n")
_BLANKS = re.compile(r"[ \t]+")
# a word without quotes, `$`, backslashes or comment, up to what ends it: one match
_SIMPLE_WORD = re.compile(r"[^ \t\n;&|<>()'\"`\\$#][^ \t\n;&|<>()'\"`\\$]*(?=[ \t\n;&|<>()]|\Z)")
_BY_FIRST = {c: tuple(o for o in _OPERATORS if o[0] == c) for c in "&|;<>()\n"}
# runs of characters that change nothing for _word_end, skipped at C speed: outside quotes
# (at the top level, and inside `$( )`), and inside each kind of quote
_PLAIN = (re.compile(r"[^'\"`\\$()\n \t;&|<>]+"), re.compile(r"[^'\"`\\$()\n]+"))
_QUOTED = {"'": re.compile(r"[^'\n]+"), "`": re.compile(r"[^`\n]+"),
           '"': re.compile(r'[^"\\\n]+')}


class Token:
    __slots__ = ("end", "line", "op", "start", "text")

    def __init__(self, text: str, op: bool, line: int, start: int, end: int) -> None:
        self.text = text
        self.op = op
        self.line = line
        self.start = start
        self.end = end


def tokens(s: str) -> list[Token]:
    """The words and operators of a script, each with its line and offsets."""
    out: list[Token] = []
    i = 0
    line = 1
    while i < len(s):
        c = s[i]
        if c == "\n":
            out.append(Token(c, True, line, i, i + 1))
            i += 1
            line += 1
        elif c in " \t":
            i = _BLANKS.match(s, i).end()  # type: ignore[union-attr]
        elif (simple := _SIMPLE_WORD.match(s, i)) is not None:
            out.append(Token(simple.group(), False, line, i, simple.end()))
            i = simple.end()
        elif s.startswith("\\\n", i):
            i += 2
            line += 1
        elif c == "#":
            end = s.find("\n", i)
            i = len(s) if end < 0 else end
        elif c in _BY_FIRST and (op := next(o for o in _BY_FIRST[c]
                                            if s.startswith(o, i))) is not None:
            out.append(Token(op, True, line, i, i + len(op)))
            i += len(op)
            if op == "\n":
                line += 1
            if op == "<<":
                i, line = _here_document(s, i, line, out)
        else:
            start, first = i, line
            i, line = _word_end(s, i, line)
            out.append(Token(s[start:i], False, first, start, i))
    return out


def _word_end(s: str, i: int, line: int) -> tuple[int, int]:
    quote = ""
    depth = 0
    while i < len(s):
        plain = (_QUOTED[quote] if quote else _PLAIN[depth > 0]).match(s, i)
        if plain is not None:
            i = plain.end()
            if i == len(s):
                break
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


def _here_document(s: str, i: int, line: int, out: list[Token]) -> tuple[int, int]:
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
            out.append(Token(s[i:end_of_line], False, line, i, skipped - 1))
            return skipped - 1, line
    raise Unsupported(f"has a here-document without its {delimiter!r} line")
