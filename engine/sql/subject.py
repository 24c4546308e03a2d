"""One data subject across the mapped tables (a rights request), and the inventory check.

Rights request: every row about the subject is read with the same fact columns and joins the
sweep uses, turned into the record the engine reads (record class, categories, dates, states)
and answered by the engine's own rights answer (personvern.decide.rights): keep or erase (or
what the right asks), with the rule, the clauses and the reason. Rows of a table with no
record class are listed as undecided: never guessed as keep or erase.

Inventory check: columns holding a data category no declared purpose (a permit rule of the
policy) allows for the table's data subjects, and tables with no retention class (including
Fides collections the inventory does not map).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from sqlglot import exp

from .. import errors
from ..core.model import CompiledPolicy
from ..decide.retention import RetentionDecision, decide_retention, parse_record
from ..decide.rights import RightsResponse, answer
from ..errors import Problem
from .inventory import RECORD_FIELDS, Inventory, TableSpec
from .run import DataError, rows
from .source import Sources, col

UNDECIDED = "undecided"  # a row of a table with no record class: the engine has nothing to decide on


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    table: str
    record_key: str
    record_class: str | None
    action: str
    nb: str
    en: str
    rule_id: str | None
    clause_ids: tuple[str, ...]
    keep_until: _dt.date | None


@dataclass(frozen=True, slots=True)
class SubjectAnswer:
    subject: str
    response: RightsResponse | None  # None when no row has a record class
    records: tuple[SubjectRecord, ...]

    def to_dict(self) -> dict[str, Any]:
        head = self.response.to_dict() if self.response is not None else {}
        head.pop("records", None)
        return {"subject": self.subject, **head, "records": [
            {"table": r.table, "record_key": r.record_key, "record_class": r.record_class, "action": r.action, "nb": r.nb, "en": r.en,
             "rule": r.rule_id, "clauses": list(r.clause_ids), "keep_until": r.keep_until.isoformat() if r.keep_until else None}
            for r in self.records]}


def fact_query(policy: CompiledPolicy, inventory: Inventory, spec: TableSpec) -> tuple[exp.Select, tuple[str, ...]]:
    """Every row of one table: the row key and the record fields the table maps (the sweep's columns and joins)."""
    src = Sources(policy, inventory, spec)
    fields = tuple(f for f in RECORD_FIELDS if src.mapped(f))
    q = src.select(exp.alias_(exp.cast(col(spec.key), exp.DataType.Type.TEXT), "record_key", quoted=True),
                   *[exp.alias_(src.fact(f), f, quoted=True) for f in fields])
    return q, fields


def subject_query(policy: CompiledPolicy, inventory: Inventory, spec: TableSpec, subject: str) -> tuple[exp.Select, tuple[str, ...]]:
    """The subject's rows of one table: the row key and the record fields the table maps (a literal, never spliced text)."""
    q, fields = fact_query(policy, inventory, spec)
    where = exp.EQ(this=exp.cast(col(spec.subject), exp.DataType.Type.TEXT), expression=exp.Literal.string(subject))
    return q.where(where), fields


def python_sweep(policy: CompiledPolicy, inventory: Inventory, con: Any,
                 on: _dt.date) -> Iterator[tuple[TableSpec, str, RetentionDecision | None]]:
    """Every row of every table with a record class, decided by the Python engine row by row (the reference the
    SQL sweep is measured and checked against): (table, row key, decision, or None when the engine refuses the record)."""
    for spec in inventory.tables.values():
        if spec.record_class is None:
            continue
        query, fields = fact_query(policy, inventory, spec)
        for row in rows(con, query):
            try:
                yield spec, str(row[0]), decide_retention(policy, parse_record(policy, _record(spec, fields, row)), on)
            except errors.OperationError:
                yield spec, str(row[0]), None


def _record(spec: TableSpec, fields: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    """The record the engine reads from one fetched row (key first, then ``fields``); an unknown fact is left out."""
    record: dict[str, Any] = {"record_class": spec.record_class, "data_categories": sorted(spec.categories)}
    record.update({f: v for f, v in zip(fields, row[1:]) if v is not None})
    return record


def rights_request(policy: CompiledPolicy, inventory: Inventory, con: Any, subject: str, right: str, received_on: _dt.date,
                   grounds: Iterable[str] = (), facts: Mapping[str, Any] | None = None) -> SubjectAnswer:
    """The engine's answer to ``right`` for every row about ``subject`` in the inventory's tables."""
    decided: list[tuple[str, str, dict[str, Any]]] = []
    undecided: list[SubjectRecord] = []
    for spec in inventory.tables.values():
        query, fields = subject_query(policy, inventory, spec, subject)
        for row in rows(con, query):
            key = str(row[0])
            if spec.record_class is None:
                undecided.append(SubjectRecord(spec.name, key, None, UNDECIDED,
                                               "Tabellen har ingen oppbevaringsklasse i inventaret: kan ikke avgjøres.",
                                               "The table has no record class in the inventory: cannot be decided.", None, (), None))
                continue
            decided.append((spec.name, key, _record(spec, fields, row)))
    if not decided:
        return SubjectAnswer(subject, None, tuple(undecided))
    request = {"right": right, "received_on": received_on, "records": [r for _, _, r in decided],
               "grounds": list(grounds), "facts": dict(facts or {})}
    try:
        response = answer(policy, request)
    except errors.OperationError as e:  # name the table and row, not the index of a request the user never wrote
        located = []
        for p in e.problems:
            where = p.path or ""
            for i, (table, key, _) in enumerate(decided):
                if where.startswith(f"$.records[{i}]"):
                    where = f"table {table}, row {key}" + where[len(f"$.records[{i}]"):]
                    break
            located.append(Problem(p.code, f"{where}: {p.message}" if where else p.message))
        raise DataError(located, "the data") from None
    out = [SubjectRecord(decided[r.index][0], decided[r.index][1], r.record_class, r.action, r.nb, r.en, r.rule_id, r.clause_ids, r.keep_until)
           for r in response.records]
    return SubjectAnswer(subject, response, tuple(out + undecided))


@dataclass(frozen=True, slots=True)
class InventoryFinding:
    kind: str  # category_not_allowed | no_record_class
    table: str
    column: str | None
    category: str | None
    nb: str
    en: str


def allowed_categories(policy: CompiledPolicy, subject_kind: str | None) -> frozenset[str] | None:
    """The categories some permit rule allows for these subjects (None: every category)."""
    allowed: set[str] = set()
    for rule in policy.rules.values():
        if rule.effect != "permit" or rule.level != "processing" or rule.default:
            continue
        if subject_kind is not None and rule.subjects is not None and subject_kind not in rule.subjects:
            continue
        if rule.categories is None:
            return None
        allowed |= rule.categories
    return frozenset(allowed)


def check_inventory(policy: CompiledPolicy, inventory: Inventory) -> tuple[InventoryFinding, ...]:
    """Columns whose categories no declared purpose allows; tables (and Fides collections) with no retention class."""
    out: list[InventoryFinding] = []
    for spec in inventory.tables.values():
        allowed = allowed_categories(policy, spec.subject_kind)
        for column, cats in spec.columns.items():
            for c in cats:
                if allowed is not None and c not in allowed:
                    out.append(InventoryFinding("category_not_allowed", spec.name, column, c,
                                                f"Kolonnen {column!r} har {policy.vocabulary.label('data_categories', c)}, som ingen erklært behandling tillater.",
                                                f"Column {column!r} holds {policy.vocabulary.label('data_categories', c, 'en')}, which no declared purpose allows."))
        if spec.record_class is None:
            out.append(InventoryFinding("no_record_class", spec.name, None, None, "Tabellen har ingen oppbevaringsklasse.",
                                        "The table has no retention (record) class."))
    for name in inventory.unmapped_collections:
        out.append(InventoryFinding("no_record_class", name, None, None,
                                    "Samlingen i Fides-datasettet er ikke i inventaret: ingen oppbevaringsklasse.",
                                    "The Fides collection is not in the inventory: no retention (record) class."))
    return tuple(out)
