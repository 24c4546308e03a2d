"""Mutation test over the shipped rules: a mistyped condition is refused at load time or turns a case red.

For every condition in rules/*.yaml, the rewrites a rule author plausibly mistypes (== and
in swapped, a set compared with == to one term or put in a list of one, the sides of in
swapped, in for intersects, a list of one for a scalar, != for ==, `not` dropped or added,
and for or, a term swapped for a sibling term of its vocabulary, a named set for another, a
fact for another fact) are each put into the rule set, which is compiled as load_policy
compiles it. Each must either be refused with a PolicyLoadError or change the result of at
least one decision case in tests/cases/decisions*.yaml (its outcome, determining rules or open
conditions: what test_decision_cases checks). A rewrite that survives is a mistake in a rule
that no test would notice. Rewrites that mean the same as the original are left out, each
with its reason (see equivalent()).
"""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

import personvern
from personvern.lang import expr
from personvern.load import rules as api
from personvern.core.model import CompiledPolicy
from personvern.decide.evaluator import evaluate
from personvern.load.compiler import compile_policy

from .conftest import CASES

Ast = tuple[Any, ...]

_POLICY = personvern.load_policy(use_cache=False)
_CASES = [c for path in sorted(CASES.glob("decisions*.yaml")) for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
_OPS = [(c["name"], _POLICY.operation(c["operation"])) for c in _CASES]  # typed once, reused for every mutant
_CONDITIONS = sorted((r for r in _POLICY.rules.values() if r.when is not None), key=lambda r: r.id)

_NEGATED = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in"}
_EQ_IN = {"eq": "in", "in": "eq", "ne": "not_in", "not_in": "ne"}
_OP_TEXT = {"eq": "==", "ne": "!=", "in": "in", "not_in": "not in", "intersects": "intersects"}


# ---------------------------------------------------------------------------- conditions as text


def unparse(ast: Ast, context: int = 0) -> str:
    """Text that parses back to ``ast`` (or to an equivalent flattening of and/or)."""
    tag = ast[0]
    if tag == "path":
        return ".".join(ast[1:])
    if tag == "str":
        return f'"{ast[1]}"'
    if tag == "bool":
        return "true" if ast[1] else "false"
    if tag == "list":
        return "[" + ", ".join(unparse(a) for a in ast[1:]) + "]"
    if tag in ("or", "and"):
        prec = 1 if tag == "or" else 2
        text = f" {tag} ".join(unparse(a, prec + 1) for a in ast[1:])
    elif tag == "not":
        prec, text = 3, "not " + unparse(ast[1], 3)
    else:
        prec, text = 4, f"{unparse(ast[1], 5)} {_OP_TEXT[tag]} {unparse(ast[2], 5)}"
    return f"({text})" if prec < context else text


# ---------------------------------------------------------------------------- the rewrites


def _nodes(ast: Ast, at: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Ast]]:
    yield at, ast
    if ast[0] in ("path", "str", "bool"):
        return
    for i, sub in enumerate(ast[1:], 1):
        yield from _nodes(sub, at + (i,))


def _replace(ast: Ast, at: tuple[int, ...], new: Ast) -> Ast:
    if not at:
        return new
    i = at[0]
    return ast[:i] + (_replace(ast[i], at[1:], new),) + ast[i + 1:]


def _type(ast: Ast, scope: expr.Scope) -> expr.Type | None:
    if ast[0] == "path":
        b = scope.bindings.get(".".join(ast[1:]))
        return b.type if b else None
    return expr.BOOL if ast[0] not in ("str", "list") else None


def _vocab_of_literal(parent: Ast, scope: expr.Scope) -> str | None:
    for side in parent[1:]:
        t = _type(side, scope) if side[0] == "path" else None
        if t is not None and t.vocab not in (None, "text", "countries"):
            return t.vocab
    return None


