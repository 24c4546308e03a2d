"""Broken rule sets: every problem in every file, with file, line, column and JSON path."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

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



@pytest.mark.parametrize("target", ["samtykke.finnes-ikke", "samtykke.andre-formal", "overforinger.myndigheter-uten-hjemmel"])
def test_refines_must_name_a_rule_of_the_same_effect_and_level(rules_copy: Callable[..., Path], target: str) -> None:
    """A `refines` that names no rule, a permit (other effect) or a recipient rule (other level) is a load error."""
    path = rules_copy({"processing.yaml": [("      rule: samtykke.mangler\n", f"      rule: {target}\n")]})
    problems = _problems(path)
    assert [p.code for p in problems] == [errors.UNKNOWN_TERM] and problems[0].path.endswith(".refines.rule"), problems


# ---------------------------------------------------------------------------- ill-typed conditions in rule files


def _type_problems(path: Path) -> list[personvern.Problem]:
    return [p for p in _problems(path) if p.code == errors.EXPR_TYPE]


def _line_of(path: Path, text: str) -> int:
    """The 1-based line of processing.yaml that holds ``text`` (the rules change; their lines move)."""
    lines = (path / "processing.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _rule_index(path: Path, text: str) -> int:
    """The index in ``rules:`` of the rule whose lines hold ``text``."""
    count = -1
    for line in (path / "processing.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id:"):
            count += 1
        if text in line:
            return count
    raise AssertionError(text)


@pytest.mark.parametrize(
    ("when", "token"),
    [
        ('facts.objected_purposes == "direct_marketing"', "=="),
        ('facts.objected_purposes in ["direct_marketing"]', "in"),
        ('subjects == "customer"', "=="),
        ('purpose in "direct_marketing"', '"direct_marketing"'),
        ('legal_basis == ["consent"] and facts.legal_duty', "["),
        ('facts.legal_duty and facts.customer_relationship', "facts.customer_relationship"),
        ('facts.legal_duty == "yes"', '"yes"'),
    ],
)

def test_ill_typed_comparison_is_rejected_at_load_time_at_its_file_column(
        rules_copy: Callable[..., Path], when: str, token: str) -> None:
    path = rules_copy({"processing.yaml": [("when: facts.legal_duty\n", f"when: {when}\n")]})
    [p] = _type_problems(path)
    assert Path(p.file or "").name == "processing.yaml" and p.path == f"$.rules[{_rule_index(path, when)}].when"
    assert (p.line, p.column) == (_line_of(path, when), 11 + when.index(token))  # the value starts in column 11
    assert p.message.endswith(when + "\n" + " " * when.index(token) + "^")


def test_ill_typed_comparison_is_rejected_at_its_column_in_quoted_and_spaced_conditions(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({
        "processing.yaml": [("when: facts.legal_duty\n", "when: 'subjects   ==   \"customer\"'\n"),
                            ("when: facts.in_reservation_register\n", "when: facts.in_reservation_register  and  categories == \"health\"\n")],
    })
    by_line = {p.line: p for p in _type_problems(path)}
    assert by_line[_line_of(path, "'subjects   ==")].column == 11 + len("'subjects   ")  # the caret in the file, not in the normalised text
    assert by_line[_line_of(path, "register  and  categories")].column == 11 + len("facts.in_reservation_register  and  categories ")


def test_ill_typed_comparison_in_a_folded_block_is_placed_at_the_condition_and_shown_with_a_caret(
        rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({"processing.yaml": [('facts.customer_relationship == "ended"', 'facts.customer_relationship == ["ended"]')]})
    [p] = _type_problems(path)
    changed = 'customer_relationship == ["ended"]'
    # the folded block starts two lines above the line that holds the change, at "when: >-"
    assert (p.line, p.column, p.path) == (_line_of(path, changed) - 2, 11, f"$.rules[{_rule_index(path, changed)}].when")
    excerpt, caret = p.message.splitlines()[-2:]
    assert excerpt[caret.index("^"):].startswith('["ended"]')


def test_ill_typed_comparisons_in_many_rules_are_all_reported_at_once(rules_copy: Callable[..., Path]) -> None:
    path = rules_copy({
        "processing.yaml": [("when: facts.legal_duty\n", 'when: facts.legal_duty == "true" or subjects == "customer"\n'),
                            ("when: facts.direct_marketing_objection\n", 'when: facts.objected_purposes == "direct_marketing"\n')],
        "transfers.yaml": [("when: recipient.country not in sets.eea_countries", 'when: recipient.country not in ["no"]')],
    })
    found = sorted((Path(p.file or "").name, p.line, p.column) for p in _type_problems(path))
    first = 'facts.legal_duty == "true" or subjects == "customer"'
    transfers = (path / "transfers.yaml").read_text(encoding="utf-8").splitlines()
    t_line = next(i for i, line in enumerate(transfers, 1) if 'not in ["no"]' in line)
    assert found == [("processing.yaml", _line_of(path, first), 11 + first.index('"true"')),
                     ("processing.yaml", _line_of(path, first), 11 + first.rindex("==")),
                     ("processing.yaml", _line_of(path, 'objected_purposes == "direct'), 11 + len("facts.objected_purposes ")),
                     ("transfers.yaml", t_line, 11 + len("recipient.country not in ["))]


def test_a_refused_rule_is_reported_once_not_again_where_rights_refer_to_it(rules_copy: Callable[..., Path]) -> None:
    # rights.yaml names markedsforing.reservasjon; a slip in its condition is that rule's problem alone.
    broken = rules_copy({"processing.yaml": [("    when: facts.direct_marketing_objection\n", "    when: facts.objected_purposes\n")]})
    problems = _problems(broken)
    assert [(p.code, p.path) for p in problems] == [(errors.EXPR_TYPE, problems[0].path)]
    assert problems[0].path.endswith("].when") and problems[0].file.endswith("processing.yaml")


def test_rights_referring_to_a_rule_no_file_writes_are_refused(rules_copy: Callable[..., Path]) -> None:
    renamed = rules_copy({"rights.yaml": [("rule: markedsforing.reservasjon", "rule: markedsforing.reservasjonen")]})
    assert any(p.code == errors.UNKNOWN_TERM and "markedsforing.reservasjonen" in p.message for p in _problems(renamed))


@pytest.mark.parametrize("controller, nb, en, report", [
    ("controller:\n  name: Eksempel AS\n  cites: [behandlingsansvarlig.1]\n", "med Eksempel AS", "with Eksempel AS", "Eksempel AS"),
    ("", "med den behandlingsansvarlige", "with the controller", "den behandlingsansvarlige"),
])
def test_the_controller_is_named_from_policy_yaml_never_from_engine_code(rules_copy: Any, controller: str, nb: str, en: str,
                                                                        report: str) -> None:
    """Whom a processing agreement is with, and who became aware of a breach, is policy.yaml's controller
    (short_name, else name); a policy that names none reads as the role."""
    original = ("controller:\n  name: Flex AS\n  short_name: Flex   # in running text: «databehandleravtale med Flex»\n"
                "  representative: daglig leder Iren N. Tverå\n  cites: [behandlingsansvarlig.1]\n")
    policy = personvern.load_policy(rules_copy({"policy.yaml": [(original, controller)]}), use_cache=False)
    assert policy.labels.phrase("recipient.dpa", "nb") == f"mottakeren har databehandleravtale {nb}"
    assert policy.labels.phrase("recipient.dpa", "en") == f"the recipient has a data processing agreement {en}"
    assert policy.controller_words() == report
