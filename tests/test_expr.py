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


@pytest.mark.parametrize("junction", ["and", "or"])
@pytest.mark.parametrize("n", [2, 3, 4])
def test_junctions_of_any_width_answer_by_kleene_in_order_and_fail_on_a_non_boolean(policy: personvern.Policy, junction: str,
                                                                                    n: int) -> None:
    """Two and three operands are compiled unrolled, four and more as a loop: every width gives
    Kleene's answer, reads the operands left to right, stops at the deciding value, and raises
    for an operand that is not true, false or unknown once it is reached (recipient.dpa is read
    as it is; a fact of the wrong type raises in its getter)."""
    import itertools

    facts = ["legal_duty", "lawful_disclosure", "unpaid_invoice"][:n - 1]
    stop = junction == "or"
    for at in range(n):  # recipient.dpa at every position
        names = [f"facts.{f}" for f in facts]
        names.insert(at, "recipient.dpa")
        f = _compile(policy, f" {junction} ".join(names), recipient=True)
        for vals in itertools.product([True, False, None, "yes"], repeat=n):
            dpa = vals[at]
            given = {name: v for name, v in zip(facts, vals[:at] + vals[at + 1:]) if v is not None}
            want: object = None if any(v is None for v in vals) else not stop
            for v in vals:  # the reference: Kleene, in order, the deciding value first
                if v is stop:
                    want = stop
                    break
                if v is not None and v is not (not stop):
                    want = "error"
                    break
            try:
                got: object = f(_op(), given, personvern.Recipient("processor", "X", "NO", dpa))  # type: ignore[arg-type]
            except TypeError:
                got = "error"
            assert got == want and (got is want or got == "error"), (junction, at, vals)


def test_overlong_and_deep_conditions_are_refused() -> None:
    with pytest.raises(errors.ExpressionError):
        expr.parse("facts.a or " * 1000 + "facts.a")
    with pytest.raises(errors.ExpressionError):
        expr.parse("(facts.a and " * 200 + "facts.a" + ")" * 200)
    # Redundant parentheses add no depth and are fine.
    assert expr.parse("(" * 200 + "facts.a" + ")" * 200) == ("path", "facts", "a")


def test_paths_lists_every_name() -> None:
    assert expr.paths(expr.parse('a and (b.c == "x" or not d)')) == ["a", "b.c", "d"]


# ---------------------------------------------------------------------------- ill-typed conditions
# Each case: the condition, and the text at which the caret must point (its first occurrence,
# or the occurrence after "|" in the text, which is removed). A condition that compares values of
# different types is never true (or always true), so a forbid written that way never fires.

def _at(marked: str) -> tuple[str, int]:
    """'a |== b' -> ('a == b', 3): the text without the marker, and the marker's column."""
    assert marked.count("|") == 1, marked
    return marked.replace("|", ""), marked.index("|") + 1


