"""Reading processing declarations: manifests (YAML) and Python code (ast, never run)."""

from __future__ import annotations

import datetime as _dt
import json
import re
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import personvern
from personvern import errors
from personvern.load import loader
from personvern.check import manifest
from personvern.check.manifest import Checked, SourceFile

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "manifests"
ON = _dt.date(2026, 11, 25)
GOOD_ACTIVITY = """\
  - name: nyhetsbrev
    purpose: direct_marketing
    legal_basis: legitimate_interests
    data_categories: [name, email]
    data_subjects: [customer]
    action: contact
    retention: {record_class: customer_data}
"""


def checked(policy: personvern.Policy, path: Path) -> tuple[SourceFile, list[Checked]]:
    source = manifest.read_source(path, path.name)
    return source, manifest.check(policy, [source], ON)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes_at(c: Checked) -> list[tuple[str, int | None, int | None, str]]:
    return [(p.code, p.line, p.column, p.path) for p in c.problems]


# ---------------------------------------------------------------------------- manifests


def test_the_good_example_passes_with_one_conditional_activity(policy: personvern.Policy) -> None:
    source, results = checked(policy, EXAMPLES / "personvern.yaml")
    assert not source.problems
    assert {c.declaration.name: c.outcome for c in results} == {"nyhetsbrev-nye-funksjoner": "conditional", "reservasjonsliste": "permit"}
    news = results[0]
    assert (news.declaration.line, news.declaration.column) == (8, 5)
    assert "markedsforing.reservasjon" in [k.rule_id for k in news.decision.conditions]  # type: ignore[union-attr]
    assert news.retention is not None and news.retention.rule_id == "oppbevaring.kundeopplysninger"


def test_the_refused_example_is_refused(policy: personvern.Policy) -> None:
    _, results = checked(policy, EXAMPLES / "refused.personvern.yaml")
    assert [c.outcome for c in results] == ["deny", "deny"]
    assert results[1].decision is not None and results[1].decision.rule_ids == ("overforinger.utenfor-eos",)


def test_an_activity_is_the_operation_the_engine_takes(policy: personvern.Policy) -> None:
    source, results = checked(policy, EXAMPLES / "personvern.yaml")
    op = manifest.operation_data(source.declarations[0])
    assert op["id"] == "nyhetsbrev-nye-funksjoner" and "retention" not in op and "facts" not in op
    assert results[0].decision == policy.evaluate(op)


def test_unknown_terms_and_fields_point_at_their_line_and_column(policy: personvern.Policy, tmp_path: Path) -> None:
    path = write(tmp_path, "personvern.yaml", """\
        activities:
          - name: nyhetsbrev
            purpose: direct_marketing
            legal_basis: legitimate_interests
            data_categories: [name, helse]
            data_subjects: [customer]
            retention_days: 30
            retention: {record_class: forever}
        """)
    _, [c] = checked(policy, path)
    assert c.outcome == "invalid" and c.decision is None
    assert (errors.UNKNOWN_TERM, 5, 29, "$.activities[0].data_categories[1]") in codes_at(c)
    assert (errors.SCHEMA, 7, 5, "$.activities[0].retention_days") in codes_at(c)
    assert (errors.UNKNOWN_TERM, 8, 31, "$.activities[0].retention.record_class") in codes_at(c)


@pytest.mark.parametrize(("text", "code", "message"), [
    ("- a\n- b\n", errors.SCHEMA, "must be a mapping"),
    ("system: x\n", errors.SCHEMA, "'activities' is required"),
    ("activities: []\n", errors.SCHEMA, "non-empty list"),
    ("activities: [1]\n", errors.SCHEMA, "an activity must be a mapping"),
    ("activites: []\nactivities: [{}]\n", errors.SCHEMA, "unknown field 'activites'"),
])
def test_a_manifest_of_the_wrong_shape_is_reported(policy: personvern.Policy, tmp_path: Path, text: str, code: str, message: str) -> None:
    source, results = checked(policy, write(tmp_path, "personvern.yaml", text))
    problems = [p for p in manifest.iter_problems([source], results)]
    assert any(p.code == code and message in p.message and p.line for p in problems), problems
    assert not source.unreadable


