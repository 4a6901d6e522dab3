"""Repositories of the shapes issue 15 names, built from seeded generators (no network).

`operator(n)`: a Go operator (kubebuilder layout) of about `n` files, most of
them under vendor/, whose Makefiles and `//go:generate` lines are not the
project's. `monorepo(services, n)`: `services` services of one Go module, each
with a `//go:generate cp` copy of its spec and a Makefile recipe copying its CRDs
by glob, padded with other files to about `n` files. Both are in sync, carry no
`.specsync.yaml` (zero config), and can be checked by the tools users run today:
`go generate ./... && git diff --exit-code` and `make sync && git diff --exit-code`.
"""
from __future__ import annotations

from bench import fixtures

GO_MOD = b"module example.com/%s\n\ngo 1.19\n"
SPEC_GO = """\
package spec

import _ "embed"

//go:generate cp ../../api/openapi.yaml openapi.yaml

//go:embed openapi.yaml
var Spec []byte
"""
CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {plural}.{group}
spec:
  group: {group}
  names: {{kind: {kind}, plural: {plural}}}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
{props}"""
VENDOR_GO = """\
package {name}

//go:generate go run ../../hack/gen.go -o zz_generated.{i}.go
//go:generate cp ../api/types.yaml types.yaml

func F{i}() int {{ return {i} }}
"""
VENDOR_MAKE = """\
generate:
\tcp api/types.yaml pkg/types.yaml
\tcp hack/*.tmpl build/
"""


def _go(package: str, i: int) -> bytes:
    body = "".join(f"\nfunc F{i}_{k}(x int) int {{ return x*{k} + {i} }}\n" for k in range(8))
    return f"package {package}\n{body}".encode()


def crd(group: str, kind: str, props: int = 12) -> bytes:
    lines = "".join(f"            field{k}:\n              type: string\n"
                    f"              description: field {k} of {kind}\n" for k in range(props))
    return CRD.format(plural=kind.lower() + "s", group=group, kind=kind, props=lines).encode()


def _pad(files: dict[str, bytes], prefix: str, count: int) -> None:
    """`count` other files (docs, assets, test data) under `prefix`."""
    exts = (".md", ".json", ".ts", ".txt", ".sql")
    for i in range(count):
        name = f"{prefix}/d{i // 100}/f{i}{exts[i % len(exts)]}"
        files[name] = f"{name}\n{i * 7919 % 104729}\n".encode()


def _vendor(files: dict[str, bytes], count: int) -> None:
    """A vendor/ tree: every 10th package has a go:generate line, every 20th a Makefile."""
    made = 0
    pkg = 0
    while made < count:
        folder = f"vendor/k8s.io/m{pkg // 20}/pkg/p{pkg}"
        for i in range(10):
            if i == 0 and pkg % 10 == 0:
                files[f"{folder}/gen{i}.go"] = VENDOR_GO.format(name=f"p{pkg}", i=i).encode()
            else:
                files[f"{folder}/f{i}.go"] = _go(f"p{pkg}", i)
        made += 10
        if pkg % 20 == 0:
            files[f"vendor/k8s.io/m{pkg // 20}/Makefile"] = VENDOR_MAKE.encode()
            made += 1
        pkg += 1
    files["vendor/modules.txt"] = b""


def operator(total: int = 7_000) -> dict[str, bytes]:
    """A kubebuilder-style operator of about `total` files, two thirds of them vendored."""
    files: dict[str, bytes] = {"go.mod": GO_MOD % b"operator"}
    group = "ops.example.com"
    kinds = [f"Widget{k}" for k in range(40)]
    for kind in kinds:
        files[f"config/crd/bases/{group}_{kind.lower()}s.yaml"] = data = crd(group, kind)
        files[f"charts/operator/crds/{group}_{kind.lower()}s.yaml"] = data
        files[f"api/v1/{kind.lower()}_types.go"] = _go("v1", len(files))
    files["Makefile"] = (b"sync:\n\tcp config/crd/bases/*.yaml charts/operator/crds/\n"
                         b"\ntest:\n\tgo test ./...\n")
    spec = fixtures.spec(60 * fixtures.KB, seed=7)
    files["api/openapi.yaml"] = files["internal/spec/openapi.yaml"] = spec
    files["internal/spec/spec.go"] = SPEC_GO.encode()
    for i in range(1_200):
        files[f"internal/controller/c{i // 12}/f{i}.go"] = _go(f"c{i // 12}", i)
    _pad(files, "docs", 500)
    _vendor(files, total - len(files))
    return files


def service(files: dict[str, bytes], name: str, go_files: int, crds: int) -> None:
    """One service of a monorepo: its spec and a go:generate copy, CRDs copied by a glob."""
    files[f"{name}/api/openapi.yaml"] = spec = fixtures.spec(8 * fixtures.KB,
                                                            seed=len(files) + 1)
    files[f"{name}/internal/spec/openapi.yaml"] = spec
    files[f"{name}/internal/spec/spec.go"] = SPEC_GO.encode()
    for k in range(crds):
        files[f"{name}/config/crds/{name}_kind{k}.yaml"] = data = crd(f"{name}.example.com",
                                                                      f"Kind{k}", 4)
        files[f"{name}/charts/{name}/crds/{name}_kind{k}.yaml"] = data
    files[f"{name}/Makefile"] = (f"sync:\n\tcp config/crds/*.yaml charts/{name}/crds/\n"
                                 ).encode()
    for i in range(go_files):
        files[f"{name}/internal/p{i // 10}/f{i}.go"] = _go(f"p{i // 10}", i)


def monorepo(services: int = 30, total: int = 60_000) -> dict[str, bytes]:
    """`services` services in one Go module, padded with other files to `total` files."""
    files: dict[str, bytes] = {"go.mod": GO_MOD % b"mono"}
    names = [f"svc{s:02d}" for s in range(services)]
    for name in names:
        service(files, name, go_files=100, crds=10)
    files["Makefile"] = ("SERVICES = " + " ".join(names) + "\n\nsync:\n"
                         "\tfor s in $(SERVICES); do $(MAKE) -s -C $$s sync || exit 1; done\n"
                         ).encode()
    per = max(0, (total - len(files)) // services)
    for name in names:
        _pad(files, f"{name}/web", per)
    _pad(files, "shared", max(0, total - len(files)))
    return files