ILL_TYPED_PROCESSING = [
    # a set compared with one term
    'facts.objected_purposes |== "direct_marketing"',
    'facts.consents |!= "direct_marketing"',
    'subjects |== "customer"',
    'categories |== "health"',
    '"customer" |== subjects',
    'facts.objected_purposes |in ["direct_marketing"]',
    'subjects |in sets.relationship_subjects',
    'categories |not in sets.special_categories',
    'facts.withdrawn_consents |not in ["security"]',
    # the right side of 'in' is not a set
    'purpose in |legal_basis',
    'purpose in |"direct_marketing"',
    'purpose not in |facts.customer_relationship',
    'facts.customer_relationship in |"ended"',
    # a list where one term belongs
    'purpose == |["direct_marketing"]',
    'legal_basis != |["consent"]',
    '|["consent"] == legal_basis',
    # a term that is not in the other side's vocabulary section
    'legal_basis == |"direct_marketing"',
    'purpose in ["direct_marketing", |"consent"]',
    '|"contract" in facts.consents',
    'facts.customer_relationship == |"aktiv"',
    'categories intersects [|"customer"]',
    # true/false compared with a term, or across vocabularies
    'facts.direct_marketing_objection == |"true"',
    '|"false" != facts.legal_duty',
    'facts.legal_duty |== purpose',
    'purpose |== true',
    'purpose |== legal_basis',
    'purpose |in sets.special_categories',
    'purpose |in facts.consented_recipients',
    'action |not in facts.consents',
    '|facts.legal_duty in facts.consents',
    # a path used as true/false that is not true/false; and/or/not over non-booleans
    '|facts.consents',
    '|purpose',
    '|purpose and facts.legal_duty',
    'facts.legal_duty and |facts.customer_relationship',
    'not |categories',
    'facts.legal_duty or |"security"',
    'not |["security"]',
    'legal_basis == "consent" and (purpose in facts.consents or |facts.withdrawn_consents)',
    # intersects needs two sets of one vocabulary
    '|purpose intersects sets.cookie_purposes',
    'categories intersects |"health"',
    'categories |intersects sets.cookie_purposes',
    'subjects |intersects facts.consents',
    # constant comparisons: the answer never depends on the operation
    '"consent" |== "consent"',
    '"security" |in ["security"]',
    'purpose |== purpose',
    'purpose in |[]',
    '["health"] |intersects ["health"]',
    # the offending token deep inside a well-typed condition
    'legal_basis == "consent" and (purpose in facts.consents or facts.consents |== "security")',
    'not (facts.legal_duty and not (subjects |== "customer"))',
]

ILL_TYPED_RECIPIENT = [
    'recipient.country == |"no"',
    'recipient.country == |"NOR"',
    'recipient.country in [|"Norge", "SE"]',
    'recipient.country == |["NO"]',
    'recipient.dpa == |"yes"',
    'recipient.kind == |"customer"',
    'recipient.name |in sets.eea_countries',
    'recipient.country |in facts.consented_recipients',
    '|recipient.dpa in sets.eea_countries',
    '|recipient.name',
    'not |recipient.country',
    'recipient.kind |== purpose',
]


@pytest.mark.parametrize("marked", ILL_TYPED_PROCESSING)
def test_ill_typed_comparison_is_rejected_at_the_offending_token(policy: personvern.Policy, marked: str) -> None:
    text, column = _at(marked)
    found = expr.check(expr.parse(text), policy.scope_processing, text)
    assert [(e.code, e.line, e.column) for e in found] == [(errors.EXPR_TYPE, 1, column)], [e.message for e in found]
    assert found[0].context == text + "\n" + " " * (column - 1) + "^"
    with pytest.raises(errors.ExpressionError) as e:  # the raising form gives the same first problem
        expr.typecheck(expr.parse(text), policy.scope_processing, text)
    assert (e.value.code, e.value.column) == (errors.EXPR_TYPE, column)


@pytest.mark.parametrize("marked", ILL_TYPED_RECIPIENT)
def test_ill_typed_comparison_is_rejected_at_the_offending_token_in_recipient_rules(policy: personvern.Policy, marked: str) -> None:
    text, column = _at(marked)
    found = expr.check(expr.parse(text), policy.scope_recipient, text)
    assert [(e.code, e.line, e.column) for e in found] == [(errors.EXPR_TYPE, 1, column)], [e.message for e in found]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('facts.objected_purposes == "direct_marketing"', "write '\"direct_marketing\" in facts.objected_purposes'"),
        ('facts.objected_purposes != "direct_marketing"', "write '\"direct_marketing\" not in facts.objected_purposes'"),
        ('facts.objected_purposes in ["direct_marketing"]', "intersects"),
        ('purpose == ["direct_marketing"]', "purpose in [...]"),
        ('purpose in "direct_marketing"', "write 'purpose == \"direct_marketing\"'"),
        ('facts.legal_duty == "true"', "write 'facts.legal_duty' or 'not facts.legal_duty'"),
    ],
)
def test_ill_typed_comparison_is_rejected_with_the_fix_in_words(policy: personvern.Policy, text: str, hint: str) -> None:
    [e] = expr.check(expr.parse(text), policy.scope_processing, text)
    assert hint in e.message


