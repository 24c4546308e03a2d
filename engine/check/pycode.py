"""Declarations in Python code, read with :mod:`ast`: the checked code is never imported or run.

Every way the file can reach the library is either checked or reported. The reader follows the
personvern module and its names through imports (``import personvern as pv``, ``from personvern
import guard as g``, ``from personvern import *``, ``importlib.import_module("personvern")``),
assignments and ``:=`` (``g = personvern.guard``), attribute chains and the policy factories
(``load_policy``, ``Policy``, ``PolicyStore``, ``configure``, ``default_store``: what they return
is a policy). Python itself normalises identifiers (NFKC: ``personvern.ｇｕａｒｄ`` is ``guard``);
ast hands them over normalised, and the cheap look for a marker is made on normalised text.

* Every call of a resolved ``guard``/``processing`` is a declaration, wherever the call stands
  (a decorator on a function or a class, ``guard(...)(f)``, ``[guard(...)][0]``,
  ``stack.enter_context(pv.processing(...))``); ``batch``/``prepare`` take their operation as a
  literal dict. Only literal values count; anything else is "cannot be checked statically".
* A resolved entry point that is passed on rather than called (``f(personvern.guard)``,
  ``getattr(personvern, name)``, an import never used here and so re-exported) is reported:
  the check cannot follow it.
* A call of ``<anything>.guard``/``.processing`` (or of a bare ``guard``/``processing``) on a receiver
  the reader cannot resolve counts when it has a declaration keyword, and is reported when it
  hides its keywords behind ``**``; ``cache.guard(timeout=5)`` is left alone.
* A declaration may not fix facts (``facts=``): facts come from fact providers at run time.

Files in a coding other than UTF-8 or a plain one-byte coding (utf-7, utf-16, ...) are refused:
what a reviewer sees is not what Python runs.
"""

from __future__ import annotations

import ast
import codecs
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator

from .. import errors
from ..errors import Problem, json_path
from ..load.loader import Document
from ..load.loader import read_regular_file
from . import suppress
from .pynames import BATCH, GUARD, MODULE, OPAQUE, PASSED_ON, PREPARE, PROCESSING, Resolver
from .declarations import DECLARED_FACTS, DECLARED_FACTS_MESSAGE, MAX_NAME, Declaration, SourceFile, quote

# Keywords of personvern.guard(...) / personvern.processing(...) that declare the processing,
# and the runtime's own option subject= (whose facts to fetch).
CODE_FIELDS = ("name", "purpose", "legal_basis", "data_categories", "data_subjects", "action", "recipients")
RUNTIME_OPTIONS = ("subject",)
_TELLING = frozenset(("purpose", "legal_basis", "data_categories", "data_subjects", "recipients"))
MAX_PYTHON_BYTES = 8 * 1_048_576  # generated modules can be large; beyond this a file is refused, never skipped
SAFE_CODINGS = frozenset(("utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1252", "latin-1"))
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)
_MARKERS = ("personvern", "guard", "processing", "import_module", "__import__")
_NOT_STATIC_NB = ("kan ikke kontrolleres uten å kjøre koden; skriv deklarasjonen med bokstavelige verdier "
                  "(@personvern.guard(purpose=\"...\", ...)) eller beskriv behandlingen i et manifest (personvern.yaml)")


def read_python(path: Path, display: str) -> SourceFile:
    raw, problems = read_regular_file(path, display, MAX_PYTHON_BYTES)
    if raw is None:
        return SourceFile(display, "python", (), tuple(problems), True)
    coding = _coding(raw)
    if coding is None or coding not in SAFE_CODINGS:
        shown = "?" if coding is None else coding
        return SourceFile(display, "python", (), (Problem(
            errors.NOT_STATIC, f"filen er skrevet i tegnkodingen {shown!r}, som ikke kontrolleres; skriv den i UTF-8 "
            f"(the file declares the coding {shown!r}, which is not checked; write it in UTF-8)", display, 1, 1),))
    if raw.isascii() and not any(m.encode() in raw for m in _MARKERS):
        return SourceFile(display, "python")  # most files: no declaration; never parsed
    try:
        text = raw.decode("utf-8-sig" if coding == "utf-8" else coding)
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return SourceFile(display, "python", (), (Problem(errors.ENCODING, f"the file is not valid {coding} (byte 0x{raw[e.start]:02x})",
                                                          display, line, e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1),), True)
    if not text.isascii() and not any(m in unicodedata.normalize("NFKC", text) for m in _MARKERS):
        return SourceFile(display, "python")
    return python_declarations(text, display)


def _coding(raw: bytes) -> str | None:
    """The coding Python reads the file in (PEP 263: a cookie on line 1 or 2), by its codec name; None if unknown."""
    head = b"\n".join(raw.split(b"\n", 2)[:2])
    m = _COOKIE.search(head)
    if m is None:
        return "utf-8"
    try:
        name = codecs.lookup(m.group(1).decode("ascii", "replace")).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


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
    try:
        finder.run(tree)
    except RecursionError:
        return SourceFile(display, "python", (), (Problem(errors.INPUT_TOO_LARGE, "the code is nested too deeply to read", display),), True)
    suppressions, unreasoned = suppress.scan(text, display, python=True)
    return SourceFile(display, "python", tuple(finder.found), (*finder.problems, *unreasoned), suppressions=suppressions)


