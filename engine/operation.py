"""Turn a proposed operation given as data (a dict from YAML/JSON) into a typed Operation.

Checks every field against the policy's vocabulary and reports every problem at once,
each with its JSON path (the loader adds file, line and column for files). Fast enough
for the hot path: plain Python, no jsonschema. Facts that are absent or null are unknown.
"""

from __future__ import annotations

import datetime as _dt
from types import MappingProxyType
from typing import Any, Mapping

from . import errors
from .errors import Problem
from .loader import json_path
from .model import Operation, Policy, Recipient

MAX_LIST = 256
MAX_TEXT = 1024

_FIELDS = frozenset({"id", "description", "purpose", "legal_basis", "data_categories", "data_subjects", "action",
           "recipients", "date", "facts", "$schema"})
_RECIPIENT_FIELDS = frozenset({"kind", "name", "country", "dpa"})


def parse_operation(policy: Policy, data: Any, facts: Mapping[str, Any] | None = None) -> Operation:
    """Validate ``data`` and build an Operation; raise OperationError with every problem."""
    problems: list[Problem] = []
    op = _parse(policy, data, facts, problems)
    if problems or op is None:
        raise errors.OperationError(problems, "the operation")
    return op


def _parse(policy: Policy, data: Any, extra_facts: Mapping[str, Any] | None, problems: list[Problem]) -> Operation | None:
    def bad(code: str, message: str, *path: str | int) -> None:
        problems.append(Problem(code, message, path=json_path(path)))

    if not isinstance(data, Mapping):
        bad(errors.SCHEMA, f"an operation must be a mapping of fields, not {type(data).__name__}")
        return None
    for key in data:
        if key not in _FIELDS:
            bad(errors.SCHEMA, f"unknown field {key!r}; allowed: {', '.join(sorted(_FIELDS - {'$schema'}))}", str(key))
    v = policy.vocabulary

    def term(key: str, section: str, required: bool = True, default: str | None = None) -> str | None:
        value = data.get(key, default)
        if value is None:
            if required or key in data:  # an explicit null is never the default
                bad(errors.SCHEMA, f"{key!r} is required but missing" if key not in data else f"{key!r} must be a term of {section}, not null", key)
            return None
        if not isinstance(value, str):
            bad(errors.SCHEMA, f"{key!r} must be a string, not {type(value).__name__}", key)
            return None
        if value not in v.sections[section]:
            bad(errors.UNKNOWN_TERM, f"{value[:80]!r} is not a known term of {section}; expected one of: {', '.join(sorted(v.sections[section]))}", key)
            return None
        return value

    def terms(key: str, section: str) -> frozenset[str]:
        value = data.get(key)
        if value is None:
            bad(errors.SCHEMA, f"{key!r} is required but missing", key)
            return frozenset()
        if not isinstance(value, list) or not value:
            bad(errors.SCHEMA, f"{key!r} must be a non-empty list", key)
            return frozenset()
        if len(value) > MAX_LIST:
            bad(errors.INPUT_TOO_LARGE, f"{key!r} has {len(value)} items; the limit is {MAX_LIST}", key)
            return frozenset()
        out = set()
        for i, t in enumerate(value):
            if not isinstance(t, str) or t not in v.sections[section]:
                shown = repr(t)[:80]
                bad(errors.UNKNOWN_TERM, f"{shown} is not a known term of {section}", key, i)
            else:
                out.add(t)
        return frozenset(out)

    purpose = term("purpose", "purposes")
    basis = term("legal_basis", "legal_bases")
    action = term("action", "actions", required=False, default="use")
    categories = terms("data_categories", "data_categories")
    subjects = terms("data_subjects", "data_subjects")
    op_id = data.get("id")
    if op_id is not None and (not isinstance(op_id, (str, int)) or len(str(op_id)) > MAX_TEXT):
        bad(errors.SCHEMA, "'id' must be a short string", "id")
        op_id = None
    desc = data.get("description")
    if desc is not None and (not isinstance(desc, str) or len(desc) > 10 * MAX_TEXT):
        bad(errors.SCHEMA, "'description' must be a string of at most 10240 characters", "description")
    date = _date(data.get("date"), ("date",), bad) if data.get("date") is not None else None
    recipients = _recipients(policy, data.get("recipients"), bad)
    fact_data = data.get("facts")
    if fact_data is not None and not isinstance(fact_data, Mapping):
        bad(errors.SCHEMA, "'facts' must be a mapping", "facts")
        fact_data = None
    merged = dict(fact_data or {})
    if extra_facts:
        merged.update(extra_facts)
    facts = parse_facts(policy, merged, bad)
    if problems or purpose is None or basis is None or action is None:
        return None
    return Operation(purpose, basis, categories, subjects, action, recipients, facts, date,
                     None if op_id is None else str(op_id))


