"""Rules fully shadowed by others, found exactly with the diff.

* A permit is shadowed when the policy without it decides every operation, for every fact
  assignment, exactly as the policy with it (outcome, conditions, obligations): other rules
  already decide everything it would.
* A forbid is shadowed when other forbids refuse wherever it refuses. Measured on the policy's
  forbids alone, with every permit replaced by one that permits everything: otherwise a forbid
  that restates the default refusal (a purpose no permit allows) would count as shadowed, though
  it is what makes the refusal cite the statement.

Both questions are a diff between two policies that differ in one rule, so they are exact over
the same classes of operations and fact assignments as ``personvern diff``.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Callable, Mapping

from ..load.compiler import reason_for
from ..core.model import Plan, CompiledPolicy, Rule
from .diff import diff_policies

PERMIT_ALL = "\u2400tillat-alt"  # a rule id no rules file can use


def rebuild(policy: CompiledPolicy, keep: Callable[[Rule], bool], extra: tuple[Rule, ...] = (), replace_permits: bool = False) -> CompiledPolicy:
    """The policy with only the rules ``keep`` accepts, plus ``extra`` permits in every plan of their level."""
    def plans(m: Mapping[str, Plan]) -> Mapping[str, Plan]:
        out = {}
        for key, p in m.items():
            more = tuple(e for e in extra if e.level == p.default.level)
            permits = () if replace_permits else tuple(r for r in p.permits if keep(r))
            out[key] = Plan(tuple(r for r in p.forbids if keep(r)), permits + more, p.default)
        return MappingProxyType(out)

    rules = {k: r for k, r in policy.rules.items() if keep(r) and not (replace_permits and r.effect == "permit" and not r.default)}
    reasons = dict(policy.reasons)
    for e in extra:
        rules[e.id] = e
        reasons[e.id] = reason_for(e, policy.clauses)
    return dataclasses.replace(policy, rules=MappingProxyType(rules), by_purpose=plans(policy.by_purpose),
                               by_recipient_kind=plans(policy.by_recipient_kind), reasons=MappingProxyType(reasons),
                               content_hash=f"{policy.content_hash}:{len(rules)}")


def forbids_only(policy: CompiledPolicy) -> CompiledPolicy:
    """The policy's forbids, with one permit per level that permits everything in place of its permits."""
    extra = tuple(Rule(PERMIT_ALL + level, "permit", level, (), "alt er tillatt", "everything is permitted", "", "")
                  for level in ("processing", "recipient"))
    return rebuild(policy, lambda r: True, extra, replace_permits=True)


def is_shadowed(policy: CompiledPolicy, rule: Rule, forbid_base: CompiledPolicy | None = None) -> bool:
    """Does removing ``rule`` change nothing (permit), or nothing among the forbids (forbid)?"""
    base = policy if rule.effect == "permit" else (forbid_base or forbids_only(policy))
    return not diff_policies(base, rebuild(base, lambda r: r.id != rule.id), first=True).changed


def shadowed_rules(policy: CompiledPolicy) -> list[Rule]:
    forbid_base = forbids_only(policy)
    return [r for r in sorted(policy.rules.values(), key=lambda r: r.id)
            if not r.default and is_shadowed(policy, r, forbid_base)]


def shadowing(policy: CompiledPolicy, rule: Rule, always: set[str], ever: set[str]) -> tuple[str, ...]:
    """A smallest set (none can be left out) of rules that shadows the shadowed ``rule``: among
    ``always`` (the rules live wherever it is) when they suffice, else among ``ever``."""
    base = policy if rule.effect == "permit" else forbids_only(policy)
    peers = {r.id for r in base.rules.values() if (r.effect, r.level) == (rule.effect, rule.level) and not r.default}
    narrowed = rebuild(base, lambda r: r.id not in peers - always - {rule.id})
    if always and is_shadowed(narrowed, rule, narrowed):
        base, candidates = narrowed, always
    else:
        candidates = ever
    needed: list[str] = []
    for c in sorted(candidates - {rule.id}):
        without = rebuild(base, lambda r, c=c: r.id != c)  # type: ignore[misc]
        if is_shadowed(without, rule, without):
            base = without  # still shadowed without c: c is not needed
        else:
            needed.append(c)
    return tuple(needed)
