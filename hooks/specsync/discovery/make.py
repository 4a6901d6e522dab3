"""Copies declared by Makefile recipes (`cp`, `cat SRC > DEST`), read the way GNU make reads them.

Recipes run from the Makefile's folder. Variables set once in the same
Makefile (`=`, `:=`, `::=`, `?=`, `+=`) are expanded (with the path functions
of make_vars: `$(CURDIR)`, the MAKEFILE_LIST idiom...), as are `$@`, `$<` and
`$^` of explicit rules. What an `include`d file or an `$(eval)` may set is
unknown, `undefine`d and `define`d variables are unknown, and `.DEFAULT` has no
`$@`. A recipe line that mentions `cp` or `cat` but uses a variable set
elsewhere, conditionally or unknown, another make function, a pattern rule or
a shell construct beyond sequences is reported as not understood. Lines that
do not mention a copy command are ignored.
"""
from __future__ import annotations

import posixpath

from specsync.discovery import (
    generators,
    make_conds,
    make_eval,
    make_generators,
    make_scripts,
    make_vars,
    shell,
)
from specsync.discovery.later import Later
from specsync.discovery.make_lines import (
    assignment,
    directive,
    logical_lines,
    mentions,
    mentions_copy,
    strip_comment,
)
from specsync.discovery.make_rules import Rule, mixed, settle
from specsync.discovery.make_vars import expand, relative, try_expand
from specsync.discovery.model import Found, Op, Unknown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.reader import Reader

NAMES = frozenset(("GNUmakefile", "makefile", "Makefile"))
_RM = frozenset(("rm",))


def is_candidate(path: str) -> bool:
    return path.rpartition("/")[2] in NAMES


class Makefile:
    """Variables and rules of one Makefile, read in one pass."""

    def __init__(self, path: str = "Makefile") -> None:
        folder, _, name = path.rpartition("/")
        cwd = make_vars.ROOT + "/" + folder if folder else make_vars.ROOT
        self.vars: dict[str, tuple[str, bool] | None] = {  # None: set conditionally / twice
            make_vars.CWD: (cwd, False), make_vars.FILE: (name, False),
            "CURDIR": (cwd, False), "MAKEFILE_LIST": (name, False)}
        self.folder = folder
        self.opaque = ""  # why no recipe of this Makefile can be read ($(eval), ...)
        self.rules: list[Rule] = []
        self.depth = 0  # conditional nesting, of branches not decided (make_conds)
        self.conds: list[str] = []  # the state of each open conditional
        self.skip = 0  # open conditionals whose branch make does not read
        self.evaluating: set[str] = set()  # macros that run $(eval ...) (make_eval)
        self.evaluated = ""  # the line whose $(eval ...) text is being read, or ""
        self.rule: Rule | None = None
        self.path = self.top = path  # the file being read (the Makefile, or an include)
        self.reader: Reader | None = None  # reads included files
        self.nested = 0  # include depth
        self.oneshell = False  # .ONESHELL: a recipe is one script, a `cd` carries over
        self.included = False  # an include came first: it may have set any variable
        self.second_expansion = False  # .SECONDEXPANSION: prerequisites expand twice

    def include(self) -> None:
        """What an included file may set is unknown: every variable so far, and `?=`/`+=` later."""
        self.included = True
        for name in self.vars:
            if name not in (make_vars.CWD, make_vars.FILE):
                self.vars[name] = None

    def assign(self, name: str, op: str, value: str) -> None:
        """Record one assignment; None marks a value specsync will not guess."""
        defined = name in self.vars
        old = self.vars.get(name)
        if self.depth or self.evaluated or op == "!=" or (defined and old is None) or \
                (self.included and op in ("?=", "+=") and not defined):
            self.vars[name] = None  # conditional, from a shell command, or already unknown
        elif op == "?=":
            if not defined:
                self.vars[name] = (value, True)
        elif op == "+=" and old is not None:
            added = value if old[1] else try_expand(value, self.vars)
            self.vars[name] = None if added is None else (f"{old[0]} {added}", old[1])
        elif defined:  # set twice: which value a line sees depends on where it is, unless
            if old != ((value, True) if op == "=" else (try_expand(value, self.vars), False)):
                self.vars[name] = None  # it is the same value (a .mk file included twice)
        elif op in ("=", "+="):
            self.vars[name] = (value, True)
        else:  # :=, ::=, :::= expand now
            expanded = try_expand(value, self.vars)
            self.vars[name] = None if expanded is None else (expanded, False)