def parse_facts(policy: Policy, data: Mapping[str, Any], bad: Any) -> Mapping[str, Any]:
    """Normalise fact values by their declared types; null means unknown (left out)."""
    v = policy.vocabulary
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in v.facts:
            bad(errors.UNKNOWN_TERM, f"{str(name)[:80]!r} is not a known fact; known facts: {', '.join(sorted(v.facts))}", "facts", str(name))
            continue
        if value is None:
            continue
        d = v.facts[name]
        kind = d["type"]
        if kind == "boolean":
            if not isinstance(value, bool):
                bad(errors.SCHEMA, f"must be true or false, not {value!r}"[:120], "facts", name)
                continue
            out[name] = value
        elif kind == "set":
            if not isinstance(value, (list, tuple, set, frozenset)):
                bad(errors.SCHEMA, "must be a list", "facts", name)
                continue
            if len(value) > MAX_LIST:
                bad(errors.INPUT_TOO_LARGE, f"has {len(value)} items; the limit is {MAX_LIST}", "facts", name)
                continue
            of = d["of"]
            items = set()
            for i, item in enumerate(value):
                if not isinstance(item, str) or len(item) > MAX_TEXT:
                    bad(errors.SCHEMA, "items must be short strings", "facts", name, i)
                elif of != "text" and item not in v.sections.get(of, {}):
                    bad(errors.UNKNOWN_TERM, f"{item[:80]!r} is not a known term of {of}", "facts", name, i)
                else:
                    items.add(item)
            out[name] = frozenset(items)
        elif kind == "term":
            if not isinstance(value, str) or value not in v.sections.get(d["of"], {}):
                bad(errors.UNKNOWN_TERM, f"{str(value)[:80]!r} is not a known term of {d['of']}", "facts", name)
                continue
            out[name] = value
        else:
            parsed = _date(value, ("facts", name), bad)
            if parsed is not None:
                out[name] = parsed
    both = out.get("consents", frozenset()) & out.get("withdrawn_consents", frozenset())
    if both:
        bad(errors.CONTRADICTION, f"consent is both given and withdrawn for: {', '.join(sorted(both))}", "facts", "consents")
    return MappingProxyType(out)


