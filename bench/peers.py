"""Target 4: what users do today, timed in the same run on the same repository.

A Go module embeds two copies of a 300 KB spec (`//go:embed`), refreshed by
`//go:generate cp` lines, and a Makefile target copies them too; the checks
people write around these are `go generate ./... && git diff --exit-code` and
`make` + `git diff --quiet`. specsync checks the same two copies.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator

from bench import fixtures
from bench.harness import Cmd, Goal, Group
from bench.runner import Context

SOURCE = "api/openapi.yaml"
PACKAGES = ("internal/server", "internal/client")

GO_FILE = """\
package {name}

import _ "embed"

//go:generate cp ../../api/openapi.yaml openapi.yaml

//go:embed openapi.yaml
var Spec []byte
"""

MAKEFILE = """\
check-specs:
\tcp api/openapi.yaml internal/server/openapi.yaml
\tcp api/openapi.yaml internal/client/openapi.yaml
\tgit diff --quiet
"""


def _files() -> dict[str, bytes]:
    spec = fixtures.spec(300 * fixtures.KB)
    files = {"go.mod": b"module example.com/specs\n\ngo 1.19\n", SOURCE: spec,
             "Makefile": MAKEFILE.encode()}
    for package in PACKAGES:
        files[f"{package}/spec.go"] = GO_FILE.format(name=package.rsplit("/")[-1]).encode()
        files[f"{package}/openapi.yaml"] = spec
    # explicit links, so the row does not depend on discovery (issue 3) being there
    files[".specsync.yaml"] = fixtures.config([(SOURCE, [f"{p}/openapi.yaml" for p in PACKAGES])])
    return files


def groups(ctx: Context) -> Iterator[Group]:
    title = "vs what users do today: 300 KB spec, 2 embedded copies"
    missing = [tool for tool in ("go", "make") if shutil.which(tool) is None]
    if missing:
        yield Group(title, [], note=f"{' and '.join(missing)} not installed (Debian: golang-go)")
        return
    repo = fixtures.repo(ctx.folder("peers"), _files())
    go = Cmd("go: go generate ./... && git diff --exit-code",
             [["go", "generate", "./..."], ["git", "diff", "--exit-code"]], repo)
    make = Cmd("make: make check-specs (cp + git diff --quiet)",
               [["make", "-s", "check-specs"]], repo)
    check = Cmd("specsync check --all-files", [ctx.specsync("check", "--all-files")], repo,
                setup=fixtures.WARM)
    yield Group(title, [go, make, check],
                {check.name: [Goal("ratio", None, go.name), Goal("ratio", None, make.name)]})
