#!/usr/bin/env python3
"""Report what the hand-written knowledge (auth.json, resources.json) misses, measured against
the generated facts table (exports.json). Writes docs/knowledge-gaps.md.

Usage:
    python3 scripts/knowledge/completeness.py [--out docs/knowledge-gaps.md] [--check]

Reads only committed project files (no SDK checkout needed), so it runs anywhere Python 3.11 does.
`--check` exits 1 when the committed report differs from a fresh one.

NOT for: deciding verdicts or editing the knowledge. It lists gaps; people write the entries.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = [ROOT / "server" / "knowledge" / "auth.json", ROOT / "server" / "knowledge" / "resources.json"]
TABLE = ROOT / "server" / "knowledge" / "exports.json"
DEFAULT_OUT = ROOT / "docs" / "knowledge-gaps.md"
DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
PARAM_SYMBOL = re.compile(r"^(?P<callable>[A-Za-z_][\w.]*)\((?P<kw>[A-Za-z_]\w*)=\)$")

# Callables whose 1.29 -> 2.0 keyword differences must each have a param entry (issue 19, item 4),
# as (v1 class, v2 class, member). The client auth providers are added from the table.
KEYWORD_CALLABLES = [
    ("mcp.server.fastmcp.server.FastMCP", "mcp.server.mcpserver.server.MCPServer", m)
    for m in ("__init__", "run", "run_sse_async", "run_streamable_http_async", "sse_app", "streamable_http_app")
] + [("mcp.server.fastmcp.server.Context", "mcp.server.mcpserver.context.Context", "__init__")]


class Table:
    def __init__(self, data: dict) -> None:
        self.d = data
        self.labels: list[str] = data["releases"]
        self.index = {v: i for i, v in enumerate(self.labels)}
        self._cache: dict[str, frozenset[int]] = {}

    def rel(self, r: str) -> frozenset[int]:
        if r not in self._cache:
            out: set[int] = set()
            for part in r.split(","):
                a, _, b = part.partition("-")
                out.update(range(self.index[a], self.index[b or a] + 1))
            self._cache[r] = frozenset(out)
        return self._cache[r]

    def v1(self) -> list[int]:
        return [i for i, v in enumerate(self.labels) if v.startswith("1.")]

    def name_rows(self, module: str, name: str):
        """(kind, releases, defining FQN) rows of an importable name."""
        for row in self.d["modules"].get(module, {}).get("names", {}).get(name, []):
            yield row[0], self.rel(row[1]), row[2] if len(row) > 2 else f"{module}.{name}"

    def name_at(self, module: str, name: str, i: int):
        return next(((k, d) for k, s, d in self.name_rows(module, name) if i in s), None)

    def member_at(self, cls: str, member: str, i: int) -> bool | None:
        c = self.d["classes"].get(cls)
        if c is None or i not in self.rel(c["r"]):
            return None  # not a tracked class here: cannot say
        if any(i in self.rel(v["r"]) for v in c["members"].get(member, [])):
            return True
        sig = c["signatures"].get(member)
        return bool(sig and i in self.rel(sig["r"]))

    def resolve(self, path: str, i: int):
        """Resolve a dotted path at release i -> ('module'|kind, defining FQN) | ('unknown', why) | None."""
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            mod = ".".join(parts[:cut])
            m = self.d["modules"].get(mod)
            if m is None or i not in self.rel(m["r"]):
                continue
            rest = parts[cut:]
            if not rest:
                return ("module", mod)
            hit = self.name_at(mod, rest[0], i)
            if hit is None:
                return None
            kind, fqn = hit
            for pos, attr in enumerate(rest[1:], start=1):
                if kind == "module":
                    return self.resolve(".".join([fqn, *rest[pos:]]), i)
                if kind == "class":
                    found = self.member_at(fqn, attr, i)
                    if found is None:
                        return ("unknown", f"members of {fqn} are not in the table")
                    if not found:
                        return None
                    kind, fqn = "member", f"{fqn}.{attr}"
                else:
                    return ("unknown", f"attribute of a {kind}")
            return (kind, fqn)
        return ("unknown", "module not tracked") if not any(path.startswith(p) for p in ("mcp.", "mcp_types")) else None

    def params_at(self, callable_fqn: str, i: int) -> dict[str, tuple] | None:
        """Parameters of a class constructor, a method (Class.method) or a function at release i,
        found through the import graph (so re-exported spellings work)."""
        r = self.resolve(callable_fqn, i)
        if r is None or r[0] == "unknown":
            return None
        kind, fqn = r
        cls, member = (fqn, "__init__") if kind == "class" else fqn.rpartition(".")[::2]
        entry = self.d["classes"].get(cls)
        if kind in ("class", "member") and entry and member in entry["signatures"]:
            sig = entry["signatures"][member]
            return self._rows(sig["params"], i) if i in self.rel(sig["r"]) else None
        f = self.d["functions"].get(fqn)
        if kind == "function" and f and i in self.rel(f["r"]):
            return self._rows(f["params"], i)
        return None

    def _rows(self, params: dict, i: int) -> dict[str, tuple]:
        out = {}
        for name, rows in params.items():
            for kind, r, index, default in rows:
                if i in self.rel(r):
                    out[name] = (kind, index, default)
        return out


def load_knowledge():
    entries = []
    for f in KNOWLEDGE:
        data = json.loads(f.read_text(encoding="utf-8"))
        for e in data["entries"]:
            entries.append((f.name, e))
    tracked = json.loads(KNOWLEDGE[0].read_text(encoding="utf-8")).get("trackedModules", [])
    return entries, tracked


def under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def section_pairs(t: Table, entries, tracked):
    """Importable (module, name) pairs of the knowledge's modules in v1 releases, by how they resolve."""
    names: dict[str, dict] = {}
    for _f, e in entries:
        names[e["symbol"]] = e
        for a in e.get("aliases", []):
            names.setdefault(a, e)
    cover = [e["symbol"] for _f, e in entries if e.get("coversSubmodules")]
    v1 = set(t.v1())
    rows = []
    for module in sorted(t.d["modules"]):
        if not any(under(module, p) for p in tracked):
            continue
        for name in sorted(t.d["modules"][module]["names"]):
            variants = [(k, s & v1, d) for k, s, d in t.name_rows(module, name) if s & v1]
            if not variants:
                continue
            present = set().union(*(s for _k, s, _d in variants))
            kinds = {k for k, _s, _d in variants}
            defs = {d for _k, _s, d in variants}
            pair = f"{module}.{name}"
            if pair in names:
                how = "direct"
            elif defs & set(names):
                how = "re-export" if "module" not in kinds else "module"
            elif kinds <= {"external"}:
                how = "external"
            elif name.startswith("_"):
                how = "private"
            elif any(under(module, c) for c in cover):
                how = "cover-all"
            else:
                how = "unresolved"
            rows.append((module, name, how, sorted(kinds), sorted(defs), min(present), max(present), present))
    return rows


