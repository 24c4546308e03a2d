"""Fuzzing (hypothesis): the parsers and loaders only ever raise personvern errors, and never hang.

* the condition language: parse, typecheck and compile arbitrary text and grammar-shaped text
  (from the grammar itself, and from the policy's own names, terms and operators); a condition
  that type-checks never raises on a valid operation and agrees with an independent interpreter;
* the YAML loader: arbitrary text, arbitrary bytes, and YAML-shaped text (anchors, tags,
  directives, flow and block nesting); it returns problems and never raises;
* the JSON Schema validation of every rule file schema on arbitrary data;
* operations, retention records, rights requests and breaches as arbitrary JSON-like data, and
  as valid ones with one field replaced: a decision, or a PersonvernError, nothing else;
* whole rule sets with one file mangled: a policy, or a PolicyLoadError.

Every crash found here became a regression example (``@example``) below and a case in
tests/hostile/catalogue.yaml. Bounded for CI: deadline off per example, but a wall-clock guard
around each call, and modest example counts (PERSONVERN_HYPOTHESIS_EXAMPLES to search harder).
"""

from __future__ import annotations

import datetime
import os
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import personvern
from personvern import errors
from personvern.lang import expr
from personvern.load import loader
from personvern.lang.residual import reduce

from .test_properties import POLICY, VOCAB, interp, operations, typed

EXAMPLES = int(os.environ.get("PERSONVERN_HYPOTHESIS_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SLOW = 15.0  # seconds: a hang guard, not a benchmark (the first call on a loaded CI machine can be slow)


def bounded(call: Callable[[], Any]) -> Any:
    started = time.monotonic()
    try:
        return call()
    finally:
        assert time.monotonic() - started < SLOW, "took too long: a hang or a quadratic path"


# ---------------------------------------------------------------------------- the condition language

SCOPE = POLICY.scope_recipient  # the widest: every name a rule may use
NAMES = sorted(SCOPE.bindings)
TERMS = sorted({t for s in SCOPE.terms.values() for t in s} | {"NO", "US", "x", ""})
TOKENS = NAMES + ["and", "or", "not", "in", "not in", "intersects", "==", "!=", "(", ")", "[", "]", ",", "true", "false",
                  "__class__", "__import__", "facts.__dict__", ".", "'", '"', "\\", "=", "$", "lambda", "1", "0x1", "\n", "\t"]


def _grammar_text() -> st.SearchStrategy[str]:
    from hypothesis.extra.lark import from_lark
    from lark import Lark

    grammar = (Path(expr.__file__).parent / "expr.lark").read_text(encoding="utf-8")
    return from_lark(Lark(grammar, start="start"), start="start")


token_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.sampled_from(TERMS).map(lambda t: f'"{t}"')),
                      min_size=1, max_size=25).map(" ".join)
# Grammar-shaped text whose names are real names more often than not.
named_text = st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(["and", "or", "not"]),
                                st.sampled_from(["==", "!=", "in", "not in", "intersects"]),
                                st.sampled_from(TERMS).map(lambda t: f'"{t}"'),
                                st.lists(st.sampled_from(TERMS), max_size=3).map(lambda ts: "[" + ", ".join(f'"{t}"' for t in ts) + "]")),
                      min_size=1, max_size=9).map(" ".join)


def _compile(text: str) -> expr.Cond | None:
    """Parse, type-check and compile; None for a condition refused with an ExpressionError."""
    try:
        ast = bounded(lambda: expr.parse(text))
        expr.typecheck(ast, SCOPE)
        return expr.compile_condition(ast, SCOPE)
    except errors.ExpressionError as e:
        assert e.code in (errors.EXPR_SYNTAX, errors.EXPR_TYPE)
        assert e.line >= 1 and e.column >= 1
        return None


@FUZZ
@given(st.text(max_size=300))
@example("\x00")
@example("(" * 5000 + "true" + ")" * 5000)
@example("not " * 2000 + "true")
@example('"' + "x" * 5000 + '"')
@example("purpose in [purpose]")
def test_any_text_is_a_condition_or_an_expression_error(text: str) -> None:
    _compile(text)


@FUZZ
@given(token_text)
def test_token_soup_is_a_condition_or_an_expression_error(text: str) -> None:
    _compile(text)


@settings(FUZZ, max_examples=min(EXAMPLES, 100))  # from_lark's examples grow large: ~0.3 s and much memory each later on
@given(_grammar_text())
def test_text_from_the_grammar_is_a_condition_or_an_expression_error(text: str) -> None:
    _compile(text)


@FUZZ
@given(named_text, operations(), st.data())
@example("purpose in [purpose]", {"purpose": "security", "legal_basis": "legitimate_interests", "data_categories": ["name"],
                                  "data_subjects": ["customer"]}, None)