def _date(value: Any, path: tuple[str | int, ...], bad: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        bad(errors.SCHEMA, "must be a date (YYYY-MM-DD), not a date and time", *path)
        return None
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    bad(errors.SCHEMA, f"must be a date written YYYY-MM-DD, not {str(value)[:40]!r}", *path)
    return None


def _recipients(policy: Policy, value: Any, bad: Any) -> tuple[Recipient, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        bad(errors.SCHEMA, "'recipients' must be a list", "recipients")
        return ()
    if len(value) > MAX_LIST:
        bad(errors.INPUT_TOO_LARGE, f"'recipients' has {len(value)} items; the limit is {MAX_LIST}", "recipients")
        return ()
    kinds = policy.vocabulary.sections["recipient_kinds"]
    out = []
    for i, r in enumerate(value):
        if not isinstance(r, Mapping):
            bad(errors.SCHEMA, "a recipient must be a mapping with kind, name and country", "recipients", i)
            continue
        ok = True
        for key in r:
            if key not in _RECIPIENT_FIELDS:
                bad(errors.SCHEMA, f"unknown field {str(key)[:40]!r}; allowed: {', '.join(sorted(_RECIPIENT_FIELDS))}", "recipients", i, str(key))
                ok = False
        kind, name, country, dpa = r.get("kind"), r.get("name"), r.get("country"), r.get("dpa")
        if not isinstance(kind, str) or kind not in kinds:
            bad(errors.UNKNOWN_TERM if kind is not None else errors.SCHEMA,
                f"{repr(kind)[:80]} is not a known recipient kind; expected one of: {', '.join(sorted(kinds))}" if kind is not None else "'kind' is required but missing",
                "recipients", i, "kind")
            ok = False
        if not isinstance(name, str) or not name or len(name) > MAX_TEXT:
            bad(errors.SCHEMA, "'name' is required: the recipient's name", "recipients", i, "name")
            ok = False
        if not (isinstance(country, str) and len(country) == 2 and country.isascii() and country.isupper()):
            bad(errors.SCHEMA, f"'country' must be an ISO 3166 alpha-2 code such as NO or SE, not {country!r}"[:120], "recipients", i, "country")
            ok = False
        if dpa is not None and not isinstance(dpa, bool):
            bad(errors.SCHEMA, "'dpa' must be true or false", "recipients", i, "dpa")
            ok = False
        if ok:
            out.append(Recipient(str(kind), str(name), str(country), dpa))
    return tuple(out)


# ---------------------------------------------------------------------------- the fast path
#
# The functions below accept only input that is plainly valid (exact built-in types, known
# terms) and answer None for anything else; the caller then runs the full parser above,
# which reports every problem with its JSON path. So they never change what is accepted,
# only how fast a valid operation gets through.

_BOOL, _SET, _TERM, _DATE = 0, 1, 2, 3
_SEQUENCES = (list, tuple, set, frozenset)


class _Lookup:
    """The vocabulary as frozensets, built once per policy."""

    __slots__ = ("purposes", "bases", "actions", "categories", "subjects", "kinds", "facts")

    def __init__(self, policy: Policy) -> None:
        s = policy.vocabulary.sections
        self.purposes = frozenset(s["purposes"])
        self.bases = frozenset(s["legal_bases"])
        self.actions = frozenset(s["actions"])
        self.categories = frozenset(s["data_categories"])
        self.subjects = frozenset(s["data_subjects"])
        self.kinds = frozenset(s["recipient_kinds"])
        facts: dict[str, tuple[int, frozenset[str] | None]] = {}
        for name, d in policy.vocabulary.facts.items():
            kind = d["type"]
            if kind == "boolean":
                facts[name] = (_BOOL, None)
            elif kind == "set":
                facts[name] = (_SET, None if d["of"] == "text" else frozenset(s.get(d["of"], {})))
            elif kind == "term":
                facts[name] = (_TERM, frozenset(s.get(d["of"], {})))
            else:
                facts[name] = (_DATE, None)
        self.facts = facts


def lookup(policy: Policy) -> _Lookup:
    found: _Lookup | None = policy.memo.get("lookup")
    if found is None:
        found = policy.memo["lookup"] = _Lookup(policy)
    return found


def fast_facts(policy: Policy, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Facts normalised exactly as :func:`parse_facts` would, or None (then use parse_facts)."""
    if not data:
        return {}
    lk: _Lookup | None = policy.memo.get("lookup")
    return normal_facts((lk if lk is not None else lookup(policy)).facts, data)


def normal_facts(known: Mapping[str, tuple[int, frozenset[str] | None]], data: Mapping[str, Any]) -> Mapping[str, Any] | None:
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
            given = data.get("consents")
            if given and not given.isdisjoint(data.get("withdrawn_consents", ())):
                return None
            return data
    return _normalise(known, data)


def _normalise(known: Mapping[str, tuple[int, frozenset[str] | None]], data: Mapping[str, Any]) -> dict[str, Any] | None:
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
    given = out.get("consents")
    if given and not given.isdisjoint(out.get("withdrawn_consents", ())):
        return None
    return out


def fast_static(policy: Policy, data: Any) -> tuple[Any, ...] | None:
    """The static part of a plainly valid operation dict as a hashable key, or None.

    The key is (purpose, legal_basis, categories, subjects, action, recipients, date), with
    recipients as (kind, name, country, dpa) tuples; the id and the facts are left out.
    """
    if type(data) is not dict or not data.keys() <= _FIELDS:
        return None
    lk: _Lookup | None = policy.memo.get("lookup")
    if lk is None:
        lk = lookup(policy)
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


def static_operation(key: tuple[Any, ...]) -> Operation:
    """The Operation (without facts or id) for a key from :func:`fast_static`."""
    purpose, basis, cats, subjects, action, rkey, date = key
    return Operation(purpose, basis, cats, subjects, action, tuple(Recipient(*r) for r in rkey), EMPTY_FACTS, date)


EMPTY_FACTS: Mapping[str, Any] = MappingProxyType({})
