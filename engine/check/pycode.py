"""Declarations in Python code, read with :mod:`ast`: the checked code is never imported or run.

A declaration is a call of ``<anything>.guard(...)`` used as a decorator, or of
``<anything>.processing(...)`` in a ``with`` (or ``async with``), the contract of
personvern.runtime: ``@personvern.guard(...)``, ``@policy.guard(...)``,
``with personvern.processing(...)``, and the names imported from personvern
(``from personvern import guard``). A call counts when its chain starts at the personvern
module or at a name bound to ``load_policy(...)``, or when it has a declaration keyword
(purpose, legal_basis, data_categories, data_subjects, recipients); so ``cache.guard(timeout=5)``
is left alone. Only literal values count: anything else is "cannot be checked statically".
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from .. import errors
from ..load import loader
from ..errors import Problem
from ..errors import json_path
from ..load.loader import Document
from .manifest import MAX_NAME, Declaration, SourceFile

# Keywords of personvern.guard(...) / personvern.processing(...) that declare the processing,
# and the runtime's own options: subject= (whose facts to fetch) and facts= (fixed facts; a
# literal dict is used by the check too, anything else is left to run time, as unknown).
CODE_FIELDS = ("name", "purpose", "legal_basis", "data_categories", "data_subjects", "action", "recipients")
RUNTIME_OPTIONS = ("subject", "facts")
_TELLING = frozenset(("purpose", "legal_basis", "data_categories", "data_subjects", "recipients"))


def read_python(path: Path, display: str) -> SourceFile:
    if path.exists() and not path.is_file() and not path.is_dir():  # a device or a pipe (a link to /dev/zero) never ends
        return SourceFile(display, "python", (), (Problem(errors.FILE_MISSING, "not a regular file (a device or a pipe)", display),), True)
    try:
        raw = path.read_bytes()
    except OSError:  # missing, a folder, unreadable: read_text says which
        return SourceFile(display, "python", (), tuple(loader.read_text(path, display)[1]), True)
    if b"guard" not in raw and b"processing" not in raw:
        return SourceFile(display, "python")  # most files: no declaration; never parsed, any size or encoding
    text, problems = loader.decode(raw, display)
    if text is None:
        return SourceFile(display, "python", (), tuple(problems), True)
    return python_declarations(text, display)


def python_declarations(text: str, display: str) -> SourceFile:
    """The declarations in Python source, read with ast (the code is never run)."""
    try:
        tree = ast.parse(text, filename=display)
    except SyntaxError as e:
        col = (e.offset or 0) or None
        return SourceFile(display, "python", (), (Problem(errors.PYTHON_SYNTAX, f"not valid Python: {e.msg}", display, e.lineno, col),), True)
    except (ValueError, RecursionError, MemoryError) as e:
        return SourceFile(display, "python", (), (Problem(errors.PYTHON_SYNTAX, f"cannot parse the file: {type(e).__name__}", display),), True)
    finder = _Finder(display, text.split("\n"))
    finder.names(tree)
    try:
        finder.visit(tree)
    except RecursionError:
        return SourceFile(display, "python", (), (Problem(errors.INPUT_TOO_LARGE, "the code is nested too deeply to read", display),), True)
    return SourceFile(display, "python", tuple(finder.found))


class _NotStatic(Exception):
    def __init__(self, node: ast.AST) -> None:
        super().__init__()
        self.node = node


class _Finder(ast.NodeVisitor):
    """Walks a module, keeping the qualified name of the function it is in."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.stack: list[tuple[str, bool]] = []  # (name, is a function)
        self.found: list[Declaration] = []
        self.modules: set[str] = set()  # names bound to the personvern module
        self.policies: set[str] = set()  # names bound to load_policy(...)
        self.bare: dict[str, str] = {}  # names imported from personvern: local name -> guard | processing

    def names(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == "personvern" or a.name.startswith("personvern."):
                        self.modules.add(a.asname or "personvern")
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "personvern":
                for a in node.names:
                    if a.name in ("guard", "processing"):
                        self.bare[a.asname or a.name] = a.name
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
                chain = _chain(node.value.func)
                if chain and chain[-1] == "load_policy":
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    self.policies.update(t.id for t in targets if isinstance(t, ast.Name))

    def pos(self, node: ast.AST) -> tuple[int, int]:
        line, col = node.lineno, node.col_offset  # type: ignore[attr-defined]
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not text.isascii():  # ast counts UTF-8 bytes; people count characters
            col = len(text.encode("utf-8")[:col].decode("utf-8", "replace"))
        return line, col + 1

    def qualname(self, last: str | None = None) -> str:
        """Python's __qualname__ (what the runtime names an undeclared guard by): a.<locals>.b."""
        parts = []
        for name, is_function in self.stack:
            parts.append(name + (".<locals>" if is_function else ""))
        if last is not None:
            parts.append(last)
        elif parts:
            parts[-1] = self.stack[-1][0]
        return ".".join(parts) or "<module>"

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.stack.append((node.name, not isinstance(node, ast.ClassDef)))
        self.generic_visit(node)
        self.stack.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._decorated(node)
        self._scoped(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._decorated(node)
        self._scoped(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node)

    def visit_With(self, node: ast.With) -> None:
        self._with(node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
        self._with(node)

    def _decorated(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call) and self._ours(dec, "guard"):
                line, col = self.pos(dec)
                if col > 1 and self.lines[line - 1][col - 2:col - 1] == "@":
                    col -= 1  # point at the @ that starts the decorator
                self.found.append(self._declaration(dec, "decorator", self.qualname(node.name), (line, col)))

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            call = item.context_expr
            if isinstance(call, ast.Call) and self._ours(call, "processing"):
                self.found.append(self._declaration(call, "context", self.qualname(), self.pos(call)))
        self.generic_visit(node)

    def _ours(self, call: ast.Call, kind: str) -> bool:
        """A personvern declaration: a call of ``<chain>.guard`` / ``.processing`` (or the name imported
        from personvern) on the personvern module, on a policy, or with a declaration keyword."""
        if isinstance(call.func, ast.Name):
            return self.bare.get(call.func.id) == kind
        chain = _chain(call.func)
        if not chain or chain[-1] != kind or len(chain) < 2:
            return False
        return (chain[0] in self.modules or chain[0] in self.policies or chain[0] == "personvern"
                or any(k.arg in _TELLING for k in call.keywords))

    def _declaration(self, call: ast.Call, source: str, function: str, at: tuple[int, int]) -> Declaration:
        doc = Document(self.file, None)
        line, col = at
        doc.positions["$"] = (line, col)
        problems: list[Problem] = []
        unreadable: set[str] = set()
        data: dict[str, Any] = {}
        for arg in call.args:
            problems.append(Problem(errors.NOT_STATIC, "a positional argument cannot be checked statically; "
                                    "declare with keywords (purpose=..., legal_basis=..., ...)", self.file, *self.pos(arg)))
            unreadable.update(CODE_FIELDS)
        for kw in call.keywords:
            if kw.arg is None:
                problems.append(Problem(errors.NOT_STATIC, "**keyword arguments cannot be checked statically; write each field out",
                                        self.file, *self.pos(kw.value)))
                unreadable.update(CODE_FIELDS)
                continue
            path = json_path([kw.arg])
            doc.key_positions[path] = self.pos(kw)
            if kw.arg not in CODE_FIELDS:
                if kw.arg == "facts" and isinstance(kw.value, ast.Dict):
                    try:
                        data["facts"] = self._literal(kw.value, ["facts"], doc)
                    except _NotStatic:
                        pass  # facts computed at run time: unknown here, like every runtime fact
                elif kw.arg not in RUNTIME_OPTIONS:
                    problems.append(doc.problem(errors.SCHEMA, f"unknown keyword {kw.arg!r} for a processing declaration; allowed: "
                                                f"{', '.join(CODE_FIELDS + RUNTIME_OPTIONS)}", path, at_key=True))
                continue
            try:
                data[kw.arg] = self._literal(kw.value, [kw.arg], doc)
            except _NotStatic as e:
                unreadable.add(kw.arg)
                problems.append(Problem(errors.NOT_STATIC, f"the value of {kw.arg!r} ({_describe(e.node)}) cannot be checked statically: "
                                        "write it out as a literal (strings, lists of strings, dicts of literals, True/False)",
                                        self.file, *self.pos(e.node), path))
        name = data.get("name")
        if "name" in data and not (isinstance(name, str) and name.strip() and len(name) <= MAX_NAME):
            problems.append(doc.problem(errors.SCHEMA, f"'name' must be a non-empty string of at most {MAX_NAME} characters", "$.name"))
        shown = name if isinstance(name, str) and name else function
        return Declaration(shown, source, self.file, line, col, "$", data, doc, tuple(problems), frozenset(unreadable), function)

    def _literal(self, node: ast.AST, path: list[str | int], doc: Document) -> Any:
        doc.positions[json_path(path)] = self.pos(node)
        if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, (str, bool, int, float))):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [self._literal(v, path + [i], doc) for i, v in enumerate(node.elts)]
        if isinstance(node, ast.Dict):
            out: dict[str, Any] = {}
            for k, v in zip(node.keys, node.values):
                if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                    raise _NotStatic(v if k is None else k)
                doc.key_positions[json_path(path + [k.value])] = self.pos(k)
                out[k.value] = self._literal(v, path + [k.value], doc)
            return out
        raise _NotStatic(node)


def _chain(node: ast.AST) -> list[str] | None:
    """``a.b.c`` as ["a", "b", "c"]; None when the chain does not start at a name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}"
    if isinstance(node, ast.Attribute):
        return "an attribute"
    if isinstance(node, ast.Call):
        return "a call"
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.Starred):
        return "an unpacked value"
    return f"a {type(node).__name__} expression"
