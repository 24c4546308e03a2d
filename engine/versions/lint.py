"""Static checks of one rule set, exact over the classes of operations (facts unknown).

* dead: a rule that applies to no class of operations, whatever the facts;
* never lifted: a permit that, wherever it could apply, is overridden by a forbid that
  applies whatever the facts (the refusal can never be lifted, so the permit does nothing);
* shadowed: a permit without which every operation is decided the same, or a forbid whose
  refusals other forbids already make (see :mod:`shadow`). Named with the rules of the same
  effect that are live where it is. A rule whose ``refines`` names the one rule that shadows
  it is a special case on purpose (the file says why) and is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.decision import DENY
from ..decide.evaluator import evaluate
from ..core.model import CompiledPolicy
from .compare import operation, unknown_terms
from .shadow import shadowed_rules, shadowing
from .space import Cell, Space

LIVE = ("applies", "unknown")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # "dead_rule" | "permit_never_lifts_refusal" | "shadowed_rule"
    rule_id: str
    source: str
    nb: str
    en: str


def lint_policy(policy: CompiledPolicy) -> list[Finding]:
    space = Space(policy, policy)
    live: set[str] = set()
    lifted: set[str] = set()  # permits that are live in a class not refused outright
    beside: dict[str, set[str]] = {}  # rule -> the rules of the same effect and level live in some class with it
    always: dict[str, set[str]] = {}  # rule -> those live in every class with it

    def check(cell: Cell) -> str:
        d = evaluate(policy, operation(cell, {}), True, as_class=True)  # a disclosure class without a recipient: its processing
        steps = [st for st in d.trace or () if st.result in LIVE]
        live.update(st.rule_id for st in steps)
        for st in steps:
            peers = {o.rule_id for o in steps if (o.effect, o.level) == (st.effect, st.level) and not policy.rules[o.rule_id].default}
            beside.setdefault(st.rule_id, set()).update(peers)
            always[st.rule_id] = always[st.rule_id] & peers if st.rule_id in always else peers
        if d.outcome != DENY:
            lifted.update(st.rule_id for st in steps)
        return d.outcome

    seen: set[Any] = set()
    for purpose in space.purposes():
        # One class per group that no rule can tell apart; a recipient's level once per projection
        # (the processing's own steps are those of the class without it, already counted).
        for cell, _, _ in space.processing_groups(purpose):
            if unknown_terms(policy, cell) or check(cell) == DENY:
                continue  # refused outright: no recipient can be permitted with it
            key = space.projection(cell)
            for rc in space.recipient_classes():
                if (key, rc) not in seen:
                    seen.add((key, rc))
                    check(cell.with_recipient(rc))
    shadowed = {r.id for r in shadowed_rules(policy)}
    out = []
    for rule in sorted(policy.rules.values(), key=lambda r: r.id):
        src = str(rule.source) if rule.source else ""
        if rule.default:
            continue
        if rule.id not in live:
            out.append(Finding("dead_rule", rule.id, src, f"Regel {rule.id} kan aldri gjelde: ingen behandling faller inn under den.",
                               f"Rule {rule.id} can never apply: no processing falls within it."))
        elif rule.effect == "permit" and rule.id not in lifted:
            out.append(Finding("permit_never_lifts_refusal", rule.id, src,
                               f"Regel {rule.id} tillater aldri noe: der den gjelder, avviser en forbudsregel uansett fakta.",
                               f"Rule {rule.id} never permits anything: wherever it applies, a forbid rule refuses whatever the facts."))
        elif rule.id in shadowed:
            by = shadowing(policy, rule, always.get(rule.id, set()), beside.get(rule.id, set()))
            if rule.refines is not None and set(by) == {rule.refines}:
                continue  # a special case of that rule on purpose (`refines` in the rule file says why)
            others = ", ".join(by)
            if rule.effect == "permit":
                nb, en = "uten den avgjøres hver behandling likt, uansett fakta", "without it every processing is decided the same, whatever the facts"
            else:
                nb, en = "andre forbudsregler avviser alt den avviser, uansett fakta", "other forbid rules refuse all it refuses, whatever the facts"
            out.append(Finding("shadowed_rule", rule.id, src, f"Regel {rule.id} er helt skygget av andre regler ({others}): {nb}.",
                               f"Rule {rule.id} is fully shadowed by other rules ({others}): {en}."))
    return out