def test_a_condition_that_type_checks_never_raises_on_a_valid_operation(text: str, op: dict[str, Any], data: Any) -> None:
    cond = _compile(text)
    if cond is None:
        return
    o = typed(POLICY, op)
    rcpt = o.recipients[0] if o.recipients else personvern.Recipient("processor", "Visma", "NO", None)
    v = cond(o, o.facts, rcpt)
    assert v is None or v is True or v is False, f"{text!r} gave {v!r}"
    ast = expr.parse(text)
    assert v is interp(ast, POLICY, o, o.facts, rcpt)
    residual = reduce(ast, SCOPE, o, o.facts, rcpt)
    assert (residual is v) if isinstance(residual, bool) else v is None


# ---------------------------------------------------------------------------- the YAML loader

YAML_TOKENS = ["a", "b", "purpose", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&x", "*x", "&y", "*y", "<<", "!!python/object/apply:os.system",
               "!!str", "!!int", "!!timestamp", "!!binary", "!!set", "!!map", "!!seq", "!custom", "%YAML 1.2", "%TAG ! tag:yaml.org,2002:",
               "---", "...", "?", "|", ">", "'", '"', "#", "\n", "\n  ", "\n    ", "\t", "~", "null", "yes", "NO", "0123", "1:20",
               "2026-02-30", "2026-11-25T10:00:00+01:00", ".inf", "1e999", "\ufeff", "\x85", "\u2028", "æøå", "\\", "@", "`"]
yaml_text = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)


def _parse(text: str) -> None:
    doc, problems = bounded(lambda: loader.parse_yaml(text, "fuzz.yaml"))
    assert (doc is None) == bool(problems)
    for p in problems:
        assert isinstance(p, errors.Problem) and p.code and p.message and len(p.message) < 2000
        assert p.line is None or p.line >= 1


@FUZZ
@given(st.text(max_size=500))
@example("a: !!timestamp abc")  # constructor crash: AttributeError
@example("a: \x00")  # ReaderError before parsing
@example("a: \ud800")
@example("*x : 1")
@example("a: " + "[" * 100000)  # quadratic scanner: minutes
def test_any_text_parses_or_gives_problems(text: str) -> None:
    _parse(text)


@FUZZ
@given(yaml_text)
def test_yaml_shaped_text_parses_or_gives_problems(text: str) -> None:
    _parse(text)


@FUZZ
@given(st.binary(max_size=500))
@example(b"\xff\xfe" + "purpose: x".encode("utf-16-le"))
@example(b"\xef\xbb\xbf\xef\xbb\xbfa: 1")
def test_any_bytes_decode_and_parse_or_give_problems(raw: bytes) -> None:
    text, problems = loader.decode(raw, "fuzz.yaml")
    if text is None:
        assert problems and problems[0].code in (errors.ENCODING, errors.INPUT_TOO_LARGE)
        return
    _parse(text)


json_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
              st.sampled_from(sorted(VOCAB.terms("purposes")) + ["contract", "consent", "processor", "NO", "2026-01-01"])),
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=15), inner, max_size=5)),
    max_leaves=25)


@FUZZ
@given(st.sampled_from(["policy", "clauses", "vocabulary", "rules", "retention", "rights", "breach", "operation", "manifest"]),
       json_like)
def test_the_schemas_validate_anything(name: str, data: Any) -> None:
    if not (Path(loader.SCHEMA_DIR) / f"{name}.schema.json").exists():
        pytest.skip(f"no {name} schema")
    problems = bounded(lambda: loader.validate(loader.Document("fuzz.yaml", data), name))
    assert all(isinstance(p, errors.Problem) for p in problems)


# ---------------------------------------------------------------------------- operations and the other questions


def _only_personvern_errors(call: Callable[[], Any]) -> Any:
    try:
        return bounded(call)
    except personvern.PersonvernError as e:
        assert str(e) and len(str(e)) < 200_000
        if isinstance(e, personvern.InvalidInputError):
            assert e.problems, "an InvalidInputError must carry its problems"
        return None


