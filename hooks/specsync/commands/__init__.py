"""The subcommands: read options, run the pipeline, render, and decide the exit code.
The only place exit codes are decided."""
from __future__ import annotations

import os
import sys

from specsync.errors import GitFailed, InputError, Interrupted, one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    from specsync.repo.verdict import Since

    class Main(Protocol):
        def __call__(self, argv: Sequence[str] | None = None) -> int: ...


def one_line_errors(main: Main) -> Main:
    """Wrap a command's `main`: an input or git error prints one line and exits 2; Ctrl-C
    (or a signal a generator's run turned into `Interrupted`) one line and 128 + its number,
    as a shell reports it."""

    def guarded(argv: Sequence[str] | None = None) -> int:
        try:
            return main(argv)
        except InputError as e:
            print(e.render(), file=sys.stderr)
        except GitFailed as e:
            print(one_line(f"specsync: {e}"), file=sys.stderr)
        except KeyboardInterrupt:
            return _interrupted(Interrupted(2))
        except Interrupted as e:
            return _interrupted(e)
        return 2

    guarded.__doc__ = main.__doc__
    guarded.__name__ = getattr(main, "__name__", "main")
    return guarded


def _interrupted(e: Interrupted) -> int:
    print(e.render(), file=sys.stderr, flush=True)
    return 128 + e.signum


# set by CI services: GitHub, GitLab, CircleCI, Travis, Buildkite, Bitbucket and Woodpecker
# set CI; Azure Pipelines TF_BUILD; Jenkins JENKINS_URL
_CI_VARS = ("CI", "TF_BUILD", "JENKINS_URL")


def by_hand() -> bool:
    """Whether a person started this process rather than a hook manager, a git hook or CI:
    no `PRE_COMMIT=1` (pre-commit and prek set it for their hooks), no `GIT_INDEX_FILE`
    (git sets it for every pre-commit hook: a plain `.git/hooks` script, lefthook, husky;
    lefthook sets nothing of its own), no CI service's variable. From the environment
    alone: free on the hook's in-sync path."""
    env = os.environ
    if env.get("PRE_COMMIT") == "1" or env.get("GIT_INDEX_FILE"):
        return False
    return all(env.get(name, "").lower() in ("", "0", "false") for name in _CI_VARS)


def remembered() -> Since | None:
    """The remembered in-sync verdict's view of the index (repo/verdict.py): `holds` when it
    answers this index. None where specsync never ran (a fresh clone keeps no verdict, and
    imports nothing of it)."""
    from specsync.repo import git

    repo = git.find_repo()
    if not git.ran_here(repo):
        return None
    from specsync.repo import verdict

    return verdict.attempt(repo)
