#!/usr/bin/env python3
"""Write server/knowledge/exports.json: the MCP Python SDK's importable names, their defining
objects, class members and callable parameters, per release, read from a python-sdk git repo.

Usage:
    python3 scripts/knowledge/generate_exports.py PATH_TO_PYTHON_SDK_GIT [--check] [--out FILE]

PATH is a clone or a bare copy of https://github.com/modelcontextprotocol/python-sdk with its
tags. The generator reads every final release tag vX.Y.Z from v1.0.0 on (pre-releases skipped),
records each tag's commit, and is deterministic: the same tags give byte-identical output.
`--check` regenerates in memory and exits 1 when the committed file differs.

NOT for: deciding verdicts (that is the hand-written knowledge in auth.json/resources.json), and
it never imports or runs SDK code: everything comes from `ast` over `git cat-file` blobs.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdkgraph import ClassModel, GitReader, SdkGraph, callable_params, release_tags  # noqa: E402

GENERATOR_VERSION = 1
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = PROJECT_ROOT / "server" / "knowledge" / "exports.json"
MIN_RELEASE = (1, 0, 0)

# Modules whose importable names are listed. A prefix entry covers the module and everything
# below it; an exact entry covers only that module. Chosen from issue 19 plus every module the
# knowledge files name (completeness.py reports knowledge paths outside this list).
TRACKED_PREFIXES = (
    "mcp.server.auth",
    "mcp.client.auth",
    "mcp.shared.auth",  # also matches mcp.shared.auth_utils
    "mcp.server.fastmcp",
    "mcp.server.mcpserver",
    "mcp.server.lowlevel",
    "mcp.types",
)
TRACKED_EXACT = (
    "mcp",
    "mcp.client",
    "mcp.client.client",
    "mcp.client.session",
    "mcp.server",
    "mcp.server.context",
    "mcp.server.sse",
    "mcp.server.streamable_http_manager",
    "mcp_types",
)
# Modules whose classes and functions get members and parameters (besides the seeds below):
# the auth surface, and the server/context/session modules the knowledge and issue 19 name.
DETAIL_PREFIXES = (
    "mcp.server.auth",
    "mcp.client.auth",
    "mcp.shared.auth",
)
DETAIL_EXACT = (
    "mcp.server.fastmcp.server",
    "mcp.server.fastmcp.utilities.types",
    "mcp.server.mcpserver.server",
    "mcp.server.mcpserver.context",
    "mcp.server.mcpserver.utilities.types",
    "mcp.server.lowlevel.server",
    "mcp.client.session",
    "mcp.client.client",
    "mcp.server.context",
)
# Import paths of further classes to detail (resolved per release to the defining class):
# the wire types the Resources knowledge names.
CLASS_SEEDS = (
    "mcp.types.PaginatedRequestParams",
    "mcp.types.ListResourcesResult",
    "mcp.types.ListResourceTemplatesResult",
    "mcp.types.ReadResourceResult",
    "mcp.types.Resource",
    "mcp.types.ResourceTemplate",
    "mcp.types.ResourceContents",
    "mcp.types.TextResourceContents",
    "mcp.types.BlobResourceContents",
    "mcp.types.Implementation",
    "mcp.types.Icon",
)


def is_tracked(module: str) -> bool:
    if module in TRACKED_EXACT:
        return True
    return any(module == p or module.startswith(p + ".") or (p == "mcp.shared.auth" and module.startswith(p)) for p in TRACKED_PREFIXES)


def is_detailed(fqn_module: str) -> bool:
    if fqn_module in DETAIL_EXACT:
        return True
    return any(fqn_module == p or fqn_module.startswith(p + ".") or (p == "mcp.shared.auth" and fqn_module.startswith(p)) for p in DETAIL_PREFIXES)


def version_label(tag: str) -> str:
    return tag[1:] if tag.startswith("v") else tag


class Collector:
    """Accumulates fact -> set of release indices; one instance per output section."""

    def __init__(self) -> None:
        self.facts: dict[tuple, set[int]] = defaultdict(set)

    def add(self, key: tuple, release: int) -> None:
        self.facts[key].add(release)


def ranges(indices: set[int], labels: list[str]) -> str:
    """Compress release indices into 'a-b,c' over the ordered release list (both ends inclusive)."""
    out = []
    run: list[int] = []
    for i in sorted(indices):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            out.append(labels[run[0]] if len(run) == 1 else f"{labels[run[0]]}-{labels[run[-1]]}")
        run = [i]
    if run:
        out.append(labels[run[0]] if len(run) == 1 else f"{labels[run[0]]}-{labels[run[-1]]}")
    return ",".join(out)


def read_release(graph: SdkGraph, idx: int, c: dict[str, Collector]) -> None:
    model = ClassModel(graph)
    detailed_classes: set[str] = set()
    detailed_functions: set[str] = set()
    for module in sorted(m for m in graph.modules if is_tracked(m)):
        c["module"].add((module, graph.modules[module][1]), idx)
        ns = graph.namespace(module)
        in_all = set(ns.all_names or [])
        for name in graph.importable(module):
            r = graph.resolve(module, name)
            if r is None:
                continue
            c["name"].add((module, name, r.fqn, r.kind, name in in_all), idx)
            defining = r.fqn.rpartition(".")[0]
            if r.kind == "class" and is_detailed(defining) and not name.startswith("_"):
                detailed_classes.add(r.fqn)
            if r.kind == "function" and is_detailed(defining) and not name.startswith("_"):
                detailed_functions.add(r.fqn)
    for seed in CLASS_SEEDS:
        r = graph.resolve_path(seed)
        if r is not None and r.kind == "class":
            detailed_classes.add(r.fqn)
    for fqn in sorted(detailed_classes):
        facts = model.facts(fqn)
        if facts is None:
            continue
        c["class"].add((fqn, facts.flavour, tuple(facts.bases), facts.camel_aliases), idx)
        for mname, m in facts.members.items():
            c["member"].add((fqn, mname, m["kind"], m.get("in"), m.get("alias")), idx)
        for cname, sig in facts.signatures.items():
            c["sig"].add((fqn, cname, sig["via"]), idx)
            for p in sig["params"]:
                c["param"].add((fqn, cname, p["name"], p["kind"], p["index"], p["default"]), idx)
    for fqn in sorted(detailed_functions):
        module, _, name = fqn.rpartition(".")
        r = graph.resolve(module, name)
        if r is None or r.node is None:
            continue
        c["function"].add((fqn,), idx)
        for p in callable_params(r.node, drop_first=False):  # type: ignore[arg-type]
            c["fparam"].add((fqn, p["name"], p["kind"], p["index"], p["default"]), idx)


def _variants(items: list[tuple[dict, set[int]]], labels: list[str]) -> list[dict]:
    out = [dict(v, r=ranges(s, labels)) for v, s in items]
    out.sort(key=lambda v: (min(labels.index(x.split("-")[0]) for x in v["r"].split(",")), str(sorted(v.items()))))
    return out


def build(repo: str) -> dict:
    git_dir = Path(repo) / ".git" if (Path(repo) / ".git").exists() else Path(repo)
    reader = GitReader(str(git_dir))
    try:
        tags = release_tags(reader, MIN_RELEASE)
        labels = [version_label(t) for t, _ in tags]
        c = {k: Collector() for k in ("module", "name", "class", "member", "sig", "param", "function", "fparam")}
        for idx, (tag, _commit) in enumerate(tags):
            read_release(SdkGraph(reader, tag), idx, c)
    finally:
        reader.close()

    modules: dict[str, dict] = {}
    presence: dict[str, set[int]] = defaultdict(set)
    pkg: dict[str, list] = defaultdict(list)
    for (module, is_pkg), s in c["module"].facts.items():
        presence[module] |= s
        pkg[module].append(({"package": is_pkg}, s))
    for module in presence:
        modules[module] = {"r": ranges(presence[module], labels), "kind": _variants(pkg[module], labels), "names": {}}
    # A name's variants are compact rows [kind, releases] or [kind, releases, defining FQN]:
    # the FQN is left out when the object is defined in this module under this name.
    grouped: dict[tuple[str, str], dict[tuple, set[int]]] = defaultdict(lambda: defaultdict(set))
    all_sets: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (module, name, fqn, kind, in_all), s in c["name"].facts.items():
        grouped[(module, name)][(kind, "" if fqn == f"{module}.{name}" else fqn)] |= s
        if in_all:
            all_sets[(module, name)] |= s
    for (module, name), variants in grouped.items():
        rows = [[kind, ranges(s, labels)] + ([fqn] if fqn else []) for (kind, fqn), s in variants.items()]
        rows.sort(key=lambda row: (min(variants[(row[0], row[2] if len(row) > 2 else "")]), row))
        modules[module]["names"][name] = rows
    for (module, name), s in all_sets.items():
        modules[module].setdefault("all", {})[name] = ranges(s, labels)

    classes: dict[str, dict] = {}
    cpresence: dict[str, set[int]] = defaultdict(set)
    cshape: dict[str, list] = defaultdict(list)
    for (fqn, flavour, bases, camel), s in c["class"].facts.items():
        cpresence[fqn] |= s
        v: dict = {"flavour": flavour, "bases": list(bases)}
        if camel:
            v["camelAliases"] = True
        cshape[fqn].append((v, s))
    for fqn in cpresence:
        classes[fqn] = {"r": ranges(cpresence[fqn], labels), "shape": _variants(cshape[fqn], labels), "members": {}, "signatures": {}}
    mgroup: dict[tuple[str, str], list] = defaultdict(list)
    for (fqn, mname, kind, inherited, alias), s in c["member"].facts.items():
        v = {"kind": kind}
        if inherited:
            v["in"] = inherited
        if alias:
            v["alias"] = alias
        mgroup[(fqn, mname)].append((v, s))
    for (fqn, mname), items in mgroup.items():
        classes[fqn]["members"][mname] = _variants(items, labels)
    sgroup: dict[tuple[str, str], list] = defaultdict(list)
    for (fqn, cname, via), s in c["sig"].facts.items():
        sgroup[(fqn, cname)].append(({"via": via}, s))
    for (fqn, cname), items in sgroup.items():
        classes[fqn]["signatures"][cname] = {"r": ranges(set().union(*(s for _v, s in items)), labels), "via": _variants(items, labels), "params": {}}
    pgroup: dict[tuple[str, str, str], list] = defaultdict(list)
    for (fqn, cname, pname, kind, index, default), s in c["param"].facts.items():
        pgroup[(fqn, cname, pname)].append((_param(kind, index, default), s))
    for (fqn, cname, pname), items in pgroup.items():
        classes[fqn]["signatures"][cname]["params"][pname] = _param_rows(items, labels)

    functions: dict[str, dict] = {}
    for (fqn,), s in c["function"].facts.items():
        functions[fqn] = {"r": ranges(s, labels), "params": {}}
    fgroup: dict[tuple[str, str], list] = defaultdict(list)
    for (fqn, pname, kind, index, default), s in c["fparam"].facts.items():
        fgroup[(fqn, pname)].append((_param(kind, index, default), s))
    for (fqn, pname), items in fgroup.items():
        functions[fqn]["params"][pname] = _param_rows(items, labels)

    return {
        "$schema": "./exports.schema.json",
        "generator": {"script": "scripts/knowledge/generate_exports.py", "version": GENERATOR_VERSION},
        "source": {
            "repository": "https://github.com/modelcontextprotocol/python-sdk",
            "tags": [{"tag": t, "commit": sha} for t, sha in tags],
        },
        "releases": labels,
        "modules": modules,
        "classes": classes,
        "functions": functions,
    }


PARAM_KIND = {
    "positional": "pos",
    "positional_or_keyword": "pos_kw",
    "keyword": "kw",
    "var_positional": "var_pos",
    "var_keyword": "var_kw",
}


def _param(kind: str, index: int | None, default: bool) -> dict:
    return {"kind": PARAM_KIND[kind], "index": index, "default": default}


def _param_rows(items: list[tuple[dict, set[int]]], labels: list[str]) -> list[list]:
    """Parameter variants as compact rows [kind, releases, index or null, has default]."""
    rows = [(min(s), [v["kind"], ranges(s, labels), v["index"], v["default"]]) for v, s in items]
    rows.sort(key=lambda t: (t[0], str(t[1])))
    return [row for _first, row in rows]


def dump(obj, depth: int = 0) -> str:
    """Stable JSON: sorted keys, one line per leaf variant so diffs between runs stay readable."""
    import json

    if depth >= 4 or not isinstance(obj, (dict, list)) or not obj:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    pad = " " * (depth + 1)
    if isinstance(obj, list):
        if all(not isinstance(x, (dict, list)) for x in obj):
            return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
        body = ",\n".join(pad + dump(x, depth + 1) for x in obj)
        return "[\n" + body + "\n" + " " * depth + "]"
    body = ",\n".join(f"{pad}{json.dumps(k, ensure_ascii=False)}:{dump(obj[k], depth + 1)}" for k in sorted(obj))
    return "{\n" + body + "\n" + " " * depth + "}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", help="python-sdk git checkout or bare git dir (its .git dir or the bare dir)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output file (default: server/knowledge/exports.json)")
    ap.add_argument("--check", action="store_true", help="regenerate in memory and exit 1 if the file differs")
    args = ap.parse_args(argv)
    text = dump(build(args.repo)) + "\n"
    out = Path(args.out)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            diff = difflib.unified_diff(current.splitlines(), text.splitlines(), "committed", "regenerated", lineterm="", n=1)
            for i, line in enumerate(diff):
                if i >= 40:
                    print("...", file=sys.stderr)
                    break
                print(line, file=sys.stderr)
            print(f"{out} is stale: run scripts/knowledge/generate_exports.py", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({len(text)} bytes)")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
