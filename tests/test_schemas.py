"""The JSON Schemas: in step with the vocabulary, and agreeing with what the engine accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import personvern
from personvern.check.schemagen import GENERATED

from .conftest import CASES, ROOT

SCHEMAS = ROOT / "schemas"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_schemas_are_in_step(policy: personvern.Policy, name: str) -> None:
    on_disk = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert on_disk == GENERATED[name](policy), f"run: personvern schema {name} > schemas/{name}.schema.json"


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_is_valid_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((CASES / "decisions.yaml").read_text(encoding="utf-8"))["cases"]
    return cases


def test_every_case_and_example_matches_the_operation_schema() -> None:
    v = _validator("operation")
    ops = [c["operation"] for c in _cases()]
    for path in (ROOT / "examples" / "operations").glob("*.yaml"):
        ops.append(json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str)))
    for op in ops:
        assert not list(v.iter_errors(op)), op


def test_every_decision_matches_the_decision_schema(policy: personvern.Policy) -> None:
    v = _validator("decision")
    for case in _cases():
        d = policy.evaluate(case["operation"]).to_dict()
        errs = [e.message for e in v.iter_errors(d)]
        assert not errs, (case["name"], errs)
    explained = policy.explain(_cases()[0]["operation"]).to_dict()
    assert not list(v.iter_errors(explained))


@pytest.mark.parametrize(
    "bad",
    [
        {"purpose": "direct_marketting"},
        {"data_categories": ["helse"]},
        {"data_categories": []},
        {"extra": 1},
        {"recipients": [{"kind": "processor", "name": "X", "country": "Norway"}]},
        {"facts": {"direct_marketing_objection": "no"}},
        {"facts": {"consents": ["newsletter"]}},
        {"date": "25.11.2026"},
    ],
)
def test_schema_and_engine_agree_on_bad_operations(policy: personvern.Policy, bad: dict[str, Any]) -> None:
    op = {"purpose": "security", "legal_basis": "legitimate_interests", "data_categories": ["ip_address"],
          "data_subjects": ["website_visitor"], **bad}
    assert list(_validator("operation").iter_errors(op))
    with pytest.raises(personvern.OperationError):
        policy.operation(op)


@pytest.mark.parametrize(("name", "schema"), [("processing.yaml", "rules"), ("transfers.yaml", "rules"), ("vocabulary.yaml", "vocabulary"),
                                               ("clauses.yaml", "clauses"), ("retention.yaml", "retention"), ("rights.yaml", "rights"),
                                               ("breach.yaml", "breach"), ("policy.yaml", "policy")])
def test_rule_files_match_their_schemas(name: str, schema: str) -> None:
    from personvern.load import loader

    doc, problems = loader.read_document(ROOT / "rules" / name)
    assert doc is not None and not problems
    assert loader.validate(doc, schema) == []


def test_schemas_are_strict_about_unknown_keys() -> None:
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, path.name