def _v2_index(t: Table) -> int:
    """The first 2.x release: the engine's V2 (SdkGraph.firstV2), whatever later 2.x tags exist."""
    return min(i for i, v in enumerate(t.labels) if v.startswith("2."))


def section_targets(t: Table, entries):
    """Knowledge V2 targets (and symbols said to live on in V2) that do not exist at the V2 release."""
    i2 = _v2_index(t)
    known = {s for _f, e in entries for s in [e["symbol"], *e.get("aliases", [])]}
    bad, unknown, checked, freeform, removed = [], [], 0, 0, 0
    for f, e in entries:
        sym, target, status = e["symbol"], e.get("target"), e["status"]
        if not (sym.startswith("mcp.") or sym.startswith("mcp_types")):
            continue
        claims = []
        if target:
            if DOTTED.match(target) or PARAM_SYMBOL.match(target):
                if target.startswith("mcp"):
                    claims.append(("target", target))
            else:
                freeform += 1
        elif status in ("unchanged", "signature_changed", "watch", "added"):
            claims.append(("symbol lives on", sym))
        for why, path in claims:
            checked += 1
            verdict = check_path(t, path, i2)
            if verdict is True:
                continue
            (bad if verdict is False else unknown).append((f, sym, status, why, path, verdict))
        if e.get("coversSubmodules") and target:
            for module in sorted(t.d["modules"]):
                if not under(module, sym) or most_specific_cover(module, entries) != sym:
                    continue
                for name in sorted(t.d["modules"][module]["names"]):
                    if name.startswith("_"):
                        continue
                    rows = [(k, d) for k, s, d in t.name_rows(module, name) if k != "external" and s & set(t.v1())]
                    if not rows or all(k == "module" and not under(d, sym) for k, d in rows):
                        continue  # stdlib/third-party names and `import mcp` bindings are not SDK objects
                    if f"{module}.{name}" in known or any(d in known for _k, d in rows):
                        continue  # an entry of its own (or of the object it re-exports) speaks for it
                    derived = derive_target(t, target, f"{module}.{name}", sym, rows[-1], i2)
                    if derived is None:
                        removed += 1  # the engine says "removed in V2": no path is claimed
                        continue
                    checked += 1
                    verdict = check_path(t, derived, i2)
                    if verdict is not True:
                        defined = ", ".join(sorted({d for _k, d in rows}))
                        why = f"derived from cover-all `{sym}` (v1 object: `{defined}`)"
                        (bad if verdict is False else unknown).append((f, f"{module}.{name}", status, why, derived, verdict))
    return bad, unknown, checked, freeform, removed


