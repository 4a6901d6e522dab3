"""Recipe lines that run a generator: proposed `generated:` entries rerun by `make TARGET`.

The line is expanded as make expands it (variables, `$@` of each target); a program
given as a variable that cannot be expanded (`$(CONTROLLER_GEN)` set by `$(shell
...)` or in an included file) is recognised by the variable's name, since only its
arguments say what is read and written. The line runs in one shell from the
Makefile's folder: `cd` and `mkdir` are followed, `echo` is nothing, any other
command next to the generator may change what it wrote, so it is refused.
"""
from __future__ import annotations

from specsync.discovery import generators, shell
from specsync.discovery.make_vars import expand, relative
from specsync.discovery.model import Proposal, Unknown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.make_rules import Rule
    from specsync.discovery.make_vars import Vars
    from specsync.discovery.model import Found
    from specsync.discovery.shell_syntax import Command

_QUIET = " \t@-+"


def _program_variable(text: str) -> tuple[str, str] | None:
    """(`$(NAME)` as written, the generator NAME names) when the line starts with one."""
    text = text.lstrip(_QUIET).lstrip('"')
    if text[:2] not in ("$(", "${"):
        return None
    close = ")" if text[1] == "(" else "}"
    end = text.find(close)
    tool = generators.tool_of(text[2:end]) if end > 2 else None
    return (text[: end + 1], tool) if tool else None


def installs(head: str) -> bool:
    """Whether a rule's targets (as written) name a generator program: the rule builds or
    downloads it (`$(CONTROLLER_GEN): $(LOCALBIN)`, `controller-gen:`)."""
    return any(_names_generator(w) for w in head.split())


def _names_generator(word: str) -> bool:
    return generators.tool_of(word.strip("$(){}\"'@-+")) is not None


def _expanded(text: str, vars: Vars, auto: dict[str, str] | None, folder: str) -> str:
    try:
        return relative(expand(text, vars, auto), folder)
    except shell.Unsupported:
        named = _program_variable(text)
        if named is None:
            raise
        written, tool = named
        rest = text.lstrip(_QUIET)
        rest = rest[rest.index(written) + len(written):].lstrip('"')
        return tool + relative(expand(rest, vars, auto), folder)


def proposals(text: str, vars: Vars,
              rule: tuple[list[dict[str, str]] | None, list[str], str],
              where: tuple[str, int, str]) -> list[Proposal]:
    """The generator runs of one recipe line, one per target that runs it differently;
    `rule`: the automatic variables per target (None for a pattern rule), the explicit
    targets, and the targets as written. A rule whose target is the generator itself
    (`$(CONTROLLER_GEN): $(LOCALBIN)`) installs it: nothing is generated there."""
    path, number, folder = where
    auto, targets, head = rule
    if installs(head):
        return []
    uses_auto = any(f"${c}" in text for c in "@<^+*?|%")
    found: list[Proposal] = []
    runs = auto if uses_auto and auto else [{"@": targets[0] if targets else ""}]
    for target in runs:
        commands = _commands(text, vars, target, folder)
        if not any(generators.split_program([w.text for w in c.words]) for c in commands):
            return []
        if uses_auto and not auto:
            raise shell.Unsupported("uses automatic variables of a pattern rule (or of a rule "
                                    "whose prerequisites cannot be expanded)")
        if not targets:
            raise shell.Unsupported("its rule has no explicit target to rerun with make")
        sh = shell.Interpreter(path, number, folder)
        for command in commands:
            argv = [w.text for w in command.words]
            if generators.split_program(argv) is None:
                if not _harmless(sh, command):
                    raise shell.Unsupported(f"runs {argv[0] if argv else 'a command'!r} on "
                                            "the same line as a generator, which may change "
                                            "what it wrote")
                continue
            if command.redirects or any(w.glob for w in command.words):
                raise shell.Unsupported("passes a wildcard or redirects a generator's output")
            proposal = generators.propose(argv, path, number, sh.cwd, f"make {target['@']}")
            if proposal is not None:
                found.append(proposal)
    return _distinct(found)


def _commands(text: str, vars: Vars, target: dict[str, str], folder: str) -> list[Command]:
    """The line's simple commands; [] when it cannot be read and names no generator
    ("protocol", a tool's install line...)."""
    try:
        return shell.split(_expanded(text, vars, target, folder))
    except shell.Unsupported:
        if not any(_names_generator(w) for w in text.split()):
            return []
        raise


def _harmless(sh: shell.Interpreter, command: Command) -> bool:
    """A command beside the generator that writes nothing (cd, mkdir, echo...)."""
    try:
        sh.run(command)
    except shell.Unsupported:
        return False
    return not sh.ops


def _distinct(found: list[Proposal]) -> list[Proposal]:
    seen: set[tuple[object, ...]] = set()
    kept = []
    for p in found:
        key = (p.tool, p.sources, p.outputs)
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


def recipe_line(found: Found, rule: Rule, where: tuple[str, int, str, int], refuse: str,
                vars: Vars) -> None:
    """A recipe line that runs a generator: proposed generated entries, or why not (`refuse`:
    why no line of this recipe is read as written, or "")."""
    path, number, folder, index = where
    shown = rule.lines[index][1].lstrip(" \t@-+")
    if installs(rule.head):
        return
    try:
        if refuse:
            raise shell.Unsupported(refuse)
        found.generated.extend(proposals(shown, vars, (rule.auto, rule.targets, rule.head),
                                         (path, number, folder)))
    except shell.Unsupported as e:
        found.unknown.append(Unknown(path, number, shown.replace("\\\n", " "), str(e)))
