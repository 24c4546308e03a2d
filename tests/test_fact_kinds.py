"""The kinds of fact live in one table (personvern.core.factkinds): no other module spells one,
and a kind that exists only as a table entry works end to end (load, type check, operation
parsing, the fast path, JSON Schema, decisions)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any, Callable

import pytest

import personvern
from personvern import errors
from personvern.check.schemagen import operation_schema
from personvern.core import factkinds
from personvern.core.factkinds import FactKind
from personvern.core.fastcheck import fast_facts
from personvern.core.operation import parse_operation

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"
TABLE = ENGINE / "core" / "factkinds.py"

# Where a kind's spelling may appear without being a fact kind: (module, word, the source line), and why.
# The condition language's own types (lang/) are not scanned: the table maps each kind to one of them.
_NOT_A_KIND = {
    ("check/schemagen.py", "date", '"date": {"type": "string", "format": "date"},'): "the operation's field and a JSON Schema format",
    ("check/schemagen.py", "boolean", '"dpa": {"type": "boolean", "description": "a data processing agreement (GDPR art. 28) exists"}},'):
        "JSON Schema's own type name",
    ("core/fastcheck.py", "date", 'date = get("date")'): "the operation's field",
    ("core/operation.py", "date", '"recipients", "date", "facts", "$schema"})'): "the operation's field",
    ("core/operation.py", "date", 'date = parse_date(data.get("date"), ("date",), bad) if data.get("date") is not None else None'):
        "the operation's field",
    ("decide/retention.py", "date", 'def add_period(start: _dt.date, years: int = 0, months: int = 0, days: int = 0, field: str = "date") -> _dt.date:'):
        "a record field's name in a message",
    ("load/vocabulary.py", "set", 'first, term, second = d["member"]["set"], d["member"]["term"], d["implies"]'): "keys of a fact check",
    ("load/vocabulary.py", "term", 'first, term, second = d["member"]["set"], d["member"]["term"], d["implies"]'): "keys of a fact check",
    ("versions/retention_diff.py", "term", 'return [{"kind": c.kind, "term": c.term, "old": c.old, "new": c.new, "nb": c.nb, "en": c.en, "old_rule": c.old_rule, "new_rule": c.new_rule,'):
        "the changed record class or state, a key of the diff's JSON",
    ("sql/source.py", "date", 'return DATE if "date" in note else BOOLEAN if "bool" in note else TERM'):
        "a retention record field's annotation names the Python type date",
}


def _kind_spellings_outside_the_table() -> list[tuple[str, str, str]]:
    """Every string constant equal to a kind's spelling, outside the table and the language's types,
    except the first argument of lang's Type(...) and a test of a lang type's ``.kind``."""
    spellings = set(factkinds.KINDS)
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        rel = path.relative_to(ENGINE).as_posix()
        if path == TABLE or rel.startswith("lang/"):
            continue
        text = path.read_text(encoding="utf-8")
        tree, lines = ast.parse(text), text.splitlines()
        language_types: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Type" and node.args:
                language_types.add(id(node.args[0]))
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "kind" \
                    and isinstance(node.left.value, ast.Attribute) and node.left.value.attr == "type":
                language_types.update(id(c) for c in node.comparators)  # binding.type.kind == "set": a lang type
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in spellings and id(node) not in language_types:
                found.append((rel, node.value, lines[node.lineno - 1].strip()))
    return found


def test_fact_kind_spellings_occur_in_no_engine_module_but_the_table() -> None:
    stray = [hit for hit in _kind_spellings_outside_the_table() if hit not in _NOT_A_KIND]
    assert stray == [], "spell a fact kind only in core/factkinds.py (use its KINDS, kind_of or an entry): " + repr(stray)


def test_the_kind_spelling_scan_sees_a_kind_spelled_elsewhere(tmp_path: Path) -> None:
    """The scan is not vacuous: the patterns the table replaced would be found."""
    spellings = set(factkinds.KINDS)
    for code in ('if d["type"] == "boolean": pass', '_FACT_TYPES = {"set": "set"}', 'typed(first, "term", "x")'):
        hits = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and n.value in spellings]
        assert hits, code


def test_the_vocabulary_schema_file_lists_the_kinds_of_the_table() -> None:
    """Editors read schemas/vocabulary.schema.json; the loader validates with the table's kinds."""
    on_disk = json.loads((ROOT / "schemas" / "vocabulary.schema.json").read_text(encoding="utf-8"))
    enum = on_disk["properties"]["facts"]["additionalProperties"]["properties"]["type"]["enum"]
    assert enum == list(factkinds.KINDS)
    assert factkinds.vocabulary_schema(on_disk)["properties"]["facts"]["additionalProperties"]["properties"]["type"]["enum"] == enum


# ---------------------------------------------------------------------------- a kind only the table knows


class _CountryCodes:
    """Any ISO 3166 alpha-2 code (the allowed values of the test kind)."""

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and len(value) == 2 and value.isascii() and value.isupper()