def test_name_and_retention_are_required_and_names_unique(policy: personvern.Policy, tmp_path: Path) -> None:
    path = write(tmp_path, "x.personvern.yaml", "activities:\n" + GOOD_ACTIVITY + GOOD_ACTIVITY
                 + "  - {purpose: security, legal_basis: legitimate_interests, data_categories: [ip_address], data_subjects: [website_visitor]}\n")
    _, results = checked(policy, path)
    assert results[0].outcome == "conditional"
    assert [p.code for p in results[1].problems] == [errors.DUPLICATE_ID]
    assert "first at line 2" in results[1].problems[0].message
    messages = " ".join(p.message for p in results[2].problems)
    assert "'name' is required" in messages and "'retention' is required" in messages
    assert results[2].declaration.name == "activities[2]"


def test_retention_needs_a_record_class_or_a_note(policy: personvern.Policy, tmp_path: Path) -> None:
    path = write(tmp_path, "personvern.yaml", "activities:\n" + GOOD_ACTIVITY.replace("{record_class: customer_data}", "{}"))
    _, [c] = checked(policy, path)
    assert c.outcome == "invalid" and "record_class and/or note" in c.problems[0].message
    path.write_text("activities:\n" + GOOD_ACTIVITY.replace("{record_class: customer_data}", "{note: slettes etter ett år}"))
    _, [c] = checked(policy, path)
    assert c.outcome == "conditional" and c.retention is None


def test_a_record_class_that_may_not_hold_the_data_is_found(policy: personvern.Policy, tmp_path: Path) -> None:
    path = write(tmp_path, "personvern.yaml", """\
        activities:
          - name: reservasjonsliste
            purpose: marketing_opt_out
            legal_basis: legitimate_interests
            data_categories: [email, national_id_number]
            data_subjects: [customer]
            action: store
            retention: {record_class: opt_out_entry}
        """)
    _, [c] = checked(policy, path)
    assert c.retention is not None and c.retention.excess_categories == ("national_id_number",)


def test_a_yaml_syntax_error_makes_the_file_unreadable(policy: personvern.Policy, tmp_path: Path) -> None:
    source, results = checked(policy, write(tmp_path, "personvern.yaml", "activities: [\n"))
    assert source.unreadable and not results
    assert source.problems[0].code == errors.YAML_SYNTAX and source.problems[0].line is not None


# ---------------------------------------------------------------------------- Python code


def python(tmp_path: Path, code: str) -> SourceFile:
    path = write(tmp_path, "service.py", code)
    return manifest.read_source(path, "service.py")


def test_the_newsletter_example_is_read_without_running_it(policy: personvern.Policy) -> None:
    source, results = checked(policy, EXAMPLES / "newsletter_service.py")
    assert [(d.name, d.source, d.function) for d in source.declarations] == [
        ("nyhetsbrev-nye-funksjoner", "decorator", "send_newsletter"), ("reservasjonsliste", "context", "remember_opt_out")]
    assert [c.outcome for c in results] == ["conditional", "permit"]
    assert source.declarations[0].line == 39 and source.declarations[0].column == 1  # the @


def test_the_code_is_never_imported_or_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    source = python(tmp_path, f"""\
        open({str(marker)!r}, "w").write("x")
        import module_that_does_not_exist
        import personvern

        @personvern.guard(purpose="security", legal_basis="legitimate_interests",
                          data_categories=["ip_address"], data_subjects=["website_visitor"])
        def log_visit(): ...
        """)
    assert len(source.declarations) == 1 and not marker.exists()


def test_every_spelling_of_the_declaration_is_found(tmp_path: Path) -> None:
    source = python(tmp_path, """\
        import personvern as pv
        from personvern import guard as declare, processing
        from app.privacy import policy
        rules = pv.load_policy("rules")

        KW = dict(purpose="security", legal_basis="legitimate_interests", data_categories=["ip_address"], data_subjects=["website_visitor"])

        class Service:
            @pv.guard(name="a", purpose="security")
            def a(self): ...

            @rules.guard()
            async def b(self): ...

        @declare(name="c")
        def c():
            with open("x") as f, processing(name="d", purpose="security"):
                async def inner():
                    async with app.policy.processing(name="e", legal_basis="contract"):
                        pass

        @policy.guard(name="f", data_subjects=["customer"])
        def f(): ...

        @cache.guard(timeout=5)
        def not_ours(): ...

        @app.guard
        def not_a_call(): ...

        with lock.processing():
            pass
        """)
    found = [(d.name, d.source, d.function) for d in source.declarations]
    assert found == [("a", "decorator", "Service.a"), ("Service.b", "decorator", "Service.b"), ("c", "decorator", "c"),
                     ("d", "context", "c"), ("e", "context", "c.<locals>.inner"), ("f", "decorator", "f")]