def test_ill_typed_conditions_report_every_problem_at_once(policy: personvern.Policy) -> None:
    text = 'facts.legal_duty == "true" or purpose in legal_basis and not facts.consents or subjects == "customer"'
    found = expr.check(expr.parse(text), policy.scope_processing, text)
    assert [e.column for e in found] == [text.index('"true"') + 1, text.index("legal_basis") + 1,
                                         text.index("facts.consents") + 1, text.index("==", 50) + 1]
    # An unknown name is reported once, not again as an ill-typed comparison around it.
    text = 'facts.objected_purpose == "direct_marketing" and subjects == "customer"'
    found = expr.check(expr.parse(text), policy.scope_processing, text)
    assert [(e.column, "unknown name" in e.message) for e in found] == [(1, True), (text.index("==", 30) + 1, False)]


def test_ill_typed_comparison_is_rejected_on_any_line(policy: personvern.Policy) -> None:
    text = 'legal_basis == "consent"\nand subjects == "customer"'
    [e] = expr.check(expr.parse(text), policy.scope_processing, text)
    assert (e.line, e.column) == (2, 14) and e.context.endswith('and subjects == "customer"\n             ^')


def test_ill_typed_date_comparison_is_rejected() -> None:
    scope = expr.Scope({"facts.since": expr.Binding(expr.Type("date"), "fact", "since"),
                        "facts.legal_duty": expr.Binding(expr.BOOL, "fact", "legal_duty")}, {})
    for marked in ['facts.since == |"2024-13-01"', 'facts.since != |"1. mai"', 'facts.since |== facts.legal_duty',
                   'facts.since in [|"2024-02-30"]', '|facts.since']:
        text, column = _at(marked)
        assert [e.column for e in expr.check(expr.parse(text), scope, text)] == [column], text
    for text in ['facts.since == "2024-02-29"', 'facts.since in ["2024-01-01", "2025-01-01"]']:
        assert expr.check(expr.parse(text), scope, text) == []


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ('"direct_marketing" in facts.objected_purposes', False),
        ('"direct_marketing" not in facts.objected_purposes', False),
        ('purpose in ["security", "legal_claims"]', False),
        ('facts.consents intersects ["security"]', False),
        ('["health"] intersects categories', False),
        ('facts.legal_duty == true', False),
        ('facts.legal_duty != facts.direct_marketing_objection', False),
        ('facts.consents == facts.withdrawn_consents', False),
        ('not (purpose in facts.consents) or facts.customer_relationship != "ended"', False),
        ('recipient.name in facts.consented_recipients', True),
        ('"Visma AS" in facts.consented_recipients', True),
        ('recipient.country in ["NO", "SE"]', True),
        ('recipient.name == "Visma AS"', True),
        ('recipient.kind == "processor" and recipient.dpa', True),
    ],
)
def test_well_typed_conditions_still_type_check(policy: personvern.Policy, text: str, recipient: bool) -> None:
    scope = policy.scope_recipient if recipient else policy.scope_processing
    assert expr.check(expr.parse(text), scope, text) == []


def test_every_shipped_condition_type_checks(policy: personvern.Policy) -> None:
    conditional = [r for r in policy.rules.values() if r.when is not None]
    assert len(conditional) >= 13
    for rule in conditional:
        scope = policy.scope_processing if rule.level == "processing" else policy.scope_recipient
        assert rule.ast == expr.parse(rule.when)
        assert expr.check(rule.ast, scope, rule.when) == [], rule.id


def test_positions_name_every_node_and_operator() -> None:
    text = 'not (purpose in facts.consents) or legal_basis != "consent"'
    where = expr.positions(text)
    ast = expr.parse(text)
    assert ast[0] == "or" and ast[1][0] == "not" and ast[1][1][0] == "in"
    assert where[(1, 0)] == (1, 1)  # 'not'
    assert where[(1, 1, 0)] == (1, text.index(" in ") + 2)
    assert where[(1, 1, 2)] == (1, text.index("facts") + 1)
    assert where[(2, 0)] == (1, text.index("!=") + 1)
    assert where[(2, 2)] == (1, text.index('"consent"') + 1)