def rewrites(root: Ast, at: tuple[int, ...], scope: expr.Scope) -> Iterator[tuple[str, Ast]]:
    """(kind, new node) for every plausible slip of the pen in the node of ``root`` at ``at``."""
    node = _at(root, at)
    tag = node[0]
    if tag in _EQ_IN:
        yield "== <-> in", (_EQ_IN[tag],) + node[1:]
        yield "!= <-> ==", (_NEGATED[tag],) + node[1:]
    if tag in ("in", "not_in"):
        yield "sides of in swapped", (tag, node[2], node[1])
        yield "a set compared with == to a term", ("eq" if tag == "in" else "ne", node[2], node[1])
        yield "in <-> intersects", ("intersects",) + node[1:]
    if tag == "intersects":
        yield "in <-> intersects", ("in",) + node[1:]
        yield "a set compared with == to a set", ("eq",) + node[1:]
    if tag in ("eq", "ne") and node[2][0] == "str":
        yield "a list of one for a scalar", (tag, node[1], ("list", node[2]))
        yield "a list of one for a scalar", (_EQ_IN[tag], node[1], ("list", node[2]))
    if tag in ("in", "not_in") and node[2][0] == "list" and len(node[2]) == 2:
        yield "a scalar for a list of one", (_EQ_IN[tag], node[1], node[2][1])
    if tag in ("in", "not_in", "intersects") and node[2][0] in ("path", "list"):
        yield from _literal_slips(node, scope)
    if tag in ("and", "or"):
        yield "and <-> or", ("or" if tag == "and" else "and",) + node[1:]
    if tag == "not":
        yield "not dropped", node[1]
    if _type(node, scope) == expr.BOOL:
        yield "not added", ("not", node)
    if tag == "str" and at:
        vocab = _vocab_of_literal(_at(root, at[:-1]), scope)
        for term in sorted(scope.terms.get(vocab or "", ())):
            if term != node[1]:
                yield "a sibling term", ("str", term)
    if tag == "path":
        name = ".".join(node[1:])
        for prefix, kind in (("facts.", "a fact for another fact"), ("sets.", "a named set for another")):
            if name.startswith(prefix):
                mine = scope.bindings[name].type
                for other, b in sorted(scope.bindings.items()):
                    if other.startswith(prefix) and other != name:
                        same = "of the same type" if b.type == mine else "of another type"
                        yield f"{kind} {same}", ("path",) + tuple(other.split("."))


def _literal_slips(node: Ast, scope: expr.Scope) -> Iterator[tuple[str, Ast]]:
    """The term the author has in mind written in place of a path: `x in S` becomes `S == "t"`
    (issue 9: `facts.objected_purposes == "direct_marketing"`), `S intersects sets.X` becomes
    `S == "m"` (`subjects == "customer"`), and the same with a [list] for the term."""
    tag, left, right = node
    if tag == "intersects":
        s, pool = left, _members(right, scope)
    else:
        t = _type(left, scope)
        s, pool = right, sorted(scope.terms.get(t.vocab or "", ())) if t is not None and t.kind == "term" else []
    eq, member = ("ne", "not_in") if tag == "not_in" else ("eq", "in")
    for term in pool:
        yield "a set compared with == to a term", (eq, s, ("str", term))
        yield "a set in a list of one", (member, s, ("list", ("str", term)))
    if tag == "intersects" and pool:
        yield "a set in the list of its members", ("in", left, ("list",) + tuple(("str", m) for m in pool))


def _members(ast: Ast, scope: expr.Scope) -> list[str]:
    if ast[0] == "list":
        return [a[1] for a in ast[1:]]
    b = scope.bindings.get(".".join(ast[1:]))
    return sorted(b.value) if b is not None and b.source == "const" else []


def _at(ast: Ast, at: tuple[int, ...]) -> Ast:
    for i in at:
        ast = ast[i]
    return ast


def mutants(ast: Ast, scope: expr.Scope) -> list[tuple[str, str]]:
    """(kind, condition text) for every rewrite, each text once, never the original itself."""
    out: dict[str, str] = {}
    original = unparse(ast)
    for at, _node in _nodes(ast):
        for kind, new in rewrites(ast, at, scope):
            text = unparse(_replace(ast, at, new))
            if text != original:
                out.setdefault(text, kind)
    return [(kind, text) for text, kind in out.items()]