def test_a_value_that_is_not_a_literal_cannot_be_checked(policy: personvern.Policy, tmp_path: Path) -> None:
    source = python(tmp_path, """\
        import personvern
        CATS = ["name"]

        @personvern.guard(name="x", purpose="direct_marketing", legal_basis="legitimate_interests",
                          data_categories=CATS, data_subjects=["customer", f"{1}"], cache=True)
        def send(): ...

        @personvern.guard(**DECLARATION)
        def other(): ...

        @personvern.guard("direct_marketing")
        def third(): ...
        """)
    results = manifest.check(policy, [source], ON)
    line = (tmp_path / "service.py").read_text().splitlines()[4]
    assert codes_at(results[0]) == [(errors.NOT_STATIC, 5, line.index("CATS") + 1, "$.data_categories"),
                                    (errors.NOT_STATIC, 5, line.index('f"{1}"') + 1, "$.data_subjects"),
                                    (errors.SCHEMA, 5, line.index("cache=") + 1, "$.cache")]  # the runtime refuses it too
    assert "the name 'CATS'" in results[0].problems[0].message and "f-string" in results[0].problems[1].message
    assert [p.code for p in results[1].problems] == [errors.NOT_STATIC] and results[1].problems[0].line == 8
    assert [p.code for p in results[2].problems] == [errors.NOT_STATIC] and "keywords" in results[2].problems[0].message
    assert all(c.outcome == "invalid" for c in results)


def test_python_declarations_are_validated_with_positions(policy: personvern.Policy, tmp_path: Path) -> None:
    source = python(tmp_path, """\
        import personvern

        @personvern.guard(
            name="kampanje",
            purpose="direct_marketing",
            legal_basis="legitimate_interests",
            data_categories=("name", "helse"),
            data_subjects=["kunde"],
            recipients=[{"kind": "processor", "name": "Postmark EU", "country": "ie"}],
        )
        def send(): ...
        """)
    [c] = manifest.check(policy, [source], ON)
    lines = (tmp_path / "service.py").read_text().splitlines()
    assert (errors.UNKNOWN_TERM, 7, lines[6].index('"helse"') + 1, "$.data_categories[1]") in codes_at(c)
    assert (errors.UNKNOWN_TERM, 8, lines[7].index('"kunde"') + 1, "$.data_subjects[0]") in codes_at(c)
    assert (errors.SCHEMA, 9, lines[8].index('"ie"') + 1, "$.recipients[0].country") in codes_at(c)
    assert len(c.problems) == 3


def test_columns_count_characters_not_bytes(policy: personvern.Policy, tmp_path: Path) -> None:
    source = python(tmp_path, """\
        import personvern
        with personvern.processing(name="ære", purpose="sikkerhet", legal_basis="legitimate_interests", data_categories=["ip_address"], data_subjects=["website_visitor"]):
            pass
        """)
    [c] = manifest.check(policy, [source], ON)
    line = (tmp_path / "service.py").read_text().splitlines()[1]
    assert codes_at(c) == [(errors.UNKNOWN_TERM, 2, line.index('"sikkerhet"') + 1, "$.purpose")]


def test_a_refused_declaration_in_code_is_refused(policy: personvern.Policy, tmp_path: Path) -> None:
    source = python(tmp_path, """\
        import personvern

        @personvern.guard(purpose="profiling", legal_basis="consent", data_categories=["name"], data_subjects=["customer"])
        def score(): ...
        """)
    [c] = manifest.check(policy, [source], ON)
    assert c.outcome == "deny" and c.declaration.name == "score"