class _NotStatic(Exception):
    def __init__(self, node: ast.AST) -> None:
        super().__init__()
        self.node = node


class _Finder(Resolver):
    """Resolves the names bound to the library, then reads every use of them."""

    def __init__(self, file: str, lines: list[str]) -> None:
        super().__init__()
        self.file = file
        self.lines = lines
        self.found: list[Declaration] = []
        self.problems: list[Problem] = []
        self.parent: dict[ast.AST, ast.AST] = {}
        self.scope: dict[ast.AST, tuple[tuple[str, bool], ...]] = {}  # node -> enclosing (name, is a function) chain

    # ------------------------------------------------------------------ reading uses

    def run(self, tree: ast.AST) -> None:
        self.bind(tree)
        self._index(tree, ())
        loaded = {n.id for n in self.parent if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        for name, where in self.imported.items():
            if name not in loaded and self.bound.get(name) in PASSED_ON:
                self.not_static(where, f"«{name}» bindes, men brukes ikke her", f"{name!r} is bound but not used here "
                                "(a module that imports it from this one is not checked)")
        for node in self._walk(tree):
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Load) \
                    and self.kind(node) in PASSED_ON:
                self._use(node)
        self.found.sort(key=lambda d: (d.line or 0, d.column or 0))

    def _index(self, node: ast.AST, scope: tuple[tuple[str, bool], ...]) -> None:
        stack = [(node, scope)]
        while stack:
            n, s = stack.pop()
            self.scope[n] = s
            inner = s + ((n.name, not isinstance(n, ast.ClassDef)),) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else s
            for child in ast.iter_child_nodes(n):
                self.parent[child] = n
                outer = s if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child in (
                    *n.decorator_list, *getattr(n, "bases", ()), getattr(n, "returns", None)) else inner
                stack.append((child, outer))

    def _walk(self, tree: ast.AST) -> Iterator[ast.AST]:
        return iter(sorted(self.scope, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))))

    def _use(self, node: ast.AST) -> None:
        """A name of the library that is neither called nor looked into nor simply given another name here."""
        up = self.parent.get(node)
        if isinstance(up, ast.Attribute) and up.value is node:
            return
        if isinstance(up, ast.Call) and (up.func is node or (self.is_getattr(up) and up.args[0] is node and self.kind(up) is not None)):
            return
        if self.kind(node) == OPAQUE:  # the library's insides: never followed
            self.not_static(node, "en intern del av personvern", "an internal part of personvern")
            return
        if isinstance(up, ast.Assign) and up.value is node and all(isinstance(t, ast.Name) for t in up.targets):
            return
        if isinstance(up, (ast.AnnAssign, ast.NamedExpr)) and up.value is node and isinstance(up.target, ast.Name):
            return
        if isinstance(up, ast.Expr):
            return
        self.not_static(node, "et navn fra personvern sendes videre", "a name of personvern is passed on where the check cannot follow it")

    def _call(self, call: ast.Call) -> None:
        k = self.kind(call.func)
        if k in (GUARD, PROCESSING):
            self.found.append(self._keywords(call, k))
        elif k in (BATCH, PREPARE):
            op = call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg == "operation"), None)
            if isinstance(op, ast.Dict):
                self.found.append(self._dict(call, op))
            else:
                self.not_static(op or call, "operasjonen er ikke en bokstavelig dict", "the operation is not a literal dict")
        elif k in (OPAQUE, MODULE):
            self.not_static(call, "et kall inn i personvern", "a call into personvern")
        elif k is None and self.is_getattr(call) and self.kind(call.args[0]) not in (None, *PASSED_ON) \
                and not isinstance(call.args[1], ast.Constant):
            self.not_static(call, "getattr med et beregnet navn", "getattr with a computed name")
        elif k is None and (call.func.attr if isinstance(call.func, ast.Attribute) else
                            call.func.id if isinstance(call.func, ast.Name) else "") in ("guard", "processing"):
            if any(kw.arg in _TELLING for kw in call.keywords):
                self.found.append(self._keywords(call, GUARD if getattr(call.func, "attr", getattr(call.func, "id", "")) == "guard" else PROCESSING))
            elif any(kw.arg is None for kw in call.keywords):
                self.not_static(call, "**-argumenter skjuler deklarasjonen", "**keyword arguments hide the declaration")
        elif k is None and isinstance(call.func, ast.Attribute) and call.func.attr in ("batch", "prepare") and call.args \
                and isinstance(call.args[0], ast.Dict) and any(isinstance(key, ast.Constant) and key.value in _TELLING for key in call.args[0].keys):
            self.found.append(self._dict(call, call.args[0]))

    # ------------------------------------------------------------------ one declaration

    def not_static(self, node: ast.AST, what_nb: str, what_en: str) -> None:
        self.problems.append(self.unchecked(node, what_nb, what_en))

    def unchecked(self, node: ast.AST, what_nb: str, what_en: str, path: str = "$") -> Problem:
        """The finding "cannot be checked statically", in Norwegian and English, telling what to write instead."""
        return Problem(errors.NOT_STATIC, f"{what_nb}: {_NOT_STATIC_NB} ({what_en}: this cannot be checked statically; "
                       "write a literal declaration, or a manifest)", self.file, *self.pos(node), path)

    def pos(self, node: ast.AST) -> tuple[int, int]:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not text.isascii():  # ast counts UTF-8 bytes; people count characters
            col = len(text.encode("utf-8")[:col].decode("utf-8", "replace"))
        return line, col + 1

    def qualname(self, node: ast.AST, last: str | None = None) -> str:
        """Python's __qualname__ (what the runtime names an undeclared guard by): a.<locals>.b."""
        chain = self.scope.get(node, ())
        parts = [name + (".<locals>" if is_function else "") for name, is_function in chain]
        if last is not None:
            parts.append(last)
        elif parts:
            parts[-1] = chain[-1][0]
        return ".".join(parts) or "<module>"

    def _where(self, call: ast.Call, kind: str) -> tuple[str, str, tuple[int, int]]:
        """(source, function, position) of a declaring call: the decorated function's name for a decorator."""
        up = self.parent.get(call)
        at = self.pos(call)
        if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and call in up.decorator_list:
            line, col = at
            if col > 1 and self.lines[line - 1][col - 2:col - 1] == "@":
                col -= 1  # point at the @ that starts the decorator
            return "decorator", self.qualname(call, up.name), (line, col)
        if kind == GUARD and isinstance(up, ast.Call) and up.func is call and up.args and isinstance(up.args[0], ast.Name):
            return "decorator", self.qualname(call, up.args[0].id), at
        return ("decorator" if kind == GUARD else "context"), self.qualname(call), at

    def _keywords(self, call: ast.Call, kind: str) -> Declaration:
        pairs: list[tuple[str | None, ast.AST, ast.AST]] = []
        problems: list[Problem] = []
        for arg in call.args:
            problems.append(self.unchecked(arg, "et posisjonsargument", "a positional argument; declare with keywords "
                                           "(purpose=..., legal_basis=..., ...)"))
            pairs.append((None, arg, arg))
        for kw in call.keywords:
            if kw.arg is None and isinstance(kw.value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in kw.value.keys):
                pairs += [(str(k.value), v, k) for k, v in zip(kw.value.keys, kw.value.values) if isinstance(k, ast.Constant)]  # **{"purpose": ...}
            elif kw.arg is None:
                problems.append(self.unchecked(kw.value, "**-argumenter", "**keyword arguments; write each field out"))
                pairs.append((None, kw.value, kw.value))
            else:
                pairs.append((kw.arg, kw.value, kw))
        return self._declaration(call, kind, pairs, problems)

    def _dict(self, call: ast.Call, op: ast.Dict) -> Declaration:
        pairs: list[tuple[str | None, ast.AST, ast.AST]] = []
        problems: list[Problem] = []
        for k, v in zip(op.keys, op.values):
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                pairs.append((k.value if k.value != "id" else "name", v, k))
            else:
                problems.append(self.unchecked(k or v, "en nøkkel som ikke er en bokstavelig streng", "a key that is not a literal string"))
                pairs.append((None, v, v))
        return self._declaration(call, PROCESSING, pairs, problems)

    def _declaration(self, call: ast.Call, kind: str, pairs: list[tuple[str | None, ast.AST, ast.AST]], problems: list[Problem]) -> Declaration:
        source, function, (line, col) = self._where(call, kind)
        doc = Document(self.file, None)
        doc.positions["$"] = (line, col)
        unreadable: set[str] = set()
        data: dict[str, Any] = {}
        for key, value, at in pairs:
            if key is None:
                unreadable.update(CODE_FIELDS)
                continue
            path = json_path([key])
            doc.key_positions[path] = self.pos(at)
            if key == "facts":
                problems.append(Problem(DECLARED_FACTS, DECLARED_FACTS_MESSAGE, self.file, *self.pos(at), path))
                continue
            if key not in CODE_FIELDS:
                if key not in RUNTIME_OPTIONS:
                    problems.append(doc.problem(errors.SCHEMA, f"unknown keyword {_short(key)} for a processing declaration; allowed: "
                                                f"{', '.join(CODE_FIELDS + RUNTIME_OPTIONS)}{errors.suggest(key, CODE_FIELDS, listed=False)}", path, at_key=True))
                continue
            try:
                data[key] = self._literal(value, [key], doc)
            except _NotStatic as e:
                unreadable.add(key)
                problems.append(self.unchecked(e.node, f"verdien av {key!r}", f"the value of {key!r} ({_describe(e.node)}); write it out as "
                                               "a literal (strings, lists of strings, dicts of literals, True/False)", path))
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


def _short(key: str) -> str:

    return quote(key)


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return f"the name {_short(node.id)}"
    if isinstance(node, ast.Attribute):
        return "an attribute"
    if isinstance(node, ast.Call):
        return "a call"
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.Starred):
        return "an unpacked value"
    return f"a {type(node).__name__} expression"