def _rule(mk: Makefile, number: int, line: str) -> None:
    head, semicolon, recipe = line.partition(";")
    targets_text, _, rest = head.partition(":")
    double = rest.startswith(":") and not rest.startswith(":=")
    rest = rest.lstrip(":")
    if "=" in rest.partition(";")[0]:
        assign = assignment(rest.strip())
        if assign:
            mk.vars[assign[0]] = None  # target-specific: not one value for the whole file
        mk.rules.append(Rule([], []))  # adds no prerequisite
        mk.rule = None
        return
    try:
        targets: list[str] | None = expand(targets_text, mk.vars).split()
    except shell.Unsupported:
        targets = None
    mk.rule = rule = Rule(targets, None)
    rule.head, rule.path, rule.number = targets_text, mk.path, number
    rule.evaluated = f"the rule is defined by the $(eval ...) of {mk.evaluated}" \
        if mk.evaluated else ""
    mk.rules.append(rule)
    rule.double, rule.recipe, rule.conditional = double, bool(semicolon), bool(mk.depth)
    rule.pattern = any("%" in t or t == ".DEFAULT" for t in targets or ())
    rule.targets = [] if rule.pattern or ":" in rest else list(targets or ())
    if ":" in rest:
        rule.unsure = "a static pattern rule adds prerequisites to {}"
    elif mk.depth:
        rule.unsure = "a rule for {} is under a make conditional"
    else:
        try:
            rule.prereqs = expand(rest.partition("|")[0], mk.vars).split()
        except shell.Unsupported:
            rule.unsure = "the prerequisites of a rule for {} do not expand"
    if recipe.strip():
        rule.lines.append((number, recipe.strip()))


def read(text: str, path: str = "Makefile", reader: Reader | None = None) -> Makefile:
    mk = Makefile(path)
    mk.reader = reader
    read_lines(mk, text)
    settle(mk.rules, second_expansion=mk.second_expansion, included=mk.included)
    mk.opaque = mk.opaque or mixed(mk.rules)
    return mk


def read_lines(mk: Makefile, text: str) -> None:
    """Read the lines of one file (the Makefile, or a file it includes) into `mk`; no rule
    goes on from one file into another."""
    body = make_eval.Body()  # a define being read
    mk.rule = None
    for number, line, recipe in logical_lines(text):
        uncommented = strip_comment(line)
        words = uncommented.split()
        if body.step(mk, words, line):
            continue
        in_recipe = recipe and mk.rule is not None
        if not in_recipe and make_conds.step(mk, words):
            continue
        if make_conds.skipping(mk):
            if not in_recipe and words and directive(words) == "define":
                body.open(words, keep=False)  # skipped to its endef
            continue
        stripped = uncommented.strip()
        if not in_recipe and make_eval.evaluate(mk, number, stripped, read_lines):
            continue
        make_eval.check(mk, number, line)
        if in_recipe and mk.rule is not None:
            mk.rule.recipe = True
            mk.rule.lines.append((number, line[1:]))
            if mk.depth:
                mk.rule.conditional_lines.add(number)
            continue
        if not stripped:
            continue
        word = directive(words)
        if word in ("define", "undefine"):
            name = words[words.index(word) + 1] if words[-1] != word else ""
            mk.vars[name] = mk.vars[make_vars.DEFINE + name] = None
            if word == "define":
                body.open(words, keep=True)
        elif word in ("include", "-include", "sinclude"):
            from specsync.discovery import includes  # most Makefiles include nothing

            includes.read_in(mk, uncommented, read_lines)
        elif word in ("vpath", "unexport"):
            continue
        elif (assign := assignment(uncommented.lstrip())) is not None:
            mk.assign(*assign)
            mk.rule = None
        elif ":" in stripped:
            special = stripped.partition(":")[0].strip()
            mk.oneshell = mk.oneshell or special == ".ONESHELL"
            mk.second_expansion = mk.second_expansion or special == ".SECONDEXPANSION"
            _rule(mk, number, stripped)
    mk.rule = None