def test_syntax_errors_and_files_without_declarations(tmp_path: Path) -> None:
    broken = python(tmp_path, "def f(:\n    guard\n")
    assert broken.unreadable and broken.problems[0].code == errors.PYTHON_SYNTAX and broken.problems[0].line == 1
    plain = python(tmp_path, "def f(:\n")  # no marker: not even parsed
    assert not plain.unreadable and not plain.declarations
    legacy = tmp_path / "legacy.py"
    legacy.write_bytes(b"# -*- coding: latin-1 -*-\nNAVN = '\xe6\xf8\xe5'\n" + b"#" * (loader.MAX_FILE_BYTES + 1))
    quiet = manifest.read_source(legacy, "legacy.py")  # large, not UTF-8, but no declaration: nothing to say
    assert (quiet.declarations, quiet.problems, quiet.unreadable) == ((), (), False)
    legacy.write_bytes(b"# -*- coding: latin-1 -*-\n@personvern.guard(purpose='\xe6')\ndef f(): ...\n")
    [declared] = manifest.read_source(legacy, "legacy.py").declarations  # read in its coding, as Python reads it
    assert declared.data["purpose"] == "æ"
    legacy.write_bytes(b"# -*- coding: utf-8 -*-\n@personvern.guard(purpose='\xe6')\ndef f(): ...\n")
    assert manifest.read_source(legacy, "legacy.py").problems[0].code == errors.ENCODING
    missing = manifest.read_source(tmp_path / "missing.py", "missing.py")
    assert missing.unreadable and missing.problems[0].code == errors.FILE_MISSING


# ---------------------------------------------------------------------------- finding files


@pytest.mark.parametrize(("path", "expected"), [
    ("personvern.yaml", True), ("svc/personvern.yml", True), ("lonn.personvern.yaml", True), ("personvern/lonn.yaml", True),
    ("a/personvern/b.yml", True), ("personvern/sub/c.yaml", False), ("mypersonvern.yaml", False), ("personvern.yaml.bak", False),
    ("personvern.json", False), ("notpersonvern/x.yaml", False), ("app.py", False),
])
def test_default_manifest_names_agree_with_the_hook(path: str, expected: bool) -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    pattern = re.compile(re.search(r"files: '([^']+)'", hooks).group(1))  # type: ignore[union-attr]
    assert manifest.is_manifest_path(path) is expected
    assert bool(pattern.search(path)) is (expected or path.endswith(".py"))


