"""The condition language: parsing, type-checking against the vocabulary, three-valued compile."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import personvern
from personvern import errors
from personvern.lang import expr


def _compile(policy: personvern.Policy, text: str, recipient: bool = False) -> expr.Cond:
    scope = policy.scope_recipient if recipient else policy.scope_processing
    ast = expr.parse(text)
    expr.typecheck(ast, scope)
    return expr.compile_condition(ast, scope)


def _op(**kw: Any) -> SimpleNamespace:
    base = dict(purpose="direct_marketing", legal_basis="consent", action="use",
                categories=frozenset({"name"}), subjects=frozenset({"customer"}))
    base.update(kw)
    return SimpleNamespace(**base)


def test_parse_shapes() -> None:
    assert expr.parse('facts.a') == ("path", "facts", "a")
    assert expr.parse('a == "x" and not b or c') == (
        "or", ("and", ("eq", ("path", "a"), ("str", "x")), ("not", ("path", "b"))), ("path", "c"))
    assert expr.parse('x in ["a", "b"]') == ("in", ("path", "x"), ("list", ("str", "a"), ("str", "b")))
    assert expr.parse('x not in y') == ("not_in", ("path", "x"), ("path", "y"))


def test_keywords_inside_names_are_names() -> None:
    assert expr.parse("interest") == ("path", "interest")
    assert expr.parse("facts.android") == ("path", "facts", "android")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('purpose == ', 1, 12),
        ('purpose === "x"', 1, 11),
        ('facts.x and (', 1, 14),
        ('purpose == "x"\nand $', 2, 5),
        ('purpose == \'x\'', 1, 12),
    ],
)
def test_syntax_errors_have_positions(text: str, line: int, column: int) -> None:
    with pytest.raises(errors.ExpressionError) as e:
        expr.parse(text)
    assert e.value.code == errors.EXPR_SYNTAX
    assert (e.value.line, e.value.column) == (line, column)
    assert "^" in e.value.context


@pytest.mark.parametrize(
    "text",
    ["facts.__class__", "__import__", "purpose.__class__.__mro__", "facts.x()", "open('f')", "a[0]", "1 + 1"],
)
def test_no_way_into_python(policy: personvern.Policy, text: str) -> None:
    with pytest.raises(errors.ExpressionError):
        ast = expr.parse(text)
        expr.typecheck(ast, policy.scope_processing)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('purpose == "direct_marketting"', "not a term of purposes"),
        ("facts.no_such_fact", "unknown name"),
        ("purpose", "must be true or false"),
        ('legal_basis == purpose', "cannot compare"),
        ('categories intersects sets.eea_countries', "cannot intersect"),
        ("purpose in facts.direct_marketing_objection", "must be a set"),
        ('recipient.dpa', "unknown name"),  # recipients exist only in recipient-level rules
    ],
)
def test_type_errors(policy: personvern.Policy, text: str, message: str) -> None:
    with pytest.raises(errors.ExpressionError, match=message) as e:
        expr.typecheck(expr.parse(text), policy.scope_processing)
    assert e.value.code == errors.EXPR_TYPE


def test_kleene_logic(policy: personvern.Policy) -> None:
    f = _compile(policy, 'legal_basis == "contract" and facts.direct_marketing_objection')
    assert f(_op(), {}, None) is False  # False and unknown = False: the fact is not needed
    g = _compile(policy, 'legal_basis == "consent" and facts.direct_marketing_objection')
    assert g(_op(), {}, None) is None
    assert g(_op(), {"direct_marketing_objection": True}, None) is True
    h = _compile(policy, 'legal_basis == "consent" or facts.direct_marketing_objection')
    assert h(_op(), {}, None) is True  # True or unknown = True
    n = _compile(policy, "not facts.legal_duty")
    assert n(_op(), {}, None) is None
    assert n(_op(), {"legal_duty": False}, None) is True


def test_sets_and_lists(policy: personvern.Policy) -> None:
    f = _compile(policy, "categories intersects sets.special_categories")
    assert f(_op(categories=frozenset({"name", "health"})), {}, None) is True
    assert f(_op(), {}, None) is False
    g = _compile(policy, 'purpose not in facts.consents')
    assert g(_op(), {"consents": frozenset({"direct_marketing"})}, None) is False
    assert g(_op(), {}, None) is None
    h = _compile(policy, 'purpose in ["direct_marketing", "market_research"]')
    assert h(_op(), {}, None) is True


def test_recipient_scope(policy: personvern.Policy) -> None:
    f = _compile(policy, "recipient.country not in sets.eea_countries", recipient=True)
    assert f(_op(), {}, personvern.Recipient("processor", "X", "US", True)) is True
    assert f(_op(), {}, personvern.Recipient("processor", "X", "NO", True)) is False
    g = _compile(policy, "not recipient.dpa", recipient=True)
    assert g(_op(), {}, personvern.Recipient("processor", "X", "NO", None)) is None


def test_overlong_and_deep_conditions_are_refused() -> None:
    with pytest.raises(errors.ExpressionError):
        expr.parse("facts.a or " * 1000 + "facts.a")
    with pytest.raises(errors.ExpressionError):
        expr.parse("(facts.a and " * 200 + "facts.a" + ")" * 200)
    # Redundant parentheses add no depth and are fine.
    assert expr.parse("(" * 200 + "facts.a" + ")" * 200) == ("path", "facts", "a")


def test_paths_lists_every_name() -> None:
    assert expr.paths(expr.parse('a and (b.c == "x" or not d)')) == ["a", "b.c", "d"]
