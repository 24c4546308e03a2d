"""Broken rule sets: every problem in every file, with file, line, column and JSON path."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

import personvern
from personvern import errors


def _problems(path: Path) -> list[personvern.Problem]:
    with pytest.raises(personvern.PolicyLoadError) as e:
        personvern.load_policy(path, use_cache=False)
    return list(e.value.problems)


def test_bundled_policy_compiles(policy: personvern.Policy) -> None:
    assert policy.id == "flex-kunder" and policy.version == "1"
    assert len(policy.content_hash) == 64
    assert policy.rules["markedsforing.reservasjon"].cites == ("markedsforing.3",)


def test_every_rule_cites_an_existing_clause(policy: personvern.Policy) -> None:
    for rule in policy.rules.values():
        assert rule.cites and all(c in policy.clauses for c in rule.cites), rule.id
    for r in policy.retention_rules:
        assert all(c in policy.clauses for c in r.cites)


def test_rules_are_indexed_by_purpose_and_recipient_kind(policy: personvern.Policy) -> None:
    plan = policy.by_purpose["direct_marketing"]
    assert sorted(r.id for r in plan.permits) == ["markedsforing.interessenter", "markedsforing.kontakt"]
    assert "markedsforing.reservasjon" in [r.id for r in plan.forbids]
    assert "forbud.formal-utenfor-erklaeringen" not in [r.id for r in plan.forbids]
    assert [r.id for r in policy.by_recipient_kind["processor"].permits] == ["overforinger.tjenesteleverandorer"]
    assert set(policy.by_purpose) == set(policy.vocabulary.sections["purposes"])


def test_many_problems_across_files_at_once(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({
        "processing.yaml": [
            ("purposes: [direct_marketing]\n    legal_bases: [legitimate_interests, consent]",
             "purposes: [direct_marketting]\n    legal_bases: [legitimate_interests, consent]"),
            ("when: facts.direct_marketing_objection", "when: facts.direct_marketing_objection and (purpose =="),
            ("cites: [markedsforing.2]", "cites: [markedsforing.9]"),
        ],
        "transfers.yaml": [("effect: permit\n    recipient_kinds: [processor]", "effect: allow\n    recipient_kinds: [processor]")],
        "vocabulary.yaml": [("members: [legal_claims, marketing_opt_out, legal_obligation]", "members: [legal_claims, opt_out]")],
    })
    problems = _problems(path)
    # A schema error in transfers.yaml stops that file before compiling; the rest are all found.
    codes = {(p.code, Path(p.file or "").name) for p in problems}
    assert (errors.UNKNOWN_TERM, "transfers.yaml") in codes
    assert (errors.EXPR_SYNTAX, "processing.yaml") in codes
    assert (errors.UNKNOWN_TERM, "vocabulary.yaml") in codes
    assert (errors.UNKNOWN_CLAUSE, "processing.yaml") in codes
    text = "\n".join(map(str, problems))
    assert "transfers.yaml" in text and "'allow'" in text
    for p in problems:
        assert p.file and p.line and p.column and p.path.startswith("$"), str(p)
    assert not any("default rule" in p.message for p in problems)  # no noise from the file that failed


def test_compile_errors_are_all_reported_with_positions(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({
        "processing.yaml": [
            ("purposes: [direct_marketing]\n    legal_bases: [legitimate_interests, consent]",
             "purposes: [direct_marketting]\n    legal_bases: [legitimate_interests, consent]"),
            ("when: facts.direct_marketing_objection", "when: facts.direct_marketing_objection and (purpose =="),
            ("cites: [markedsforing.2]", "cites: [markedsforing.9]"),
            ("when: facts.browser_blocks_cookies", "when: facts.__class__"),
        ],
        "vocabulary.yaml": [("members: [legal_claims, marketing_opt_out, legal_obligation]", "members: [legal_claims, opt_out]")],
    })
    problems = _problems(path)
    by_code: dict[str, list[personvern.Problem]] = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    assert any("direct_marketting" in p.message and p.path.endswith(".purposes[0]") for p in by_code[errors.UNKNOWN_TERM])
    assert any("opt_out" in p.message for p in by_code[errors.UNKNOWN_TERM])
    [syntax] = by_code[errors.EXPR_SYNTAX]
    assert syntax.path.endswith(".when") and "^" in syntax.message and syntax.line and syntax.column
    assert any("markedsforing.9" in p.message for p in by_code[errors.UNKNOWN_CLAUSE])
    assert any("'_' are not allowed" in p.message for p in by_code[errors.EXPR_TYPE])


def test_duplicate_rule_id(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({"processing.yaml": [("- id: kundeadministrasjon", "- id: intern-rapportering")]})
    problems = _problems(path)
    assert [p.code for p in problems] == [errors.DUPLICATE_ID]
    assert "used twice" in problems[0].message


def test_path_outside_the_rules_folder(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({"policy.yaml": [("- transfers.yaml", "- ../../etc/transfers.yaml")]})
    problems = _problems(path)
    assert problems[0].code == errors.PATH_ESCAPE and problems[0].path == "$.files.rules[1]"


def test_statement_clause_not_listed(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({"statement/personvernerklaering-flex-v1.txt": [
        ("Du kan motsi deg direktemarkedsføring når som helst.", "Du kan motsi deg direktemarkedsføring når som helst. Vi ringer ikke.")]})
    problems = _problems(path)
    assert any(p.code == errors.STATEMENT and "markedsforing.4" in p.message for p in problems)


def test_a_second_default_rule_is_refused(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({"processing.yaml": [("  - id: forbud.formal-utenfor-erklaeringen\n    effect: forbid\n",
                                             "  - id: forbud.formal-utenfor-erklaeringen\n    effect: forbid\n    default: true\n")]})
    problems = _problems(path)
    assert any("default rule" in p.message for p in problems)