def test_discover_finds_manifests_and_python_and_skips_hidden_and_venvs(tmp_path: Path) -> None:
    for rel in ("personvern.yaml", "svc/a.personvern.yml", "svc/personvern/b.yaml", "svc/app.py", "notes.yaml",
                ".git/personvern.yaml", ".venv/lib/x.py", "node_modules/personvern.yaml", "venv2/lib/y.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    (tmp_path / "venv2" / "pyvenv.cfg").write_text("")
    found = [p.relative_to(tmp_path).as_posix() for p in manifest.discover(tmp_path)]
    assert found == ["personvern.yaml", "svc/a.personvern.yml", "svc/app.py", "svc/personvern/b.yaml"]


# ---------------------------------------------------------------------------- the JSON Schema


def schema() -> dict[str, object]:
    result: dict[str, object] = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    return result


def test_the_examples_validate_against_the_schema() -> None:
    validator = Draft202012Validator(schema())
    for name in ("personvern.yaml", "refused.personvern.yaml"):
        doc, problems = loader.read_document(EXAMPLES / name)
        assert doc is not None and not problems
        assert not list(validator.iter_errors(doc.data)), name
        assert doc.data and (EXAMPLES / name).read_text().startswith("# yaml-language-server: $schema=../../schemas/manifest.schema.json")


@pytest.mark.parametrize("broken", [
    {"activities": []},
    {"activities": [{"name": "x", "purpose": "direct_marketing", "legal_basis": "consent", "data_categories": ["name"],
                     "data_subjects": ["customer"]}]},
    {"activities": [{"name": "x", "purpose": "direct_marketing", "legal_basis": "consent", "data_categories": ["helse"],
                     "data_subjects": ["customer"], "retention": {"note": "ett år"}}]},
    {"activities": [{"name": "x", "purpose": "direct_marketing", "legal_basis": "consent", "data_categories": ["name"],
                     "data_subjects": ["customer"], "retention": {"record_class": "forever"}}]},
    {"activities": [{"name": "x", "purpose": "direct_marketing", "legal_basis": "consent", "data_categories": ["name"],
                     "data_subjects": ["customer"], "retention": {"note": "ett år"}, "facts": {}}]},
])
def test_the_schema_and_the_reader_refuse_the_same_manifests(policy: personvern.Policy, tmp_path: Path, broken: dict[str, object]) -> None:
    assert list(Draft202012Validator(schema()).iter_errors(broken))
    path = tmp_path / "personvern.yaml"
    path.write_text(json.dumps(broken), encoding="utf-8")
    source, results = checked(policy, path)
    assert list(manifest.iter_problems([source], results))


def test_the_schema_knows_every_term_of_the_vocabulary(policy: personvern.Policy) -> None:
    defs = schema()["$defs"]
    assert isinstance(defs, dict)
    assert defs["purpose"]["enum"] == sorted(policy.vocabulary.sections["purposes"])
    assert defs["record_class"]["enum"] == sorted(policy.vocabulary.sections["record_classes"])
    # editors show a label beside each term while completing
    marketing = defs["purpose"]["enum"].index("direct_marketing")
    assert defs["purpose"]["enumDescriptions"][marketing] == ("direktemarkedsføring av nye funksjoner og relaterte tjenester "
                                                              "(direct marketing of new features and related services)")
    assert all(len(d["enum"]) == len(d["enumDescriptions"]) for d in defs.values() if "enumDescriptions" in d)


def test_declared_facts_are_refused_never_a_permit(policy: personvern.Policy, tmp_path: Path) -> None:
    """Class: a declaration that asserts its own facts. Facts come from fact providers at run time, so a
    literal facts= (which once made the check report an unconditional permit) is an error, whatever it says."""
    source = python(tmp_path, """\
        import personvern

        @personvern.guard(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["name", "email"],
                          data_subjects=["customer"], action="contact", subject="customer_id",
                          facts={"direct_marketing_objection": False, "customer_relationship": "active", "objected_purposes": []})
        def send(customer_id): ...

        with personvern.processing(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["email"],
                                   data_subjects=["customer"], action="contact", facts=lookup()):
            pass

        @personvern.guard(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["name", "email"],
                          data_subjects=["customer"], action="contact", subject="customer_id")
        def without_facts(customer_id): ...
        """)
    results = manifest.check(policy, [source], ON)
    assert [c.outcome for c in results] == ["invalid", "invalid", "conditional"]
    lines = (tmp_path / "service.py").read_text().splitlines()
    assert codes_at(results[0]) == [(manifest.DECLARED_FACTS, 5, lines[4].index("facts=") + 1, "$.facts")]
    assert codes_at(results[1]) == [(manifest.DECLARED_FACTS, 9, lines[8].index("facts=") + 1, "$.facts")]
    assert "fakta kommer fra faktaleverandører" in results[0].problems[0].message
    path = write(tmp_path, "personvern.yaml", "activities:\n" + GOOD_ACTIVITY + "    facts: {direct_marketing_objection: false}\n")
    _, [c] = checked(policy, path)
    assert c.outcome == "invalid" and codes_at(c) == [(manifest.DECLARED_FACTS, 9, 5, "$.activities[0].facts")]


# ---------------------------------------------------------------------------- reading YAML fast


@pytest.mark.parametrize("text", [
    (EXAMPLES / "personvern.yaml").read_text(encoding="utf-8"),
    (EXAMPLES / "refused.personvern.yaml").read_text(encoding="utf-8"),
    "activities:\n  - {name: ære, purpose: «x», data_categories: [name, 'e-post'], n: 0123, t: 10:30, b: NO, y: yes}\n"
    "  - name: |\n      flere\n      linjer\n    dato: 2024-01-01\n    tom:\n    k: {x: [1, 2.5, -3], 'y z': ~}\n",
    "# kommentar\nactivities: []\n",
])
def test_manifests_read_through_libyaml_give_the_same_document(text: str) -> None:
    fast, fast_problems = loader.parse_yaml_fast(text, "m.yaml")
    slow, slow_problems = loader.parse_yaml(text, "m.yaml")
    assert fast_problems == slow_problems == [] and fast is not None and slow is not None
    assert (fast.data, fast.positions, fast.key_positions) == (slow.data, slow.positions, slow.key_positions)


@pytest.mark.parametrize("text", [
    "activities: [\n", "a: 1\na: 2\n", "a: &x [1]\nb: *x\n", "a: !!python/object:os.system x\n", "--- 1\n--- 2\n",
    "a: " + "[" * 100 + "]" * 100 + "\n", "a:\n" + "".join(" " * i + "- \n" for i in range(1, 80)), "a: \x07\n", "", "tabs:\t[a,\tb]\n",
])
def test_input_libyaml_does_not_read_cleanly_is_reported_as_the_strict_loader_reports_it(text: str) -> None:
    assert loader.parse_yaml_fast(text, "m.yaml") == loader.parse_yaml(text, "m.yaml")
