"""How the cost per decision grows with the policy: synthetic rule sets of 10, 100 and 1,000 rules.

Each synthetic set keeps the Flex statement, clauses and vocabulary, adds purposes
syn_0000, syn_0001, ..., and replaces the rules with: the two default rules, one global
forbid (special categories), a processor permit, and for each synthetic purpose a permit
(with a fact condition on every other one) and a forbid on a fact. Rules are indexed by
purpose and recipient kind, so a decision looks only at its purpose's rules and the global
ones: the time per decision should not grow with the number of rules. The requests use three
synthetic purposes (first, middle, last) at every size, so that the number of distinct
operations, and with it the memory the caches touch, is the same for each size.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import personvern
import yaml
from personvern.load import rules as api
from personvern.decide import evaluator

SIZES = (10, 100, 1000)


def _rule(lines: list[str], **fields: Any) -> None:
    lines.append(f"  - id: {fields['id']}")
    for key in ("effect", "default", "when"):
        if key in fields:
            value = fields[key]
            lines.append(f"    {key}: {value if not isinstance(value, bool) else str(value).lower()}")
    for key in ("purposes", "recipient_kinds", "legal_bases", "data_categories", "data_subjects"):
        if key in fields:
            lines.append(f"    {key}: [{', '.join(fields[key])}]")
    lines.append("    cites: [innledning.1]")
    lines.append(f"    title: {{nb: Syntetisk regel {fields['id']}, en: Synthetic rule {fields['id']}}}")
    lines.append("    explanation: {nb: En syntetisk regel for måling., en: A synthetic rule for measurement.}")


def make(root: Path, total: int) -> tuple[Path, int]:
    """A rules folder with ``total`` rules; returns it and the number of synthetic purposes."""
    target = root / f"synthetic-{total}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(api.default_rules_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    pairs = max(1, (total - 4) // 2)
    extra = total - 4 - 2 * pairs  # 0 or 1 rule left over
    vocab = (target / "vocabulary.yaml").read_text(encoding="utf-8")
    new_purposes = "".join(f"  syn_{i:04d}: {{nb: syntetisk formål {i}, en: synthetic purpose {i}}}\n" for i in range(pairs))
    vocab = vocab.replace("\npurposes:\n", "\npurposes:\n" + new_purposes, 1)
    (target / "vocabulary.yaml").write_text(vocab, encoding="utf-8")
    proc = ["level: processing", "rules:"]
    _rule(proc, id="standard-avslag", effect="forbid", default=True)
    _rule(proc, id="forbud.saerlige-kategorier", effect="forbid", when="categories intersects sets.special_categories")
    for i in range(pairs):
        permit: dict[str, Any] = dict(id=f"syn.{i:04d}.tillat", effect="permit", purposes=[f"syn_{i:04d}"], legal_bases=["contract", "consent"],
                                      data_categories=["name", "email", "phone"], data_subjects=["customer"])
        if i % 2:
            permit["when"] = "facts.legal_duty"
        _rule(proc, **permit)
        _rule(proc, id=f"syn.{i:04d}.forby", effect="forbid", purposes=[f"syn_{i:04d}"], when="facts.direct_marketing_objection")
    if extra:
        _rule(proc, id="syn.ekstra", effect="forbid", purposes=["syn_0000"], when="facts.browser_blocks_cookies")
    (target / "processing.yaml").write_text("\n".join(proc) + "\n", encoding="utf-8")
    rcpt = ["level: recipient", "rules:"]
    _rule(rcpt, id="overforinger.standard-avslag", effect="forbid", default=True)
    _rule(rcpt, id="overforinger.tjenesteleverandorer", effect="permit", recipient_kinds=["processor"])
    (target / "transfers.yaml").write_text("\n".join(rcpt) + "\n", encoding="utf-8")
    policy_file = yaml.safe_load((target / "policy.yaml").read_text(encoding="utf-8"))
    policy_file["files"]["rules"] = ["processing.yaml", "transfers.yaml"]  # the other rule files are not synthetic
    (target / "policy.yaml").write_text(yaml.safe_dump(policy_file, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ids = {f"syn.{i:04d}.{e}" for i in range(pairs) for e in ("tillat", "forby")} | {"standard-avslag", "forbud.saerlige-kategorier",
                                                                                  "syn.ekstra", "overforinger.standard-avslag",
                                                                                  "overforinger.tjenesteleverandorer"}
    rights = yaml.safe_load((target / "rights.yaml").read_text(encoding="utf-8"))
    for right in rights["rights"].values():  # record rules that name a rule the synthetic set does not have
        if isinstance(right, dict) and "records" in right:
            right["records"] = [r for r in right["records"] if "rule" not in r or r["rule"] in ids]
    (target / "rights.yaml").write_text(yaml.safe_dump(rights, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target, pairs


def _median_us(fn: Any, items: list[Any]) -> float:
    xs = []
    for x in items:
        t = time.perf_counter_ns()
        fn(x)
        xs.append(time.perf_counter_ns() - t)
    return statistics.median(xs) / 1000.0


def run(root: Path, n: int, rounds: int = 3) -> list[dict[str, Any]]:
    """Median µs per decision per size; the sizes take turns, round after round, to spread noise."""
    cases = [_case(root, total, n) for total in SIZES]
    times: list[dict[str, list[float]]] = [{"dict_us": [], "prepared_us": [], "plain_us": []} for _ in cases]
    for _ in range(rounds):
        for case, t in zip(cases, times):
            policy, ops, typed, prepared = case["policy"], case["ops"], case["typed"], case["prepared"]
            t["dict_us"].append(_median_us(policy.evaluate, ops))
            t["prepared_us"].append(_median_us(lambda pf: pf[0].evaluate(pf[1]), prepared))
            t["plain_us"].append(_median_us(lambda op: evaluator.evaluate(policy, op), typed))
    return [{"rules": c["rules"], "rules_in_plan": c["rules_in_plan"], **{k: statistics.median(v) for k, v in t.items()}}
            for c, t in zip(cases, times)]


def _case(root: Path, total: int, n: int) -> dict[str, Any]:
    folder, pairs = make(root, total)
    policy = personvern.load_policy(folder)
    assert len(policy.rules) == total, (len(policy.rules), total)
    rng = random.Random(total)
    spread = (0, pairs // 2, pairs - 1)  # the same number of distinct operations at every size
    ops = []
    for _ in range(n):
        op: dict[str, Any] = {"purpose": f"syn_{rng.choice(spread):04d}", "legal_basis": rng.choice(["contract", "consent", "legitimate_interests"]),
                              "data_categories": rng.sample(["name", "email", "phone", "address"], rng.randint(1, 3)),
                              "data_subjects": ["customer"],
                              "facts": {"legal_duty": rng.random() < 0.7, "direct_marketing_objection": rng.random() < 0.2,
                                        "browser_blocks_cookies": False}}
        if rng.random() < 0.3:
            op["recipients"] = [{"kind": "processor", "name": "P", "country": "NO", "dpa": True}]
        ops.append(op)
    typed = [policy.operation(op) for op in ops]
    prepared = [(policy.prepare({k: v for k, v in op.items() if k != "facts"}), op["facts"]) for op in ops]
    for op, (pr, facts) in zip(ops, prepared):  # warm-up
        policy.evaluate(op)
        pr.evaluate(facts)
    plan = policy.by_purpose["syn_0000"]
    return {"rules": total, "policy": policy, "ops": ops, "typed": typed, "prepared": prepared,
            "rules_in_plan": len(plan.forbids) + len(plan.permits) + 1}
