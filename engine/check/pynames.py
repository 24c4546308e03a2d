"""Which names in a Python file are personvern's: the module, its entry points and its policies.

Names are followed through imports (``import personvern as pv``, ``from personvern import guard
as g``, ``from personvern import *``, ``importlib.import_module("personvern")``), assignments,
``:=`` and ``with ... as``, attribute chains and the policy factories, flow-insensitively and to
a fixed point. pycode.py reads the uses of what is resolved here.
"""

from __future__ import annotations

import ast

# What a name or an expression is, as far as the library goes.
MODULE, SPACE, FACTORY, POLICY, GUARD, PROCESSING, BATCH, PREPARE, OPAQUE = (
    "module", "namespace", "factory", "policy", "guard", "processing", "batch", "prepare", "opaque")
ENTRIES = {"guard": GUARD, "processing": PROCESSING, "batch": BATCH, "prepare": PREPARE, "Prepared": OPAQUE, "Processing": OPAQUE}
FACTORIES = frozenset(("load_policy", "Policy", "PolicyStore", "configure", "default_store"))
PASSED_ON = frozenset((MODULE, GUARD, PROCESSING, BATCH, PREPARE, OPAQUE))  # reported when not called or aliased


def attr_kind(kind: str | None, name: str) -> str | None:
    """What ``<a value of this kind>.name`` is."""
    if kind in (MODULE, SPACE):
        if name in ENTRIES:
            return ENTRIES[name]
        if name in FACTORIES:
            return FACTORY
        return OPAQUE if name.startswith("_") and not name.startswith("__") else SPACE
    if kind in (POLICY, FACTORY):
        if name in ("guard", "processing", "batch", "prepare"):
            return ENTRIES[name]
        if name in ("policy", "reload"):
            return POLICY if name == "policy" else None
        return OPAQUE if name.startswith("_") else None
    return OPAQUE if kind in PASSED_ON else None


def module_name(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.split(".")[0] == "personvern"


class Resolver:
    """The names of one file bound to the library, and what each is."""

    def __init__(self) -> None:
        self.bound: dict[str, str] = {}  # name -> kind, flow-insensitively: a name once bound to the library stays so
        self.imported: dict[str, ast.AST] = {}  # names bound by an import or an assignment, and where

    def kind(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.bound.get(node.id)
        if isinstance(node, ast.Attribute):
            return attr_kind(self.kind(node.value), node.attr)
        if isinstance(node, ast.NamedExpr):
            return self.kind(node.value)
        if isinstance(node, ast.Call):
            if self.is_getattr(node):
                name = node.args[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    return attr_kind(self.kind(node.args[0]), name.value)
                return None
            if self.is_import_call(node):
                return MODULE
            return POLICY if self.kind(node.func) == FACTORY else None
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "modules":
            return MODULE if module_name(node.slice) else None  # sys.modules["personvern"]
        return None

    def is_getattr(self, call: ast.Call) -> bool:
        return isinstance(call.func, ast.Name) and call.func.id == "getattr" and len(call.args) >= 2 and not call.keywords

    def is_import_call(self, call: ast.Call) -> bool:
        f = call.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        return name in ("import_module", "__import__") and bool(call.args) and module_name(call.args[0])

    def bind(self, tree: ast.AST) -> None:
        """Names bound to the library, to a fixed point (``a = b`` may come before ``b = personvern.guard``)."""
        nodes = list(ast.walk(tree))
        for node in nodes:
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "personvern":
                        self._set(a.asname or "personvern", MODULE, node)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module and node.module.split(".")[0] == "personvern":
                for a in node.names:
                    if a.name == "*":
                        for name in (*ENTRIES, *FACTORIES):
                            self.bound.setdefault(name, attr_kind(MODULE, name) or SPACE)
                    elif (k := attr_kind(MODULE, a.name)) is not None:
                        self._set(a.asname or a.name, k, node)
        for _ in range(20):
            before = dict(self.bound)
            for node in nodes:
                if isinstance(node, ast.Assign):
                    for t in node.targets:
                        self._alias(t, node.value)
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    self._alias(node.target, node.value)
                elif isinstance(node, ast.NamedExpr):  # its value is used where it stands: not a re-export
                    self._alias(node.target, node.value, kept=False)
                elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                    self._alias(node.optional_vars, node.context_expr)
            if self.bound == before:
                break

    def _set(self, name: str, kind: str, where: ast.AST) -> None:
        self.bound.setdefault(name, kind)
        self.imported.setdefault(name, where)

    def _alias(self, target: ast.AST, value: ast.AST, kept: bool = True) -> None:
        k = self.kind(value)
        if k is not None and isinstance(target, ast.Name):
            self.bound.setdefault(target.id, k)
            if kept:
                self.imported.setdefault(target.id, target)