# Rewrites that mean the same as the original only within their rule, (rule id, rewritten condition): why.
# test_a_rewrite_listed_as_equivalent_in_its_rule_is_one checks that each is still a rewrite of the rule,
# that no case tells it apart, and that the reason holds for the rule as written.
EQUIVALENT_IN_RULE: dict[tuple[str, str], str] = {
    ("databehandler.arbeidsgivers-sarlige-kategorier",
     "categories intersects sets.special_categories and facts.flex_is_processor and facts.customer_instructions_documented"):
        "the rule's data_categories admit, of sets.special_categories, only trade_union_membership and health, which are "
        "sets.employment_special_categories; categories lie within data_categories, so they meet one set exactly when they meet the other",
}


def equivalent(original: Ast, kind: str, mutant: Ast, scope: expr.Scope) -> str | None:
    """Why ``mutant`` means the same as ``original`` on every operation, or None."""
    for _at_, node in _nodes(mutant):
        if node[0] == "not" and node[1][0] == "not":
            return "double negation: not not X is X"
    if kind in ("a list of one for a scalar", "a scalar for a list of one"):
        for _at_, node in _nodes(mutant):
            if node[0] in ("in", "not_in") and node[2][0] == "list" and len(node[2]) == 2:
                t = _type(node[1], scope)
                if t is not None and t.kind in ("term", "text"):
                    return "x in [\"t\"] is x == \"t\" when x is one term"
    return None


# ---------------------------------------------------------------------------- running them


def _signature(policy: CompiledPolicy, op: personvern.Operation) -> tuple[Any, ...]:
    d = evaluate(policy, op)
    open_rules = sorted({rid for c in d.conditions for rid in c.rule_id.split(",")})
    return (d.outcome, tuple(sorted(d.rule_ids)), tuple(open_rules))


_EXPECTED = [_signature(_POLICY, op) for _name, op in _OPS]


def _killed_by(policy: personvern.Policy) -> str | None:
    for (name, op), expected in zip(_OPS, _EXPECTED):
        if _signature(policy, op) != expected:
            return name
    return None