def derive_target(t: Table, target: str, fqn: str, cover: str, row, i2: int) -> str | None:
    """The V2 path the engine derives for a name below a cover-all module (server/src/knowledge/
    index.ts `derive`, same order): the same layout under the V2 package when mcp 2.0 has it (or the
    table does not know that module); else the re-exported object's own path when 2.0 has it; else
    the one module of 2.0 that defines an object of that name; else None (removed in V2)."""
    substituted = target + fqn[len(cover):]
    parent = substituted.rpartition(".")[0]
    if importable(t, substituted, i2) or parent not in t.d["modules"]:
        return substituted
    kind, defined = row
    if defined != fqn and importable(t, defined, i2):
        return defined
    leaf = fqn.rpartition(".")[2]
    homes = {f"{m}.{leaf}" for m, info in t.d["modules"].items()
             for k, r, d in t.name_rows(m, leaf)
             if d == f"{m}.{leaf}" and k != "external" and i2 in r}
    return homes.pop() if len(homes) == 1 else None


def importable(t: Table, path: str, i: int) -> bool:
    """A module, or a name of a module, at release i (SdkGraph.existsIn: no attribute chains)."""
    m = t.d["modules"].get(path)
    if m is not None and i in t.rel(m["r"]):
        return True
    module, _, name = path.rpartition(".")
    return t.name_at(module, name, i) is not None


def most_specific_cover(module: str, entries) -> str | None:
    covers = [e["symbol"] for _f, e in entries if e.get("coversSubmodules") and under(module, e["symbol"])]
    return max(covers, key=len) if covers else None


def check_path(t: Table, path: str, i: int):
    m = PARAM_SYMBOL.match(path)
    if m:
        params = t.params_at(m["callable"], i)
        if params is None:
            r = t.resolve(m["callable"], i)
            return "callable not tracked" if r and r[0] == "unknown" else False
        return m["kw"] in params or any(k == "var_kw" for k, _ix, _d in params.values()) and "accepts **kwargs"
    r = t.resolve(path, i)
    if r is None:
        return False
    if r[0] == "unknown":
        return r[1]
    return True


