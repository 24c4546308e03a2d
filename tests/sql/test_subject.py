"""Rights requests over the data, the inventory check, and data categories from Fides datasets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

import personvern
from personvern.cli import main
from personvern.sql import connect, inventory_from_data, load_inventory, synth
from personvern.sql.fides import FidesError
from personvern.sql.subject import UNDECIDED, allowed_categories, check_inventory, rights_request

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "examples" / "data" / "flex.inventory.yaml"
FIDES_INVENTORY = ROOT / "examples" / "data" / "flex-fides.inventory.yaml"
ON = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flex")
    synth.write(folder, 120, seed=11)
    return folder


def _raw(data: Path, table: str, sql: str) -> list[tuple[object, ...]]:
    """The test's own reading of a table, independent of the compiler."""
    return duckdb.connect().execute(sql.replace("{t}", f"read_parquet('{data / (table + '.parquet')}')")).fetchall()


@pytest.mark.parametrize("subject", ["3", "17", "42", "99"])
def test_each_row_gets_the_engines_own_rights_answer(subject: str, data: Path, policy: personvern.Policy) -> None:
    inv = load_inventory(INVENTORY, policy)
    got = {(r.table, r.record_key): r for r in rights_request(policy, inv, connect(data, inv), subject, "erasure", ON).records}
    # The same subject's records, built by hand from the files and answered by the Python API.
    cust = _raw(data, "customers", f"SELECT status, ended_on, opted_out FROM {{t}} WHERE customer_id = {int(subject)}")
    status, ended, opted = cust[0] if cust else (None, None, None)
    relation = {k: v for k, v in (("customer_relationship", status), ("relationship_ended_on", ended)) if v is not None}
    expected: list[tuple[tuple[str, str], dict[str, object]]] = []
    for table, key in (("customers", "customer_id"), ("payees", "payee_id")):
        for (k,) in _raw(data, table, f"SELECT {key} FROM {{t}} WHERE customer_id = {int(subject)}"):
            expected.append(((table, str(k)), {"record_class": "customer_data", **relation}))
    for table, key, rc in (("invoices", "invoice_id", "bookkeeping_primary"), ("vouchers", "voucher_id", "bookkeeping_secondary")):
        for k, fy in _raw(data, table, f"SELECT {key}, fiscal_year_end FROM {{t}} WHERE customer_id = {int(subject)}"):
            expected.append(((table, str(k)), {"record_class": rc, **({"fiscal_year_end": fy} if fy else {})}))
    for spec in inv.tables.values():  # the categories the inventory gives each table
        for where, rec in expected:
            if where[0] == spec.name:
                rec["data_categories"] = sorted(spec.categories)
    answer = policy.rights_request({"right": "erasure", "received_on": ON, "records": [r for _, r in expected]}) if expected else None
    for i, (where, _) in enumerate(expected):
        assert answer is not None
        r = answer.records[i]
        assert (got[where].action, got[where].rule_id, got[where].clause_ids, got[where].keep_until) == (r.action, r.rule_id, r.clause_ids, r.keep_until), where
    logs = {str(k) for (k,) in _raw(data, "logs", f"SELECT log_id FROM {{t}} WHERE customer_id = {int(subject)}")}
    assert {k for (t, k), r in got.items() if r.action == UNDECIDED} == logs  # no record class: never a guessed keep or erase
    assert all(t not in ("marketing_list", "opt_outs") or r.action != UNDECIDED for (t, _), r in got.items())
    assert {w for w in got if w[0] in ("customers", "payees", "invoices", "vouchers")} == {w for w, _ in expected}


def test_a_hostile_subject_id_is_a_value_never_sql(data: Path, policy: personvern.Policy) -> None:
    inv = load_inventory(INVENTORY, policy)
    for evil in ("' OR '1'='1", "3' --", "3; DROP TABLE customers"):
        assert rights_request(policy, inv, connect(data, inv), evil, "erasure", ON).records == ()


