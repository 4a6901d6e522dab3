"""Fixtures the cases run on, made here from a seeded generator (no network).

`spec(size)` writes an OpenAPI-like YAML document of about `size` bytes: paths
with operations, parameters and responses, and component schemas with typed
properties and enums, the shapes real specs are made of. The same seed gives the
same bytes on every machine.
"""
from __future__ import annotations

import os
import random
import subprocess
from collections.abc import Iterator, Mapping

KB = 1000
MB = 1000 * KB
WORDS = ("account", "audit", "batch", "billing", "catalog", "event", "export", "gateway",
         "invoice", "item", "job", "ledger", "member", "metric", "notice", "order", "payment",
         "policy", "queue", "quota", "record", "report", "session", "storage", "task",
         "tenant", "token", "user", "volume", "workflow")
TYPES = ("string", "integer", "boolean", "number")


def _schema(rng: random.Random, name: str) -> Iterator[str]:
    yield f"    {name}:"
    yield "      type: object"
    yield "      properties:"
    for _ in range(rng.randint(3, 9)):
        prop = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}"
        yield f"        {prop}:"
        kind = rng.choice(TYPES)
        yield f"          type: {kind}"
        yield f"          description: The {prop.replace('_', ' ')} of the {name.lower()}."
        if kind == "string" and rng.random() < 0.3:
            values = ", ".join(rng.sample(WORDS, rng.randint(2, 6)))
            yield f"          enum: [{values}]"


def _operation(rng: random.Random, path: str, method: str, schema: str) -> Iterator[str]:
    op = f"{method}{schema}{rng.randrange(10**6)}"
    yield f"    {method}:"
    yield f"      operationId: {op}"
    yield f"      summary: {method.upper()} {path}"
    yield "      parameters:"
    yield "        - name: id"
    yield "          in: path"
    yield "          required: true"
    yield "          schema: {type: string, format: uuid}"
    yield "      responses:"
    for code, text in (("200", "OK"), ("404", "not found")):
        yield f'        "{code}":'
        yield f"          description: {text}"
        yield "          content:"
        yield "            application/json:"
        yield f"              schema: {{$ref: '#/components/schemas/{schema}'}}"


def spec_lines(size: int, seed: int = 1) -> list[str]:
    """The lines of a spec of at least `size` bytes; paths first, then the schemas."""
    rng = random.Random(seed)
    head = ["openapi: 3.0.3", "info:", f"  title: bench spec {seed}", '  version: "1.0"',
            "paths:"]
    paths: list[str] = []
    schemas: list[str] = ["components:", "  schemas:"]
    total = 0
    n = 0
    while total < size:
        n += 1
        name = f"{rng.choice(WORDS).title()}{n}"
        path = f"/{rng.choice(WORDS)}s/{n}/{{id}}"
        new = [f"  {path}:"]
        for method in rng.sample(("get", "put", "post", "delete"), rng.randint(1, 3)):
            new.extend(_operation(rng, path, method, name))
        schema = list(_schema(rng, name))
        total += sum(len(line) + 1 for line in new) + sum(len(line) + 1 for line in schema)
        paths.extend(new)
        schemas.extend(schema)
    return head + paths + schemas


def spec(size: int, seed: int = 1) -> bytes:
    return ("\n".join(spec_lines(size, seed)) + "\n").encode()


def stale(data: bytes, changes: int = 3, seed: int = 2) -> bytes:
    """`data` with `changes` description lines edited, spread over the document."""
    lines = data.split(b"\n")
    rng = random.Random(seed)
    candidates = [i for i, line in enumerate(lines) if b"description: The " in line]
    for i in sorted(rng.sample(candidates, changes)):
        lines[i] = lines[i].replace(b"description: The ", b"description: An old ")
    return b"\n".join(lines)


def git(repo: str, *args: str) -> None:
    subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.DEVNULL,
                   env=git_env())


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@specsync.invalid",
        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@specsync.invalid",
        # no `gc --auto` left running in the background of a fixture while it is timed
        "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "gc.auto", "GIT_CONFIG_VALUE_0": "0",
    })
    return env


def repo(path: str, files: Mapping[str, bytes], packed: bool = False) -> str:
    """A git repository at `path` holding `files` and NOTES.md, committed (the index
    matches HEAD); `packed`: its objects in one pack, as in a fresh clone (not one loose
    file each)."""
    os.makedirs(path)
    git(path, "init", "-q", "-b", "main")
    for name, data in {NOTES: b"# notes\n", **files}.items():
        full = os.path.join(path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    git(path, "add", "-A")
    git(path, "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "fixture")
    if packed:
        git(path, "repack", "-a", "-d", "-q")
        git(path, "prune-packed")
    return path


def clone(repo: str, name: str) -> str:
    """A clone of `repo` beside it (a fresh clone's state: packed objects, no caches), for a
    command that must not share the state others leave in their repository."""
    path = os.path.join(os.path.dirname(repo), f"{os.path.basename(repo)}-{name}")
    git(os.path.dirname(repo), "clone", "-q", repo, path)
    return path


def config(links: list[tuple[str, list[str]]], extra: str = "") -> bytes:
    """A `.specsync.yaml` for `links` [(source, [copies])]."""
    out = [extra] if extra else []
    out.append("links:")
    for source, copies in links:
        out.append(f"  - source: {source}")
        out.append("    copies:")
        out.extend(f"      - {c}" for c in copies)
    return ("\n".join(out) + "\n").encode()


# a fresh clone (every CI and pre-commit.ci run): no cache in the git dir; run untimed
COLD = (("rm", "-rf", ".git/specsync"),)
NOTES = "NOTES.md"  # a file of every fixture that no link and no discovery reads


def staged(*paths: str) -> tuple[tuple[str, ...], ...]:
    """A setup that appends a line to each of `paths` and stages them, untimed: each timed
    run checks an index it has not seen, as on a real commit (specsync remembers the
    verdict of an in-sync index, repo/verdict.py: an unchanged index would be a repeat)."""
    script = 'v=$(date +%s%N); for f in "$@"; do echo "# $v" >> "$f"; done; git add -- "$@"'
    return (("sh", "-c", script, "sh", *paths),)


# a warm run as on an everyday commit: what changed is a file no link reads
WARM = staged(NOTES)


def floor_steps(python: str) -> list[list[str]]:
    """The floor of any Python hook that asks git for the staged files."""
    return [[python, "-c", "pass"], ["git", "ls-files", "-s"]]
