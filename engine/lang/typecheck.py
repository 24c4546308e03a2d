"""The type checker of the condition language. Pure: tuple ASTs in, problems out, no lark.

Every value in a condition has a type (:class:`Type`): ``bool``; ``term<V>``, one word of
the vocabulary section V; ``set<V>``, a set of such words (``set<text>``: a set of free
texts); ``text``; ``date``. A "quoted" literal takes the type the other side of its
comparison gives it and must be a word of that vocabulary; a [list] is a constant set of
literals and may stand only where a set may.

The checker types both sides of every comparison and refuses, among others: ``==``/``!=``
across types (a set against one term is the classic: ``facts.objected_purposes ==
"direct_marketing"`` is never true, so a forbid written that way never fires); ``in``
whose right side is not a set or list of the left side's type, or whose left side is a
set; a literal that is not a word of the other side's vocabulary; true/false compared with
a term; a comparison of two constants; and anything but true/false under ``and``, ``or``,
``not`` or at the top. It reports every problem at once, each at the node that offends:
a :data:`NodePath` of child indices from the root (index 0 = the operator of a comparison
or of ``not``), which :mod:`personvern.expr` turns into a line and column.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

Ast = tuple[Any, ...]
NodePath = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Type:
    """The type of a value in a condition.

    kind: "bool", "term" (one word of vocabulary ``vocab``), "set" (a set of such words;
    ``vocab`` "text" for free texts), "text" or "date". ``vocab`` names a vocabulary section.
    The checker also uses "literal" (a "quoted" string, typed by its context) and "list".
    """

    kind: str
    vocab: str | None = None

    def describe(self) -> str:
        return f"{self.kind}<{self.vocab}>" if self.vocab else self.kind

    def words(self) -> str:
        """The type in words, for messages."""
        if self.kind == "bool":
            return "true or false"
        if self.kind == "term":
            return f"one term of {self.vocab}"
        if self.kind == "set":
            return "a set of texts" if self.vocab == "text" else f"a set of {self.vocab}"
        if self.kind == "literal":
            return 'a "quoted" term'
        if self.kind == "list":
            return "a [list]"
        return "a date" if self.kind == "date" else self.kind


BOOL = Type("bool")
LITERAL = Type("literal")
LIST = Type("list")


@dataclass(frozen=True, slots=True)
class Binding:
    """How a path is read at run time, and its type."""

    type: Type
    source: str  # "op", "fact", "rcpt" or "const"
    name: str  # attribute or fact name
    value: Any = None  # for "const"


class Scope:
    """What a condition may name: paths with their types, and the known terms."""

    def __init__(self, bindings: Mapping[str, Binding], terms: Mapping[str, frozenset[str]]) -> None:
        self.bindings = dict(bindings)
        self.terms = terms  # vocabulary section -> its terms

    def valid_literal(self, t: Type, value: str) -> bool:
        if t.kind in ("term", "set") and t.vocab is not None and t.vocab != "text":
            if t.vocab == "countries":
                return len(value) == 2 and value.isascii() and value.isupper()
            return value in self.terms.get(t.vocab, frozenset())
        if t.kind == "date":
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                return False
            return len(value) == 10
        return True


@dataclass(frozen=True, slots=True)
class TypeProblem:
    """One ill-typed spot: the node that offends, and why."""

    at: NodePath
    message: str


def element(t: Type) -> Type:
    """The type of one member of a set type."""
    return Type("text") if t.vocab == "text" else Type("term", t.vocab)


def check(ast: Ast, scope: Scope) -> list[TypeProblem]:
    """Every type problem in ``ast``, in the order of the text; empty when it is well typed."""
    c = _Checker(scope)
    t = c.type(ast, ())
    if t is not None and t != BOOL:
        c.add((), f"a condition must be true or false, not {t.words()} ({_show(ast)})")
    return sorted(c.problems, key=lambda p: _order(p.at))


def _order(at: NodePath) -> tuple[int, ...]:
    # The operator (index 0) of a comparison lies between its two sides (1 and 2).
    return tuple(3 if i == 0 else 2 * i for i in at)


def _show(ast: Ast) -> str:
    tag = ast[0]
    if tag == "path":
        return ".".join(ast[1:])
    if tag == "str":
        return f'"{ast[1]}"'
    if tag == "bool":
        return "true" if ast[1] else "false"
    if tag == "list":
        return "[" + ", ".join(_show(a) for a in ast[1:]) + "]"
    return "(...)"


_OPS = {"eq": "==", "ne": "!=", "in": "in", "not_in": "not in", "intersects": "intersects"}
_SCALARS = ("term", "text", "date")


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[TypeProblem] = []

    def add(self, at: NodePath, message: str) -> None:
        self.problems.append(TypeProblem(at, message))

    def type(self, ast: Ast, at: NodePath) -> Type | None:
        """The type of ``ast``; None when it is wrong (reported once, not again by its parents)."""
        tag = ast[0]
        if tag == "path":
            return self._path(ast, at)
        if tag == "str":
            return LITERAL
        if tag == "bool":
            return BOOL
        if tag == "list":
            ok = True
            for i, item in enumerate(ast[1:], 1):
                if item[0] != "str":
                    self.add(at + (i,), f'a list may hold only "quoted" terms, not {_show(item)}')
                    ok = False
            if len(ast) == 1:
                self.add(at, "an empty list: nothing is in it, so the comparison never changes")
                ok = False
            return LIST if ok else None
        if tag in ("and", "or", "not"):
            for i, sub in enumerate(ast[1:], 1):
                t = self.type(sub, at + (i,))
                if t is not None and t != BOOL:
                    side = " on each side" if tag != "not" else ""
                    self.add(at + (i,), f"'{tag}' needs true or false{side}, not {t.words()} ({_show(sub)})")
            return BOOL
        if tag in _OPS:
            return self._comparison(ast, at)
        self.add(at, f"unsupported construct {tag}")  # pragma: no cover - the parser makes no other
        return None

    def _path(self, ast: Ast, at: NodePath) -> Type | None:
        name = ".".join(ast[1:])
        if any(part.startswith("_") for part in ast[1:]):
            self.add(at, f"{name!r}: names starting with '_' are not allowed")
            return None
        binding = self.scope.bindings.get(name)
        if binding is None:
            self.add(at, f"unknown name {name!r}; known names: {', '.join(sorted(self.scope.bindings))}")
            return None
        return binding.type

    def _literal(self, lit: Ast, at: NodePath, t: Type) -> bool:
        """Is the literal ``lit`` a value of the scalar type ``t``? Reports it where it is not."""
        if self.scope.valid_literal(t, lit[1]):
            return True
        if t.kind == "date":
            self.add(at, f"{lit[1]!r} is not a date (YYYY-MM-DD)")
        elif t.vocab == "countries":
            self.add(at, f"{lit[1]!r} is not an ISO 3166 alpha-2 country code")
        else:
            self.add(at, f"{lit[1]!r} is not a term of {t.vocab}")
        return False

    def _comparison(self, ast: Ast, at: NodePath) -> Type:
        tag, left, right = ast
        op = _OPS[tag]
        lt, rt = self.type(left, at + (1,)), self.type(right, at + (2,))
        if lt is None or rt is None:
            return BOOL
        if tag in ("eq", "ne"):
            self._equality(op, left, lt, right, rt, at)
        elif tag in ("in", "not_in"):
            self._membership(op, left, lt, right, rt, at)
        else:
            self._intersects(left, lt, right, rt, at)
        return BOOL

    def _constant(self, op: str, left: Ast, right: Ast, at: NodePath) -> bool:
        if left[0] in ("str", "bool", "list") and right[0] in ("str", "bool", "list"):
            self.add(at + (0,), f"'{op}' compares two constants ({_show(left)} and {_show(right)}): "
                                "the answer never depends on the operation")
            return True
        if left == right:
            self.add(at + (0,), f"'{op}' compares {_show(left)} with itself: the answer never changes")
            return True
        return False

    def _equality(self, op: str, left: Ast, lt: Type, right: Ast, rt: Type, at: NodePath) -> None:
        if self._constant(op, left, right, at):
            return
        for i, t in ((1, lt), (2, rt)):
            if t == LIST:
                other = right if i == 1 else left
                self.add(at + (i,), f"'{op}' compares {_show(other)} with a [list]; to ask whether it is one "
                                    f"of the list's terms write '{_show(other)} in [...]'")
                return
        for i, lit, t, other in ((1, left, rt, right), (2, right, lt, left)):
            if lit[0] != "str":
                continue
            if t.kind == "set":
                self.add(at + (0,), f"{_show(other)} is {t.words()} and {_show(lit)} is one term, so '{op}' "
                                    f"never holds; write '{_show(lit)} {'in' if op == '==' else 'not in'} {_show(other)}'")
            elif t.kind == "bool":
                self.add(at + (i,), f"{_show(other)} is true or false and cannot be compared with the term "
                                    f"{_show(lit)}; write '{_show(other)}' or 'not {_show(other)}'")
            else:
                self._literal(lit, at + (i,), t)
            return
        if lt != rt:
            self.add(at + (0,), f"'{op}' cannot compare {lt.words()} ({_show(left)}) with {rt.words()} ({_show(right)})"
                                + self._hint(op, left, lt, right, rt))

    @staticmethod
    def _hint(op: str, left: Ast, lt: Type, right: Ast, rt: Type) -> str:
        for a, at_, b, bt in ((left, lt, right, rt), (right, rt, left, lt)):
            if at_.kind in _SCALARS and bt.kind == "set" and element(bt) == at_:
                return f"; write '{_show(a)} {'in' if op == '==' else 'not in'} {_show(b)}'"
        return ""

    def _membership(self, op: str, left: Ast, lt: Type, right: Ast, rt: Type, at: NodePath) -> None:
        if rt.kind not in ("set", "list"):
            self.add(at + (2,), f"the right side of '{op}' must be a set or a [list], not {rt.words()} ({_show(right)})"
                                + (f"; write '{_show(left)} {'==' if op == 'in' else '!='} {_show(right)}'"
                                   if rt == lt or (rt == LITERAL and lt.kind in _SCALARS) else ""))
            return
        if self._constant(op, left, right, at):
            return
        if lt.kind in ("set", "list"):
            self.add(at + (0,), f"the left side of '{op}' is {lt.words()} ({_show(left)}), not one term; "
                                f"to ask whether the two share a term write '{_show(left)} intersects {_show(right)}'")
            return
        if lt == BOOL:
            self.add(at + (1,), f"true or false ({_show(left)}) cannot be a member of {rt.words()}")
            return
        if rt == LIST:  # a path of a scalar type in a list of literals
            for i, item in enumerate(right[1:], 1):
                self._literal(item, at + (2, i), lt)
            return
        member = element(rt)
        if lt == LITERAL:
            self._literal(left, at + (1,), member)
        elif lt != member:
            self.add(at + (0,), f"'{op}' cannot look for {lt.words()} ({_show(left)}) in {rt.words()} ({_show(right)})")

    def _intersects(self, left: Ast, lt: Type, right: Ast, rt: Type, at: NodePath) -> None:
        bad = False
        for i, side, t in ((1, left, lt), (2, right, rt)):
            if t.kind not in ("set", "list"):
                self.add(at + (i,), f"'intersects' needs sets on both sides, not {t.words()} ({_show(side)})"
                                    + ("; to ask whether one term is in a set write '... in ...'" if t.kind in _SCALARS else ""))
                bad = True
        if bad or self._constant("intersects", left, right, at):
            return
        if lt == LIST or rt == LIST:
            lst, i, st = (left, 1, rt) if lt == LIST else (right, 2, lt)
            for j, item in enumerate(lst[1:], 1):
                self._literal(item, at + (i, j), element(st))
            return
        if lt != rt:
            self.add(at + (0,), f"cannot intersect {lt.words()} ({_show(left)}) with {rt.words()} ({_show(right)})")
