"""What the later lines of a Makefile recipe do to the copies an earlier line made.

Each recipe line runs in a shell of its own after the one before. A later line is:
- quiet: only commands that write no file (`echo`, `printf`, `true`, `:`, `ls`,
  `test`, `[`, `mkdir`, `git diff|add|status`, comments). It may name a copy or
  its folder (`@echo "charts/app/crds/ updated"`) without touching either;
- plain: only the commands the shell reader models (`cp`, `cat >`, `mkdir`,
  `cd`, `rm`, `echo`). Its copies are its own: two copies clash only when they
  write the same file, which resolve judges once globs meet the tree. Its
  `rm` takes the copies it names from every earlier line (`Op.dropped`);
- anything else (`sed -i`, `yq -i`, a script): a mention of a copy or of its
  folder means the copy may be patched (order.named_below): not understood. A
  mention of a literal path below the folder (`kustomize build -o dest/rbac.yaml`
  after `cp crds/* dest/`) names that path only: the copies are held against it
  once the glob meets the tree (`Op.patched`, resolve.pairs).

One backward pass classifies every line once, and an op is compared by text
with the "anything else" lines only, so a recipe of thousands of `cp` lines
costs linear time (it was quadratic).
"""
from __future__ import annotations

from bisect import bisect_right

from specsync.discovery import shell
from specsync.discovery.order import named_below

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.discovery.model import Op
    from specsync.discovery.shell_syntax import Command

QUIET = frozenset(("echo", "printf", "true", ":", "ls", "test", "[", "mkdir"))
_QUIET_GIT = frozenset(("diff", "add", "status"))


def _quiet(command: Command) -> bool:
    """A command that writes no file, whatever it names."""
    if command.redirects or not command.words:
        return False
    name = command.words[0].text
    if command.words[0].glob and name != "[":  # a lone `[` is no wildcard to sh
        return False
    if name == "git":
        return len(command.words) > 1 and command.words[1].text in _QUIET_GIT
    return name in QUIET


def _removes(text: str, folder: str) -> tuple[str, ...] | None:
    """What a plain line removes (`()` for a quiet one), or None for anything else."""
    try:
        commands = shell.split(text)
        if all(_quiet(c) for c in commands):
            return ()
        return tuple(shell.removals(text, folder))
    except shell.Unsupported:
        return None


class Later:
    """The later lines of one recipe, read once: `texts` are (line number, expanded text)."""

    __slots__ = ("blind", "folder", "gone", "other_at", "others")

    def __init__(self, texts: list[tuple[int, str]], folder: str,
                 conditional: set[int], blind: dict[int, str] | None = None) -> None:
        self.folder = folder
        # index -> why: lines that run a script which may write files it does not name
        self.blind = blind or {}
        self.gone: list[tuple[str, ...]] = [()] * len(texts)  # removed by the lines after i
        others: list[tuple[int, int, str]] = []  # (index, line number, text), "anything else"
        after: tuple[str, ...] = ()
        for index in range(len(texts) - 1, -1, -1):
            self.gone[index] = after
            number, text = texts[index]
            removed = None if number in conditional else _removes(
                text.lstrip(" \t@-+"), folder)
            if removed is None:
                others.append((index, number, text))
            elif removed:
                after = removed + after
        others.reverse()
        self.others = others
        self.other_at = [o[0] for o in others]

    def apply(self, ops: list[Op], index: int) -> None:
        """Give the ops of line `index` what later lines remove; `Unsupported` when a later
        line that is neither quiet nor plain names one of them."""
        start = bisect_right(self.other_at, index)
        for op in ops:
            for at, number, text in self.others[start:]:
                if at in self.blind:
                    raise shell.Unsupported(f"line {number} of the same recipe runs a script "
                                            f"that may write it: {self.blind[at]}")
                name, below = named_below(op, text, self.folder)
                if name is not None:
                    raise shell.Unsupported(f"line {number} of the same recipe also names {name}")
                op.patched += tuple((path, f"line {number} of the same recipe") for path in below)
        for op in ops:
            op.dropped += self.gone[index]
