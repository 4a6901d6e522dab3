"""Which tool started specsync, read from the variables each one sets, and the hook
command that runs specsync-fix in it.

What each manager puts in a hook's environment (checked with a hook that prints `env`):
pre-commit sets `PRE_COMMIT=1` (and `PRE_COMMIT_FROM_REF`/`_TO_REF` for a range); prek
sets `PRE_COMMIT=1` too, and `PREK_HOOK_STAGE`; lefthook sets nothing of its own; git
sets `GIT_INDEX_FILE`, `GIT_PREFIX` and `GIT_EDITOR` for any hook. CI services set `CI`
(or one of `repo.here.CI_VARS`). A command printed in CI is the one a developer runs at home, so
it never names the CI machine's paths.
"""
from __future__ import annotations

import os

from specsync.repo.here import in_ci

__all__ = ["in_ci"]  # read here by hints; defined with the user's folder in repo.here

FIX_HOOK = "specsync-fix"
CONFIG = ".pre-commit-config.yaml"
_LEGACY_STAGES = {"commit": "pre-commit", "merge-commit": "pre-merge-commit", "push": "pre-push"}
_ALL_STAGES = ["manual"]  # pre-commit's default: every stage, the manual one among them


def hook_runner() -> str | None:
    """`prek` or `pre-commit` when one of them started this process, else None."""
    if os.environ.get("PRE_COMMIT") != "1":
        return None
    return "prek" if "PREK_HOOK_STAGE" in os.environ else "pre-commit"


def hook_command(runner: str, stages: list[str]) -> str:
    """The `RUNNER run` command that starts the specsync-fix hook in one of its stages."""
    if "manual" in stages:
        return f"{runner} run --hook-stage manual {FIX_HOOK} --all-files"
    if "pre-commit" in stages:  # `run`'s own stage
        return f"{runner} run {FIX_HOOK} --all-files"
    return f"{runner} run --hook-stage {stages[0]} {FIX_HOOK} --all-files"


def setup_hint(runner: str) -> str:
    """What to add to `.pre-commit-config.yaml` so that the fix runs through the manager."""
    return (f"to fix through {runner}, add to the specsync repo's `hooks:` in {CONFIG}: "
            f"`- id: {FIX_HOOK}` with `stages: [manual]`, then run: "
            f"{hook_command(runner, ['manual'])}")


def uses_specsync_hooks(root: str) -> bool:
    """Whether `.pre-commit-config.yaml` names a specsync hook (read as bytes: a guess good
    enough to decide whether to print `setup_hint`)."""
    data = _config_bytes(root)
    return data is not None and b"specsync-" in data


def fix_hook_stages(root: str) -> list[str] | None:
    """The stages `.pre-commit-config.yaml` gives the specsync-fix hook (its `stages`, else
    the top-level `default_stages`, else every stage), None when it is not configured."""
    data = _config_bytes(root)
    if data is None or FIX_HOOK.encode() not in data:
        return None
    from specsync.documents import DataError, decode, load_yaml_documents

    try:
        docs = load_yaml_documents(decode(data))
    except (DataError, ValueError):
        return None
    config = docs[0] if docs and isinstance(docs[0], dict) else {}
    repos = config.get("repos")
    for repo in repos if isinstance(repos, list) else ():
        hooks = repo.get("hooks") if isinstance(repo, dict) else None
        for hook in hooks if isinstance(hooks, list) else ():
            if isinstance(hook, dict) and hook.get("id") == FIX_HOOK:
                stages = hook.get("stages") or config.get("default_stages") or _ALL_STAGES
                if not isinstance(stages, list):
                    return None
                return [_LEGACY_STAGES.get(str(s), str(s)) for s in stages]
    return None


def _config_bytes(root: str) -> bytes | None:
    try:
        with open(os.path.join(root, CONFIG), "rb") as f:
            return f.read(1 << 20)
    except OSError:
        return None
