"""Reloading a changed rule set while threads decide: every decision comes from one complete policy."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

import pytest

import personvern

NEWSLETTER = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
              "data_subjects": ["customer"], "action": "contact",
              "facts": {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active"}}
# Version B allows marketing on consent only, so the newsletter on legitimate interests is refused.
ONLY_CONSENT = {"processing.yaml": [("    legal_bases: [legitimate_interests, consent]\n    data_categories: [name, email, phone, address]",
                                     "    legal_bases: [consent]\n    data_categories: [name, email, phone, address]")]}


@pytest.fixture
def two_versions(tmp_path: Path, rules_copy: Callable[..., Path]) -> tuple[Path, Path]:
    a = rules_copy().rename(tmp_path / "a")
    b = rules_copy(ONLY_CONSENT)
    return a, b


def test_threads_deciding_during_reloads_see_one_complete_version(two_versions: tuple[Path, Path]) -> None:
    a, b = two_versions
    store = personvern.PolicyStore(a, fact_provider=lambda request: NEWSLETTER["facts"])
    hash_a = store.policy.content_hash
    assert store.reload(b)
    hash_b = store.policy.content_hash
    assert hash_a != hash_b
    expected = {hash_a: (personvern.PERMIT, ("markedsforing.kontakt",)), hash_b: (personvern.DENY, ("standard-avslag",))}

    @store.guard(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["name", "email"],
                 data_subjects=["customer"], action="contact")
    def send() -> str:
        return store.policy.content_hash

    stop = threading.Event()
    seen: list[tuple[str, str, tuple[str, ...]]] = []
    bad: list[Any] = []

    def decide() -> None:
        local = []
        while not stop.is_set():
            d = store.evaluate(NEWSLETTER)
            local.append((d.policy_hash, d.outcome, d.rule_ids))
            try:
                send()
                local.append((hash_a, personvern.PERMIT, ("markedsforing.kontakt",)))  # permitted: only version A permits
            except personvern.ProcessingDenied as e:
                local.append((e.decision.policy_hash, e.decision.outcome, e.decision.rule_ids))
        seen.extend(local)

    threads = [threading.Thread(target=decide) for _ in range(6)]
    for t in threads:
        t.start()
    reloads = 0
    for i in range(40):
        assert store.reload(a if i % 2 == 0 else b)
        reloads += 1
    stop.set()
    for t in threads:
        t.join()
    for policy_hash, outcome, rules in seen:
        if expected.get(policy_hash) != (outcome, rules):
            bad.append((policy_hash, outcome, rules))
    assert not bad, bad[:5]
    assert {h for h, _, _ in seen} == {hash_a, hash_b}  # both versions were served
    assert store.reloads == reloads + 1


def test_a_failed_reload_keeps_the_old_policy_and_reports(two_versions: tuple[Path, Path]) -> None:
    a, _ = two_versions
    errors: list[Exception] = []
    store = personvern.PolicyStore(a, on_error=errors.append, use_cache=False)
    before = store.policy
    (a / "processing.yaml").write_text("level: processing\nrules: [ {id: x", encoding="utf-8")
    assert store.reload() is False
    assert store.policy is before
    assert isinstance(store.last_error, personvern.PolicyLoadError) and errors == [store.last_error]
    assert store.evaluate(NEWSLETTER).outcome == personvern.PERMIT
    assert store.reload(a.parent / "missing") is False
    assert store.policy is before


def test_a_guard_follows_the_store_after_a_reload(two_versions: tuple[Path, Path]) -> None:
    a, b = two_versions
    store = personvern.PolicyStore(a, fact_provider=lambda request: NEWSLETTER["facts"])

    @store.guard(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["name", "email"],
                 data_subjects=["customer"])
    def send() -> str:
        return "sent"

    assert send() == "sent"
    store.reload(b)
    with pytest.raises(personvern.ProcessingDenied):
        send()