def _mutations(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``base`` with one field (or one nested field) replaced by anything JSON-like."""
    @st.composite
    def mutate(draw: st.DrawFn) -> dict[str, Any]:
        out = dict(base)
        key = draw(st.sampled_from(sorted(set(base) | {"facts", "recipients", "id", "date", "action", "extra"})))
        value = draw(json_like)
        if key == "facts" and draw(st.booleans()):
            value = {draw(st.sampled_from(sorted(VOCAB.facts))): value}
        if key == "recipients" and draw(st.booleans()):
            field = draw(st.sampled_from(["kind", "name", "country", "dpa", "extra"]))
            value = [{"kind": "processor", "name": "Visma", "country": "NO", "dpa": True, field: value}]
        out[key] = value
        return out
    return mutate()


VALID_OPERATION = {"purpose": "service_delivery", "legal_basis": "contract", "data_categories": ["name"],
                   "data_subjects": ["customer"], "facts": {"customer_relationship": "active"}}


@FUZZ
@given(st.one_of(json_like, _mutations(VALID_OPERATION)))
@example({**VALID_OPERATION, "recipients": [{"kind": ["processor"], "name": "Visma", "country": "NO"}]})  # TypeError: unhashable
@example({**VALID_OPERATION, "action": None})  # an OperationError with no problems: the CLI printed nothing and exited 0
def test_any_operation_data_decides_or_raises_an_operation_error(data: Any) -> None:
    decision = _only_personvern_errors(lambda: POLICY.evaluate(data))
    if decision is not None:
        assert decision.outcome in (personvern.PERMIT, personvern.DENY, personvern.CONDITIONAL)
        again = POLICY.evaluate(typed(POLICY, data))
        assert again.to_dict() == decision.to_dict()


@FUZZ
@given(st.one_of(json_like, _mutations({"record_class": "bookkeeping_primary", "fiscal_year_end": "2024-12-31",
                                        "data_categories": ["name"], "customer_relationship": "ended"})),
       st.dates())
@example({"record_class": ["x"]}, datetime.date(2026, 1, 1))  # TypeError: unhashable
@example({"record_class": "bookkeeping_primary", "fiscal_year_end": "9999-12-31"}, datetime.date(2026, 1, 1))  # year 10004
def test_any_retention_record_is_decided_or_refused(record: Any, on: datetime.date) -> None:
    _only_personvern_errors(lambda: POLICY.retention(record, on))


@FUZZ
@given(st.one_of(json_like, _mutations({"right": "erasure", "received_on": "2026-11-25",
                                        "records": [{"record_class": "customer_data", "purpose": "direct_marketing",
                                                     "legal_basis": "consent"}]})))
@example({"right": "erasure", "received_on": "9999-12-31"})  # year 10000
@example({"right": "objection", "received_on": "2026-01-01", "records": [{"purpose": ["direct_marketing"]}]})
def test_any_rights_request_is_answered_or_refused(request: Any) -> None:
    _only_personvern_errors(lambda: POLICY.rights_request(request))


@FUZZ
@given(st.one_of(json_like, _mutations({"aware_at": "2026-11-25T09:30:00+01:00", "risk": "high_risk"})))
@example({"aware_at": "9999-12-31T23:00:00+00:00", "risk": "high_risk"})  # OverflowError
@example({"aware_at": "2026-01-01T00:00:00+01:00", "risk": ["risk"]})
def test_any_breach_is_assessed_or_refused(incident: Any) -> None:
    _only_personvern_errors(lambda: POLICY.breach(incident))


# ---------------------------------------------------------------------------- the statement


STATEMENT = (Path(loader.RULES_DIR) / "statement" / "personvernerklaering-flex-v1.txt").read_text(encoding="utf-8")
SECTIONS = {s["heading"]: s["id"] for s in loader.read_document(Path(loader.RULES_DIR) / "clauses.yaml")[0].data["sections"]}  # type: ignore[union-attr]


@FUZZ
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(STATEMENT.split("\n") + ["", "• punkt", "Versjon 2 – 01.01.2030"]),
                                                 max_size=30).map("\n".join)))
def test_any_statement_text_is_divided_or_refused(text: str) -> None:
    from personvern.load import statement

    try:
        clauses = bounded(lambda: statement.segment(text, SECTIONS))
    except statement.StatementError as e:
        assert str(e)
        return
    assert len({c.id for c in clauses}) == len(clauses)


# ---------------------------------------------------------------------------- whole rule sets

RULE_FILES = ["policy.yaml", "clauses.yaml", "vocabulary.yaml", "processing.yaml", "transfers.yaml",
              "retention.yaml", "rights.yaml", "breach.yaml", "statement/personvernerklaering-flex-v1.txt"]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, str]:
    """One rule file with a few lines deleted, duplicated, swapped or edited."""
    name = draw(st.sampled_from(RULE_FILES))
    lines = (Path(loader.RULES_DIR) / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "duplicate", "swap", "edit", "indent", "dedent"]))
        if how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif how == "edit":
            line = lines[i]
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.sampled_from(YAML_TOKENS + TOKENS)) + line[j + draw(st.integers(0, 3)):]
        elif how == "indent":
            lines[i] = "  " + lines[i]
        else:
            lines[i] = lines[i][2:]
    return name, "\n".join(lines)


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(mangled())
def test_a_mangled_rule_set_loads_or_raises_a_policy_load_error(tmp_path_factory: pytest.TempPathFactory,
                                                                 change: tuple[str, str]) -> None:
    name, text = change
    rules = tmp_path_factory.mktemp("rules")
    shutil.copytree(loader.RULES_DIR, rules, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (rules / name).write_text(text, encoding="utf-8")
    started = time.monotonic()
    try:
        policy = personvern.load_policy(rules, use_cache=False)
    except personvern.PolicyLoadError as e:
        assert e.problems and all(p.code for p in e.problems)
        return
    finally:
        assert time.monotonic() - started < 10 * SLOW
    # A rule set that still loads is a working policy: it decides, and never crashes deciding.
    d = policy.evaluate(VALID_OPERATION)
    assert d.outcome in (personvern.PERMIT, personvern.DENY, personvern.CONDITIONAL)
