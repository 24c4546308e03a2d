"""The diff decides each group of classes once: groups must hold only classes every rule decides alike.

Independent of the diff: members of a group are decided by the engine with random facts and must
get the representative's outcome and obligations; and the groups cut the combinations exactly.
"""

from __future__ import annotations

import random
from typing import Any

import personvern
from personvern.versions.compare import operation
from personvern.versions.space import Space, _fields_against_facts, nonempty_subsets


def test_the_groups_cut_every_combination_exactly_once(policy: personvern.Policy) -> None:
    space = Space(policy, policy)
    for purpose in space.purposes():
        for section in ("data_categories", "data_subjects"):
            groups = space.combination_groups(purpose, section)
            members = [c for g in groups for c in g]
            assert len(members) == len(set(members)) == len(list(nonempty_subsets(space.atoms(purpose, section))))


def _facts(rng: random.Random, policy: personvern.Policy, purpose: str) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name, d in sorted(policy.vocabulary.facts.items()):
        if rng.random() < 0.3:
            continue
        if d["type"] == "boolean":
            facts[name] = rng.random() < 0.5
        elif d["type"] == "term":
            facts[name] = rng.choice(sorted(policy.vocabulary.terms(d["of"])))
        elif d["type"] == "set":
            pool = sorted(policy.vocabulary.terms(d["of"])) if d["of"] != "text" else ["Mottaker AS"]
            facts[name] = sorted(set(rng.sample(pool, min(len(pool), 2))) | ({purpose} if d["of"] == "purposes" else set()))
    return facts


def test_every_class_of_a_group_is_decided_like_its_representative(policy: personvern.Policy) -> None:
    rng = random.Random(14)
    space = Space(policy, policy)
    compared = 0
    for purpose in space.purposes():
        groups = [g for g in space.processing_groups(purpose) if len(g[1]) * len(g[2]) > 1]
        for rep, cats, subjects in rng.sample(groups, min(len(groups), 15)):
            for _ in range(4):
                facts = _facts(rng, policy, purpose)
                want = policy.evaluate(operation(rep, facts))
                member = type(rep)(purpose, rep.basis, rng.choice(cats), rng.choice(subjects), rep.action)
                got = policy.evaluate(operation(member, facts))
                assert (got.outcome, {o.id for o in got.obligations}) == (want.outcome, {o.id for o in want.obligations}), (rep, member, facts)
                compared += 1
    assert compared > 200


def test_a_field_compared_with_a_fact_is_not_grouped() -> None:
    out: set[str] = set()
    _fields_against_facts(("and", ("in", ("path", "facts", "x"), ("path", "categories")),
                           ("eq", ("path", "legal_basis"), ("str", "consent"))), out)
    assert out == {"categories"}
    _fields_against_facts(("intersects", ("path", "subjects"), ("path", "sets", "relationship_subjects")), out)
    assert out == {"categories"}, "a comparison with a named set keeps the field grouped"
