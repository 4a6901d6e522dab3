"""Git's checkout conversions: what a path holds on disk versus what git stores for it.

A copy is what `cp` of the checked-out source gives. Git stores a file in its clean
form (after `.gitattributes` filters, `eol`/`text` normalisation and
`working-tree-encoding`) and checks it out in its smudged form, each for the file's
own path. So a copy is in sync when its clean form equals the clean form, for the
copy's path, of the checked-out source; and fix writes the copy's checkout form.

Without any attributes file both forms are the bytes themselves and nothing here
runs: the in-sync path compares object ids as before.
"""
from __future__ import annotations

import os

from specsync.repo import git

TYPE_CHECKING = False
if TYPE_CHECKING:
    from specsync.repo.snapshot import Snapshot


def _global_attributes() -> list[str]:
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return [os.path.join(xdg, "git", "attributes")]


def apply(snapshot: Snapshot) -> bool:
    """Whether any attributes file may convert bytes for some path: a `.gitattributes` git
    lists, the repository's `info/attributes` or the user's global attributes file."""
    if snapshot.attributes is None:
        listed = bool(snapshot.ids_with_tail({".gitattributes"}, 14))
        files = [os.path.join(snapshot.repo.git_dir, "info", "attributes"),
                 *_global_attributes()]
        snapshot.attributes = listed or any(os.path.isfile(f) for f in files)
        snapshot.outside = True  # files outside the index were asked (repo/verdict.py)
    return snapshot.attributes


def checkout_of(repo: git.Repo, oid: str, path: str) -> bytes:
    """The blob `oid` as git checks it out at `path` (its smudge filter, eol, encoding)."""
    _, out = git.run(["cat-file", "--filters", f"--path={path}", oid], repo.root)
    return out


def clean_id(repo: git.Repo, path: str, data: bytes, *, store: bool = False) -> str:
    """The object id `git add` gives `data` written at `path` (stored when `store`).

    Bytes that cannot be the path's checkout form (UTF-8 where the path's
    `working-tree-encoding` says UTF-16) are taken as its clean form already.
    """
    write = ["-w"] if store else []
    try:
        _, out = git.run(["hash-object", *write, f"--path={path}", "--stdin"], repo.root,
                         data=data)
    except git.GitFailed:
        _, out = git.run(["hash-object", *write, "--no-filters", "--stdin"], repo.root,
                         data=data)
    return out.decode().strip()


def clean_ids_on_disk(repo: git.Repo, paths: list[str]) -> dict[str, str]:
    """path -> the object id `git add` would give the file on disk, for regular files."""
    files = [p for p in paths if _regular(os.path.join(repo.root, p))]
    if not files:
        return {}
    _, out = git.run(["hash-object", "--stdin-paths"], repo.root,
                     data=git.stdin_paths(files))
    return dict(zip(files, out.decode().split(), strict=True))


def _regular(full: str) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.lstat(full).st_mode)
    except OSError:
        return False


def write_form(repo: git.Repo, copy: str, source: str, expected: bytes) -> bytes | str:
    """The bytes fix writes at `copy` so that `git add` stores the clean form of `expected`
    (its checkout form for the copy's path), or one line saying why it never can."""
    oid = clean_id(repo, copy, expected, store=True)
    form = checkout_of(repo, oid, copy)
    if form == expected or clean_id(repo, copy, form) == oid:
        return form
    from specsync.repo.here import args

    return (f"{copy}: git add would not store what fix writes (the checkout conversions of "
            f"{copy} do not round-trip); renormalise the source with git add --renormalize "
            f"{args(repo.root, [source])}, or set compare: text (not written)")
