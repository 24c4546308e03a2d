"""Partial evaluation of conditions, and the residual conditions in plain words.

When a fact a rule needs is open, the rule's condition is reduced with everything that
is known, and what is left (the residual) is rendered in Norwegian and English from the
vocabulary's own phrases: "den registrerte har ikke reservert seg mot direktemarkedsføring".
Pure functions over the tuple AST of :mod:`personvern.expr`; no lark here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .expr import Ast, Scope, _apply, getter

_NEGATED = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in"}


def reduce(ast: Ast, scope: Scope, op: Any, facts: Mapping[str, Any], rcpt: Any) -> bool | Ast:
    """Fold what is known; return a bool, or the residual AST with known values inlined."""
    tag = ast[0]
    if tag in ("and", "or"):
        absorbing = tag == "or"  # True absorbs an 'or', False absorbs an 'and'
        parts: list[Ast] = []
        for sub in ast[1:]:
            r = reduce(sub, scope, op, facts, rcpt)
            if r is absorbing:
                return absorbing
            if r is not (not absorbing):
                parts.append(r)  # type: ignore[arg-type]
        if not parts:
            return not absorbing
        return parts[0] if len(parts) == 1 else (tag,) + tuple(parts)
    if tag == "not":
        r = reduce(ast[1], scope, op, facts, rcpt)
        return (not r) if isinstance(r, bool) else ("not", r)
    if tag in ("path", "bool"):
        v = getter(ast, scope)(op, facts, rcpt)
        return ast if v is None else bool(v)
    left, right = ast[1], ast[2]
    lv = _value(left, scope, op, facts, rcpt)
    rv = _value(right, scope, op, facts, rcpt)
    if lv is not None and rv is not None:
        return _apply(tag, lv, rv)
    return (tag, _inline(left, lv, scope), _inline(right, rv, scope))


def _value(ast: Ast, scope: Scope, op: Any, facts: Mapping[str, Any], rcpt: Any) -> Any:
    return getter(ast, scope)(op, facts, rcpt)


def _inline(ast: Ast, value: Any, scope: Scope) -> Ast:
    if value is None or ast[0] != "path":
        return ast
    binding = scope.bindings[".".join(ast[1:])]
    if binding.source == "const":
        return ast
    return ("val", value, binding.type.vocab)


def negate(ast: Ast) -> Ast:
    """The logical negation of ``ast``, with the 'not' pushed down to the atoms."""
    tag = ast[0]
    if tag == "not":
        inner: Ast = ast[1]
        return inner
    if tag == "and":
        return ("or",) + tuple(negate(a) for a in ast[1:])
    if tag == "or":
        return ("and",) + tuple(negate(a) for a in ast[1:])
    if tag in _NEGATED:
        return (_NEGATED[tag], ast[1], ast[2])
    return ("not", ast)


@dataclass(frozen=True, slots=True)
class Phrase:
    """How a path reads in a sentence: as a statement (bool) or as a noun phrase."""

    nb: str
    en: str
    nb_not: str = ""
    en_not: str = ""
    vocab: str | None = None  # for a path whose values are terms: their vocabulary


class Labels:
    """Words for paths and for terms, in bokmål and English."""

    def __init__(self, phrases: Mapping[str, Phrase], terms: Mapping[tuple[str, str], tuple[str, str]]) -> None:
        self.phrases = phrases
        self.terms = terms  # (vocab, term) -> (nb, en)

    def phrase(self, path: str, lang: str, negated: bool = False) -> str:
        p = self.phrases.get(path)
        if p is None:
            return f"ikke {path}" if negated and lang == "nb" else (f"not {path}" if negated else path)
        if negated:
            text = p.nb_not if lang == "nb" else p.en_not
            if text:
                return text
            return ("det er ikke slik at " + p.nb) if lang == "nb" else ("it is not the case that " + p.en)
        return p.nb if lang == "nb" else p.en

    def term(self, vocab: str | None, value: Any, lang: str) -> str:
        if isinstance(value, (frozenset, set, list, tuple)):
            return ", ".join(self.term(vocab, v, lang) for v in sorted(value))
        label = self.terms.get((vocab or "", str(value)))
        text = (label[0] if lang == "nb" else label[1]) if label else str(value)
        return f"«{text}»" if lang == "nb" else f"“{text}”"


def render(ast: Ast, labels: Labels, lang: str) -> str:
    """A residual condition as a sentence (without a final full stop)."""
    return _render(ast, labels, lang, top=True)


def _render(ast: Ast, labels: Labels, lang: str, top: bool = False) -> str:
    tag = ast[0]
    if tag in ("and", "or"):
        word = {"and": {"nb": " og ", "en": " and "}, "or": {"nb": " eller ", "en": " or "}}[tag][lang]
        text = word.join(_render(a, labels, lang) for a in ast[1:])
        return text if top else f"({text})"
    if tag == "path":
        return labels.phrase(".".join(ast[1:]), lang)
    if tag == "not":
        inner = ast[1]
        if inner[0] == "path":
            return labels.phrase(".".join(inner[1:]), lang, negated=True)
        return ("det er ikke slik at " if lang == "nb" else "it is not the case that ") + _render(inner, labels, lang)
    if tag == "bool":
        return ("sant" if ast[1] else "usant") if lang == "nb" else ("true" if ast[1] else "false")
    left, right = ast[1], ast[2]
    if tag in ("eq", "ne"):
        subject, value = (left, right) if left[0] == "path" else (right, left)
        verb = {"eq": {"nb": "er", "en": "is"}, "ne": {"nb": "er ikke", "en": "is not"}}[tag][lang]
        shown = _value_text(value, subject, labels, lang).strip("«»“”")
        return f"{_noun(subject, labels, lang)} {verb} {shown}"
    if tag in ("in", "not_in"):
        verb = {"in": {"nb": "er blant", "en": "is among"}, "not_in": {"nb": "er ikke blant", "en": "is not among"}}[tag][lang]
        return f"{_value_text(left, right, labels, lang)} {verb} {_noun(right, labels, lang)}"
    verb = "omfatter noe av" if lang == "nb" else "includes any of"
    return f"{_noun(left, labels, lang)} {verb} {_noun(right, labels, lang)}"


def _noun(ast: Ast, labels: Labels, lang: str) -> str:
    if ast[0] == "path":
        return labels.phrase(".".join(ast[1:]), lang)
    return _value_text(ast, ast, labels, lang)


def _value_text(ast: Ast, other: Ast, labels: Labels, lang: str) -> str:
    if ast[0] == "val":
        return labels.term(ast[2], ast[1], lang)
    if ast[0] == "str":
        vocab = other[2] if other[0] == "val" else _vocab_of(other, labels)
        return labels.term(vocab, ast[1], lang)
    if ast[0] == "list":
        return ", ".join(_value_text(a, other, labels, lang) for a in ast[1:])
    return _noun(ast, labels, lang)


def _vocab_of(ast: Ast, labels: Labels) -> str | None:
    if ast[0] != "path":
        return None
    p = labels.phrases.get(".".join(ast[1:]))
    return p.vocab if p is not None else None
