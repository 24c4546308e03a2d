"""The fast check of an operation given as data: accept only what is plainly valid.

The functions here accept only input that is plainly valid (exact built-in types, known
terms) and answer None for anything else; the caller then runs the full parser in
operation.py, which reports every problem with its JSON path. So they never change what is
accepted, only how fast a valid operation gets through.
"""

from __future__ import annotations

import datetime as _dt
from types import MappingProxyType
from typing import Any, Mapping

from .model import FACT_BOOL, FACT_DATE, FACT_SET, FACT_TERM, CompiledPolicy, FactTable, Operation, Recipient
from .operation import _FIELDS, _RECIPIENT_FIELDS, MAX_LIST, MAX_TEXT, fact_conflicts

_BOOL, _SET, _TERM, _DATE = FACT_BOOL, FACT_SET, FACT_TERM, FACT_DATE
_SEQUENCES = (list, tuple, set, frozenset)


def fast_facts(policy: CompiledPolicy, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Facts normalised exactly as :func:`parse_facts` would, or None (then use parse_facts)."""
    if not data:
        return {}
    return normal_facts(policy.vocabulary.index.facts, data)


def normal_facts(known: FactTable, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """:func:`fast_facts` with the policy's fact table already looked up (for loops).

    Facts that are already in normal form (a dict of booleans, frozensets, terms and dates,
    nothing null) come back as they are, without a copy; the decision does not keep them.
    """
    if type(data) is dict:
        for name, value in data.items():
            spec = known.get(name)
            if spec is None:
                return None
            kind = spec[0]
            if kind == _BOOL:
                if value is not True and value is not False:
                    break
            elif kind == _SET:
                if type(value) is not frozenset or len(value) > MAX_LIST:
                    break
                terms = spec[1]
                if terms is None:
                    for item in value:
                        if type(item) is not str or len(item) > MAX_TEXT:
                            return None
                elif not value <= terms:
                    return None
            elif kind == _TERM:
                if type(value) is not str:
                    break
                if value not in spec[1]:  # type: ignore[operator]
                    return None
            elif type(value) is not _dt.date:
                break
        else:
            return data if _agree(known, data) else None
    return _normalise(known, data)


def _agree(known: FactTable, facts: Mapping[str, Any]) -> bool:
    """True when the cross-fact rules find nothing to report or to add (else: the full parser)."""
    conflicts, implied = fact_conflicts(known.checks, facts)
    return not conflicts and not implied


def _normalise(known: FactTable, data: Mapping[str, Any]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for name, value in data.items():
        spec = known.get(name)
        if spec is None:
            return None
        if value is None:
            continue
        kind, terms = spec
        if kind == _BOOL:
            if value is not True and value is not False:
                return None
        elif kind == _SET:
            t = type(value)
            if t not in _SEQUENCES or len(value) > MAX_LIST:
                return None
            if t is not frozenset:
                try:
                    value = frozenset(value)
                except TypeError:
                    return None
            if terms is None:
                for item in value:
                    if type(item) is not str or len(item) > MAX_TEXT:
                        return None
            elif not value <= terms:
                return None
        elif kind == _TERM:
            if type(value) is not str or value not in terms:  # type: ignore[operator]
                return None
        elif type(value) is not _dt.date:
            return None
        out[name] = value
    return out if _agree(known, out) else None


def fast_static(policy: CompiledPolicy, data: Any) -> tuple[Any, ...] | None:
    """The static part of a plainly valid operation dict as a hashable key, or None.

    The key is (purpose, legal_basis, categories, subjects, action, recipients, date), with
    recipients as (kind, name, country, dpa) tuples; the id and the facts are left out.
    """
    if type(data) is not dict or not data.keys() <= _FIELDS:
        return None
    lk = policy.vocabulary.index
    get = data.get
    purpose = get("purpose")
    basis = get("legal_basis")
    action = get("action", "use")
    cats = get("data_categories")
    subjects = get("data_subjects")
    if (type(purpose) is not str or type(basis) is not str or type(action) is not str
            or purpose not in lk.purposes or basis not in lk.bases or action not in lk.actions
            or type(cats) is not list or type(subjects) is not list or not cats or not subjects
            or len(cats) > MAX_LIST or len(subjects) > MAX_LIST):
        return None
    try:
        cat_set = frozenset(cats)
        subject_set = frozenset(subjects)
    except TypeError:
        return None
    if not cat_set <= lk.categories or not subject_set <= lk.subjects:
        return None
    desc = get("description")
    if desc is not None and (type(desc) is not str or len(desc) > 10 * MAX_TEXT):
        return None
    date = get("date")
    if date is not None and type(date) is not _dt.date:
        if type(date) is not str or len(date) != 10:
            return None
        try:
            date = _dt.date.fromisoformat(date)
        except ValueError:
            return None
    rcpts = get("recipients")
    if action == "disclose" and not rcpts:
        return None  # the full parser reports it
    if rcpts is None:
        rkey: tuple[tuple[str, str, str, bool | None], ...] = ()
    else:
        if type(rcpts) is not list or len(rcpts) > MAX_LIST:
            return None
        items = []
        kinds = lk.kinds
        for r in rcpts:
            if type(r) is not dict or not r.keys() <= _RECIPIENT_FIELDS:
                return None
            kind, name, country, dpa = r.get("kind"), r.get("name"), r.get("country"), r.get("dpa")
            if (type(kind) is not str or kind not in kinds or type(name) is not str or not name or len(name) > MAX_TEXT
                    or type(country) is not str or len(country) != 2 or not country.isascii() or not country.isupper()
                    or (dpa is not None and dpa is not True and dpa is not False)):
                return None
            items.append((kind, name, country, dpa))
        rkey = tuple(items)
    return (purpose, basis, cat_set, subject_set, action, rkey, date)


def fast_id(data: Mapping[str, Any]) -> tuple[bool, str | None]:
    """(ok, id): the operation's id when it is plainly valid."""
    op_id = data.get("id")
    if op_id is None:
        return True, None
    if type(op_id) is str and len(op_id) <= MAX_TEXT:
        return True, op_id
    return False, None


def static_operation(key: tuple[Any, ...], facts: Mapping[str, Any] | None = None, op_id: str | None = None) -> Operation:
    """The Operation for a key from :func:`fast_static` (with normalised facts and an id, if given)."""
    purpose, basis, cats, subjects, action, rkey, date = key
    return Operation(purpose, basis, cats, subjects, action, tuple(Recipient(*r) for r in rkey) if rkey else (),
                     facts or EMPTY_FACTS, date, op_id)


EMPTY_FACTS: Mapping[str, Any] = MappingProxyType({})