def section_keywords(t: Table, entries):
    """Keyword/positional differences 1.29 -> 2.0 of the tracked callables with no param entry."""
    i1 = max(i for i, v in enumerate(t.labels) if v.startswith("1."))
    i2 = _v2_index(t)
    params_known: dict[str, set[str]] = defaultdict(set)
    for _f, e in entries:
        for s in [e["symbol"], *e.get("aliases", [])]:
            m = PARAM_SYMBOL.match(s)
            if m:
                params_known[m["callable"]].add(m["kw"])
    pairs = list(KEYWORD_CALLABLES)
    for fqn, c in sorted(t.d["classes"].items()):
        if fqn.startswith("mcp.client.auth.") and fqn.endswith("Provider") and i1 in t.rel(c["r"]):
            pairs.append((fqn, fqn, "__init__"))
    out = []
    for v1cls, v2cls, member in pairs:
        v1_callable = v1cls if member == "__init__" else f"{v1cls}.{member}"
        v2_callable = v2cls if member == "__init__" else f"{v2cls}.{member}"
        a = t.params_at(v1_callable, i1)
        b = t.params_at(v2_callable, i2)
        if a is None:
            continue
        if b is None:
            has_entry = any(e["symbol"] == v1_callable or v1_callable in e.get("aliases", []) for _f, e in entries)
            out.append((v1_callable, "*", "callable gone at 2.0.0 (the callable's own entry covers it)" if has_entry else "callable gone at 2.0.0", has_entry))
            continue
        for name in sorted(set(a) | set(b)):
            pa, pb = a.get(name), b.get(name)
            if pa and pa[0].startswith("var"):
                continue
            if pb and pb[0].startswith("var") or (pa is None and pb and pb[2]):
                continue  # a new optional V2 keyword breaks nothing
            if pa is None:
                change = f"new required {pb[0]} parameter"
            elif pb is None:
                change = "keyword removed" + (" (V2 takes **kwargs)" if any(k == "var_kw" for k, _x, _d in b.values()) else "")
            elif pa[:2] != pb[:2]:
                change = f"{pa[0]}@{pa[1]} -> {pb[0]}@{pb[1]}"
            elif pa[2] and not pb[2]:
                change = "now required"
            else:
                continue
            out.append((v1_callable, name, change, name in params_known[v1_callable]))
    return out


def section_resources(t: Table, entries):
    """resources.json mcp.* entries whose v1/V2 status disagrees with the table."""
    v1 = t.v1()
    i2 = _v2_index(t)
    out = []
    for f, e in entries:
        if f != "resources.json" or not e["symbol"].startswith("mcp."):
            continue
        sym = e["symbol"]
        if PARAM_SYMBOL.match(sym):
            m = PARAM_SYMBOL.match(sym)
            in_v1 = any((t.params_at(m["callable"], i) or {}).get(m["kw"]) for i in v1)
        else:
            in_v1 = any(check_path(t, sym, i) is True for i in v1)
        in_v2 = check_path(t, sym, i2)
        owner, _, _attr = sym.rpartition(".")
        if e["status"] == "added":
            # A V2-only API: no v1 release has it, and V2 has it or (a wire field v1 never declared,
            # resultType) the snake_case target it names.
            target_ok = e.get("target") and check_path(t, f"{owner}.{e['target']}", i2) is True
            if in_v1:
                out.append((sym, e["status"], "exists in a v1 release"))
            elif in_v2 is not True and not target_ok:
                out.append((sym, e["status"], "neither it nor its target exists at 2.0.0"))
            continue
        if e["status"] in ("unchanged", "renamed", "removed", "moved", "signature_changed") and not in_v1:
            out.append((sym, e["status"], "does not exist in any v1 release" + (" (exists at 2.0.0)" if in_v2 is True else "")))
        elif e["status"] == "removed" and in_v2 is True:
            out.append((sym, e["status"], "still exists at 2.0.0"))
    return out


