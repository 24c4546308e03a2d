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

from .factkinds import MAX_LIST, MAX_TEXT
from .model import CompiledPolicy, FactTable, Operation, Recipient
from .operation import _FIELDS, _RECIPIENT_FIELDS, fact_conflicts


def fast_facts(policy: CompiledPolicy, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Facts normalised exactly as :func:`parse_facts` would, or None (then use parse_facts)."""
    if not data:
        return {}
    return normal_facts(policy.vocabulary.index.facts, data)


def normal_facts(known: FactTable, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """:func:`fast_facts` with the policy's fact table already looked up (for loops).

    One pass, each value tested against its kind's entry in the fact table (the shape of a
    normal value: its exact type, its allowed terms, whether it is a set). Facts that are
    already in normal form (a dict with nothing null) come back as they are, without a copy;
    the decision does not keep them. The first value that is not (a list for a set, a null)
    starts a copy, and only that value is converted.
    """
    out: dict[str, Any] | None = None if type(data) is dict else {}
    for name, value in data.items():
        spec = known.get(name)
        if spec is None:
            return None
        normal, allowed, many, kind = spec
        if type(value) is not normal:
            if out is None:
                out = _before(data, name)
            if value is None:
                continue
            coerce = kind.coerce
            if coerce is None or (value := coerce(value)) is None:
                return None
        if many:
            if len(value) > MAX_LIST:
                return None
            if allowed is None:
                for item in value:
                    if type(item) is not str or len(item) > MAX_TEXT:
                        return None
            elif type(allowed) is frozenset:
                if not value <= allowed:
                    return None
            elif not all(item in allowed for item in value):
                return None
        elif allowed is not None and value not in allowed:
            return None
        if out is not None:
            out[name] = value
    facts = data if out is None else out
    return facts if _agree(known, facts) else None


def _before(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The facts of ``data`` before ``name`` (all in normal form: the copy starts at ``name``)."""
    out = {}
    for key, value in data.items():
        if key == name:
            break
        out[key] = value
    return out


def _agree(known: FactTable, facts: Mapping[str, Any]) -> bool:
    """True when the cross-fact rules find nothing to report or to add (else: the full parser)."""
    conflicts, implied = fact_conflicts(known.checks, facts)
    return not conflicts and not implied


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
    action = get("action", lk.default_action)
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
    if action in lk.recipient_actions and not rcpts:
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
