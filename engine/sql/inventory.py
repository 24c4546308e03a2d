"""The data inventory: where personal data lives, and which column supplies each fact.

An inventory file (YAML or JSON, schemas/inventory.schema.json) names, per table, the
column that identifies the data subject, the record class of its rows, the columns
that supply the facts and dates the rules need, and the data categories per column.
It is read with the project's safe loader, so every problem carries file:line:column
and the JSON path, and is checked against the policy's vocabulary.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .. import errors
from ..load import loader
from ..errors import Problem, json_path
from ..core.model import CompiledPolicy
from ..decide.retention import RetentionRecord
from .fides import load_categories

#: The fields of a stored record the retention engine reads (besides its class and categories).
RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(RetentionRecord) if f.name not in ("record_class", "categories", "stage"))


class InventoryError(errors.InvalidInputError):
    """An inventory file is not valid (or does not fit the policy)."""

    code = "invalid_inventory"


@dataclass(frozen=True, slots=True)
class FactSource:
    """Where a fact's value comes from: a column of the table itself, or of another table joined on the subject."""

    column: str | None
    from_table: str | None = None  # an inventory table name
    exists: bool = False  # true when the subject has a row in from_table


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str  # the inventory's name for the table
    sql_name: str  # its name in the database
    schema: str | None
    subject: str
    key: str
    record_class: str | None
    subject_kind: str | None
    facts: Mapping[str, FactSource]
    columns: Mapping[str, tuple[str, ...]]

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(c for cats in self.columns.values() for c in cats)


@dataclass(frozen=True, slots=True)
class Inventory:
    file: str
    tables: Mapping[str, TableSpec]
    unmapped_collections: tuple[str, ...] = ()  # collections of the Fides dataset no table of the inventory maps


def fact_names(policy: CompiledPolicy) -> frozenset[str]:
    """Every name an inventory may map to a column: the record's dates and states, and the vocabulary's facts."""
    return frozenset(RECORD_FIELDS) | frozenset(policy.vocabulary.facts)


def load_inventory(path: str | Path, policy: CompiledPolicy) -> Inventory:
    """Read and check an inventory file. Raises :class:`InventoryError` with every problem found."""
    p = Path(path)
    doc, problems = loader.read_document(p, str(path))
    if doc is None:
        raise InventoryError(problems, str(path))
    problems = loader.validate(doc, "inventory")
    if problems:
        raise InventoryError(problems, doc.file)
    fides = doc.data.get("fides_dataset")
    if fides is None:
        return from_document(doc, policy)
    found, collections = load_categories(p.parent / str(fides), policy)
    by_name = {str(t.get("table", name)): name for name, t in doc.data["tables"].items()}
    by_name.update({name: name for name in doc.data["tables"]})
    categories = {(by_name[coll], column): cats for (coll, column), cats in found.items() if coll in by_name}
    inv = from_document(doc, policy, categories)
    unmapped = tuple(sorted(set(collections) - set(by_name)))
    return dataclasses.replace(inv, unmapped_collections=unmapped)


def from_document(doc: loader.Document, policy: CompiledPolicy, categories: Mapping[tuple[str, str], tuple[str, ...]] | None = None) -> Inventory:
    """Build an inventory from a schema-valid document; ``categories`` adds (table, column) categories from a Fides dataset."""
    problems: list[Problem] = []
    vocab = policy.vocabulary
    data: Mapping[str, Any] = doc.data
    known_facts = fact_names(policy)
    record_classes = vocab.terms("record_classes")
    covered = {rc for r in policy.retention_rules for rc in r.record_classes}
    cats_known = vocab.terms("data_categories")
    tables: dict[str, TableSpec] = {}
    raw_tables: Mapping[str, Any] = data["tables"]

    def bad(code: str, message: str, path: str, at_key: bool = False) -> None:
        problems.append(doc.problem(code, message, path, at_key))

    for name, t in raw_tables.items():
        base = json_path(["tables", name])
        rc = t.get("record_class")
        if rc is not None and rc not in record_classes:
            bad(errors.UNKNOWN_TERM, f"unknown record class {rc!r}; expected one of: {', '.join(sorted(record_classes))}", base + ".record_class")
        elif rc is not None and rc not in covered:
            bad(errors.UNKNOWN_TERM, f"no retention rule covers the record class {rc!r}", base + ".record_class")
        sk = t.get("subject_kind")
        if sk is not None and sk not in vocab.terms("data_subjects"):
            bad(errors.UNKNOWN_TERM, f"unknown data subject {sk!r}; expected one of: {', '.join(sorted(vocab.terms('data_subjects')))}", base + ".subject_kind")
        facts: dict[str, FactSource] = {}
        for fact, src in (t.get("facts") or {}).items():
            fpath = json_path(["tables", name, "facts", fact])
            if fact not in known_facts:
                bad(errors.UNKNOWN_TERM, f"unknown fact {fact!r}; expected one of: {', '.join(sorted(known_facts))}", fpath, True)
                continue
            if isinstance(src, str):
                facts[fact] = FactSource(src)
                continue
            other = src["from"]
            if other not in raw_tables:
                bad(errors.UNKNOWN_TERM, f"{other!r} is not a table of this inventory", fpath + ".from")
                continue
            facts[fact] = FactSource(src.get("column"), other, bool(src.get("exists", False)))
        columns: dict[str, tuple[str, ...]] = {}
        for col, cats in (t.get("columns") or {}).items():
            for i, c in enumerate(cats):
                if c not in cats_known:
                    bad(errors.UNKNOWN_TERM, f"unknown data category {c!r}", json_path(["tables", name, "columns", col, i]))
            columns[col] = tuple(cats)
        for (tname, col), cats in (categories or {}).items():
            if tname == name:
                columns[col] = tuple(dict.fromkeys(columns.get(col, ()) + cats))
        tables[name] = TableSpec(name, t.get("table", name), t.get("schema"), t["subject"], t.get("key", t["subject"]),
                                 rc, sk, facts, columns)
    if problems:
        raise InventoryError(problems, doc.file)
    return Inventory(doc.file, tables)


def inventory_from_data(data: Any, policy: CompiledPolicy, name: str = "<inventory>") -> Inventory:
    """An inventory given as data (a mapping shaped like the file), checked like a file."""
    doc = loader.Document(name, data)
    problems = loader.validate(doc, "inventory")
    if problems:
        raise InventoryError(problems, name)
    return from_document(doc, policy)