def render(t: Table) -> str:
    entries, tracked = load_knowledge()
    pairs = section_pairs(t, entries, tracked)
    bad, unknown, checked, freeform, removed = section_targets(t, entries)
    kw = section_keywords(t, entries)
    res = section_resources(t, entries)
    lab = t.labels
    late = {t.index[v] for v in lab if v.startswith("1.") and tuple(map(int, v.split("."))) >= (1, 26, 0)}
    counts = Counter(p[2] for p in pairs)
    late_pairs = [p for p in pairs if p[7] & late]
    late_counts = Counter(p[2] for p in late_pairs)
    missing_kw = [k for k in kw if not k[3]]
    tags = t.d["source"]["tags"]
    L = []
    L.append("# Knowledge gaps (generated)")
    L.append("")
    L.append("<!-- Generated by scripts/knowledge/completeness.py from server/knowledge/exports.json, auth.json and resources.json. Do not edit: run `python3 scripts/knowledge/completeness.py` to regenerate. -->")
    L.append("")
    L.append(f"Facts: exports.json, generator v{t.d['generator']['version']}, {len(tags)} releases {tags[0]['tag']} ({tags[0]['commit'][:7]}) … {tags[-1]['tag']} ({tags[-1]['commit'][:7]}).")
    L.append("")
    L.append("## Headline")
    L.append("")
    L.append(f"- Importable (module, name) pairs of the knowledge's modules ({', '.join(tracked)}) in any v1 release ≤ 1.29: **{len(pairs)}** "
             f"(in 1.26.0–1.29.0: {len(late_pairs)}).")
    for how in ("direct", "module", "re-export", "cover-all", "unresolved", "external", "private"):
        L.append(f"  - {how}: {counts.get(how, 0)} (1.26–1.29: {late_counts.get(how, 0)})")
    L.append(f"- V2 paths the knowledge names (targets, symbols said to live on, cover-all derived targets): {checked} checked; "
             f"**{len(bad)} do not exist at {lab[-1]}**; {len(unknown)} not verifiable from the table; {freeform} free-form targets not checked; "
             f"{removed} names below a cover-all module have no V2 counterpart (reported as removed, no path claimed).")
    L.append(f"- Keyword/position differences 1.29.0 → {lab[-1]} of the tracked callables: {len(kw)}; **{len(missing_kw)} without a param entry**.")
    L.append(f"- resources.json entries whose status disagrees with the table: **{len(res)}**.")
    L.append("")
    L.append("Classes: *direct* = an entry's symbol or alias is this path; *module* = a submodule with its own entry; "
             "*re-export* = the path re-exports an object that has an entry under its defining name (the engine must resolve "
             "through the graph to find it); *cover-all* = only a `coversSubmodules` entry speaks for it; *unresolved* = nothing "
             "in the knowledge; *external* = a stdlib/third-party name re-bound by the SDK module (not an SDK finding); "
             "*private* = an underscore name.")
    L.append("")
    L.append("## 1. Unresolved importable names (v1 ≤ 1.29)")
    L.append("")
    L.append("| module | name | kind | defined as | releases |")
    L.append("|---|---|---|---|---|")
    for module, name, how, kinds, defs, lo, hi, _p in pairs:
        if how == "unresolved":
            L.append(f"| `{module}` | `{name}` | {'/'.join(kinds)} | `{'`, `'.join(defs)}` | {lab[lo]}–{lab[hi]} |")
    L.append("")
    L.append("## 2. Re-exports that resolve only through the graph")
    L.append("")
    L.append("| import path | defined as | releases |")
    L.append("|---|---|---|")
    for module, name, how, kinds, defs, lo, hi, _p in pairs:
        if how == "re-export":
            L.append(f"| `{module}.{name}` | `{'`, `'.join(defs)}` | {lab[lo]}–{lab[hi]} |")
    L.append("")
    L.append(f"## 3. V2 paths that do not exist at {lab[-1]}")
    L.append("")
    L.append("| file | entry | status | claim | V2 path |")
    L.append("|---|---|---|---|---|")
    for f, sym, status, why, path, _v in bad:
        L.append(f"| {f} | `{sym}` | {status} | {why} | `{path}` |")
    L.append("")
    if unknown:
        L.append("Not verifiable from the table (extend the generator's tracked classes to check them):")
        L.append("")
        for f, sym, status, why, path, v in unknown:
            L.append(f"- {f} `{sym}` ({why}) → `{path}`: {v}")
        L.append("")
    L.append(f"## 4. Keyword and position changes 1.29.0 → {lab[-1]}")
    L.append("")
    L.append("| callable (v1) | parameter | change | param entry |")
    L.append("|---|---|---|---|")
    for callable_, name, change, known in kw:
        L.append(f"| `{callable_}` | `{name}` | {change} | {'yes' if known else '**missing**'} |")
    L.append("")
    L.append("## 5. resources.json statuses against the table")
    L.append("")
    for sym, status, why in res:
        L.append(f"- `{sym}` ({status}): {why}")
    if not res:
        L.append("None.")
    L.append("")
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed report is stale")
    args = ap.parse_args(argv)
    t = Table(json.loads(TABLE.read_text(encoding="utf-8")))
    text = render(t)
    out = Path(args.out)
    if args.check:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            print(f"{out} is stale: run scripts/knowledge/completeness.py", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    headline = text.split("## Headline", 1)[1].split("\n## ", 1)[0]
    print(headline.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
