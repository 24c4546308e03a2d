"""Problem reports a user fixes a file from: every problem of every stage at once, and "did you mean"."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

import personvern
from personvern import errors
from personvern.cli import main

# One rule of processing.yaml broken three ways: a field the schema does not know (a schema error),
# a data category nobody defined (an unknown term) and a clause the statement does not have.
_RULE = "  - id: tjenesteleveranse.opplysninger\n    effect: permit\n"
_THREE_WAYS = [
    (_RULE, "  - id: tjenesteleveranse.opplysninger\n    effect: permit\n    titel: typo\n"),
    ("data_categories: [name, date_of_birth, gender, address, phone, email]",
     "data_categories: [name, date_of_birth, gender, address, phone, emial]"),
    ("cites: [innhenting.1, innhenting.2, innhenting.3]", "cites: [innhenting.1, innhenting.2, innhenting.99]"),
]


def _problems(path: Path) -> list[personvern.Problem]:
    with pytest.raises(personvern.PolicyLoadError) as e:
        personvern.load_policy(path, use_cache=False)
    return list(e.value.problems)


def test_a_schema_error_does_not_hide_unknown_terms_and_clauses_in_the_same_file(rules_copy: Callable[..., Path]) -> None:
    problems = _problems(rules_copy({"processing.yaml": _THREE_WAYS}))
    found = {(p.code, p.path) for p in problems if Path(p.file or "").name == "processing.yaml"}
    schema = [p for p in problems if p.code == errors.SCHEMA]
    assert len(schema) == 1 and "'titel'" in schema[0].message, problems
    rule = schema[0].path.rsplit(".", 1)[0]  # $.rules[N]
    assert (errors.UNKNOWN_TERM, f"{rule}.data_categories[5]") in found
    assert (errors.UNKNOWN_CLAUSE, f"{rule}.cites[2]") in found
    assert len(problems) == 3, problems  # and nothing from the placeholders that stand in for what the schema refused
    for p in problems:
        assert p.file and p.line and p.column, str(p)


def test_validate_prints_every_problem_of_every_stage_sorted_with_position_and_code(
        rules_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = rules_copy({"processing.yaml": _THREE_WAYS,
                       "transfers.yaml": [("effect: permit\n    recipient_kinds: [processor]", "effect: allow\n    recipient_kinds: [processor]")]})
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    lines = [line.strip() for line in err.splitlines() if ": " in line and line.startswith("  ")]
    codes = [line.split(": ")[1] for line in lines]
    assert sorted(codes) == sorted([errors.SCHEMA, errors.UNKNOWN_TERM, errors.UNKNOWN_CLAUSE, errors.UNKNOWN_TERM]), err
    where = [(line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines]
    assert where == sorted(where), err
    assert all("(at $." in line for line in lines), err
    assert "did you mean 'email'?" in err


def test_a_schema_refused_condition_longer_than_its_limit_is_never_parsed(rules_copy: Callable[..., Path]) -> None:
    long = "facts.legal_duty or " * 300 + "facts.legal_duty"
    path = rules_copy({"processing.yaml": [(_RULE, _RULE + f"    when: {long}\n")]})
    problems = _problems(path)
    assert [p.code for p in problems] == [errors.SCHEMA], problems


@pytest.mark.parametrize("data, message", [
    ({"data_categories": ["emial"]}, "'emial' is not a known term of data_categories; did you mean 'email'?"),
    ({"purpose": "direct_marketting"}, "did you mean 'direct_marketing'"),
    ({"legal_basis": "concent"}, "did you mean 'consent'?"),
    ({"facts": {"consnt": []}}, "did you mean 'consents'?"),
])
def test_an_unknown_term_in_an_operation_names_the_closest_known_term(policy: personvern.Policy, data: dict[str, object],
                                                                      message: str) -> None:
    op = {"purpose": "service_delivery", "legal_basis": "contract", "data_categories": ["email"],
          "data_subjects": ["customer"], "action": "use", **data}
    with pytest.raises(personvern.OperationError) as e:
        policy.operation(op)
    assert any(message in p.message for p in e.value.problems), e.value


def test_an_unknown_term_lists_the_valid_terms_only_when_they_are_few() -> None:
    few = errors.unknown_term("zzz", "actions", ["use", "disclose", "store"])
    many = errors.unknown_term("zzz", "data_categories", [f"term_{i}" for i in range(errors.MAX_LISTED + 1)])
    assert few.endswith("expected one of: disclose, store, use")
    assert "expected" not in many and "did you mean" not in many
    assert errors.suggest("emial", ["email"], "nb") == "; mente du «email»? Gyldige verdier: email"


def test_an_unknown_term_in_a_rule_file_names_the_closest_known_term(rules_copy: Callable[..., Path]) -> None:
    problems = _problems(rules_copy({"processing.yaml": _THREE_WAYS[1:2]}))
    assert [p.message for p in problems] == ["'emial' is not a known term of data_categories; did you mean 'email'?"]


def test_a_schema_error_in_retention_rules_does_not_hide_their_unknown_terms_and_clauses(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({"retention.yaml": [
        ("record_classes: [customer_data]\n    keep: relationship\n    cites: [oppbevaring.1, oppbevaring.2, oppbevaring.5]",
         "record_classes: [customer_data]\n    keep: forever\n    cites: [oppbevaring.1, oppbevaring.2, oppbevaring.55]"),
        ("record_classes: [bookkeeping_primary]", "record_classes: [bookkeeping_primry]"),
    ]})
    problems = _problems(path)
    assert sorted(p.code for p in problems) == sorted([errors.UNKNOWN_TERM, errors.UNKNOWN_CLAUSE, errors.UNKNOWN_TERM]), problems
    assert any("'forever' is not a known term here" in p.message for p in problems)  # the schema's enum
    assert any("did you mean 'bookkeeping_primary'" in p.message for p in problems)
    assert any(p.path == "$.rules[0].cites[2]" and p.code == errors.UNKNOWN_CLAUSE for p in problems)


@pytest.mark.parametrize("name, text", [
    ("app.py", 'import personvern\n\n@personvern.guard(purpose="service_delivery", legal_basis="contract", data_categories=["emial"],\n'
               '                  data_subjects=["customer"], action="use")\ndef f() -> None: ...\n'),
    ("personvern.yaml", "activities:\n  - name: a\n    purpose: service_delivery\n    legal_basis: contract\n    data_categories: [emial]\n"
                        "    data_subjects: [customer]\n    action: use\n    retention: {record_class: custmer_data}\n"),
])
def test_an_unknown_term_in_a_declaration_names_the_closest_known_term(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                       name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "'emial' is not a known term of data_categories; did you mean 'email'?" in out, out
    if name.endswith(".yaml"):
        assert "'custmer_data' is not a known term of record_classes; did you mean 'customer_data'?" in out, out
