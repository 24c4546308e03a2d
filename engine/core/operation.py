"""Turn a proposed operation given as data (a dict from YAML/JSON) into a typed Operation.

Checks every field against the policy's vocabulary and reports every problem at once,
each with its JSON path (the loader adds file, line and column for files). Fast enough
for the hot path: plain Python, no jsonschema. Facts that are absent or null are unknown.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from .. import errors
from ..errors import Problem, json_path
from .factkinds import MAX_LIST as MAX_LIST, MAX_TEXT as MAX_TEXT, kind_of, parse_date  # the limits, as before
from .model import CompiledPolicy, FactCheck, Operation, Recipient


_FIELDS = frozenset({"id", "description", "purpose", "legal_basis", "data_categories", "data_subjects", "action",
           "recipients", "date", "facts", "$schema"})
_RECIPIENT_FIELDS = frozenset({"kind", "name", "country", "dpa"})


def parse_operation(policy: CompiledPolicy, data: Any, facts: Mapping[str, Any] | None = None) -> Operation:
    """Validate ``data`` and build an Operation; raise OperationError with every problem."""
    problems: list[Problem] = []
    op = _parse(policy, data, facts, problems)
    if problems or op is None:
        raise errors.OperationError(problems, "the operation")
    return op


def _parse(policy: CompiledPolicy, data: Any, extra_facts: Mapping[str, Any] | None, problems: list[Problem]) -> Operation | None:
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
            bad(errors.UNKNOWN_TERM, errors.unknown_term(value, section, v.sections[section], listed=True), key)
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
                bad(errors.UNKNOWN_TERM, errors.unknown_term(t, section, v.sections[section]), key, i)
            else:
                out.add(t)
        return frozenset(out)

    purpose = term("purpose", "purposes")
    basis = term("legal_basis", "legal_bases")
    # no action named: the vocabulary's default action (an action marked default), or an input error when it has none
    action = term("action", "actions", required=v.index.default_action is None, default=v.index.default_action)
    categories = terms("data_categories", "data_categories")
    subjects = terms("data_subjects", "data_subjects")
    op_id = data.get("id")
    if op_id is not None and (not isinstance(op_id, (str, int)) or len(str(op_id)) > MAX_TEXT):
        bad(errors.SCHEMA, "'id' must be a short string", "id")
        op_id = None
    desc = data.get("description")
    if desc is not None and (not isinstance(desc, str) or len(desc) > 10 * MAX_TEXT):
        bad(errors.SCHEMA, "'description' must be a string of at most 10240 characters", "description")
    date = parse_date(data.get("date"), ("date",), bad) if data.get("date") is not None else None
    recipients = _recipients(policy, data.get("recipients"), bad)
    fact_data = data.get("facts")
    if fact_data is not None and not isinstance(fact_data, Mapping):
        bad(errors.SCHEMA, "'facts' must be a mapping", "facts")
        fact_data = None
    merged = dict(fact_data or {})
    if extra_facts:
        merged.update(extra_facts)
    facts = parse_facts(policy, merged, bad)
    # an action the vocabulary marks needs_recipient (a disclosure) only exists with a recipient; the policy diff
    # leaves such operations out of its space for the same reason
    if action in v.index.recipient_actions and data.get("recipients") in (None, []):
        bad(errors.SCHEMA, f"a {action!r} operation must name at least one recipient", "recipients")
    if problems or purpose is None or basis is None or action is None:
        return None
    return Operation(purpose, basis, categories, subjects, action, recipients, facts, date,
                     None if op_id is None else str(op_id))


def typed_problem(policy: CompiledPolicy, op: Operation) -> Problem | None:
    """What the parser refuses in an operation's action, for a typed Operation (built in code, never parsed): an
    action the vocabulary does not know (a permit rule that covers every action of its purpose would permit it,
    where a forbid rule names the action rightly spelled), or one that needs a recipient without one."""
    index = policy.vocabulary.index
    if op.action in index.plain_actions:  # most operations: one test
        return None
    if op.action not in index.actions:
        return Problem(errors.UNKNOWN_TERM, f"unknown action {str(op.action)[:40]!r}", path="$.action")
    if op.action in index.recipient_actions and not op.recipients:
        return Problem(errors.SCHEMA, f"a {op.action!r} operation must name at least one recipient", path="$.recipients")
    return None


def parse_facts(policy: CompiledPolicy, data: Mapping[str, Any], bad: Any) -> Mapping[str, Any]:
    """Normalise fact values by their declared types; null means unknown (left out)."""
    v = policy.vocabulary
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in v.facts:
            bad(errors.UNKNOWN_TERM, f"{str(name)[:80]!r} is not a known fact; known facts: {', '.join(sorted(v.facts))}{errors.suggest(name, v.facts, listed=False)}", "facts", str(name))
            continue
        if value is None:
            continue
        d = v.facts[name]
        parsed = kind_of(d).read(value, d.get("of"), v.sections, bad, ("facts", name))
        if parsed is not None:
            out[name] = parsed
    conflicts, implied = fact_conflicts(v.fact_checks, out)
    for fact, message in conflicts:
        bad(errors.CONTRADICTION, message, "facts", fact)
    out.update(implied)
    return MappingProxyType(out)


def fact_conflicts(checks: tuple[FactCheck, ...], facts: Mapping[str, Any]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The vocabulary's cross-fact rules applied to normalised facts.

    Returns (conflicts as (fact, message), facts implied by others that were unknown). The
    full parser reports the conflicts and adds the implied facts; the fast path hands any
    facts with either to the full parser, so both paths accept and decide the same.
    """
    conflicts: list[tuple[str, str]] = []
    implied: dict[str, Any] = {}
    for check in checks:
        first = facts.get(check.first)
        if not first:
            continue
        if check.kind == "disjoint":
            both = first & facts.get(check.second, frozenset())
            if both:
                conflicts.append((check.first, f"{check.en}: {', '.join(sorted(both))}"))
        elif check.term is None or check.term in first:  # no term: the boolean fact first is true
            said = facts.get(check.second)
            if said is False:
                why = f"{check.first} is true" if check.term is None else f"{check.first} contains {check.term!r}"
                conflicts.append((check.second, f"{check.en}: {why} but {check.second} is false"))
            elif said is None:
                implied[check.second] = True
    return conflicts, implied


def _recipients(policy: CompiledPolicy, value: Any, bad: Any) -> tuple[Recipient, ...]:
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
                f"{repr(kind)[:80]} is not a known recipient kind; expected one of: {', '.join(sorted(kinds))}{errors.suggest(kind, kinds, listed=False)}" if kind is not None else "'kind' is required but missing",
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