def _read_country(value: Any, of: str | None, sections: Any, bad: Callable[..., None], path: tuple[str | int, ...]) -> Any:
    if value not in _CountryCodes():
        bad(errors.UNKNOWN_TERM, f"{str(value)[:80]!r} is not an ISO 3166 alpha-2 country code", *path)
        return None
    return value


COUNTRY = FactKind("country", "en landkode", "a country code", "term", str, _read_country,
                   lambda of, enum: {"anyOf": [{"type": "string", "pattern": "^[A-Z]{2}$"}, {"type": "null"}]}, "TEXT",
                   vocab="countries", allowed=lambda of, sections: _CountryCodes())

_FACT = """  customer_country:
    type: country
    nb: kunden bor i {country}
    en: the customer lives in {country}
"""
_RULES = """level: processing
rules:
  - id: landtest.utenfor-eos
    effect: forbid
    purposes: [direct_marketing]
    when: facts.customer_country not in sets.eea_countries
    cites: [overforinger.1]
    title: {nb: Kunde utenfor EØS, en: A customer outside the EEA}
    explanation: {nb: Bare for testen av en ny faktatype., en: Only for the test of a new fact kind.}
"""
NEWSLETTER = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["email", "name"],
              "data_subjects": ["customer"], "action": "contact",
              "recipients": [{"kind": "processor", "name": "Postmark EU", "country": "IE", "dpa": True}],
              "facts": {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active"}}


def _with_country_fact(rules_copy: Callable[..., Path], when: str | None = None) -> Path:
    root: Path = rules_copy({"vocabulary.yaml": [("facts:\n", "facts:\n" + _FACT)],
                             "policy.yaml": [("    - processing.yaml\n", "    - processing.yaml\n    - country.yaml\n")]})
    rules = _RULES if when is None else _RULES.replace("facts.customer_country not in sets.eea_countries", when)
    (root / "country.yaml").write_text(rules, encoding="utf-8")
    return root


def _op(country: Any) -> dict[str, Any]:
    return {**NEWSLETTER, "facts": {**NEWSLETTER["facts"], "customer_country": country}}


def test_a_fact_kind_needs_only_its_table_entry(rules_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _with_country_fact(rules_copy)
    with pytest.raises(errors.PolicyLoadError) as unknown:  # not in the table: the vocabulary is refused
        personvern.load_policy(root, use_cache=False)
    assert any(p.code == errors.UNKNOWN_TERM and "country" in p.message for p in unknown.value.problems)

    monkeypatch.setitem(factkinds.KINDS, COUNTRY.name, COUNTRY)
    policy = personvern.load_policy(root, use_cache=False)

    # operation parsing: read and checked by the entry, with its message
    assert parse_operation(policy, _op("SE")).facts["customer_country"] == "SE"
    with pytest.raises(errors.OperationError) as bad:
        parse_operation(policy, _op("Sweden"))
    assert [(p.code, p.path) for p in bad.value.problems] == [(errors.UNKNOWN_TERM, "$.facts.customer_country")]
    assert "alpha-2" in bad.value.problems[0].message

    # the fast path accepts what the entry allows and hands anything else to the full reader
    assert fast_facts(policy, {"customer_country": "SE"}) == {"customer_country": "SE"}
    assert fast_facts(policy, {"customer_country": "se"}) is None

    # JSON Schema
    schema = operation_schema(policy)["$defs"]["facts"]["properties"]["customer_country"]
    assert schema["anyOf"][0] == {"type": "string", "pattern": "^[A-Z]{2}$"}

    # decisions: the rule reads the fact through the type the entry gives it
    assert policy.evaluate(_op("SE")).outcome == "permit"
    denied = policy.evaluate(_op("US"))
    assert denied.outcome == "deny" and [r.rule_id for r in denied.reasons] == ["landtest.utenfor-eos"]
    unknown_country = policy.evaluate(_op(None))
    assert unknown_country.outcome == "conditional"
    assert [c.facts for c in unknown_country.conditions] == [("customer_country",)]
    with pytest.raises(errors.OperationError):
        policy.evaluate(_op("Sweden"))


def test_a_table_only_fact_kind_is_type_checked(rules_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(factkinds.KINDS, COUNTRY.name, COUNTRY)
    for when, says in (('facts.customer_country == "se"', "alpha-2"),  # a literal that is no value of the kind
                       ("facts.customer_country", "true or false"),  # a country is not a condition
                       ("purpose in facts.customer_country", "set")):
        root = _with_country_fact(rules_copy, when)
        with pytest.raises(errors.PolicyLoadError) as e:
            personvern.load_policy(root, use_cache=False)
        assert [p.code for p in e.value.problems] == [errors.EXPR_TYPE], when
        assert says in e.value.problems[0].message, (when, e.value.problems[0].message)
        (root.parent / "rules").rename(root.parent / f"rules-{abs(hash(when))}")