def find(path: str, data: bytes, reader: Reader | None = None) -> Found:
    """Every copy declared by the recipes of one Makefile (and the files it includes, the
    scripts they run), and what is not understood."""
    found = Found()
    mk = read(data.decode("utf-8", "surrogateescape"), path, reader)
    folder = posixpath.dirname(path)
    for rule in mk.rules:
        if rule.named and not rule.runs:
            continue  # a later recipe for each of its targets overrides this one
        texts = [(n, _try_expand_auto(t, mk, rule)) for n, t in rule.lines]
        where = (rule.path, folder, reader, rule.conditional_lines)
        runs = make_scripts.run(rule.lines, where, texts,
                                lambda w, r=rule: relative(expand(  # type: ignore[misc]
                                    w, mk.vars, r.auto[0] if r.auto else None), folder))
        for index, result in runs.items():
            texts[index] = (texts[index][0], "\n".join((texts[index][1], *result.text)))
        lines = rule.conditional_lines | {rule.lines[i][0] for i in runs}
        later = Later(texts, folder, lines, {i: r.blind for i, r in runs.items() if r.blind})
        disk: tuple[set[str], set[str]] = (set(), set())  # what earlier lines made, removed
        blind = 0  # an earlier line that runs `rm` on what specsync cannot read
        for index, (number, raw) in enumerate(rule.lines):
            if index in runs:
                oneshell = "the Makefile sets .ONESHELL" if mk.oneshell else ""
                refuse = ("runs only under a make conditional"
                          if number in rule.conditional_lines else
                          mk.opaque or oneshell or rule.evaluated)
                make_scripts.ops(found, refuse, runs[index], (later, index))
            elif mentions_copy(raw):
                _copy_line(found, mk, rule, (rule.path, number, folder),
                           (later, index, disk, blind))
            elif generators.mentions(raw):
                refuse = mk.opaque or rule.evaluated or ("runs only under a make conditional "
                                                         "(or with .ONESHELL)" if number in
                                                         rule.conditional_lines or mk.oneshell
                                                         else "")
                make_generators.recipe_line(found, rule, (rule.path, number, folder, index),
                                            refuse, mk.vars)
            known = number not in rule.conditional_lines and \
                shell.folders(texts[index][1].lstrip(" \t@-+"), folder, disk)
            if not known and not blind and mentions(raw, _RM):
                blind = number
    return found


def _copy_line(found: Found, mk: Makefile, rule: Rule, where: tuple[str, int, str],
               context: tuple[Later, int, tuple[set[str], set[str]], int]) -> None:
    """The copies of one recipe line, or why it is not understood, into `found`."""
    path, number, _ = where
    later, index, disk, blind = context
    shown = rule.lines[index][1].lstrip(" \t@-+")
    try:
        if number in rule.conditional_lines:
            raise shell.Unsupported("runs only under a make conditional")
        if blind:
            raise shell.Unsupported(f"line {blind} of the same recipe removes files specsync "
                                    "cannot name (the folder a copy goes to may be gone)")
        if mk.oneshell:
            raise shell.Unsupported("the Makefile sets .ONESHELL (one shell per recipe)")
        if mk.opaque or rule.evaluated:
            raise shell.Unsupported(mk.opaque or rule.evaluated)
        ops = _recipe_ops(shown, mk, rule, where, (set(disk[0]), set(disk[1])))
        later.apply(ops, index)
    except shell.Unsupported as e:
        found.unknown.append(Unknown(path, number, shown.replace("\\\n", " "), str(e)))
        return
    found.ops.extend(ops)


def _recipe_ops(text: str, mk: Makefile, rule: Rule, where: tuple[str, int, str],
                disk: tuple[set[str], set[str]]) -> list[Op]:
    path, number, folder = where
    uses_auto = any(f"${c}" in text for c in "@<^+*?|%")
    if rule.doubts:
        raise shell.Unsupported(rule.doubts[0])
    if rule.auto is None and uses_auto:
        raise shell.Unsupported("uses automatic variables of a pattern rule")
    per_target = rule.auto if uses_auto and rule.auto else [None]
    ops: list[Op] = []
    for auto in per_target:
        script = relative(expand(text, mk.vars, auto), folder)
        ops.extend(shell.interpret(script, path, number, folder, disk))
    return ops


def _try_expand_auto(text: str, mk: Makefile, rule: Rule) -> str:
    auto = rule.auto[0] if rule.auto else None
    try:
        return relative(expand(text, mk.vars, auto), mk.folder)
    except shell.Unsupported:
        return make_vars.automatic(text, auto)  # what a later line names for sure (later.py)

