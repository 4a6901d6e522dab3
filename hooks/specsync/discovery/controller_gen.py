"""controller-gen's command line: generators, output rules and `paths=`, as
controller-tools' `genall.FromOptions` reads them.

An output rule is `output:GEN:RULE` for one generator or `output:RULE` for every
generator without its own; without a default rule, each generator writes to
`config/GEN`. RULE is `artifacts:config=DIR[,code=DIR]`, `dir=DIR`, `stdout` or
`none`. Only the generators whose files are known are proposed: crd (a folder of
CRDs), rbac (`role.yaml`), webhook (`manifests.yaml`); object and
applyconfiguration write Go code beside the Go files they read, schemapatch
rewrites manifests in place: refused.
"""
from __future__ import annotations

from specsync.discovery.generator_args import Read, at, check, folder
from specsync.discovery.shell_syntax import Unsupported

FILES = {"crd": "", "rbac": "role.yaml", "webhook": "manifests.yaml"}  # "": the folder
IN_PLACE = {
    "object": "object writes zz_generated.deepcopy.go beside the Go files it reads",
    "applyconfiguration": "applyconfiguration writes Go code beside the Go files it reads",
    "schemapatch": "schemapatch rewrites the manifests it reads",
}


def _list(value: str) -> list[str]:
    """A marker list: `a;b`, `{a,b}` or one value, quotes removed."""
    value = value.strip().strip('"')
    if value.startswith("{") and value.endswith("}"):
        return [v.strip().strip('"') for v in value[1:-1].split(",") if v.strip()]
    return [v for v in value.split(";") if v]


def _rule(rule: str, cwd: str) -> str | None:
    """The folder an output rule writes to, or None for stdout / none."""
    name, _, value = rule.partition("=")
    if rule in ("stdout", "none"):
        return None
    if name == "dir":
        return at(cwd, value.strip('"'), "output dir")
    if name == "artifacts:config":
        config = value.split(",")[0].strip('"')
        return at(cwd, config, "output folder")
    raise Unsupported(f"the output rule {rule!r} is not modelled")


def _roots(values: list[str], cwd: str) -> tuple[str, ...]:
    globs: list[str] = []
    for value in values:
        if not value.startswith("."):
            raise Unsupported(f"paths={value} names a package by import path, not a folder")
        recursive = value == "..." or value.endswith("/...")
        name = (value[:-3].rstrip("/") or ".") if recursive else value
        base = at(cwd, name, "paths=")
        globs.append(f"{folder(base)}**/*.go" if recursive else f"{folder(base)}*.go")
    return tuple(globs)


def read(args: list[str], cwd: str) -> Read:
    generators: dict[str, str] = {}  # name -> its options text
    rules: dict[str, str] = {}  # generator name ("" for the default) -> rule
    roots: list[str] = []
    sources: list[str] = []
    for arg in args:
        if arg.startswith("paths="):
            roots += _list(arg[6:])
        elif arg.startswith("output:"):
            parts = arg[7:].split(":", 1)
            if len(parts) == 2 and parts[0] in FILES | IN_PLACE:
                rules[parts[0]] = parts[1]
            else:
                rules[""] = arg[7:]
        elif arg.startswith("-"):
            raise Unsupported(f"it uses the flag {arg!r}, which specsync does not model")
        else:
            name, _, options = arg.partition(":")
            generators[name] = options
            for option in options.split(","):
                key, _, value = option.partition("=")
                if key == "headerFile":
                    sources.append(at(cwd, value.strip('"'), "headerFile"))
    for name in generators:
        if name in IN_PLACE:
            raise Unsupported(IN_PLACE[name])
        if name not in FILES:
            raise Unsupported(f"the generator {name!r} is not modelled")
    if not generators or not roots:
        raise Unsupported("it names no generator or no paths=")
    outputs: list[str] = []
    for name in generators:
        rule = rules.get(name, rules.get(""))
        base = at(cwd, f"config/{name}") if rule is None else _rule(rule, cwd)
        if base is not None:
            outputs.append(folder(base) + FILES[name] if FILES[name] else folder(base))
    if not outputs:
        raise Unsupported("it writes to stdout (or nowhere)")
    folders = [o for o in outputs if o.endswith("/")]
    kept = [o for o in outputs if o in folders or not any(o.startswith(f) for f in folders)]
    globs = _roots(roots, cwd)
    checks = tuple(check("gotree", g) for g in globs)
    return (*globs, *sources), tuple(dict.fromkeys(kept)), checks