def test_the_subject_command_prints_every_row_and_exits_1_for_undecided_rows(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["subject", str(INVENTORY), "--data", str(data), "--subject", "42", "--received-on", ON.isoformat(), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    undecided = [r for r in out["records"] if r["action"] == UNDECIDED]
    assert code == (1 if undecided else 0) and out["right"] == "erasure" and out["deadline"]
    assert main(["subject", str(INVENTORY), "--data", str(data), "--subject", "42", "--right", "forgetting"]) == 2
    assert "forgetting" in capsys.readouterr().err


def test_categories_no_purpose_allows_are_found_as_evaluate_decides(policy: personvern.Policy) -> None:
    """Oracle: a category is allowed for a kind of subject iff some purpose and legal basis is not denied outright."""
    v = policy.vocabulary
    for kind in sorted(v.terms("data_subjects")):
        inv = inventory_from_data({"tables": {"t": {"subject": "id", "subject_kind": kind, "record_class": "customer_data",
                                                    "columns": {f"c_{c}": [c] for c in sorted(v.terms("data_categories"))}}}}, policy)
        flagged = {f.category for f in check_inventory(policy, inv) if f.kind == "category_not_allowed"}
        allowed = set()
        for c in v.terms("data_categories"):
            for purpose in v.terms("purposes"):
                for basis in v.terms("legal_bases"):
                    try:
                        d = policy.evaluate({"purpose": purpose, "legal_basis": basis, "data_categories": [c], "data_subjects": [kind]})
                    except personvern.OperationError:
                        continue
                    if d.outcome != "deny":
                        allowed.add(c)
        assert flagged == set(v.terms("data_categories")) - allowed, kind
    assert allowed_categories(policy, None) is None or allowed_categories(policy, None) >= allowed


def test_the_inventory_command_reports_tables_with_no_retention_class(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inventory", str(INVENTORY), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [f["table"] for f in findings if f["kind"] == "no_record_class"] == ["logs"]


def test_fides_categories_map_through_the_vocabularys_fideslang_ids(policy: personvern.Policy) -> None:
    import yaml

    inv = load_inventory(FIDES_INVENTORY, policy)
    fides = yaml.safe_load((FIDES_INVENTORY.parent / "flex.fides.yaml").read_text(encoding="utf-8"))
    by_id = {d["fideslang"]: t for t, d in policy.vocabulary.sections["data_categories"].items() if "fideslang" in d}
    for coll in fides["dataset"][0]["collections"]:
        for f in coll["fields"]:
            if coll["name"] in inv.tables:
                assert inv.tables[coll["name"]].columns[f["name"]] == tuple(by_id[k] for k in f["data_categories"])
    assert inv.unmapped_collections == ("logs",)  # in Fides, not in the inventory: no retention class
    assert any(f.table == "logs" and f.kind == "no_record_class" for f in check_inventory(policy, inv))


@pytest.mark.parametrize("key, message", [
    ("user.contact", "maps to no personvern data category"),  # a real fideslang key, broader than any term: never guessed
    ("user.unique_id", "maps to no personvern data category"),
    ("user.bogus.thing", "is not a fideslang data category"),
])
def test_an_unmapped_fides_key_is_a_located_error(key: str, message: str, tmp_path: Path, policy: personvern.Policy,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ds.yaml").write_text("dataset:\n  - fides_key: ds\n    collections:\n      - name: customers\n        fields:\n"
                                      f"          - name: email\n            data_categories: [{key}]\n", encoding="utf-8")
    inv = tmp_path / "inv.yaml"
    inv.write_text("fides_dataset: ds.yaml\ntables:\n  customers: {subject: id, record_class: customer_data}\n", encoding="utf-8")
    with pytest.raises(FidesError) as e:
        load_inventory(inv, policy)
    assert message in str(e.value) and key in str(e.value)
    assert main(["inventory", str(inv)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'ds.yaml'}:7:" in err and "Traceback" not in err


def test_an_invalid_fides_dataset_is_rejected_by_fideslang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ds.yaml").write_text("dataset:\n  - fides_key: not a key\n    collections: []\n", encoding="utf-8")
    inv = tmp_path / "inv.yaml"
    inv.write_text("fides_dataset: ds.yaml\ntables:\n  customers: {subject: id}\n", encoding="utf-8")
    assert main(["inventory", str(inv)]) == 2
    err = capsys.readouterr().err
    assert "not a valid Fides dataset" in err and f"{tmp_path / 'ds.yaml'}:2:" in err
