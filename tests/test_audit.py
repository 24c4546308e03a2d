"""The decision log: what a line holds (never personal data), and that lines are never torn."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import personvern
from personvern.runtime.audit import DecisionLogWarning, read_log

PERSONAL = ["Ola Nordmann", "kunde-04058812345", "ola@example.no", "Nyhetsbrev til Ola", "Hansen Regnskap AS", "op-ola-1"]
OPERATION = {
    "id": "op-ola-1", "description": "Nyhetsbrev til Ola Nordmann, ola@example.no",
    "purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
    "data_subjects": ["customer"], "action": "contact",
    "recipients": [{"kind": "processor", "name": "Hansen Regnskap AS", "country": "NO", "dpa": True},
                   {"kind": "third_party", "name": "Ola Nordmann", "country": "SE"}],
}
FACTS = {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active",
         "consented_recipients": ["Ola Nordmann"]}


def test_no_personal_data_reaches_the_log(tmp_path: Path, policy: personvern.Policy) -> None:
    path = tmp_path / "decisions.jsonl"
    log = personvern.DecisionLog(path)
    store = personvern.PolicyStore(policy=policy, decision_log=log,
                                   fact_provider=lambda req: {**FACTS, "consented_recipients": [req.subject]})
    store.evaluate({**OPERATION, "facts": FACTS})
    store.evaluate(OPERATION)  # conditional: conditions name facts, never values

    @store.guard(**{k: v for k, v in OPERATION.items() if k not in ("id", "description")}, subject="who", name="nyhetsbrev")
    def send(who: str) -> None:
        pass

    send("Ola Nordmann")
    with pytest.raises(personvern.ProcessingDenied):
        send("kunde-04058812345")  # not a consented recipient
    store.batch(OPERATION, {"kunde-04058812345": {**FACTS, "direct_marketing_objection": True}, "ola@example.no": {}})
    log.close()
    text = path.read_text(encoding="utf-8")
    for value in PERSONAL:
        assert value not in text
    entries = list(read_log(path))
    assert len(entries) == 6 and log.written == 6
    first = entries[0]
    assert first["operation"] == {"purpose": "direct_marketing", "legal_basis": "legitimate_interests",
                                  "data_categories": ["email", "name"], "data_subjects": ["customer"], "action": "contact",
                                  "recipients": [{"kind": "processor", "country": "NO"}, {"kind": "third_party", "country": "SE"}]}
    assert first["outcome"] == "deny" and first["rules"] == ["overforinger.utenfor-eos"] or first["outcome"] == "permit"
    assert first["policy"] == {"id": policy.id, "version": policy.version, "hash": policy.content_hash}
    assert first["time"].endswith("Z") and len(first["time"]) == 27
    assert {e["outcome"] for e in entries} >= {"permit", "deny", "conditional"}
    conditional = next(e for e in entries if e["outcome"] == "conditional")
    assert all(set(c) == {"rules", "facts"} for c in conditional["conditions"])
    permit = next(e for e in entries if e["outcome"] == "permit")
    assert "include_opt_out_notice" in permit["obligations"]


def test_concurrent_writers_in_one_process_write_whole_lines(tmp_path: Path, policy: personvern.Policy) -> None:
    path = tmp_path / "decisions.jsonl"
    log = personvern.DecisionLog(path)
    ops = [policy.operation({**OPERATION, "facts": FACTS}), policy.operation({**OPERATION, "data_categories": ["health"]})]
    decisions = [policy.evaluate(op) for op in ops]

    def write(n: int) -> None:
        for i in range(500):
            log.record(decisions[(n + i) % 2], ops[(n + i) % 2])

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()
    entries = list(read_log(path))
    assert len(entries) == 4000 == log.written
    assert sum(e["outcome"] == "deny" for e in entries) == sum(d.outcome == "deny" for d in decisions) * 2000


WRITER = textwrap.dedent("""
    import sys, personvern
    policy = personvern.load_policy()
    log = personvern.DecisionLog(sys.argv[1])
    ops = [policy.operation({"purpose": p, "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
                             "data_subjects": ["customer"], "recipients": [{"kind": "processor", "name": "P" * 900, "country": "NO", "dpa": True}]})
           for p in ("direct_marketing", "market_research", "security", "service_improvement")]
    i = 0
    while True:
        op = ops[i % 4]
        log.record(policy.evaluate(op), op)
        i += 1
""")


def test_a_process_killed_mid_run_leaves_only_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    env = {**os.environ, "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], env=env)
        deadline = time.monotonic() + 60
        target = 2000 * (round_ + 1)
        while (not path.exists() or path.stat().st_size < target * 200) and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL  # killed while writing, not finished
    entries = list(read_log(path))  # raises on any torn line
    assert len(entries) > 1000
    assert path.read_bytes().endswith(b"\n")


def test_a_full_disk_still_returns_decisions_and_counts_the_failures(policy: personvern.Policy) -> None:
    failures: list[OSError] = []
    log = personvern.DecisionLog("/dev/full", on_error=failures.append)
    store = personvern.PolicyStore(policy=policy, decision_log=log)
    d = store.evaluate({**OPERATION, "recipients": [], "facts": FACTS})
    assert d.outcome == personvern.PERMIT
    assert store.evaluate({**OPERATION, "data_categories": ["health"]}).outcome == personvern.DENY
    assert log.failures == 2 and log.written == 0 and len(failures) == 2
    assert isinstance(log.last_error, OSError)


def test_an_unwritable_log_warns_once_and_keeps_deciding(tmp_path: Path, policy: personvern.Policy) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(DecisionLogWarning):
        log = personvern.DecisionLog(blocker / "decisions.jsonl")
    personvern.set_decision_log(log)
    try:
        with policy.processing(purpose="security", legal_basis="legal_obligation", data_categories=["ip_address"],
                               data_subjects=["website_visitor"]) as d:
            assert d.permitted
    finally:
        personvern.set_decision_log(None)
    assert log.failures == 2 and log.written == 0  # opening, then the decision


def test_a_line_cut_by_a_crash_does_not_swallow_the_next(tmp_path: Path, policy: personvern.Policy) -> None:
    path = tmp_path / "decisions.jsonl"
    path.write_bytes(b'{"time":"2026-11-25T00:00:00.000000Z","outcome":"permit"}\n{"time":"2026-11-25T00:0')
    op = policy.operation({**OPERATION, "data_categories": ["health"]})
    with personvern.DecisionLog(path) as log:
        log.record(policy.evaluate(op), op)
    lines = path.read_bytes().split(b"\n")
    assert lines[1] == b'{"time":"2026-11-25T00:0' and json.loads(lines[2])["outcome"] == "deny"
    with pytest.raises(ValueError, match=":2:"):
        list(read_log(path))


def test_the_log_is_off_by_default(policy: personvern.Policy, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    with policy.processing(purpose="security", legal_basis="legal_obligation", data_categories=["ip_address"],
                           data_subjects=["website_visitor"]):
        pass
    assert list(tmp_path.iterdir()) == []