@pytest.fixture(scope="module")
def rules_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mutants") / "rules"
    shutil.copytree(api.default_rules_dir(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


# The rule files, read and validated once by the loader; a rewrite replaces one rule's condition
# in its document and the whole rule set is compiled again (what load_policy does after reading).
# Reading the YAML costs ~0.25 s a load, compiling ~0.01 s; test_the_fast_path_agrees_with_load_policy
# shows, for rewrites of every rule, that both ways give the same answer.
_DOCS, _STATEMENT, _STATEMENT_FILE = api._read_sources(api.default_rules_dir())
_WHERE = {r["id"]: (key, i) for key, doc in _DOCS.items() if key.startswith("rules:") for i, r in enumerate(doc.data["rules"])}


def _compile_with(rule_id: str, when: str) -> personvern.Policy:
    key, i = _WHERE[rule_id]
    doc = _DOCS[key]
    rules = list(doc.data["rules"])
    rules[i] = dict(rules[i], when=when)
    docs = dict(_DOCS, **{key: dataclasses.replace(doc, data=dict(doc.data, rules=rules))})
    policy, _asts = compile_policy(docs, _STATEMENT, _STATEMENT_FILE, "mutant", "mutant")
    return policy


def _load_with(root: Path, rule_id: str, when: str) -> personvern.Policy:
    """The rule set in ``root`` with one condition rewritten in its file, loaded by load_policy."""
    key, i = _WHERE[rule_id]
    path = root / _DOCS["policy"].data["files"]["rules"][int(key.split(":")[1])]
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["rules"][i]["when"] = when
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
        return personvern.load_policy(root, use_cache=False)
    finally:
        path.write_text(text, encoding="utf-8")


def _scope(rule: personvern.Rule) -> expr.Scope:
    return _POLICY.scope_processing if rule.level == "processing" else _POLICY.scope_recipient


def _verdict(load: Any) -> tuple[Any, ...]:
    try:
        policy = load()
    except personvern.PolicyLoadError as e:
        return ("rejected",) + tuple(sorted((p.code, p.path, p.message) for p in e.problems))
    return ("loaded", _killed_by(policy))


def test_unparse_gives_back_every_shipped_condition() -> None:
    for rule in _CONDITIONS:
        assert expr.parse(unparse(rule.ast)) == rule.ast, rule.id


def test_the_fast_path_agrees_with_load_policy(rules_folder: Path) -> None:
    # For every rule one rewrite (the first or the last), and one rule's own condition, through files and load_policy.
    seen = set()
    for n, rule in enumerate(_CONDITIONS):
        rewritten = [text for _kind, text in mutants(rule.ast, _scope(rule))]
        for text in [rewritten[-(n % 2)]] + ([str(rule.when)] if n == 0 else []):
            fast = _verdict(lambda: _compile_with(rule.id, text))
            slow = _verdict(lambda: _load_with(rules_folder, rule.id, text))
            assert fast == slow, (rule.id, text)
            seen.add(fast[0] if fast[0] == "rejected" else ("loaded", fast[1] is None))
    assert seen == {"rejected", ("loaded", True), ("loaded", False)}  # every kind of answer was compared


@pytest.mark.parametrize("rule_id", [r.id for r in _CONDITIONS])
def test_a_mistyped_condition_is_refused_or_changes_a_decision(rule_id: str) -> None:
    rule = _POLICY.rules[rule_id]
    scope = _scope(rule)
    survivors, rejected, changed = [], 0, 0
    for kind, text in mutants(rule.ast, scope):
        if equivalent(rule.ast, kind, expr.parse(text), scope) or (rule_id, text) in EQUIVALENT_IN_RULE:
            continue
        try:
            policy = _compile_with(rule_id, text)
        except personvern.PolicyLoadError as e:
            assert all(p.path == f"$.rules[{_WHERE[rule_id][1]}].when" for p in e.problems), str(e)  # refused for the rewrite only
            rejected += 1
            continue
        if _killed_by(policy) is None:
            survivors.append(f"{kind}: {text}")
        else:
            changed += 1
    assert not survivors, f"{rule_id}: rewrites no test notices:\n  " + "\n  ".join(survivors)
    assert rejected + changed > 0


def test_the_rewrites_include_the_slips_of_issue_9() -> None:
    texts = {rule.id: {text for _kind, text in mutants(rule.ast, _scope(rule))} for rule in _CONDITIONS}
    assert any('facts.objected_purposes == "direct_marketing"' in t for t in texts["rettigheter.innsigelse"])
    assert any('facts.objected_purposes in ["direct_marketing"]' in t for t in texts["rettigheter.innsigelse"])
    assert any('subjects == "customer"' in t for t in texts["oppbevaring.etter-kundeforholdet"])
    assert sum(map(len, texts.values())) >= 400
    reasons = {equivalent(rule.ast, kind, expr.parse(text), _scope(rule))
               for rule in _CONDITIONS for kind, text in mutants(rule.ast, _scope(rule))} - {None}
    assert reasons == {"double negation: not not X is X", 'x in ["t"] is x == "t" when x is one term'}


@pytest.mark.parametrize("rule_id, text", sorted(EQUIVALENT_IN_RULE))
def test_a_rewrite_listed_as_equivalent_in_its_rule_is_one(rule_id: str, text: str) -> None:
    rule = _POLICY.rules[rule_id]
    scope = _scope(rule)
    assert text in {t for _kind, t in mutants(rule.ast, scope)}, "no longer a rewrite of the rule: drop it from the list"
    assert _killed_by(_compile_with(rule_id, text)) is None, "a case tells it apart, so it is not equivalent"
    # The reason, checked on the rule as written: a named set swapped for another inside `categories intersects`
    # is the same when the rule's data_categories meet both sets in the same members.
    def swapped(ast: Ast) -> frozenset[str]:
        named = next(n[2] for _at_, n in _nodes(ast) if n[0] == "intersects" and n[1] == ("path", "categories"))
        return frozenset(scope.bindings[".".join(named[1:])].value)

    before, after = swapped(rule.ast), swapped(expr.parse(text))
    assert before != after and rule.categories is not None
    assert rule.categories & before == rule.categories & after
