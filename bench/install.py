"""specsync installed the way pre-commit installs it, to time what users run.

pre-commit makes a virtualenv (seeded with a recent pip, whose console-script
wrapper no longer imports `re`) and `pip install`s the hook repository into it,
bytecode compiled. This does the same with the working tree, once per version
of the sources: the environment is cached under the user's cache folder, keyed
by a hash of `pyproject.toml` and `hooks/`.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cache_root() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "specsync-bench")


def source_key() -> str:
    digest = hashlib.sha256()
    names = ["pyproject.toml"]
    for folder, dirs, files in os.walk(os.path.join(ROOT, "hooks")):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = os.path.relpath(folder, ROOT)
        names += [os.path.join(rel, n) for n in sorted(files) if not n.endswith(".pyc")]
    for name in names:
        digest.update(name.encode() + b"\0")
        with open(os.path.join(ROOT, name), "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def _create(env: str) -> None:
    from bench.harness import clean_env, progress

    progress(f"bench: installing specsync into {env} (once per version of hooks/) ...")
    shutil.rmtree(env, ignore_errors=True)
    try:
        subprocess.run([sys.executable, "-m", "virtualenv", "--quiet", env], check=True)
    except subprocess.CalledProcessError:
        raise SystemExit("bench: needs virtualenv (pip install virtualenv), as pre-commit "
                         "does") from None
    python = os.path.join(env, "bin", "python")
    pip = subprocess.run([python, "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", ROOT],
                         env=clean_env(), capture_output=True, text=True, check=False)
    if pip.returncode != 0:
        raise SystemExit(f"bench: pip install failed:\n{pip.stdout}{pip.stderr}")
    with open(os.path.join(env, "complete"), "w"):
        pass


def specsync_env() -> str:
    """The bin folder of a virtualenv with this working tree installed."""
    key = source_key()
    env = os.path.join(cache_root(), f"env-{key}")
    if not os.path.exists(os.path.join(env, "complete")):
        os.makedirs(cache_root(), exist_ok=True)
        for old in os.listdir(cache_root()):  # one environment per version is enough
            if old.startswith("env-"):
                shutil.rmtree(os.path.join(cache_root(), old), ignore_errors=True)
        _create(env)
    return os.path.join(env, "bin")
