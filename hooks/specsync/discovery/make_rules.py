"""Which recipe runs for a target, and its automatic variables, as GNU make 4.3 decides.

A target may appear in several ordinary rules: their prerequisites merge, and
the last rule with a recipe gives the recipe (make warns that it overrides an
earlier one, which then never runs for that target). The merged list puts the
prerequisites of the rule with the recipe first, then those of the other rules
in the order make read them: `$+` is that list, `$^` the same without
repeats, and `$<` its first entry (so `t: p` then `t:` with a recipe has
`$<` = p). Double-colon rules stay apart, each with its own recipe and
prerequisites. What may add prerequisites unseen (an `include`, a rule whose
targets or prerequisites do not expand, a static pattern rule, a rule under a
make conditional, `.SECONDEXPANSION`) leaves `$^` and `$+` unknown, and `$<`
too unless the rule with the recipe names its own. A target with both `:` and `::`
rules stops make before any recipe runs (found by the differential tests).
"""
from __future__ import annotations

WHY = ""  # the key of an automatic-variable table that says why a variable is missing


class Rule:
    """One rule as read; make_rules.settle fills `runs` and `auto_for` once all are read."""

    __slots__ = ("auto_for", "conditional", "conditional_lines", "double", "doubts", "evaluated",
                 "head", "lines", "named", "number", "path", "pattern", "prereqs", "recipe",
                 "runs", "targets", "unsure")

    def __init__(self, named: list[str] | None, prereqs: list[str] | None) -> None:
        self.named = named  # the targets it names; None: they do not expand
        self.targets: list[str] = []  # explicit targets `make TARGET` runs (none for patterns)
        self.head = ""  # the targets as written
        self.prereqs = prereqs  # None: not known exactly (see `unsure`)
        self.unsure = ""  # why `prereqs` is None, with {} for the target
        self.pattern = False  # a pattern rule or .DEFAULT: no explicit target of its own
        self.double = False  # `t:: p`: a rule of its own, with its own prerequisites
        self.conditional = False  # read under a make conditional
        self.conditional_lines: set[int] = set()  # recipe lines run only under a conditional
        self.path = "Makefile"  # the file it is written in (the Makefile, or one it includes)
        self.number = 0  # the line of its head
        self.recipe = False  # has a recipe (`; ...` or tab lines, even empty ones)
        self.lines: list[tuple[int, str]] = []  # (line number, recipe text)
        self.runs: list[str] = list(dict.fromkeys(named or ()))  # targets it runs for
        self.auto_for: dict[str, dict[str, str]] = {}  # automatic variables per target
        self.doubts: list[str] = []  # why its recipe may not run as read
        self.evaluated = ""  # why its recipe is not read: an $(eval ...) defined it

    @property
    def auto(self) -> list[dict[str, str]] | None:
        """Automatic variables per target it runs for; None for pattern rules."""
        if self.named is None or self.pattern:
            return None
        return [self.auto_for.get(t, {"@": t}) for t in self.runs]


def _doubt(rules: list[Rule], second_expansion: bool, included: bool) -> str:
    """Why no target's prerequisites are all known, or ""."""
    if second_expansion:
        return "the Makefile sets .SECONDEXPANSION"
    if included:
        return "an included file may add prerequisites"
    if any(r.named is None for r in rules):
        return "a rule whose targets do not expand may add prerequisites"
    return ""


def settle(all_rules: list[Rule], *, second_expansion: bool, included: bool) -> None:
    """Give every rule the targets it runs its recipe for and their automatic variables."""
    rules: dict[str, list[Rule]] = {}
    for rule in all_rules:
        if rule.double:
            for target in rule.runs:
                _merge(rule, target, [], "")
        elif rule.named and not rule.pattern:
            for target in rule.named:
                rules.setdefault(target, []).append(rule)
    doubt = _doubt(all_rules, second_expansion, included)
    for target, named in rules.items():
        with_recipe = [r for r in named if r.recipe]
        if not with_recipe:
            continue
        last = with_recipe[-1]
        if len(with_recipe) > 1 and any(r.conditional for r in with_recipe):
            for r in with_recipe:
                r.doubts.append(f"another recipe for {target} is under a make conditional")
        else:
            for earlier in with_recipe[:-1]:  # make ignores an overridden recipe
                earlier.runs.remove(target)
        _merge(last, target, [r for r in named if r is not last], doubt)


def _merge(rule: Rule, target: str, others: list[Rule], doubt: str) -> None:
    """The automatic variables of `target` for the recipe of `rule`."""
    own = rule.prereqs
    why = doubt or next((o.unsure for o in others if o.prereqs is None), "")
    auto = {"@": target}
    if own is None:
        why = why or rule.unsure
    else:
        merged = own + [p for o in others for p in o.prereqs or ()]
        if not why:
            auto["+"] = " ".join(merged)
            auto["^"] = " ".join(dict.fromkeys(merged))
        if own or not why:
            auto["<"] = merged[0] if merged else ""
    if why:
        auto[WHY] = why.format(target)
    rule.auto_for[target] = auto


def mixed(rules: list[Rule]) -> str:
    """Why make refuses the Makefile (a target with both `:` and `::` rules), or ""."""
    double: dict[str, bool] = {}
    for rule in rules:
        for target in rule.named or ():
            if double.setdefault(target, rule.double) != rule.double:
                return f"line {rule.number}: {target} has both : and :: rules, which make " \
                       "refuses"
    return ""
