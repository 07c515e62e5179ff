"""Static model of the MCP Python SDK's module graph at one git tag, built with `ast`.

Job: read the `.py` files of a python-sdk checkout (a bare git dir is enough) at a tag, and
answer "what does `from M import N` bind, and where is that object defined?", plus class
members and callable parameters. Used by generate_exports.py.

NOT for: importing or running SDK code (it never does), type inference, or anything below
module level except class bodies and `__init__` attribute assignments. Names bound only under
`if TYPE_CHECKING:` are not importable at runtime and are left out on purpose.
"""

from __future__ import annotations

import ast
import re
import subprocess
from dataclasses import dataclass, field

SDK_TOPS = ("mcp", "mcp_types")
PYDANTIC_BASES = {
    "pydantic.BaseModel",
    "pydantic.main.BaseModel",
    "pydantic.RootModel",
    "pydantic.root_model.RootModel",
    "pydantic_settings.BaseSettings",
    "pydantic_settings.main.BaseSettings",
}
TYPEVAR_CALLS = {"TypeVar", "NewType", "TypeAliasType", "ParamSpec", "TypeVarTuple"}


class GitReader:
    """One `git cat-file --batch` process per repository; blobs are cached by object id."""

    def __init__(self, git_dir: str) -> None:
        self.git_dir = git_dir
        self._proc = subprocess.Popen(
            ["git", "--git-dir", git_dir, "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._ast_cache: dict[str, ast.Module | None] = {}

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", self.git_dir, *args], check=True, capture_output=True, text=True
        ).stdout

    def blob(self, oid: str) -> bytes:
        assert self._proc.stdin and self._proc.stdout
        self._proc.stdin.write(oid.encode() + b"\n")
        self._proc.stdin.flush()
        header = self._proc.stdout.readline().split()
        size = int(header[2])
        data = self._proc.stdout.read(size)
        self._proc.stdout.read(1)  # trailing newline
        return data

    def parse(self, oid: str) -> ast.Module | None:
        if oid not in self._ast_cache:
            try:
                self._ast_cache[oid] = ast.parse(self.blob(oid))
            except SyntaxError:
                self._ast_cache[oid] = None
        return self._ast_cache[oid]

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc.wait()


def tag_modules(reader: GitReader, tag: str) -> dict[str, tuple[str, bool]]:
    """module name -> (blob oid, is_package) for every SDK module under src/ at `tag`."""
    files: dict[str, str] = {}
    for line in reader.run("ls-tree", "-r", tag, "--", "src").splitlines():
        meta, path = line.split("\t", 1)
        if path.endswith(".py"):
            files[path] = meta.split()[2]
    dirs_with_init = {p.rsplit("/", 1)[0] for p in files if p.endswith("/__init__.py")}
    out: dict[str, tuple[str, bool]] = {}
    for path, oid in files.items():
        parts = path[:-3].split("/")
        # Walk up while the directory is a regular package; the first non-package is the root.
        i = len(parts) - 1
        while i > 0 and "/".join(parts[:i]) in dirs_with_init:
            i -= 1
        mod_parts = parts[i:]
        is_pkg = mod_parts[-1] == "__init__"
        if is_pkg:
            mod_parts = mod_parts[:-1]
        if not mod_parts or mod_parts[0] not in SDK_TOPS:
            continue
        out[".".join(mod_parts)] = (oid, is_pkg)
    return out


@dataclass
class Binding:
    how: str  # local | from | import | ref | star-from
    kind: str = ""  # for local: class | function | constant | alias
    module: str = ""  # for from/import
    name: str = ""  # for from
    chain: tuple[str, ...] = ()  # for ref
    node: ast.AST | None = None


@dataclass
class Resolved:
    fqn: str
    kind: str  # class | function | constant | alias | module | external | unresolved
    node: ast.AST | None = None
    module: str = ""  # defining module for local objects


@dataclass
class Namespace:
    bindings: dict[str, Binding] = field(default_factory=dict)
    all_names: list[str] | None = None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_statements(body: list[ast.stmt]):
    """Module-level statements that run on import (both arms of try/if, never TYPE_CHECKING)."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            if _is_type_checking(stmt.test):
                yield from _runtime_statements(stmt.orelse)
            else:
                yield from _runtime_statements(stmt.body)
                yield from _runtime_statements(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            yield from _runtime_statements(stmt.body)
            for h in stmt.handlers:
                yield from _runtime_statements(h.body)
            yield from _runtime_statements(stmt.orelse)
            yield from _runtime_statements(stmt.finalbody)
        else:
            yield stmt


def _dotted(expr: ast.expr) -> tuple[str, ...] | None:
    if isinstance(expr, ast.Name):
        return (expr.id,)
    if isinstance(expr, ast.Attribute):
        inner = _dotted(expr.value)
        return inner + (expr.attr,) if inner else None
    return None


def _str_list(expr: ast.expr) -> list[str] | None:
    if isinstance(expr, (ast.List, ast.Tuple)):
        vals = [e.value for e in expr.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return vals if len(vals) == len(expr.elts) else None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        a, b = _str_list(expr.left), _str_list(expr.right)
        return a + b if a is not None and b is not None else None
    return None


def _value_kind(value: ast.expr | None, annotation: ast.expr | None) -> str:
    """Classify a module-level assignment: type aliases and type variables are 'alias'."""
    if annotation is not None and (_dotted(annotation) or ("",))[-1] == "TypeAlias":
        return "alias"
    if isinstance(value, ast.Call):
        callee = _dotted(value.func)
        if callee and callee[-1] in TYPEVAR_CALLS:
            return "alias"
    if isinstance(value, ast.Subscript):
        return "alias"
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr):
        return "alias"
    return "constant"


class SdkGraph:
    """The module graph of one tag. All lookups are memoised; cycles resolve to 'unresolved'."""

    def __init__(self, reader: GitReader, tag: str) -> None:
        self.reader = reader
        self.tag = tag
        self.modules = tag_modules(reader, tag)
        self._ns: dict[str, Namespace] = {}
        self._resolving: set[tuple[str, str]] = set()
        self._memo: dict[tuple[str, str], Resolved | None] = {}

    # ---- modules -------------------------------------------------------------------------
    def is_internal(self, module: str) -> bool:
        return module.split(".", 1)[0] in SDK_TOPS

    def tree(self, module: str) -> ast.Module | None:
        entry = self.modules.get(module)
        return self.reader.parse(entry[0]) if entry else None

    def submodules(self, package: str) -> list[str]:
        prefix = package + "."
        return sorted(m for m in self.modules if m.startswith(prefix) and "." not in m[len(prefix) :])

    def _absolute(self, module: str, level: int, target: str | None) -> str:
        if level == 0:
            return target or ""
        is_pkg = self.modules.get(module, ("", False))[1]
        base = module.split(".")
        if not is_pkg:
            base = base[:-1]
        if level > 1:
            base = base[: len(base) - (level - 1)]
        return ".".join(base + ([target] if target else []))

    def namespace(self, module: str) -> Namespace:
        if module in self._ns:
            return self._ns[module]
        ns = Namespace()
        self._ns[module] = ns  # placeholder breaks star-import cycles
        tree = self.tree(module)
        if tree is None:
            return ns
        b = ns.bindings
        for stmt in _runtime_statements(tree.body):
            if isinstance(stmt, ast.ImportFrom):
                src = self._absolute(module, stmt.level, stmt.module)
                for alias in stmt.names:
                    if alias.name == "*":
                        if self.is_internal(src):
                            for n in self.exported(src):
                                b[n] = Binding("from", module=src, name=n)
                        continue
                    if alias.name == "__all__":
                        if self.is_internal(src):
                            ns.all_names = list(self.namespace(src).all_names or [])
                        continue
                    b[alias.asname or alias.name] = Binding("from", module=src, name=alias.name)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        b[alias.asname] = Binding("import", module=alias.name)
                    else:
                        top = alias.name.split(".")[0]
                        b[top] = Binding("import", module=top)
            elif isinstance(stmt, ast.ClassDef):
                b[stmt.name] = Binding("local", kind="class", node=stmt)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                b[stmt.name] = Binding("local", kind="function", node=stmt)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                value = stmt.value
                ann = stmt.annotation if isinstance(stmt, ast.AnnAssign) else None
                if value is None:
                    continue  # bare annotation binds nothing at runtime
                for t in targets:
                    if not isinstance(t, ast.Name):
                        continue
                    if t.id == "__all__":
                        ns.all_names = _str_list(value)
                        continue
                    chain = _dotted(value)
                    if chain and ann is None:
                        b[t.id] = Binding("ref", chain=chain, node=stmt)
                    else:
                        b[t.id] = Binding("local", kind=_value_kind(value, ann), node=stmt)
            elif isinstance(stmt, ast.AugAssign):
                if isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__":
                    extra = _str_list(stmt.value)
                    if extra is not None and ns.all_names is not None:
                        ns.all_names = ns.all_names + extra
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                f = stmt.value.func
                if isinstance(f, ast.Attribute) and _dotted(f.value) == ("__all__",) and ns.all_names is not None:
                    arg = stmt.value.args[0] if stmt.value.args else None
                    if f.attr == "extend" and arg is not None and _str_list(arg) is not None:
                        ns.all_names = ns.all_names + (_str_list(arg) or [])
                    elif f.attr == "append" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        ns.all_names = ns.all_names + [arg.value]
        return ns

    def exported(self, module: str) -> list[str]:
        """What `from module import *` binds: __all__, else every public binding."""
        ns = self.namespace(module)
        if ns.all_names is not None:
            return list(ns.all_names)
        return [n for n in ns.bindings if not n.startswith("_")]

    def importable(self, module: str) -> list[str]:
        """Every name `from module import NAME` succeeds for (bindings plus submodules)."""
        names = set(self.namespace(module).bindings)
        if self.modules.get(module, ("", False))[1]:
            names.update(m.rsplit(".", 1)[1] for m in self.submodules(module))
        return sorted(names)

    # ---- resolution ----------------------------------------------------------------------
    def resolve(self, module: str, name: str) -> Resolved | None:
        key = (module, name)
        if key in self._memo:
            return self._memo[key]
        if key in self._resolving:
            return Resolved(f"{module}.{name}", "unresolved")
        self._resolving.add(key)
        try:
            result = self._resolve(module, name)
        finally:
            self._resolving.discard(key)
        self._memo[key] = result
        return result

    def _resolve(self, module: str, name: str) -> Resolved | None:
        b = self.namespace(module).bindings.get(name)
        sub = f"{module}.{name}"
        if b is None:
            return Resolved(sub, "module") if sub in self.modules else None
        if b.how == "local":
            return Resolved(sub, b.kind, b.node, module)
        if b.how == "import":
            return self._module_ref(b.module)
        if b.how == "from":
            return self._from(b.module, b.name)
        if b.how == "ref":
            return self.resolve_chain(module, b.chain)
        return None

    def _module_ref(self, mod: str) -> Resolved:
        if not self.is_internal(mod):
            return Resolved(mod, "external")
        return Resolved(mod, "module" if mod in self.modules else "unresolved")

    def _from(self, mod: str, name: str) -> Resolved:
        if not self.is_internal(mod):
            return Resolved(f"{mod}.{name}", "external")
        if mod not in self.modules:
            return Resolved(f"{mod}.{name}", "unresolved")
        sub = f"{mod}.{name}"
        own = self.namespace(mod).bindings.get(name)
        if sub in self.modules and (own is None or (own.how == "from" and own.module == mod and own.name == name)):
            # `from . import sub` inside the package itself binds the submodule.
            return Resolved(sub, "module")
        r = self.resolve(mod, name)
        return r if r is not None else Resolved(f"{mod}.{name}", "unresolved")

    def resolve_chain(self, module: str, chain: tuple[str, ...]) -> Resolved | None:
        r = self.resolve(module, chain[0])
        for attr in chain[1:]:
            if r is None:
                return None
            if r.kind == "module" and self.is_internal(r.fqn):
                r = self.resolve(r.fqn, attr) or Resolved(f"{r.fqn}.{attr}", "unresolved")
            elif r.kind == "external":
                r = Resolved(f"{r.fqn}.{attr}", "external")
            else:
                r = Resolved(f"{r.fqn}.{attr}", "constant")
        return r

    def resolve_path(self, dotted: str) -> Resolved | None:
        """Resolve an import path such as `mcp.server.fastmcp.FastMCP` (longest module prefix)."""
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):
            mod = ".".join(parts[:i])
            if mod in self.modules:
                if i == len(parts):
                    return Resolved(mod, "module")
                return self.resolve_chain(mod, tuple(parts[i:])) if parts[i:] else None
        return None


# ---- classes and callables ---------------------------------------------------------------
_PARAM_KINDS = ("positional", "positional_or_keyword", "keyword", "var_positional", "var_keyword")


def callable_params(fn: ast.FunctionDef | ast.AsyncFunctionDef, drop_first: bool) -> list[dict]:
    """Parameters as {name, kind, index, default}; index is the positional slot (self dropped)."""
    a = fn.args
    positional = list(a.posonlyargs) + list(a.args)
    n_defaults = len(a.defaults)
    first_default = len(positional) - n_defaults
    out: list[dict] = []
    start = 1 if drop_first and positional else 0
    for i, arg in enumerate(positional):
        if i < start:
            continue
        kind = "positional" if i < len(a.posonlyargs) else "positional_or_keyword"
        out.append({"name": arg.arg, "kind": kind, "index": i - start, "default": i >= first_default})
    if a.vararg:
        out.append({"name": a.vararg.arg, "kind": "var_positional", "index": None, "default": True})
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        out.append({"name": arg.arg, "kind": "keyword", "index": None, "default": d is not None})
    if a.kwarg:
        out.append({"name": a.kwarg.arg, "kind": "var_keyword", "index": None, "default": True})
    return out


def merge_overloads(fns: list, drop_first: bool) -> list[dict]:
    """Union of the overloads' parameters: first slot seen wins; a default if any overload has one."""
    merged: dict[str, dict] = {}
    for fn in fns:
        for p in callable_params(fn, drop_first):
            if p["name"] in merged:
                merged[p["name"]]["default"] = merged[p["name"]]["default"] or p["default"]
            else:
                merged[p["name"]] = dict(p)
    return list(merged.values())


def _decorator_names(fn: ast.AST) -> list[str]:
    names = []
    for d in getattr(fn, "decorator_list", []):
        target = d.func if isinstance(d, ast.Call) else d
        chain = _dotted(target)
        if chain:
            names.append(".".join(chain))
    return names


def _field_default(value: ast.expr | None) -> bool:
    """Does a pydantic/dataclass field have a default? Field(...)/field() need a look inside."""
    if value is None:
        return False
    if isinstance(value, ast.Call):
        callee = (_dotted(value.func) or ("",))[-1]
        if callee in ("Field", "field"):
            kws = {k.arg for k in value.keywords}
            if kws & {"default", "default_factory"}:
                return True
            if value.args:
                first = value.args[0]
                return not (isinstance(first, ast.Constant) and first.value is Ellipsis)
            return False
    return True


def _field_alias(value: ast.expr | None) -> str | None:
    if isinstance(value, ast.Call) and (_dotted(value.func) or ("",))[-1] == "Field":
        for k in value.keywords:
            if k.arg in ("alias", "validation_alias") and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                return k.value.value
    return None


def _is_classvar(ann: ast.expr) -> bool:
    target = ann.value if isinstance(ann, ast.Subscript) else ann
    return ((_dotted(target) or ("",))[-1]) == "ClassVar"


def _keep_member(name: str) -> bool:
    # Private members are implementation detail; keep the dunders users call or pass.
    return not name.startswith("_") or name in ("__init__", "__call__")


@dataclass
class ClassFacts:
    fqn: str
    bases: list[str]
    flavour: str  # pydantic | dataclass | plain
    camel_aliases: bool
    members: dict[str, dict]  # name -> {kind, in, alias?}
    signatures: dict[str, dict]  # callable name -> {"via": str, "params": [...]}


class ClassModel:
    """Class facts with inheritance flattened over SDK bases (external bases are named only)."""

    def __init__(self, graph: SdkGraph) -> None:
        self.g = graph
        self._memo: dict[str, ClassFacts | None] = {}

    def _base_fqns(self, module: str, node: ast.ClassDef) -> list[str]:
        out = []
        for base in node.bases:
            expr = base.value if isinstance(base, ast.Subscript) else base
            chain = _dotted(expr)
            if not chain:
                continue
            r = self.g.resolve_chain(module, chain)
            out.append(r.fqn if r else ".".join(chain))
        return out

    def _own(self, module: str, fqn: str, node: ast.ClassDef, flavour: str):
        members: dict[str, dict] = {}
        fields: list[tuple[str, bool, str | None]] = []
        funcs: dict[str, tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = {}
        overloads: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        model_config: dict[str, bool] = {}
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                decs = _decorator_names(stmt)
                if any(d.endswith((".setter", ".deleter")) for d in decs):
                    continue
                if any(d.split(".")[-1] == "overload" for d in decs):
                    overloads.setdefault(stmt.name, []).append(stmt)
                    continue
                if any(d.split(".")[-1] in ("property", "cached_property") for d in decs):
                    kind = "property"
                elif any(d.split(".")[-1] == "classmethod" for d in decs):
                    kind = "classmethod"
                elif any(d.split(".")[-1] == "staticmethod" for d in decs):
                    kind = "staticmethod"
                else:
                    kind = "method"
                funcs[stmt.name] = (stmt, kind)
                if _keep_member(stmt.name):
                    members[stmt.name] = {"kind": kind}
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                name = stmt.target.id
                if _is_classvar(stmt.annotation) or name == "model_config":
                    if _keep_member(name):
                        members[name] = {"kind": "attribute"}
                    continue
                if flavour in ("pydantic", "dataclass"):
                    fields.append((name, _field_default(stmt.value), _field_alias(stmt.value)))
                if _keep_member(name):
                    m = {"kind": "field" if flavour in ("pydantic", "dataclass") else "attribute"}
                    alias = _field_alias(stmt.value)
                    if alias:
                        m["alias"] = alias
                    members[name] = m
            elif isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        if t.id == "model_config" and isinstance(stmt.value, ast.Call):
                            for k in stmt.value.keywords:
                                if k.arg == "alias_generator":
                                    model_config["camel"] = (_dotted(k.value) or ("",))[-1] == "to_camel"
                        elif _keep_member(t.id):
                            members[t.id] = {"kind": "attribute"}
            elif isinstance(stmt, ast.ClassDef) and _keep_member(stmt.name):
                members[stmt.name] = {"kind": "class"}
        init = funcs.get("__init__")
        if init and flavour == "plain":
            for sub in ast.walk(init[0]):
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target] if isinstance(sub, ast.AnnAssign) else []
                for t in targets:
                    if (
                        isinstance(t, ast.Attribute)
                        and isinstance(t.value, ast.Name)
                        and t.value.id == "self"
                        and _keep_member(t.attr)
                        and t.attr not in members
                    ):
                        members[t.attr] = {"kind": "attribute"}
        return members, fields, funcs, model_config, overloads

    def facts(self, fqn: str) -> ClassFacts | None:
        if fqn in self._memo:
            return self._memo[fqn]
        self._memo[fqn] = None  # cycle guard
        module, _, name = fqn.rpartition(".")
        r = self.g.resolve(module, name) if module in self.g.modules else None
        if r is None or r.kind != "class" or not isinstance(r.node, ast.ClassDef):
            return None
        node = r.node
        bases = self._base_fqns(r.module, node)
        base_facts = [self.facts(b) for b in bases if self.g.is_internal(b)]
        base_facts = [b for b in base_facts if b is not None]
        decs = [d.split(".")[-1] for d in _decorator_names(node)]
        if any(b in PYDANTIC_BASES for b in bases) or any(b.flavour == "pydantic" for b in base_facts):
            flavour = "pydantic"
        elif "dataclass" in decs or any(b.flavour == "dataclass" for b in base_facts):
            flavour = "dataclass"
        else:
            flavour = "plain"
        own_members, own_fields, funcs, config, overloads = self._own(r.module, fqn, node, flavour)
        camel = config.get("camel", any(b.camel_aliases for b in base_facts))
        members: dict[str, dict] = {}
        for bf in reversed(base_facts):  # later bases lose to earlier ones, like the MRO
            for mname, m in bf.members.items():
                members[mname] = dict(m, **{"in": m.get("in", bf.fqn)})
        members.update(own_members)
        signatures: dict[str, dict] = {}
        for bf in reversed(base_facts):
            for cname, sig in bf.signatures.items():
                signatures[cname] = sig
        for fname, (fn, kind) in funcs.items():
            if not _keep_member(fname) or kind == "property":
                continue
            if fname in overloads:
                # The implementation often takes **kwargs; the overloads are what callers may pass.
                signatures[fname] = {"via": "overload", "params": merge_overloads(overloads[fname], kind != "staticmethod")}
            else:
                signatures[fname] = {"via": "def", "params": callable_params(fn, drop_first=kind != "staticmethod")}
        if "__init__" not in funcs and flavour in ("pydantic", "dataclass"):
            # Synthesised constructor: pydantic takes fields by keyword; a dataclass by position.
            inherited = [p for bf in base_facts for p in bf.signatures.get("__init__", {}).get("params", [])]
            seen = {p["name"] for p in inherited}
            params = [dict(p) for p in inherited]
            for fname, has_default, _alias in own_fields:
                if fname in seen:
                    continue
                params.append({"name": fname, "kind": "keyword" if flavour == "pydantic" else "positional_or_keyword", "index": None, "default": has_default})
            if flavour == "dataclass":
                for i, p in enumerate(params):
                    p["index"] = i
            signatures["__init__"] = {"via": flavour, "params": params}
        facts = ClassFacts(fqn, bases, flavour, camel, members, signatures)
        self._memo[fqn] = facts
        return facts


_VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def release_tags(reader: GitReader, minimum: tuple[int, int, int]) -> list[tuple[str, str]]:
    """Final release tags (vX.Y.Z, no pre-releases) at or above `minimum`, oldest first, with commits."""
    out = []
    for line in reader.run("for-each-ref", "refs/tags", "--format=%(refname:short) %(objectname) %(*objectname)").splitlines():
        parts = line.split()
        m = _VERSION_RE.match(parts[0])
        if not m:
            continue
        version = tuple(int(x) for x in m.groups())
        if version < minimum:
            continue
        commit = parts[2] if len(parts) > 2 else parts[1]
        out.append((version, parts[0], commit))
    out.sort()
    return [(tag, commit) for _v, tag, commit in out]
